/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fake-notification-server.h"
#include "fd-application.h"
#include "fd-desk.h"
#include "fd-journal.h"
#include "fd-notifier.h"
#include "fd-simulator.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>

#include <string.h>

/* A caller whose name is markup, answered; a second call, missed; a third
 * that rings while notifications are paused. Its times count from when the
 * app polls (see start_scenario()). */
static const char scenario[] =
  "0.0 ring c1 id=call1 from=+3612345678 name=\"<b>Boss</b> & Co\" to=1001\n"
  "0.6 ring c2 id=call2 from=2000 name=\"Anna Kovács\" to=1002\n"
  "1.4 answer c1\n"
  "2.0 end c2\n"
  "2.6 end c1\n";

static const char *capabilities[] = { "actions", "body", "body-markup", NULL };

typedef struct {
  FakeNotificationServer *server;
  FdSimulator            *simulator;
  FdApplication          *app;
} Test;

static FakeNotification *
wait_for_notification (Test       *t,
                       const char *summary,
                       const char *body_part)
{
  FakeNotification *n = NULL;

  FD_TEST_WAIT_FOR ((n = fake_notification_server_find (t->server, summary, body_part)) != NULL, 5);
  return n;
}

static guint8
urgency (FakeNotification *n)
{
  guint8 value = 255;

  g_assert_true (g_variant_lookup (n->hints, "urgency", "y", &value));
  return value;
}

static void
check_ringing (FakeNotification *ringing)
{
  gboolean transient;

  g_assert_cmpstr (ringing->app_name, ==, "Frontdesk");
  g_assert_cmpuint (ringing->replaces_id, ==, 0);
  /* Escaped: the server shows the CallerId literally. */
  g_assert_nonnull (strstr (ringing->body, "&lt;b&gt;Boss&lt;/b&gt; &amp; Co (+36 1 234 5678)"));
  g_assert_null (strstr (ringing->body, "<b>Boss"));
  g_assert_nonnull (strstr (ringing->body, "&amp; Co (+36 1 234 5678) → 1001"));
  g_assert_cmpstr (fake_notification_hint_string (ringing, "category"), ==, "call.incoming");
  g_assert_cmpstr (fake_notification_hint_string (ringing, "sound-name"), ==, "phone-incoming-call");
  g_assert_cmpstr (fake_notification_hint_string (ringing, "desktop-entry"), ==, APP_ID);
  g_assert_cmpuint (urgency (ringing), ==, 2);
  g_assert_cmpint (ringing->expire_timeout, ==, 0);
  g_assert_false (g_variant_lookup (ringing->hints, "transient", "b", &transient));
  g_assert_true (fake_notification_has_action (ringing, "show"));
  g_assert_true (fake_notification_has_action (ringing, "copy"));
}

static void
check_call_notifications (Test *t)
{
  g_autoptr(FakeNotification) ringing = NULL;
  g_autoptr(FakeNotification) answered = NULL;
  g_autoptr(FakeNotification) ended = NULL;
  g_autoptr(FakeNotification) missed_ringing = NULL;
  g_autoptr(FakeNotification) missed = NULL;
  gboolean transient = FALSE;

  ringing = wait_for_notification (t, "Incoming Call", "Boss");
  check_ringing (ringing);

  /* Answered: the same notification, updated, then closed. */
  answered = wait_for_notification (t, "Call Answered", "Boss");
  g_assert_cmpuint (answered->replaces_id, ==, ringing->id);
  g_assert_cmpstr (fake_notification_hint_string (answered, "category"), ==, "call");
  g_assert_cmpuint (urgency (answered), ==, 1);
  g_assert_null (fake_notification_hint_string (answered, "sound-name"));
  FD_TEST_WAIT_FOR (fake_notification_server_was_closed (t->server, ringing->id), 5);

  /* Missed: the second call's notification turns into one that stays. */
  missed_ringing = wait_for_notification (t, "Incoming Call", "Anna Kovács (2000)");
  missed = wait_for_notification (t, "Missed Call", "Anna Kovács (2000)");
  g_assert_cmpuint (missed->replaces_id, ==, missed_ringing->id);
  g_assert_cmpuint (missed->id, !=, ringing->id);
  g_assert_cmpstr (fake_notification_hint_string (missed, "category"), ==, "call.unanswered");
  g_assert_cmpuint (urgency (missed), ==, 1);
  g_assert_cmpint (missed->expire_timeout, ==, 0);
  g_assert_true (fake_notification_has_action (missed, "show"));

  /* Ended: the first call's again, transient. Its "answered" bubble is
   * closed by now, and libnotify then asks for a new one. */
  ended = wait_for_notification (t, "Call Ended", "Boss");
  g_assert_true (ended->replaces_id == ringing->id || ended->replaces_id == 0);
  g_assert_cmpuint (ended->id, !=, missed->id);
  g_assert_cmpstr (fake_notification_hint_string (ended, "category"), ==, "call.ended");
  g_assert_true (g_variant_lookup (ended->hints, "transient", "b", &transient));
  g_assert_true (transient);
  g_assert_false (fake_notification_has_action (ended, "show"));
}

