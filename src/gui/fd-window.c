/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWindow"

#include "config.h"

#include "fd-format.h"
#include "fd-tree-util.h"
#include "fd-window-private.h"
#include "fd-window.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

#include <string.h>

enum {
  PROP_0,
  PROP_TRACKER,
  PROP_POLLER,
  PROP_HIDE_ON_CLOSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FdWindow, fd_window, GTK_TYPE_APPLICATION_WINDOW)

/* The polled duration, plus the time since that poll while it still runs. */
static double
live_seconds (double   polled,
              gboolean running,
              double   elapsed)
{
  if (polled < 0 || !running)
    return polled;
  return polled + elapsed;
}

static double
seconds_since_snapshot (FdWindow *self)
{
  if (self->snapshot_time == 0 ||
      fd_poller_get_state (self->poller) != FD_CONNECTION_ONLINE)
    return 0;
  return (g_get_monotonic_time () - self->snapshot_time) / (double) G_USEC_PER_SEC;
}

/* Values for some of a row's columns, set in one go: every
 * gtk_list_store_set () is a "row-changed" that the view (and the filter,
 * while searching) handles on its own. */
typedef struct {
  int    columns[FD_WINDOW_N_COLUMNS];
  GValue values[FD_WINDOW_N_COLUMNS];
  int    n;
} RowValues;

static GValue *
row_add (RowValues *row,
         int        column,
         GType      type)
{
  GValue *value = &row->values[row->n];

  row->columns[row->n++] = column;
  return g_value_init (value, type);
}

static void
row_clear (RowValues *row)
{
  for (int i = 0; i < row->n; i++)
    g_value_unset (&row->values[i]);
  row->n = 0;
}

/* Only a text longer than any before is measured: most are not. */
static void
fit_text (FdWindow   *self,
          int         column,
          const char *text)
{
  FdColumnFit *fit = &self->fits[column];
  gsize length = text != NULL ? strlen (text) : 0;
  int width;

  if (fit->column == NULL || length <= fit->longest)
    return;
  fit->longest = length;
  width = fd_tree_text_width (GTK_WIDGET (self->tree_view), text, fit->bold) + fit->extra;
  if (width > gtk_tree_view_column_get_fixed_width (fit->column))
    gtk_tree_view_column_set_fixed_width (fit->column, width);
}

static void
row_add_text (FdWindow   *self,
              RowValues  *row,
              int         column,
              const char *text)
{
  fit_text (self, column, text);
  g_value_set_string (row_add (row, column, G_TYPE_STRING), text);
}

static char *
dup_ring_text (FdCall *call,
               double  elapsed)
{
  return fd_format_duration (live_seconds (fd_call_get_ring_seconds (call), fd_call_is_ringing (call), elapsed));
}

static char *
dup_talk_text (FdCall *call,
               double  elapsed)
{
  double talk_seconds = fd_call_get_talk_seconds (call);

  /* Nobody has talked on a call that rings for the first time. */
  if (fd_call_is_ringing (call) && talk_seconds <= 0)
    talk_seconds = FD_CALL_NO_DURATION;
  return fd_format_duration (live_seconds (talk_seconds, fd_call_state_is_answered (fd_call_get_state (call)),
                                           elapsed));
}

/* The durations as they run on between two polls. */
static void
update_durations (FdWindow    *self,
                  GtkTreeIter *iter,
                  FdCall      *call,
                  double       elapsed)
{
  g_autofree char *ring = dup_ring_text (call, elapsed);
  g_autofree char *talk = dup_talk_text (call, elapsed);
  g_autofree char *old_ring = NULL;
  g_autofree char *old_talk = NULL;
  RowValues row = { .n = 0 };

  gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter,
                      FD_WINDOW_COLUMN_RING_TEXT, &old_ring,
                      FD_WINDOW_COLUMN_TALK_TEXT, &old_talk,
                      -1);
  if (g_strcmp0 (old_ring, ring) != 0)
    row_add_text (self, &row, FD_WINDOW_COLUMN_RING_TEXT, ring);
  if (g_strcmp0 (old_talk, talk) != 0)
    row_add_text (self, &row, FD_WINDOW_COLUMN_TALK_TEXT, talk);
  if (row.n > 0)
    gtk_list_store_set_valuesv (self->store, iter, row.columns, row.values, row.n);
  row_clear (&row);
}

/* What a row shows, as it was last set; a new row has nothing yet. */
typedef struct {
  char   *state_text;
  char   *key;
  char   *called;
  gint64  start_unix;
  double  ring_seconds;
  double  talk_seconds;
  char   *ring;
  char   *talk;
} RowShown;

static void
row_shown_clear (RowShown *shown)
{
  g_free (shown->state_text);
  g_free (shown->key);
  g_free (shown->called);
  g_free (shown->ring);
  g_free (shown->talk);
}

static void
get_shown (FdWindow    *self,
           GtkTreeIter *iter,
           RowShown    *shown)
{
  gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter,
                      FD_WINDOW_COLUMN_STATE_TEXT, &shown->state_text,
                      FD_WINDOW_COLUMN_CALLER_KEY, &shown->key,
                      FD_WINDOW_COLUMN_CALLED, &shown->called,
                      FD_WINDOW_COLUMN_START_UNIX, &shown->start_unix,
                      FD_WINDOW_COLUMN_RING_SECONDS, &shown->ring_seconds,
                      FD_WINDOW_COLUMN_TALK_SECONDS, &shown->talk_seconds,
                      FD_WINDOW_COLUMN_RING_TEXT, &shown->ring,
                      FD_WINDOW_COLUMN_TALK_TEXT, &shown->talk,
                      -1);
}

