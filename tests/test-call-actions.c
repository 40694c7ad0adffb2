/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-control.h"
#include "fd-calls-hold.h"
#include "fd-call-tracker.h"
#include "fd-client.h"
#include "fd-desk.h"
#include "fd-number-dialog.h"
#include "fd-poller.h"
#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>

#include <string.h>

/* Calls that last: one ringing, two talking. */
static const char scenario[] =
  "0.0 ring r id=ring1 from=1000 name=\"Rita Ring\" to=1001\n"
  "0.0 ring t id=talk1 from=2000 name=\"Tom Talk\" to=2001\n"
  "0.0 answer t\n"
  "0.0 ring u id=talk2 from=3000 name=\"Una Other\" to=3001\n"
  "0.0 answer u\n";

typedef struct {
  FdSimulator   *simulator;
  FdClient      *client;
  FdDesk        *desk;
  FdCallTracker *tracker;
  FdPoller      *poller;
  FdWindow      *window;
  GPtrArray     *events;     /* the simulator's event lines */
} Fixture;

static void
on_event (Fixture    *f,
          const char *line)
{
  g_ptr_array_add (f->events, g_strdup (line));
}

static gboolean
has_event (Fixture    *f,
           const char *line)
{
  for (guint i = 0; i < f->events->len; i++)
    if (g_str_equal (g_ptr_array_index (f->events, i), line))
      return TRUE;
  return FALSE;
}

static gboolean
call_in_state (Fixture    *f,
               const char *id,
               const char *state)
{
  FdCall *call = fd_call_tracker_lookup (f->tracker, id);

  return call != NULL && g_strcmp0 (fd_call_get_state (call), state) == 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->events = g_ptr_array_new_with_free_func (g_free);
  f->simulator = fd_simulator_new ();
  g_signal_connect_swapped (f->simulator, "event", G_CALLBACK (on_event), f);
  fd_simulator_load_scenario_data (f->simulator, scenario, &error);
  g_assert_no_error (error);
  url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);

  f->client = fd_client_new (url);
  f->desk = fd_desk_new (f->client);
  f->tracker = g_object_ref (fd_desk_get_tracker (f->desk));
  f->poller = g_object_ref (fd_desk_get_poller (f->desk));
  fd_poller_set_interval (f->poller, 0.2);
  f->window = g_object_ref_sink (fd_window_new (NULL, f->desk));
  gtk_widget_show (GTK_WIDGET (f->window));
  fd_poller_start (f->poller);

  FD_TEST_WAIT_FOR (fd_call_tracker_get_n_calls (f->tracker) == 3 &&
                    call_in_state (f, "talk1", FD_CALL_STATE_IN_CALL) &&
                    call_in_state (f, "talk2", FD_CALL_STATE_IN_CALL), 5);
  /* From now on only a command's own refresh polls soon. */
  fd_poller_set_interval (f->poller, 60);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fd_poller_stop (f->poller);
  fd_simulator_stop (f->simulator);
  g_signal_handlers_disconnect_by_data (f->simulator, f);
  gtk_widget_destroy (GTK_WIDGET (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->poller);
  g_clear_object (&f->tracker);
  g_clear_object (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static gboolean
enabled (Fixture    *f,
         const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action);
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (enabled (f, action));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action, NULL);
}

static void
select_call (Fixture    *f,
             const char *id)
{
  g_assert_true (fd_window_select_call (f->window, id));
}

static gboolean
result_is (Fixture    *f,
           const char *text)
{
  return g_strcmp0 (fd_window_get_result_text (f->window), text) == 0;
}

