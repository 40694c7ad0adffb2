/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-desk.h"

#include "fake-notification-server.h"
#include "fd-application.h"
#include "fd-format.h"
#include "fd-journal-entry.h"
#include "fd-journal.h"
#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include <string.h>

/* ---- The History view on a journal of its own ------------------------- */

typedef struct {
  char          *dir;
  char          *path;
  FdJournal     *journal;
  FdClient      *client;
  FdDesk        *desk;
  FdCallTracker *tracker;
  FdPoller      *poller;     /* never started: these tests need no PBX */
  FdWindow      *window;
  FdHistoryPage *page;        /* the window's: its rows, its inbox count */
  gint64         old_id;      /* answered, 100 days ago */
  gint64         answered_id; /* two hours ago */
  gint64         missed1_id;  /* an hour ago */
  gint64         missed2_id;  /* ten minutes ago: the newest */
  guint          n_inserted;  /* rows the store got */
  guint          n_deleted;   /* rows it lost */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static gint64
add_call (FdJournal     *journal,
          const char    *id,
          const char    *source,
          const char    *name,
          const char    *destination,
          FdCallOutcome  outcome,
          int            minutes_ago)
{
  g_autoptr(FdCall) call = fd_call_new (id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ended = g_date_time_add_minutes (now, -minutes_ago);
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  fd_call_set_state (call, outcome == FD_CALL_OUTCOME_MISSED ? FD_CALL_STATE_RINGING : FD_CALL_STATE_IN_CALL);
  fd_call_set_source (call, source);
  fd_call_set_caller_id (call, name);
  fd_call_set_destination (call, destination);
  fd_call_set_ring_seconds (call, 3);
  fd_call_set_talk_seconds (call, outcome == FD_CALL_OUTCOME_MISSED ? 0 : 65);
  entry_id = fd_journal_add (journal, call, outcome, ended, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry_id, >, 0);
  return entry_id;
}

static void
count_inserted (Fixture *f)
{
  f->n_inserted++;
}

static void
count_deleted (Fixture *f)
{
  f->n_deleted++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkListStore *store;

  f->dir = g_dir_make_tmp ("frontdesk-history-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "journal.db", NULL);
  f->journal = fd_journal_open (f->path, &error);
  g_assert_no_error (error);
  f->old_id = add_call (f->journal, "old1", "5000", "Olga Old", "1000", FD_CALL_OUTCOME_ANSWERED, 100 * 24 * 60);
  f->answered_id = add_call (f->journal, "ans1", "1000", "Anna Answered", "1001", FD_CALL_OUTCOME_ANSWERED, 120);
  f->missed1_id = add_call (f->journal, "miss1", "+3612345678", "Max Missed", "1002", FD_CALL_OUTCOME_MISSED, 60);
  f->missed2_id = add_call (f->journal, "miss2", "2000", "Mia Missed", "1003", FD_CALL_OUTCOME_MISSED, 10);

  f->client = fd_client_new (NULL);
  f->desk = fd_desk_new (f->client);
  f->tracker = g_object_ref (fd_desk_get_tracker (f->desk));
  f->poller = g_object_ref (fd_desk_get_poller (f->desk));
  f->window = g_object_ref_sink (fd_window_new (NULL, f->desk));
  f->page = fd_window_get_history_page (f->window);
  fd_window_set_journal (f->window, f->journal, NULL);
  fd_window_show_page (f->window, "history");
  gtk_widget_show (GTK_WIDGET (f->window));

  store = fd_history_page_get_store (f->page);
  g_signal_connect_swapped (store, "row-inserted", G_CALLBACK (count_inserted), f);
  g_signal_connect_swapped (store, "row-deleted", G_CALLBACK (count_deleted), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fd_history_page_get_store (f->page), f);
  gtk_widget_destroy (GTK_WIDGET (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->poller);
  g_clear_object (&f->tracker);
  g_clear_object (&f->desk);
  g_clear_object (&f->client);
  g_assert_finalize_object (f->journal);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GtkTreeModel *
store (Fixture *f)
{
  return GTK_TREE_MODEL (fd_history_page_get_store (f->page));
}

static guint
n_visible (Fixture *f)
{
  return gtk_tree_model_iter_n_children (gtk_tree_view_get_model (fd_history_page_get_view (f->page)), NULL);
}

static GtkTreeIter
row (Fixture *f,
     gint64   id)
{
  GtkTreeIter iter;

  g_assert_true (fd_history_page_lookup_row (f->page, id, &iter));
  return iter;
}

static char *
text (Fixture *f,
      gint64   id,
      int      column)
{
  GtkTreeIter iter = row (f, id);
  char *value = NULL;

  gtk_tree_model_get (store (f), &iter, column, &value, -1);
  return value;
}

static gboolean
flag (Fixture *f,
      gint64   id,
      int      column)
{
  GtkTreeIter iter = row (f, id);
  gboolean value = FALSE;

  gtk_tree_model_get (store (f), &iter, column, &value, -1);
  return value;
}

static gint64
id_at (Fixture *f,
       int      position)
{
  GtkTreeIter iter;
  gint64 id = 0;

  g_assert_true (gtk_tree_model_iter_nth_child (store (f), &iter, NULL, position));
  gtk_tree_model_get (store (f), &iter, FD_HISTORY_COLUMN_ID, &id, -1);
  return id;
}

static gint64
selected_id (Fixture *f)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (fd_history_page_get_view (f->page));
  GtkTreeModel *model;
  GtkTreeIter iter;
  gint64 id = 0;

  if (gtk_tree_selection_get_selected (selection, &model, &iter))
    gtk_tree_model_get (model, &iter, FD_HISTORY_COLUMN_ID, &id, -1);
  return id;
}

static void
assert_text (Fixture    *f,
             gint64      id,
             int         column,
             const char *expected)
{
  g_autofree char *value = text (f, id, column);

  g_assert_cmpstr (value, ==, expected);
}

static gboolean
enabled (Fixture    *f,
         const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action);
}

static void
test_view (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *markup = NULL;
  g_autofree char *ended = NULL;

  /* Newest first. */
  g_assert_cmpint (gtk_tree_model_iter_n_children (store (f), NULL), ==, 4);
  g_assert_cmpint (id_at (f, 0), ==, f->missed2_id);
  g_assert_cmpint (id_at (f, 1), ==, f->missed1_id);
  g_assert_cmpint (id_at (f, 2), ==, f->answered_id);
  g_assert_cmpint (id_at (f, 3), ==, f->old_id);
  g_assert_null (fd_history_page_get_empty_title (f->page));

  assert_text (f, f->missed1_id, FD_HISTORY_COLUMN_OUTCOME_TEXT, "Missed");
  assert_text (f, f->missed1_id, FD_HISTORY_COLUMN_OUTCOME_ICON, FD_ICON_MISSED);
  assert_text (f, f->missed1_id, FD_HISTORY_COLUMN_CALLED, "1002");
  assert_text (f, f->missed1_id, FD_HISTORY_COLUMN_RING_TEXT, "0:03");
  assert_text (f, f->missed1_id, FD_HISTORY_COLUMN_TALK_TEXT, "–");
  markup = text (f, f->missed1_id, FD_HISTORY_COLUMN_CALLER_MARKUP);
  g_assert_nonnull (strstr (markup, "Max Missed"));
  /* Shown as people write it. */
  g_assert_nonnull (strstr (markup, "+36 1 234 5678"));
  g_assert_true (flag (f, f->missed1_id, FD_HISTORY_COLUMN_MISSED));
  g_assert_false (flag (f, f->missed1_id, FD_HISTORY_COLUMN_HANDLED));

  assert_text (f, f->answered_id, FD_HISTORY_COLUMN_OUTCOME_TEXT, "Answered");
  assert_text (f, f->answered_id, FD_HISTORY_COLUMN_TALK_TEXT, "1:05");
  g_assert_false (flag (f, f->answered_id, FD_HISTORY_COLUMN_MISSED));
  /* An old call shows its date as well as its time. */
  ended = text (f, f->old_id, FD_HISTORY_COLUMN_ENDED);
  g_assert_true (strlen (ended) > 10);

  /* The inbox. */
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 2);
  g_assert_cmpstr (fd_window_get_missed_text (f->window), ==, "2 missed calls");
  g_assert_true (enabled (f, "mark-all-handled"));
  g_assert_true (enabled (f, "export-history"));
}

/* Every change lands on its own row, where it is: the selection stays. */
static void
test_in_place (Fixture       *f,
               gconstpointer  data)
{
  GtkTreeIter answered = row (f, f->answered_id);
  GtkTreeIter missed1 = row (f, f->missed1_id);
  GtkTreeIter after;
  g_autoptr(GError) error = NULL;
  gint64 new_id;

  g_assert_true (fd_window_select_history (f->window, f->answered_id));
  g_assert_cmpint (selected_id (f), ==, f->answered_id);

  /* A call ends: a new row on top. */
  new_id = add_call (f->journal, "miss3", "3000", "Nora New", "1004", FD_CALL_OUTCOME_MISSED, 0);
  g_assert_cmpint (id_at (f, 0), ==, new_id);
  g_assert_cmpuint (f->n_inserted, ==, 1);
  g_assert_cmpint (selected_id (f), ==, f->answered_id);
  after = row (f, f->answered_id);
  g_assert_true (after.user_data == answered.user_data);
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 3);

  /* One marked handled: its flag, in place. */
  g_assert_true (fd_journal_set_handled (f->journal, f->missed1_id, TRUE, &error));
  g_assert_no_error (error);
  after = row (f, f->missed1_id);
  g_assert_true (after.user_data == missed1.user_data);
  g_assert_true (flag (f, f->missed1_id, FD_HISTORY_COLUMN_HANDLED));
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 2);

  /* All marked handled, from the inbox. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mark-all-handled", NULL);
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 0);
  g_assert_null (fd_window_get_missed_text (f->window));
  g_assert_true (flag (f, f->missed2_id, FD_HISTORY_COLUMN_HANDLED));
  g_assert_true (flag (f, new_id, FD_HISTORY_COLUMN_HANDLED));
  g_assert_false (enabled (f, "mark-all-handled"));

  /* The retention: only the old row goes. */
  g_assert_true (fd_journal_prune (f->journal, 90, &error));
  g_assert_no_error (error);
  g_assert_false (fd_history_page_lookup_row (f->page, f->old_id, NULL));
  g_assert_cmpint (gtk_tree_model_iter_n_children (store (f), NULL), ==, 4);

  g_assert_cmpuint (f->n_inserted, ==, 1);
  g_assert_cmpuint (f->n_deleted, ==, 1);
  after = row (f, f->answered_id);
  g_assert_true (after.user_data == answered.user_data);
  g_assert_cmpint (selected_id (f), ==, f->answered_id);
}