static void
collect_state (FdWindow  *self,
               RowValues *row,
               FdCall    *call)
{
  const char *state = fd_call_get_state (call);

  g_value_set_static_string (row_add (row, FD_WINDOW_COLUMN_STATE_ICON, G_TYPE_STRING),
                             fd_call_state_icon_name (state));
  row_add_text (self, row, FD_WINDOW_COLUMN_STATE_TEXT, fd_call_state_describe (state));
  g_value_set_int (row_add (row, FD_WINDOW_COLUMN_WEIGHT, G_TYPE_INT),
                   fd_call_is_ringing (call) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
}

static void
collect_durations (FdWindow       *self,
                   RowValues      *row,
                   FdCall         *call,
                   const RowShown *shown)
{
  double ring_seconds = fd_call_get_ring_seconds (call);
  double talk_seconds = fd_call_get_talk_seconds (call);
  g_autofree char *ring = dup_ring_text (call, 0);
  g_autofree char *talk = dup_talk_text (call, 0);

  if (shown == NULL || shown->ring_seconds != ring_seconds)
    g_value_set_double (row_add (row, FD_WINDOW_COLUMN_RING_SECONDS, G_TYPE_DOUBLE), ring_seconds);
  if (shown == NULL || shown->talk_seconds != talk_seconds)
    g_value_set_double (row_add (row, FD_WINDOW_COLUMN_TALK_SECONDS, G_TYPE_DOUBLE), talk_seconds);
  if (shown == NULL || g_strcmp0 (shown->ring, ring) != 0)
    row_add_text (self, row, FD_WINDOW_COLUMN_RING_TEXT, ring);
  if (shown == NULL || g_strcmp0 (shown->talk, talk) != 0)
    row_add_text (self, row, FD_WINDOW_COLUMN_TALK_TEXT, talk);
}

/* The columns that differ from @shown (every one when it is NULL): most
 * polls change only the durations, and formatting the rest again (time
 * zones, markup) would be most of a poll's cost. */
static void
collect_row (FdWindow       *self,
             RowValues      *row,
             FdCall         *call,
             const RowShown *shown)
{
  GDateTime *start = fd_call_get_start_time (call);
  gint64 start_unix = start != NULL ? g_date_time_to_unix (start) : G_MININT64;
  g_autofree char *key = fd_call_dup_caller_display (call);
  g_autofree char *called = fd_call_dup_called_display (call);

  if (shown == NULL)
    g_value_set_object (row_add (row, FD_WINDOW_COLUMN_CALL, FD_TYPE_CALL), call);
  if (shown == NULL ||
      g_strcmp0 (shown->state_text, fd_call_state_describe (fd_call_get_state (call))) != 0)
    collect_state (self, row, call);
  if (shown == NULL || g_strcmp0 (shown->key, key != NULL ? key : "") != 0)
    {
      g_value_take_string (row_add (row, FD_WINDOW_COLUMN_CALLER_MARKUP, G_TYPE_STRING),
                           fd_call_dup_caller_markup (call));
      g_value_set_string (row_add (row, FD_WINDOW_COLUMN_CALLER_KEY, G_TYPE_STRING), key != NULL ? key : "");
    }
  if (shown == NULL || g_strcmp0 (shown->called, called != NULL ? called : "–") != 0)
    row_add_text (self, row, FD_WINDOW_COLUMN_CALLED, called != NULL ? called : "–");
  if (shown == NULL || shown->start_unix != start_unix)
    {
      g_autofree char *started = fd_format_time (start);

      row_add_text (self, row, FD_WINDOW_COLUMN_STARTED, started);
      g_value_set_int64 (row_add (row, FD_WINDOW_COLUMN_START_UNIX, G_TYPE_INT64), start_unix);
    }
  collect_durations (self, row, call, shown);
}

/* One "row-changed" at most, none when nothing shown changed. */
static void
update_row (FdWindow    *self,
            GtkTreeIter *iter,
            FdCall      *call)
{
  RowShown shown = { NULL };
  RowValues row = { .n = 0 };

  get_shown (self, iter, &shown);
  collect_row (self, &row, call, &shown);
  if (row.n > 0)
    gtk_list_store_set_valuesv (self->store, iter, row.columns, row.values, row.n);
  row_clear (&row);
  row_shown_clear (&shown);
}

static void
describe_empty (FdWindow    *self,
                const char **icon,
                const char **title,
                char       **subtitle)
{
  FdConnectionState state = fd_poller_get_state (self->poller);
  const char *error = fd_poller_get_last_error (self->poller);

  switch (state)
    {
    case FD_CONNECTION_OFFLINE:
      *icon = FD_ICON_OFFLINE;
      *title = _("Cannot Reach the Phone System");
      *subtitle = fd_format_sentence (error);
      break;
    case FD_CONNECTION_AUTH_FAILED:
      *icon = FD_ICON_AUTH;
      *title = _("Credentials Refused");
      *subtitle = fd_format_sentence (error);
      break;
    case FD_CONNECTION_ONLINE:
      if (self->needle != NULL && gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->store), NULL) > 0)
        {
          *icon = "edit-find-symbolic";
          *title = _("No Matching Calls");
          /* Translators: %s is what the user typed in the search entry */
          *subtitle = g_strdup_printf (_("No active call matches “%s”."), self->needle);
          break;
        }
      *icon = FD_ICON_IDLE;
      *title = _("No Active Calls");
      *subtitle = g_strdup (_("Calls show up here as soon as a phone rings."));
      break;
    case FD_CONNECTION_STOPPED:
    case FD_CONNECTION_CONNECTING:
    default:
      *icon = FD_ICON_IDLE;
      *title = _("Connecting…");
      *subtitle = fd_client_dup_display_url (fd_poller_get_client (self->poller));
      break;
    }
}

