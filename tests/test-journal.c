/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-cli-history-print.h"
#include "fd-journal.h"
#include "journal-test-util.h"
#include "fd-journal-csv.h"
#include "fd-json.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

static void
test_migrate_empty_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 0);

  open_journal (f);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, FD_JOURNAL_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                     "AND name = 'calls'"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                     "AND name IN ('calls_end_time', 'calls_outcome_handled')"),
                   ==, 2);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM calls"), ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"),
                   ==, 1);

  /* A second open finds the current version and changes nothing. */
  add_simple (f, "a", "Ann", "1000", FD_CALL_OUTCOME_MISSED, 0);
  open_journal (f);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, FD_JOURNAL_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM calls"), ==, 1);
}

/* No file at all: the journal creates it, and the default folder is
 * private (G_TEST_OPTION_ISOLATE_DIRS points XDG_DATA_HOME to a temporary
 * folder). */
static void
test_default_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournal) journal = fd_journal_open (NULL, &error);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "frontdesk",
                                                "journal.db", NULL);
  g_autofree char *dir = g_path_get_dirname (expected);
  g_autofree char *default_path = fd_journal_dup_default_path ();
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpstr (fd_journal_get_path (journal), ==, expected);
  g_assert_cmpstr (default_path, ==, expected);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

static void
assert_refused (Fixture    *f,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_file (f->path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(FdJournal) journal = fd_journal_open (f->path, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_null (journal);
  g_assert_error (error, FD_JOURNAL_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, words));
  g_assert_true (g_str_has_suffix (error->message, "."));

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_newer_version_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *newer = g_strdup_printf ("PRAGMA user_version = %d",
                                            FD_JOURNAL_SCHEMA_VERSION + 1);

  open_journal (f);
  add_simple (f, "a", "Ann", "1000", FD_CALL_OUTCOME_MISSED, 0);
  g_clear_object (&f->journal);

  raw_exec (f->path, newer);

  assert_refused (f, FD_JOURNAL_ERROR_TOO_NEW, "newer version of Frontdesk");
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, FD_JOURNAL_SCHEMA_VERSION + 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM calls"), ==, 1);
}

static void
test_garbage_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GString *garbage = g_string_new ("My shopping list: milk, bread\n");

  for (guint i = 0; i < 3000; i++)
    g_string_append_c (garbage, (char) ((i * 7919) & 0xff));
  g_file_set_contents (f->path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);
  g_string_free (garbage, TRUE);
  assert_refused (f, FD_JOURNAL_ERROR_NOT_A_JOURNAL, "not an SQLite database");

  /* Shorter than an SQLite header. */
  g_file_set_contents (f->path, "hello", -1, &error);
  g_assert_no_error (error);
  assert_refused (f, FD_JOURNAL_ERROR_NOT_A_JOURNAL, "not an SQLite database");
}

static void
test_foreign_database_refused (Fixture       *f,
                               gconstpointer  data)
{
  raw_exec (f->path, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
  assert_refused (f, FD_JOURNAL_ERROR_NOT_A_JOURNAL, "another program");
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'calls'"),
                   ==, 0);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 0);
}

static void
test_add_and_read_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FdCall) call = make_call ("uteom", "InCall", "John Smith", "+3612345678", "1001",
                                      2.5, FD_CALL_NO_DURATION);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2013-07-01T10:49:07.9558+02:00", NULL);
  g_autoptr(GDateTime) ended = time_at (0);
  g_autoptr(GPtrArray) entries = NULL;
  FdJournalEntry *entry;
  FdCall *got;
  gint64 id;

  fd_call_set_start_time (call, "2013-07-01T10:49:07.9558+02:00", start);
  fd_call_set_caller_dialed (call, "06 1 234 5678");
  fd_call_set_callee_dialed (call, "1001");
  id = add_call (f, call, FD_CALL_OUTCOME_ANSWERED, ended);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpint (g_array_index (f->changes, gint64, 0), ==, id);

  entries = list (f, FD_JOURNAL_FILTER_ALL, NULL, 0);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  got = fd_journal_entry_get_call (entry);
  g_assert_cmpint (fd_journal_entry_get_id (entry), ==, id);
  g_assert_cmpint (fd_journal_entry_get_outcome (entry), ==, FD_CALL_OUTCOME_ANSWERED);
  g_assert_false (fd_journal_entry_is_missed (entry));
  g_assert_false (fd_journal_entry_get_handled (entry));
  g_assert_null (fd_journal_entry_get_handled_time (entry));
  g_assert_true (g_date_time_equal (fd_journal_entry_get_ended_time (entry), ended));
  g_assert_true (fd_call_same_content (got, call));
  g_assert_cmpstr (fd_call_get_id (got), ==, "uteom");
  g_assert_true (g_date_time_equal (fd_call_get_start_time (got), start));
  g_assert_cmpfloat (fd_call_get_talk_seconds (got), ==, FD_CALL_NO_DURATION);
}

