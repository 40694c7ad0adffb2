/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the journal's test programs share: a journal in a temporary
 * folder, raw SQLite to look behind its back, and calls to write. */
#include "config.h"

#include "journal-test-util.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

static void
on_changed (FdJournal *journal,
            gint64     id,
            Fixture   *f)
{
  g_array_append_val (f->changes, id);
}

void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("frontdesk-journal-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "journal.db", NULL);
  f->changes = g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
open_journal (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->journal);
  f->journal = fd_journal_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_JOURNAL (f->journal));
  g_signal_connect (f->journal, "changed", G_CALLBACK (on_changed), f);
}

void
setup_open (Fixture       *f,
            gconstpointer  data)
{
  setup (f, data);
  open_journal (f);
}

void
teardown (Fixture       *f,
          gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  if (f->journal != NULL)
    g_assert_finalize_object (f->journal);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);

      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_array_unref (f->changes);
  g_free (f->path);
  g_free (f->dir);
}

/* Raw SQLite, to look at the file behind the journal's back. */
gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

FdCall *
make_call (const char *id,
           const char *state,
           const char *caller_id,
           const char *source,
           const char *destination,
           double      ring,
           double      talk)
{
  FdCall *call = fd_call_new (id);

  fd_call_set_state (call, state);
  fd_call_set_caller_id (call, caller_id);
  fd_call_set_source (call, source);
  fd_call_set_destination (call, destination);
  fd_call_set_ring_seconds (call, ring);
  fd_call_set_talk_seconds (call, talk);
  return call;
}

/* 2024-01-31 08:00 UTC plus @minutes. */
GDateTime *
time_at (int minutes)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 1, 31, 8, 0, 0);

  return g_date_time_add_minutes (base, minutes);
}

gint64
add_call (Fixture       *f,
          FdCall        *call,
          FdCallOutcome  outcome,
          GDateTime     *ended)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fd_journal_add (f->journal, call, outcome, ended, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
add_simple (Fixture       *f,
            const char    *call_id,
            const char    *caller_id,
            const char    *source,
            FdCallOutcome  outcome,
            int            minutes)
{
  g_autoptr(FdCall) call = make_call (call_id, outcome == FD_CALL_OUTCOME_MISSED ? "Ringing" : "InCall",
                                      caller_id, source, "1001", 3, outcome == FD_CALL_OUTCOME_MISSED ? 0 : 60);
  g_autoptr(GDateTime) ended = time_at (minutes);

  return add_call (f, call, outcome, ended);
}

GPtrArray *
list (Fixture         *f,
      FdJournalFilter  filter,
      const char      *search,
      guint            limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = fd_journal_list (f->journal, filter, search, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* The CallIds of a listing, "a b c", to compare a whole order at once. */
char *
ids_of (GPtrArray *entries)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, fd_call_get_id (fd_journal_entry_get_call (entry)));
    }
  return g_string_free (out, FALSE);
}

void
assert_listing (Fixture         *f,
                FdJournalFilter  filter,
                const char      *search,
                guint            limit,
                const char      *expected)
{
  g_autoptr(GPtrArray) entries = list (f, filter, search, limit);
  g_autofree char *ids = ids_of (entries);

  g_assert_cmpstr (ids, ==, expected);
}

guint
count_unhandled (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = fd_journal_count_unhandled_missed (f->journal, &error);

  g_assert_no_error (error);
  return n;
}

