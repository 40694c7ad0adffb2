/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PostgreSQL journal whose server is away: opened while it is down,
 * written and marked meanwhile, everything arriving once it is back. */
#include "fd-desk.h"
#include "fd-journal-outbox.h"
#include "fd-journal-pg.h"
#include "fd-journal-uri.h"
#include "fd-journal.h"
#include "fd-simulator.h"
#include "pg-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define PBX "http://admin:pbxpass@pbx.example:7777"

static FdPgTestServer *server;
/* XDG_CACHE_HOME for the program: where the outboxes go. */
static char *cache_dir;

typedef struct {
  char *uri;
} Fixture;

/* Runs the loop until @cond holds, for 20 s at most. */
#define WAIT_UNTIL(cond)                                                  \
  G_STMT_START {                                                          \
    gint64 deadline_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;    \
    while (!(cond) && g_get_monotonic_time () < deadline_)               \
      g_main_context_iteration (NULL, FALSE), g_usleep (5000);           \
    g_assert_true (cond);                                                 \
  } G_STMT_END

static PGresult *
raw_query (const char *sql)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  PGconn *conn = fd_journal_pg_connect (uri, NULL);
  PGresult *res;

  g_assert_nonnull (conn);
  res = PQexec (conn, sql);
  PQfinish (conn);
  return res;
}

static void
raw_exec (const char *sql)
{
  PGresult *res = raw_query (sql);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
}

/* The first column of the first row, as text. */
static char *
raw_text (const char *sql)
{
  PGresult *res = raw_query (sql);
  char *text;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  text = g_strdup (PQntuples (res) > 0 ? PQgetvalue (res, 0, 0) : "");
  PQclear (res);
  return text;
}

static gint64
raw_count (const char *sql)
{
  g_autofree char *text = raw_text (sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static void
crash (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_pg_test_server_crash (server, &error));
  g_assert_no_error (error);
}

static void
restart (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_pg_test_server_restart (server, &error));
  g_assert_no_error (error);
}

static char *
dup_outbox_path (void)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, NULL, "");
  g_autofree char *shown = fd_journal_uri_dup_shown (uri);

  return fd_journal_outbox_dup_path (shown);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  f->uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  /* The schema, then empty tables. */
  journal = fd_journal_open_uri (f->uri, &error);
  g_assert_no_error (error);
  raw_exec ("TRUNCATE calls, meta RESTART IDENTITY");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = dup_outbox_path ();

  g_unlink (path);
  g_free (f->uri);
}

/* A call that started at 08:@minute UTC on 2024-01-31. */
static FdCall *
make_call (const char *id,
           int         minute)
{
  FdCall *call = fd_call_new (id);
  g_autofree char *raw = g_strdup_printf ("2024-01-31T08:%02d:00Z", minute);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (raw, NULL);

  fd_call_set_start_time (call, raw, start);
  fd_call_set_caller_id (call, "+36 30 111 2222");
  fd_call_set_destination (call, "100");
  fd_call_set_ring_seconds (call, 5);
  return call;
}

static gint64
add (FdJournal  *journal,
     const char *call_id,
     int         minute)
{
  g_autoptr(FdCall) call = make_call (call_id, minute);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 1, 31, 8, 0, 0);
  g_autoptr(GDateTime) ended = g_date_time_add_minutes (base, minute + 1);
  gint64 id = fd_journal_add_full (journal, call, FD_CALL_OUTCOME_MISSED, ended,
                                   FD_JOURNAL_SOURCE_POLL, PBX, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, !=, 0);
  return id;
}

/* Opened while the server is down, the journal is there all the same:
 * calls wait in the outbox, and the first write after the server is back
 * connects, creates nothing twice and sends them, oldest first. A refused
 * password is still an error. */
