/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-tracker.h"
#include "fd-client.h"
#include "fd-desk.h"
#include "fd-format.h"
#include "fd-poller.h"
#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>

#include <string.h>

/* Three calls ring at once; one is answered, one is missed, then all end. */
static const char scenario[] =
  "0.0 ring c1 id=call1 from=1000 name=\"John Smith\" to=1001\n"
  "0.0 ring c2 id=call2 from=+3612345678 name=\"<b>Boss</b> & Co\" to=1002\n"
  "0.0 ring c3 id=call3 from=2000 name=\"Anna Kovács\" to=1003\n"
  "1.0 answer c2\n"
  "2.5 end c3\n"
  "4.0 end c1\n"
  "4.0 end c2\n";

typedef struct {
  FdSimulator   *simulator;
  FdClient      *client;
  FdDesk        *desk;
  FdCallTracker *tracker;
  FdPoller      *poller;
  FdWindow      *window;
  FdCallsPage   *page;      /* the window's Active Calls */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->simulator = fd_simulator_new ();
  url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);

  f->client = fd_client_new (url);
  f->desk = fd_desk_new (f->client);
  f->tracker = g_object_ref (fd_desk_get_tracker (f->desk));
  f->poller = g_object_ref (fd_desk_get_poller (f->desk));
  fd_poller_set_interval (f->poller, 0.2);
  f->window = g_object_ref_sink (fd_window_new (NULL, f->desk));
  f->page = fd_window_get_calls_page (f->window);
  gtk_widget_show (GTK_WIDGET (f->window));
  fd_poller_start (f->poller);
  /* The scenario's clock starts once the desk polls: a slow start (the
   * sanitizer build, a busy machine) must not let a call end unseen. */
  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (f->poller) >= 1, 5);
  fd_simulator_load_scenario_data (f->simulator, data != NULL ? data : scenario, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fd_poller_stop (f->poller);
  fd_simulator_stop (f->simulator);
  gtk_widget_destroy (GTK_WIDGET (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->poller);
  g_clear_object (&f->tracker);
  g_clear_object (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
}

static guint
n_rows (Fixture *f)
{
  return gtk_tree_model_iter_n_children (GTK_TREE_MODEL (fd_calls_page_get_store (f->page)), NULL);
}

static guint
n_visible_rows (Fixture *f)
{
  return gtk_tree_model_iter_n_children (gtk_tree_view_get_model (fd_calls_page_get_tree_view (f->page)), NULL);
}

/* A cell of the row of CallId @id, or NULL when there is no such row. */
static char *
cell (Fixture    *f,
      const char *id,
      int         column)
{
  FdCall *call = fd_call_tracker_lookup (f->tracker, id);
  GtkTreeIter iter;
  char *text = NULL;

  if (call == NULL || !fd_calls_page_lookup_row (f->page, call, &iter))
    return NULL;
  gtk_tree_model_get (GTK_TREE_MODEL (fd_calls_page_get_store (f->page)), &iter, column, &text, -1);
  return text;
}

static gboolean
cell_is (Fixture    *f,
         const char *id,
         int         column,
         const char *expected)
{
  g_autofree char *text = cell (f, id, column);

  return g_strcmp0 (text, expected) == 0;
}

static char *
selected_path (Fixture *f)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (fd_calls_page_get_tree_view (f->page));
  GtkTreeModel *model;
  GtkTreeIter iter;
  g_autoptr(GtkTreePath) path = NULL;

  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return NULL;
  path = gtk_tree_model_get_path (model, &iter);
  return gtk_tree_path_to_string (path);
}

static void
test_lists_calls (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *markup = NULL;

  FD_TEST_WAIT_FOR (n_rows (f) == 3, 5);

  g_assert_true (cell_is (f, "call1", FD_CALLS_COLUMN_STATE_TEXT, "Ringing"));
  g_assert_true (cell_is (f, "call1", FD_CALLS_COLUMN_STATE_ICON, FD_ICON_RINGING));
  g_assert_true (cell_is (f, "call1", FD_CALLS_COLUMN_CALLER_KEY, "John Smith (1000)"));
  /* Two lines in every row: the number alone leaves the second empty. */
  g_assert_true (cell_is (f, "call1", FD_CALLS_COLUMN_CALLED, "1001\n "));
  g_assert_true (cell_is (f, "call3", FD_CALLS_COLUMN_CALLER_KEY, "Anna Kovács (2000)"));
  /* What the PBX sent is text, never markup. */
  markup = cell (f, "call2", FD_CALLS_COLUMN_CALLER_MARKUP);
  g_assert_nonnull (strstr (markup, "&lt;b&gt;Boss&lt;/b&gt; &amp; Co"));
  g_assert_null (strstr (markup, "<b>Boss"));
  g_assert_cmpstr (fd_calls_page_get_page (f->page), ==, "calls");
  g_assert_true (g_str_has_prefix (fd_window_get_status_text (f->window), "Connected to http://127.0.0.1:"));
}

/* What the desk says of its journal (calls waiting in the outbox while
 * the database is away) shows on the status line beside the connection,
 * and leaves it when the desk clears it. */
static void
test_status_says_journal (Fixture       *f,
                          gconstpointer  data)
{
  const char *waiting = "Journal offline: 2 calls wait on this computer and are sent when the database is back.";

  FD_TEST_WAIT_FOR (n_rows (f) == 3, 5);
  fd_desk_set_journal_error (f->desk, waiting);
  g_assert_true (g_str_has_suffix (fd_window_get_status_text (f->window), waiting));
  g_assert_true (g_str_has_prefix (fd_window_get_status_text (f->window), "Connected to http://127.0.0.1:"));
  fd_desk_set_journal_error (f->desk, NULL);
  g_assert_null (strstr (fd_window_get_status_text (f->window), "Journal offline"));
}

/* Pointing the app at another PBX withdraws the old calls from the list
 * at once, without waiting for (or faking) their end. */
static void
test_withdrawn_calls_leave (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FdCall) call1 = NULL;
  GtkTreeIter iter;

  FD_TEST_WAIT_FOR (n_rows (f) == 3, 5);
  call1 = g_object_ref (fd_call_tracker_lookup (f->tracker, "call1"));
  fd_poller_stop (f->poller);
  fd_call_tracker_clear (f->tracker);
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_false (fd_calls_page_lookup_row (f->page, call1, &iter));
}

