/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

/* The journal's small key/value table (schema version 3) and the one
 * look-up the PBX's history needs beyond fd_journal_add_full()'s exact
 * key. These run a few times an hour, so each prepares its statement. */

#include "config.h"

#include "fd-journal-backend.h"
#include "fd-journal-private.h"
#include "fd-parser.h"

#include <sqlite3.h>

#include <math.h>
#include <string.h>

static sqlite3_stmt *
prepare (FdJournalBackend *self,
         const char  *sql,
         const char  *doing,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = fd_journal_sqlite_get_db (self);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fd_journal_set_sqlite_error (db, self->path, error, doing);
      return NULL;
    }
  return stmt;
}

/* fd_journal_dup_meta():
 *
 * Returns: (nullable): the value stored under @key; NULL when there is
 *   none (then @error is not set) or on error
 */
char *
fd_journal_sqlite_dup_meta (FdJournalBackend *self,
                     const char  *key,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;


  if ((stmt = prepare (self, "SELECT value FROM meta WHERE key = ?1", "read", error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    fd_journal_set_sqlite_error (fd_journal_sqlite_get_db (self), self->path, error, "read");
  sqlite3_finalize (stmt);
  return value;
}

/* @value NULL removes the key. */
gboolean
fd_journal_sqlite_set_meta (FdJournalBackend *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;


  stmt = prepare (self, value != NULL ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
                                      : "DELETE FROM meta WHERE key = ?1", "write to", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return fd_journal_set_sqlite_error (fd_journal_sqlite_get_db (self), self->path,
                                        error, "write to");
  return TRUE;
}

/* fd_journal_dup_meta_with_prefix(); substr, not LIKE: a prefix may hold
 * '_' or '%'. */
GHashTable *
fd_journal_sqlite_dup_meta_with_prefix (FdJournalBackend  *self,
                                        const char        *prefix,
                                        GError           **error)
{
  g_autoptr(GHashTable) meta = NULL;
  gsize length = strlen (prefix);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT key, value FROM meta WHERE substr(key, 1, length(?1)) = ?1", "read", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (meta, g_strdup ((const char *) sqlite3_column_text (stmt, 0) + length),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      fd_journal_set_sqlite_error (fd_journal_sqlite_get_db (self), self->path, error, "read");
      return NULL;
    }
  return g_steal_pointer (&meta);
}

/**
 * fd_journal_dup_meta_with_prefix:
 * @prefix: the start of the keys, "learned-name:"
 *
 * Every key of the meta table that starts with @prefix, in one query (a
 * round trip to a PostgreSQL server each is what this saves).
 *
 * Returns: (transfer full) (nullable): the keys, @prefix cut off, to their
 *   values; NULL on error
 */
GHashTable *
fd_journal_dup_meta_with_prefix (FdJournal   *self,
                                 const char  *prefix,
                                 GError     **error)
{
  FdJournalBackend *backend;

  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  backend = fd_journal_get_backend (self);
  return backend->ops->dup_meta_with_prefix (backend, prefix, error);
}

gboolean
fd_journal_within_a_second (const char *stored,
                 GDateTime  *start)
{
  g_autoptr(GDateTime) time = fd_parser_parse_time (stored);

  return time != NULL && fabs ((double) g_date_time_difference (time, start)) <= G_USEC_PER_SEC;
}

/* fd_journal_has_call_near():
 * @found: (out): whether a row of the same CallId and PBX starts within
 *   one second of @call's start
 *
 * The poller keeps the PBX's StartTime as it came (XE gives fractions of
 * a second, "…07.9558+02:00"), the history gives whole seconds
 * ("… 08:02:50"), so fd_journal_add_full()'s exact key would see two
 * calls. A CallId reused within a second is not a case worth a double.
 */
gboolean
fd_journal_sqlite_has_call_near (FdJournalBackend *self,
                          FdCall      *call,
                          const char  *pbx,
                          gboolean    *found,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;


  *found = FALSE;
  if (fd_call_get_start_time (call) == NULL)
    return TRUE;
  stmt = prepare (self, "SELECT start_time FROM calls WHERE call_id = ?1 AND pbx = ?2 "
                  "AND start_time IS NOT NULL", "read", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fd_call_get_id (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pbx, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && !*found)
    *found = fd_journal_within_a_second ((const char *) sqlite3_column_text (stmt, 0),
                              fd_call_get_start_time (call));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fd_journal_set_sqlite_error (fd_journal_sqlite_get_db (self), self->path,
                                        error, "read");
  return TRUE;
}