static void
set_filter (Fixture    *f,
            const char *name)
{
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "history-filter", g_variant_new_string (name));
}

static void
test_filter_search (Fixture       *f,
                    gconstpointer  data)
{
  set_filter (f, "missed");
  g_assert_cmpuint (n_visible (f), ==, 2);
  set_filter (f, "answered");
  g_assert_cmpuint (n_visible (f), ==, 2);
  set_filter (f, "all");
  g_assert_cmpuint (n_visible (f), ==, 4);

  fd_window_start_search (f->window, "MIA");
  g_assert_cmpuint (n_visible (f), ==, 1);
  fd_window_start_search (f->window, "1001");   /* the called number */
  g_assert_cmpuint (n_visible (f), ==, 1);
  set_filter (f, "missed");
  g_assert_cmpuint (n_visible (f), ==, 0);
  g_assert_cmpstr (fd_history_page_get_empty_title (f->page), ==, "No Matching Calls");

  fd_window_start_search (f->window, "");
  g_assert_cmpuint (n_visible (f), ==, 2);
  g_assert_null (fd_history_page_get_empty_title (f->page));

  /* Showing a call clears what hides it. */
  g_assert_true (fd_window_select_history (f->window, f->answered_id));
  g_assert_cmpuint (n_visible (f), ==, 4);
  g_assert_cmpint (selected_id (f), ==, f->answered_id);
}

