/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-call-tracker.h"
#include "fd-client.h"

G_BEGIN_DECLS

typedef enum {
  FD_CONNECTION_STOPPED,
  FD_CONNECTION_CONNECTING,
  FD_CONNECTION_ONLINE,
  FD_CONNECTION_OFFLINE,
  FD_CONNECTION_AUTH_FAILED,
} FdConnectionState;

#define FD_POLLER_DEFAULT_INTERVAL 1.0
#define FD_POLLER_MIN_INTERVAL     0.2
/* The longest wait between two tries while the PBX fails: a PBX that
 * comes back is asked again within this (a reception desk may
 * not sit blind for half a minute after a PBX restart). */
#define FD_POLLER_MAX_BACKOFF      5.0

#define FD_TYPE_POLLER (fd_poller_get_type ())
G_DECLARE_FINAL_TYPE (FdPoller, fd_poller, FD, POLLER, GObject)

/*
 * Polls ListActiveCalls through "client" and feeds good snapshots into
 * "tracker". At most one request in flight. Properties: "client", "tracker"
 * (construct-only), "interval" (seconds), "state" (FdConnectionState),
 * "last-error" (a sentence, NULL while online), "n-polls" (good polls).
 * Signal "snapshot" (GPtrArray *calls) after every good poll, after the
 * tracker has applied it.
 */

FdPoller          *fd_poller_new            (FdClient      *client,
                                             FdCallTracker *tracker);
FdClient          *fd_poller_get_client     (FdPoller      *self);
FdCallTracker     *fd_poller_get_tracker    (FdPoller      *self);
double             fd_poller_get_interval   (FdPoller      *self);
void               fd_poller_set_interval   (FdPoller      *self,
                                             double         seconds);
FdConnectionState  fd_poller_get_state      (FdPoller      *self);
const char        *fd_poller_get_last_error (FdPoller      *self);
const GError      *fd_poller_get_error      (FdPoller      *self);
guint64            fd_poller_get_n_polls    (FdPoller      *self);
void               fd_poller_start          (FdPoller      *self);
void               fd_poller_stop           (FdPoller      *self);
void               fd_poller_poll_now       (FdPoller      *self);
gboolean           fd_poller_is_running     (FdPoller      *self);
gint64             fd_poller_get_next_try   (FdPoller      *self);
GDateTime         *fd_poller_get_last_seen  (FdPoller      *self);

/* Called with every good snapshot's calls before the tracker sees them,
 * so that names set on them are the ones tracked and journalled. @data is
 * not owned: the caller clears the resolver before it goes. */
typedef void (*FdPollerResolver) (GPtrArray *calls,
                                  gpointer   data);
void               fd_poller_set_resolver   (FdPoller         *self,
                                             FdPollerResolver  resolver,
                                             gpointer          data);

const char        *fd_connection_state_to_string (FdConnectionState state);

G_END_DECLS
