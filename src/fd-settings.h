/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FD_TYPE_SETTINGS (fd_settings_get_type ())
G_DECLARE_FINAL_TYPE (FdSettings, fd_settings, FD, SETTINGS, GObject)

/*
 * The saved settings as typed properties, bound to the GSettings schema
 * io.github.frontdesk.Frontdesk: "url", "username", "poll-interval".
 * Setting a property saves it; a change made elsewhere (dconf-editor,
 * another instance) notifies the property. When no compiled schema can be
 * found at all the properties still work, in memory only.
 */

FdSettings *fd_settings_new               (void);

const char *fd_settings_get_url           (FdSettings *self);
void        fd_settings_set_url           (FdSettings *self,
                                           const char *url);
const char *fd_settings_get_username      (FdSettings *self);
void        fd_settings_set_username      (FdSettings *self,
                                           const char *username);
double      fd_settings_get_poll_interval (FdSettings *self);
void        fd_settings_set_poll_interval (FdSettings *self,
                                           double      seconds);
gboolean    fd_settings_is_persistent     (FdSettings *self);

G_END_DECLS