static void
test_mark_actions (Fixture       *f,
                   gconstpointer  data)
{
  GtkTreeView *view = fd_history_page_get_view (f->page);
  GtkTreeViewColumn *column = gtk_tree_view_get_column (view, 6);
  g_autoptr(GList) cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (column));

  g_assert_true (fd_window_select_history (f->window, f->missed1_id));
  g_assert_true (enabled (f, "mark-handled"));
  g_assert_false (enabled (f, "mark-unhandled"));
  g_assert_true (enabled (f, "copy-number"));
  /* Call control is for active calls only. */
  g_assert_false (enabled (f, "hangup"));

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mark-handled", NULL);
  g_assert_true (flag (f, f->missed1_id, FD_HISTORY_COLUMN_HANDLED));
  g_assert_false (enabled (f, "mark-handled"));
  g_assert_true (enabled (f, "mark-unhandled"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mark-unhandled", NULL);
  g_assert_false (flag (f, f->missed1_id, FD_HISTORY_COLUMN_HANDLED));

  g_assert_true (fd_window_select_history (f->window, f->answered_id));
  g_assert_false (enabled (f, "mark-handled"));
  g_assert_false (enabled (f, "mark-unhandled"));

  /* The check box in the Handled column (row 0 is the newest, miss2). */
  g_assert_cmpstr (gtk_tree_view_column_get_title (column), ==, "Handled");
  g_signal_emit_by_name (cells->data, "toggled", "0");
  g_assert_true (flag (f, f->missed2_id, FD_HISTORY_COLUMN_HANDLED));
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 1);
  g_assert_cmpstr (fd_window_get_missed_text (f->window), ==, "1 missed call");
}

