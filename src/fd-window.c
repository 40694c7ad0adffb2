/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWindow"

#include "config.h"

#include "fd-format.h"
#include "fd-window-private.h"
#include "fd-window.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

enum {
  PROP_0,
  PROP_TRACKER,
  PROP_POLLER,
  PROP_HIDE_ON_CLOSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FdWindow, fd_window, GTK_TYPE_APPLICATION_WINDOW)

char *
_fd_window_dup_caller_markup (FdCall *call)
{
  const char *name = fd_call_get_caller_id (call);
  const char *number = fd_call_get_source (call);

  if (name != NULL && *name != '\0' && number != NULL && *number != '\0' &&
      g_strcmp0 (name, number) != 0)
    return g_markup_printf_escaped ("%s  <span alpha=\"60%%\">%s</span>", name, number);
  if (name != NULL && *name != '\0')
    return g_markup_escape_text (name, -1);
  if (number != NULL && *number != '\0')
    return g_markup_escape_text (number, -1);
  return g_markup_printf_escaped ("<i>%s</i>", _("Unknown caller"));
}

/* Today's times alone; the date too for older ones. */
char *
_fd_window_dup_time_text (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup ("–");
  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%X");
  return g_date_time_format (local, "%x %X");
}

static char *
dup_start_text (FdCall *call,
                gint64 *unix_time)
{
  GDateTime *start = fd_call_get_start_time (call);

  *unix_time = start != NULL ? g_date_time_to_unix (start) : G_MININT64;
  return _fd_window_dup_time_text (start);
}

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

static void
set_text_if_changed (FdWindow    *self,
                     GtkTreeIter *iter,
                     int          column,
                     const char  *text)
{
  g_autofree char *old = NULL;

  gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter, column, &old, -1);
  if (g_strcmp0 (old, text) != 0)
    gtk_list_store_set (self->store, iter, column, text, -1);
}

static void
update_durations (FdWindow    *self,
                  GtkTreeIter *iter,
                  FdCall      *call,
                  double       elapsed)
{
  const char *state = fd_call_get_state (call);
  double talk_seconds = fd_call_get_talk_seconds (call);
  g_autofree char *ring = NULL;
  g_autofree char *talk = NULL;

  /* Nobody has talked on a call that rings for the first time. */
  if (fd_call_is_ringing (call) && talk_seconds <= 0)
    talk_seconds = FD_CALL_NO_DURATION;
  ring = fd_format_duration (live_seconds (fd_call_get_ring_seconds (call),
                                           fd_call_is_ringing (call), elapsed));
  talk = fd_format_duration (live_seconds (talk_seconds, fd_call_state_is_answered (state), elapsed));
  set_text_if_changed (self, iter, FD_WINDOW_COLUMN_RING_TEXT, ring);
  set_text_if_changed (self, iter, FD_WINDOW_COLUMN_TALK_TEXT, talk);
}

static void
set_row (FdWindow    *self,
         GtkTreeIter *iter,
         FdCall      *call)
{
  const char *state = fd_call_get_state (call);
  g_autofree char *markup = _fd_window_dup_caller_markup (call);
  g_autofree char *key = fd_call_dup_caller_display (call);
  g_autofree char *called = fd_call_dup_called_display (call);
  g_autofree char *started = NULL;
  gint64 start_unix;

  started = dup_start_text (call, &start_unix);
  gtk_list_store_set (self->store, iter,
                      FD_WINDOW_COLUMN_CALL, call,
                      FD_WINDOW_COLUMN_STATE_ICON, fd_call_state_icon_name (state),
                      FD_WINDOW_COLUMN_STATE_TEXT, fd_call_state_describe (state),
                      FD_WINDOW_COLUMN_WEIGHT, fd_call_is_ringing (call) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                      FD_WINDOW_COLUMN_CALLER_MARKUP, markup,
                      FD_WINDOW_COLUMN_CALLER_KEY, key != NULL ? key : "",
                      FD_WINDOW_COLUMN_CALLED, called != NULL ? called : "–",
                      FD_WINDOW_COLUMN_STARTED, started,
                      FD_WINDOW_COLUMN_START_UNIX, start_unix,
                      FD_WINDOW_COLUMN_RING_SECONDS, fd_call_get_ring_seconds (call),
                      FD_WINDOW_COLUMN_TALK_SECONDS, fd_call_get_talk_seconds (call),
                      -1);
  update_durations (self, iter, call, 0);
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
  if (_fd_window_is_history_visible (self) && self->history_filter != NULL)
    model = self->history_filter;
  n_calls = gtk_tree_model_iter_n_children (model, NULL);
  /* Translators: the number of calls listed, in the status line */
  count = g_strdup_printf (ngettext ("%u call", "%u calls", n_calls), n_calls);
  gtk_label_set_text (self->count_label, count);
}

