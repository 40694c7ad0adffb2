/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-call.h"

G_BEGIN_DECLS

/* How long a pressed button holds the rows at most: a release that never
 * comes (lost under another grab) must not freeze the list. */
#define FD_CALLS_HOLD_PRESS_MS 3000

/* What the page does to a row once the hold lets it: the page's own
 * handlers, which no longer defer then. */
typedef void (*FdCallsHoldFunc) (gpointer owner,
                                 FdCall  *call);

/*
 * FdCallsHold keeps the Active Calls rows where they are while something
 * needs them still, and applies what came in between afterwards:
 *
 * - while a snapshot applies, the sort by a duration (which every poll
 *   changes for nearly every row) is held and done once after it;
 * - while the primary button is down on the view (a click, or the start of
 *   a drag), no row moves, appears or goes: the release then lands on the
 *   call the press did. Cells still update in place. The hold ends at the
 *   release, when a drag begins (the drag follows the selected call, wherever
 *   its row goes), when the grab breaks, or after FD_CALLS_HOLD_PRESS_MS.
 */
typedef struct _FdCallsHold FdCallsHold;

FdCallsHold *fd_calls_hold_new              (GtkTreeView     *view,
                                             GtkTreeSortable *store,
                                             FdCallsHoldFunc  insert,
                                             FdCallsHoldFunc  remove,
                                             gpointer         owner);
void         fd_calls_hold_free             (FdCallsHold     *self);
void         fd_calls_hold_sort_for_snapshot (FdCallsHold    *self);
void         fd_calls_hold_release_snapshot (FdCallsHold     *self);
gboolean     fd_calls_hold_defer_insert     (FdCallsHold     *self,
                                             FdCall          *call);
gboolean     fd_calls_hold_defer_remove     (FdCallsHold     *self,
                                             FdCall          *call);

G_END_DECLS