static gboolean
result_has_prefix (Fixture    *f,
                   const char *prefix)
{
  const char *result = fd_window_get_result_text (f->window);

  return result != NULL && g_str_has_prefix (result, prefix);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->dir, "missed.csv", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "no-such-folder", "calls.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autofree char *expected = g_strdup_printf ("The calls shown were exported to %s.", csv_path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  /* What is shown is what is exported. */
  set_filter (f, "missed");
  fd_history_page_export (f->page, file);
  FD_TEST_WAIT_FOR (fd_window_get_result_text (f->window) != NULL, 10);
  g_assert_cmpstr (fd_window_get_result_text (f->window), ==, expected);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two calls, "" */
  g_assert_true (g_str_has_prefix (lines[0], "ended_time,"));
  g_assert_nonnull (strstr (lines[1], "Mia Missed"));
  g_assert_nonnull (strstr (lines[2], "Max Missed"));
  g_assert_cmpstr (lines[3], ==, "");

  fd_history_page_export (f->page, bad);
  FD_TEST_WAIT_FOR (result_has_prefix (f, "Could not export the call history: "), 10);
  g_assert_true (g_str_has_suffix (fd_window_get_result_text (f->window), "."));
}

/* A journal that cannot be opened: the window says why and works on. */
static void
test_no_journal (Fixture       *f,
                 gconstpointer  data)
{
  static const char reason[] = "/x/journal.db is not a Frontdesk call journal.";

  fd_window_set_journal (f->window, NULL, reason);
  g_assert_cmpstr (fd_history_page_get_empty_title (f->page), ==, "No Call History");
  g_assert_nonnull (strstr (fd_window_get_status_text (f->window), reason));
  g_assert_false (enabled (f, "export-history"));
  g_assert_false (enabled (f, "mark-all-handled"));
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 0);
  g_assert_null (fd_window_get_missed_text (f->window));

  /* And when it comes back. */
  fd_window_set_journal (f->window, f->journal, NULL);
  g_assert_null (strstr (fd_window_get_status_text (f->window), reason));
  g_assert_cmpuint (fd_history_page_get_missed_count (f->page), ==, 2);
}

/* ---- The desktop app: journal, tray, notification, restart ------------ */

/* One answered call and two missed ones. */
static const char scenario[] =
  "0.0 ring a id=ans1 from=1000 name=\"Anna Answered\" to=1001\n"
  "0.0 ring m id=miss1 from=2000 name=\"Max Missed\" to=1002\n"
  "0.0 ring n id=miss2 from=3000 name=\"Mia Missed\" to=1003\n"
  "0.3 answer a\n"
  "0.6 end m\n"
  "0.9 end n\n"
  "1.2 end a\n";

static const char *capabilities[] = { "actions", "body", "body-markup", NULL };