/* The calls in progress, or on the History page the calls it lists. */
void
_fd_window_update_count (FdWindow *self)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  g_autofree char *count = NULL;
  guint n_calls;

  if (model == NULL || self->main_stack == NULL)
    return;
  if (_fd_window_is_history_visible (self))
    n_calls = fd_history_page_get_n_shown (self->history_page);
  else
    n_calls = gtk_tree_model_iter_n_children (model, NULL);
  /* Translators: the number of calls listed, in the status line */
  count = g_strdup_printf (ngettext ("%u call", "%u calls", n_calls), n_calls);
  gtk_label_set_text (self->count_label, count);
}

/* The store itself, or the filter on it while searching: a
 * GtkTreeModelFilter renumbers every row after one inserted or deleted,
 * which would make each poll quadratic in the number of calls. */
static GtkTreeModel *
view_model (FdWindow *self)
{
  return self->filter != NULL ? self->filter : GTK_TREE_MODEL (self->store);
}

/* The view's path of a row of the store; NULL when the search hides it. */
static GtkTreePath *
dup_view_path (FdWindow    *self,
               GtkTreeIter *store_iter)
{
  GtkTreeIter filter_iter;

  if (self->filter == NULL)
    return gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), store_iter);
  if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                         &filter_iter, store_iter))
    return NULL;
  return gtk_tree_model_get_path (self->filter, &filter_iter);
}

static void
update_page (FdWindow *self)
{
  g_autofree char *subtitle = NULL;
  const char *icon;
  const char *title;

  _fd_window_update_count (self);
  if (gtk_tree_model_iter_n_children (view_model (self), NULL) > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "calls");
      return;
    }

  describe_empty (self, &icon, &title, &subtitle);
  gtk_image_set_from_icon_name (self->empty_image, icon, GTK_ICON_SIZE_DIALOG);
  gtk_label_set_text (self->empty_title, title);
  gtk_label_set_text (self->empty_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->empty_subtitle), subtitle != NULL && *subtitle != '\0');
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static char *
dup_connection_text (FdWindow *self)
{
  g_autofree char *url = fd_client_dup_display_url (fd_poller_get_client (self->poller));
  const char *error = fd_poller_get_last_error (self->poller);

  switch (fd_poller_get_state (self->poller))
    {
    case FD_CONNECTION_ONLINE:
      /* Translators: %s is the address of the phone system */
      return g_strdup_printf (_("Connected to %s"), url);
    case FD_CONNECTION_CONNECTING:
      /* Translators: %s is the address of the phone system */
      return g_strdup_printf (_("Connecting to %s…"), url);
    case FD_CONNECTION_OFFLINE:
      /* Translators: %s is a sentence saying what went wrong */
      return g_strdup_printf (_("Offline: %s"), error != NULL ? error : url);
    case FD_CONNECTION_AUTH_FAILED:
      /* Translators: %s is a sentence saying what went wrong */
      return g_strdup_printf (_("Credentials refused: %s"), error != NULL ? error : url);
    case FD_CONNECTION_STOPPED:
    default:
      return g_strdup (_("Not connected"));
    }
}

/* The connection, and the journal when the history cannot be kept. */
static char *
dup_status_text (FdWindow *self)
{
  g_autofree char *connection = dup_connection_text (self);
  const char *journal_error = fd_history_page_get_journal_error (self->history_page);

  if (journal_error == NULL)
    return g_steal_pointer (&connection);
  /* Translators: the first %s is the connection state ("Connected to …"),
   * the second a sentence saying why the call journal cannot be used */
  return g_strdup_printf (_("%s · The call history is not being kept: %s"), connection, journal_error);
}

void
_fd_window_update_status (FdWindow *self)
{
  g_autofree char *text = dup_status_text (self);

  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  gtk_image_set_from_icon_name (self->status_image,
                                fd_connection_state_icon_name (fd_poller_get_state (self->poller)),
                                GTK_ICON_SIZE_MENU);
  update_page (self);
}

static gboolean
store_iter_from_path (FdWindow    *self,
                      GtkTreePath *view_path,
                      GtkTreeIter *store_iter)
{
  GtkTreeIter filter_iter;

  if (self->filter == NULL)
    return gtk_tree_model_get_iter (GTK_TREE_MODEL (self->store), store_iter, view_path);
  if (!gtk_tree_model_get_iter (self->filter, &filter_iter, view_path))
    return FALSE;
  gtk_tree_model_filter_convert_iter_to_child_iter (GTK_TREE_MODEL_FILTER (self->filter), store_iter, &filter_iter);
  return TRUE;
}

/* Only the rows on screen are touched: a long list costs nothing extra. */
void
fd_window_tick (FdWindow *self)
{
  g_autoptr(GtkTreePath) start = NULL;
  g_autoptr(GtkTreePath) end = NULL;
  double elapsed;

  g_return_if_fail (FD_IS_WINDOW (self));

  if (!gtk_tree_view_get_visible_range (self->tree_view, &start, &end))
    return;
  elapsed = seconds_since_snapshot (self);
  for (; gtk_tree_path_compare (start, end) <= 0; gtk_tree_path_next (start))
    {
      GtkTreeIter iter;
      g_autoptr(FdCall) call = NULL;

      if (!store_iter_from_path (self, start, &iter))
        break;
      gtk_tree_model_get (GTK_TREE_MODEL (self->store), &iter, FD_WINDOW_COLUMN_CALL, &call, -1);
      if (call != NULL)
        update_durations (self, &iter, call, elapsed);
    }
}

