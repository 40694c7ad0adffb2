/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-private.h"

#include <glib/gi18n.h>

#include <sqlite3.h>

#include <string.h>

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

  /* Version 2: a note, who handled a call, where the row
   * came from, who wrote it, which PBX it came from, the resolved names and
   * a folded search text. entry_source is not called "source" because v1
   * already uses that name for the caller's number. Rows from version 1
   * keep pbx NULL ("not known"): the partial unique index leaves them
   * alone, so duplicates an older release wrote never stop the upgrade. */
  "ALTER TABLE calls ADD COLUMN note TEXT;"
  "ALTER TABLE calls ADD COLUMN handled_by TEXT;"
  "ALTER TABLE calls ADD COLUMN entry_source TEXT NOT NULL DEFAULT 'poll'"
  "  CHECK (entry_source IN ('poll', 'pbx-history'));"
  "ALTER TABLE calls ADD COLUMN recorded_by TEXT;"
  "ALTER TABLE calls ADD COLUMN pbx TEXT;"
  "ALTER TABLE calls ADD COLUMN caller_name TEXT;"
  "ALTER TABLE calls ADD COLUMN callee_name TEXT;"
  "ALTER TABLE calls ADD COLUMN caller_name_source TEXT;"
  "ALTER TABLE calls ADD COLUMN callee_name_source TEXT;"
  "ALTER TABLE calls ADD COLUMN search_text TEXT;"
  "CREATE UNIQUE INDEX calls_one_row_per_call ON calls (call_id, start_time, pbx)"
  "  WHERE pbx IS NOT NULL AND start_time IS NOT NULL;",

  /* Version 3: small facts about the journal itself, such as when the
   * PBX's own call history was last read for each PBX
   * (fd-journal-meta.c). Keys are ours, values are text. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == FD_JOURNAL_SCHEMA_VERSION);

/* "FdJn": marks the file as ours (PRAGMA application_id), so that another
 * program's database is refused instead of having our tables added. */
#define FD_JOURNAL_APPLICATION_ID 0x46644a6e

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

/* @doing says what failed: "read", "write to", "open" or "update". Each
 * picks a whole sentence, so that a translator never assembles one. */
gboolean
fd_journal_set_sqlite_error (sqlite3     *db,
                             const char  *path,
                             GError     **error,
                             const char  *doing)
{
  int rc = sqlite3_extended_errcode (db);
  FdJournalError code = error_code_for (rc);
  const char *why = sqlite3_errmsg (db);

  if ((rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_A_JOURNAL,
                 _("%s is not a Frontdesk call journal: the file is not an SQLite database. "
                   "It was left as it is; move it away to start a new journal."), path);
  else if (g_str_equal (doing, "read"))
    g_set_error (error, FD_JOURNAL_ERROR, code,
                 _("Could not read the call journal %s: %s."), path, why);
  else if (g_str_equal (doing, "write to"))
    g_set_error (error, FD_JOURNAL_ERROR, code,
                 _("Could not write to the call journal %s: %s."), path, why);
  else if (g_str_equal (doing, "open"))
    g_set_error (error, FD_JOURNAL_ERROR, code,
                 _("Could not open the call journal %s: %s."), path, why);
  else
    g_set_error (error, FD_JOURNAL_ERROR, code,
                 _("Could not update the call journal %s: %s."), path, why);
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *path,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  return fd_journal_set_sqlite_error (db, path, error, "update");
}

/* One integer from a statement run only while opening. */
static gboolean
query_int (sqlite3     *db,
           const char  *path,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fd_journal_set_sqlite_error (db, path, error, "read");
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return fd_journal_set_sqlite_error (db, path, error, "read");
  return TRUE;
}

/* Nothing is written until the file is known to be ours. */
static gboolean
check_file (sqlite3     *db,
            const char  *path,
            GError    **error)
{
  gint64 version = 0;
  gint64 app_id = 0;
  gint64 n_objects = 0;

  /* One read transaction, so that the three answers are of one moment:
   * another Frontdesk creating the file between two of them would make it
   * look like another program's database. */
  if (!exec_sql (db, path, "BEGIN", error))
    return FALSE;
  if (!query_int (db, path, "PRAGMA user_version", &version, error) ||
      !query_int (db, path, "PRAGMA application_id", &app_id, error) ||
      !query_int (db, path, "SELECT count(*) FROM sqlite_master", &n_objects, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!exec_sql (db, path, "COMMIT", error))
    return FALSE;

  if (version < 0 || (version == 0 ? n_objects > 0 || app_id != 0
                                     : app_id != FD_JOURNAL_APPLICATION_ID))
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_A_JOURNAL,
                   _("%s is not a Frontdesk call journal: it is another program's SQLite "
                     "database. It was left as it is."), path);
      return FALSE;
    }
  if (version > FD_JOURNAL_SCHEMA_VERSION)
    {
      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_TOO_NEW,
                   _("The call journal %s was written by a newer version of Frontdesk "
                     "(schema version %lld; this version knows up to %d). "
                     "It was left as it is."), path, (long long) version,
                   FD_JOURNAL_SCHEMA_VERSION);
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
configure (sqlite3     *db,
           const char  *path,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *mode = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) != SQLITE_OK)
    return fd_journal_set_sqlite_error (db, path, error, "open");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mode = (const char *) sqlite3_column_text (stmt, 0);
  /* A file system without shared memory keeps a rollback journal, which
   * is just as safe; only concurrent reading is lost. */
  if (g_strcmp0 (mode, "wal") != 0)
    g_debug ("%s stays in journal mode %s", path, mode != NULL ? mode : "(unknown)");
  sqlite3_finalize (stmt);

  if (sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
    return fd_journal_set_sqlite_error (db, path, error, "open");
  return TRUE;
}

