/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The missed-call inbox tells the truth (issue 11): the window while the
 * PBX is away, repeats as one row, and their bubbles. */
#include "config.h"

#include "fake-notification-server.h"
#include "fd-desk.h"
#include "fd-history-page.h"
#include "fd-notifier.h"
#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"
#include "journal-test-util.h"

#include <gtk/gtk.h>

#include <string.h>

typedef struct {
  FdSimulator   *simulator;
  FdClient      *client;
  FdDesk        *desk;
  FdCallTracker *tracker;   /* the desk's */
  FdPoller      *poller;    /* the desk's */
  FdWindow      *window;
} WinFixture;

static void
fixture_set_up (WinFixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->simulator = fd_simulator_new ();
  fd_simulator_load_scenario_data (f->simulator, "0.0 ring c1 id=call1 from=+3612345678 to=1001\n", &error);
  g_assert_no_error (error);
  url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);
  f->client = fd_client_new (url);
  f->desk = fd_desk_new (f->client);
  f->tracker = fd_desk_get_tracker (f->desk);
  f->poller = fd_desk_get_poller (f->desk);
  fd_poller_set_interval (f->poller, 0.2);
  f->window = g_object_ref_sink (fd_window_new (NULL, f->desk));
  gtk_widget_show (GTK_WIDGET (f->window));
  fd_poller_start (f->poller);
}

static void
fixture_tear_down (WinFixture       *f,
                   gconstpointer  data)
{
  fd_poller_stop (f->poller);
  fd_simulator_stop (f->simulator);
  gtk_widget_destroy (GTK_WIDGET (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
}

static GtkWidget *
calls_view (WinFixture *f)
{
  return GTK_WIDGET (fd_calls_page_get_tree_view (fd_window_get_calls_page (f->window)));
}

static gboolean
is_dimmed (WinFixture *f)
{
  GtkWidget *view = calls_view (f);

  return gtk_widget_get_opacity (view) < 1.0 &&
         gtk_style_context_has_class (gtk_widget_get_style_context (view), "stale");
}

static gboolean
retry_text_counts_down (WinFixture *f)
{
  const char *text = fd_offline_bar_get_retry_text (fd_window_get_offline_bar (f->window));

  return g_str_has_prefix (text, "Trying again in ") && g_str_has_suffix (text, " s");
}

/* Online: no bar, the list as it is. The first failed poll dims the list
 * (its ringing call is as last seen, kept), says when the PBX was last
 * seen and when it is asked again; Retry now asks at once, and the first
 * good answer undoes it all. */
static void
test_stale_list (WinFixture       *f,
                 gconstpointer  data)
{
  FdOfflineBar *bar = fd_window_get_offline_bar (f->window);
  g_autofree char *seen = NULL;
  guint64 requests;

  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "call1") != NULL, 5);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_false (is_dimmed (f));

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_HTTP_500, 0);
  FD_TEST_WAIT_FOR (fd_poller_get_state (f->poller) == FD_CONNECTION_OFFLINE, 5);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (fd_offline_bar_is_stale (bar));
  g_assert_true (is_dimmed (f));
  g_assert_nonnull (fd_call_tracker_lookup (f->tracker, "call1"));
  seen = g_date_time_format (fd_poller_get_last_seen (f->poller), "Last seen %H:%M:%S");
  g_assert_cmpstr (fd_offline_bar_get_last_seen_text (bar), ==, seen);
  FD_TEST_WAIT_FOR (retry_text_counts_down (f), 5);

  /* Make the backoff long, then Retry now must not wait for it. */
  fd_poller_set_interval (f->poller, 4.0);
  FD_TEST_WAIT_FOR (fd_poller_get_next_try (f->poller) > g_get_monotonic_time () + 1 * G_USEC_PER_SEC, 15);
  requests = fd_simulator_get_n_requests (f->simulator);
  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_NONE, 0);
  fd_offline_bar_retry (bar);
  FD_TEST_WAIT_FOR (fd_poller_get_state (f->poller) == FD_CONNECTION_ONLINE, 1);
  g_assert_cmpuint (fd_simulator_get_n_requests (f->simulator), >, requests);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_false (is_dimmed (f));
}

static FdHistoryPage *
missed_page (FdJournal *journal)
{
  FdHistoryPage *page = FD_HISTORY_PAGE (g_object_ref_sink (fd_history_page_new ()));

  fd_history_page_set_journal (page, journal, NULL);
  fd_history_page_set_filter (page, FD_JOURNAL_FILTER_MISSED);
  return page;
}

