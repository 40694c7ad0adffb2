/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallsHold"

#include "config.h"

#include "fd-calls-hold.h"
#include "fd-call-rows.h"

struct _FdCallsHold
{
  GtkTreeView     *view;          /* the page's; it frees the hold first */
  GtkTreeSortable *store;
  FdCallsHoldFunc  insert;
  FdCallsHoldFunc  remove;
  gpointer         owner;

  gboolean         saved;         /* the store is unsorted, its sort kept here */
  int              saved_column;
  GtkSortType      saved_order;

  gboolean         for_snapshot;
  guint            snapshot_id;   /* the release before the next frame */

  gboolean         pressed;
  guint            press_id;      /* the deadline of a press */
  GPtrArray       *inserts;       /* FdCall: came while pressed */
  GPtrArray       *removes;       /* FdCall: went while pressed */
};

static gboolean
is_duration_column (int column)
{
  return column == FD_CALLS_COLUMN_RING_SECONDS || column == FD_CALLS_COLUMN_TALK_SECONDS;
}

static void
save_sort (FdCallsHold *self,
           int          column,
           GtkSortType  order)
{
  self->saved = TRUE;
  self->saved_column = column;
  self->saved_order = order;
  gtk_tree_sortable_set_sort_column_id (self->store, GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID, order);
}

/* Back to the saved order, with one sort, once nothing holds it; a header
 * clicked in between wins. */
static void
restore_sort (FdCallsHold *self)
{
  int column;
  GtkSortType order;

  if (!self->saved || self->for_snapshot || self->pressed)
    return;
  self->saved = FALSE;
  gtk_tree_sortable_get_sort_column_id (self->store, &column, &order);
  if (column == GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID)
    gtk_tree_sortable_set_sort_column_id (self->store, self->saved_column, self->saved_order);
}

void
fd_calls_hold_release_snapshot (FdCallsHold *self)
{
  g_clear_handle_id (&self->snapshot_id, g_source_remove);
  if (!self->for_snapshot)
    return;
  self->for_snapshot = FALSE;
  restore_sort (self);
}

static gboolean
release_snapshot_cb (gpointer data)
{
  FdCallsHold *self = data;

  self->snapshot_id = 0;
  fd_calls_hold_release_snapshot (self);
  return G_SOURCE_REMOVE;
}

/* Sorted by a duration, every poll moves nearly every row, each move a
 * "rows-reordered" as long as the list: the order is held while a
 * snapshot applies and sorted once after it, from the poller's "snapshot"
 * or, for a snapshot from elsewhere, before the next frame. */
void
fd_calls_hold_sort_for_snapshot (FdCallsHold *self)
{
  int column;
  GtkSortType order;

  /* Held already, for this snapshot or under the pointer. */
  if (self->for_snapshot || self->pressed)
    return;
  if (!gtk_tree_sortable_get_sort_column_id (self->store, &column, &order) || !is_duration_column (column))
    return;
  save_sort (self, column, order);
  self->for_snapshot = TRUE;
  self->snapshot_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, release_snapshot_cb, self, NULL);
}

/* What came and went while pressed, then one sort. Removals first: a call
 * that came and went never got a row. */
static void
end_press (FdCallsHold *self)
{
  g_autoptr(GPtrArray) removes = NULL;
  g_autoptr(GPtrArray) inserts = NULL;

  if (!self->pressed)
    return;
  self->pressed = FALSE;
  g_clear_handle_id (&self->press_id, g_source_remove);
  removes = g_steal_pointer (&self->removes);
  inserts = g_steal_pointer (&self->inserts);
  self->removes = g_ptr_array_new_with_free_func (g_object_unref);
  self->inserts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < removes->len; i++)
    self->remove (self->owner, g_ptr_array_index (removes, i));
  for (guint i = 0; i < inserts->len; i++)
    self->insert (self->owner, g_ptr_array_index (inserts, i));
  restore_sort (self);
}

static gboolean
press_deadline_cb (gpointer data)
{
  FdCallsHold *self = data;

  self->press_id = 0;
  end_press (self);
  return G_SOURCE_REMOVE;
}