static void
test_open_offline (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wrong = fd_pg_test_server_uri (server, "wrong", "?sslmode=disable");
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  crash ();
  journal = fd_journal_open_uri (f->uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (journal);
  g_assert_null (strstr (fd_journal_get_path (journal), FD_PG_TEST_PASSWORD));
  g_assert_cmpint (add (journal, "off0", 0), <, 0);
  g_assert_cmpint (add (journal, "off1", 1), <, 0);
  g_assert_cmpuint (fd_journal_get_n_waiting (journal), ==, 2);
  g_assert_null (fd_journal_list (journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_UNREACHABLE);
  g_assert_cmpstr (error->message, ==,
                   "The journal database server cannot be reached; check its host name and port.");
  g_clear_error (&error);

  restart ();
  g_assert_null (fd_journal_open_uri (wrong, &error));
  g_assert_cmpstr (error->message, ==, "The journal database refused the user name or password.");
  g_clear_error (&error);
  g_assert_cmpint (add (journal, "off2", 2), >, 0);
  g_assert_cmpuint (fd_journal_get_n_waiting (journal), ==, 0);
  ids = raw_text ("SELECT string_agg (call_id, ',' ORDER BY id) FROM calls");
  g_assert_cmpstr (ids, ==, "off2,off0,off1");
}

static gboolean
lists (FdJournal *journal)
{
  g_autoptr(GPtrArray) entries = fd_journal_list (journal, FD_JOURNAL_FILTER_ALL, NULL, 0, NULL);

  return entries != NULL;
}

/* While the server is away, reads (the window's list, the tray's count)
 * do not try to connect each time: an address that swallows packets
 * would block the window for connect_timeout on every one. They connect
 * again once the listener is back, which it says at once. */
static void
test_reads_wait_for_listener (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  crash ();
  journal = fd_journal_open_uri (f->uri, &error);
  g_assert_no_error (error);
  g_assert_false (lists (journal));
  restart ();
  g_assert_false (lists (journal));
  WAIT_UNTIL (lists (journal));
}

static void
count_ended (FdDesk        *desk,
             FdCall        *call,
             FdCallOutcome  outcome,
             gint64         id,
             GArray        *ids)
{
  g_array_append_val (ids, id);
}

/* A desk on a simulator of its own with a journal on the fixture's URI,
 * polling every 0.2 s; the journal ids of the calls it ends go to ids. */
typedef struct {
  FdSimulator *sim;
  FdDesk      *desk;
  FdJournal   *journal;
  GArray      *ids;
} DeskRun;

static void
desk_run_start (DeskRun *run,
                Fixture *f)
{
  g_autoptr(FdClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  run->sim = fd_simulator_new ();
  url = fd_simulator_listen (run->sim, 0, &error);
  g_assert_no_error (error);
  run->journal = fd_journal_open_uri (f->uri, &error);
  g_assert_no_error (error);
  client = fd_client_new (url);
  run->desk = fd_desk_new (client);
  fd_desk_set_journal (run->desk, run->journal);
  run->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (run->desk, "call-ended", G_CALLBACK (count_ended), run->ids);
  fd_poller_set_interval (fd_desk_get_poller (run->desk), 0.2);
  fd_poller_start (fd_desk_get_poller (run->desk));
}

static void
desk_run_load (DeskRun    *run,
               const char *scenario)
{
  g_autoptr(GError) error = NULL;

  fd_simulator_load_scenario_data (run->sim, scenario, &error);
  g_assert_no_error (error);
}

/* Every write done, then everything gone. */
static void
desk_run_stop (DeskRun *run)
{
  fd_poller_stop (fd_desk_get_poller (run->desk));
  fd_desk_wait_for_writes (run->desk);
  fd_simulator_stop (run->sim);
  g_clear_object (&run->desk);
  g_clear_object (&run->journal);
  g_clear_object (&run->sim);
  g_clear_pointer (&run->ids, g_array_unref);
}

/* A desk that starts while the database is down keeps its calls: they
 * wait on this computer, the status line says so, and once the server is
 * back (the listener retries on its own, no write needed) they all
 * arrive, each exactly once. */
static void
test_desk_starts_offline (Fixture       *f,
                          gconstpointer  data)
{
  DeskRun run = { 0 };

  crash ();
  desk_run_start (&run, f);
  desk_run_load (&run,
                 "0.0 ring a id=s1 from=+3612345001 to=1001\n"
                 "0.0 ring b id=s2 from=+3612345002 to=1001\n"
                 "0.0 ring c id=s3 from=+3612345003 to=1001\n"
                 "0.6 end a\n"
                 "0.6 end b\n"
                 "0.6 end c\n");
  WAIT_UNTIL (run.ids->len == 3);
  for (guint i = 0; i < run.ids->len; i++)
    g_assert_cmpint (g_array_index (run.ids, gint64, i), <, 0);
  if (fd_desk_get_journal_error (run.desk) == NULL ||
      strstr (fd_desk_get_journal_error (run.desk), "3 calls wait") == NULL)
    g_error ("The desk says “%s”, not that 3 calls wait.", fd_desk_get_journal_error (run.desk));

  restart ();
  WAIT_UNTIL (fd_journal_get_n_waiting (run.journal) == 0);
  WAIT_UNTIL (fd_desk_get_journal_error (run.desk) == NULL);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 3);
  g_assert_cmpint (raw_count ("SELECT count(DISTINCT call_id) FROM calls"
                              " WHERE call_id IN ('s1', 's2', 's3')"), ==, 3);
  desk_run_stop (&run);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 3);
}

/* A desk restarted while the database is down (a reboot at lunch): the
 * calls the first run kept still wait on this computer, the new desk says
 * so from its first look at the journal, and when the server is back
 * they arrive, each once. */
static void
test_desk_restarts_offline (Fixture       *f,
                            gconstpointer  data)
{
  DeskRun run = { 0 };
  gint64 kept;

  crash ();
  desk_run_start (&run, f);
  desk_run_load (&run,
                 "0.0 ring a id=q1 from=+3612345001 to=1001\n"
                 "0.0 ring b id=q2 from=+3612345002 to=1001\n"
                 "0.4 end a\n"
                 "0.4 end b\n");
  WAIT_UNTIL (run.ids->len == 2);
  kept = g_array_index (run.ids, gint64, 0);
  g_assert_cmpint (kept, <, 0);
  desk_run_stop (&run);

  desk_run_start (&run, f);
  g_assert_cmpstr (fd_desk_get_journal_error (run.desk), ==,
                   "Journal offline: 2 calls wait on this computer and are sent when the database is back.");
  /* A mark of a kept call waits behind it, and the line counts it too. */
  fd_desk_set_handled (run.desk, kept, TRUE);
  WAIT_UNTIL (g_strcmp0 (fd_desk_get_journal_error (run.desk),
                         "Journal offline: 2 calls wait on this computer and are sent when the database is back."
                         " So does 1 change.") == 0);
  restart ();
  WAIT_UNTIL (fd_desk_get_journal_error (run.desk) == NULL);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls WHERE call_id IN ('q1', 'q2')"), ==, 2);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls WHERE call_id = 'q1' AND handled = 1"), ==, 1);
  g_assert_cmpuint (fd_journal_get_n_waiting (run.journal), ==, 0);
  desk_run_stop (&run);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 2);
}

