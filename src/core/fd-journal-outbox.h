/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PostgreSQL journal's outbox: calls that ended while the server could
 * not be reached, kept in a local SQLite journal until they are sent.
 * Journal files only. */

#include "fd-journal-backend.h"

G_BEGIN_DECLS

typedef struct _FdJournalOutbox FdJournalOutbox;

/* Sends one waiting call the normal way; the server's id (> 0), or 0
 * with @error set. */
typedef gint64 (*FdJournalOutboxSendFunc) (gpointer          data,
                                           FdJournalEntry   *entry,
                                           GError          **error);

char            *fd_journal_outbox_dup_path       (const char        *redacted_uri);
FdJournalOutbox *fd_journal_outbox_new            (const char        *redacted_uri);
void             fd_journal_outbox_free           (FdJournalOutbox   *self);
gint64           fd_journal_outbox_add            (FdJournalOutbox   *self,
                                                   FdCall            *call,
                                                   FdCallOutcome      outcome,
                                                   GDateTime         *ended_time,
                                                   FdJournalSource    source,
                                                   const char        *pbx,
                                                   GError           **error);
guint            fd_journal_outbox_get_n_waiting  (FdJournalOutbox   *self);
gboolean         fd_journal_outbox_replay         (FdJournalOutbox         *self,
                                                   FdJournalOutboxSendFunc  send,
                                                   gpointer                 data);

G_END_DECLS