static char *
clipboard_text (void)
{
  return gtk_clipboard_wait_for_text (gtk_clipboard_get_default (gdk_display_get_default ()));
}

static gboolean
clipboard_is (const char *expected)
{
  g_autofree char *text = clipboard_text ();

  return g_strcmp0 (text, expected) == 0;
}

static gboolean
window_shown (Test *t)
{
  FdWindow *window = fd_application_get_window (t->app);

  return window != NULL && gtk_widget_get_visible (GTK_WIDGET (window));
}

static guint
unhandled (Test *t)
{
  g_autoptr(GError) error = NULL;
  guint count = fd_journal_count_unhandled_missed (fd_application_get_journal (t->app), &error);

  g_assert_no_error (error);
  return count;
}

/* The desk journals a missed call before the notifier hears of its end,
 * so the bubble carries "Mark Handled" for that very entry. */
static void
check_mark_handled (Test             *t,
                    FakeNotification *missed)
{
  guint before = unhandled (t);

  g_assert_true (fake_notification_has_action (missed, "handled"));
  g_assert_cmpuint (before, >=, 1);
  fake_notification_server_invoke (t->server, missed->id, "handled");
  FD_TEST_WAIT_FOR (unhandled (t) == before - 1, 5);
}

/* The buttons of a notification reach the application's actions. */
static void
check_buttons (Test *t)
{
  g_autoptr(FakeNotification) missed = wait_for_notification (t, "Missed Call", "Anna");

  gtk_widget_hide (GTK_WIDGET (fd_application_get_window (t->app)));
  g_assert_false (window_shown (t));
  fake_notification_server_invoke (t->server, missed->id, "show");
  FD_TEST_WAIT_FOR (window_shown (t), 5);

  fake_notification_server_invoke (t->server, missed->id, "copy");
  FD_TEST_WAIT_FOR (clipboard_is ("2000"), 5);
  check_mark_handled (t, missed);
}

/* Paused: what is on screen closes, and a new call rings silently. */
static void
check_pause (Test *t)
{
  g_autoptr(FakeNotification) missed = wait_for_notification (t, "Missed Call", "Anna");
  FdCallTracker *tracker = fd_application_get_tracker (t->app);
  FdPoller *poller = fd_application_get_poller (t->app);
  g_autoptr(GError) error = NULL;
  guint before;
  guint64 polls;

  g_action_group_change_action_state (G_ACTION_GROUP (t->app), "pause-notifications",
                                      g_variant_new_boolean (TRUE));
  g_assert_true (fd_notifier_get_paused (fd_application_get_notifier (t->app)));
  FD_TEST_WAIT_FOR (fake_notification_server_was_closed (t->server, missed->id), 5);

  before = fake_notification_server_count (t->server);
  fd_simulator_load_scenario_data (t->simulator, "0.0 ring c3 id=call3 from=3000 to=1003\n", &error);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (tracker, "call3") != NULL, 5);
  /* Two more polls: time enough for a notification that should not come. */
  polls = fd_poller_get_n_polls (poller);
  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (poller) >= polls + 2, 5);
  g_assert_cmpuint (fake_notification_server_count (t->server), ==, before);
}