/* Calls are added out of order: the listing follows the end time. */
static void
test_list_filter_search (Fixture       *f,
                         gconstpointer  data)
{
  add_simple (f, "c2", "Ágnes Kovács", "+36301112222", FD_CALL_OUTCOME_MISSED, 20);
  add_simple (f, "c1", "John Smith", "1000", FD_CALL_OUTCOME_ANSWERED, 10);
  add_simple (f, "c4", NULL, "555-0100", FD_CALL_OUTCOME_MISSED, 40);
  add_simple (f, "c3", "Bob", "1002", FD_CALL_OUTCOME_ANSWERED, 30);
  add_simple (f, "c5", "Eve", "1003", FD_CALL_OUTCOME_ANSWERED, 30);  /* same end: id breaks the tie */

  assert_listing (f, FD_JOURNAL_FILTER_ALL, NULL, 0, "c4 c5 c3 c2 c1");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "", 0, "c4 c5 c3 c2 c1");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, NULL, 2, "c4 c5");
  assert_listing (f, FD_JOURNAL_FILTER_MISSED, NULL, 0, "c4 c2");
  assert_listing (f, FD_JOURNAL_FILTER_ANSWERED, NULL, 0, "c5 c3 c1");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "SMITH", 0, "c1");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "ágnes", 0, "c2");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "ÁGNES KOV", 0, "c2");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "0100", 0, "c4");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "100", 0, "c4 c5 c3 c2 c1");  /* 1001 is everyone's destination */
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "+3630", 0, "c2");
  assert_listing (f, FD_JOURNAL_FILTER_ANSWERED, "smith", 0, "c1");
  assert_listing (f, FD_JOURNAL_FILTER_MISSED, "smith", 0, "");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "10", 1, "c4");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "nobody", 0, "");
}

/* Every page of @filter and @search, @size rows each, one after the
 * other, in the order of the whole listing. */
static char *
paged_ids (Fixture         *f,
           FdJournalFilter  filter,
           const char      *search,
           guint            size)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 after = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = fd_journal_list_after (f->journal, filter, search, after, size, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, size);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (page, i)));
      if (page->len < size)
        return ids_of (all);
      after = fd_journal_entry_get_id (g_ptr_array_index (page, page->len - 1));
    }
}

/* A page starts after the last row of the one before, also among rows
 * that ended at the same second (the id breaks the tie) and under a
 * filter and a search; a page after a row that was pruned is empty. */
static void
test_list_pages (Fixture       *f,
                 gconstpointer  data)
{
  const char *searches[] = { NULL, "szabo agnes", "1000" };
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = 0;

  for (int i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%d", i);

      last = add_simple (f, id, i % 10 == 0 ? "Szabó-Ágnes" : "Someone", i % 7 == 0 ? "1000" : "+3612345678",
                         i % 4 == 0 ? FD_CALL_OUTCOME_MISSED : FD_CALL_OUTCOME_ANSWERED, i / 3);
    }
  for (FdJournalFilter filter = FD_JOURNAL_FILTER_ALL; filter <= FD_JOURNAL_FILTER_ANSWERED; filter++)
    for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
      for (guint size = 1; size <= 8; size += 7)
        {
          g_autoptr(GPtrArray) whole = list (f, filter, searches[s], 0);
          g_autofree char *expected = ids_of (whole);
          g_autofree char *paged = paged_ids (f, filter, searches[s], size);

          g_assert_cmpstr (paged, ==, expected);
        }

  g_assert_true (fd_journal_prune (f->journal, 1, &error));
  g_assert_no_error (error);
  gone = fd_journal_list_after (f->journal, FD_JOURNAL_FILTER_ALL, NULL, last, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gone->len, ==, 0);
}

