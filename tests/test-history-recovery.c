/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PBX's call history: the parser on both products' answers, and
 * FdHistoryRecovery against the in-process simulator (both dialects) and
 * a SoupServer that sends what no PBX should.
 */

#include "config.h"

#include "fd-call-control.h"
#include "fd-client.h"
#include "fd-error.h"
#include "fd-history-parser.h"
#include "fd-history-recovery.h"
#include "fd-journal.h"
#include "fd-simulator.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include <string.h>

#define WAIT_SECONDS 10.0

#define XE_HISTORY \
  "<?xml version=\"1.0\"?>\n" \
  "<Response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" \
  " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n" \
  "<Code>200</Code>\n<Message>Command successfully executed</Message>\n" \
  "<NumberOfCalls>2</NumberOfCalls>\n<Calls>\n" \
  "<Call><StartTime>2013-08-13 08:02:50</StartTime><Direction>Internal</Direction>" \
  "<Source>1003</Source><Destination>50</Destination><State>TransferCompleted</State>" \
  "<Dialed>50</Dialed><CallerId>1003</CallerId><Type>Audio</Type><CallId>20GPS3</CallId></Call>\n" \
  "<Call><StartTime>2013-08-13 08:02:56</StartTime><Direction>Internal</Direction>" \
  "<Source>1003</Source><Destination>1001</Destination><State>CalleeHungUp</State>" \
  "<Dialed>1001</Dialed><CallerId>Kovács Éva</CallerId><Type>Audio</Type><CallId>2Fqjg2</CallId></Call>\n" \
  "</Calls>\n</Response>\n"

#define OZEKI10_CALL(id, state) \
  "<StartTime>2019-04-09 10:34:07</StartTime><Source>103</Source>" \
  "<Destination>101</Destination><State>" state "</State><CallId>" id "</CallId>"

#define ACTIVE_CALLS \
  "<?xml version=\"1.0\"?>\n<Response><Code>200</Code><Message>Command successfully executed</Message>" \
  "<ActiveCalls><CallInfo><CallState>Ringing</CallState><CallId>uteom</CallId>" \
  "<StartTime>2013-07-01T10:49:07.9558+02:00</StartTime></CallInfo></ActiveCalls></Response>"

/* ---- waiting ------------------------------------------------------------- */

static gboolean
on_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_FOR(cond)                                                           \
  G_STMT_START {                                                                 \
    gint64 end_ = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC); \
    guint wake_ = g_timeout_add (20, on_wake, NULL);                             \
    while (!(cond))                                                              \
      {                                                                          \
        if (g_get_monotonic_time () > end_)                                      \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE);                                   \
      }                                                                          \
    g_source_remove (wake_);                                                     \
  } G_STMT_END

/* ---- parser ------------------------------------------------------------- */

