/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallDrag"

#include "config.h"

#include "fd-call-drag.h"

#include <string.h>

static const GtkTargetEntry targets[] = {
  /* Within the app only: a CallId means nothing to another program. */
  { (char *) FD_CALL_DRAG_TARGET, GTK_TARGET_SAME_APP, 0 },
};

/* After the view's own handler, which knows only its row targets. */
static void
on_drag_data_get (GtkWidget        *view,
                  GdkDragContext   *context,
                  GtkSelectionData *data,
                  guint             info,
                  guint             time,
                  FdCallsPage      *page)
{
  FdCall *call = fd_calls_page_get_selected_call (page);
  const char *id;

  if (call == NULL)
    return;
  id = fd_call_get_id (call);
  gtk_selection_data_set (data, gtk_selection_data_get_target (data), 8, (const guchar *) id, strlen (id));
}

void
fd_call_drag_source_attach (FdCallsPage *page)
{
  GtkTreeView *view = fd_calls_page_get_tree_view (page);

  /* A copy, never a move: a moved row would be deleted from the store,
   * while the call stays the tracker's until the PBX ends it. */
  gtk_tree_view_enable_model_drag_source (view, GDK_BUTTON1_MASK, targets, G_N_ELEMENTS (targets),
                                          GDK_ACTION_COPY);
  g_signal_connect_object (view, "drag-data-get", G_CALLBACK (on_drag_data_get), page, G_CONNECT_AFTER);
}

void
fd_call_drag_dest_set (GtkWidget *widget)
{
  /* GTK finishes the drop itself (GTK_DEST_DEFAULT_DROP). */
  gtk_drag_dest_set (widget, GTK_DEST_DEFAULT_ALL, targets, G_N_ELEMENTS (targets), GDK_ACTION_COPY);
}

char *
fd_call_drag_dup_call_id (GtkSelectionData *data)
{
  const guchar *bytes = gtk_selection_data_get_data (data);
  int length = gtk_selection_data_get_length (data);

  if (bytes == NULL || length <= 0 || length > 256)
    return NULL;
  return g_strndup ((const char *) bytes, length);
}