/* The unsorted store takes the arrow off its header, which a press may
 * hold for seconds: it stays on the saved column's. */
static void
keep_sort_indicator (FdCallsHold *self)
{
  g_autoptr(GList) columns = gtk_tree_view_get_columns (self->view);

  for (GList *l = columns; l != NULL; l = l->next)
    if (gtk_tree_view_column_get_sort_column_id (l->data) == self->saved_column)
      {
        gtk_tree_view_column_set_sort_indicator (l->data, TRUE);
        gtk_tree_view_column_set_sort_order (l->data, self->saved_order);
      }
}

static void
begin_press (FdCallsHold *self)
{
  int column;
  GtkSortType order;

  if (self->pressed)
    return;
  /* Held for a snapshot, the store's own sort is saved already. */
  if (!self->saved && gtk_tree_sortable_get_sort_column_id (self->store, &column, &order))
    save_sort (self, column, order);
  if (self->saved)
    keep_sort_indicator (self);
  self->pressed = TRUE;
  self->press_id = g_timeout_add (FD_CALLS_HOLD_PRESS_MS, press_deadline_cb, self);
}

/* Only the primary button picks a row to release on or drag; the context
 * menu acts on the selected call, which its row follows wherever it goes. */
static gboolean
on_button_press (GtkWidget      *view,
                 GdkEventButton *event,
                 FdCallsHold    *self)
{
  if (event->button == GDK_BUTTON_PRIMARY && event->window == gtk_tree_view_get_bin_window (self->view))
    begin_press (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_button_release (GtkWidget      *view,
                   GdkEventButton *event,
                   FdCallsHold    *self)
{
  if (event->button == GDK_BUTTON_PRIMARY)
    end_press (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_grab_broken (GtkWidget   *view,
                GdkEvent    *event,
                FdCallsHold *self)
{
  end_press (self);
  return GDK_EVENT_PROPAGATE;
}

/* The press has picked its row: the drag carries the selected call. */
static void
on_drag_begin (GtkWidget      *view,
               GdkDragContext *context,
               FdCallsHold    *self)
{
  end_press (self);
}

FdCallsHold *
fd_calls_hold_new (GtkTreeView     *view,
                   GtkTreeSortable *store,
                   FdCallsHoldFunc  insert,
                   FdCallsHoldFunc  remove,
                   gpointer         owner)
{
  FdCallsHold *self = g_new0 (FdCallsHold, 1);

  self->view = view;
  self->store = store;
  self->insert = insert;
  self->remove = remove;
  self->owner = owner;
  self->inserts = g_ptr_array_new_with_free_func (g_object_unref);
  self->removes = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (view, "button-press-event", G_CALLBACK (on_button_press), self);
  g_signal_connect (view, "button-release-event", G_CALLBACK (on_button_release), self);
  g_signal_connect (view, "grab-broken-event", G_CALLBACK (on_grab_broken), self);
  g_signal_connect (view, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect_swapped (view, "unmap", G_CALLBACK (end_press), self);
  return self;
}

/* Nothing held is applied: the page is going away. */
void
fd_calls_hold_free (FdCallsHold *self)
{
  g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_handle_id (&self->snapshot_id, g_source_remove);
  g_clear_handle_id (&self->press_id, g_source_remove);
  g_ptr_array_unref (self->inserts);
  g_ptr_array_unref (self->removes);
  g_free (self);
}

/* TRUE when @call's row waits for the release. */
gboolean
fd_calls_hold_defer_insert (FdCallsHold *self,
                            FdCall      *call)
{
  if (!self->pressed)
    return FALSE;
  g_ptr_array_add (self->inserts, g_object_ref (call));
  return TRUE;
}

/* TRUE when the removal of @call's row waits for the release, or when the
 * call never got a row. */
gboolean
fd_calls_hold_defer_remove (FdCallsHold *self,
                            FdCall      *call)
{
  if (!self->pressed)
    return FALSE;
  if (!g_ptr_array_remove (self->inserts, call))
    g_ptr_array_add (self->removes, g_object_ref (call));
  return TRUE;
}