static FdResponse *
parse_ok (const char *body)
{
  g_autoptr(GError) error = NULL;
  FdResponse *response = fd_history_parse (body, strlen (body), &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

static char *
parse_error (const char *body,
             gsize       length,
             int         code)
{
  g_autoptr(GError) error = NULL;
  FdResponse *response = fd_history_parse (body, length, &error);

  g_assert_null (response);
  g_assert_error (error, FD_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
  return g_strdup (error->message);
}

static void
test_parse_xe (void)
{
  g_autoptr(FdResponse) response = parse_ok (XE_HISTORY);
  g_autoptr(GDateTime) expected = g_date_time_new_local (2013, 8, 13, 8, 2, 50);
  FdCall *call;

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpint (fd_history_response_info (response)->total, ==, 2);
  g_assert_cmpint (fd_history_response_info (response)->dialect, ==, FD_DIALECT_XE);
  g_assert_cmpuint (response->calls->len, ==, 2);
  call = g_ptr_array_index (response->calls, 0);
  g_assert_cmpstr (fd_call_get_id (call), ==, "20GPS3");
  g_assert_cmpstr (fd_call_get_state (call), ==, "TransferCompleted");
  g_assert_cmpstr (fd_call_get_source (call), ==, "1003");
  g_assert_cmpstr (fd_call_get_destination (call), ==, "50");
  g_assert_cmpstr (fd_call_get_caller_dialed (call), ==, "50");
  g_assert_true (g_date_time_equal (fd_call_get_start_time (call), expected));
  call = g_ptr_array_index (response->calls, 1);
  g_assert_cmpstr (fd_call_get_caller_id (call), ==, "Kovács Éva");
}

/* Ozeki 10's page leaves open whether <CallHistory> wraps the calls or is
 * each call: both are read, and the spelling marks the dialect. */
static void
test_parse_ozeki10 (void)
{
  const char *wrapped =
    "<Response><Code>200</Code><TotalRecords>2</TotalRecords><CallHistory>"
    "<Call>" OZEKI10_CALL ("1vQHKd", "CallerHangUp") "</Call>"
    "<Call>" OZEKI10_CALL ("1zS1b3", "CalleeHungUp") "</Call></CallHistory></Response>";
  const char *each =
    "<Response><Code>200</Code><TotalRecords>2</TotalRecords>"
    "<CallHistory>" OZEKI10_CALL ("1vQHKd", "CallerHangUp") "</CallHistory>"
    "<CallHistory>" OZEKI10_CALL ("1zS1b3", "CalleeHungUp") "</CallHistory></Response>";
  const char *bodies[] = { wrapped, each };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(FdResponse) response = parse_ok (bodies[i]);

      g_assert_cmpint (fd_history_response_info (response)->dialect, ==, FD_DIALECT_OZEKI10);
      g_assert_cmpint (fd_history_response_info (response)->total, ==, 2);
      g_assert_cmpuint (response->calls->len, ==, 2);
      g_assert_cmpstr (fd_call_get_id (g_ptr_array_index (response->calls, 1)), ==, "1zS1b3");
      g_assert_cmpstr (fd_call_get_state (g_ptr_array_index (response->calls, 0)), ==, "CallerHangUp");
    }
}

static void
test_parse_unknown_state_and_empty (void)
{
  g_autoptr(FdResponse) odd = parse_ok ("<Response><Code>200</Code><Calls><Call>"
                                        OZEKI10_CALL ("x1", "RoutedToVoicemail") "</Call></Calls></Response>");
  g_autoptr(FdResponse) empty = parse_ok ("<Response><Code>200</Code><NumberOfCalls>0</NumberOfCalls>"
                                          "<Calls /></Response>");

  g_assert_cmpstr (fd_call_get_state (g_ptr_array_index (odd->calls, 0)), ==, "RoutedToVoicemail");
  g_assert_cmpint (fd_history_response_info (odd)->total, ==, -1);
  g_assert_cmpuint (empty->calls->len, ==, 0);
  g_assert_cmpint (fd_history_response_info (empty)->total, ==, 0);
}

static void
test_parse_refused (void)
{
  g_autofree char *active = parse_error (ACTIVE_CALLS, strlen (ACTIVE_CALLS), FD_ERROR_PARSE);
  g_autofree char *no_id = NULL;
  g_autofree char *bad_time = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *count = NULL;
  g_autofree char *huge_message = NULL;
  g_autofree char *huge = g_malloc (FD_HISTORY_MAX_INPUT + 2);
  const char *body;

  g_assert_nonnull (strstr (active, "not a call history"));
  body = "<Response><Code>200</Code><Calls><Call><StartTime>2019-04-09 10:34:07</StartTime></Call></Calls></Response>";
  no_id = parse_error (body, strlen (body), FD_ERROR_PARSE);
  g_assert_cmpstr (no_id, ==, "call 1 of the history has no <CallId>");
  body = "<Response><Code>200</Code><Calls><Call><CallId>a</CallId><StartTime>soon</StartTime></Call></Calls></Response>";
  bad_time = parse_error (body, strlen (body), FD_ERROR_PARSE);
  g_assert_nonnull (strstr (bad_time, "“soon”"));
  body = "<Response><Code>200</Code><Calls><Call><CallId>a";
  cut = parse_error (body, strlen (body), FD_ERROR_PARSE);
  g_assert_nonnull (strstr (cut, "cut short"));
  body = "<Response><Code>200</Code><NumberOfCalls>many</NumberOfCalls><Calls /></Response>";
  count = parse_error (body, strlen (body), FD_ERROR_PARSE);
  g_assert_nonnull (strstr (count, "not a number"));

  memset (huge, ' ', FD_HISTORY_MAX_INPUT + 1);
  memcpy (huge, "<Response>", 10);
  huge_message = parse_error (huge, FD_HISTORY_MAX_INPUT + 1, FD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (huge_message, "4 MiB"));
}

/* A refusal is the client's to report: the parse itself succeeds. */
static void
test_parse_api_code (void)
{
  g_autoptr(FdResponse) response =
    parse_ok ("<Response><Code>305</Code><Message>Authentication failed</Message></Response>");

  g_assert_cmpint (response->code, ==, 305);
  g_assert_null (response->payload);
}

/* ---- recovery: fixture -------------------------------------------------- */

typedef struct {
  char              *dir;
  FdJournal         *journal;
  FdSimulator       *sim;
  SoupServer        *server;       /* the odd answers; NULL unless used */
  const char        *body;         /* what it sends */
  gsize              body_length;
  FdClient          *client;
  FdHistoryRecovery *recovery;
  guint              n_finished;
  guint              last_added;
} Fixture;

static void
on_finished (FdHistoryRecovery *recovery,
             guint              added,
             Fixture           *f)
{
  f->n_finished++;
  f->last_added = added;
}

static void
make_recovery (Fixture    *f,
               const char *url)
{
  f->client = fd_client_new (url);
  f->recovery = fd_history_recovery_new (f->client, f->journal);
  g_signal_connect (f->recovery, "finished", G_CALLBACK (on_finished), f);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("fd-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "journal.db", NULL);
  f->journal = fd_journal_open (path, &error);
  g_assert_no_error (error);
}

static void
setup_sim (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  setup (f, data);
  f->sim = fd_simulator_new ();
  fd_simulator_set_dialect (f->sim, GPOINTER_TO_INT (data) ? FD_DIALECT_OZEKI10 : FD_DIALECT_XE);
  url = fd_simulator_listen (f->sim, 0, &error);
  g_assert_no_error (error);
  make_recovery (f, url);
}

static void
serve_body (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  Fixture *f = data;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC, f->body, f->body_length);
}

static void
setup_server (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;

  setup (f, data);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, serve_body, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  make_recovery (f, url);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_strdup (fd_journal_get_path (f->journal));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->recovery);
  g_clear_object (&f->client);
  g_clear_object (&f->sim);
  g_clear_object (&f->server);
  g_clear_object (&f->journal);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
entries (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = fd_journal_list (f->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);

  g_assert_no_error (error);
  return list;
}

/* One read, start to "finished"; returns how many it added. */
static guint
recover (Fixture *f)
{
  guint before = f->n_finished;

  fd_history_recovery_run (f->recovery);
  WAIT_FOR (f->n_finished > before);
  return f->last_added;
}

/* ---- recovery: tests ---------------------------------------------------- */

static void
test_sub_interval_ring (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = fd_simulator_ring_briefly (f->sim, "+3612345678", "1001", FALSE);
  g_autoptr(GPtrArray) list = NULL;
  FdJournalEntry *entry;
  FdCall *call;

  g_assert_cmpuint (fd_simulator_get_n_calls (f->sim), ==, 0);
  g_assert_cmpuint (recover (f), ==, 1);
  g_assert_null (fd_history_recovery_get_error (f->recovery));
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 1);
  entry = g_ptr_array_index (list, 0);
  call = fd_journal_entry_get_call (entry);
  g_assert_cmpstr (fd_call_get_id (call), ==, id);
  g_assert_cmpstr (fd_call_get_source (call), ==, "+3612345678");
  g_assert_cmpstr (fd_call_get_state (call), ==, "CallerHangUp");
  g_assert_cmpint (fd_journal_entry_get_source (entry), ==, FD_JOURNAL_SOURCE_PBX_HISTORY);
  g_assert_cmpint (fd_journal_entry_get_outcome (entry), ==, FD_CALL_OUTCOME_MISSED);

  /* The second read finds the same call and adds nothing. */
  g_assert_cmpuint (recover (f), ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (fd_history_recovery_get_n_added (f->recovery), ==, 1);
}

/* Ozeki 10 answers GetCallHistory with 301: the client asks again as
 * ListCallHistory and keeps that name. */
static void
test_ozeki10 (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = fd_simulator_ring_briefly (f->sim, "103", "101", TRUE);
  g_autoptr(GPtrArray) list = NULL;
  guint64 requests;
  FdJournalEntry *entry;

  g_assert_cmpuint (recover (f), ==, 1);
  g_assert_cmpuint (fd_simulator_get_n_requests (f->sim), ==, 2);
  list = entries (f);
  entry = g_ptr_array_index (list, 0);
  g_assert_cmpstr (fd_call_get_id (fd_journal_entry_get_call (entry)), ==, id);
  g_assert_cmpstr (fd_call_get_state (fd_journal_entry_get_call (entry)), ==, "CalleeHungUp");
  g_assert_cmpint (fd_journal_entry_get_outcome (entry), ==, FD_CALL_OUTCOME_ANSWERED);

  requests = fd_simulator_get_n_requests (f->sim);
  g_assert_cmpuint (recover (f), ==, 0);
  g_assert_cmpuint (fd_simulator_get_n_requests (f->sim), ==, requests + 1);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GPtrArray **calls = data;
  g_autoptr(GError) error = NULL;

  *calls = fd_client_list_calls_finish (FD_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static void
on_control (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = fd_call_control_finish (FD_CLIENT (source), result, &error);

  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* The poller saw the call (XE gives its start with a fraction of a
 * second) and journaled it as the app does; the history, in whole
 * seconds, must not make a second row of it. */
static void
test_poller_recorded (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean hung_up = FALSE;
  FdCall *call;

  fd_simulator_load_scenario_data (f->sim, "0 ring c1 from=1000 to=1001\n", &error);
  g_assert_no_error (error);
  WAIT_FOR (fd_simulator_get_n_calls (f->sim) == 1);
  fd_client_list_calls_async (f->client, NULL, on_listed, &calls);
  WAIT_FOR (calls != NULL);
  g_assert_cmpuint (calls->len, ==, 1);
  call = g_ptr_array_index (calls, 0);
  g_assert_nonnull (strchr (fd_call_get_start_time_raw (call), '.'));
  fd_call_control_async (f->client, FD_CALL_ACTION_HANGUP, fd_call_get_id (call), NULL, NULL, NULL,
                         on_control, &hung_up);
  WAIT_FOR (hung_up);
  g_assert_cmpint (fd_journal_add (f->journal, call, FD_CALL_OUTCOME_MISSED, NULL, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpuint (recover (f), ==, 0);
  g_assert_null (fd_history_recovery_get_error (f->recovery));
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (fd_journal_entry_get_source (g_ptr_array_index (list, 0)), ==, FD_JOURNAL_SOURCE_POLL);
}

/* A call the PBX ended but the poller still holds is the poller's to
 * journal at its next poll: the history leaves it until the tracker lets
 * it go. */
static void
test_tracker_holds (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(FdCallTracker) tracker = fd_call_tracker_new ();
  gboolean hung_up = FALSE;

  fd_simulator_load_scenario_data (f->sim, "0 ring c1 from=1000 to=1001\n", &error);
  g_assert_no_error (error);
  WAIT_FOR (fd_simulator_get_n_calls (f->sim) == 1);
  fd_client_list_calls_async (f->client, NULL, on_listed, &calls);
  WAIT_FOR (calls != NULL);
  fd_call_tracker_apply (tracker, calls);
  fd_history_recovery_set_tracker (f->recovery, tracker);
  fd_call_control_async (f->client, FD_CALL_ACTION_HANGUP,
                         fd_call_get_id (g_ptr_array_index (calls, 0)), NULL, NULL, NULL,
                         on_control, &hung_up);
  WAIT_FOR (hung_up);

  g_assert_cmpuint (recover (f), ==, 0);
  fd_call_tracker_apply (tracker, none);
  g_assert_cmpuint (recover (f), ==, 1);
}

/* More calls than one page holds: every page is read. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  guint n = FD_HISTORY_RECOVERY_ROWS_PER_PAGE + 20;
  g_autoptr(GPtrArray) list = NULL;

  for (guint i = 0; i < n; i++)
    g_free (fd_simulator_ring_briefly (f->sim, "1000", "1001", i % 2 == 0));
  g_assert_cmpuint (recover (f), ==, n);
  g_assert_cmpuint (fd_simulator_get_n_requests (f->sim), ==, 2);
  list = entries (f);
  g_assert_cmpuint (list->len, ==, n);
}

static void
test_timer (Fixture       *f,
            gconstpointer  data)
{
  fd_history_recovery_set_interval (f->recovery, 0.2);
  fd_history_recovery_start (f->recovery);
  WAIT_FOR (f->n_finished == 1);
  g_assert_cmpuint (f->last_added, ==, 0);
  g_free (fd_simulator_ring_briefly (f->sim, "1000", "1001", FALSE));
  /* Nobody calls run(): the timer does. */
  WAIT_FOR (fd_history_recovery_get_n_added (f->recovery) == 1);
  fd_history_recovery_stop (f->recovery);
  g_assert_cmpuint (f->n_finished, >=, 2);
}

/* The first good poll starts the reads; a poller that comes back online
 * after an outage starts another. */
static void
test_after_outage (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FdCallTracker) tracker = fd_call_tracker_new ();
  g_autoptr(FdPoller) poller = fd_poller_new (f->client, tracker);

  fd_history_recovery_follow_poller (f->recovery, poller);
  fd_poller_set_interval (poller, 0.2);
  fd_simulator_set_fault (f->sim, FD_SIM_FAULT_HTTP_500, 0);
  fd_poller_start (poller);
  WAIT_FOR (fd_poller_get_state (poller) == FD_CONNECTION_OFFLINE);
  g_assert_cmpuint (f->n_finished, ==, 0);
  g_free (fd_simulator_ring_briefly (f->sim, "1000", "1001", FALSE));
  fd_simulator_set_fault (f->sim, FD_SIM_FAULT_NONE, 0);
  WAIT_FOR (f->n_finished == 1);
  g_assert_cmpuint (f->last_added, ==, 1);

  /* The second outage: back online, read again (the timer is 10 min). */
  fd_simulator_set_fault (f->sim, FD_SIM_FAULT_HTTP_500, 0);
  WAIT_FOR (fd_poller_get_state (poller) == FD_CONNECTION_OFFLINE);
  g_free (fd_simulator_ring_briefly (f->sim, "1000", "1002", TRUE));
  fd_simulator_set_fault (f->sim, FD_SIM_FAULT_NONE, 0);
  WAIT_FOR (f->n_finished == 2);
  g_assert_cmpuint (f->last_added, ==, 1);
  g_assert_cmpuint (fd_history_recovery_get_n_added (f->recovery), ==, 2);
  fd_poller_stop (poller);
}

/* What the PBX's history answers when it is not one: one sentence,
 * nothing journaled, and the last check stays where it was. */
static void
assert_refused (Fixture    *f,
                const char *expected)
{
  g_autoptr(GPtrArray) list = NULL;
  const char *message;

  g_assert_cmpuint (recover (f), ==, 0);
  message = fd_history_recovery_get_error (f->recovery);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, expected));
  g_assert_null (strchr (message, '\n'));
  g_assert_true (g_str_has_prefix (message, "The PBX's call history could not be read: "));
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_garbled (Fixture       *f,
              gconstpointer  data)
{
  f->body = "<Response><Code>200</Code><Calls><Call><CallId>a1</CallId><StartTime>2024-";
  f->body_length = strlen (f->body);
  assert_refused (f, "cut short");
}

static void
test_huge (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *huge = g_malloc (FD_HISTORY_MAX_INPUT + 100);

  memset (huge, ' ', FD_HISTORY_MAX_INPUT + 100);
  memcpy (huge, XE_HISTORY, strlen (XE_HISTORY));
  f->body = huge;
  f->body_length = FD_HISTORY_MAX_INPUT + 100;
  assert_refused (f, "larger than 4 MiB");
}

static void
test_unknown_dialect (Fixture       *f,
                      gconstpointer  data)
{
  f->body = ACTIVE_CALLS;
  f->body_length = strlen (f->body);
  assert_refused (f, "not a call history");
}

/* A good answer after a bad one clears the sentence; the calls it names
 * (from 2013) are older than the look-back, so none is added. */
static void
test_error_clears (Fixture       *f,
                   gconstpointer  data)
{
  f->body = ACTIVE_CALLS;
  f->body_length = strlen (f->body);
  assert_refused (f, "not a call history");
  f->body = XE_HISTORY;
  f->body_length = strlen (f->body);
  g_assert_cmpuint (recover (f), ==, 0);
  g_assert_null (fd_history_recovery_get_error (f->recovery));
}

/* ---- schema ------------------------------------------------------------- */

static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A version 2 journal gains the meta table and keeps its calls. */
static void
test_upgrade_to_3 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (fd_journal_get_path (f->journal));
  g_autoptr(FdCall) call = fd_call_new ("kept");
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_cmpint (fd_journal_add (f->journal, call, FD_CALL_OUTCOME_MISSED, NULL, &error), >, 0);
  g_clear_object (&f->journal);
  exec_raw (path, "DROP TABLE meta; PRAGMA user_version = 2;");

  f->journal = fd_journal_open (path, &error);
  g_assert_no_error (error);
  g_assert_null (fd_journal_dup_meta (f->journal, "history-checked x", &error));
  g_assert_no_error (error);
  g_assert_true (fd_journal_set_meta (f->journal, "history-checked x", "2024-01-31T08:00:00Z", &error));
  value = fd_journal_dup_meta (f->journal, "history-checked x", &error);
  g_assert_cmpstr (value, ==, "2024-01-31T08:00:00Z");
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history-parser/xe", test_parse_xe);
  g_test_add_func ("/history-parser/ozeki10", test_parse_ozeki10);
  g_test_add_func ("/history-parser/unknown-state-and-empty", test_parse_unknown_state_and_empty);
  g_test_add_func ("/history-parser/refused", test_parse_refused);
  g_test_add_func ("/history-parser/api-code", test_parse_api_code);

  g_test_add ("/history-recovery/sub-interval-ring", Fixture, GINT_TO_POINTER (0),
              setup_sim, test_sub_interval_ring, teardown);
  g_test_add ("/history-recovery/ozeki10", Fixture, GINT_TO_POINTER (1),
              setup_sim, test_ozeki10, teardown);
  g_test_add ("/history-recovery/poller-recorded", Fixture, GINT_TO_POINTER (0),
              setup_sim, test_poller_recorded, teardown);
  g_test_add ("/history-recovery/tracker-holds", Fixture, GINT_TO_POINTER (0),
              setup_sim, test_tracker_holds, teardown);
  g_test_add ("/history-recovery/pages", Fixture, GINT_TO_POINTER (0),
              setup_sim, test_pages, teardown);
  g_test_add ("/history-recovery/timer", Fixture, GINT_TO_POINTER (0),
              setup_sim, test_timer, teardown);
  g_test_add ("/history-recovery/after-outage", Fixture, GINT_TO_POINTER (0),
              setup_sim, test_after_outage, teardown);
  g_test_add ("/history-recovery/garbled", Fixture, NULL, setup_server, test_garbled, teardown);
  g_test_add ("/history-recovery/huge", Fixture, NULL, setup_server, test_huge, teardown);
  g_test_add ("/history-recovery/unknown-dialect", Fixture, NULL,
              setup_server, test_unknown_dialect, teardown);
  g_test_add ("/history-recovery/error-clears", Fixture, NULL, setup_server, test_error_clears, teardown);
  g_test_add ("/history-recovery/upgrade-to-3", Fixture, NULL, setup, test_upgrade_to_3, teardown);

  return g_test_run ();
}
