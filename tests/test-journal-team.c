/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema version 2 of the journal: one row per PBX call whoever writes it,
 * notes, who handled a call, where a row came from, and the upgrade of a
 * version 1 file. */
#include "config.h"

#include "fd-cli-history-print.h"
#include "fd-journal.h"
#include "fd-journal-csv.h"
#include "fd-json.h"
#include "journal-test-util.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define PBX "http://admin:s3cr3t-pw@pbx.example:7777/"
#define START "2024-01-31T08:59:00Z"

static gboolean
rm_rf (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_remove (file);
    }
  return g_rmdir (dir) == 0;
}

static FdCall *
call_started (const char *id,
              const char *state,
              double      ring,
              double      talk)
{
  FdCall *call = make_call (id, state, "Anna Kovács", "+36301112222", "1001", ring, talk);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (START, NULL);

  fd_call_set_start_time (call, START, start);
  return call;
}

static gint64
add_from (Fixture         *f,
          FdCall          *call,
          FdCallOutcome    outcome,
          int              minutes,
          FdJournalSource  source,
          const char      *pbx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ended = time_at (minutes);
  gint64 id = fd_journal_add_full (f->journal, call, outcome, ended, source, pbx, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static FdJournalEntry *
lookup (Fixture *f,
        gint64   id)
{
  g_autoptr(GError) error = NULL;
  FdJournalEntry *entry = fd_journal_lookup (f->journal, id, &error);

  g_assert_no_error (error);
  return entry;
}

/* The poller saw the call ring out; the PBX's history later says it was
 * answered after a longer ring. One row, and the fuller story wins. */
static void
test_same_call_merges (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FdCall) seen = call_started ("c1", "Ringing", 12, FD_CALL_NO_DURATION);
  g_autoptr(FdCall) told = call_started ("c1", "Completed", 15, 40);
  g_autoptr(FdCall) again = call_started ("c1", "Ringing", 3, FD_CALL_NO_DURATION);
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GDateTime) latest = time_at (5);
  gint64 first, second, third;
  FdCall *call;

  first = add_from (f, seen, FD_CALL_OUTCOME_MISSED, 2, FD_JOURNAL_SOURCE_POLL, PBX);
  second = add_from (f, told, FD_CALL_OUTCOME_ANSWERED, 5, FD_JOURNAL_SOURCE_PBX_HISTORY, PBX);
  /* A second desktop, later, with the short sighting: nothing gets worse. */
  third = add_from (f, again, FD_CALL_OUTCOME_MISSED, 1, FD_JOURNAL_SOURCE_POLL, PBX);

  g_assert_cmpint (second, ==, first);
  g_assert_cmpint (third, ==, first);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM calls"), ==, 1);
  entry = lookup (f, first);
  call = fd_journal_entry_get_call (entry);
  g_assert_cmpint (fd_journal_entry_get_outcome (entry), ==, FD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpfloat (fd_call_get_ring_seconds (call), ==, 15);
  g_assert_cmpfloat (fd_call_get_talk_seconds (call), ==, 40);
  g_assert_true (g_date_time_equal (fd_journal_entry_get_ended_time (entry), latest));
  /* Who first wrote the row stays. */
  g_assert_cmpint (fd_journal_entry_get_source (entry), ==, FD_JOURNAL_SOURCE_POLL);
  g_assert_cmpuint (f->changes->len, ==, 3);
}

/* A reused CallId on another PBX, or without a start time to tell two
 * calls apart, is another call. */
static void
test_different_calls_stay_apart (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(FdCall) here = call_started ("c1", "Ringing", 5, FD_CALL_NO_DURATION);
  g_autoptr(FdCall) no_start = make_call ("c1", "Ringing", "Bob", "1002", "1001", 5,
                                          FD_CALL_NO_DURATION);

  add_from (f, here, FD_CALL_OUTCOME_MISSED, 1, FD_JOURNAL_SOURCE_POLL, PBX);
  add_from (f, here, FD_CALL_OUTCOME_MISSED, 1, FD_JOURNAL_SOURCE_POLL, "http://other-pbx:7777/");
  add_from (f, no_start, FD_CALL_OUTCOME_MISSED, 1, FD_JOURNAL_SOURCE_POLL, PBX);
  add_from (f, no_start, FD_CALL_OUTCOME_MISSED, 2, FD_JOURNAL_SOURCE_POLL, PBX);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM calls"), ==, 4);
}

/* The PBX's address is kept to tell PBXs apart, never its password. */
static void
test_pbx_stored_redacted (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FdCall) call = call_started ("c1", "Ringing", 5, FD_CALL_NO_DURATION);
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gsize length = 0;
  gint64 id = add_from (f, call, FD_CALL_OUTCOME_MISSED, 1, FD_JOURNAL_SOURCE_POLL, PBX);

  entry = lookup (f, id);
  g_assert_nonnull (strstr (fd_journal_entry_get_pbx (entry), "pbx.example:7777"));
  g_assert_null (strstr (fd_journal_entry_get_pbx (entry), "s3cr3t-pw"));
  g_assert_null (strstr (fd_journal_entry_get_pbx (entry), "admin"));
  g_clear_object (&f->journal);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_null (g_strstr_len (contents, length, "s3cr3t-pw"));
  g_clear_pointer (&contents, g_free);
  if (g_file_get_contents (wal, &contents, &length, NULL))
    g_assert_null (g_strstr_len (contents, length, "s3cr3t-pw"));
}

