/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The missed-call inbox tells the truth (issue 11): the window while the
 * PBX is away. */
#include "config.h"

#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>

#include <string.h>

typedef struct {
  FdSimulator   *simulator;
  FdClient      *client;
  FdCallTracker *tracker;
  FdPoller      *poller;
  FdWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
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
  f->tracker = fd_call_tracker_new ();
  f->poller = fd_poller_new (f->client, f->tracker);
  fd_poller_set_interval (f->poller, 0.2);
  f->window = g_object_ref_sink (fd_window_new (NULL, f->tracker, f->poller));
  gtk_widget_show (GTK_WIDGET (f->window));
  fd_poller_start (f->poller);
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
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
}

static GtkWidget *
calls_view (Fixture *f)
{
  return GTK_WIDGET (fd_calls_page_get_tree_view (fd_window_get_calls_page (f->window)));
}

static gboolean
is_dimmed (Fixture *f)
{
  GtkWidget *view = calls_view (f);

  return gtk_widget_get_opacity (view) < 1.0 &&
         gtk_style_context_has_class (gtk_widget_get_style_context (view), "stale");
}

static gboolean
retry_text_counts_down (Fixture *f)
{
  const char *text = fd_offline_bar_get_retry_text (fd_window_get_offline_bar (f->window));

  return g_str_has_prefix (text, "Trying again in ") && g_str_has_suffix (text, " s");
}

/* Online: no bar, the list as it is. The first failed poll dims the list
 * (its ringing call is as last seen, kept), says when the PBX was last
 * seen and when it is asked again; Retry now asks at once, and the first
 * good answer undoes it all. */
static void
test_stale_list (Fixture       *f,
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/frontdesk/inbox/stale-list", Fixture, NULL, fixture_set_up, test_stale_list, fixture_tear_down);
  return g_test_run ();
}
