/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fake-notification-server.h"
#include "fd-notifier.h"
#include "fd-poller.h"
#include "fd-settings.h"
#include "fd-simulator.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>

static const char *capabilities[] = { "actions", "body", "body-markup", NULL };

/* A notifier fed by the simulator through a poller, with settings. */
typedef struct {
  FakeNotificationServer *server;
  FdSimulator            *simulator;
  FdClient               *client;
  FdDesk                 *desk;
  FdCallTracker          *tracker;
  FdPoller               *poller;
  FdNotifier             *notifier;
  FdSettings             *settings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->server = fake_notification_server_new (capabilities);
  f->simulator = fd_simulator_new ();
  url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);
  f->client = fd_client_new (url);
  /* As the app does: the notifier follows a desk's calls. */
  f->desk = fd_desk_new (f->client);
  f->tracker = g_object_ref (fd_desk_get_tracker (f->desk));
  f->poller = g_object_ref (fd_desk_get_poller (f->desk));
  fd_poller_set_interval (f->poller, 0.2);
  f->notifier = fd_notifier_new_for_desk (f->desk, NULL);
  fd_notifier_set_linger (f->notifier, 100);
  /* The memory backend: every fixture starts from the defaults. */
  f->settings = fd_settings_new ();
  fd_settings_set_watch_list (f->settings, NULL);
  for (guint kind = 0; kind < FD_NOTIFY_N_KINDS; kind++)
    fd_settings_set_notify (f->settings, kind, TRUE);
  fd_notifier_set_settings (f->notifier, f->settings);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fd_poller_stop (f->poller);
  fd_notifier_shutdown (f->notifier);
  fd_simulator_stop (f->simulator);
  g_clear_object (&f->notifier);
  g_clear_object (&f->poller);
  g_clear_object (&f->tracker);
  g_clear_object (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
  g_clear_object (&f->settings);
  fake_notification_server_free (f->server);
}

static void
run_scenario (Fixture    *f,
              const char *scenario)
{
  g_autoptr(GError) error = NULL;

  fd_simulator_load_scenario_data (f->simulator, scenario, &error);
  g_assert_no_error (error);
  fd_poller_start (f->poller);
}

static gboolean
has (Fixture    *f,
     const char *summary,
     const char *body_part)
{
  g_autoptr(FakeNotification) n = fake_notification_server_find (f->server, summary, body_part);

  return n != NULL;
}

/* Time enough for a notification that should not come: two more polls
 * after the last event, and the notifier's thread has long sent what it got. */
static void
settle (Fixture *f)
{
  guint64 polls = fd_poller_get_n_polls (f->poller);

  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (f->poller) >= polls + 3, 5);
}

/* Only calls from or to a watched number notify; the others are still
 * tracked (and so listed in the window). */
static void
test_watch_list (Fixture       *f,
                 gconstpointer  data)
{
  const char *watch[] = { "1001", "+36 1 234 5678", NULL };

  fd_settings_set_watch_list (f->settings, watch);
  run_scenario (f,
                "0.0 ring c1 id=w1 from=2000 name=\"Watched Destination\" to=1001\n"
                "0.0 ring c2 id=w2 from=+3612345678 name=\"Watched Source\" to=1009\n"
                "0.0 ring c3 id=u1 from=3000 name=\"Not Watched\" to=1005\n"
                "1.0 end c1\n"
                "1.0 end c2\n"
                "1.0 end c3\n");

  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "u1") != NULL, 5);
  FD_TEST_WAIT_FOR (has (f, "Incoming Call", "Watched Destination"), 5);
  FD_TEST_WAIT_FOR (has (f, "Incoming Call", "Watched Source"), 5);
  FD_TEST_WAIT_FOR (has (f, "Missed Call", "Watched Destination"), 5);
  FD_TEST_WAIT_FOR (has (f, "Missed Call", "Watched Source"), 5);
  settle (f);

  g_assert_false (has (f, "Incoming Call", "Not Watched"));
  g_assert_false (has (f, "Missed Call", "Not Watched"));
  g_assert_cmpuint (fake_notification_server_count (f->server), ==, 4);
}

/* Each kind has its switch. With ringing off, "answered" and "ended" come
 * on their own. */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  fd_settings_set_notify (f->settings, FD_NOTIFY_RINGING, FALSE);
  fd_settings_set_notify (f->settings, FD_NOTIFY_MISSED, FALSE);
  run_scenario (f,
                "0.0 ring c1 id=k1 from=4000 name=\"Answered Caller\" to=1001\n"
                "0.0 ring c2 id=k2 from=4001 name=\"Missed Caller\" to=1002\n"
                "0.6 answer c1\n"
                "0.8 end c2\n"
                "1.4 end c1\n");

  FD_TEST_WAIT_FOR (has (f, "Call Answered", "Answered Caller"), 5);
  FD_TEST_WAIT_FOR (has (f, "Call Ended", "Answered Caller"), 5);
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "k2") == NULL, 5);
  settle (f);

  g_assert_false (has (f, "Incoming Call", "Caller"));
  g_assert_false (has (f, "Missed Call", "Missed Caller"));
  g_assert_cmpuint (fake_notification_server_count (f->server), ==, 2);
}

/* Switched off, answered and ended say nothing; missed still does. */
static void
test_only_missed (Fixture       *f,
                  gconstpointer  data)
{
  fd_settings_set_notify (f->settings, FD_NOTIFY_ANSWERED, FALSE);
  fd_settings_set_notify (f->settings, FD_NOTIFY_ENDED, FALSE);
  run_scenario (f,
                "0.0 ring c1 id=m1 from=5000 name=\"Answered Caller\" to=1001\n"
                "0.0 ring c2 id=m2 from=5001 name=\"Missed Caller\" to=1002\n"
                "0.6 answer c1\n"
                "0.8 end c2\n"
                "1.4 end c1\n");

  FD_TEST_WAIT_FOR (has (f, "Missed Call", "Missed Caller"), 5);
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "m1") == NULL, 5);
  settle (f);

  g_assert_true (has (f, "Incoming Call", "Answered Caller"));
  g_assert_false (has (f, "Call Answered", "Answered Caller"));
  g_assert_false (has (f, "Call Ended", "Answered Caller"));
  /* Two ringing, one missed. */
  g_assert_cmpuint (fake_notification_server_count (f->server), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/frontdesk/notify-filter/watch-list", Fixture, NULL, fixture_set_up, test_watch_list,
              fixture_tear_down);
  g_test_add ("/frontdesk/notify-filter/kinds", Fixture, NULL, fixture_set_up, test_kinds, fixture_tear_down);
  g_test_add ("/frontdesk/notify-filter/only-missed", Fixture, NULL, fixture_set_up, test_only_missed,
              fixture_tear_down);
  return g_test_run ();
}