static gboolean
is_handled (FdJournal *journal,
            gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournalEntry) entry = fd_journal_lookup (journal, id, &error);

  g_assert_no_error (error);
  return fd_journal_entry_get_handled (entry);
}

/* Three unhandled missed calls of one number, however written, are one
 * row (the newest) counting three; handling it handles all three. */
static void
test_repeats (Fixture       *f,
              gconstpointer  data)
{
  gint64 m1 = add_simple (f, "m1", NULL, "06 1 234 5678", FD_CALL_OUTCOME_MISSED, 0);
  gint64 m2 = add_simple (f, "m2", NULL, "+3612345678", FD_CALL_OUTCOME_MISSED, 1);
  gint64 other = add_simple (f, "m3", NULL, "+3699999999", FD_CALL_OUTCOME_MISSED, 2);
  gint64 m4 = add_simple (f, "m4", "+36 1 234 5678", NULL, FD_CALL_OUTCOME_MISSED, 3);
  g_autoptr(FdHistoryPage) page = NULL;

  g_setenv ("LC_ALL", "hu_HU.UTF-8", TRUE);
  page = missed_page (f->journal);
  g_assert_cmpuint (fd_history_page_get_n_shown (page), ==, 2);
  g_assert_cmpuint (fd_history_page_get_repeat_count (page, m4), ==, 3);
  g_assert_cmpuint (fd_history_page_get_repeat_count (page, other), ==, 1);
  g_assert_false (fd_history_page_select (page, m1));

  g_assert_true (fd_history_page_select (page, m4));
  fd_history_page_mark_selected (page, TRUE);
  g_assert_true (is_handled (f->journal, m1));
  g_assert_true (is_handled (f->journal, m2));
  g_assert_true (is_handled (f->journal, m4));
  g_assert_false (is_handled (f->journal, other));
  g_assert_cmpuint (count_unhandled (f), ==, 1);
  /* Handled, they are rows of their own again. */
  g_assert_cmpuint (fd_history_page_get_n_shown (page), ==, 4);
  gtk_widget_destroy (GTK_WIDGET (page));
}

static const char *capabilities[] = { "actions", "body", "body-markup", NULL };

static const char repeat_scenario[] =
  "0.0 ring c1 id=rep1 from=+3612345678 to=1001\n"
  "0.6 end c1\n"
  "1.2 ring c2 id=rep2 from=+3612345678 to=1002\n"
  "1.8 end c2\n";

static FakeNotification *
wait_for_bubble (FakeNotificationServer *server,
                 const char             *body_part)
{
  FakeNotification *n = NULL;

  FD_TEST_WAIT_FOR ((n = fake_notification_server_find (server, "Missed Call", body_part)) != NULL, 5);
  return n;
}

/* Two missed calls of one number: two bubbles, one inbox row; handling
 * the row closes both bubbles. */
static void
test_repeat_bubbles (Fixture       *f,
                     gconstpointer  data)
{
  FakeNotificationServer *server = fake_notification_server_new (capabilities);
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  g_autoptr(FdNotifier) notifier = NULL;
  g_autoptr(FdHistoryPage) page = NULL;
  g_autoptr(FakeNotification) first = NULL;
  g_autoptr(FakeNotification) second = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fd_simulator_listen (simulator, 0, &error);

  g_assert_no_error (error);
  client = fd_client_new (url);
  desk = fd_desk_new (client);
  fd_desk_set_journal (desk, f->journal);
  notifier = fd_notifier_new_for_desk (desk, NULL);
  fd_poller_set_interval (fd_desk_get_poller (desk), 0.2);
  fd_poller_start (fd_desk_get_poller (desk));
  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (fd_desk_get_poller (desk)) >= 1, 5);
  fd_simulator_load_scenario_data (simulator, repeat_scenario, &error);
  g_assert_no_error (error);
  first = wait_for_bubble (server, "→ 1001");
  second = wait_for_bubble (server, "→ 1002");

  page = missed_page (f->journal);
  g_assert_cmpuint (fd_history_page_get_n_shown (page), ==, 1);
  newest = list (f, FD_JOURNAL_FILTER_MISSED, NULL, 1);
  g_assert_cmpuint (newest->len, ==, 1);
  g_assert_cmpuint (fd_history_page_get_repeat_count (page, fd_journal_entry_get_id (newest->pdata[0])), ==, 2);
  g_assert_true (fd_history_page_select (page, fd_journal_entry_get_id (newest->pdata[0])));
  fd_history_page_mark_selected (page, TRUE);
  g_assert_cmpuint (count_unhandled (f), ==, 0);
  FD_TEST_WAIT_FOR (fake_notification_server_was_closed (server, first->id), 5);
  FD_TEST_WAIT_FOR (fake_notification_server_was_closed (server, second->id), 5);

  gtk_widget_destroy (GTK_WIDGET (page));
  fd_poller_stop (fd_desk_get_poller (desk));
  fd_notifier_shutdown (notifier);
  fd_simulator_stop (simulator);
  fake_notification_server_free (server);
}