static void
test_call_id_reuse (Fixture       *f,
                    gconstpointer  data)
{
  gint64 first = add_simple (f, "1", "Morning caller", "1000", FD_CALL_OUTCOME_MISSED, 0);
  gint64 second = add_simple (f, "1", "Evening caller", "2000", FD_CALL_OUTCOME_ANSWERED, 600);
  g_autoptr(GPtrArray) entries = list (f, FD_JOURNAL_FILTER_ALL, NULL, 0);
  g_autoptr(FdJournalEntry) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (first, !=, second);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (fd_call_get_caller_id (fd_journal_entry_get_call (g_ptr_array_index (entries, 0))),
                   ==, "Evening caller");
  g_assert_cmpstr (fd_call_get_caller_id (fd_journal_entry_get_call (g_ptr_array_index (entries, 1))),
                   ==, "Morning caller");

  again = fd_journal_lookup (f->journal, first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_call_get_caller_id (fd_journal_entry_get_call (again)), ==, "Morning caller");
  g_assert_cmpint (fd_journal_entry_get_outcome (again), ==, FD_CALL_OUTCOME_MISSED);
}

static void
assert_handled (Fixture  *f,
                gint64    id,
                gboolean  handled)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournalEntry) entry = fd_journal_lookup (f->journal, id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fd_journal_entry_get_handled (entry), ==, handled);
  if (handled)
    g_assert_nonnull (fd_journal_entry_get_handled_time (entry));
  else
    g_assert_null (fd_journal_entry_get_handled_time (entry));
}

