/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the journal's own files only: not for the floors above. */

#include "fd-journal.h"

#include <sqlite3.h>

G_BEGIN_DECLS

#define SELECT_ENTRY \
  "SELECT id, call_id, state, source, caller_id, destination, caller_dialed, " \
  "callee_dialed, start_time, end_time, ring_seconds, talk_seconds, outcome, " \
  "handled, handled_time, note, handled_by, entry_source, recorded_by, pbx, " \
  "caller_name, callee_name, caller_name_source, callee_name_source, search_text FROM calls "

/* The columns of SELECT_ENTRY. */
enum {
  COL_ID,
  COL_CALL_ID,
  COL_STATE,
  COL_SOURCE,
  COL_CALLER_ID,
  COL_DESTINATION,
  COL_CALLER_DIALED,
  COL_CALLEE_DIALED,
  COL_START_TIME,
  COL_END_TIME,
  COL_RING_SECONDS,
  COL_TALK_SECONDS,
  COL_OUTCOME,
  COL_HANDLED,
  COL_HANDLED_TIME,
  COL_NOTE,
  COL_HANDLED_BY,
  COL_ENTRY_SOURCE,
  COL_RECORDED_BY,
  COL_PBX,
  COL_CALLER_NAME,
  COL_CALLEE_NAME,
  COL_CALLER_NAME_SOURCE,
  COL_CALLEE_NAME_SOURCE,
  COL_SEARCH_TEXT,
};


void            fd_journal_bind_time      (sqlite3_stmt  *stmt,
                                           int            index,
                                           GDateTime     *time);
void            fd_journal_bind_duration  (sqlite3_stmt  *stmt,
                                           int            index,
                                           double         seconds);
/* ?1–?12 and ?16–?20 of STMT_INSERT and STMT_UPDATE_MERGED. */
void            fd_journal_bind_call      (sqlite3_stmt  *stmt,
                                           FdCall        *call,
                                           FdCallOutcome  outcome,
                                           GDateTime     *ended_time);
/* The stored form of a time: UTC, fixed width, so text order is time order. */
char           *fd_journal_format_time    (GDateTime     *time);
FdJournalSource fd_journal_source_from_string (const char *text);
/* A row of SELECT_ENTRY. */
FdJournalEntry *fd_journal_entry_from_row (sqlite3_stmt  *stmt);

/* The SQLite backend's connection, and its meta table (fd-journal-meta.c). */
typedef struct _FdJournalBackend FdJournalBackend;
sqlite3    *fd_journal_sqlite_get_db         (FdJournalBackend  *backend);
char       *fd_journal_sqlite_dup_meta       (FdJournalBackend  *self,
                                              const char        *key,
                                              GError           **error);
gboolean    fd_journal_sqlite_set_meta       (FdJournalBackend  *self,
                                              const char        *key,
                                              const char        *value,
                                              GError           **error);
GHashTable *fd_journal_sqlite_dup_meta_with_prefix (FdJournalBackend *self,
                                                    const char       *prefix,
                                                    GError          **error);
gboolean    fd_journal_sqlite_has_call_near  (FdJournalBackend  *self,
                                              FdCall            *call,
                                              const char        *pbx,
                                              gboolean          *found,
                                              GError           **error);

gboolean    fd_journal_schema_prepare    (sqlite3     *db,
                                          const char  *path,
                                          GError     **error);
gboolean    fd_journal_set_sqlite_error  (sqlite3     *db,
                                          const char  *path,
                                          GError     **error,
                                          const char  *doing);
/* Whether the stored start time @stored is within a second of @start. */
gboolean    fd_journal_within_a_second   (const char  *stored,
                                          GDateTime   *start);
char       *fd_journal_fold_text         (const char  *text);
char       *fd_journal_search_text_for   (FdCall      *call);

G_END_DECLS
