/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallsPage"

#include "config.h"

#include "fd-calls-page.h"
#include "fd-calls-hold.h"
#include "fd-format.h"
#include "fd-tree-util.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

enum {
  PROP_0,
  PROP_DESK,
  PROP_SEARCH_TEXT,
  PROP_SELECTED_CALL,
  PROP_N_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CALL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _FdCallsPage
{
  GtkBox         parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkTreeView   *tree_view;
  GtkImage      *empty_image;
  GtkLabel      *empty_title;
  GtkLabel      *empty_subtitle;
  GMenuModel    *call_menu;
  GtkWidget     *hangup_button;

  /* Owned */
  FdDesk        *desk;            /* set once; nullable until then */
  FdCallRows    *rows;
  GtkTreeModel  *filter;          /* on rows->store, only while searching; nullable */
  FdCallsHold   *hold;            /* the rows' order, while a snapshot applies or a button is down */
  char          *needle;          /* search text; NULL shows everything */
  guint          n_shown;
  gint64         snapshot_time;   /* monotonic µs of the last good poll */
  guint          tick_id;
  GtkWidget     *call_popup;      /* GtkMenu, attached to tree_view; weak */
};

G_DEFINE_FINAL_TYPE (FdCallsPage, fd_calls_page, GTK_TYPE_BOX)

static double
seconds_since_snapshot (FdCallsPage *self)
{
  if (self->snapshot_time == 0 ||
      fd_desk_get_connection_state (self->desk) != FD_CONNECTION_ONLINE)
    return 0;
  return (g_get_monotonic_time () - self->snapshot_time) / (double) G_USEC_PER_SEC;
}

static void
describe_empty (FdCallsPage *self,
                const char **icon,
                const char **title,
                char       **subtitle)
{
  FdConnectionState state = fd_desk_get_connection_state (self->desk);
  const char *error = fd_desk_get_connection_error (self->desk);

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
      if (self->needle != NULL && gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->rows->store), NULL) > 0)
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
      *subtitle = fd_client_dup_display_url (fd_desk_get_client (self->desk));
      break;
    }
}

/* The store itself, or the filter on it while searching: a
 * GtkTreeModelFilter renumbers every row after one inserted or deleted,
 * which would make each poll quadratic in the number of calls. */
static GtkTreeModel *
view_model (FdCallsPage *self)
{
  return self->filter != NULL ? self->filter : GTK_TREE_MODEL (self->rows->store);
}

/* The view's path of a row of the store; NULL when the search hides it. */
static GtkTreePath *
dup_view_path (FdCallsPage *self,
               GtkTreeIter *store_iter)
{
  GtkTreeIter filter_iter;

  if (self->filter == NULL)
    return gtk_tree_model_get_path (GTK_TREE_MODEL (self->rows->store), store_iter);
  if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                         &filter_iter, store_iter))
    return NULL;
  return gtk_tree_model_get_path (self->filter, &filter_iter);
}

/* The window counts the rows shown in its status line. */
static void
update_n_shown (FdCallsPage *self)
{
  guint n_shown = gtk_tree_model_iter_n_children (view_model (self), NULL);

  if (self->n_shown == n_shown)
    return;
  self->n_shown = n_shown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
}