static void
test_handled (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournalEntry) missing = NULL;
  gint64 m1 = add_simple (f, "m1", "Ann", "1000", FD_CALL_OUTCOME_MISSED, 0);
  gint64 m2 = add_simple (f, "m2", "Ben", "1001", FD_CALL_OUTCOME_MISSED, 1);
  gint64 m3 = add_simple (f, "m3", "Cyd", "1002", FD_CALL_OUTCOME_MISSED, 2);
  gint64 a1 = add_simple (f, "a1", "Dan", "1003", FD_CALL_OUTCOME_ANSWERED, 3);

  g_assert_cmpuint (count_unhandled (f), ==, 3);
  g_array_set_size (f->changes, 0);

  g_assert_true (fd_journal_set_handled (f->journal, m2, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unhandled (f), ==, 2);
  assert_handled (f, m2, TRUE);
  assert_handled (f, m1, FALSE);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpint (g_array_index (f->changes, gint64, 0), ==, m2);

  /* Already so: no change, no signal. */
  g_assert_true (fd_journal_set_handled (f->journal, m2, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes->len, ==, 1);

  g_assert_true (fd_journal_set_handled (f->journal, m2, FALSE, &error));
  g_assert_no_error (error);
  assert_handled (f, m2, FALSE);
  g_assert_cmpuint (count_unhandled (f), ==, 3);
  g_assert_cmpuint (f->changes->len, ==, 2);

  g_assert_false (fd_journal_set_handled (f->journal, 9999, TRUE, &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = fd_journal_lookup (f->journal, 9999, &error);
  g_assert_null (missing);
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (f->changes->len, ==, 2);

  g_assert_true (fd_journal_set_handled (f->journal, m1, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unhandled (f), ==, 2);

  /* The count survives a restart. */
  open_journal (f);
  g_assert_cmpuint (count_unhandled (f), ==, 2);

  g_array_set_size (f->changes, 0);
  g_assert_true (fd_journal_mark_all_handled (f->journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unhandled (f), ==, 0);
  assert_handled (f, m3, TRUE);
  assert_handled (f, a1, FALSE);  /* answered calls are not in the inbox */
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpint (g_array_index (f->changes, gint64, 0), ==, 0);

  /* Nothing left to mark: no signal. */
  g_assert_true (fd_journal_mark_all_handled (f->journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes->len, ==, 1);
}

static void
add_days_ago (Fixture    *f,
              const char *call_id,
              int         days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ended = g_date_time_add_days (now, -days);
  g_autoptr(FdCall) call = make_call (call_id, "Ringing", "X", "1", "2", 1, 0);

  add_call (f, call, FD_CALL_OUTCOME_MISSED, ended);
}

static void
test_prune (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_days_ago (f, "d200", 200);
  add_days_ago (f, "d91", 91);
  add_days_ago (f, "d89", 89);
  add_days_ago (f, "d0", 0);
  g_array_set_size (f->changes, 0);

  g_assert_true (fd_journal_prune (f->journal, 0, &error));  /* 0: keep everything */
  g_assert_no_error (error);
  assert_listing (f, FD_JOURNAL_FILTER_ALL, NULL, 0, "d0 d89 d91 d200");
  g_assert_cmpuint (f->changes->len, ==, 0);

  g_assert_true (fd_journal_prune (f->journal, 90, &error));
  g_assert_no_error (error);
  assert_listing (f, FD_JOURNAL_FILTER_ALL, NULL, 0, "d0 d89");
  g_assert_cmpuint (count_unhandled (f), ==, 2);
  g_assert_cmpuint (f->changes->len, ==, 1);

  g_assert_true (fd_journal_prune (f->journal, 90, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes->len, ==, 1);

  g_assert_true (fd_journal_prune (f->journal, 1, &error));
  g_assert_no_error (error);
  assert_listing (f, FD_JOURNAL_FILTER_ALL, NULL, 0, "d0");
}

/* Ids are never handed out twice, even after pruning emptied the table. */
static void
test_ids_not_reused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first;
  gint64 second;

  add_days_ago (f, "old", 100);
  first = raw_int (f->path, "SELECT max(id) FROM calls");
  g_assert_true (fd_journal_prune (f->journal, 30, &error));
  g_assert_no_error (error);
  assert_listing (f, FD_JOURNAL_FILTER_ALL, NULL, 0, "");
  second = add_simple (f, "new", "N", "1", FD_CALL_OUTCOME_MISSED, 0);
  g_assert_cmpint (second, >, first);
}

/* The app writes while `frontdesk --history` reads. */
static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournal) reader = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  add_simple (f, "w1", "A", "1", FD_CALL_OUTCOME_MISSED, 0);
  reader = fd_journal_open (f->path, &error);
  g_assert_no_error (error);
  add_simple (f, "w2", "B", "2", FD_CALL_OUTCOME_MISSED, 1);
  entries = fd_journal_list (reader, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (fd_journal_count_unhandled_missed (reader, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (fd_journal_set_handled (reader, fd_journal_entry_get_id (g_ptr_array_index (entries, 0)),
                                         TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unhandled (f), ==, 1);
}

/* A strict RFC 4180 reader: records end in CRLF, a quote inside a quoted
 * field is doubled, a bare quote or bare LF elsewhere is an error.
 * Returns an array of records (arrays of strings), or NULL. */
static gboolean
read_quoted (const char **p,
             GString     *field)
{
  for ((*p)++; **p != '\0'; (*p)++)
    {
      if (**p != '"')
        g_string_append_c (field, **p);
      else if ((*p)[1] == '"')
        g_string_append_c (field, *(*p)++);
      else
        {
          (*p)++;
          return **p == ',' || g_str_has_prefix (*p, "\r\n");
        }
    }
  return FALSE;
}

static gboolean
read_plain (const char **p,
            GString     *field)
{
  for (; **p != ',' && **p != '\r'; (*p)++)
    {
      if (**p == '\0' || **p == '"' || **p == '\n')
        return FALSE;
      g_string_append_c (field, **p);
    }
  return **p == ',' || g_str_has_prefix (*p, "\r\n");
}

static GPtrArray *
parse_csv (const char *text)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = NULL;
  const char *p = text;

  while (*p != '\0')
    {
      g_autoptr(GString) field = g_string_new (NULL);

      if (record == NULL)
        g_ptr_array_add (records, record = g_ptr_array_new_with_free_func (g_free));
      if (!(*p == '"' ? read_quoted (&p, field) : read_plain (&p, field)))
        return NULL;
      g_ptr_array_add (record, g_strdup (field->str));
      if (*p == ',')
        p++;
      else
        {
          p += 2;
          record = NULL;
        }
    }
  return record == NULL ? g_steal_pointer (&records) : NULL;
}

static void
test_csv_reader (void)
{
  g_autoptr(GPtrArray) ok = parse_csv ("a,\"b,\"\"c\"\"\r\nd\",\r\n\"\",x\r\n");
  GPtrArray *row;

  g_assert_nonnull (ok);
  g_assert_cmpuint (ok->len, ==, 2);
  row = g_ptr_array_index (ok, 0);
  g_assert_cmpuint (row->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (row, 1), ==, "b,\"c\"\r\nd");
  g_assert_cmpstr (g_ptr_array_index (row, 2), ==, "");
  row = g_ptr_array_index (ok, 1);
  g_assert_cmpstr (g_ptr_array_index (row, 0), ==, "");
  g_assert_cmpstr (g_ptr_array_index (row, 1), ==, "x");

  g_assert_null (parse_csv ("a,b\n"));
  g_assert_null (parse_csv ("a,b"));
  g_assert_null (parse_csv ("a\"b\r\n"));
  g_assert_null (parse_csv ("\"a\"b\r\n"));
  g_assert_null (parse_csv ("\"a\r\n"));
}

static const char *const hostile_names[] = {
  "Plain Name",
  "Smith, John",
  "The \"Boss\"",
  "\"",
  "\"\"quoted\"\"",
  "Line one\r\nLine two",
  "Bare\nnewline",
  "Bare\rreturn",
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-2+3",
  "@SUM(A1:A9)",
  "\tTabbed",
  "Zoë Ångström 山田太郎 😀",
  ",,,",
  "",
  "trailing space ",
};

static char *
guarded (const char *text)
{
  if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

static guint
column_index (GPtrArray  *header,
              const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (g_strcmp0 (g_ptr_array_index (header, i), name) == 0)
      return i;
  g_assert_not_reached ();
}

static char *
export_csv (Fixture         *f,
            FdJournalFilter  filter,
            const char      *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (fd_journal_export_csv (f->journal, filter, search, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, &error);  /* the NUL */
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
check_csv_row (GPtrArray  *header,
               GPtrArray  *row,
               const char *name,
               const char *number)
{
  g_autofree char *want_name = guarded (name);
  g_autofree char *want_number = guarded (number);

  g_assert_cmpuint (row->len, ==, header->len);
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "caller_id")), ==, want_name);
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "source")), ==, want_number);
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "destination")), ==, "1001");
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "outcome")), ==, "missed");
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "handled")), ==, "false");
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "handled_time")), ==, "");
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "ring_seconds")), ==, "3");
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "talk_seconds")), ==, "0");
  g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "start_time")), ==, "");
}

