/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-call.h"

G_BEGIN_DECLS

/* The notifications a call can give, each with a switch of its own. */
typedef enum {
  FD_NOTIFY_RINGING,
  FD_NOTIFY_ANSWERED,
  FD_NOTIFY_MISSED,
  FD_NOTIFY_ENDED,
  FD_NOTIFY_N_KINDS
} FdNotifyKind;

#define FD_SETTINGS_MAX_POLL_INTERVAL     60.0
#define FD_SETTINGS_DEFAULT_RETENTION     90
#define FD_SETTINGS_MAX_RETENTION         3650

#define FD_TYPE_SETTINGS (fd_settings_get_type ())
G_DECLARE_FINAL_TYPE (FdSettings, fd_settings, FD, SETTINGS, GObject)

/*
 * The saved settings as typed properties, bound to the GSettings schema
 * io.github.frontdesk.Frontdesk: "url", "username", "poll-interval",
 * "watch-list" (GStrv), "notify-ringing", "notify-answered",
 * "notify-missed", "notify-ended", "pinned-certificate" (lower-case
 * SHA-256 hex, "" for none), "journal-retention-days" (0 keeps every
 * call), "journal" and "user-name" (who marks calls handled here). Setting a property saves it; a change made elsewhere
 * (dconf-editor, another instance) notifies the property. When no compiled
 * schema can be found at all the properties still work, in memory only.
 * No setting holds a password: that is FdSecretStore's.
 */

FdSettings         *fd_settings_new                        (void);

const char         *fd_settings_get_url                    (FdSettings         *self);
void                fd_settings_set_url                    (FdSettings         *self,
                                                            const char         *url);
const char         *fd_settings_get_username               (FdSettings         *self);
void                fd_settings_set_username               (FdSettings         *self,
                                                            const char         *username);
double              fd_settings_get_poll_interval          (FdSettings         *self);
void                fd_settings_set_poll_interval          (FdSettings         *self,
                                                            double              seconds);
const char * const *fd_settings_get_watch_list             (FdSettings         *self);
void                fd_settings_set_watch_list             (FdSettings         *self,
                                                            const char * const *list);
gboolean            fd_settings_get_notify                 (FdSettings         *self,
                                                            FdNotifyKind        kind);
void                fd_settings_set_notify                 (FdSettings         *self,
                                                            FdNotifyKind        kind,
                                                            gboolean            enabled);
const char         *fd_settings_get_pinned_certificate     (FdSettings         *self);
void                fd_settings_set_pinned_certificate     (FdSettings         *self,
                                                            const char         *sha256_hex);
guint               fd_settings_get_journal_retention_days (FdSettings         *self);
void                fd_settings_set_journal_retention_days (FdSettings         *self,
                                                            guint               days);
/* "directories" (GStrv of files and folders), "region" (ISO 3166, "" for
 * the locale's) and "extension-labels" (GStrv of "1001=Reception"). */
const char * const *fd_settings_get_directories            (FdSettings         *self);
void                fd_settings_set_directories            (FdSettings         *self,
                                                            const char * const *paths);
/* "hidden-address-books": the UIDs of Evolution Data Server address books
 * not read (FdEdsBooks reads every other enabled one). */
const char * const *fd_settings_get_hidden_address_books   (FdSettings         *self);
void                fd_settings_set_hidden_address_books   (FdSettings         *self,
                                                            const char * const *uids);
const char         *fd_settings_get_region                 (FdSettings         *self);
const char         *fd_settings_get_user_name              (FdSettings         *self);
void                fd_settings_set_user_name              (FdSettings         *self,
                                                            const char         *name);
const char         *fd_settings_get_journal                (FdSettings         *self);
void                fd_settings_set_journal                (FdSettings         *self,
                                                            const char         *journal);
void                fd_settings_set_region                 (FdSettings         *self,
                                                            const char         *region);
const char * const *fd_settings_get_extension_labels       (FdSettings         *self);
void                fd_settings_set_extension_labels       (FdSettings         *self,
                                                            const char * const *labels);
gboolean            fd_settings_is_persistent              (FdSettings         *self);

/* The decisions the notifier asks for: is @call on the watch-list (an
 * empty list watches every call), and should it give a @kind notification
 * (watched, and that kind switched on). */
gboolean            fd_settings_call_is_watched            (FdSettings         *self,
                                                            FdCall             *call);
gboolean            fd_settings_should_notify              (FdSettings         *self,
                                                            FdCall             *call,
                                                            FdNotifyKind        kind);

G_END_DECLS