static void
update_page (FdCallsPage *self)
{
  g_autofree char *subtitle = NULL;
  const char *icon;
  const char *title;

  /* The sources come after the template: nothing to describe before. */
  if (self->desk == NULL)
    return;
  update_n_shown (self);
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

static gboolean
store_iter_from_path (FdCallsPage *self,
                      GtkTreePath *view_path,
                      GtkTreeIter *store_iter)
{
  GtkTreeIter filter_iter;

  if (self->filter == NULL)
    return gtk_tree_model_get_iter (GTK_TREE_MODEL (self->rows->store), store_iter, view_path);
  if (!gtk_tree_model_get_iter (self->filter, &filter_iter, view_path))
    return FALSE;
  gtk_tree_model_filter_convert_iter_to_child_iter (GTK_TREE_MODEL_FILTER (self->filter), store_iter, &filter_iter);
  return TRUE;
}

/* Only the rows on screen are touched: a long list costs nothing extra. */
void
fd_calls_page_tick (FdCallsPage *self)
{
  g_autoptr(GtkTreePath) start = NULL;
  g_autoptr(GtkTreePath) end = NULL;
  double elapsed;

  g_return_if_fail (FD_IS_CALLS_PAGE (self));

  if (!gtk_tree_view_get_visible_range (self->tree_view, &start, &end))
    return;
  elapsed = seconds_since_snapshot (self);
  for (; gtk_tree_path_compare (start, end) <= 0; gtk_tree_path_next (start))
    {
      GtkTreeIter iter;
      g_autoptr(FdCall) call = NULL;

      if (!store_iter_from_path (self, start, &iter))
        break;
      gtk_tree_model_get (GTK_TREE_MODEL (self->rows->store), &iter, FD_CALLS_COLUMN_CALL, &call, -1);
      if (call != NULL)
        fd_call_rows_update_durations (self->rows, &iter, call, elapsed);
    }
}

static gboolean
tick_cb (gpointer data)
{
  fd_calls_page_tick (FD_CALLS_PAGE (data));
  return G_SOURCE_CONTINUE;
}

/* The selected call's new state may allow other commands: the window
 * looks at it again. */
static void
update_actions_for (FdCallsPage *self,
                    FdCall   *call)
{
  if (fd_calls_page_get_selected_call (self) == call)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CALL]);
}

static void
insert_row (gpointer data,
            FdCall  *call)
{
  FdCallsPage *self = data;

  fd_call_rows_insert (self->rows, call);
}

/* The tree view would select the row that takes the removed one's place:
 * a Hang Up meant for an ended call must not end the next one. */
static void
remove_row (gpointer data,
            FdCall  *call)
{
  FdCallsPage *self = data;
  gboolean selected = fd_calls_page_get_selected_call (self) == call;

  fd_call_rows_remove (self->rows, call);
  if (selected)
    gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (self->tree_view));
}

static void
on_call_started (FdCallsPage   *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  fd_calls_hold_sort_for_snapshot (self->hold);
  if (!fd_calls_hold_defer_insert (self->hold, call))
    insert_row (self, call);
}

static void
on_call_updated (FdCallsPage   *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  if (fd_call_rows_lookup (self->rows, call) == NULL)
    return;
  fd_calls_hold_sort_for_snapshot (self->hold);
  fd_call_rows_update (self->rows, call);
  update_actions_for (self, call);
}

static void
on_call_changed (FdCallsPage   *self,
                 FdCall        *call,
                 const char    *previous,
                 FdCallTracker *tracker)
{
  on_call_updated (self, call, tracker);
}

static void
on_call_withdrawn (FdCallsPage   *self,
                   FdCall        *call,
                   FdCallTracker *tracker)
{
  if (!fd_calls_hold_defer_remove (self->hold, call))
    remove_row (self, call);
}

static void
on_call_ended (FdCallsPage   *self,
               FdCall        *call,
               FdCallOutcome  outcome,
               FdCallTracker *tracker)
{
  on_call_withdrawn (self, call, tracker);
}

static void
on_snapshot (FdCallsPage *self,
             GPtrArray *calls,
             FdPoller  *poller)
{
  self->snapshot_time = g_get_monotonic_time ();
  fd_calls_hold_release_snapshot (self->hold);
}

