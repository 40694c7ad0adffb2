/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-desk.h"

G_BEGIN_DECLS

typedef enum {
  FD_TRAY_STATE_IDLE,          /* no calls */
  FD_TRAY_STATE_ACTIVE,        /* calls in progress */
  FD_TRAY_STATE_RINGING,
  FD_TRAY_STATE_MISSED,        /* missed calls waiting */
  FD_TRAY_STATE_OFFLINE,
  FD_TRAY_STATE_AUTH_FAILED,   /* credentials refused */
} FdTrayState;

#define FD_TYPE_TRAY (fd_tray_get_type ())
G_DECLARE_FINAL_TYPE (FdTray, fd_tray, FD, TRAY, GObject)

/*
 * The tray icon: a StatusNotifierItem through Ayatana AppIndicator, or a
 * GtkStatusIcon when the build has no Ayatana. Its icon and title follow
 * "desk" (its connection-state, n-calls, n-ringing) and the missed-call
 * count; its menu activates the
 * actions "show-calls", "pause-notifications" (boolean state),
 * "preferences" and "quit" of "actions".
 * "available" is TRUE while a tray host shows the icon.
 */

FdTray      *fd_tray_new              (GActionGroup  *actions,
                                       FdDesk        *desk);
gboolean     fd_tray_is_available     (FdTray        *self);
void         fd_tray_set_missed_count (FdTray        *self,
                                       guint          count);
guint        fd_tray_get_missed_count (FdTray        *self);
FdTrayState  fd_tray_get_state        (FdTray        *self);
const char  *fd_tray_get_icon_name    (FdTray        *self);
const char  *fd_tray_get_title        (FdTray        *self);

void        fd_tray_set_demo            (FdTray        *self,
                                         gboolean       demo);

G_END_DECLS
