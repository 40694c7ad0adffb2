/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-calls-page.h"

G_BEGIN_DECLS

/* A call dragged out of the Active Calls page carries its CallId. */
#define FD_CALL_DRAG_TARGET "application/x-frontdesk-call-id"

/* Lets the page's rows be dragged: the selected call goes. */
void   fd_call_drag_source_attach (FdCallsPage      *page);
/* Makes @widget take dropped calls; "drag-data-received" then carries the
 * CallId, which fd_call_drag_dup_call_id() reads. */
void   fd_call_drag_dest_set      (GtkWidget        *widget);
char  *fd_call_drag_dup_call_id   (GtkSelectionData *data);

G_END_DECLS