/* Each command fits the state of the selected call, and follows it. */
static void
test_enabled (Fixture       *f,
              gconstpointer  data)
{
  select_call (f, "ring1");
  g_assert_true (enabled (f, "hangup"));
  g_assert_true (enabled (f, "forward"));
  g_assert_false (enabled (f, "hold"));
  g_assert_false (enabled (f, "resume"));
  g_assert_false (enabled (f, "transfer"));
  g_assert_true (enabled (f, "copy-number"));

  select_call (f, "talk1");
  g_assert_true (enabled (f, "hangup"));
  g_assert_false (enabled (f, "forward"));
  g_assert_true (enabled (f, "hold"));
  g_assert_false (enabled (f, "resume"));
  g_assert_true (enabled (f, "transfer"));

  /* A shortcut never acts on a call out of sight. */
  fd_window_show_page (f->window, "history");
  g_assert_false (enabled (f, "hangup"));
  g_assert_false (enabled (f, "hold"));
  fd_window_show_page (f->window, "active");
  g_assert_true (enabled (f, "hold"));

  /* The selected call changes state: the commands follow. */
  activate (f, "hold");
  FD_TEST_WAIT_FOR (call_in_state (f, "talk1", FD_CALL_STATE_HOLD), 5);
  g_assert_false (enabled (f, "hold"));
  g_assert_true (enabled (f, "resume"));
  g_assert_true (enabled (f, "transfer"));
  g_assert_false (enabled (f, "forward"));
}

static void
test_hold_resume (Fixture       *f,
                  gconstpointer  data)
{
  select_call (f, "talk1");
  activate (f, "hold");
  /* The poll interval is a minute: only the refresh after the command
   * shows the new state this soon. */
  FD_TEST_WAIT_FOR (call_in_state (f, "talk1", FD_CALL_STATE_HOLD), 5);
  g_assert_true (has_event (f, "hold talk1"));
  g_assert_true (result_is (f, "Call on hold."));

  activate (f, "resume");
  FD_TEST_WAIT_FOR (call_in_state (f, "talk1", FD_CALL_STATE_IN_CALL), 5);
  g_assert_true (has_event (f, "resume talk1"));
  g_assert_true (result_is (f, "Call resumed."));
  /* The other call was left alone. */
  g_assert_true (call_in_state (f, "talk2", FD_CALL_STATE_IN_CALL));
}

static FdNumberDialog *
open_dialog (Fixture    *f,
             const char *action)
{
  GtkWidget *dialog;
  GtkWidget *send;

  activate (f, action);
  dialog = fd_window_get_number_dialog (f->window);
  g_assert_true (FD_IS_NUMBER_DIALOG (dialog));
  /* Nothing to send without a number. */
  send = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_false (gtk_widget_get_sensitive (send));
  fd_number_dialog_set_number (FD_NUMBER_DIALOG (dialog), " 4444 ");
  g_assert_true (gtk_widget_get_sensitive (send));
  return FD_NUMBER_DIALOG (dialog);
}

static void
test_forward (Fixture       *f,
              gconstpointer  data)
{
  FdNumberDialog *dialog;
  FdCall *call;

  select_call (f, "ring1");
  dialog = open_dialog (f, "forward");
  g_assert_cmpint (fd_number_dialog_get_action (dialog), ==, FD_CALL_ACTION_FORWARD);
  fd_number_dialog_set_number (dialog, "2222");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_null (fd_window_get_number_dialog (f->window));

  call = fd_call_tracker_lookup (f->tracker, "ring1");
  FD_TEST_WAIT_FOR (g_strcmp0 (fd_call_get_destination (call), "2222") == 0, 5);
  g_assert_true (has_event (f, "forward ring1 to=2222"));
  g_assert_true (result_is (f, "Call forwarded to 2222."));
  g_assert_true (fd_call_is_ringing (call));
}

