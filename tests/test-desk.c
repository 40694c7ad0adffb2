/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-list.h"
#include "fd-desk.h"
#include "gui-test-utils.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

/* FdDesk against an in-process SoupServer serving one call whose state the
 * test sets (NULL: no call). */
typedef struct {
  SoupServer *server;
  FdDesk     *desk;
  const char *state;
  char       *dir;
  gint64      ended_id;
  int         ended_outcome;
  guint       n_ended;
  guint       state_notifies;
  guint       ticks;
} Fixture;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *body = NULL;

  if (f->state == NULL)
    body = g_strdup ("<Response><Code>200</Code><Message>ok</Message><ActiveCalls /></Response>");
  else
    body = g_strdup_printf ("<Response><Code>200</Code><Message>ok</Message><ActiveCalls><CallInfo>"
                            "<CallId>c1</CallId><CallState>%s</CallState><Source>+3612345678</Source>"
                            "<Destination>1001</Destination></CallInfo></ActiveCalls></Response>",
                            f->state);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
on_call_ended (FdDesk        *desk,
               FdCall        *call,
               FdCallOutcome  outcome,
               gint64         journal_id,
               Fixture       *f)
{
  f->n_ended++;
  f->ended_id = journal_id;
  f->ended_outcome = outcome;
}

static void
on_state_notify (Fixture *f)
{
  f->state_notifies++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdClient) client = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = fd_client_new (url);
  f->desk = fd_desk_new (client);
  fd_poller_set_interval (fd_desk_get_poller (f->desk), 0.2);
  f->dir = g_dir_make_tmp ("fd-desk-XXXXXX", &error);
  g_assert_no_error (error);
  g_signal_connect (f->desk, "call-ended", G_CALLBACK (on_call_ended), f);
  g_signal_connect_swapped (f->desk, "notify::connection-state", G_CALLBACK (on_state_notify), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "journal.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&f->desk);
  g_clear_object (&f->server);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
use_journal (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "journal.db", NULL);
  g_autoptr(FdJournal) journal = fd_journal_open (path, &error);

  g_assert_no_error (error);
  fd_desk_set_journal (f->desk, journal);
}

/* The property is a real enum GType, so bindings and GtkBuilder see names. */
static void
test_connection_state_enum (Fixture       *f,
                            gconstpointer  data)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (f->desk), "connection-state");
  g_autoptr(GEnumClass) klass = g_type_class_ref (FD_TYPE_CONNECTION_STATE);

  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_cmpint (pspec->value_type, ==, FD_TYPE_CONNECTION_STATE);
  g_assert_nonnull (g_enum_get_value (klass, FD_CONNECTION_AUTH_FAILED));
  g_assert_cmpint (fd_desk_get_connection_state (f->desk), ==, FD_CONNECTION_STOPPED);
  fd_poller_start (fd_desk_get_poller (f->desk));
  FD_TEST_WAIT_FOR (fd_desk_get_connection_state (f->desk) == FD_CONNECTION_ONLINE, 5);
  g_assert_cmpuint (f->state_notifies, >, 0);
}

/* A ringing call counts in n-calls and n-ringing; when it ends unanswered
 * the journal already holds it as the signal arrives, with its id. */
static void
test_missed_call_carries_journal_id (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  use_journal (f);
  f->state = "Ringing";
  fd_poller_start (fd_desk_get_poller (f->desk));
  FD_TEST_WAIT_FOR (fd_desk_get_n_ringing (f->desk) == 1, 5);
  g_assert_cmpuint (fd_desk_get_n_calls (f->desk), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fd_desk_get_calls (f->desk)), ==, 1);
  g_assert_cmpuint (fd_desk_get_missed_count (f->desk), ==, 0);

  f->state = NULL;
  FD_TEST_WAIT_FOR (f->n_ended == 1, 5);
  g_assert_cmpint (f->ended_outcome, ==, FD_CALL_OUTCOME_MISSED);
  g_assert_cmpint (f->ended_id, >, 0);
  entry = fd_journal_lookup (fd_desk_get_journal (f->desk), f->ended_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_call_get_id (fd_journal_entry_get_call (entry)), ==, "c1");
  g_assert_cmpint (fd_journal_entry_get_outcome (entry), ==, FD_CALL_OUTCOME_MISSED);
  /* Keyed by the PBX as a recorder keys it, so both make one row. */
  g_assert_cmpstr (fd_journal_entry_get_pbx (entry), ==,
                   fd_client_get_url (fd_desk_get_client (f->desk)));
  g_assert_cmpuint (fd_desk_get_n_calls (f->desk), ==, 0);
  g_assert_cmpuint (fd_desk_get_n_ringing (f->desk), ==, 0);
  FD_TEST_WAIT_FOR (fd_desk_get_missed_count (f->desk) == 1, 5);

  /* Marked handled anywhere, the count follows. */
  g_assert_true (fd_journal_set_handled (fd_desk_get_journal (f->desk), f->ended_id, TRUE, &error));
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (fd_desk_get_missed_count (f->desk) == 0, 5);
  g_assert_null (fd_desk_get_journal_error (f->desk));
}