typedef struct {
  FakeNotificationServer *server;
  FdSimulator            *simulator;
  FdApplication          *app;
  FdJournal              *journal;   /* our own look at the default journal */
  const char             *expected_error;
  const char             *scenario_text;
  GSourceFunc             checks;
} App;

static FdJournalEntry *
find_entry (GPtrArray  *entries,
            const char *call_id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (fd_call_get_id (fd_journal_entry_get_call (g_ptr_array_index (entries, i))), call_id))
      return g_ptr_array_index (entries, i);
  return NULL;
}

static guint
n_entries (App *t)
{
  g_autoptr(GPtrArray) entries = fd_journal_list (t->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, NULL);

  return entries != NULL ? entries->len : 0;
}

static guint
unhandled (App *t)
{
  return fd_journal_count_unhandled_missed (t->journal, NULL);
}

static FdWindow *
shown_window (App *t)
{
  FdWindow *window = fd_application_get_window (t->app);

  return window != NULL && gtk_widget_get_visible (GTK_WIDGET (window)) ? window : NULL;
}

static guint
n_history_rows (App *t)
{
  FdHistoryPage *page = fd_window_get_history_page (shown_window (t));

  return gtk_tree_model_iter_n_children (GTK_TREE_MODEL (fd_history_page_get_store (page)), NULL);
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

static void
check_recorded (App *t)
{
  g_autoptr(GPtrArray) entries = NULL;
  FdTray *tray = fd_application_get_tray (t->app);

  FD_TEST_WAIT_FOR (n_entries (t) == 3, 10);
  entries = fd_journal_list (t->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, NULL);
  g_assert_cmpint (fd_journal_entry_get_outcome (find_entry (entries, "ans1")), ==, FD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpint (fd_journal_entry_get_outcome (find_entry (entries, "miss1")), ==, FD_CALL_OUTCOME_MISSED);
  g_assert_cmpint (fd_journal_entry_get_outcome (find_entry (entries, "miss2")), ==, FD_CALL_OUTCOME_MISSED);
  g_assert_cmpstr (fd_call_get_caller_id (fd_journal_entry_get_call (find_entry (entries, "miss2"))), ==,
                   "Mia Missed");

  /* The History view shows them; the tray and the inbox count them. */
  FD_TEST_WAIT_FOR (shown_window (t) != NULL && n_history_rows (t) == 3, 5);
  FD_TEST_WAIT_FOR (fd_call_tracker_get_n_calls (fd_application_get_tracker (t->app)) == 0, 5);
  g_assert_cmpuint (fd_tray_get_missed_count (tray), ==, 2);
  g_assert_cmpstr (fd_tray_get_title (tray), ==, "Frontdesk: 2 missed calls");
  g_assert_cmpstr (fd_window_get_missed_text (shown_window (t)), ==, "2 missed calls");
}

/* The missed-call notification's "Mark Handled" button. */
static void
check_notification_button (App *t)
{
  g_autoptr(FakeNotification) missed = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Colleagues sharing the journal see who handled it. */
  g_settings_set_string (settings, "user-name", "Anna at the desk");
  FD_TEST_WAIT_FOR ((missed = fake_notification_server_find (t->server, "Missed Call", "Mia Missed")) != NULL, 5);
  g_assert_true (fake_notification_has_action (missed, "handled"));
  fake_notification_server_invoke (t->server, missed->id, "handled");
  FD_TEST_WAIT_FOR (fd_tray_get_missed_count (fd_application_get_tray (t->app)) == 1, 5);
  entries = fd_journal_list (t->journal, FD_JOURNAL_FILTER_MISSED, NULL, 0, NULL);
  g_assert_true (fd_journal_entry_get_handled (find_entry (entries, "miss2")));
  g_assert_cmpstr (fd_journal_entry_get_handled_by (find_entry (entries, "miss2")), ==, "Anna at the desk");
  g_assert_false (fd_journal_entry_get_handled (find_entry (entries, "miss1")));
  g_assert_cmpstr (fd_window_get_missed_text (shown_window (t)), ==, "1 missed call");
}

static void
check_copy_and_accels (App *t)
{
  FdWindow *window = shown_window (t);
  g_autoptr(GPtrArray) entries = fd_journal_list (t->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, NULL);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (t->app), "win.hangup");

  g_assert_cmpstr (accels[0], ==, "<Primary>e");
  g_assert_true (fd_window_select_history (window, fd_journal_entry_get_id (find_entry (entries, "miss1"))));
  g_action_group_activate_action (G_ACTION_GROUP (window), "copy-number", NULL);
  FD_TEST_WAIT_FOR (clipboard_is ("2000"), 5);
}

static gboolean
first_run (gpointer data)
{
  App *t = data;

  check_recorded (t);
  check_notification_button (t);
  check_copy_and_accels (t);
  g_application_quit (G_APPLICATION (t->app));
  return G_SOURCE_REMOVE;
}

/* After a restart: the same calls, the same count; then all handled. */
static gboolean
second_run (gpointer data)
{
  App *t = data;
  FdTray *tray = fd_application_get_tray (t->app);

  FD_TEST_WAIT_FOR (shown_window (t) != NULL, 5);
  g_assert_cmpuint (fd_tray_get_missed_count (tray), ==, 1);
  g_assert_cmpuint (n_history_rows (t), ==, 3);
  g_assert_cmpstr (fd_window_get_missed_text (shown_window (t)), ==, "1 missed call");

  g_action_group_activate_action (G_ACTION_GROUP (shown_window (t)), "mark-all-handled", NULL);
  /* The desk's worker writes it, off the main thread. */
  FD_TEST_WAIT_FOR (fd_tray_get_missed_count (tray) == 0, 5);
  g_assert_null (fd_window_get_missed_text (shown_window (t)));
  g_assert_cmpstr (fd_tray_get_title (tray), !=, "Frontdesk: 1 missed call");
  g_application_quit (G_APPLICATION (t->app));
  return G_SOURCE_REMOVE;
}

/* The simulator's scenario clock starts when the scenario is loaded. Loaded
 * before the app has started up, it can be over before the first poll: GTK's
 * start-up alone takes seconds in the sanitizer build, longer than the whole
 * scenario, and the simulator then plays every step at once, so the app
 * never sees a call. So load it once the app is polling, then check. */
static gboolean
start_scenario (gpointer data)
{
  App *t = data;
  FdPoller *poller = fd_application_get_poller (t->app);
  g_autoptr(GError) error = NULL;

  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (poller) >= 1, 5);
  fd_simulator_load_scenario_data (t->simulator, t->scenario_text, &error);
  g_assert_no_error (error);
  return t->checks (t);
}

