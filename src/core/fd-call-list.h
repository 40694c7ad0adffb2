/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-call.h"

G_BEGIN_DECLS

#define FD_TYPE_CALL_LIST (fd_call_list_get_type ())
G_DECLARE_FINAL_TYPE (FdCallList, fd_call_list, FD, CALL_LIST, GObject)

/*
 * The desk's active calls: a GListModel of FdCall in arrival order that
 * finds, removes and counts the ringing calls in O(log n), so that a
 * snapshot of 10,000 calls costs the desk no more than it costs the
 * window (a GListStore finds a call by walking the list).
 */

FdCallList *fd_call_list_new          (void);
void        fd_call_list_append       (FdCallList *self,
                                       FdCall     *call);
gboolean    fd_call_list_remove       (FdCallList *self,
                                       FdCall     *call);
void        fd_call_list_update       (FdCallList *self,
                                       FdCall     *call);
guint       fd_call_list_get_n_ringing (FdCallList *self);

G_END_DECLS