static void
on_changed (FdJournal *journal,
            gint64     id,
            GArray    *ids)
{
  g_array_append_val (ids, id);
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static FdJournalEntry *
lookup (FdJournal *journal,
        gint64     id)
{
  g_autoptr(GError) error = NULL;
  FdJournalEntry *entry = fd_journal_lookup (journal, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

/* Marking while the server is away: the marks wait in the outbox in
 * order, the view (lookup after "changed") shows them at once, a mark of
 * a call that itself waits applies to it once it is sent, and all arrive
 * when the server is back, the last of two notes winning. A journal that
 * never read a call cannot mark it offline. */
static void
test_marks_offline (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(FdJournal) blind = NULL;
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  gint64 id1, id2, waiting;

  journal = fd_journal_open_uri (f->uri, &error);
  g_assert_no_error (error);
  blind = fd_journal_open_uri (f->uri, &error);
  g_assert_no_error (error);
  id1 = add (journal, "m1", 1);
  id2 = add (journal, "m2", 2);
  listed = fd_journal_list (journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_signal_connect (journal, "changed", G_CALLBACK (on_changed), changes);

  crash ();
  waiting = add (journal, "m3", 3);
  g_assert_cmpint (waiting, <, 0);
  g_assert_true (fd_journal_set_note (journal, id1, "first", &error));
  g_assert_no_error (error);
  g_assert_true (fd_journal_set_handled (journal, id1, TRUE, &error));
  g_assert_true (fd_journal_set_note (journal, id1, "second", &error));
  g_assert_true (fd_journal_set_handled_by (journal, id2, "Bea", &error));
  g_assert_true (fd_journal_set_handled (journal, waiting, TRUE, &error));
  g_assert_true (fd_journal_set_note (journal, waiting, "left a message", &error));
  g_assert_no_error (error);
  g_assert_true (array_has (changes, id1) && array_has (changes, id2));
  entry = lookup (journal, id1);
  g_assert_true (fd_journal_entry_get_handled (entry));
  g_assert_cmpstr (fd_journal_entry_get_note (entry), ==, "second");
  g_clear_object (&entry);
  entry = lookup (journal, id2);
  g_assert_true (fd_journal_entry_get_handled (entry));
  g_assert_nonnull (fd_journal_entry_get_handled_time (entry));
  g_assert_cmpstr (fd_journal_entry_get_handled_by (entry), ==, "Bea");
  g_clear_object (&entry);
  /* Another journal object on the same URI (the desk's worker thread has
   * one) knows the same rows and the same waiting marks... */
  entry = lookup (blind, id1);
  g_assert_true (fd_journal_entry_get_handled (entry));
  g_assert_cmpstr (fd_journal_entry_get_note (entry), ==, "second");
  g_clear_object (&entry);
  g_assert_true (fd_journal_set_note (blind, id2, "from the other desk object", &error));
  g_assert_no_error (error);
  /* ...but a call no journal here ever read cannot be marked blind. */
  g_assert_false (fd_journal_set_handled (blind, id2 + 1000, FALSE, &error));
  g_assert_cmpstr (error->message, ==,
                   "The journal database server cannot be reached; check its host name and port.");
  g_clear_error (&error);

  /* Back: the listener's retry sends it all, no write needed. */
  restart ();
  WAIT_UNTIL (raw_count ("SELECT count(*) FROM calls WHERE call_id = 'm3' AND handled = 1"
                         " AND note = 'left a message'") == 1);
  state = raw_text ("SELECT string_agg (call_id || ':' || handled || ':' || coalesce (handled_by, '-')"
                    " || ':' || coalesce (note, '-'), ',' ORDER BY call_id) FROM calls");
  g_assert_cmpstr (state, ==, "m1:1:-:second,m2:1:Bea:from the other desk object,m3:1:-:left a message");
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls WHERE handled_time IS NULL"), ==, 0);
  g_assert_cmpuint (fd_journal_get_n_waiting (journal), ==, 0);
  /* Online again: a new mark goes straight through, after the old ones. */
  g_assert_true (fd_journal_set_handled (journal, id1, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls WHERE handled = 0"), ==, 1);
}

static void
on_history_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray **entries = data;

  *entries = fd_desk_read_history_finish (FD_DESK (source), result, &error);
  g_assert_no_error (error);
}

/* A row another desk wrote, which this process has not read. */
static gint64
raw_insert (const char *call_id)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO calls (call_id, end_time, outcome)"
                                          " VALUES ('%s', '2024-01-31T07:00:00.000000Z', 'missed')"
                                          " RETURNING id", call_id);

  return raw_count (sql);
}

/* The desk writes through its worker's journal and the window shows rows
 * through the main one: with the server away, a mark on a call the desk
 * recorded (a notification's "Mark handled") or on one the History page
 * read through the worker waits, and the main journal shows it marked. */
static void
test_desk_marks_offline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (gint64));
  DeskRun run = { 0 };
  gint64 recorded, read, unread;

  desk_run_start (&run, f);
  desk_run_load (&run, "0.0 ring a id=d1 from=+3612345001 to=1001\n0.4 end a\n");
  WAIT_UNTIL (run.ids->len == 1);
  fd_poller_stop (fd_desk_get_poller (run.desk));
  recorded = g_array_index (run.ids, gint64, 0);
  g_assert_cmpint (recorded, >, 0);
  read = raw_insert ("d2");
  unread = raw_insert ("d3");
  fd_desk_read_history_async (run.desk, FD_JOURNAL_FILTER_ALL, "d2", 0, 50, NULL, on_history_read, &page);
  WAIT_UNTIL (page != NULL);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (fd_journal_entry_get_id (g_ptr_array_index (page, 0)), ==, read);

  crash ();
  g_signal_connect (run.journal, "changed", G_CALLBACK (on_changed), changes);
  fd_desk_set_handled (run.desk, recorded, TRUE);
  fd_desk_set_note (run.desk, read, "called back");
  WAIT_UNTIL (array_has (changes, recorded) && array_has (changes, read));
  /* The status line says the marks are kept, not just that the server is away. */
  g_assert_cmpstr (fd_desk_get_journal_error (run.desk), ==,
                   "Journal offline: 2 changes wait on this computer and are sent when the database is back.");
  entry = lookup (run.journal, recorded);
  g_assert_true (fd_journal_entry_get_handled (entry));
  g_clear_object (&entry);
  entry = lookup (run.journal, read);
  g_assert_cmpstr (fd_journal_entry_get_note (entry), ==, "called back");
  g_clear_object (&entry);
  fd_desk_set_handled (run.desk, unread, TRUE);
  /* Said in the status line in place of the changes waiting. */
  WAIT_UNTIL (g_strcmp0 (fd_desk_get_journal_error (run.desk),
                         "The journal database server cannot be reached; check its host name and port.") == 0);

  restart ();
  WAIT_UNTIL (raw_count ("SELECT count(*) FROM calls WHERE call_id = 'd1' AND handled = 1") == 1 &&
              raw_count ("SELECT count(*) FROM calls WHERE call_id = 'd2' AND note = 'called back'") == 1);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls WHERE handled = 1"), ==, 1);
  WAIT_UNTIL (fd_desk_get_journal_error (run.desk) == NULL);
  desk_run_stop (&run);
}

/* The calls waiting in the outbox file at @path, read as a journal. */
static guint
count_waiting (const char *path)
{
  g_autoptr(FdJournal) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || (outbox = fd_journal_open (path, NULL)) == NULL)
    return 0;
  entries = fd_journal_list (outbox, FD_JOURNAL_FILTER_ALL, NULL, 0, NULL);
  return entries != NULL ? entries->len : 0;
}

