/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal.h"
#include "fd-journal-private.h"
#include "fd-client.h"
#include "fd-json.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include <errno.h>
#include <math.h>
#include <string.h>

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  STMT_EXISTS,
  STMT_SET_HANDLED,
  STMT_MARK_ALL_HANDLED,
  STMT_COUNT_UNHANDLED_MISSED,
  STMT_PRUNE,
  N_STMTS
} StmtId;

#define NEWEST_FIRST " ORDER BY end_time DESC, id DESC"

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

struct _FdJournal
{
  GObject        parent_instance;

  /* Owned */
  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];
};

G_DEFINE_FINAL_TYPE (FdJournal, fd_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (fd-journal-error-quark, fd_journal_error)

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
set_db_error (FdJournal   *self,
              GError     **error,
              const char  *doing)
{
  return fd_journal_set_sqlite_error (self->db, self->path, error, doing);
}

static Stmt *
get_stmt (FdJournal  *self,
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
step_done (FdJournal  *self,
           Stmt       *stmt,
           const char *doing,
           GError    **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  return set_db_error (self, error, doing);
}

static gboolean
run_stmt (FdJournal  *self,
          StmtId      which,
          const char *doing,
          GError    **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, which, error);

  return stmt != NULL && step_done (self, stmt, doing, error);
}

static gboolean
begin (FdJournal  *self,
       GError    **error)
{
  return run_stmt (self, STMT_BEGIN, "write to", error);
}

static gboolean
commit (FdJournal  *self,
        GError    **error)
{
  return run_stmt (self, STMT_COMMIT, "write to", error);
}

/* After a failure. Some errors (disk full, I/O) already rolled back. */
static void
rollback (FdJournal *self)
{
  if (!sqlite3_get_autocommit (self->db))
    run_stmt (self, STMT_ROLLBACK, "roll back", NULL);
}

static void
emit_changed (FdJournal *self,
              gint64     id)
{
  g_object_ref (self);
  g_signal_emit (self, signals[CHANGED], 0, id);
  g_object_unref (self);
}

static char *
dup_default_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "frontdesk", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                   _("Could not create the folder %s for the call journal: %s."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static gboolean
open_database (FdJournal  *self,
               GError    **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                   _("Could not open the call journal %s: %s."), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

static void
fd_journal_finalize (GObject *object)
{
  FdJournal *self = (FdJournal *) object;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  /* The last connection to close checkpoints and removes the WAL file. */
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (fd_journal_parent_class)->finalize (object);
}

static void
fd_journal_class_init (FdJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_journal_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
fd_journal_init (FdJournal *self)
{
}

/**
 * fd_journal_dup_default_path:
 *
 * Returns: $XDG_DATA_HOME/frontdesk/journal.db
 */
char *
fd_journal_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "frontdesk", "journal.db", NULL);
}

/**
 * fd_journal_open:
 * @path: (nullable): the database file; NULL for the default, whose
 *   folder is created (mode 0700: phone numbers are personal data)
 *
 * Opens the journal, creating it or updating its schema as needed. A file
 * that is not a journal, or one from a newer Frontdesk, is refused with a
 * sentence and left untouched.
 */
FdJournal *
fd_journal_open (const char  *path,
                 GError     **error)
{
  g_autoptr(FdJournal) self = g_object_new (FD_TYPE_JOURNAL, NULL);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    {
      g_autofree char *dir = dup_default_dir (error);

      if (dir == NULL)
        return NULL;
      self->path = g_build_filename (dir, "journal.db", NULL);
    }
  else
    self->path = g_strdup (path);

  if (!open_database (self, error) || !fd_journal_schema_prepare (self->db, self->path, error))
    return NULL;
  return g_steal_pointer (&self);
}

sqlite3 *
fd_journal_get_db (FdJournal *self)
{
  return self->db;
}

const char *
fd_journal_get_path (FdJournal *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  return self->path;
}

static gboolean
insert_call (FdJournal       *self,
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
find_same_call (FdJournal   *self,
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
merge_into (FdJournal      *self,
            gint64          id,
            FdCall         *call,
            FdCallOutcome   outcome,
            GDateTime      *ended_time,
            GError        **error)
{
  g_autoptr(FdJournalEntry) old = fd_journal_lookup (self, id, error);
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
add_or_merge (FdJournal       *self,
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

/**
 * fd_journal_add_full:
 * @call: the call as last seen
 * @ended_time: (nullable): when it ended; NULL for now
 * @source: who saw it end
 * @pbx: (nullable): the PBX's URL; it is stored redacted (no password,
 *   no userinfo). NULL or "" when not known.
 *
 * Records an ended call in a transaction of its own: once this returns,
 * the call survives the process being killed. The same call (CallId,
 * start time and PBX) recorded again is merged into its row.
 *
 * Returns: the entry's id (> 0): the existing one for a merge; or 0 with
 *   @error set
 */
gint64
fd_journal_add_full (FdJournal        *self,
                     FdCall           *call,
                     FdCallOutcome     outcome,
                     GDateTime        *ended_time,
                     FdJournalSource   source,
                     const char       *pbx,
                     GError          **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *redacted = NULL;
  gint64 id;

  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);
  g_return_val_if_fail (FD_IS_CALL (call), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (ended_time == NULL)
    ended_time = now = g_date_time_new_now_utc ();
  /* "" rather than NULL: NULL marks the rows of schema 1, never merged. */
  redacted = pbx != NULL && *pbx != '\0' ? fd_redact_url (pbx) : g_strdup ("");

  if (!begin (self, error))
    return 0;
  if ((id = add_or_merge (self, call, outcome, ended_time, source, redacted, error)) == 0 ||
      !commit (self, error))
    {
      rollback (self);
      return 0;
    }
  emit_changed (self, id);
  return id;
}

/**
 * fd_journal_add:
 *
 * fd_journal_add_full() for a call the poller saw end, from a PBX not
 * named.
 */
gint64
fd_journal_add (FdJournal      *self,
                FdCall         *call,
                FdCallOutcome   outcome,
                GDateTime      *ended_time,
                GError        **error)
{
  return fd_journal_add_full (self, call, outcome, ended_time, FD_JOURNAL_SOURCE_POLL, NULL,
                              error);
}

/**
 * fd_journal_dup_recorder_name:
 *
 * Who writes a row (`recorded_by`): user@host, the login and the machine,
 * because a row is written by a process, not chosen by a person: the
 * settable user name belongs to handled_by.
 */
char *
fd_journal_dup_recorder_name (void)
{
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

/**
 * fd_journal_lookup:
 *
 * Returns: (transfer full): the entry, or NULL with FD_JOURNAL_ERROR_NOT_FOUND
 *   when there is none with @id (pruned, say)
 */
FdJournalEntry *
fd_journal_lookup (FdJournal  *self,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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
list_stmt_for (FdJournalFilter filter)
{
  switch (filter)
    {
    case FD_JOURNAL_FILTER_MISSED:
      return STMT_LIST_MISSED;
    case FD_JOURNAL_FILTER_ANSWERED:
      return STMT_LIST_ANSWERED;
    case FD_JOURNAL_FILTER_ALL:
    default:
      return STMT_LIST_ALL;
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

/**
 * fd_journal_list:
 * @search: (nullable): text to find in any name or number, ignoring case
 *   (Unicode case folding, as the active-call search); NULL or "" for all
 * @limit: the most entries to return; 0 for no limit
 *
 * Returns: (transfer full) (element-type FdJournalEntry): newest first, or
 *   NULL with @error set
 */
GPtrArray *
fd_journal_list (FdJournal        *self,
                 FdJournalFilter   filter,
                 const char       *search,
                 guint             limit,
                 GError          **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(Stmt) stmt = NULL;
  g_autofree char *folded = NULL;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((stmt = get_stmt (self, list_stmt_for (filter), error)) == NULL)
    return NULL;

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
row_exists (FdJournal  *self,
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
update_handled (FdJournal  *self,
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

/**
 * fd_journal_set_handled:
 *
 * Marks one entry handled (with the time now) or not handled. Setting the
 * flag it already has changes nothing and emits nothing.
 */
gboolean
fd_journal_set_handled (FdJournal  *self,
                        gint64      id,
                        gboolean    handled,
                        GError    **error)
{
  int n_changed = 0;

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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
update_one (FdJournal   *self,
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

/**
 * fd_journal_set_handled_by:
 * @handled_by: (nullable): who handled it, as a person names themselves
 *   (the app passes its `user-name` setting); NULL for nobody in particular
 *
 * Marks an entry handled now by @handled_by, again if it already was: the
 * last person to handle it is the one to ask.
 */
gboolean
fd_journal_set_handled_by (FdJournal   *self,
                           gint64       id,
                           const char  *handled_by,
                           GError     **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_one (self, STMT_SET_HANDLED_BY, id, handled_by, error);
}

/**
 * fd_journal_set_note:
 * @note: (nullable): free text; NULL or "" removes the note
 */
gboolean
fd_journal_set_note (FdJournal   *self,
                     gint64       id,
                     const char  *note,
                     GError     **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_one (self, STMT_SET_NOTE, id, note, error);
}

/* Runs one cached write statement, whose ?1 (if any) is now, in a
 * transaction. Emits "changed" (0) when rows changed. */
static gboolean
run_bulk_write (FdJournal  *self,
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

/**
 * fd_journal_mark_all_handled:
 *
 * Marks every unhandled missed call handled, with the time now.
 */
gboolean
fd_journal_mark_all_handled (FdJournal  *self,
                             GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_bulk_write (self, STMT_MARK_ALL_HANDLED, now, error);
}

/**
 * fd_journal_count_unhandled_missed:
 *
 * Returns: the missed calls not marked handled; 0 with @error set on failure
 */
guint
fd_journal_count_unhandled_missed (FdJournal  *self,
                                   GError    **error)
{
  g_autoptr(Stmt) stmt = NULL;

  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((stmt = get_stmt (self, STMT_COUNT_UNHANDLED_MISSED, error)) == NULL)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, "read");
      return 0;
    }
  return (guint) sqlite3_column_int64 (stmt, 0);
}

/**
 * fd_journal_prune:
 * @retention_days: keep calls that ended less than this many days ago;
 *   0 keeps everything
 *
 * Deletes older calls, unhandled missed ones included: the retention
 * setting is a promise to the people who called, too.
 */
gboolean
fd_journal_prune (FdJournal  *self,
                  guint       retention_days,
                  GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff = NULL;

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (retention_days == 0)
    return TRUE;
  cutoff = g_date_time_add_days (now, -(gint) MIN (retention_days, 365u * 1000u));
  return run_bulk_write (self, STMT_PRUNE, cutoff, error);
}