static void
test_csv_hostile (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *header;
  guint n = G_N_ELEMENTS (hostile_names);

  /* Added oldest first, so the export lists them in reverse. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("h%u", i);
      g_autofree char *number = g_strdup_printf ("%s%u", i % 2 ? "+36" : "-", i);

      add_simple (f, call_id, hostile_names[i], number, FD_CALL_OUTCOME_MISSED, (int) i);
    }

  csv = export_csv (f, FD_JOURNAL_FILTER_ALL, NULL);
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  records = parse_csv (csv);
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, ==, n + 1);

  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (header->len, ==, 17);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "ended_time");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%s%u", i % 2 ? "+36" : "-", i);

      check_csv_row (header, g_ptr_array_index (records, n - i), hostile_names[i], number);
    }
  /* The guard is visible where it matters. */
  g_assert_nonnull (strstr (csv, "'=cmd|' /C calc'!A0"));
  g_assert_null (strstr (csv, ",=cmd"));
}

static void
test_csv_filter (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *all = NULL;
  g_autofree char *missed = NULL;
  g_autofree char *search = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GDateTime) ended = time_at (5);
  g_autoptr(FdCall) call = make_call ("x", "InCall", "Kim", "1000", "1001", 1.25, 61);
  gint64 id;

  add_simple (f, "m", "Lee", "2000", FD_CALL_OUTCOME_MISSED, 0);
  id = add_call (f, call, FD_CALL_OUTCOME_ANSWERED, ended);
  g_assert_true (fd_journal_set_handled (f->journal, id, TRUE, NULL));

  all = export_csv (f, FD_JOURNAL_FILTER_ALL, NULL);
  missed = export_csv (f, FD_JOURNAL_FILTER_MISSED, NULL);
  search = export_csv (f, FD_JOURNAL_FILTER_ALL, "kim");
  records = parse_csv (all);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, 1))->len, ==, 17);
  g_clear_pointer (&records, g_ptr_array_unref);

  records = parse_csv (search);
  g_assert_cmpuint (records->len, ==, 2);
  {
    GPtrArray *header = g_ptr_array_index (records, 0);
    GPtrArray *row = g_ptr_array_index (records, 1);

    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "ended_time")), ==,
                     "2024-01-31T09:05:00+01:00");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "outcome")), ==, "answered");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "handled")), ==, "true");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "handled_time")), !=, "");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "ring_seconds")), ==, "1.25");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "talk_seconds")), ==, "61");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "state")), ==, "InCall");
    g_assert_cmpstr (g_ptr_array_index (row, column_index (header, "call_id")), ==, "x");
  }
  g_clear_pointer (&records, g_ptr_array_unref);

  records = parse_csv (missed);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (records, 1),
                                      column_index (g_ptr_array_index (records, 0), "caller_id")),
                   ==, "Lee");
}

