/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-backend.h"
#include "fd-journal-private.h"
#include "fd-client.h"
#include "fd-json.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include <errno.h>
#include <math.h>
#include <string.h>

/* Cached statements, prepared on first use. */
typedef enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_INSERT,
  STMT_FIND_SAME,
  STMT_UPDATE_MERGED,
  STMT_SET_NOTE,
  STMT_SET_HANDLED_BY,
  STMT_LOOKUP,
  STMT_LIST_ALL,
  STMT_LIST_MISSED,
  STMT_LIST_ANSWERED,
  STMT_LIST_ALL_AFTER,
  STMT_LIST_MISSED_AFTER,
  STMT_LIST_ANSWERED_AFTER,
  STMT_EXISTS,
  STMT_SET_HANDLED,
  STMT_MARK_ALL_HANDLED,
  STMT_COUNT_UNHANDLED_MISSED,
  STMT_PRUNE,
  N_STMTS
} StmtId;

#define NEWEST_FIRST " ORDER BY end_time DESC, id DESC"
/* The rows after ?1's in NEWEST_FIRST order: a page that starts where the
 * last one ended, found through the calls_end_time index (whose entries
 * are (end_time, rowid)) rather than by counting the rows before it. */
#define AFTER_ROW "(end_time, id) < (SELECT end_time, id FROM calls WHERE id = ?1)"

/* BEGIN IMMEDIATE takes the write lock at once, so a second writer waits
 * in busy_timeout at the start rather than failing at COMMIT. */
static const char *const statement_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_INSERT] =
    "INSERT INTO calls (call_id, state, source, caller_id, destination, caller_dialed, "
    "callee_dialed, start_time, end_time, ring_seconds, talk_seconds, outcome, handled, "
    "entry_source, recorded_by, pbx, caller_name, callee_name, caller_name_source, "
    "callee_name_source, search_text) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20)",
  /* The same call journaled again: the unique key of schema version 2. */
  [STMT_FIND_SAME] =
    "SELECT id FROM calls WHERE call_id = ?1 AND start_time = ?2 AND pbx = ?3",
  /* Who first wrote the row, and from where, stay; the call's fields are
   * the merge of both sightings (merge_calls()). */
  [STMT_UPDATE_MERGED] =
    "UPDATE calls SET state = ?2, source = ?3, caller_id = ?4, destination = ?5, "
    "caller_dialed = ?6, callee_dialed = ?7, end_time = ?9, ring_seconds = ?10, "
    "talk_seconds = ?11, outcome = ?12, caller_name = ?16, callee_name = ?17, "
    "caller_name_source = ?18, callee_name_source = ?19, search_text = ?20 WHERE id = ?21",
  [STMT_SET_NOTE] = "UPDATE calls SET note = ?2 WHERE id = ?1",
  [STMT_SET_HANDLED_BY] =
    "UPDATE calls SET handled = 1, handled_time = ?3, handled_by = ?2 WHERE id = ?1",
  [STMT_LOOKUP] = SELECT_ENTRY "WHERE id = ?1",
  [STMT_LIST_ALL] = SELECT_ENTRY NEWEST_FIRST,
  [STMT_LIST_MISSED] = SELECT_ENTRY "WHERE outcome = 'missed'" NEWEST_FIRST,
  [STMT_LIST_ANSWERED] = SELECT_ENTRY "WHERE outcome = 'answered'" NEWEST_FIRST,
  [STMT_LIST_ALL_AFTER] = SELECT_ENTRY "WHERE " AFTER_ROW NEWEST_FIRST,
  [STMT_LIST_MISSED_AFTER] = SELECT_ENTRY "WHERE outcome = 'missed' AND " AFTER_ROW NEWEST_FIRST,
  [STMT_LIST_ANSWERED_AFTER] = SELECT_ENTRY "WHERE outcome = 'answered' AND " AFTER_ROW NEWEST_FIRST,
  [STMT_EXISTS] = "SELECT 1 FROM calls WHERE id = ?1",
  [STMT_SET_HANDLED] =
    "UPDATE calls SET handled = ?2, handled_time = ?3, handled_by = NULL "
    "WHERE id = ?1 AND handled != ?2",
  [STMT_MARK_ALL_HANDLED] =
    "UPDATE calls SET handled = 1, handled_time = ?1, handled_by = NULL "
    "WHERE outcome = 'missed' AND handled = 0",
  [STMT_COUNT_UNHANDLED_MISSED] =
    "SELECT count(*) FROM calls WHERE outcome = 'missed' AND handled = 0",
  [STMT_PRUNE] = "DELETE FROM calls WHERE end_time < ?1",
};

