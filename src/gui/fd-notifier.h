/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-call-tracker.h"
#include "fd-desk.h"
#include "fd-settings.h"

G_BEGIN_DECLS

#define FD_TYPE_NOTIFIER (fd_notifier_get_type ())
G_DECLARE_FINAL_TYPE (FdNotifier, fd_notifier, FD, NOTIFIER, GObject)

/*
 * Desktop notifications for the calls of "desk", one per call, updated
 * in place: ringing → answered (closed after "linger" ms) or missed (stays),
 * then ended. Every libnotify call runs on a worker thread of its own, so a
 * slow notification server never delays polling.
 *
 * Notification buttons activate actions of "actions" (usually the
 * application): "show-call" and "copy-number", both with a string parameter
 * (the CallId and the caller's number), and on a missed call recorded in
 * the journal "mark-handled" (int64: its journal id).
 */

/* Follows @desk's calls; a missed call's bubble gets its journal entry. */
FdNotifier *fd_notifier_new_for_desk (FdDesk     *desk,
                                      GActionGroup *actions);
gboolean    fd_notifier_get_paused (FdNotifier    *self);
void        fd_notifier_set_paused (FdNotifier    *self,
                                    gboolean       paused);
guint       fd_notifier_get_linger (FdNotifier    *self);
void        fd_notifier_set_linger (FdNotifier    *self,
                                    guint          milliseconds);
void        fd_notifier_shutdown   (FdNotifier    *self);
/* Which calls and which kinds notify: the watch-list and the switches of
 * @settings (NULL: every call, every kind). Answered and ended follow a
 * ringing notification; with ringing switched off they come on their own. */
void        fd_notifier_set_settings (FdNotifier  *self,
                                      FdSettings  *settings);

G_END_DECLS
