/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-call-tracker.h"
#include "fd-call.h"
#include "fd-journal-entry.h"

G_BEGIN_DECLS

#define FD_JOURNAL_ERROR (fd_journal_error_quark ())

typedef enum {
  FD_JOURNAL_ERROR_FAILED,          /* SQLite, the disk or the database server failed */
  FD_JOURNAL_ERROR_NOT_A_JOURNAL,   /* not a database, or another program's database */
  FD_JOURNAL_ERROR_CORRUPT,         /* a Frontdesk journal SQLite reports damaged */
  FD_JOURNAL_ERROR_TOO_NEW,         /* written by a newer Frontdesk */
  FD_JOURNAL_ERROR_NOT_FOUND,       /* no entry with that id */
  FD_JOURNAL_ERROR_UNREACHABLE,     /* no database server answered (down, restarting, no network) */
} FdJournalError;

const char     *fd_journal_source_to_string        (FdJournalSource source);

typedef enum {
  FD_JOURNAL_FILTER_ALL,
  FD_JOURNAL_FILTER_MISSED,
  FD_JOURNAL_FILTER_ANSWERED,
} FdJournalFilter;

/* The schema version this build writes (PRAGMA user_version). */
#define FD_JOURNAL_SCHEMA_VERSION 3

#define FD_TYPE_JOURNAL (fd_journal_get_type ())
G_DECLARE_FINAL_TYPE (FdJournal, fd_journal, FD, JOURNAL, GObject)

/*
 * The call journal: every ended call, in an SQLite file or a PostgreSQL
 * database (fd_journal_open_uri()). Several processes may open the same
 * journal (the app writes, `frontdesk --history` reads; on PostgreSQL,
 * several desks and recorders write).
 *
 * Signal "changed" (gint64 id): after a write committed. id is the row
 * added or whose handled flag or note changed, or 0 when several rows
 * changed (fd_journal_mark_all_handled(), fd_journal_prune()) or when it
 * is not known which. Writes made through this object emit it before the
 * call returns. On SQLite that is all: other processes' writes are not
 * seen. On PostgreSQL, other processes' writes are announced too (LISTEN/
 * NOTIFY on a second connection, watched in the thread-default main
 * context of the thread that opened the journal), usually within
 * milliseconds; and, with id 0, once the listening connection is back
 * after the server was away, since notices may have been missed.
 */

GQuark          fd_journal_error_quark             (void);
char           *fd_journal_dup_default_path        (void);

FdJournal      *fd_journal_open                    (const char      *path,
                                                    GError         **error);
const char     *fd_journal_get_path                (FdJournal       *self);
FdJournal      *fd_journal_reopen                  (FdJournal       *self,
                                                    GError         **error);

gint64          fd_journal_add                     (FdJournal       *self,
                                                    FdCall          *call,
                                                    FdCallOutcome    outcome,
                                                    GDateTime       *ended_time,
                                                    GError         **error);
gint64          fd_journal_add_full                (FdJournal       *self,
                                                    FdCall          *call,
                                                    FdCallOutcome    outcome,
                                                    GDateTime       *ended_time,
                                                    FdJournalSource  source,
                                                    const char      *pbx,
                                                    GError         **error);
guint           fd_journal_get_n_waiting           (FdJournal       *self);
guint           fd_journal_get_n_marks_waiting     (FdJournal       *self);
FdJournalEntry *fd_journal_lookup                  (FdJournal       *self,
                                                    gint64           id,
                                                    GError         **error);
GPtrArray      *fd_journal_list                    (FdJournal       *self,
                                                    FdJournalFilter  filter,
                                                    const char      *search,
                                                    guint            limit,
                                                    GError         **error);
GPtrArray      *fd_journal_list_after              (FdJournal       *self,
                                                    FdJournalFilter  filter,
                                                    const char      *search,
                                                    gint64           after_id,
                                                    guint            limit,
                                                    GError         **error);
/* Whether fd_journal_list()'s @search finds @entry, as the journal's own
 * search does: a view that adds a row from "changed" asks this. */
gboolean        fd_journal_entry_matches           (FdJournalEntry  *entry,
                                                    const char      *search);

gboolean        fd_journal_set_handled             (FdJournal       *self,
                                                    gint64           id,
                                                    gboolean         handled,
                                                    GError         **error);
gboolean        fd_journal_set_handled_by          (FdJournal       *self,
                                                    gint64           id,
                                                    const char      *handled_by,
                                                    GError         **error);
gboolean        fd_journal_set_note                (FdJournal       *self,
                                                    gint64           id,
                                                    const char      *note,
                                                    GError         **error);
char           *fd_journal_dup_recorder_name       (void);
char           *fd_journal_dup_handler_name        (const char      *user_name);
gboolean        fd_journal_mark_all_handled        (FdJournal       *self,
                                                    GError         **error);
guint           fd_journal_count_unhandled_missed  (FdJournal       *self,
                                                    GError         **error);
gboolean        fd_journal_prune                   (FdJournal       *self,
                                                    guint            retention_days,
                                                    GError         **error);

/* fd-journal-meta.c: a key/value table of the journal's own facts, and
 * the looser look-up the PBX's history needs. */
char           *fd_journal_dup_meta                (FdJournal       *self,
                                                    const char      *key,
                                                    GError         **error);
gboolean        fd_journal_set_meta                (FdJournal       *self,
                                                    const char      *key,
                                                    const char      *value,
                                                    GError         **error);
GHashTable     *fd_journal_dup_meta_with_prefix    (FdJournal       *self,
                                                    const char      *prefix,
                                                    GError         **error);
gboolean        fd_journal_has_call_near           (FdJournal       *self,
                                                    FdCall          *call,
                                                    const char      *pbx,
                                                    gboolean        *found,
                                                    GError         **error);

/* fd-journal-reached.c: a missed call whose number got through later is
 * handled, by this name (stored in handled_by as it is, in English, like
 * the name of a person: scripts reading --history --json can test it). */
#define FD_JOURNAL_REACHED_LATER "reached later"
gboolean        fd_journal_mark_reached_later      (FdJournal       *self,
                                                    FdCall          *answered,
                                                    GDateTime       *until,
                                                    const char      *region,
                                                    guint           *n_marked,
                                                    GError         **error);

G_END_DECLS
