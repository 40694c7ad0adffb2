/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * "Start at login": an XDG autostart entry,
 * $XDG_CONFIG_HOME/autostart/io.github.frontdesk.Frontdesk.desktop, that
 * runs `frontdesk --hidden`. Enabled means the file is there and neither
 * hides nor disables itself (Hidden, X-GNOME-Autostart-enabled).
 */

#define FD_AUTOSTART_COMMAND "frontdesk --hidden"

char     *fd_autostart_dup_path    (void);
gboolean  fd_autostart_is_enabled  (void);
gboolean  fd_autostart_set_enabled (gboolean   enabled,
                                    GError   **error);

G_END_DECLS