static void
test_updates_in_place (Fixture       *f,
                       gconstpointer  data)
{
  FdCall *call2;
  GtkTreeIter before;
  GtkTreeIter after;
  g_autofree char *path_before = NULL;
  g_autofree char *path_after = NULL;

  FD_TEST_WAIT_FOR (n_rows (f) == 3, 5);
  call2 = fd_call_tracker_lookup (f->tracker, "call2");
  g_assert_true (fd_window_select_call (f->window, "call2"));
  g_assert_true (fd_calls_page_lookup_row (f->page, call2, &before));
  path_before = selected_path (f);

  FD_TEST_WAIT_FOR (cell_is (f, "call2", FD_CALLS_COLUMN_STATE_TEXT, "In call"), 5);

  /* The same row, still selected, at the same place. */
  g_assert_true (fd_calls_page_lookup_row (f->page, call2, &after));
  g_assert_true (before.user_data == after.user_data);
  g_assert_true (fd_window_get_selected_call (f->window) == call2);
  path_after = selected_path (f);
  g_assert_cmpstr (path_before, ==, path_after);
  g_assert_true (cell_is (f, "call2", FD_CALLS_COLUMN_STATE_ICON, FD_ICON_ACTIVE));

  /* Another call ending moves nothing that is selected. */
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (f->tracker, "call3") == NULL, 5);
  g_assert_cmpuint (n_rows (f), ==, 2);
  g_assert_true (fd_window_get_selected_call (f->window) == call2);
  g_assert_true (fd_calls_page_lookup_row (f->page, call2, &after));
  g_assert_true (before.user_data == after.user_data);

  FD_TEST_WAIT_FOR (n_rows (f) == 0, 8);
  g_assert_cmpstr (fd_calls_page_get_page (f->page), ==, "empty");
  g_assert_cmpstr (fd_calls_page_get_empty_title (f->page), ==, "No Active Calls");
}