static gboolean
tick_cb (gpointer data)
{
  fd_window_tick (FD_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

static gboolean
is_duration_column (int column)
{
  return column == FD_WINDOW_COLUMN_RING_SECONDS || column == FD_WINDOW_COLUMN_TALK_SECONDS;
}

/* Back to the order held by hold_sort (), with one sort; a header clicked
 * in between wins. */
static void
release_sort (FdWindow *self)
{
  int column;
  GtkSortType order;

  g_clear_handle_id (&self->resort_id, g_source_remove);
  if (!self->sort_held)
    return;
  self->sort_held = FALSE;
  gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->store), &column, &order);
  if (column == GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID)
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store), self->held_sort_column,
                                          self->held_sort_order);
}

static gboolean
release_sort_cb (gpointer data)
{
  FdWindow *self = data;

  self->resort_id = 0;
  release_sort (self);
  return G_SOURCE_REMOVE;
}

/* Sorted by a duration, every poll moves nearly every row, each move a
 * "rows-reordered" as long as the list: the order is held while a
 * snapshot applies and sorted once after it, from the poller's "snapshot"
 * or, for a snapshot from elsewhere, before the next frame. */
static void
hold_sort (FdWindow *self)
{
  int column;
  GtkSortType order;

  if (self->sort_held ||
      !gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->store), &column, &order) ||
      !is_duration_column (column))
    return;
  self->sort_held = TRUE;
  self->held_sort_column = column;
  self->held_sort_order = order;
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store),
                                        GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID, order);
  self->resort_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, release_sort_cb, self, NULL);
}

/* The selected call's new state may allow other commands. */
static void
update_actions_for (FdWindow *self,
                    FdCall   *call)
{
  g_autoptr(FdCall) selected = NULL;

  if (_fd_window_get_selected_call (self, &selected) && selected == call)
    _fd_window_update_actions (self);
}

static void
on_call_started (FdWindow      *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  GtkTreeIter iter;
  RowValues row = { .n = 0 };

  hold_sort (self);
  /* All values at once: the sorted store places the row by them. */
  collect_row (self, &row, call, NULL);
  gtk_list_store_insert_with_valuesv (self->store, &iter, -1, row.columns, row.values, row.n);
  row_clear (&row);
  g_hash_table_insert (self->rows, call, g_memdup2 (&iter, sizeof iter));
}

static void
on_call_updated (FdWindow      *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, call);

  if (iter == NULL)
    return;
  hold_sort (self);
  update_row (self, iter, call);
  update_actions_for (self, call);
}

static void
on_call_changed (FdWindow      *self,
                 FdCall        *call,
                 const char    *previous,
                 FdCallTracker *tracker)
{
  on_call_updated (self, call, tracker);
}

static void
on_call_withdrawn (FdWindow      *self,
                   FdCall        *call,
                   FdCallTracker *tracker)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, call);

  if (iter == NULL)
    return;
  gtk_list_store_remove (self->store, iter);
  g_hash_table_remove (self->rows, call);
}

static void
on_call_ended (FdWindow      *self,
               FdCall        *call,
               FdCallOutcome  outcome,
               FdCallTracker *tracker)
{
  on_call_withdrawn (self, call, tracker);
}

static void
on_snapshot (FdWindow  *self,
             GPtrArray *calls,
             FdPoller  *poller)
{
  self->snapshot_time = g_get_monotonic_time ();
  release_sort (self);
}

static gboolean
filter_visible (GtkTreeModel *model,
                GtkTreeIter  *iter,
                gpointer      data)
{
  FdWindow *self = data;
  g_autoptr(FdCall) call = NULL;

  gtk_tree_model_get (model, iter, FD_WINDOW_COLUMN_CALL, &call, -1);
  return call != NULL && fd_call_matches (call, self->needle);
}

#define SORT_COLUMN_KEY "fd-sort-column"

/* The store column a header sorts by, or -1. */
static int
get_header_sort_column (GtkTreeViewColumn *column)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), SORT_COLUMN_KEY)) - 1;
}

/* The arrows, drawn by hand while the filter (which cannot sort) is shown. */
static void
show_sort_indicators (FdWindow *self)
{
  g_autoptr(GList) columns = gtk_tree_view_get_columns (self->tree_view);
  int sorted_by;
  GtkSortType order;

  if (!gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->store), &sorted_by, &order))
    sorted_by = -1;
  for (GList *l = columns; l != NULL; l = l->next)
    {
      int sort_column = get_header_sort_column (l->data);

      if (sort_column < 0)
        continue;
      gtk_tree_view_column_set_sort_indicator (l->data, sort_column == sorted_by);
      gtk_tree_view_column_set_sort_order (l->data, order);
    }
}

/* The view sorts by the headers when it shows the store; while searching,
 * a click sorts the store under the filter instead (see on_header_clicked). */
static void
set_headers_sort_view (FdWindow *self,
                       gboolean  sort_view)
{
  g_autoptr(GList) columns = gtk_tree_view_get_columns (self->tree_view);

  for (GList *l = columns; l != NULL; l = l->next)
    {
      int sort_column = get_header_sort_column (l->data);

      if (sort_column < 0)
        continue;
      gtk_tree_view_column_set_sort_column_id (l->data, sort_view ? sort_column : -1);
      gtk_tree_view_column_set_clickable (l->data, TRUE);
    }
  if (!sort_view)
    show_sort_indicators (self);
}