static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  FdNumberDialog *dialog;
  guint n_events;

  select_call (f, "talk1");
  /* Cancelled: nothing goes to the PBX. */
  dialog = open_dialog (f, "transfer");
  n_events = f->events->len;
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_null (fd_window_get_number_dialog (f->window));

  dialog = open_dialog (f, "transfer");
  g_assert_cmpint (fd_number_dialog_get_action (dialog), ==, FD_CALL_ACTION_TRANSFER);
  /* The caller is kept by default: the callee leaves. */
  g_assert_true (fd_number_dialog_get_keep_caller (dialog));
  g_assert_cmpstr (fd_number_dialog_get_party (dialog), ==, "callee");
  /* Keep the callee: the side that leaves is the caller. */
  fd_number_dialog_set_keep_caller (dialog, FALSE);
  g_assert_cmpstr (fd_number_dialog_get_party (dialog), ==, "caller");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);

  FD_TEST_WAIT_FOR (has_event (f, "transfer talk1 party=caller to=4444"), 5);
  g_assert_cmpuint (f->events->len, ==, n_events + 1);
  FD_TEST_WAIT_FOR (result_is (f, "Call transferred to 4444."), 5);
  /* The callee now talks to (well, rings at) the target in the caller's place. */
  FD_TEST_WAIT_FOR (g_strcmp0 (fd_call_get_source (fd_call_tracker_lookup (f->tracker, "talk1")), "4444") == 0, 5);
}

static void
test_hangup (Fixture       *f,
             gconstpointer  data)
{
  select_call (f, "ring1");
  activate (f, "hangup");
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "ring1") == NULL, 5);
  g_assert_true (has_event (f, "end ring1 missed"));
  /* The result names the call that ended. */
  g_assert_true (result_is (f, "Ended the call from Rita Ring (1000)."));
  g_assert_false (fd_window_select_call (f->window, "ring1"));
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(FdResponse) response = fd_call_control_finish (FD_CLIENT (source), result, NULL);

  *(gboolean *) data = response != NULL;
}

/* Someone else hung the call up since the last poll: the PBX answers 601,
 * and the refresh that follows takes the call away. */
static void
test_call_gone (Fixture       *f,
                gconstpointer  data)
{
  gboolean sent = FALSE;

  fd_call_control_async (f->client, FD_CALL_ACTION_HANGUP, "talk2", NULL, NULL, NULL, on_sent, &sent);
  FD_TEST_WAIT_FOR (sent, 5);
  g_assert_nonnull (fd_call_tracker_lookup (f->tracker, "talk2"));

  select_call (f, "talk2");
  activate (f, "hold");
  FD_TEST_WAIT_FOR (fd_window_get_result_text (f->window) != NULL, 5);
  g_assert_cmpstr (fd_window_get_result_text (f->window), ==,
                   "Could not put the call on hold: the PBX no longer knows this call (601).");
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "talk2") == NULL, 5);
}

static GtkWidget *
find_item (GtkWidget  *menu,
           const char *label)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (menu));

  for (GList *l = children; l != NULL; l = l->next)
    if (GTK_IS_MENU_ITEM (l->data) && g_strcmp0 (gtk_menu_item_get_label (l->data), label) == 0)
      return l->data;
  return NULL;
}

/* A menu leaves out an item whose action is disabled and hidden-when
 * says so. */
static gboolean
item_shown (GtkWidget  *menu,
            const char *label)
{
  GtkWidget *item = find_item (menu, label);

  return item != NULL && gtk_widget_get_visible (item);
}

static void
check_call_menu (GtkWidget *menu,
                 gboolean   talking)
{
  FD_TEST_WAIT_FOR (gtk_widget_get_mapped (menu), 5);
  g_assert_true (gtk_widget_is_sensitive (find_item (menu, "_Hang Up")));
  g_assert_true (item_shown (menu, "H_old") == talking);
  g_assert_false (item_shown (menu, "_Resume"));
  g_assert_true (gtk_widget_is_sensitive (find_item (menu, "_Forward…")) == !talking);
  g_assert_true (gtk_widget_is_sensitive (find_item (menu, "_Transfer…")) == talking);
  gtk_menu_popdown (GTK_MENU (menu));
}

/* A key press as it comes from the display: through the main loop's
 * dispatch, so that GTK knows it as the current event. */
