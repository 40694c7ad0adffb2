/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-call-tracker.h"
#include "fd-client.h"
#include "fd-enums.h"
#include "fd-journal.h"
#include "fd-namer.h"
#include "fd-poller.h"

G_BEGIN_DECLS

#define FD_TYPE_DESK (fd_desk_get_type ())
G_DECLARE_FINAL_TYPE (FdDesk, fd_desk, FD, DESK, GObject)

/*
 * The front desk as the views see it: one object owning the poller, the
 * tracker and the journal, between the core and the tray, pages and
 * notifier (in the spirit of Text Editor's EditorSession).
 *
 * Properties (read-only): "client", "tracker", "poller", "journal" (NULL
 * when none could be opened), "calls" (a GListModel of the active FdCall
 * objects, in arrival order), "connection-state" (FdConnectionState),
 * "connection-error" (the poller's last sentence, NULL while it works),
 * "n-calls", "n-ringing", "missed-count" (unhandled missed calls of the
 * journal; without one, this session's since fd_desk_reset_missed()),
 * "journal-error" (a sentence, NULL while the journal works). The
 * history is read a page at a time with fd_desk_read_history_async().
 *
 * The desk's writes (a call that ended, fd_desk_set_handled(),
 * fd_desk_set_note(), fd_desk_mark_all_handled(), fd_desk_prune()) run on an FdJournalWorker's thread, so a slow disk
 * never holds the main loop; the journal's "changed" follows each one in
 * the main context.
 *
 * Signal "call-ended" (FdCall *call, FdCallOutcome outcome, gint64
 * journal_id): after the call was written to the journal, in the main
 * context; journal_id is 0 when it could not be (then "journal-error" says
 * why) or there is no journal (then at once); negative while the call
 * waits in the PostgreSQL journal's outbox (no entry to mark handled yet).
 */

FdDesk            *fd_desk_new                  (FdClient  *client);
FdClient          *fd_desk_get_client           (FdDesk    *self);
FdCallTracker     *fd_desk_get_tracker          (FdDesk    *self);
FdPoller          *fd_desk_get_poller           (FdDesk    *self);
FdJournal         *fd_desk_get_journal          (FdDesk    *self);
void               fd_desk_set_journal          (FdDesk    *self,
                                                 FdJournal *journal);
GListModel        *fd_desk_get_calls            (FdDesk    *self);
FdConnectionState  fd_desk_get_connection_state (FdDesk    *self);
const char        *fd_desk_get_connection_error (FdDesk    *self);
guint              fd_desk_get_n_calls          (FdDesk    *self);
guint              fd_desk_get_n_ringing        (FdDesk    *self);
guint              fd_desk_get_missed_count     (FdDesk    *self);
const char        *fd_desk_get_journal_error    (FdDesk    *self);
void               fd_desk_set_journal_error    (FdDesk    *self,
                                                 const char *sentence);
/* Names the calls of every snapshot (the application gives it the
 * directory and labels; the desk gives it its journal). */
FdNamer           *fd_desk_get_namer            (FdDesk    *self);
void               fd_desk_read_history_async   (FdDesk              *self,
                                                 FdJournalFilter      filter,
                                                 const char          *search,
                                                 gint64               after_id,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray         *fd_desk_read_history_finish  (FdDesk              *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void               fd_desk_set_handled          (FdDesk    *self,
                                                 gint64     id,
                                                 gboolean   handled);
void               fd_desk_set_user_name        (FdDesk    *self,
                                                 const char *name);
void               fd_desk_set_note             (FdDesk    *self,
                                                 gint64     id,
                                                 const char *note);
void               fd_desk_mark_all_handled     (FdDesk    *self);
void               fd_desk_prune                (FdDesk    *self,
                                                 guint      retention_days);
void               fd_desk_wait_for_writes      (FdDesk    *self);
void               fd_desk_reset_missed         (FdDesk    *self);
void               fd_desk_refresh_missed       (FdDesk    *self);

G_END_DECLS