/* As a header does on a sortable model: ascending first, then each click
 * turns the order round. */
static void
on_header_clicked (FdWindow          *self,
                   GtkTreeViewColumn *column)
{
  int sort_column = get_header_sort_column (column);
  int sorted_by;
  GtkSortType order;

  if (self->filter == NULL || sort_column < 0)
    return;
  release_sort (self);
  if (gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->store), &sorted_by, &order) &&
      sorted_by == sort_column)
    order = order == GTK_SORT_ASCENDING ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;
  else
    order = GTK_SORT_ASCENDING;
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store), sort_column, order);
  show_sort_indicators (self);
}

static void
select_store_row (FdWindow    *self,
                  GtkTreeIter *store_iter)
{
  g_autoptr(GtkTreePath) path = dup_view_path (self, store_iter);

  if (path != NULL)
    gtk_tree_view_set_cursor (self->tree_view, path, NULL, FALSE);
}

/* A filter only while searching: see view_model (). The selected call
 * stays selected when it is still shown. */
static void
show_model (FdWindow *self,
            gboolean  searching)
{
  g_autoptr(FdCall) selected = NULL;
  GtkTreeIter *store_iter;

  if (searching && self->filter != NULL)
    {
      gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
      return;
    }
  if (searching == (self->filter != NULL))
    return;

  _fd_window_get_selected_call (self, &selected);
  if (searching)
    {
      set_headers_sort_view (self, FALSE);
      self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
      gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter), filter_visible, self, NULL);
      g_signal_connect_object (self->filter, "row-inserted", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (self->filter, "row-deleted", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      gtk_tree_view_set_model (self->tree_view, self->filter);
      show_sort_indicators (self);
    }
  else
    {
      gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->store));
      g_clear_object (&self->filter);
      set_headers_sort_view (self, TRUE);
    }
  store_iter = selected != NULL ? g_hash_table_lookup (self->rows, selected) : NULL;
  if (store_iter != NULL)
    select_store_row (self, store_iter);
}

static void
on_search_changed (FdWindow       *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0')
    self->needle = g_strdup (text);
  show_model (self, self->needle != NULL);
  update_page (self);
  fd_history_page_set_search_text (self->history_page, self->needle);
}

gboolean
_fd_window_get_selected_call (FdWindow  *self,
                              FdCall   **call)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);
  GtkTreeModel *model;
  GtkTreeIter iter;

  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return FALSE;
  gtk_tree_model_get (model, &iter, FD_WINDOW_COLUMN_CALL, call, -1);
  return *call != NULL;
}

/* Enter or a double click on any call copies its number. */
static void
on_row_activated (FdWindow          *self,
                  GtkTreePath       *path,
                  GtkTreeViewColumn *column,
                  GtkTreeView       *tree_view)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "copy-number", NULL);
}

/* Room a header needs besides its title: the button's padding, the
 * sort arrow. */
#define HEADER_EXTRA 32
/* Room a cell needs besides its text: the renderer's xpad (6 a side),
 * the view's separator and focus line. */
#define CELL_EXTRA 20

/* Fixed sizing, so that the view need not measure every changed row: the
 * width fits the title and @sample, and grows with longer texts of
 * @text_column (-1: it never needs to). */
static void
fix_width (FdWindow          *self,
           GtkTreeViewColumn *column,
           int                text_column,
           const char        *sample,
           int                extra,
           gboolean           bold)
{
  GtkWidget *widget = GTK_WIDGET (self->tree_view);
  int header = fd_tree_text_width (widget, gtk_tree_view_column_get_title (column), TRUE) + HEADER_EXTRA;
  int content = sample != NULL ? fd_tree_text_width (widget, sample, bold) + extra : 0;

  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, MAX (header, content));
  if (text_column >= 0)
    self->fits[text_column] = (FdColumnFit) { column, 0, extra, bold };
}

static GtkTreeViewColumn *
add_state_column (FdWindow *self)
{
  GtkCellRenderer *icon = gtk_cell_renderer_pixbuf_new ();
  GtkCellRenderer *text = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();

  gtk_tree_view_column_set_title (column, _("State"));
  g_object_set (icon, "xpad", 6, NULL);
  g_object_set (text, "ypad", 3, NULL);
  gtk_tree_view_column_pack_start (column, icon, FALSE);
  gtk_tree_view_column_pack_start (column, text, TRUE);
  gtk_tree_view_column_add_attribute (column, icon, "icon-name", FD_WINDOW_COLUMN_STATE_ICON);
  gtk_tree_view_column_add_attribute (column, text, "text", FD_WINDOW_COLUMN_STATE_TEXT);
  gtk_tree_view_column_add_attribute (column, text, "weight", FD_WINDOW_COLUMN_WEIGHT);
  gtk_tree_view_column_set_sort_column_id (column, FD_WINDOW_COLUMN_STATE_TEXT);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_min_width (column, 120);
  gtk_tree_view_append_column (self->tree_view, column);
  return column;
}

/* The widest of the states' names; only a ringing call's is bold. */
static int
get_widest_state_width (FdWindow *self)
{
  static const char * const states[] = {
    FD_CALL_STATE_RINGING, FD_CALL_STATE_IN_CALL, FD_CALL_STATE_HOLD,
    FD_CALL_STATE_ANSWERED, FD_CALL_STATE_TRANSFERRED,
  };
  int widest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    widest = MAX (widest, fd_tree_text_width (GTK_WIDGET (self->tree_view), fd_call_state_describe (states[i]),
                                      g_str_equal (states[i], FD_CALL_STATE_RINGING)));
  return widest;
}