static void
press_key (Fixture         *f,
           guint            keyval,
           GdkModifierType  state)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autofree GdkKeymapKey *keys = NULL;
  GdkEvent *event;
  int n_keys;

  g_assert_true (gdk_keymap_get_entries_for_keyval (gdk_keymap_get_for_display (display), keyval, &keys, &n_keys));
  event = gdk_event_new (GDK_KEY_PRESS);
  event->key.window = g_object_ref (gtk_widget_get_window (GTK_WIDGET (f->window)));
  event->key.keyval = keyval;
  event->key.state = state;
  event->key.hardware_keycode = keys[0].keycode;
  event->key.group = keys[0].group;
  event->key.time = GDK_CURRENT_TIME;
  gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (display)));
  gtk_main_do_event (event);
  gdk_event_free (event);
}

/* A right click selects the call under the pointer; the Menu key opens
 * the menu of the selected one. */
static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  GtkTreeView *view = fd_calls_page_get_tree_view (fd_window_get_calls_page (f->window));
  GdkSeat *seat = gdk_display_get_default_seat (gdk_display_get_default ());
  g_autoptr(GtkTreePath) path = NULL;
  GdkEvent *event;
  GdkRectangle rect;
  FdCall *call;

  select_call (f, "talk1");
  /* Laid out, so that rows have a place to click on. */
  FD_TEST_WAIT_FOR (gtk_widget_get_allocated_width (GTK_WIDGET (view)) > 100, 5);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  press_key (f, GDK_KEY_Menu, 0);
  check_call_menu (fd_window_get_context_menu (f->window), TRUE);
  press_key (f, GDK_KEY_F10, GDK_SHIFT_MASK);
  check_call_menu (fd_window_get_context_menu (f->window), TRUE);

  /* Right click on the ringing call's row. */
  call = fd_call_tracker_lookup (f->tracker, "ring1");
  g_assert_true (fd_window_select_call (f->window, "ring1"));
  gtk_tree_view_get_cursor (view, &path, NULL);
  select_call (f, "talk1");
  gtk_tree_view_get_cell_area (view, path, NULL, &rect);

  event = gdk_event_new (GDK_BUTTON_PRESS);
  event->button.window = g_object_ref (gtk_tree_view_get_bin_window (view));
  event->button.button = GDK_BUTTON_SECONDARY;
  event->button.x = rect.x + 10;
  event->button.y = rect.y + rect.height / 2;
  event->button.time = GDK_CURRENT_TIME;
  gdk_event_set_device (event, gdk_seat_get_pointer (seat));
  gtk_main_do_event (event);
  gdk_event_free (event);

  check_call_menu (fd_window_get_context_menu (f->window), FALSE);
  g_assert_true (fd_window_get_selected_call (f->window) == call);
}

/* A button press or release on the row at @y of the active calls' view, as
 * it comes from the display. */
static void
send_button (Fixture      *f,
             GdkEventType  type,
             int           y)
{
  GtkTreeView *view = fd_calls_page_get_tree_view (fd_window_get_calls_page (f->window));
  GdkSeat *seat = gdk_display_get_default_seat (gdk_display_get_default ());
  GdkEvent *event = gdk_event_new (type);

  event->button.window = g_object_ref (gtk_tree_view_get_bin_window (view));
  event->button.button = GDK_BUTTON_PRIMARY;
  event->button.x = 10;
  event->button.y = y;
  event->button.time = GDK_CURRENT_TIME;
  gdk_event_set_device (event, gdk_seat_get_pointer (seat));
  gtk_main_do_event (event);
  gdk_event_free (event);
}