/* `frontdesk --watch --record` started while the database is down: it
 * does not exit, it keeps the calls, and they reach the server once it
 * is back (its listener retries on its own). The password comes from
 * PGPASSFILE, never the command line. */
static void
test_recorder_starts_offline (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fd_simulator_listen (sim, 0, &error);
  g_autofree char *uri = fd_pg_test_server_uri (server, NULL, "?sslmode=disable");
  g_autofree char *passfile = g_build_filename (cache_dir, "pgpass", NULL);
  g_autofree char *outbox = dup_outbox_path ();
  g_autofree char *line = g_strdup_printf ("127.0.0.1:%u:*:" FD_PG_TEST_USER ":" FD_PG_TEST_PASSWORD "\n",
                                           fd_pg_test_server_port (server));
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PGPASSFILE", passfile, TRUE);
  const char *argv[] = { FRONTDESK_BIN, "--watch", "--record", "--journal", uri, "--url", url,
                         "--interval", "0.2", NULL };
  int status = 0;
  GPid pid;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (passfile, line, -1, NULL));
  g_assert_cmpint (g_chmod (passfile, 0600), ==, 0);
  crash ();
  g_assert_true (g_spawn_async (NULL, (char **) argv, env,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  fd_simulator_load_scenario_data (sim,
                                   "0.5 ring a id=r1 from=+3612345001 to=1001\n"
                                   "0.5 ring b id=r2 from=+3612345002 to=1001\n"
                                   "1.5 end a\n"
                                   "1.5 end b\n", &error);
  g_assert_no_error (error);
  WAIT_UNTIL (count_waiting (outbox) == 2);
  g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
  restart ();
  WAIT_UNTIL (raw_count ("SELECT count(*) FROM calls WHERE call_id IN ('r1', 'r2')") == 2);
  g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 2);
  fd_simulator_stop (sim);
  g_unlink (passfile);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache_dir = g_dir_make_tmp ("fd-pg-offline-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  server = fd_pg_test_server_start (FALSE, &error);
  g_assert_no_error (error);
  g_test_add ("/journal-pg-offline/open-offline", Fixture, NULL, setup, test_open_offline, teardown);
  g_test_add ("/journal-pg-offline/reads-wait-for-listener", Fixture, NULL, setup,
              test_reads_wait_for_listener, teardown);
  g_test_add ("/journal-pg-offline/desk-starts-offline", Fixture, NULL, setup,
              test_desk_starts_offline, teardown);
  g_test_add ("/journal-pg-offline/desk-restarts-offline", Fixture, NULL, setup,
              test_desk_restarts_offline, teardown);
  g_test_add ("/journal-pg-offline/recorder-starts-offline", Fixture, NULL, setup,
              test_recorder_starts_offline, teardown);
  g_test_add ("/journal-pg-offline/marks-offline", Fixture, NULL, setup, test_marks_offline, teardown);
  g_test_add ("/journal-pg-offline/desk-marks-offline", Fixture, NULL, setup, test_desk_marks_offline,
              teardown);
  status = g_test_run ();
  fd_pg_test_server_stop (server);
  {
    g_autofree char *frontdesk = g_build_filename (cache_dir, "frontdesk", NULL);

    g_rmdir (frontdesk);
    g_rmdir (cache_dir);
    g_free (cache_dir);
  }
  return status;
}