/* How long a reader or writer waits for another process's lock. */
#define BUSY_TIMEOUT_MS 5000

typedef struct {
  FdJournalBackend  parent;

  /* Owned */
  sqlite3          *db;
  sqlite3_stmt     *stmts[N_STMTS];
} FdJournalSqlite;

/* A statement in use: g_autoptr(Stmt) resets it when it goes out of scope,
 * so a SELECT never keeps its read transaction open (which would hold up
 * checkpoints). */
typedef sqlite3_stmt Stmt;

static void
stmt_release (Stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, stmt_release)

static gboolean
set_db_error (FdJournalSqlite *self,
              GError     **error,
              const char  *doing)
{
  return fd_journal_set_sqlite_error (self->db, self->parent.path, error, doing);
}

static Stmt *
get_stmt (FdJournalSqlite *self,
          StmtId      which,
          GError    **error)
{
  g_assert (which < N_STMTS);

  if (self->stmts[which] == NULL &&
      sqlite3_prepare_v3 (self->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                          &self->stmts[which], NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "read");
      return NULL;
    }
  return self->stmts[which];
}

static gboolean
step_done (FdJournalSqlite *self,
           Stmt       *stmt,
           const char *doing,
           GError    **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  return set_db_error (self, error, doing);
}

static gboolean
run_stmt (FdJournalSqlite *self,
          StmtId      which,
          const char *doing,
          GError    **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, which, error);

  return stmt != NULL && step_done (self, stmt, doing, error);
}

static gboolean
begin (FdJournalSqlite *self,
       GError    **error)
{
  return run_stmt (self, STMT_BEGIN, "write to", error);
}

static gboolean
commit (FdJournalSqlite *self,
        GError    **error)
{
  return run_stmt (self, STMT_COMMIT, "write to", error);
}

/* After a failure. Some errors (disk full, I/O) already rolled back. */
static void
rollback (FdJournalSqlite *self)
{
  if (!sqlite3_get_autocommit (self->db))
    run_stmt (self, STMT_ROLLBACK, "roll back", NULL);
}

static void
emit_changed (FdJournalSqlite *self,
              gint64           id)
{
  fd_journal_emit_changed (self->parent.owner, id);
}

static gboolean
open_database (FdJournalSqlite *self,
               GError    **error)
{
  int rc = sqlite3_open_v2 (self->parent.path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                   _("Could not open the call journal %s: %s."), self->parent.path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

static void
sqlite_free (FdJournalBackend *backend)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  /* The last connection to close checkpoints and removes the WAL file. */
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->parent.path, g_free);
  g_free (self);
}

sqlite3 *
fd_journal_sqlite_get_db (FdJournalBackend *backend)
{
  return ((FdJournalSqlite *) backend)->db;
}

static FdJournalEntry *sqlite_lookup (FdJournalBackend  *backend,
                                       gint64             id,
                                       GError           **error);

static gboolean
insert_call (FdJournalSqlite *self,
             FdCall          *call,
             FdCallOutcome    outcome,
             GDateTime       *ended_time,
             FdJournalSource  source,
             const char      *pbx,
             GError         **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, STMT_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  fd_journal_bind_call (stmt, call, outcome, ended_time);
  sqlite3_bind_text (stmt, 13, fd_journal_source_to_string (source), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, fd_journal_dup_recorder_name (), -1, g_free);
  sqlite3_bind_text (stmt, 15, pbx, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, "write to", error);
}

/* The row of the same call (CallId, start time, PBX), or 0. A call with
 * no start time is never merged: a reused CallId would be all that
 * matched. */