static gboolean
filter_visible (GtkTreeModel *model,
                GtkTreeIter  *iter,
                gpointer      data)
{
  FdCallsPage *self = data;
  g_autoptr(FdCall) call = NULL;

  gtk_tree_model_get (model, iter, FD_CALLS_COLUMN_CALL, &call, -1);
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
show_sort_indicators (FdCallsPage *self)
{
  g_autoptr(GList) columns = gtk_tree_view_get_columns (self->tree_view);
  int sorted_by;
  GtkSortType order;

  if (!gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->rows->store), &sorted_by, &order))
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
set_headers_sort_view (FdCallsPage *self,
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
on_header_clicked (FdCallsPage       *self,
                   GtkTreeViewColumn *column)
{
  int sort_column = get_header_sort_column (column);
  int sorted_by;
  GtkSortType order;

  if (self->filter == NULL || sort_column < 0)
    return;
  fd_calls_hold_release_snapshot (self->hold);
  if (gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->rows->store), &sorted_by, &order) &&
      sorted_by == sort_column)
    order = order == GTK_SORT_ASCENDING ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;
  else
    order = GTK_SORT_ASCENDING;
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->rows->store), sort_column, order);
  show_sort_indicators (self);
}

static void
select_store_row (FdCallsPage *self,
                  GtkTreeIter *store_iter)
{
  g_autoptr(GtkTreePath) path = dup_view_path (self, store_iter);

  if (path != NULL)
    gtk_tree_view_set_cursor (self->tree_view, path, NULL, FALSE);
}

/* A filter only while searching: see view_model (). The selected call
 * stays selected when it is still shown. */
static void
show_model (FdCallsPage *self,
            gboolean  searching)
{
  FdCall *selected;
  GtkTreeIter *store_iter;

  if (searching && self->filter != NULL)
    {
      gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
      return;
    }
  if (searching == (self->filter != NULL))
    return;

  selected = fd_calls_page_get_selected_call (self);
  if (searching)
    {
      set_headers_sort_view (self, FALSE);
      self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->rows->store), NULL);
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
      gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->rows->store));
      g_clear_object (&self->filter);
      set_headers_sort_view (self, TRUE);
    }
  store_iter = selected != NULL ? fd_call_rows_lookup (self->rows, selected) : NULL;
  if (store_iter != NULL)
    select_store_row (self, store_iter);
}

static void
on_row_activated (FdCallsPage       *self,
                  GtkTreePath       *path,
                  GtkTreeViewColumn *column,
                  GtkTreeView       *tree_view)
{
  FdCall *call = fd_calls_page_get_selected_call (self);

  if (call != NULL)
    g_signal_emit (self, signals[CALL_ACTIVATED], 0, call);
}

