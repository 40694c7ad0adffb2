/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash safety of the journal: a writer process is killed with SIGKILL at
 * random moments, many times over the same file, and after every kill the
 * file must open, pass PRAGMA integrity_check, and hold every call the
 * writer reported committed, in this round and all earlier ones. */
#include "config.h"

#include "fd-journal.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#ifndef JOURNAL_WRITER
#error "JOURNAL_WRITER must be the path of the journal-writer program"
#endif

#define N_ROUNDS 60
/* The kill comes up to this long after the writer started (or after its
 * first commit): long enough for tens of commits, short enough to catch
 * the start-up and the migration of the empty file now and then. */
#define MAX_DELAY_US 25000

typedef struct {
  char   *path;
  GArray *committed;   /* gint64 ids printed by the writers, all rounds */
  gint64  rows;        /* rows in the file after the last round */
} Crash;

static gboolean
read_id (GDataInputStream *in,
         Crash            *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  gint64 id = 0;

  g_assert_no_error (error);
  if (line == NULL)
    return FALSE;
  g_ascii_string_to_signed (line, 10, 1, G_MAXINT64, &id, &error);
  g_assert_no_error (error);
  g_array_append_val (c->committed, id);
  return TRUE;
}

static void
run_and_kill (Crash   *c,
              gboolean wait_for_first_commit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) in = NULL;

  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             JOURNAL_WRITER, c->path, NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));

  /* A blocking read: the line comes, or end of file if the writer failed
   * (then the wait below says how). */
  if (wait_for_first_commit)
    read_id (in, c);
  g_usleep (g_test_rand_int_range (0, MAX_DELAY_US));
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

  /* Everything printed before the kill is still in the pipe. */
  while (read_id (in, c))
    ;
}

static char *
integrity_check (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static gboolean
has_row (sqlite3_stmt *lookup,
         gint64        id)
{
  gboolean found;

  sqlite3_bind_int64 (lookup, 1, id);
  found = sqlite3_step (lookup) == SQLITE_ROW;
  sqlite3_reset (lookup);
  return found;
}

/* With SQLite alone first, as the next start of the app would find it:
 * this connection is the one that recovers the killed writer's WAL. */
static void
check_file_raw (Crash *c)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *lookup = NULL;
  g_autofree char *integrity = NULL;

  g_assert_cmpint (sqlite3_open_v2 (c->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  integrity = integrity_check (db);
  g_assert_cmpstr (integrity, ==, "ok");
  if (c->committed->len > 0)
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM calls WHERE id = ?", -1, &lookup, NULL),
                     ==, SQLITE_OK);
  for (guint i = 0; i < c->committed->len; i++)
    {
      gint64 id = g_array_index (c->committed, gint64, i);

      if (!has_row (lookup, id))
        g_test_fail_printf ("call %" G_GINT64_FORMAT " was reported committed but is gone", id);
    }
  sqlite3_finalize (lookup);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Then through the journal: it opens, and at most one call (the one being
 * added when the kill came) is there without having been reported. */
static void
check_file_journal (Crash *c,
                    guint  reported_this_round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournal) journal = fd_journal_open (c->path, &error);
  g_autoptr(GPtrArray) entries = NULL;
  gint64 added;

  g_assert_no_error (error);
  entries = fd_journal_list (journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  g_assert_no_error (error);
  added = (gint64) entries->len - c->rows;
  g_assert_cmpint (added, >=, reported_this_round);
  g_assert_cmpint (added, <=, reported_this_round + 1);
  c->rows = entries->len;
}

static void
test_sigkill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("frontdesk-crash-XXXXXX", &error);
  Crash c = { NULL, g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_assert_no_error (error);
  c.path = g_build_filename (dir, "journal.db", NULL);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint before = c.committed->len;

      /* Every third round is killed without waiting for a commit, the first
       * one on a file that does not exist yet. */
      run_and_kill (&c, round % 3 != 0);
      g_test_message ("round %u: %u calls committed", round, c.committed->len - before);
      if (!g_file_test (c.path, G_FILE_TEST_EXISTS))
        {
          g_assert_cmpuint (c.committed->len, ==, 0);
          continue;
        }
      check_file_raw (&c);
      check_file_journal (&c, c.committed->len - before);
    }

  /* Rounds that waited for a commit did commit: the test did test. */
  g_assert_cmpuint (c.committed->len, >=, N_ROUNDS * 2 / 3);
  g_test_message ("%u calls committed and found in %u rounds", c.committed->len, N_ROUNDS);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (c.path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
  g_array_unref (c.committed);
  g_free (c.path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontdesk/journal-crash/sigkill", test_sigkill);

  return g_test_run ();
}