static gboolean
find_same_call (FdJournalSqlite *self,
                FdCall      *call,
                const char  *pbx,
                gint64      *id,
                GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  *id = 0;
  if (fd_call_get_start_time (call) == NULL)
    return TRUE;
  if ((stmt = get_stmt (self, STMT_FIND_SAME, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fd_call_get_id (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fd_json_format_call_time (call), -1, g_free);
  sqlite3_bind_text (stmt, 3, pbx, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return set_db_error (self, error, "read");
  return TRUE;
}

static double
longer (double a,
        double b)
{
  return MAX (a, b);   /* FD_CALL_NO_DURATION is below any real duration */
}

/* Two sightings of one call (the poller, then the PBX's history; or a
 * restart): answered wins over missed, the longest durations win, the
 * later end wins, and a name either one knew is kept. */
static gboolean
merge_into (FdJournalSqlite *self,
            gint64          id,
            FdCall         *call,
            FdCallOutcome   outcome,
            GDateTime      *ended_time,
            GError        **error)
{
  g_autoptr(FdJournalEntry) old = sqlite_lookup (&self->parent, id, error);
  g_autoptr(FdCall) merged = NULL;
  g_autoptr(Stmt) stmt = NULL;
  FdCall *before;

  if (old == NULL || (stmt = get_stmt (self, STMT_UPDATE_MERGED, error)) == NULL)
    return FALSE;
  before = fd_journal_entry_get_call (old);
  merged = fd_call_copy (call);
  fd_call_set_ring_seconds (merged, longer (fd_call_get_ring_seconds (call),
                                            fd_call_get_ring_seconds (before)));
  fd_call_set_talk_seconds (merged, longer (fd_call_get_talk_seconds (call),
                                            fd_call_get_talk_seconds (before)));
  if (fd_call_get_caller_name (merged) == NULL)
    fd_call_set_caller_name (merged, fd_call_get_caller_name (before),
                             fd_call_get_caller_name_source (before));
  if (fd_call_get_callee_name (merged) == NULL)
    fd_call_set_callee_name (merged, fd_call_get_callee_name (before),
                             fd_call_get_callee_name_source (before));
  if (fd_journal_entry_get_outcome (old) == FD_CALL_OUTCOME_ANSWERED)
    outcome = FD_CALL_OUTCOME_ANSWERED;
  if (g_date_time_compare (fd_journal_entry_get_ended_time (old), ended_time) > 0)
    ended_time = fd_journal_entry_get_ended_time (old);

  fd_journal_bind_call (stmt, merged, outcome, ended_time);
  sqlite3_bind_int64 (stmt, 21, id);
  return step_done (self, stmt, "write to", error);
}

static gint64
add_or_merge (FdJournalSqlite *self,
              FdCall          *call,
              FdCallOutcome    outcome,
              GDateTime       *ended_time,
              FdJournalSource  source,
              const char      *pbx,
              GError         **error)
{
  gint64 id = 0;

  if (!find_same_call (self, call, pbx, &id, error))
    return 0;
  if (id > 0)
    return merge_into (self, id, call, outcome, ended_time, error) ? id : 0;
  if (!insert_call (self, call, outcome, ended_time, source, pbx, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/* In a transaction of its own: once this returns, the call survives the
 * process being killed. */
static gint64
sqlite_add_full (FdJournalBackend  *backend,
                 FdCall            *call,
                 FdCallOutcome      outcome,
                 GDateTime         *ended_time,
                 FdJournalSource    source,
                 const char        *pbx,
                 GError           **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;
  gint64 id;

  if (!begin (self, error))
    return 0;
  if ((id = add_or_merge (self, call, outcome, ended_time, source, pbx, error)) == 0 ||
      !commit (self, error))
    {
      rollback (self);
      return 0;
    }
  emit_changed (self, id);
  return id;
}

/* The backend of fd_journal_lookup():
 *
 * Returns: (transfer full): the entry, or NULL with FD_JOURNAL_ERROR_NOT_FOUND
 *   when there is none with @id (pruned, say)
 */
static FdJournalEntry *
sqlite_lookup (FdJournalBackend *backend,
                   gint64      id,
                   GError    **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;
  g_autoptr(Stmt) stmt = NULL;
  int rc;


  if ((stmt = get_stmt (self, STMT_LOOKUP, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return fd_journal_entry_from_row (stmt);
  if (rc != SQLITE_DONE)
    set_db_error (self, error, "read");
  else
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND,
                 _("The call journal has no call %lld."), (long long) id);
  return NULL;
}

static StmtId
list_stmt_for (FdJournalFilter filter,
               gboolean        after)
{
  switch (filter)
    {
    case FD_JOURNAL_FILTER_MISSED:
      return after ? STMT_LIST_MISSED_AFTER : STMT_LIST_MISSED;
    case FD_JOURNAL_FILTER_ANSWERED:
      return after ? STMT_LIST_ANSWERED_AFTER : STMT_LIST_ANSWERED;
    case FD_JOURNAL_FILTER_ALL:
    default:
      return after ? STMT_LIST_ALL_AFTER : STMT_LIST_ALL;
    }
}

/* Names ignoring accents, case, spaces and punctuation: "Szabo Agnes"
 * finds "Szabó-Ágnes". Rows of schema version 1 have no stored text. */
static gboolean
matches_folded (Stmt           *stmt,
                FdJournalEntry *entry,
                const char     *folded)
{
  const char *stored = (const char *) sqlite3_column_text (stmt, COL_SEARCH_TEXT);
  g_autofree char *computed = NULL;

  if (folded == NULL || *folded == '\0')
    return FALSE;
  if (stored == NULL)
    stored = computed = fd_journal_search_text_for (fd_journal_entry_get_call (entry));
  return strstr (stored, folded) != NULL;
}

/* The backend of fd_journal_list_after(). */
static GPtrArray *
sqlite_list (FdJournalBackend *backend,
             FdJournalFilter   filter,
             const char       *search,
             gint64            after_id,
             guint             limit,
             GError          **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autofree char *folded = NULL;
  int rc = SQLITE_DONE;


  if ((stmt = get_stmt (self, list_stmt_for (filter, after_id != 0), error)) == NULL)
    return NULL;
  if (after_id != 0)
    sqlite3_bind_int64 (stmt, 1, after_id);

  /* The search runs here rather than in SQL: LIKE folds only ASCII case,
   * and "Ágnes" must find "ÁGNES". */
  folded = search != NULL ? fd_journal_fold_text (search) : NULL;
  entries = g_ptr_array_new_with_free_func (g_object_unref);
  while ((limit == 0 || entries->len < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FdJournalEntry) entry = fd_journal_entry_from_row (stmt);

      if (fd_call_matches (fd_journal_entry_get_call (entry), search) ||
          matches_folded (stmt, entry, folded))
        g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, "read");
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static gboolean
row_exists (FdJournalSqlite *self,
            gint64      id,
            gboolean   *exists,
            GError    **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, STMT_EXISTS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, error, "read");
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Sets *n_changed to the rows whose flag changed; none is not an error,
 * a missing row is. */
static gboolean
update_handled (FdJournalSqlite *self,
                gint64      id,
                gboolean    handled,
                int        *n_changed,
                GError    **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, STMT_SET_HANDLED, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean exists = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, handled ? 1 : 0);
  fd_journal_bind_time (stmt, 3, handled ? now : NULL);
  if (!step_done (self, stmt, "write to", error))
    return FALSE;
  *n_changed = sqlite3_changes (self->db);
  if (*n_changed > 0)
    return TRUE;

  if (!row_exists (self, id, &exists, error))
    return FALSE;
  if (!exists)
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND,
                 _("The call journal has no call %lld."), (long long) id);
  return exists;
}

/* The backend of fd_journal_set_handled():
 *
 * Marks one entry handled (with the time now) or not handled. Setting the
 * flag it already has changes nothing and emits nothing.
 */
static gboolean
sqlite_set_handled (FdJournalBackend *backend,
                        gint64      id,
                        gboolean    handled,
                        GError    **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;
  int n_changed = 0;


  if (!begin (self, error))
    return FALSE;
  if (!update_handled (self, id, handled, &n_changed, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  if (n_changed > 0)
    emit_changed (self, id);
  return TRUE;
}

/* A one-row UPDATE of @which (?1 the id, ?2 @text, ?3 now) in a
 * transaction; "" is stored as NULL ("none"); a missing row is
 * FD_JOURNAL_ERROR_NOT_FOUND. */
static gboolean
update_one (FdJournalSqlite *self,
            StmtId       which,
            gint64       id,
            const char  *text,
            GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (text != NULL && *text == '\0')
    text = NULL;
  if (!begin (self, error))
    return FALSE;
  if ((stmt = get_stmt (self, which, error)) == NULL)
    {
      rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  fd_journal_bind_time (stmt, 3, now);
  if (!step_done (self, stmt, "write to", error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND,
                   _("The call journal has no call %lld."), (long long) id);
      return FALSE;
    }
  emit_changed (self, id);
  return TRUE;
}

/* The backend of fd_journal_set_handled_by():
 * @handled_by: (nullable): who handled it, as a person names themselves
 *   (the app passes its `user-name` setting); NULL for nobody in particular
 *
 * Marks an entry handled now by @handled_by, again if it already was: the
 * last person to handle it is the one to ask.
 */
static gboolean
sqlite_set_handled_by (FdJournalBackend *backend,
                           gint64       id,
                           const char  *handled_by,
                           GError     **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;

  return update_one (self, STMT_SET_HANDLED_BY, id, handled_by, error);
}

/* The backend of fd_journal_set_note():
 * @note: (nullable): free text; NULL or "" removes the note
 */
static gboolean
sqlite_set_note (FdJournalBackend *backend,
                     gint64       id,
                     const char  *note,
                     GError     **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;

  return update_one (self, STMT_SET_NOTE, id, note, error);
}

/* Runs one cached write statement, whose ?1 (if any) is now, in a
 * transaction. Emits "changed" (0) when rows changed. */
static gboolean
run_bulk_write (FdJournalSqlite *self,
                StmtId      which,
                GDateTime  *time,
                GError    **error)
{
  g_autoptr(Stmt) stmt = NULL;
  int n_changed;

  if (!begin (self, error))
    return FALSE;
  if ((stmt = get_stmt (self, which, error)) == NULL)
    {
      rollback (self);
      return FALSE;
    }
  fd_journal_bind_time (stmt, 1, time);
  if (!step_done (self, stmt, "write to", error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  n_changed = sqlite3_changes (self->db);
  g_debug ("%s: %d rows changed", statement_sql[which], n_changed);
  if (n_changed > 0)
    emit_changed (self, 0);
  return TRUE;
}

static gboolean
sqlite_mark_all_handled (FdJournalBackend  *backend,
                         GDateTime         *now,
                         GError           **error)
{
  return run_bulk_write ((FdJournalSqlite *) backend, STMT_MARK_ALL_HANDLED, now, error);
}

/* The backend of fd_journal_count_unhandled_missed():
 *
 * Returns: the missed calls not marked handled; 0 with @error set on failure
 */
static guint
sqlite_count_unhandled_missed (FdJournalBackend *backend,
                                   GError    **error)
{
  FdJournalSqlite *self = (FdJournalSqlite *) backend;
  g_autoptr(Stmt) stmt = NULL;


  if ((stmt = get_stmt (self, STMT_COUNT_UNHANDLED_MISSED, error)) == NULL)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, "read");
      return 0;
    }
  return (guint) sqlite3_column_int64 (stmt, 0);
}

static gboolean
sqlite_prune (FdJournalBackend  *backend,
              GDateTime         *cutoff,
              GError           **error)
{
  return run_bulk_write ((FdJournalSqlite *) backend, STMT_PRUNE, cutoff, error);
}

static const FdJournalBackendOps sqlite_ops = {
  .free = sqlite_free,
  .add_full = sqlite_add_full,
  .lookup = sqlite_lookup,
  .list = sqlite_list,
  .set_handled = sqlite_set_handled,
  .set_handled_by = sqlite_set_handled_by,
  .set_note = sqlite_set_note,
  .mark_all_handled = sqlite_mark_all_handled,
  .count_unhandled_missed = sqlite_count_unhandled_missed,
  .prune = sqlite_prune,
  .dup_meta = fd_journal_sqlite_dup_meta,
  .set_meta = fd_journal_sqlite_set_meta,
  .dup_meta_with_prefix = fd_journal_sqlite_dup_meta_with_prefix,
  .has_call_near = fd_journal_sqlite_has_call_near,
};

/* The backend of fd_journal_sqlite_open():
 * @path: the database file
 *
 * Opens the journal, creating it or updating its schema as needed. A file
 * that is not a journal, or one from a newer Frontdesk, is refused with a
 * sentence and left untouched.
 */
FdJournalBackend *
fd_journal_sqlite_open (const char  *path,
                        GError     **error)
{
  FdJournalSqlite *self = g_new0 (FdJournalSqlite, 1);

  self->parent.ops = &sqlite_ops;
  self->parent.path = g_strdup (path);
  if (!open_database (self, error) ||
      !fd_journal_schema_prepare (self->db, self->parent.path, error))
    {
      sqlite_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
