/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-journal.h"

G_BEGIN_DECLS

#define FD_TYPE_JOURNAL_WORKER (fd_journal_worker_get_type ())
G_DECLARE_FINAL_TYPE (FdJournalWorker, fd_journal_worker, FD, JOURNAL_WORKER, GObject)

/*
 * The journal's writes off the main thread: one worker thread with its own
 * FdJournal, opened there from "location" (a path or a journal URI, as
 * fd_journal_open_uri() takes it) at the first write. That thread is the
 * only user of that FdJournal, since the statements it caches are not
 * thread-safe; writes run one after the other in the order they were
 * asked for.
 *
 * Each call completes as a GTask in the thread-default main context of the
 * caller. Signal "changed" (gint64 id), in the main context the worker was
 * made in, after a write committed and before its callback runs: id as
 * FdJournal's "changed" gives it.
 */

FdJournalWorker *fd_journal_worker_new              (const char           *location);
FdJournalWorker *fd_journal_worker_new_for_journal  (FdJournal            *journal);
const char      *fd_journal_worker_get_location     (FdJournalWorker      *self);

void             fd_journal_worker_add_async        (FdJournalWorker      *self,
                                                     FdCall               *call,
                                                     FdCallOutcome         outcome,
                                                     FdJournalSource       source,
                                                     const char           *pbx,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gint64           fd_journal_worker_add_finish       (FdJournalWorker      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             fd_journal_worker_set_handled_async (FdJournalWorker     *self,
                                                     gint64                id,
                                                     gboolean              handled,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void             fd_journal_worker_set_handled_by_async (FdJournalWorker *self,
                                                     gint64                id,
                                                     const char           *handled_by,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void             fd_journal_worker_set_note_async   (FdJournalWorker      *self,
                                                     gint64                id,
                                                     const char           *note,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void             fd_journal_worker_mark_all_handled_async (FdJournalWorker *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void             fd_journal_worker_prune_async      (FdJournalWorker      *self,
                                                     guint                 retention_days,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         fd_journal_worker_write_finish     (FdJournalWorker      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             fd_journal_worker_list_async       (FdJournalWorker      *self,
                                                     FdJournalFilter       filter,
                                                     const char           *search,
                                                     gint64                after_id,
                                                     guint                 limit,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray       *fd_journal_worker_list_finish      (FdJournalWorker      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             fd_journal_worker_wait             (FdJournalWorker      *self);

G_END_DECLS