static void
test_note (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_simple (f, "n", "Lee", "2000", FD_CALL_OUTCOME_MISSED, 0);
  g_autoptr(FdJournalEntry) noted = NULL;
  g_autoptr(FdJournalEntry) cleared = NULL;

  g_assert_true (fd_journal_set_note (f->journal, id, "Wants a quote, call after 3", &error));
  g_assert_no_error (error);
  noted = lookup (f, id);
  g_assert_cmpstr (fd_journal_entry_get_note (noted), ==, "Wants a quote, call after 3");
  g_assert_false (fd_journal_entry_get_handled (noted));

  g_assert_true (fd_journal_set_note (f->journal, id, "", &error));
  cleared = lookup (f, id);
  g_assert_null (fd_journal_entry_get_note (cleared));
  g_assert_cmpuint (f->changes->len, ==, 3);

  g_assert_false (fd_journal_set_note (f->journal, id + 100, "x", &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no call"));
}

static void
test_handled_by (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_simple (f, "h", "Lee", "2000", FD_CALL_OUTCOME_MISSED, 0);
  g_autoptr(FdJournalEntry) handled = NULL;
  g_autoptr(FdJournalEntry) reopened = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();

  g_assert_cmpuint (count_unhandled (f), ==, 1);
  g_assert_true (fd_journal_set_handled_by (f->journal, id, "Kati Nagy", &error));
  g_assert_no_error (error);
  handled = lookup (f, id);
  g_assert_true (fd_journal_entry_get_handled (handled));
  g_assert_cmpstr (fd_journal_entry_get_handled_by (handled), ==, "Kati Nagy");
  g_assert_cmpint (g_date_time_compare (fd_journal_entry_get_handled_time (handled),
                                        before), >=, 0);
  g_assert_cmpuint (count_unhandled (f), ==, 0);

  /* Opened again: nobody handled it any more. */
  g_assert_true (fd_journal_set_handled (f->journal, id, FALSE, &error));
  reopened = lookup (f, id);
  g_assert_false (fd_journal_entry_get_handled (reopened));
  g_assert_null (fd_journal_entry_get_handled_by (reopened));
  g_assert_null (fd_journal_entry_get_handled_time (reopened));

  g_assert_false (fd_journal_set_handled_by (f->journal, id + 100, "Kati", &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
}

/* Names and numbers are found ignoring accents, case, spaces and
 * punctuation. */
static void
test_folded_search (Fixture       *f,
                    gconstpointer  data)
{
  add_simple (f, "a", "Szabó-Kiss Ágnes", "+36 30 111 2222", FD_CALL_OUTCOME_MISSED, 0);
  add_simple (f, "b", "Bob", "1002", FD_CALL_OUTCOME_MISSED, 1);

  assert_listing (f, FD_JOURNAL_FILTER_ALL, "szabo kiss agnes", 0, "a");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "SZABOKISS", 0, "a");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "+3630111", 0, "a");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "30-111-2222", 0, "a");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "bob", 0, "b");
  assert_listing (f, FD_JOURNAL_FILTER_ALL, "agnes bob", 0, "");
}

/* A journal of the first release: its rows survive the upgrade, count as
 * seen by the poller, and name no PBX. */
static void
test_upgrade_from_version_1 (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *json = NULL;
  FdJournalEntry *entry;

  raw_exec (f->path,
            "CREATE TABLE calls (id INTEGER PRIMARY KEY AUTOINCREMENT, call_id TEXT NOT NULL,"
            " state TEXT, source TEXT, caller_id TEXT, destination TEXT, caller_dialed TEXT,"
            " callee_dialed TEXT, start_time TEXT, end_time TEXT NOT NULL, ring_seconds REAL,"
            " talk_seconds REAL, outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'missed')),"
            " handled INTEGER NOT NULL DEFAULT 0 CHECK (handled IN (0, 1)), handled_time TEXT);"
            "CREATE INDEX calls_end_time ON calls (end_time);"
            "CREATE INDEX calls_outcome_handled ON calls (outcome, handled);"
            "INSERT INTO calls (call_id, state, source, caller_id, destination, start_time,"
            " end_time, ring_seconds, outcome) VALUES ('old', 'Ringing', '+3612345678',"
            " 'Régi Hívó', '1001', '2024-01-31T08:00:00.000000Z', '2024-01-31T08:01:00.000000Z',"
            " 9, 'missed');"
            "PRAGMA application_id = 1180977774;"
            "PRAGMA user_version = 1;");
  open_journal (f);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, FD_JOURNAL_SCHEMA_VERSION);

  entries = list (f, FD_JOURNAL_FILTER_MISSED, "regi hivo", 0);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (fd_call_get_caller_id (fd_journal_entry_get_call (entry)), ==, "Régi Hívó");
  g_assert_cmpint (fd_journal_entry_get_source (entry), ==, FD_JOURNAL_SOURCE_POLL);
  g_assert_null (fd_journal_entry_get_pbx (entry));
  g_assert_null (fd_journal_entry_get_note (entry));
  json = fd_cli_history_to_json (entries);
  g_assert_nonnull (strstr (json, "\"entry_source\": \"poll\""));
  g_assert_nonnull (strstr (json, "\"pbx\": null"));
  g_assert_cmpuint (count_unhandled (f), ==, 1);
}