static void
create_columns (FdCallsPage *self)
{
  GtkTreeView *view = self->tree_view;
  g_autoptr(GDateTime) late = g_date_time_new_local (2000, 12, 28, 23, 58, 58);
  g_autofree char *time_sample = g_date_time_format (late, "%X");
  g_autoptr(GList) columns = NULL;
  GtkTreeViewColumn *column;

  fd_call_rows_add_state_column (self->rows, view);
  column = fd_tree_add_text_column (view, _("Caller"), FD_CALLS_COLUMN_CALLER_MARKUP,
                                    FD_CALLS_COLUMN_CALLER_KEY, -1, FD_COLUMN_MARKUP);
  /* Ellipsized, and given the spare width. */
  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, 180);
  column = fd_tree_add_text_column (view, _("Called"), FD_CALLS_COLUMN_CALLED, FD_CALLS_COLUMN_CALLED, -1,
                                    FD_COLUMN_MARKUP);
  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, 120);
  column = fd_tree_add_text_column (view, _("Started"), FD_CALLS_COLUMN_STARTED, FD_CALLS_COLUMN_START_UNIX,
                                    -1, FD_COLUMN_NUMERIC);
  fd_call_rows_fix_width (self->rows, column, FD_CALLS_COLUMN_STARTED, time_sample, FD_CELL_EXTRA, FALSE);
  column = fd_tree_add_text_column (view, C_("column", "Ringing"), FD_CALLS_COLUMN_RING_TEXT,
                                    FD_CALLS_COLUMN_RING_SECONDS, -1, FD_COLUMN_NUMERIC);
  fd_call_rows_fix_width (self->rows, column, FD_CALLS_COLUMN_RING_TEXT, "88:88", FD_CELL_EXTRA, FALSE);
  column = fd_tree_add_text_column (view, _("Talking"), FD_CALLS_COLUMN_TALK_TEXT,
                                    FD_CALLS_COLUMN_TALK_SECONDS, -1, FD_COLUMN_NUMERIC);
  fd_call_rows_fix_width (self->rows, column, FD_CALLS_COLUMN_TALK_TEXT, "88:88", FD_CELL_EXTRA, FALSE);

  /* Every row is two lines high (name over number): the view need not measure the rows a poll
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
create_model (FdCallsPage *self)
{
  self->rows = fd_call_rows_new (GTK_WIDGET (self->tree_view));
  gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->rows->store));
  self->hold = fd_calls_hold_new (self->tree_view, GTK_TREE_SORTABLE (self->rows->store), insert_row, remove_row,
                                  self);

  g_signal_connect_object (self->rows->store, "row-inserted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->rows->store, "row-deleted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
connect_sources (FdCallsPage *self)
{
  /* The tracker's own signals for the rows (call-updated, when only the
   * texts changed, has no desk property), and the poller's "snapshot" for
   * holding the sort while one applies. */
  FdCallTracker *tracker = fd_desk_get_tracker (self->desk);
  FdPoller *poller = fd_desk_get_poller (self->desk);
  GListModel *calls = fd_desk_get_calls (self->desk);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(FdCall) call = g_list_model_get_item (calls, i);

      on_call_started (self, call, tracker);
    }

  g_signal_connect_object (tracker, "call-started", G_CALLBACK (on_call_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tracker, "call-changed", G_CALLBACK (on_call_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tracker, "call-updated", G_CALLBACK (on_call_updated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tracker, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tracker, "call-withdrawn", G_CALLBACK (on_call_withdrawn), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (poller, "snapshot", G_CALLBACK (on_snapshot), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::connection-state", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::connection-error", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
}


static void
on_selection_changed (FdCallsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CALL]);
}

static gboolean
on_button_press (FdCallsPage    *self,
                 GdkEventButton *event,
                 GtkWidget      *widget)
{
  return fd_tree_popup_at_pointer (self->tree_view, event, self->call_menu, &self->call_popup);
}

static gboolean
on_popup_menu (FdCallsPage *self,
               GtkWidget   *widget)
{
  return fd_tree_popup_at_selection (self->tree_view, self->call_menu, &self->call_popup);
}

static void
fd_calls_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FdCallsPage *self = FD_CALLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->needle);
      break;
    case PROP_SELECTED_CALL:
      g_value_set_object (value, fd_calls_page_get_selected_call (self));
      break;
    case PROP_N_SHOWN:
      g_value_set_uint (value, self->n_shown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_calls_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FdCallsPage *self = FD_CALLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      fd_calls_page_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_calls_page_dispose (GObject *object)
{
  FdCallsPage *self = FD_CALLS_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->hold, fd_calls_hold_free);
  if (self->tree_view != NULL)
    {
      /* Emptied, the selection changes: nobody needs to hear of it now. */
      g_signal_handlers_disconnect_by_data (gtk_tree_view_get_selection (self->tree_view), self);
      gtk_tree_view_set_model (self->tree_view, NULL);
    }
  g_clear_object (&self->filter);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (fd_calls_page_parent_class)->dispose (object);
}

static void
fd_calls_page_finalize (GObject *object)
{
  FdCallsPage *self = FD_CALLS_PAGE (object);

  g_clear_pointer (&self->rows, fd_call_rows_free);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (fd_calls_page_parent_class)->finalize (object);
}

static void
fd_calls_page_class_init (FdCallsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_calls_page_get_property;
  object_class->set_property = fd_calls_page_set_property;
  object_class->dispose = fd_calls_page_dispose;
  object_class->finalize = fd_calls_page_finalize;

  /* Set once, by fd_calls_page_set_desk (). */
  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, FD_TYPE_DESK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_CALL] =
    g_param_spec_object ("selected-call", NULL, NULL, FD_TYPE_CALL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SHOWN] =
    g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CALL_ACTIVATED] =
    g_signal_new ("call-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FD_TYPE_CALL);

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontdesk/Frontdesk/fd-calls-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, tree_view);
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, empty_image);
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, empty_title);
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, empty_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, call_menu);
  gtk_widget_class_bind_template_child (widget_class, FdCallsPage, hangup_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_button_press);
  gtk_widget_class_bind_template_callback (widget_class, on_popup_menu);
}