static void
create_columns (FdWindow *self)
{
  GtkTreeView *view = self->tree_view;
  g_autoptr(GDateTime) late = g_date_time_new_local (2000, 12, 28, 23, 58, 58);
  g_autofree char *time_sample = g_date_time_format (late, "%X");
  g_autoptr(GList) columns = NULL;
  GtkTreeViewColumn *column;

  column = add_state_column (self);
  /* The icon: 16 pixels and 6 of padding a side. */
  fix_width (self, column, FD_WINDOW_COLUMN_STATE_TEXT, NULL, 28 + CELL_EXTRA, FALSE);
  gtk_tree_view_column_set_fixed_width (column, MAX (gtk_tree_view_column_get_fixed_width (column),
                                                     get_widest_state_width (self) + 28 + CELL_EXTRA));
  column = fd_tree_add_text_column (view, _("Caller"), FD_WINDOW_COLUMN_CALLER_MARKUP,
                                       FD_WINDOW_COLUMN_CALLER_KEY, -1, FD_COLUMN_MARKUP);
  /* Ellipsized, and given the spare width. */
  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, 180);
  column = fd_tree_add_text_column (view, _("Called"), FD_WINDOW_COLUMN_CALLED, FD_WINDOW_COLUMN_CALLED, -1,
                                       FD_COLUMN_TEXT);
  fix_width (self, column, FD_WINDOW_COLUMN_CALLED, "8888", CELL_EXTRA, FALSE);
  column = fd_tree_add_text_column (view, _("Started"), FD_WINDOW_COLUMN_STARTED, FD_WINDOW_COLUMN_START_UNIX,
                                       -1, FD_COLUMN_NUMERIC);
  fix_width (self, column, FD_WINDOW_COLUMN_STARTED, time_sample, CELL_EXTRA, FALSE);
  column = fd_tree_add_text_column (view, C_("column", "Ringing"), FD_WINDOW_COLUMN_RING_TEXT,
                                       FD_WINDOW_COLUMN_RING_SECONDS, -1, FD_COLUMN_NUMERIC);
  fix_width (self, column, FD_WINDOW_COLUMN_RING_TEXT, "88:88", CELL_EXTRA, FALSE);
  column = fd_tree_add_text_column (view, _("Talking"), FD_WINDOW_COLUMN_TALK_TEXT,
                                       FD_WINDOW_COLUMN_TALK_SECONDS, -1, FD_COLUMN_NUMERIC);
  fix_width (self, column, FD_WINDOW_COLUMN_TALK_TEXT, "88:88", CELL_EXTRA, FALSE);

  /* Every row is one line high: the view need not measure the rows a poll
   * changed, which it otherwise does in idle time for every call. */
  gtk_tree_view_set_fixed_height_mode (view, TRUE);

  columns = gtk_tree_view_get_columns (view);
  for (GList *l = columns; l != NULL; l = l->next)
    {
      g_object_set_data (l->data, SORT_COLUMN_KEY,
                         GINT_TO_POINTER (gtk_tree_view_column_get_sort_column_id (l->data) + 1));
      g_signal_connect_object (l->data, "clicked", G_CALLBACK (on_header_clicked), self, G_CONNECT_SWAPPED);
    }
}

static void
create_model (FdWindow *self)
{
  self->store = gtk_list_store_new (FD_WINDOW_N_COLUMNS,
                                    FD_TYPE_CALL,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_INT,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_INT64,
                                    G_TYPE_STRING,
                                    G_TYPE_DOUBLE,
                                    G_TYPE_STRING,
                                    G_TYPE_DOUBLE);
  /* Newest call first: a new ringing call appears on top. The store sorts
   * itself: a GtkTreeModelSort finds a changed row by walking its list,
   * which makes a poll quadratic in the number of calls. */
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store),
                                        FD_WINDOW_COLUMN_START_UNIX, GTK_SORT_DESCENDING);
  gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->store));

  g_signal_connect_object (self->store, "row-inserted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->store, "row-deleted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
connect_sources (FdWindow *self)
{
  g_autoptr(GPtrArray) calls = fd_call_tracker_dup_calls (self->tracker);

  for (guint i = 0; i < calls->len; i++)
    on_call_started (self, g_ptr_array_index (calls, i), self->tracker);

  g_signal_connect_object (self->tracker, "call-started", G_CALLBACK (on_call_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-changed", G_CALLBACK (on_call_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-updated", G_CALLBACK (on_call_updated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-withdrawn", G_CALLBACK (on_call_withdrawn), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "snapshot", G_CALLBACK (on_snapshot), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::state", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::last-error", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
}

gboolean
_fd_window_is_history_visible (FdWindow *self)
{
  return gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->history_page);
}

static void
on_page_changed (FdWindow *self)
{
  GAction *page = g_action_map_lookup_action (G_ACTION_MAP (self), "page");

  if (page != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (page),
                               g_variant_new_string (gtk_stack_get_visible_child_name (self->main_stack)));
  _fd_window_update_count (self);
  _fd_window_update_actions (self);
}

enum {
  MISSED_RESPONSE_SHOW = 1,
  MISSED_RESPONSE_MARK_ALL,
};

static void
on_missed_bar_response (FdWindow *self,
                        int       response)
{
  if (response == MISSED_RESPONSE_MARK_ALL)
    {
      fd_history_page_mark_all_handled (self->history_page);
      return;
    }
  fd_history_page_set_filter (self->history_page, FD_JOURNAL_FILTER_MISSED);
  fd_window_show_page (self, "history");
}

/* The inbox: the info bar, and the History switcher's title and dot. */
static void
on_missed_count_changed (FdWindow *self)
{
  guint count = fd_history_page_get_missed_count (self->history_page);
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  /* Translators: the unhandled missed calls, in the bar above the calls */
  text = g_strdup_printf (ngettext ("%u missed call", "%u missed calls", count), count);
  gtk_label_set_text (self->missed_label, text);
  gtk_info_bar_set_revealed (self->missed_bar, count > 0);

  /* Translators: the History page's title while %u missed calls wait */
  title = count > 0 ? g_strdup_printf (_("History (%u)"), count) : g_strdup (_("History"));
  gtk_container_child_set (GTK_CONTAINER (self->main_stack), GTK_WIDGET (self->history_page),
                           "title", title, "needs-attention", count > 0, NULL);
  _fd_window_update_actions (self);
}

static void
on_history_filter_changed (FdWindow *self)
{
  static const char * const names[] = { "all", "missed", "answered" };
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "history-filter");
  FdJournalFilter kind = fd_history_page_get_filter (self->history_page);

  g_assert (kind < G_N_ELEMENTS (names));
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (names[kind]));
}

static void
on_status_message (FdWindow      *self,
                   const char    *text,
                   gboolean       failed,
                   FdHistoryPage *page)
{
  _fd_window_show_result (self, text, failed);
}

/* Enter or a double click on a call of the history copies its number. */
static void
on_call_activated (FdWindow       *self,
                   FdJournalEntry *entry,
                   FdHistoryPage  *page)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "copy-number", NULL);
}