/* The simulator's scenario clock starts when the scenario is loaded. Loaded
 * before the app has started up, it can be over before the first poll: GTK's
 * start-up alone takes seconds in the sanitizer build, longer than the whole
 * scenario, and the simulator then plays every step at once. So load it once
 * the app is polling, and the poller sees every state of every call. */
static void
start_scenario (Test *t)
{
  FdPoller *poller = fd_application_get_poller (t->app);
  g_autoptr(GError) error = NULL;

  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (poller) >= 1, 5);
  fd_simulator_load_scenario_data (t->simulator, scenario, &error);
  g_assert_no_error (error);
}

static gboolean
run_checks (gpointer data)
{
  Test *t = data;

  /* Keep the "answered" bubble short, so the test need not wait 4 s. */
  fd_notifier_set_linger (fd_application_get_notifier (t->app), 200);
  FD_TEST_WAIT_FOR (window_shown (t), 5);
  start_scenario (t);

  check_call_notifications (t);
  check_buttons (t);
  check_pause (t);

  g_application_quit (G_APPLICATION (t->app));
  return G_SOURCE_REMOVE;
}

static void
test_notifications (void)
{
  g_autoptr(GError) error = NULL;
  FdOptions *options = fd_options_new ();
  Test t = { 0 };

  t.server = fake_notification_server_new (capabilities);
  t.simulator = fd_simulator_new ();
  options->url = fd_simulator_listen (t.simulator, 0, &error);
  g_assert_no_error (error);
  options->interval = 0.2;

  t.app = fd_application_new (options, FALSE, FALSE);
  g_idle_add (run_checks, &t);
  g_assert_cmpint (g_application_run (G_APPLICATION (t.app), 0, NULL), ==, 0);

  g_clear_object (&t.app);
  fd_simulator_stop (t.simulator);
  g_clear_object (&t.simulator);
  fake_notification_server_free (t.server);
}

/* libnotify's show blocks until the server answers: the notifier's own
 * thread waits, polling goes on. */
static void
test_slow_server (void)
{
  static const char *plain_capabilities[] = { "body", NULL };
  FakeNotificationServer *server = fake_notification_server_new (plain_capabilities);
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  FdPoller *poller;
  g_autoptr(FdNotifier) notifier = NULL;
  g_autoptr(FakeNotification) ringing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint64 polls;

  fd_simulator_load_scenario_data (simulator, "0.0 ring c1 id=slow from=1000 to=1001\n", &error);
  g_assert_no_error (error);
  url = fd_simulator_listen (simulator, 0, &error);
  g_assert_no_error (error);
  client = fd_client_new (url);
  desk = fd_desk_new (client);
  poller = fd_desk_get_poller (desk);
  fd_poller_set_interval (poller, 0.2);
  notifier = fd_notifier_new_for_desk (desk, NULL);
  fake_notification_server_set_delay (server, 3000);
  fd_poller_start (poller);

  FD_TEST_WAIT_FOR (fake_notification_server_count (server) == 1, 5);
  polls = fd_poller_get_n_polls (poller);
  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (poller) >= polls + 5, 2.5);
  g_assert_cmpuint (fake_notification_server_count_answered (server), ==, 0);
  FD_TEST_WAIT_FOR (fake_notification_server_count_answered (server) == 1, 5);

  /* A server without body markup gets plain text. */
  ringing = fake_notification_server_find (server, "Incoming Call", "1000");
  g_assert_nonnull (ringing);
  g_assert_cmpstr (ringing->body, ==, "1000 → 1001");
  g_assert_false (fake_notification_has_action (ringing, "show"));

  fd_poller_stop (poller);
  fd_notifier_shutdown (notifier);
  fd_simulator_stop (simulator);
  fake_notification_server_free (server);
}