static void
run_app (App         *t,
         const char  *scenario_text,
         const char  *journal_path,
         GSourceFunc  checks)
{
  g_autoptr(GError) error = NULL;
  FdOptions *options = fd_options_new ();

  t->simulator = fd_simulator_new ();
  options->url = fd_simulator_listen (t->simulator, 0, &error);
  g_assert_no_error (error);
  options->interval = 0.2;

  t->app = fd_application_new (options, FALSE, FALSE);
  if (journal_path != NULL)
    fd_application_set_journal_path (t->app, journal_path);
  t->scenario_text = scenario_text;
  t->checks = checks;
  g_idle_add (start_scenario, t);
  g_assert_cmpint (g_application_run (G_APPLICATION (t->app), 0, NULL), ==, 0);

  g_clear_object (&t->app);
  fd_simulator_stop (t->simulator);
  g_clear_object (&t->simulator);
}

/* The app has opened (and so created) its journal: we look at the same
 * file through a connection of our own. */
static gboolean
first_run_ready (gpointer data)
{
  App *t = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fd_journal_dup_default_path ();

  t->journal = fd_journal_open (path, &error);
  g_assert_no_error (error);
  return first_run (data);
}

/* The app runs in a process of its own each time: a restart is one, and
 * GLib lets a process name its application only once. The parent looks
 * at the journal the child left. */
