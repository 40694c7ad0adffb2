/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal.h"
#include "fd-json.h"

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

#define SELECT_ENTRY \
  "SELECT id, call_id, state, source, caller_id, destination, caller_dialed, " \
  "callee_dialed, start_time, end_time, ring_seconds, talk_seconds, outcome, " \
  "handled, handled_time FROM calls "
#define NEWEST_FIRST " ORDER BY end_time DESC, id DESC"

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
};

/* BEGIN IMMEDIATE takes the write lock at once, so a second writer waits
 * in busy_timeout at the start rather than failing at COMMIT. */
static const char *const statement_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_INSERT] =
    "INSERT INTO calls (call_id, state, source, caller_id, destination, caller_dialed, "
    "callee_dialed, start_time, end_time, ring_seconds, talk_seconds, outcome, handled) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0)",
  [STMT_LOOKUP] = SELECT_ENTRY "WHERE id = ?1",
  [STMT_LIST_ALL] = SELECT_ENTRY NEWEST_FIRST,
  [STMT_LIST_MISSED] = SELECT_ENTRY "WHERE outcome = 'missed'" NEWEST_FIRST,
  [STMT_LIST_ANSWERED] = SELECT_ENTRY "WHERE outcome = 'answered'" NEWEST_FIRST,
  [STMT_EXISTS] = "SELECT 1 FROM calls WHERE id = ?1",
  [STMT_SET_HANDLED] =
    "UPDATE calls SET handled = ?2, handled_time = ?3 WHERE id = ?1 AND handled != ?2",
  [STMT_MARK_ALL_HANDLED] =
    "UPDATE calls SET handled = 1, handled_time = ?1 WHERE outcome = 'missed' AND handled = 0",
  [STMT_COUNT_UNHANDLED_MISSED] =
    "SELECT count(*) FROM calls WHERE outcome = 'missed' AND handled = 0",
  [STMT_PRUNE] = "DELETE FROM calls WHERE end_time < ?1",
};

/* Schema migrations: step i takes user_version i to i + 1, inside one
 * transaction with the new user_version. A later release appends a step
 * (ALTER TABLE …) and bumps FD_JOURNAL_SCHEMA_VERSION; steps already
 * released are never edited.
 *
 * Version 1. The key is a row id of its own, because a PBX reuses CallIds
 * (and restarts its counter): a later call must never replace an earlier
 * one. AUTOINCREMENT so that an id is never handed out twice, even after
 * pruning empties the table: a window may still hold the old id. Times are
 * UTC with six fraction digits ("2024-01-31T08:05:00.000000Z"), so that
 * text order is time order for ORDER BY and the prune cut-off. */
static const char *const migrations[] = {
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  call_id TEXT NOT NULL,"
  "  state TEXT,"
  "  source TEXT,"
  "  caller_id TEXT,"
  "  destination TEXT,"
  "  caller_dialed TEXT,"
  "  callee_dialed TEXT,"
  "  start_time TEXT,"
  "  end_time TEXT NOT NULL,"
  "  ring_seconds REAL,"
  "  talk_seconds REAL,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'missed')),"
  "  handled INTEGER NOT NULL DEFAULT 0 CHECK (handled IN (0, 1)),"
  "  handled_time TEXT"
  ");"
  "CREATE INDEX calls_end_time ON calls (end_time);"
  "CREATE INDEX calls_outcome_handled ON calls (outcome, handled);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == FD_JOURNAL_SCHEMA_VERSION);

/* "FdJn": marks the file as ours (PRAGMA application_id), so that another
 * program's database is refused instead of having our tables added. */
#define FD_JOURNAL_APPLICATION_ID 0x46644a6e

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

static FdJournalError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      return FD_JOURNAL_ERROR_NOT_A_JOURNAL;
    case SQLITE_CORRUPT:
      return FD_JOURNAL_ERROR_CORRUPT;
    default:
      return FD_JOURNAL_ERROR_FAILED;
    }
}