static gboolean
poller_in_state (FdDesk            *desk,
                 FdConnectionState  state)
{
  return fd_poller_get_state (fd_desk_get_poller (desk)) == state;
}

static gboolean
time_passed (gint64 end)
{
  return g_get_monotonic_time () >= end;
}

/* A blip shorter than "down-after" says nothing; a longer outage brings
 * one "PBX is down" naming the address (never the password), however
 * many polls fail after it, and one "PBX is back" when it answers. */
static void
test_pbx_down_and_back (void)
{
  FakeNotificationServer *server = fake_notification_server_new (capabilities);
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  g_autoptr(FdNotifier) notifier = NULL;
  g_autoptr(FakeNotification) down = NULL;
  g_autoptr(FakeNotification) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *port = NULL;
  guint down_after = (guint) (1500 * fd_test_time_scale ());
  gint64 offline_at;

  fd_simulator_set_credentials (simulator, "desk", "s3cret-pw");
  url = fd_simulator_listen (simulator, 0, &error);
  g_assert_no_error (error);
  port = g_strdup_printf (":%u", fd_simulator_get_port (simulator));
  client = fd_client_new (url);
  fd_client_set_username (client, "desk");
  fd_client_set_password (client, "s3cret-pw");
  desk = fd_desk_new (client);
  fd_poller_set_interval (fd_desk_get_poller (desk), 0.2);
  notifier = fd_notifier_new_for_desk (desk, NULL);
  g_object_set (notifier, "down-after", down_after, NULL);
  fd_poller_start (fd_desk_get_poller (desk));
  FD_TEST_WAIT_FOR (poller_in_state (desk, FD_CONNECTION_ONLINE), 5);

  fd_simulator_set_fault (simulator, FD_SIM_FAULT_REFUSE, 0);
  FD_TEST_WAIT_FOR (poller_in_state (desk, FD_CONNECTION_OFFLINE), 5);
  fd_simulator_set_fault (simulator, FD_SIM_FAULT_NONE, 0);
  fd_poller_poll_now (fd_desk_get_poller (desk));
  FD_TEST_WAIT_FOR (poller_in_state (desk, FD_CONNECTION_ONLINE), 5);

  fd_simulator_set_fault (simulator, FD_SIM_FAULT_REFUSE, 0);
  FD_TEST_WAIT_FOR (poller_in_state (desk, FD_CONNECTION_OFFLINE), 5);
  offline_at = g_get_monotonic_time ();
  down = wait_for_notification (&(Test) { .server = server }, "PBX is down", port);
  g_assert_cmpint (g_get_monotonic_time () - offline_at, >=, (down_after - 100) * (gint64) 1000);
  g_assert_null (strstr (down->body, "s3cret-pw"));
  g_assert_nonnull (strstr (down->body, "has not answered since"));
  /* Several more failed tries (the backoff is at most 5 s apart): still one. */
  FD_TEST_WAIT_FOR (time_passed (offline_at + 3 * (gint64) down_after * 1000), 15);
  g_assert_cmpuint (fake_notification_server_count (server), ==, 1);

  fd_simulator_set_fault (simulator, FD_SIM_FAULT_NONE, 0);
  back = wait_for_notification (&(Test) { .server = server }, "PBX is back", port);
  g_assert_cmpuint (back->replaces_id, ==, down->id);
  g_assert_null (strstr (back->body, "s3cret-pw"));
  g_assert_cmpuint (fake_notification_server_count (server), ==, 2);

  fd_poller_stop (fd_desk_get_poller (desk));
  fd_notifier_shutdown (notifier);
  fd_simulator_stop (simulator);
  fake_notification_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* GTK 3.24's CSS transitions leak computed values (LeakSanitizer shows
   * gtk_css_animated_style_new_advance()); the tests need no animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/frontdesk/notifications/call-lifecycle", test_notifications);
  g_test_add_func ("/frontdesk/notifications/slow-server", test_slow_server);
  g_test_add_func ("/frontdesk/notifications/pbx-down-and-back", test_pbx_down_and_back);
  return g_test_run ();
}
