/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-call.h"
#include "fd-poller.h"

G_BEGIN_DECLS

/* Icon names, shipped in data/icons/hicolor/scalable/status and compiled
 * into the GResource for an uninstalled build. */
#define FD_ICON_APP      "io.github.frontdesk.Frontdesk"
#define FD_ICON_IDLE     "io.github.frontdesk.Frontdesk-idle-symbolic"
#define FD_ICON_ACTIVE   "io.github.frontdesk.Frontdesk-active-symbolic"
#define FD_ICON_RINGING  "io.github.frontdesk.Frontdesk-ringing-symbolic"
#define FD_ICON_HOLD     "io.github.frontdesk.Frontdesk-hold-symbolic"
#define FD_ICON_MISSED   "io.github.frontdesk.Frontdesk-missed-symbolic"
#define FD_ICON_OFFLINE  "io.github.frontdesk.Frontdesk-offline-symbolic"
#define FD_ICON_AUTH     "io.github.frontdesk.Frontdesk-auth-symbolic"

/* How calls read in the window, the tray and the notifications. */
const char *fd_call_state_describe     (const char        *state);
const char *fd_call_state_icon_name    (const char        *state);
char       *fd_call_dup_called_display (FdCall            *call);
char       *fd_call_dup_number         (FdCall            *call);
char       *fd_call_dup_caller_markup  (FdCall            *call);
char       *fd_call_dup_called_markup  (FdCall            *call);
char       *fd_format_dup_party        (const char        *name,
                                        const char        *number);
char       *fd_format_dup_caller       (FdCall            *call);
char       *fd_format_dup_callee       (FdCall            *call);
char       *fd_format_dup_parties      (FdCall            *call);
char       *fd_format_time             (GDateTime         *time);
char       *fd_format_duration         (double             seconds);
char       *fd_format_sentence         (const char        *text);
char       *fd_format_reason           (const GError      *error);
const char *fd_connection_state_icon_name (FdConnectionState state);

/* TRUE when the icons are installed where any process (a tray host, a
 * notification server) finds them by name; an uninstalled build has them
 * only in its GResource and in the source tree. */
gboolean    fd_icons_are_installed     (void);

G_END_DECLS