static void
test_csv_cancelled (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  add_simple (f, "m", "Lee", "2000", FD_CALL_OUTCOME_MISSED, 0);
  g_cancellable_cancel (cancellable);
  g_assert_false (fd_journal_export_csv (f->journal, FD_JOURNAL_FILTER_ALL, NULL, out,
                                         cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(FdCall) answered = make_call ("uteom", "InCall", "John \"JJ\" Smith", "1000", "1001",
                                          2, 956.5);
  g_autoptr(FdCall) missed = make_call ("x1", "Ringing", "Ágnes\nKovács", "+36301112222", NULL,
                                        12, FD_CALL_NO_DURATION);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2013-07-01T10:49:07.9558+02:00", NULL);
  g_autoptr(GDateTime) ended1 = time_at (5);
  g_autoptr(GDateTime) ended2 = time_at (6);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *json = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *handled_text = NULL;
  g_autofree char *recorder = NULL;
  g_autoptr(GDateTime) handled_at = NULL;
  gint64 first, id;

  fd_call_set_start_time (answered, "2013-07-01T10:49:07.9558+02:00", start);
  fd_call_set_caller_dialed (missed, "0630 111 2222");
  fd_call_set_callee_dialed (missed, "200");
  fd_call_set_caller_name (answered, "John Smith", FD_NAME_SOURCE_DIRECTORY);
  first = add_call (f, answered, FD_CALL_OUTCOME_ANSWERED, ended1);
  id = add_call (f, missed, FD_CALL_OUTCOME_MISSED, ended2);
  g_assert_true (fd_journal_set_handled (f->journal, id, TRUE, NULL));

  entries = list (f, FD_JOURNAL_FILTER_ALL, NULL, 0);
  handled_at = g_date_time_to_local (fd_journal_entry_get_handled_time (g_ptr_array_index (entries, 0)));
  handled_text = fd_json_format_time (handled_at);
  recorder = fd_journal_dup_recorder_name ();
  expected = g_strdup_printf (
    "[\n"
    "  {\"id\": \"x1\", \"state\": \"Ringing\", \"source\": \"+36301112222\", "
    "\"caller_id\": \"Ágnes\\nKovács\", \"destination\": null, \"start_time\": null, "
    "\"ring_seconds\": 12, \"talk_seconds\": null, \"caller_name\": null, "
    "\"caller_name_source\": null, \"callee_name\": null, \"callee_name_source\": null, "
    "\"caller_dialed\": \"0630 111 2222\", "
    "\"callee_dialed\": \"200\", \"outcome\": \"missed\", "
    "\"ended_time\": \"2024-01-31T09:06:00+01:00\", \"handled\": true, "
    "\"entry_id\": %" G_GINT64_FORMAT ", \"note\": null, \"handled_by\": null, "
    "\"handled_at\": \"%s\", \"entry_source\": \"poll\", \"recorded_by\": \"%s\", "
    "\"pbx\": null},\n"
    "  {\"id\": \"uteom\", \"state\": \"InCall\", \"source\": \"1000\", "
    "\"caller_id\": \"John \\\"JJ\\\" Smith\", \"destination\": \"1001\", "
    "\"start_time\": \"2013-07-01T10:49:07.9558+02:00\", \"ring_seconds\": 2, "
    "\"talk_seconds\": 956.5, \"caller_name\": \"John Smith\", "
    "\"caller_name_source\": \"directory\", \"callee_name\": null, \"callee_name_source\": null, "
    "\"outcome\": \"answered\", "
    "\"ended_time\": \"2024-01-31T09:05:00+01:00\", \"handled\": false, "
    "\"entry_id\": %" G_GINT64_FORMAT ", \"note\": null, \"handled_by\": null, "
    "\"handled_at\": null, \"entry_source\": \"poll\", \"recorded_by\": \"%s\", "
    "\"pbx\": null}\n"
    "]\n", id, handled_text, recorder, first, recorder);
  json = fd_cli_history_to_json (entries);
  g_assert_cmpstr (json, ==, expected);

  empty = fd_cli_history_to_json (none);
  g_assert_cmpstr (empty, ==, "[]\n");
}

/* The column where @title starts in the header is where every row's cell
 * starts: the table is aligned. */
static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(FdCall) call = make_call ("e", "Ringing", "Evil\x1b[2J Name", "1000", "1001",
                                      65, FD_CALL_NO_DURATION);
  g_autoptr(GDateTime) ended = time_at (2);

  add_simple (f, "a", "Ann Long-Name", "1000", FD_CALL_OUTCOME_ANSWERED, 0);
  add_simple (f, "b", "Bob", "+36301234567", FD_CALL_OUTCOME_MISSED, 1);
  add_call (f, call, FD_CALL_OUTCOME_MISSED, ended);

  entries = list (f, FD_JOURNAL_FILTER_ALL, NULL, 0);
  text = fd_cli_history_to_text (entries);
  g_test_message ("%s", text);
  g_assert_null (strchr (text, '\x1b'));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);  /* header, 3 rows, "" after the last \n */
  g_assert_true (g_str_has_prefix (lines[0], "Ended"));
  g_assert_cmpstr (lines[4], ==, "");

  g_assert_cmpstr (lines[0], ==,
                   "Ended                Outcome   Caller                Called  Ring  Talk  Handled");
  g_assert_cmpstr (lines[1], ==,
                   "2024-01-31 09:02:00  missed    Evil?[2J Name (1000)  1001    1:05     -  NO");
  g_assert_cmpstr (lines[2], ==,
                   "2024-01-31 09:01:00  missed    Bob (+36301234567)    1001    0:03  0:00  NO");
  g_assert_cmpstr (lines[3], ==,
                   "2024-01-31 09:00:00  answered  Ann Long-Name (1000)  1001    0:03  1:00");
}