/* @doing completes "Could not … the call journal". */
static gboolean
set_db_error (FdJournal   *self,
              GError     **error,
              const char  *doing)
{
  int rc = sqlite3_extended_errcode (self->db);

  if ((rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_A_JOURNAL,
                 "%s is not a Frontdesk call journal: the file is not an SQLite database. "
                 "It was left as it is; move it away to start a new journal.", self->path);
  else
    g_set_error (error, FD_JOURNAL_ERROR, error_code_for (rc),
                 "Could not %s the call journal %s: %s.",
                 doing, self->path, sqlite3_errmsg (self->db));
  return FALSE;
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

/* One integer from a statement run only while opening. */
static gboolean
query_int (FdJournal   *self,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, "read");
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self, error, "read");
  return TRUE;
}

/* The stored form of a time: UTC, fixed width, so text order is time order. */
static char *
format_stored_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
bind_time (Stmt      *stmt,
           int        index,
           GDateTime *time)
{
  if (time == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  sqlite3_bind_text (stmt, index, format_stored_time (time), -1, g_free);
}

static void
bind_duration (Stmt   *stmt,
               int     index,
               double  seconds)
{
  if (seconds < 0 || !isfinite (seconds))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, seconds);
}

static const char *
column_text (Stmt *stmt,
             int   column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static GDateTime *
column_time (Stmt *stmt,
             int   column)
{
  const char *text = column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static double
column_duration (Stmt *stmt,
                 int   column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return FD_CALL_NO_DURATION;
  return sqlite3_column_double (stmt, column);
}

static FdCall *
call_from_row (Stmt *stmt)
{
  const char *call_id = column_text (stmt, COL_CALL_ID);
  g_autoptr(FdCall) call = fd_call_new (call_id != NULL ? call_id : "");
  g_autoptr(GDateTime) start = column_time (stmt, COL_START_TIME);

  fd_call_set_state (call, column_text (stmt, COL_STATE));
  fd_call_set_source (call, column_text (stmt, COL_SOURCE));
  fd_call_set_caller_id (call, column_text (stmt, COL_CALLER_ID));
  fd_call_set_destination (call, column_text (stmt, COL_DESTINATION));
  fd_call_set_caller_dialed (call, column_text (stmt, COL_CALLER_DIALED));
  fd_call_set_callee_dialed (call, column_text (stmt, COL_CALLEE_DIALED));
  if (start != NULL)
    fd_call_set_start_time (call, column_text (stmt, COL_START_TIME), start);
  fd_call_set_ring_seconds (call, column_duration (stmt, COL_RING_SECONDS));
  fd_call_set_talk_seconds (call, column_duration (stmt, COL_TALK_SECONDS));
  return g_steal_pointer (&call);
}

static FdJournalEntry *
entry_from_row (Stmt *stmt)
{
  g_autoptr(FdCall) call = call_from_row (stmt);
  g_autoptr(GDateTime) ended = column_time (stmt, COL_END_TIME);
  g_autoptr(GDateTime) handled_time = column_time (stmt, COL_HANDLED_TIME);
  FdCallOutcome outcome = FD_CALL_OUTCOME_MISSED;

  if (g_strcmp0 (column_text (stmt, COL_OUTCOME), "answered") == 0)
    outcome = FD_CALL_OUTCOME_ANSWERED;
  /* Only a hand-edited file can get here; show the call rather than fail. */
  if (ended == NULL)
    ended = g_date_time_new_from_unix_utc (0);

  return fd_journal_entry_new (sqlite3_column_int64 (stmt, COL_ID), call, outcome, ended,
                               sqlite3_column_int (stmt, COL_HANDLED) != 0, handled_time);
}

static char *
dup_default_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "frontdesk", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                   "Could not create the folder %s for the call journal: %s.",
                   dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* Nothing is written until the file is known to be ours. */
static gboolean
check_file (FdJournal  *self,
            GError    **error)
{
  gint64 version = 0;
  gint64 app_id = 0;
  gint64 n_objects = 0;

  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_master", &n_objects, error))
    return FALSE;

  if (version < 0 || (version == 0 ? n_objects > 0 || app_id != 0
                                     : app_id != FD_JOURNAL_APPLICATION_ID))
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_A_JOURNAL,
                   "%s is not a Frontdesk call journal: it is another program's SQLite database. "
                   "It was left as it is.", self->path);
      return FALSE;
    }
  if (version > FD_JOURNAL_SCHEMA_VERSION)
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_TOO_NEW,
                   "The call journal %s was written by a newer version of Frontdesk "
                   "(schema version %" G_GINT64_FORMAT "; this version knows up to %d). "
                   "It was left as it is.", self->path, version, FD_JOURNAL_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* Durability. In WAL mode a commit appends to journal.db-wal, and readers
 * (`frontdesk --history`) never block the app. A process killed at any
 * instant, SIGKILL included, leaves each transaction whole or absent
 * whatever the synchronous setting: what write() returned is in the kernel
 * already, and the next open recovers the WAL. synchronous=NORMAL would be
 * enough for that; FULL also syncs the WAL at every commit, so that a call
 * committed before a power cut or a kernel crash survives too. It costs one
 * fsync per ended call, nothing at a receptionist's call rate. */
static gboolean
configure (FdJournal  *self,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *mode = NULL;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, "open");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mode = (const char *) sqlite3_column_text (stmt, 0);
  /* A file system without shared memory keeps a rollback journal, which
   * is just as safe; only concurrent reading is lost. */
  if (g_strcmp0 (mode, "wal") != 0)
    g_debug ("%s stays in journal mode %s", self->path, mode != NULL ? mode : "(unknown)");
  sqlite3_finalize (stmt);

  if (sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error, "open");
  return TRUE;
}

