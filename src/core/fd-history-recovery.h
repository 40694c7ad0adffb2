/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-client.h"
#include "fd-journal.h"
#include "fd-poller.h"

G_BEGIN_DECLS

/* How often the PBX's history is read while all is well. */
#define FD_HISTORY_RECOVERY_DEFAULT_INTERVAL (10 * 60.0)
#define FD_HISTORY_RECOVERY_ROWS_PER_PAGE    100
/* 50 pages of 100: more than a week of a busy reception desk. */
#define FD_HISTORY_RECOVERY_MAX_PAGES        50
/* The first run, on a journal that never read this PBX's history, looks
 * back this far, so that a first start does not import years. */
#define FD_HISTORY_RECOVERY_FIRST_LOOK_BACK  (24 * 3600)
/* From= reaches back this far before the last check: a call that was
 * still going at that check started before it and ended after it. */
#define FD_HISTORY_RECOVERY_OVERLAP          3600

#define FD_TYPE_HISTORY_RECOVERY (fd_history_recovery_get_type ())
G_DECLARE_FINAL_TYPE (FdHistoryRecovery, fd_history_recovery, FD, HISTORY_RECOVERY, GObject)

/*
 * Reads the PBX's own call history (GetCallHistory on XE, ListCallHistory
 * on Ozeki 10, chosen as call control does: the XE name first, the other
 * after a code 301) and journals the ended calls the poller never saw,
 * with FD_JOURNAL_SOURCE_PBX_HISTORY, once each. The time of the last
 * good read is kept in the journal's meta table, per PBX.
 *
 * Properties: "client", "journal" (construct-only), "tracker" (nullable:
 * its live calls are left to the poller), "pbx" (nullable: the PBX name
 * the journal rows carry, as the poller's rows do; NULL as
 * fd_journal_add() stores it), "interval" (seconds between two reads),
 * "error" (a sentence about the last read, NULL when it went well),
 * "running" (a read in flight), "n-added" (calls added since creation).
 *
 * Signal "finished" (guint added): after every read, good or not.
 */

FdHistoryRecovery *fd_history_recovery_new        (FdClient          *client,
                                                   FdJournal         *journal);
void               fd_history_recovery_set_tracker (FdHistoryRecovery *self,
                                                   FdCallTracker     *tracker);
void               fd_history_recovery_set_pbx    (FdHistoryRecovery *self,
                                                   const char        *pbx);
double             fd_history_recovery_get_interval (FdHistoryRecovery *self);
void               fd_history_recovery_set_interval (FdHistoryRecovery *self,
                                                   double             seconds);
const char        *fd_history_recovery_get_error  (FdHistoryRecovery *self);
gboolean           fd_history_recovery_is_running (FdHistoryRecovery *self);
guint64            fd_history_recovery_get_n_added (FdHistoryRecovery *self);

/* A read now, and one every "interval" from then on. */
void               fd_history_recovery_start      (FdHistoryRecovery *self);
void               fd_history_recovery_stop       (FdHistoryRecovery *self);
/* A read now (or right after the one in flight). */
void               fd_history_recovery_run        (FdHistoryRecovery *self);
/* What to call when the PBX answers again after an outage. */
void               fd_history_recovery_connection_restored (FdHistoryRecovery *self);
/* Takes @poller's tracker, starts (fd_history_recovery_start()) the
 * first time @poller is online, and calls connection_restored() whenever
 * it is back online after being offline or refused. */
void               fd_history_recovery_follow_poller (FdHistoryRecovery *self,
                                                   FdPoller          *poller);

G_END_DECLS