static void
update_page (FdWindow *self)
{
  g_autofree char *subtitle = NULL;
  const char *icon;
  const char *title;

  _fd_window_update_count (self);
  if (gtk_tree_model_iter_n_children (self->filter, NULL) > 0)
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

  if (self->journal_error == NULL)
    return g_steal_pointer (&connection);
  /* Translators: the first %s is the connection state ("Connected to …"),
   * the second a sentence saying why the call journal cannot be used */
  return g_strdup_printf (_("%s · The call history is not being kept: %s"), connection, self->journal_error);
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
                      GtkTreePath *sort_path,
                      GtkTreeIter *store_iter)
{
  GtkTreeIter sort_iter;
  GtkTreeIter filter_iter;

  if (!gtk_tree_model_get_iter (self->sort, &sort_iter, sort_path))
    return FALSE;
  gtk_tree_model_sort_convert_iter_to_child_iter (GTK_TREE_MODEL_SORT (self->sort), &filter_iter, &sort_iter);
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

static void
on_call_started (FdWindow      *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  GtkTreeIter iter;

  gtk_list_store_insert_with_values (self->store, &iter, -1, FD_WINDOW_COLUMN_CALL, call, -1);
  g_hash_table_insert (self->rows, call, g_memdup2 (&iter, sizeof iter));
  set_row (self, &iter, call);
}

static void
on_call_updated (FdWindow      *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, call);

  if (iter != NULL)
    set_row (self, iter, call);
  /* The selected call's new state may allow other commands. */
  _fd_window_update_actions (self);
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
on_call_ended (FdWindow      *self,
               FdCall        *call,
               FdCallOutcome  outcome,
               FdCallTracker *tracker)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, call);

  if (iter == NULL)
    return;
  gtk_list_store_remove (self->store, iter);
  g_hash_table_remove (self->rows, call);
}