static gboolean
apply_migrations (FdJournal  *self,
                  gint64      from,
                  GError    **error)
{
  g_autofree char *set_version = NULL;

  for (gint64 step = from; step < FD_JOURNAL_SCHEMA_VERSION; step++)
    {
      g_debug ("migrating %s from schema %" G_GINT64_FORMAT, self->path, step);
      if (sqlite3_exec (self->db, migrations[step], NULL, NULL, NULL) != SQLITE_OK)
        return set_db_error (self, error, "update");
    }
  set_version = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                 FD_JOURNAL_SCHEMA_VERSION, FD_JOURNAL_APPLICATION_ID);
  if (sqlite3_exec (self->db, set_version, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error, "update");
  return TRUE;
}

/* Another Frontdesk may have updated the file since check_file(). */
static gboolean
check_version_again (FdJournal  *self,
                     gint64      version,
                     GError    **error)
{
  if (version >= 0 && version <= FD_JOURNAL_SCHEMA_VERSION)
    return TRUE;
  g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_TOO_NEW,
               "The call journal %s was just updated by a newer version of Frontdesk "
               "(schema version %" G_GINT64_FORMAT "; this version knows up to %d).",
               self->path, version, FD_JOURNAL_SCHEMA_VERSION);
  return FALSE;
}

/* The version is read again under the write lock: two processes opening a
 * new file at once must not both create the tables. */