static gboolean
apply_migrations (sqlite3     *db,
                  const char  *path,
                  gint64      from,
                  GError    **error)
{
  g_autofree char *set_version = NULL;

  for (gint64 step = from; step < FD_JOURNAL_SCHEMA_VERSION; step++)
    {
      g_debug ("migrating %s from schema %" G_GINT64_FORMAT, path, step);
      if (sqlite3_exec (db, migrations[step], NULL, NULL, NULL) != SQLITE_OK)
        return fd_journal_set_sqlite_error (db, path, error, "update");
    }
  set_version = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                 FD_JOURNAL_SCHEMA_VERSION, FD_JOURNAL_APPLICATION_ID);
  if (sqlite3_exec (db, set_version, NULL, NULL, NULL) != SQLITE_OK)
    return fd_journal_set_sqlite_error (db, path, error, "update");
  return TRUE;
}

/* Another Frontdesk may have updated the file since check_file(). */
static gboolean
check_version_again (sqlite3     *db,
                     const char  *path,
                     gint64      version,
                     GError    **error)
{
  if (version >= 0 && version <= FD_JOURNAL_SCHEMA_VERSION)
    return TRUE;
  g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_TOO_NEW,
               _("The call journal %s was just updated by a newer version of Frontdesk "
                 "(schema version %lld; this version knows up to %d)."),
               path, (long long) version, FD_JOURNAL_SCHEMA_VERSION);
  return FALSE;
}

/* The version is read again under the write lock: two processes opening a
 * new file at once must not both create the tables. */
static gboolean
migrate (sqlite3     *db,
         const char  *path,
         GError    **error)
{
  gint64 version = 0;

  if (!query_int (db, path, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version == FD_JOURNAL_SCHEMA_VERSION)
    return TRUE;

  if (!exec_sql (db, path, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!query_int (db, path, "PRAGMA user_version", &version, error) ||
      !check_version_again (db, path, version, error) ||
      (version < FD_JOURNAL_SCHEMA_VERSION && !apply_migrations (db, path, version, error)) ||
      !exec_sql (db, path, "COMMIT", error))
    {
      /* Some errors (disk full, I/O) already rolled back. */
      if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Refuses a file that is not ours or too new, sets the durability
 * pragmas and brings the schema to FD_JOURNAL_SCHEMA_VERSION. */
gboolean
fd_journal_schema_prepare (sqlite3     *db,
                           const char  *path,
                           GError     **error)
{
  return check_file (db, path, error) && configure (db, path, error) &&
         migrate (db, path, error);
}

/* Folding for the name search: "Szabó-Kiss Ágnes" and
 * "szabokissagnes" must meet, so marks (accents), case, spaces and
 * punctuation all go. NFD splits "á" into "a" and a combining mark. */
char *
fd_journal_fold_text (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");
  out = g_string_new (NULL);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c) || g_unichar_isspace (c) || g_unichar_ispunct (c))
        continue;
      g_string_append_unichar (out, c);
    }
  {
    g_autofree char *plain = g_string_free (out, FALSE);

    return g_utf8_casefold (plain, -1);
  }
}

/* The text the search matches: every name and number of the call,
 * folded, one per line, so that a query never spans two fields:
 * "szabo agnes" finds "Szabó-Ágnes" and "+36 30 111" finds
 * "+36301112222". */
char *
fd_journal_search_text_for (FdCall *call)
{
  const char *fields[] = {
    fd_call_get_caller_name (call), fd_call_get_callee_name (call),
    fd_call_get_caller_id (call), fd_call_get_source (call),
    fd_call_get_destination (call), fd_call_get_caller_dialed (call),
    fd_call_get_callee_dialed (call),
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fd_journal_fold_text (fields[i]);

      g_string_append (out, folded);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

gboolean
fd_journal_entry_matches (FdJournalEntry *entry,
                          const char     *search)
{
  FdCall *call;
  g_autofree char *folded = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (entry), FALSE);

  call = fd_journal_entry_get_call (entry);
  if (fd_call_matches (call, search))
    return TRUE;
  folded = fd_journal_fold_text (search);
  if (*folded == '\0')
    return FALSE;
  text = fd_journal_search_text_for (call);
  return strstr (text, folded) != NULL;
}