static void
test_history_source_in_json (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FdCall) call = call_started ("h1", "Ringing", 20, FD_CALL_NO_DURATION);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *json = NULL;
  g_autofree char *entry_id = NULL;
  gint64 id = add_from (f, call, FD_CALL_OUTCOME_MISSED, 1, FD_JOURNAL_SOURCE_PBX_HISTORY, PBX);

  g_assert_true (fd_journal_set_note (f->journal, id, "said \"urgent\"", NULL));
  g_assert_true (fd_journal_set_handled_by (f->journal, id, "Kati", NULL));
  entries = list (f, FD_JOURNAL_FILTER_ALL, NULL, 0);
  json = fd_cli_history_to_json (entries);
  entry_id = g_strdup_printf ("\"entry_id\": %" G_GINT64_FORMAT ",", id);
  g_assert_nonnull (strstr (json, entry_id));
  g_assert_nonnull (strstr (json, "\"entry_source\": \"pbx-history\""));
  g_assert_nonnull (strstr (json, "\"note\": \"said \\\"urgent\\\"\""));
  g_assert_nonnull (strstr (json, "\"handled_by\": \"Kati\""));
  g_assert_nonnull (strstr (json, "\"handled_at\": \""));
  g_assert_null (strstr (json, "s3cr3t-pw"));
}

/* The note and who handled a call reach the CSV export, a note that
 * looks like a formula guarded like every other text. */
static void
test_csv_columns (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autofree char *text = NULL;
  gint64 id = add_simple (f, "c", "Lee", "2000", FD_CALL_OUTCOME_MISSED, 0);

  g_assert_true (fd_journal_set_note (f->journal, id, "=HYPERLINK(\"x\")", NULL));
  g_assert_true (fd_journal_set_handled_by (f->journal, id, "Kati Nagy", NULL));
  g_assert_true (fd_journal_export_csv (f->journal, FD_JOURNAL_FILTER_ALL, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_nonnull (strstr (text, ",call_id,note,handled_by,entry_source\r\n"));
  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"x\"\")\",Kati Nagy,poll\r\n"));
}

static gpointer
open_in_thread (gpointer path)
{
  g_autoptr(GError) error = NULL;
  FdJournal *journal = fd_journal_open (path, &error);

  if (journal == NULL)
    g_test_message ("open failed: %s", error->message);
  return journal;
}

/* Two recorders started together on a file that does not exist yet: both
 * open it, neither mistakes the other's half-made file for a foreign one.
 * The race is narrow, so it is run many times. */
static void
test_concurrent_first_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("frontdesk-race-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint round = 0; round < 150; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/journal-%u.db", dir, round);
      GThread *a = g_thread_new ("a", open_in_thread, path);
      GThread *b = g_thread_new ("b", open_in_thread, path);
      g_autoptr(FdJournal) ja = g_thread_join (a);
      g_autoptr(FdJournal) jb = g_thread_join (b);

      g_assert_true (FD_IS_JOURNAL (ja));
      g_assert_true (FD_IS_JOURNAL (jb));
      g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, FD_JOURNAL_SCHEMA_VERSION);
    }
  g_assert_true (rm_rf (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Budapest", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn, set_up) \
  g_test_add ("/frontdesk/journal-team/" path, Fixture, NULL, set_up, fn, teardown)

  ADD ("same-call-merges", test_same_call_merges, setup_open);
  ADD ("different-calls-stay-apart", test_different_calls_stay_apart, setup_open);
  ADD ("pbx-stored-redacted", test_pbx_stored_redacted, setup_open);
  ADD ("note", test_note, setup_open);
  ADD ("handled-by", test_handled_by, setup_open);
  ADD ("folded-search", test_folded_search, setup_open);
  ADD ("upgrade-from-version-1", test_upgrade_from_version_1, setup);
  ADD ("history-source-in-json", test_history_source_in_json, setup_open);
  ADD ("csv-columns", test_csv_columns, setup_open);
  g_test_add_func ("/frontdesk/journal-team/concurrent-first-open", test_concurrent_first_open);

#undef ADD

  return g_test_run ();
}
