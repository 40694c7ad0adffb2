/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where FdJournal keeps its rows: an SQLite file (fd-journal-sqlite.c) or
 * a PostgreSQL database (fd-journal-pg-backend.c). FdJournal checks the
 * arguments, redacts the PBX address and emits "changed"; a backend only
 * reads and writes. Journal files only. */

#include "fd-journal.h"

G_BEGIN_DECLS

typedef struct _FdJournalBackend FdJournalBackend;

typedef struct {
  void            (*free)                   (FdJournalBackend  *self);
  /* @pbx is already redacted, "" when not known; @ended_time is set. */
  gint64          (*add_full)               (FdJournalBackend  *self,
                                             FdCall            *call,
                                             FdCallOutcome      outcome,
                                             GDateTime         *ended_time,
                                             FdJournalSource    source,
                                             const char        *pbx,
                                             GError           **error);
  FdJournalEntry *(*lookup)                 (FdJournalBackend  *self,
                                             gint64             id,
                                             GError           **error);
  GPtrArray      *(*list)                   (FdJournalBackend  *self,
                                             FdJournalFilter    filter,
                                             const char        *search,
                                             gint64             after_id,
                                             guint              limit,
                                             GError           **error);
  gboolean        (*set_handled)            (FdJournalBackend  *self,
                                             gint64             id,
                                             gboolean           handled,
                                             GError           **error);
  gboolean        (*set_handled_by)         (FdJournalBackend  *self,
                                             gint64             id,
                                             const char        *handled_by,
                                             GError           **error);
  gboolean        (*set_note)               (FdJournalBackend  *self,
                                             gint64             id,
                                             const char        *note,
                                             GError           **error);
  gboolean        (*mark_all_handled)       (FdJournalBackend  *self,
                                             GDateTime         *now,
                                             GError           **error);
  guint           (*count_unhandled_missed) (FdJournalBackend  *self,
                                             GError           **error);
  gboolean        (*prune)                  (FdJournalBackend  *self,
                                             GDateTime         *cutoff,
                                             GError           **error);
  char           *(*dup_meta)               (FdJournalBackend  *self,
                                             const char        *key,
                                             GError           **error);
  gboolean        (*set_meta)               (FdJournalBackend  *self,
                                             const char        *key,
                                             const char        *value,
                                             GError           **error);
  /* One query: every key starting with @prefix (cut off) -> its value. */
  GHashTable     *(*dup_meta_with_prefix)   (FdJournalBackend  *self,
                                             const char        *prefix,
                                             GError           **error);
  /* @pbx is already redacted; @call has a start time. */
  gboolean        (*has_call_near)          (FdJournalBackend  *self,
                                             FdCall            *call,
                                             const char        *pbx,
                                             gboolean          *found,
                                             GError           **error);
  /* Nullable: calls kept locally until the database takes them. */
  guint           (*get_n_waiting)          (FdJournalBackend  *self);
  /* Nullable: marks and notes kept locally until the database takes them. */
  guint           (*get_n_marks_waiting)    (FdJournalBackend  *self);
} FdJournalBackendOps;

/* The first member of every backend's own struct. */
struct _FdJournalBackend
{
  const FdJournalBackendOps *ops;
  /* Unowned: the journal that owns this backend, for "changed". */
  FdJournal                 *owner;
  /* Owned: what fd_journal_get_path() returns; NULL when nothing can
   * be shown (never a password). */
  char                      *path;
};

/* Keeps the URI @self was opened from and the password given with it
 * (nullable), for fd_journal_reopen(). */
void              fd_journal_set_uri          (FdJournal         *self,
                                               const char        *uri,
                                               const char        *password);
/* Takes @backend; sets its owner. */
FdJournal        *fd_journal_new_for_backend  (FdJournalBackend  *backend);
/* Unowned: @self's backend. */
FdJournalBackend *fd_journal_get_backend      (FdJournal         *self);
/* Notifies "n-waiting" on @self. */
void              fd_journal_notify_n_waiting (FdJournal         *self);
/* Emits "changed" (@id, or 0 for several rows) on @self. */
void              fd_journal_emit_changed     (FdJournal         *self,
                                               gint64             id);

FdJournalBackend *fd_journal_sqlite_open      (const char        *path,
                                               GError           **error);
FdJournalBackend *fd_journal_pg_open          (const char        *uri,
                                               const char        *password,
                                               GError           **error);
/* Sends the calls a run before left waiting; once the journal is made. */
void              fd_journal_pg_replay_outbox (FdJournalBackend  *backend);

G_END_DECLS
