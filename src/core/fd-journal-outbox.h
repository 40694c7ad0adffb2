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

/* A mark made while the server was away: set_handled ("handled"),
 * set_handled_by ("handled-by", @text the name) or set_note ("note").
 * @target is the server's id, or minus the outbox id of a call that still
 * waits here; @time when it was made (NULL for a note or an unmark). */
typedef struct {
  gint64      target;
  const char *kind;
  gboolean    handled;
  const char *text;
  const char *time;
} FdJournalOutboxMark;

/* Sends one mark the normal way; FALSE with @error set. A
 * FD_JOURNAL_ERROR_NOT_FOUND drops the mark (the call was deleted). */
typedef gboolean (*FdJournalOutboxMarkFunc) (gpointer                    data,
                                             const FdJournalOutboxMark  *mark,
                                             GError                    **error);

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
                                                   FdJournalOutboxMarkFunc  send_mark,
                                                   gpointer                 data);
gboolean         fd_journal_outbox_add_mark       (FdJournalOutbox            *self,
                                                   const FdJournalOutboxMark  *mark,
                                                   GError                    **error);
guint            fd_journal_outbox_get_n_marks    (FdJournalOutbox   *self);
/* Whether the outbox call @outbox_id (> 0) still waits here. */
gboolean         fd_journal_outbox_has_call       (FdJournalOutbox   *self,
                                                   gint64             outbox_id);
/* The server's id of the outbox call @outbox_id once it was sent, or 0. */
gint64           fd_journal_outbox_lookup_sent    (FdJournalOutbox   *self,
                                                   gint64             outbox_id);
/* @entry with the marks waiting for its id applied: (transfer full). */
FdJournalEntry  *fd_journal_outbox_apply_marks    (FdJournalOutbox   *self,
                                                   FdJournalEntry    *entry);

G_END_DECLS