static gboolean
has_call_between (FdCallTracker *tracker,
                  const char    *from,
                  const char    *to)
{
  g_autoptr(GPtrArray) calls = fd_call_tracker_dup_calls (tracker);

  for (guint i = 0; i < calls->len; i++)
    if (g_strcmp0 (fd_call_get_source (calls->pdata[i]), from) == 0 &&
        g_strcmp0 (fd_call_get_destination (calls->pdata[i]), to) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
clipboard_is (const char *expected)
{
  g_autofree char *text = gtk_clipboard_wait_for_text (gtk_clipboard_get_default (gdk_display_get_default ()));

  return g_strcmp0 (text, expected) == 0;
}

static void
call_back (FdWindow *window,
           gint64    id)
{
  fd_window_show_page (window, "history");
  g_assert_true (fd_window_select_history (window, id));
  g_action_group_activate_action (G_ACTION_GROUP (window), "call-back", NULL);
}

/* Ozeki 10: CallSetup rings the extension the missed call rang and
 * connects it to the caller. XE has no such command: the number is copied
 * and the status line says so; so too for a call that rang no extension. */
static void
test_call_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  FdCallTracker *tracker;
  FdPoller *poller;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 missed = add_simple (f, "m1", NULL, "+3612345678", FD_CALL_OUTCOME_MISSED, 0);
  g_autoptr(FdCall) no_extension = make_call ("m2", "Ringing", NULL, "+3699999999", "+3611111111", 3, 0);
  g_autoptr(GDateTime) later = time_at (1);
  gint64 to_number = add_call (f, no_extension, FD_CALL_OUTCOME_MISSED, later);
  FdWindow *window;

  fd_simulator_set_dialect (simulator, FD_DIALECT_OZEKI10);
  url = fd_simulator_listen (simulator, 0, &error);
  g_assert_no_error (error);
  client = fd_client_new (url);
  desk = fd_desk_new (client);
  tracker = fd_desk_get_tracker (desk);
  poller = fd_desk_get_poller (desk);
  fd_poller_set_interval (poller, 0.2);
  window = g_object_ref_sink (fd_window_new (NULL, desk));
  fd_window_set_journal (window, f->journal, NULL);
  gtk_widget_show (GTK_WIDGET (window));
  fd_poller_start (poller);

  call_back (window, missed);
  FD_TEST_WAIT_FOR (has_call_between (tracker, "1001", "+3612345678"), 5);
  FD_TEST_WAIT_FOR (fd_window_get_result_text (window) != NULL, 5);
  g_assert_cmpstr (fd_window_get_result_text (window), ==,
                   "Calling +3612345678 back: the phone of extension 1001 rings first.");

  call_back (window, to_number);
  FD_TEST_WAIT_FOR (clipboard_is ("+3699999999"), 5);
  g_assert_cmpstr (fd_window_get_result_text (window), ==, "Copied +3699999999: dial it to call back.");

  fd_simulator_set_dialect (simulator, FD_DIALECT_XE);
  call_back (window, missed);
  FD_TEST_WAIT_FOR (clipboard_is ("+3612345678"), 5);
  FD_TEST_WAIT_FOR (g_str_has_prefix (fd_window_get_result_text (window), "The phone system did not place the call"), 5);
  g_assert_true (g_str_has_suffix (fd_window_get_result_text (window), "Copied +3612345678: dial it to call back."));
  g_assert_nonnull (strstr (fd_window_get_result_text (window), "301"));

  fd_poller_stop (poller);
  fd_simulator_stop (simulator);
  gtk_widget_destroy (GTK_WIDGET (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/frontdesk/inbox/stale-list", WinFixture, NULL, fixture_set_up, test_stale_list, fixture_tear_down);
  g_test_add ("/frontdesk/inbox/repeats", Fixture, NULL, setup_open, test_repeats, teardown);
  g_test_add ("/frontdesk/inbox/repeat-bubbles", Fixture, NULL, setup_open, test_repeat_bubbles, teardown);
  g_test_add ("/frontdesk/inbox/call-back", Fixture, NULL, setup_open, test_call_back, teardown);
  return g_test_run ();
}
