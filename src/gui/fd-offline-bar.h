/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-poller.h"

G_BEGIN_DECLS

#define FD_TYPE_OFFLINE_BAR (fd_offline_bar_get_type ())
G_DECLARE_FINAL_TYPE (FdOfflineBar, fd_offline_bar, FD, OFFLINE_BAR, GtkInfoBar)

/*
 * What the window says while the PBX does not answer: shown from the
 * first failed poll of "poller" until a good one, with the time of the
 * last good poll ("Last seen 14:05:09"), a countdown to the backoff's next
 * try ("Trying again in 3 s") and a Retry now button (fd_poller_poll_now()).
 * Meanwhile "stale-widget" (the active calls' list) is dimmed and carries
 * the style class "stale": its rows are as the PBX last described them,
 * not as they are.
 */

GtkWidget  *fd_offline_bar_new                (FdPoller     *poller,
                                               GtkWidget    *stale_widget);
gboolean    fd_offline_bar_is_stale           (FdOfflineBar *self);
const char *fd_offline_bar_get_last_seen_text (FdOfflineBar *self);
const char *fd_offline_bar_get_retry_text     (FdOfflineBar *self);
void        fd_offline_bar_retry              (FdOfflineBar *self);

G_END_DECLS