/* Without a journal the desk counts this session's missed calls until the
 * user has looked; an answered call does not count. */
static void
test_session_count_without_journal (Fixture       *f,
                                    gconstpointer  data)
{
  f->state = "Ringing";
  fd_poller_start (fd_desk_get_poller (f->desk));
  FD_TEST_WAIT_FOR (fd_desk_get_n_ringing (f->desk) == 1, 5);
  f->state = NULL;
  FD_TEST_WAIT_FOR (f->n_ended == 1, 5);
  g_assert_cmpint (f->ended_id, ==, 0);
  g_assert_cmpuint (fd_desk_get_missed_count (f->desk), ==, 1);
  fd_desk_reset_missed (f->desk);
  g_assert_cmpuint (fd_desk_get_missed_count (f->desk), ==, 0);

  f->state = "InCall";
  FD_TEST_WAIT_FOR (fd_desk_get_n_calls (f->desk) == 1, 5);
  g_assert_cmpuint (fd_desk_get_n_ringing (f->desk), ==, 0);
  f->state = NULL;
  FD_TEST_WAIT_FOR (f->n_ended == 2, 5);
  g_assert_cmpint (f->ended_outcome, ==, FD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpuint (fd_desk_get_missed_count (f->desk), ==, 0);
}

static gboolean
tick (gpointer data)
{
  Fixture *f = data;

  f->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Another connection holds the journal's write lock, as a slow disk or a
 * busy recorder would: the write waits, but the main loop keeps running
 * (a timeout source goes on firing, the call leaves the list), and the
 * call-ended with its journal id arrives once the lock is released. */
static void
test_slow_write_keeps_loop_running (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "journal.db", NULL);
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  guint source, ticks;

  use_journal (f);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  source = g_timeout_add (10, tick, f);

  f->state = "Ringing";
  fd_poller_start (fd_desk_get_poller (f->desk));
  FD_TEST_WAIT_FOR (fd_desk_get_n_calls (f->desk) == 1, 5);
  f->state = NULL;
  FD_TEST_WAIT_FOR (fd_desk_get_n_calls (f->desk) == 0, 5);
  ticks = f->ticks;
  FD_TEST_WAIT_FOR (f->ticks >= ticks + 20, 5);
  g_assert_cmpuint (f->n_ended, ==, 0);

  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  FD_TEST_WAIT_FOR (f->n_ended == 1, 5);
  g_assert_cmpint (f->ended_id, >, 0);
  entry = fd_journal_lookup (fd_desk_get_journal (f->desk), f->ended_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_call_get_id (fd_journal_entry_get_call (entry)), ==, "c1");
  g_assert_null (fd_desk_get_journal_error (f->desk));
  g_source_remove (source);
  sqlite3_close (db);
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
  g_assert_nonnull (*entries);
}

/* The first page of the history, read as the History page reads it:
 * through the desk's worker, behind the writes asked for before. */
static GPtrArray *
read_history (FdDesk *desk)
{
  GPtrArray *entries = NULL;

  fd_desk_read_history_async (desk, FD_JOURNAL_FILTER_ALL, NULL, 0, 50, NULL, on_history_read, &entries);
  FD_TEST_WAIT_FOR (entries != NULL, 5);
  return entries;
}

/* A read of the history follows the desk's writes: the ended call on top,
 * then, read right after marking it through the desk (no waiting for the
 * write), handled and with its note. */
static void
test_history_follows_writes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) page = NULL;
  FdJournalEntry *first;

  use_journal (f);
  page = read_history (f->desk);
  g_assert_cmpuint (page->len, ==, 0);
  g_clear_pointer (&page, g_ptr_array_unref);

  f->state = "Ringing";
  fd_poller_start (fd_desk_get_poller (f->desk));
  FD_TEST_WAIT_FOR (fd_desk_get_n_calls (f->desk) == 1, 5);
  f->state = NULL;
  FD_TEST_WAIT_FOR (f->n_ended == 1, 5);
  page = read_history (f->desk);
  g_assert_cmpuint (page->len, ==, 1);
  first = g_ptr_array_index (page, 0);
  g_assert_cmpint (fd_journal_entry_get_id (first), ==, f->ended_id);
  g_assert_false (fd_journal_entry_get_handled (first));
  g_assert_cmpuint (fd_desk_get_missed_count (f->desk), ==, 1);
  g_clear_pointer (&page, g_ptr_array_unref);

  fd_desk_set_handled (f->desk, f->ended_id, TRUE);
  fd_desk_set_note (f->desk, f->ended_id, "called back");
  page = read_history (f->desk);
  g_assert_cmpuint (page->len, ==, 1);
  first = g_ptr_array_index (page, 0);
  g_assert_true (fd_journal_entry_get_handled (first));
  g_assert_cmpstr (fd_journal_entry_get_note (first), ==, "called back");
  FD_TEST_WAIT_FOR (fd_desk_get_missed_count (f->desk) == 0, 5);
}