/* The call of row @n of the view, or of the row at @y when @n < 0. */
static FdCall *
call_at (Fixture *f,
         int      n,
         int      y)
{
  GtkTreeView *view = fd_calls_page_get_tree_view (fd_window_get_calls_page (f->window));
  g_autoptr(GtkTreePath) path = NULL;
  g_autoptr(FdCall) call = NULL;
  GtkTreeIter iter;

  if (n >= 0)
    path = gtk_tree_path_new_from_indices (n, -1);
  else if (!gtk_tree_view_get_path_at_pos (view, 10, y, &path, NULL, NULL, NULL))
    return NULL;
  if (!gtk_tree_model_get_iter (gtk_tree_view_get_model (view), &iter, path))
    return NULL;
  gtk_tree_model_get (gtk_tree_view_get_model (view), &iter, FD_CALLS_COLUMN_CALL, &call, -1);
  return call;
}

static gboolean
has_row (Fixture    *f,
         const char *id)
{
  FdCall *call = fd_call_tracker_lookup (f->tracker, id);

  return call != NULL && fd_calls_page_lookup_row (fd_window_get_calls_page (f->window), call, NULL);
}

static void
on_control_done (GObject      *client,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(FdResponse) response = fd_call_control_finish (FD_CLIENT (client), result, NULL);

  g_assert_nonnull (response);
  *(int *) data += 1;
}

static GtkTreeViewColumn *
caller_column (Fixture *f)
{
  GtkTreeView *view = fd_calls_page_get_tree_view (fd_window_get_calls_page (f->window));
  g_autoptr(GList) columns = gtk_tree_view_get_columns (view);

  for (GList *l = columns; l != NULL; l = l->next)
    if (gtk_tree_view_column_get_sort_column_id (l->data) == FD_CALLS_COLUMN_CALLER_KEY)
      return l->data;
  g_assert_not_reached ();
}

/* Sorted by caller (Rita, Tom, Una), with the pointer down on Tom's row. The
 * y of that row. */
static int
press_on_tom (Fixture *f)
{
  FdCallsPage *page = fd_window_get_calls_page (f->window);
  GtkTreeView *view = fd_calls_page_get_tree_view (page);
  g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (1, -1);
  GdkRectangle rect;

  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (fd_calls_page_get_store (page)),
                                        FD_CALLS_COLUMN_CALLER_KEY, GTK_SORT_ASCENDING);
  FD_TEST_WAIT_FOR (gtk_widget_get_allocated_width (GTK_WIDGET (view)) > 100, 5);
  g_assert_true (call_at (f, 0, 0) == fd_call_tracker_lookup (f->tracker, "ring1"));
  g_assert_true (call_at (f, 1, 0) == fd_call_tracker_lookup (f->tracker, "talk1"));
  gtk_tree_view_get_cell_area (view, path, NULL, &rect);
  send_button (f, GDK_BUTTON_PRESS, rect.y + rect.height / 2);
  g_assert_true (call_at (f, -1, rect.y + rect.height / 2) == fd_call_tracker_lookup (f->tracker, "talk1"));
  return rect.y + rect.height / 2;
}

/* Two callers who sort above Tom ring. */
static void
ring_above (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  fd_simulator_load_scenario_data (f->simulator,
                                   "0.0 ring a id=new1 from=4000 name=\"Aaron First\" to=4001\n"
                                   "0.0 ring b id=new2 from=5000 name=\"Abby Second\" to=5001\n", &error);
  g_assert_no_error (error);
}

/* While the button is down, a poll that adds calls above, ends one above and
 * changes the pressed call moves no row: the release lands on the pressed
 * call. The list catches up at the release. */