static void
run_in_subprocess (void)
{
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static FdJournal *
open_default_journal (void)
{
  g_autofree char *path = fd_journal_dup_default_path ();
  g_autoptr(GError) error = NULL;
  FdJournal *journal = fd_journal_open (path, &error);

  g_assert_no_error (error);
  return journal;
}

/* A scenario with answered and missed calls: all in the journal, in the
 * History view, counted on the tray; one handled from its notification. */
static void
test_app_first_run (void)
{
  g_autofree char *path = fd_journal_dup_default_path ();
  App t = { 0 };

  if (!g_test_subprocess ())
    {
      /* main() made XDG_DATA_HOME a fresh folder. */
      g_assert_true (g_str_has_prefix (path, g_getenv ("XDG_DATA_HOME")));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      run_in_subprocess ();
      t.journal = open_default_journal ();
      g_assert_cmpuint (n_entries (&t), ==, 3);
      g_assert_cmpuint (unhandled (&t), ==, 1);
      g_clear_object (&t.journal);
      return;
    }

  t.server = fake_notification_server_new (capabilities);
  run_app (&t, scenario, NULL, first_run_ready);
  g_clear_object (&t.journal);
  fake_notification_server_free (t.server);
}

/* Run after first-run, on its journal: the count survived. */
static void
test_app_restart (void)
{
  App t = { 0 };

  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      t.journal = open_default_journal ();
      g_assert_cmpuint (n_entries (&t), ==, 3);
      g_assert_cmpuint (unhandled (&t), ==, 0);
      g_clear_object (&t.journal);
      return;
    }

  t.journal = open_default_journal ();
  if (n_entries (&t) != 3)
    {
      g_test_skip ("needs the journal of /frontdesk/history/app/first-run");
      g_clear_object (&t.journal);
      return;
    }
  run_app (&t, "# a quiet day\n", NULL, second_run);
  g_clear_object (&t.journal);
}

static gboolean
check_no_journal (gpointer data)
{
  App *t = data;
  FdWindow *window;

  FD_TEST_WAIT_FOR (shown_window (t) != NULL, 5);
  window = shown_window (t);
  g_assert_null (fd_application_get_journal (t->app));
  g_assert_nonnull (strstr (fd_window_get_status_text (window), t->expected_error));
  fd_window_show_page (window, "history");
  g_assert_cmpstr (fd_history_page_get_empty_title (fd_window_get_history_page (window)), ==, "No Call History");
  /* The rest works on. */
  FD_TEST_WAIT_FOR (fd_call_tracker_lookup (fd_application_get_tracker (t->app), "miss1") != NULL, 5);
  g_application_quit (G_APPLICATION (t->app));
  return G_SOURCE_REMOVE;
}

static void
test_app_no_journal (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  App t = { 0 };

  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  dir = g_dir_make_tmp ("frontdesk-history-XXXXXX", NULL);
  path = g_build_filename (dir, "journal.db", NULL);

  /* Someone else's file where the journal should be. */
  g_assert_true (g_file_set_contents (path, "not a database, not a journal\n", -1, NULL));
  g_assert_null (fd_journal_open (path, &error));
  t.expected_error = error->message;

  run_app (&t, "0.0 ring m id=miss1 from=2000 to=1002\n", path, check_no_journal);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* Before anything asks for it: g_get_user_data_dir() keeps the first
   * answer. The app's subprocesses share their parent's. */
  if (g_getenv ("FRONTDESK_TEST_DATA_HOME") == NULL)
    {
      data_home = g_dir_make_tmp ("frontdesk-data-XXXXXX", NULL);
      g_setenv ("FRONTDESK_TEST_DATA_HOME", data_home, TRUE);
      g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    }
  gtk_test_init (&argc, &argv, NULL);
  /* GTK 3.24's CSS transitions leak computed values (LeakSanitizer shows
   * gtk_css_animated_style_new_advance()); the tests need no animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_default (), "/io/github/frontdesk/Frontdesk/icons");

#define ADD(name, func) g_test_add ("/frontdesk/history/" name, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("view", test_view);
  ADD ("in-place", test_in_place);
  ADD ("filter-search", test_filter_search);
  ADD ("mark-actions", test_mark_actions);
  ADD ("export", test_export);
  ADD ("no-journal", test_no_journal);
#undef ADD
  g_test_add_func ("/frontdesk/history/app/first-run", test_app_first_run);
  g_test_add_func ("/frontdesk/history/app/restart", test_app_restart);
  g_test_add_func ("/frontdesk/history/app/no-journal", test_app_no_journal);

  status = g_test_run ();
  if (data_home != NULL)
    remove_tree (data_home);
  return status;
}