static void
on_result_bar_response (FdWindow *self,
                        int       response)
{
  gtk_info_bar_set_revealed (self->result_bar, FALSE);
}

static gboolean
fd_window_delete_event (GtkWidget   *widget,
                        GdkEventAny *event)
{
  FdWindow *self = FD_WINDOW (widget);

  /* Never destroyed: without a tray the window must stay reachable from
   * the task bar, so it only hides when a tray icon can bring it back. */
  if (self->hide_on_close)
    gtk_widget_hide (widget);
  else
    gtk_window_iconify (GTK_WINDOW (widget));
  return GDK_EVENT_STOP;
}

static gboolean
fd_window_key_press_event (GtkWidget   *widget,
                           GdkEventKey *event)
{
  FdWindow *self = FD_WINDOW (widget);

  if (GTK_WIDGET_CLASS (fd_window_parent_class)->key_press_event (widget, event))
    return GDK_EVENT_STOP;
  if (gtk_search_bar_handle_event (self->search_bar, (GdkEvent *) event))
    return GDK_EVENT_STOP;
  if (event->keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;

  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  else
    gtk_window_close (GTK_WINDOW (self));
  return GDK_EVENT_STOP;
}

static void
fd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FdWindow *self = FD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TRACKER:
      g_value_set_object (value, self->tracker);
      break;
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    case PROP_HIDE_ON_CLOSE:
      g_value_set_boolean (value, self->hide_on_close);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FdWindow *self = FD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TRACKER:
      self->tracker = g_value_dup_object (value);
      break;
    case PROP_POLLER:
      self->poller = g_value_dup_object (value);
      break;
    case PROP_HIDE_ON_CLOSE:
      fd_window_set_hide_on_close (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_window_constructed (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  G_OBJECT_CLASS (fd_window_parent_class)->constructed (object);

  g_assert (FD_IS_CALL_TRACKER (self->tracker));
  g_assert (FD_IS_POLLER (self->poller));

  connect_sources (self);
  _fd_window_update_status (self);
  _fd_window_update_actions (self);
  self->tick_id = g_timeout_add (1000, tick_cb, self);
}

static void
fd_window_dispose (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->resort_id, g_source_remove);
  _fd_window_actions_dispose (self);
  if (self->tree_view != NULL)
    gtk_tree_view_set_model (self->tree_view, NULL);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->tracker);
  g_clear_object (&self->poller);

  G_OBJECT_CLASS (fd_window_parent_class)->dispose (object);
}

static void
fd_window_finalize (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (fd_window_parent_class)->finalize (object);
}

static void
fd_window_class_init (FdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_window_get_property;
  object_class->set_property = fd_window_set_property;
  object_class->constructed = fd_window_constructed;
  object_class->dispose = fd_window_dispose;
  object_class->finalize = fd_window_finalize;
  widget_class->delete_event = fd_window_delete_event;
  widget_class->key_press_event = fd_window_key_press_event;

  properties[PROP_TRACKER] =
    g_param_spec_object ("tracker", NULL, NULL, FD_TYPE_CALL_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLLER] =
    g_param_spec_object ("poller", NULL, NULL, FD_TYPE_POLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDE_ON_CLOSE] =
    g_param_spec_boolean ("hide-on-close", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  g_type_ensure (FD_TYPE_HISTORY_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontdesk/Frontdesk/fd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FdWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, missed_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, missed_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, result_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, result_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, tree_view);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, empty_image);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, empty_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, status_image);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, call_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_missed_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_result_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_missed_count_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_message);
  gtk_widget_class_bind_template_callback (widget_class, on_call_activated);
  gtk_widget_class_bind_template_callback_full (widget_class, "update_status",
                                                G_CALLBACK (_fd_window_update_status));
  gtk_widget_class_bind_template_callback_full (widget_class, "update_count",
                                                G_CALLBACK (_fd_window_update_count));
  gtk_widget_class_bind_template_callback_full (widget_class, "update_actions",
                                                G_CALLBACK (_fd_window_update_actions));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_tree_button_press",
                                                G_CALLBACK (_fd_window_on_tree_button_press));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_tree_popup_menu",
                                                G_CALLBACK (_fd_window_on_tree_popup_menu));
}