/* Between two polls the talking time goes on from the last polled value. */
static void
test_durations_tick (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *talk = NULL;
  g_autofree char *ring = NULL;
  guint64 polls;

  FD_TEST_WAIT_FOR (cell_is (f, "call2", FD_CALLS_COLUMN_STATE_TEXT, "In call"), 5);
  /* Just after a poll: the next one is 60 s away now. */
  fd_poller_set_interval (f->poller, 60);
  polls = fd_poller_get_n_polls (f->poller);
  talk = cell (f, "call2", FD_CALLS_COLUMN_TALK_TEXT);
  ring = cell (f, "call2", FD_CALLS_COLUMN_RING_TEXT);
  g_assert_true (g_str_has_prefix (talk, "0:0"));

  FD_TEST_WAIT_FOR (!cell_is (f, "call2", FD_CALLS_COLUMN_TALK_TEXT, talk), 3);
  g_assert_cmpuint (fd_poller_get_n_polls (f->poller), ==, polls);
  /* A call no longer ringing keeps its ringing time. */
  g_assert_true (cell_is (f, "call2", FD_CALLS_COLUMN_RING_TEXT, ring));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  FD_TEST_WAIT_FOR (n_rows (f) == 3, 5);
  fd_poller_stop (f->poller);

  fd_window_start_search (f->window, "BOSS");
  g_assert_cmpuint (n_visible_rows (f), ==, 1);
  fd_window_start_search (f->window, "1003");   /* the called number */
  g_assert_cmpuint (n_visible_rows (f), ==, 1);
  fd_window_start_search (f->window, "kovács");
  g_assert_cmpuint (n_visible_rows (f), ==, 1);
  g_assert_cmpstr (fd_calls_page_get_page (f->page), ==, "calls");

  fd_window_start_search (f->window, "nobody");
  g_assert_cmpuint (n_visible_rows (f), ==, 0);
  g_assert_cmpuint (n_rows (f), ==, 3);
  g_assert_cmpstr (fd_calls_page_get_page (f->page), ==, "empty");

  /* Showing a call clears a search that hides it. */
  g_assert_true (fd_window_select_call (f->window, "call3"));
  g_assert_cmpuint (n_visible_rows (f), ==, 3);
  g_assert_true (fd_window_get_selected_call (f->window) == fd_call_tracker_lookup (f->tracker, "call3"));
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  FD_TEST_WAIT_FOR (fd_poller_get_state (f->poller) == FD_CONNECTION_ONLINE, 5);
  g_assert_cmpstr (fd_calls_page_get_page (f->page), ==, "empty");
  g_assert_cmpstr (fd_calls_page_get_empty_title (f->page), ==, "No Active Calls");

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_REFUSE, 0);
  FD_TEST_WAIT_FOR (fd_poller_get_state (f->poller) == FD_CONNECTION_OFFLINE, 5);
  g_assert_true (g_str_has_prefix (fd_window_get_status_text (f->window), "Offline: "));
  g_assert_cmpstr (fd_calls_page_get_page (f->page), ==, "empty");
  g_assert_cmpstr (fd_calls_page_get_empty_title (f->page), ==, "Cannot Reach the Phone System");
}

/* Closing never destroys the window: it hides only when a tray can bring
 * it back. */
static void
flush_events (void)
{
  while (gtk_events_pending ())
    gtk_main_iteration ();
}

static void
test_close (Fixture       *f,
            gconstpointer  data)
{
  gtk_window_close (GTK_WINDOW (f->window));
  flush_events ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  fd_window_set_hide_on_close (f->window, TRUE);
  gtk_window_close (GTK_WINDOW (f->window));
  flush_events ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

static void
test_format_duration (void)
{
  struct {
    double      seconds;
    const char *text;
  } cases[] = {
    { FD_CALL_NO_DURATION, "–" },
    { 0, "0:00" },
    { 42.9, "0:42" },
    { 605, "10:05" },
    { 3723, "1:02:03" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fd_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_default (), "/io/github/frontdesk/Frontdesk/icons");

  g_test_add_func ("/frontdesk/window/format-duration", test_format_duration);
  g_test_add ("/frontdesk/window/lists-calls", Fixture, NULL, fixture_set_up, test_lists_calls, fixture_tear_down);
  g_test_add ("/frontdesk/window/status-says-journal", Fixture, NULL, fixture_set_up, test_status_says_journal,
              fixture_tear_down);
  g_test_add ("/frontdesk/window/withdrawn-calls-leave", Fixture, NULL, fixture_set_up, test_withdrawn_calls_leave,
              fixture_tear_down);
  g_test_add ("/frontdesk/window/updates-in-place", Fixture, NULL, fixture_set_up, test_updates_in_place,
              fixture_tear_down);
  g_test_add ("/frontdesk/window/durations-tick", Fixture, NULL, fixture_set_up, test_durations_tick,
              fixture_tear_down);
  g_test_add ("/frontdesk/window/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/frontdesk/window/offline", Fixture, "# no calls\n", fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/frontdesk/window/close", Fixture, NULL, fixture_set_up, test_close, fixture_tear_down);
  return g_test_run ();
}
