/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-desk.h"

#include "fake-sn-watcher.h"
#include "fd-format.h"
#include "fd-simulator.h"
#include "fd-tray.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>

typedef struct {
  FakeSnWatcher      *watcher;
  GSimpleActionGroup *actions;
  FdSimulator        *simulator;
  FdClient           *client;
  FdDesk             *desk;
  FdCallTracker      *tracker;
  FdPoller           *poller;
  FdTray             *tray;
  guint               n_show;
} Fixture;

static void
show_calls_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  ((Fixture *) data)->n_show++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const GActionEntry entries[] = {
    { "show-calls", show_calls_activated, NULL, NULL, NULL, { 0 } },
    { "pause-notifications", NULL, NULL, "false", NULL, { 0 } },
    { "preferences", NULL, NULL, NULL, NULL, { 0 } },
    { "quit", NULL, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->watcher = fake_sn_watcher_new ();
  f->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (f->actions), entries, G_N_ELEMENTS (entries), f);

  /* A PBX that refuses the credentials, for the last states. */
  f->simulator = fd_simulator_new ();
  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_API_CODE, 305);
  url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);
  f->client = fd_client_new (url);
  f->desk = fd_desk_new (f->client);
  f->tracker = g_object_ref (fd_desk_get_tracker (f->desk));
  f->poller = g_object_ref (fd_desk_get_poller (f->desk));

  f->tray = fd_tray_new (G_ACTION_GROUP (f->actions), f->desk);
  FD_TEST_WAIT_FOR (fd_tray_is_available (f->tray) && fake_sn_watcher_has_item (f->watcher), 5);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fd_poller_stop (f->poller);
  fd_simulator_stop (f->simulator);
  g_assert_finalize_object (f->tray);
  g_clear_object (&f->poller);
  g_clear_object (&f->tracker);
  g_clear_object (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
  g_clear_object (&f->actions);
  fake_sn_watcher_free (f->watcher);
}

/* A snapshot of one call in @state, or of none. */
static void
apply (Fixture    *f,
       const char *state)
{
  g_autoptr(GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_object_unref);

  if (state != NULL)
    {
      FdCall *call = fd_call_new ("call1");

      fd_call_set_state (call, state);
      fd_call_set_source (call, "1000");
      fd_call_set_destination (call, "1001");
      g_ptr_array_add (snapshot, call);
    }
  fd_call_tracker_apply (f->tracker, snapshot);
}

static gboolean
shows (Fixture    *f,
       const char *icon,
       const char *title)
{
  return fake_sn_watcher_property_is (f->watcher, "IconName", icon) &&
         fake_sn_watcher_property_is (f->watcher, "Title", title);
}

static void
test_registers (Fixture       *f,
                gconstpointer  data)
{
  g_assert_true (fake_sn_watcher_property_is (f->watcher, "Id", APP_ID));
  g_assert_true (fake_sn_watcher_property_is (f->watcher, "Category", "Communications"));
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_IDLE, "Frontdesk: Connecting…"), 5);
  g_assert_true (fake_sn_watcher_property_is (f->watcher, "Status", "Active"));
}

static void
test_follows_calls (Fixture       *f,
                    gconstpointer  data)
{
  apply (f, FD_CALL_STATE_RINGING);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_RINGING, "Frontdesk: 1 call ringing"), 5);
  g_assert_cmpint (fd_tray_get_state (f->tray), ==, FD_TRAY_STATE_RINGING);
  FD_TEST_WAIT_FOR (fake_sn_watcher_property_is (f->watcher, "Status", "NeedsAttention"), 5);

  apply (f, FD_CALL_STATE_IN_CALL);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_ACTIVE, "Frontdesk: 1 call in progress"), 5);
  FD_TEST_WAIT_FOR (fake_sn_watcher_property_is (f->watcher, "Status", "Active"), 5);

  apply (f, NULL);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_IDLE, "Frontdesk: Connecting…"), 5);

  fd_tray_set_missed_count (f->tray, 3);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_MISSED, "Frontdesk: 3 missed calls"), 5);
  /* A ringing phone matters more than the missed calls. */
  apply (f, FD_CALL_STATE_RINGING);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_RINGING, "Frontdesk: 1 call ringing"), 5);
  apply (f, NULL);
  fd_tray_set_missed_count (f->tray, 0);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_IDLE, "Frontdesk: Connecting…"), 5);
}

static void
test_follows_connection (Fixture       *f,
                         gconstpointer  data)
{
  fd_poller_start (f->poller);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_AUTH, "Frontdesk: Credentials refused"), 5);

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_REFUSE, 0);
  fd_poller_poll_now (f->poller);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_OFFLINE, "Frontdesk: Offline"), 10);

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_NONE, 0);
  fd_poller_poll_now (f->poller);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_IDLE, "Frontdesk: No active calls"), 10);
}

/* A demo run must never pass for the real PBX, even at a glance. */
static void
test_demo_title (Fixture       *f,
                 gconstpointer  data)
{
  fd_poller_start (f->poller);
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_AUTH, "Frontdesk: Credentials refused"), 5);

  fd_tray_set_demo (f->tray, TRUE);
  g_assert_cmpstr (fd_tray_get_title (f->tray), ==, "Frontdesk (Demo): Credentials refused");
  FD_TEST_WAIT_FOR (shows (f, FD_ICON_AUTH, "Frontdesk (Demo): Credentials refused"), 5);
}

static gboolean
paused (Fixture *f)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (f->actions), "pause-notifications");

  return g_variant_get_boolean (state);
}

/* The host renders the menu and sends clicks back over dbusmenu. */
static void
test_menu (Fixture       *f,
           gconstpointer  data)
{
  fake_sn_watcher_click (f->watcher, "_Show Calls");
  FD_TEST_WAIT_FOR (f->n_show == 1, 5);

  g_assert_false (paused (f));
  fake_sn_watcher_click (f->watcher, "_Pause Notifications");
  FD_TEST_WAIT_FOR (paused (f), 5);
  FD_TEST_WAIT_FOR (fake_sn_watcher_get_n_clicks (f->watcher) == 2, 5);
}

static void G_GNUC_UNUSED
test_skip_without_ayatana (void)
{
  g_test_skip ("built without Ayatana AppIndicator");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#ifndef HAVE_AYATANA
  /* A GtkStatusIcon is an XEmbed icon: no StatusNotifierWatcher sees it. */
  g_test_add_func ("/frontdesk/tray/registers", test_skip_without_ayatana);
  return g_test_run ();
#endif
  g_test_add ("/frontdesk/tray/registers", Fixture, NULL, fixture_set_up, test_registers, fixture_tear_down);
  g_test_add ("/frontdesk/tray/follows-calls", Fixture, NULL, fixture_set_up, test_follows_calls,
              fixture_tear_down);
  g_test_add ("/frontdesk/tray/follows-connection", Fixture, NULL, fixture_set_up, test_follows_connection,
              fixture_tear_down);
  g_test_add ("/frontdesk/tray/demo-title", Fixture, NULL, fixture_set_up, test_demo_title, fixture_tear_down);
  g_test_add ("/frontdesk/tray/menu", Fixture, NULL, fixture_set_up, test_menu, fixture_tear_down);
  return g_test_run ();
}