static void
test_press_holds_rows (Fixture       *f,
                       gconstpointer  data)
{
  FdCall *tom = fd_call_tracker_lookup (f->tracker, "talk1");
  int y = press_on_tom (f);
  g_autofree char *state = NULL;
  GtkTreeIter iter;
  int done = 0;

  ring_above (f);
  fd_call_control_async (f->client, FD_CALL_ACTION_HANGUP, "ring1", NULL, NULL, NULL, on_control_done, &done);
  fd_call_control_async (f->client, FD_CALL_ACTION_HOLD, "talk1", NULL, NULL, NULL, on_control_done, &done);
  FD_TEST_WAIT_FOR (done == 2, 5);
  fd_poller_poll_now (f->poller);
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "new2") != NULL &&
                    fd_call_tracker_lookup (f->tracker, "ring1") == NULL &&
                    call_in_state (f, "talk1", FD_CALL_STATE_HOLD), 5);

  /* Held: the same rows in the same places, the pressed call's cells new. */
  g_assert_true (call_at (f, -1, y) == tom);
  g_assert_cmpint (gtk_tree_model_iter_n_children (GTK_TREE_MODEL (fd_calls_page_get_store (
    fd_window_get_calls_page (f->window))), NULL), ==, 3);
  g_assert_false (has_row (f, "new1"));
  g_assert_true (fd_calls_page_lookup_row (fd_window_get_calls_page (f->window), tom, &iter));
  gtk_tree_model_get (GTK_TREE_MODEL (fd_calls_page_get_store (fd_window_get_calls_page (f->window))), &iter,
                      FD_CALLS_COLUMN_STATE_TEXT, &state, -1);
  g_assert_cmpstr (state, ==, "On hold");
  g_assert_true (fd_window_get_selected_call (f->window) == tom);
  /* The header still shows the order the list will take again. */
  g_assert_true (gtk_tree_view_column_get_sort_indicator (caller_column (f)));

  /* Released: Aaron, Abby, Tom, Una. */
  send_button (f, GDK_BUTTON_RELEASE, y);
  g_assert_true (call_at (f, 0, 0) == fd_call_tracker_lookup (f->tracker, "new1"));
  g_assert_true (call_at (f, 1, 0) == fd_call_tracker_lookup (f->tracker, "new2"));
  g_assert_true (call_at (f, 2, 0) == tom);
  g_assert_true (call_at (f, 3, 0) == fd_call_tracker_lookup (f->tracker, "talk2"));
  g_assert_null (call_at (f, 4, 0));
  g_assert_true (fd_window_get_selected_call (f->window) == tom);
  g_assert_true (gtk_tree_view_column_get_sort_indicator (caller_column (f)));
}

/* A release that never comes holds the list a few seconds only. */
static void
test_press_deadline (Fixture       *f,
                     gconstpointer  data)
{
  int y = press_on_tom (f);
  gint64 pressed = g_get_monotonic_time ();

  ring_above (f);
  fd_poller_poll_now (f->poller);
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "new2") != NULL, 5);
  g_assert_false (has_row (f, "new1"));
  FD_TEST_WAIT_FOR (has_row (f, "new1") && has_row (f, "new2"), 2 * FD_CALLS_HOLD_PRESS_MS / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - pressed, >=, FD_CALLS_HOLD_PRESS_MS * 1000 - 100000);
  g_assert_true (call_at (f, 0, 0) == fd_call_tracker_lookup (f->tracker, "new1"));
  /* The late release changes nothing: Aaron, Abby, Rita, Tom, Una. */
  send_button (f, GDK_BUTTON_RELEASE, y);
  g_assert_true (call_at (f, 3, 0) == fd_call_tracker_lookup (f->tracker, "talk1"));
  g_assert_true (call_at (f, 4, 0) == fd_call_tracker_lookup (f->tracker, "talk2"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_default (), "/io/github/frontdesk/Frontdesk/icons");

#define ADD(name, func) g_test_add ("/frontdesk/call-actions/" name, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("enabled", test_enabled);
  ADD ("hold-resume", test_hold_resume);
  ADD ("forward", test_forward);
  ADD ("transfer", test_transfer);
  ADD ("hangup", test_hangup);
  ADD ("call-gone", test_call_gone);
  ADD ("context-menu", test_context_menu);
  ADD ("press-holds-rows", test_press_holds_rows);
  ADD ("press-deadline", test_press_deadline);
#undef ADD
  return g_test_run ();
}