static void
fd_calls_page_init (FdCallsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  create_model (self);
  create_columns (self);
}

/* Starts showing the calls of @desk; once only. */
void
fd_calls_page_set_desk (FdCallsPage *self,
                        FdDesk      *desk)
{
  g_return_if_fail (FD_IS_CALLS_PAGE (self));
  g_return_if_fail (FD_IS_DESK (desk));
  g_return_if_fail (self->desk == NULL);

  self->desk = g_object_ref (desk);
  connect_sources (self);
  update_page (self);
  self->tick_id = g_timeout_add (1000, tick_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
}

/* The call on the selected row, or NULL. Transfer none: the row holds the
 * call, and it is the tracker's object for that call. */
FdCall *
fd_calls_page_get_selected_call (FdCallsPage *self)
{
  g_autoptr(FdCall) call = NULL;
  GtkTreeSelection *selection;
  GtkTreeModel *model;
  GtkTreeIter iter;

  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);

  /* Destroyed: the template's widgets are gone. */
  if (self->tree_view == NULL)
    return NULL;
  selection = gtk_tree_view_get_selection (self->tree_view);
  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return NULL;
  gtk_tree_model_get (model, &iter, FD_CALLS_COLUMN_CALL, &call, -1);
  return call;
}

/* Selects the call's row and scrolls to it. FALSE when it has no row, or
 * when the search hides it: the caller decides whether to clear that. */
gboolean
fd_calls_page_select_call (FdCallsPage *self,
                           FdCall      *call)
{
  GtkTreeIter *store_iter;
  g_autoptr(GtkTreePath) path = NULL;

  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), FALSE);

  store_iter = fd_call_rows_lookup (self->rows, call);
  path = store_iter != NULL ? dup_view_path (self, store_iter) : NULL;
  if (path == NULL)
    return FALSE;
  gtk_tree_view_set_cursor (self->tree_view, path, NULL, FALSE);
  gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, FALSE, 0, 0);
  return TRUE;
}

const char *
fd_calls_page_get_search_text (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return self->needle;
}

/* @text: (nullable): NULL or "" shows every call. */
void
fd_calls_page_set_search_text (FdCallsPage *self,
                               const char  *text)
{
  g_return_if_fail (FD_IS_CALLS_PAGE (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->needle, text) == 0)
    return;
  g_free (self->needle);
  self->needle = g_strdup (text);
  show_model (self, self->needle != NULL);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

guint
fd_calls_page_get_n_shown (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), 0);
  return self->n_shown;
}

GtkTreeView *
fd_calls_page_get_tree_view (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return self->tree_view;
}

GtkListStore *
fd_calls_page_get_store (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return self->rows->store;
}

gboolean
fd_calls_page_lookup_row (FdCallsPage *self,
                          FdCall      *call,
                          GtkTreeIter *store_iter)
{
  GtkTreeIter *iter;

  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), FALSE);

  iter = fd_call_rows_lookup (self->rows, call);
  if (iter == NULL)
    return FALSE;
  if (store_iter != NULL)
    *store_iter = *iter;
  return TRUE;
}

/* "calls" or "empty". */
const char *
fd_calls_page_get_page (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
fd_calls_page_get_empty_title (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return gtk_label_get_text (self->empty_title);
}

/* The context menu, once it has been opened. */
GtkWidget *
fd_calls_page_get_context_menu (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return self->call_popup;
}

/* The window names the call Hang Up would end. */
GtkWidget *
fd_calls_page_get_hangup_button (FdCallsPage *self)
{
  g_return_val_if_fail (FD_IS_CALLS_PAGE (self), NULL);
  return self->hangup_button;
}