static void
on_snapshot (FdWindow  *self,
             GPtrArray *calls,
             FdPoller  *poller)
{
  self->snapshot_time = g_get_monotonic_time ();
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

static void
on_search_changed (FdWindow       *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0')
    self->needle = g_strdup (text);
  gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
  update_page (self);
  _fd_window_history_refilter (self);
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

/* A column of text; sort_column and weight_column may be -1 for none. */
void
_fd_window_add_text_column (GtkTreeView  *view,
                            const char   *title,
                            int           text_column,
                            int           sort_column,
                            int           weight_column,
                            FdColumnKind  kind)
{
  GtkCellRenderer *renderer = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();

  gtk_tree_view_column_set_title (column, title);
  gtk_tree_view_column_pack_start (column, renderer, TRUE);
  if (kind == FD_COLUMN_MARKUP)
    {
      gtk_tree_view_column_add_attribute (column, renderer, "markup", text_column);
      g_object_set (renderer, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
      gtk_tree_view_column_set_expand (column, TRUE);
      gtk_tree_view_column_set_min_width (column, 180);
    }
  else
    gtk_tree_view_column_add_attribute (column, renderer, "text", text_column);
  if (kind == FD_COLUMN_NUMERIC)
    {
      /* Tabular digits keep ticking times from jittering sideways. */
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      g_object_set (renderer, "xalign", 1.0, "attributes", attrs, NULL);
      gtk_tree_view_column_set_alignment (column, 1.0);
    }
  g_object_set (renderer, "xpad", 6, "ypad", 3, NULL);
  if (weight_column >= 0)
    gtk_tree_view_column_add_attribute (column, renderer, "weight", weight_column);
  if (sort_column >= 0)
    gtk_tree_view_column_set_sort_column_id (column, sort_column);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_append_column (view, column);
}

static void
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
}

static void
create_columns (FdWindow *self)
{
  GtkTreeView *view = self->tree_view;

  add_state_column (self);
  _fd_window_add_text_column (view, _("Caller"), FD_WINDOW_COLUMN_CALLER_MARKUP, FD_WINDOW_COLUMN_CALLER_KEY, -1,
                              FD_COLUMN_MARKUP);
  _fd_window_add_text_column (view, _("Called"), FD_WINDOW_COLUMN_CALLED, FD_WINDOW_COLUMN_CALLED, -1,
                              FD_COLUMN_TEXT);
  _fd_window_add_text_column (view, _("Started"), FD_WINDOW_COLUMN_STARTED, FD_WINDOW_COLUMN_START_UNIX, -1,
                              FD_COLUMN_NUMERIC);
  _fd_window_add_text_column (view, C_("column", "Ringing"), FD_WINDOW_COLUMN_RING_TEXT, FD_WINDOW_COLUMN_RING_SECONDS, -1,
                              FD_COLUMN_NUMERIC);
  _fd_window_add_text_column (view, _("Talking"), FD_WINDOW_COLUMN_TALK_TEXT, FD_WINDOW_COLUMN_TALK_SECONDS, -1,
                              FD_COLUMN_NUMERIC);
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
  self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
  gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter),
                                          filter_visible, self, NULL);
  self->sort = gtk_tree_model_sort_new_with_model (self->filter);
  /* Newest call first: a new ringing call appears on top. */
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->sort),
                                        FD_WINDOW_COLUMN_START_UNIX, GTK_SORT_DESCENDING);
  gtk_tree_view_set_model (self->tree_view, self->sort);

  g_signal_connect_object (self->filter, "row-inserted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->filter, "row-deleted", G_CALLBACK (update_page), self,
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
  g_signal_connect_object (self->poller, "snapshot", G_CALLBACK (on_snapshot), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::state", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::last-error", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
}

gboolean
_fd_window_is_history_visible (FdWindow *self)
{
  return gtk_stack_get_visible_child (self->main_stack) == self->history_page;
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
      _fd_window_mark_all_handled (self);
      return;
    }
  _fd_window_set_history_kind (self, FD_JOURNAL_FILTER_MISSED);
  fd_window_show_page (self, "history");
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
  _fd_window_actions_dispose (self);
  _fd_window_history_dispose (self);
  if (self->tree_view != NULL)
    gtk_tree_view_set_model (self->tree_view, NULL);
  g_clear_object (&self->sort);
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
  g_clear_pointer (&self->history_rows, g_hash_table_unref);
  g_clear_pointer (&self->journal_error, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_stack);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_view);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_empty_image);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_empty_title);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_empty_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, status_image);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, call_menu);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_missed_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_result_bar_response);
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
  _fd_window_history_init (self);
  _fd_window_actions_init (self);
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

/* Selects the call's row and scrolls to it; a search that hides it is
 * cleared first. FALSE when the call is gone. */
gboolean
fd_window_select_call (FdWindow   *self,
                       const char *call_id)
{
  FdCall *call;
  GtkTreeIter *store_iter;
  GtkTreeIter filter_iter;
  GtkTreeIter sort_iter;
  g_autoptr(GtkTreePath) path = NULL;

  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  call = fd_call_tracker_lookup (self->tracker, call_id);
  store_iter = call != NULL ? g_hash_table_lookup (self->rows, call) : NULL;
  if (store_iter == NULL)
    return FALSE;

  if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                         &filter_iter, store_iter))
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
      on_search_changed (self, self->search_entry);
      if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                             &filter_iter, store_iter))
        return FALSE;
    }
  gtk_tree_model_sort_convert_child_iter_to_iter (GTK_TREE_MODEL_SORT (self->sort), &sort_iter, &filter_iter);
  path = gtk_tree_model_get_path (self->sort, &sort_iter);
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