static gboolean
migrate (FdJournal  *self,
         GError    **error)
{
  gint64 version = 0;

  if (!query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version == FD_JOURNAL_SCHEMA_VERSION)
    return TRUE;

  if (!begin (self, error))
    return FALSE;
  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !check_version_again (self, version, error) ||
      (version < FD_JOURNAL_SCHEMA_VERSION && !apply_migrations (self, version, error)) ||
      !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
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
                   "Could not open the call journal %s: %s.", self->path,
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

  if (!open_database (self, error) || !check_file (self, error) ||
      !configure (self, error) || !migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fd_journal_get_path (FdJournal *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  return self->path;
}

static gboolean
insert_call (FdJournal      *self,
             FdCall         *call,
             FdCallOutcome   outcome,
             GDateTime      *ended_time,
             GError        **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, STMT_INSERT, error);
  g_autofree char *start = NULL;

  if (stmt == NULL)
    return FALSE;

  start = fd_json_format_call_time (call);
  sqlite3_bind_text (stmt, 1, fd_call_get_id (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fd_call_get_state (call), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, fd_call_get_source (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, fd_call_get_caller_id (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, fd_call_get_destination (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, fd_call_get_caller_dialed (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, fd_call_get_callee_dialed (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, start, -1, SQLITE_TRANSIENT);
  bind_time (stmt, 9, ended_time);
  bind_duration (stmt, 10, fd_call_get_ring_seconds (call));
  bind_duration (stmt, 11, fd_call_get_talk_seconds (call));
  sqlite3_bind_text (stmt, 12, fd_call_outcome_to_string (outcome), -1, SQLITE_STATIC);
  return step_done (self, stmt, "write to", error);
}

/**
 * fd_journal_add:
 * @call: the call as last seen
 * @ended_time: (nullable): when it ended; NULL for now
 *
 * Records an ended call in a transaction of its own: once this returns,
 * the call survives the process being killed.
 *
 * Returns: the new entry's id (> 0), or 0 with @error set
 */
gint64
fd_journal_add (FdJournal      *self,
                FdCall         *call,
                FdCallOutcome   outcome,
                GDateTime      *ended_time,
                GError        **error)
{
  g_autoptr(GDateTime) now = NULL;
  gint64 id;

  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);
  g_return_val_if_fail (FD_IS_CALL (call), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (ended_time == NULL)
    ended_time = now = g_date_time_new_now_utc ();

  if (!begin (self, error))
    return 0;
  if (!insert_call (self, call, outcome, ended_time, error))
    {
      rollback (self);
      return 0;
    }
  id = sqlite3_last_insert_rowid (self->db);
  if (!commit (self, error))
    {
      rollback (self);
      return 0;
    }
  emit_changed (self, id);
  return id;
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
    return entry_from_row (stmt);
  if (rc != SQLITE_DONE)
    set_db_error (self, error, "read");
  else
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND,
                 "The call journal has no call %" G_GINT64_FORMAT ".", id);
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
  int rc = SQLITE_DONE;

  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((stmt = get_stmt (self, list_stmt_for (filter), error)) == NULL)
    return NULL;

  /* The search runs here rather than in SQL: LIKE folds only ASCII case,
   * and "Ágnes" must find "ÁGNES". */
  entries = g_ptr_array_new_with_free_func (g_object_unref);
  while ((limit == 0 || entries->len < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FdJournalEntry) entry = entry_from_row (stmt);

      if (fd_call_matches (fd_journal_entry_get_call (entry), search))
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
  bind_time (stmt, 3, handled ? now : NULL);
  if (!step_done (self, stmt, "write to", error))
    return FALSE;
  *n_changed = sqlite3_changes (self->db);
  if (*n_changed > 0)
    return TRUE;

  if (!row_exists (self, id, &exists, error))
    return FALSE;
  if (!exists)
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND,
                 "The call journal has no call %" G_GINT64_FORMAT ".", id);
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
  bind_time (stmt, 1, time);
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

/* CSV formula injection: a spreadsheet runs a cell starting with = + - or
 * @ (and, in some, a tab or CR) as a formula, so a caller name such as
 * "=cmd|' /C calc'!A0" chosen by whoever calls could run a command on the
 * receptionist's machine when the export is opened. Every text that came
 * from the PBX and starts with one of those gets a leading single quote,
 * the OWASP advice: spreadsheets show it as text. This alters such values
 * (a number "+3612345678" exports as "'+3612345678", which also stops
 * spreadsheets from turning it into a number and dropping the plus); the
 * exact values are in `frontdesk --history --json`, the interface for
 * programs. Our own fields (times, outcome, durations) never start so. */
static gboolean
needs_formula_guard (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/* RFC 4180: a field holding a quote, comma, CR or LF is quoted, its
 * quotes doubled. NULL is an empty field. Each field ends in a comma,
 * which end_csv_row() turns into the line end. */
static void
append_csv_field (GString    *row,
                  const char *text,
                  gboolean    from_pbx)
{
  g_autofree char *guarded = NULL;

  if (text == NULL)
    text = "";
  if (from_pbx && needs_formula_guard (text))
    text = guarded = g_strconcat ("'", text, NULL);

  if (strpbrk (text, "\",\r\n") == NULL)
    {
      g_string_append (row, text);
      g_string_append_c (row, ',');
      return;
    }
  g_string_append_c (row, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  g_string_append (row, "\",");
}

static void
end_csv_row (GString *row)
{
  g_assert (row->len > 0 && row->str[row->len - 1] == ',');
  g_string_truncate (row, row->len - 1);
  g_string_append (row, "\r\n");
}

static void
append_csv_time (GString   *row,
                 GDateTime *time)
{
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;
  g_autofree char *text = local != NULL ? fd_json_format_time (local) : NULL;

  append_csv_field (row, text, FALSE);
}

static void
append_csv_duration (GString *row,
                     double   seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (seconds < 0 || !isfinite (seconds))
    append_csv_field (row, NULL, FALSE);
  else
    append_csv_field (row, g_ascii_dtostr (buf, sizeof buf, seconds), FALSE);
}

#define CSV_HEADER \
  "ended_time,outcome,handled,handled_time,caller_id,source,destination," \
  "caller_dialed,callee_dialed,start_time,ring_seconds,talk_seconds,state,call_id\r\n"

static void
append_csv_row (GString        *row,
                FdJournalEntry *entry)
{
  FdCall *call = fd_journal_entry_get_call (entry);
  g_autofree char *start = fd_json_format_call_time (call);

  append_csv_time (row, fd_journal_entry_get_ended_time (entry));
  append_csv_field (row, fd_call_outcome_to_string (fd_journal_entry_get_outcome (entry)), FALSE);
  append_csv_field (row, fd_journal_entry_get_handled (entry) ? "true" : "false", FALSE);
  append_csv_time (row, fd_journal_entry_get_handled_time (entry));
  append_csv_field (row, fd_call_get_caller_id (call), TRUE);
  append_csv_field (row, fd_call_get_source (call), TRUE);
  append_csv_field (row, fd_call_get_destination (call), TRUE);
  append_csv_field (row, fd_call_get_caller_dialed (call), TRUE);
  append_csv_field (row, fd_call_get_callee_dialed (call), TRUE);
  append_csv_field (row, start, FALSE);
  append_csv_duration (row, fd_call_get_ring_seconds (call));
  append_csv_duration (row, fd_call_get_talk_seconds (call));
  append_csv_field (row, fd_call_get_state (call), TRUE);
  append_csv_field (row, fd_call_get_id (call), TRUE);
  end_csv_row (row);
}

/**
 * fd_journal_export_csv:
 * @search: (nullable): as for fd_journal_list()
 * @out: receives UTF-8 CSV (RFC 4180, CRLF line ends, a header row and no
 *   byte order mark), newest call first; it is not closed
 *
 * Times are local RFC 3339, durations in seconds. Synchronous: call it from
 * a thread (GTask) for a large journal.
 */
gboolean
fd_journal_export_csv (FdJournal        *self,
                       FdJournalFilter   filter,
                       const char       *search,
                       GOutputStream    *out,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) row = g_string_new (NULL);

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((entries = fd_journal_list (self, filter, search, 0, error)) == NULL)
    return FALSE;
  if (!g_output_stream_write_all (out, CSV_HEADER, strlen (CSV_HEADER), NULL, cancellable, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      /* Not every stream checks (a memory stream never does). */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_string_truncate (row, 0);
      append_csv_row (row, g_ptr_array_index (entries, i));
      if (!g_output_stream_write_all (out, row->str, row->len, NULL, cancellable, error))
        return FALSE;
    }
  return TRUE;
}