static void
fd_window_init (FdWindow *self)
{
  g_autoptr(GPropertyAction) search = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_info_bar_add_button (self->missed_bar, _("_Show"), MISSED_RESPONSE_SHOW);
  gtk_info_bar_add_button (self->missed_bar, _("_Mark All Handled"), MISSED_RESPONSE_MARK_ALL);

  self->rows = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->cancellable = g_cancellable_new ();
  create_model (self);
  create_columns (self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));

  search = g_property_action_new ("search", self->search_bar, "search-mode-enabled");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (search));
  _fd_window_actions_init (self);
  on_missed_count_changed (self);
}

FdWindow *
fd_window_new (GtkApplication *application,
               FdCallTracker  *tracker,
               FdPoller       *poller)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FD_IS_CALL_TRACKER (tracker), NULL);
  g_return_val_if_fail (FD_IS_POLLER (poller), NULL);

  return g_object_new (FD_TYPE_WINDOW,
                       "application", application,
                       "tracker", tracker,
                       "poller", poller,
                       NULL);
}

void
fd_window_set_hide_on_close (FdWindow *self,
                             gboolean  hide_on_close)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  hide_on_close = !!hide_on_close;
  if (self->hide_on_close == hide_on_close)
    return;
  self->hide_on_close = hide_on_close;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDE_ON_CLOSE]);
}

gboolean
fd_window_get_hide_on_close (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);
  return self->hide_on_close;
}

/* The call on the selected row of Active Calls, or NULL. Transfer none:
 * the row holds the call, and it is the tracker's object for that call. */
FdCall *
fd_window_get_selected_call (FdWindow *self)
{
  g_autoptr(FdCall) call = NULL;

  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  if (!_fd_window_get_selected_call (self, &call))
    return NULL;
  return call;
}

/* Selects the call's row and scrolls to it; a search that hides it is
 * cleared first. FALSE when the call is gone. */
gboolean
fd_window_select_call (FdWindow   *self,
                       const char *call_id)
{
  FdCall *call;
  GtkTreeIter *store_iter;
  g_autoptr(GtkTreePath) path = NULL;

  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  call = fd_call_tracker_lookup (self->tracker, call_id);
  store_iter = call != NULL ? g_hash_table_lookup (self->rows, call) : NULL;
  if (store_iter == NULL)
    return FALSE;

  path = dup_view_path (self, store_iter);
  if (path == NULL)
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
      on_search_changed (self, self->search_entry);
      path = dup_view_path (self, store_iter);
      if (path == NULL)
        return FALSE;
    }
  gtk_tree_view_set_cursor (self->tree_view, path, NULL, FALSE);
  gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, FALSE, 0, 0);
  return TRUE;
}

void
fd_window_start_search (FdWindow   *self,
                        const char *text)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_entry_set_text (GTK_ENTRY (self->search_entry), text != NULL ? text : "");
  /* Apply at once rather than after the entry's typing delay. */
  on_search_changed (self, self->search_entry);
}

GtkTreeView *
fd_window_get_tree_view (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->tree_view;
}

GtkListStore *
fd_window_get_store (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->store;
}

gboolean
fd_window_lookup_row (FdWindow    *self,
                      FdCall      *call,
                      GtkTreeIter *store_iter)
{
  GtkTreeIter *iter;

  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  iter = g_hash_table_lookup (self->rows, call);
  if (iter == NULL)
    return FALSE;
  if (store_iter != NULL)
    *store_iter = *iter;
  return TRUE;
}

const char *
fd_window_get_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
fd_window_get_status_text (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
fd_window_get_empty_title (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->empty_title);
}

/* "active" or "history". */
void
fd_window_show_page (FdWindow   *self,
                     const char *name)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (g_strcmp0 (name, "active") == 0 || g_strcmp0 (name, "history") == 0);

  gtk_stack_set_visible_child_name (self->main_stack, name);
}

const char *
fd_window_get_visible_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * fd_window_set_journal:
 * @journal: (nullable): the journal the history shows
 * @error_message: (nullable): with no journal, why: the history page and
 *   the status line show it
 */
void
fd_window_set_journal (FdWindow   *self,
                       FdJournal  *journal,
                       const char *error_message)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  fd_history_page_set_journal (self->history_page, journal, error_message);
}

FdJournal *
fd_window_get_journal (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return fd_history_page_get_journal (self->history_page);
}

/* Shows the History page with that call selected, clearing a filter or a
 * search that hides it. FALSE when the journal has no such call. */
gboolean
fd_window_select_history (FdWindow *self,
                          gint64    id)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  if (!fd_history_page_lookup_row (self->history_page, id, NULL))
    return FALSE;
  fd_window_show_page (self, "history");
  if (fd_history_page_select (self->history_page, id))
    return TRUE;
  fd_window_start_search (self, NULL);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  fd_history_page_set_filter (self->history_page, FD_JOURNAL_FILTER_ALL);
  return fd_history_page_select (self->history_page, id);
}

FdHistoryPage *
fd_window_get_history_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->history_page;
}

/* The inbox's text while it shows, else NULL. */
const char *
fd_window_get_missed_text (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (self->missed_bar))
    return NULL;
  return gtk_label_get_text (self->missed_label);
}
