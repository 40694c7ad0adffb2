/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-call-rows.h"
#include "fd-desk.h"

G_BEGIN_DECLS

#define FD_TYPE_CALLS_PAGE (fd_calls_page_get_type ())
G_DECLARE_FINAL_TYPE (FdCallsPage, fd_calls_page, FD, CALLS_PAGE, GtkBox)

/*
 * The Active Calls page: one row per call of "desk", updated in place
 * from its tracker's signals, the durations ticking on between polls (the
 * empty page describes the desk's connection-state). The desk is set once,
 * after construction (the window's template builds the page). The calls shown
 * are those matching "search-text". It knows nothing of the window: its
 * buttons and context menu name the window's actions (win.hangup, ...),
 * and it tells what changed through "selected-call" (notified when the
 * selection or the selected call changes), "n-shown" and:
 *
 * "call-activated" (FdCall *call): Enter or a double click on a row.
 */

void          fd_calls_page_set_desk         (FdCallsPage   *self,
                                              FdDesk        *desk);
FdCall       *fd_calls_page_get_selected_call (FdCallsPage  *self);
gboolean      fd_calls_page_select_call      (FdCallsPage   *self,
                                              FdCall        *call);
const char   *fd_calls_page_get_search_text  (FdCallsPage   *self);
void          fd_calls_page_set_search_text  (FdCallsPage   *self,
                                              const char    *text);
guint         fd_calls_page_get_n_shown      (FdCallsPage   *self);
void          fd_calls_page_tick             (FdCallsPage   *self);

/* For tests and accessibility checks. */
GtkTreeView  *fd_calls_page_get_tree_view    (FdCallsPage   *self);
GtkListStore *fd_calls_page_get_store        (FdCallsPage   *self);
gboolean      fd_calls_page_lookup_row       (FdCallsPage   *self,
                                              FdCall        *call,
                                              GtkTreeIter   *store_iter);
const char   *fd_calls_page_get_page         (FdCallsPage   *self);
const char   *fd_calls_page_get_empty_title  (FdCallsPage   *self);
GtkWidget    *fd_calls_page_get_context_menu (FdCallsPage   *self);
GtkWidget    *fd_calls_page_get_hangup_button (FdCallsPage  *self);

G_END_DECLS