/* A write that fails says why in journal-error, and the call still ends. */
static void
test_failed_write_sets_error (Fixture       *f,
                              gconstpointer  data)
{
  use_journal (f);
  fd_desk_set_handled (f->desk, 4242, TRUE);
  FD_TEST_WAIT_FOR (fd_desk_get_journal_error (f->desk) != NULL, 5);
}

typedef struct {
  guint position, removed, added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
}

/* The desk's call list: arrival order, each change said at its position,
 * and the ringing count moved by state changes, not recounted. */
static void
test_call_list (void)
{
  g_autoptr(FdCallList) list = fd_call_list_new ();
  g_autoptr(FdCall) a = fd_call_new ("a");
  g_autoptr(FdCall) b = fd_call_new ("b");
  g_autoptr(FdCall) c = fd_call_new ("c");
  g_autoptr(FdCall) second = NULL;
  Change change = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &change);
  fd_call_set_state (a, "Ringing");
  fd_call_set_state (b, "InCall");
  fd_call_set_state (c, "Ringing");
  fd_call_list_append (list, a);
  fd_call_list_append (list, b);
  fd_call_list_append (list, c);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.added, ==, 1);
  fd_call_list_append (list, b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpuint (fd_call_list_get_n_ringing (list), ==, 2);

  fd_call_set_state (a, "InCall");
  fd_call_list_update (list, a);
  g_assert_cmpuint (fd_call_list_get_n_ringing (list), ==, 1);
  fd_call_list_update (list, a);
  g_assert_cmpuint (fd_call_list_get_n_ringing (list), ==, 1);

  g_assert_true (fd_call_list_remove (list, b));
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_false (fd_call_list_remove (list, b));
  second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (second == c);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 2));
  g_assert_true (fd_call_list_remove (list, c));
  g_assert_cmpuint (fd_call_list_get_n_ringing (list), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontdesk/desk/call-list", test_call_list);
  g_test_add ("/frontdesk/desk/connection-state-enum", Fixture, NULL, fixture_setup,
              test_connection_state_enum, fixture_teardown);
  g_test_add ("/frontdesk/desk/missed-call-carries-journal-id", Fixture, NULL, fixture_setup,
              test_missed_call_carries_journal_id, fixture_teardown);
  g_test_add ("/frontdesk/desk/session-count-without-journal", Fixture, NULL, fixture_setup,
              test_session_count_without_journal, fixture_teardown);

  g_test_add ("/frontdesk/desk/slow-write-keeps-loop-running", Fixture, NULL, fixture_setup,
              test_slow_write_keeps_loop_running, fixture_teardown);
  g_test_add ("/frontdesk/desk/history-follows-writes", Fixture, NULL, fixture_setup,
              test_history_follows_writes, fixture_teardown);
  g_test_add ("/frontdesk/desk/failed-write-sets-error", Fixture, NULL, fixture_setup,
              test_failed_write_sets_error, fixture_teardown);

  return g_test_run ();
}
