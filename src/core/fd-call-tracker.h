/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-call.h"

G_BEGIN_DECLS

typedef enum {
  FD_CALL_OUTCOME_ANSWERED,
  FD_CALL_OUTCOME_MISSED,
} FdCallOutcome;

#define FD_TYPE_CALL_TRACKER (fd_call_tracker_get_type ())
G_DECLARE_FINAL_TYPE (FdCallTracker, fd_call_tracker, FD, CALL_TRACKER, GObject)

/*
 * Signals, emitted from fd_call_tracker_apply() in this order:
 *   "call-started"  (FdCall *call)                      a CallId seen for the first time
 *   "call-changed"  (FdCall *call, const char *previous) its CallState changed
 *   "call-updated"  (FdCall *call)                      other fields changed (durations ticking…)
 *   "call-ended"    (FdCall *call, FdCallOutcome)       gone from the snapshot; the call as last seen
 * and, only from fd_call_tracker_clear():
 *   "call-withdrawn" (FdCall *call)                     forgotten without ending (another PBX)
 * The FdCall passed is the tracker's own object for that CallId: it stays the
 * same pointer for the whole life of the call, so views may key rows on it.
 */

FdCallTracker *fd_call_tracker_new          (void);
void           fd_call_tracker_apply        (FdCallTracker *self,
                                             GPtrArray     *snapshot);
FdCall        *fd_call_tracker_lookup       (FdCallTracker *self,
                                             const char    *id);
GPtrArray     *fd_call_tracker_dup_calls    (FdCallTracker *self);
guint          fd_call_tracker_get_n_calls  (FdCallTracker *self);
gboolean       fd_call_tracker_was_answered (FdCallTracker *self,
                                             const char    *id);
void           fd_call_tracker_clear        (FdCallTracker *self);

const char    *fd_call_outcome_to_string    (FdCallOutcome  outcome);

G_END_DECLS