/* A long name is cut to 32 cells, wide characters counting two. */
static void
test_text_long_name (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) cut = g_string_new (NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append (name, "山");
  for (guint i = 0; i < 15; i++)
    g_string_append (cut, "山");
  g_string_append (cut, "…");
  add_simple (f, "w", name->str, NULL, FD_CALL_OUTCOME_MISSED, 0);

  entries = list (f, FD_JOURNAL_FILTER_ALL, NULL, 0);
  text = fd_cli_history_to_text (entries);
  g_test_message ("%s", text);
  expected = g_strdup_printf ("2024-01-31 09:00:00  missed   %s  1001    0:03  0:00  NO\n",
                              cut->str);
  g_assert_true (g_str_has_suffix (text, expected));
}

int
main (int   argc,
      char *argv[])
{
  /* The expected local times below are in this zone. */
  g_setenv ("TZ", "Europe/Budapest", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn, set_up) \
  g_test_add ("/frontdesk/journal/" path, Fixture, NULL, set_up, fn, teardown)

  ADD ("migrate-empty-file", test_migrate_empty_file, setup);
  g_test_add_func ("/frontdesk/journal/default-path", test_default_path);
  ADD ("newer-version-refused", test_newer_version_refused, setup);
  ADD ("garbage-refused", test_garbage_refused, setup);
  ADD ("foreign-database-refused", test_foreign_database_refused, setup);
  ADD ("add-and-read-back", test_add_and_read_back, setup_open);
  ADD ("list-filter-search", test_list_filter_search, setup_open);
  ADD ("list-pages", test_list_pages, setup_open);
  ADD ("call-id-reuse", test_call_id_reuse, setup_open);
  ADD ("handled", test_handled, setup_open);
  ADD ("prune", test_prune, setup_open);
  ADD ("ids-not-reused", test_ids_not_reused, setup_open);
  ADD ("two-connections", test_two_connections, setup_open);
  g_test_add_func ("/frontdesk/journal/csv-reader", test_csv_reader);
  ADD ("csv-hostile-names", test_csv_hostile, setup_open);
  ADD ("csv-filter", test_csv_filter, setup_open);
  ADD ("csv-cancelled", test_csv_cancelled, setup_open);
  ADD ("json", test_json, setup_open);
  ADD ("text", test_text, setup_open);
  ADD ("text-long-name", test_text_long_name, setup_open);

#undef ADD

  return g_test_run ();
}
