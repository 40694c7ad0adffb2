/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-pg-private.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

/* What libpq says when no server answered at that address (yet): the
 * server is down, restarting, or the network is away. A journal opened
 * then starts offline; anything else (a refused password or
 * certificate, a database that does not exist) stays an error. */
static const char *const unreachable_texts[] = {
  "Connection refused", "timeout expired", "No route to host", "Network is unreachable",
  "Host is unreachable", "could not translate host name", "No such file or directory",
  "the database system is starting up", "the database system is shutting down",
  "server closed the connection", "Connection reset",
};

gboolean
fd_journal_pg_conn_is_unreachable (PGconn *conn)
{
  const char *msg = conn != NULL ? PQerrorMessage (conn) : "";

  for (guint i = 0; i < G_N_ELEMENTS (unreachable_texts); i++)
    if (strstr (msg, unreachable_texts[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* libpq's own messages name the host and sometimes the user, and are
 * English only; the user gets one translated sentence chosen from them
 * instead. Neither the URI nor libpq's text is echoed: either may carry
 * the password. */
/* @conn NULL: the caller knows the server is away. */
void
fd_journal_pg_set_connect_error (PGconn  *conn,
                   GError **error)
{
  const char *msg = conn != NULL ? PQerrorMessage (conn) : "";

  if (strstr (msg, "password authentication failed") != NULL ||
      strstr (msg, "no password supplied") != NULL ||
      strstr (msg, "fe_sendauth") != NULL)
    g_set_error_literal (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                         _("The journal database refused the user name or password."));
  else if (strstr (msg, "certificate") != NULL || strstr (msg, "SSL") != NULL)
    g_set_error_literal (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                         _("The journal database's TLS certificate is not trusted, so "
                           "Frontdesk did not connect."));
  else
    g_set_error_literal (error, FD_JOURNAL_ERROR,
                         conn == NULL || fd_journal_pg_conn_is_unreachable (conn) ? FD_JOURNAL_ERROR_UNREACHABLE
                                                                                  : FD_JOURNAL_ERROR_FAILED,
                         _("The journal database server cannot be reached; check its "
                           "host name and port."));
}

void
fd_journal_pg_wipe_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* libpq prints the server's notices ("… already exists, skipping", a
 * shutdown's warning) on stderr; they are for the debug log. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("Journal database: %s", message);
}

/* Short, so an unreachable host gives its sentence instead of a hang.
 * The password, when the caller has one (the keyring's), comes last: a
 * parameter after the expanded URI overrides what the URI says, and it
 * never becomes part of any text that could be shown. */
static const char *const connect_keys[] = { "dbname", "connect_timeout", "application_name",
                                            "password", NULL };

/* connect_keys' values; "password" is left out (the list ends there)
 * when there is none, so the URI, PGPASSFILE or ~/.pgpass serve. */
static void
connect_values (const char  *uri,
                const char  *password,
                const char  *values[5])
{
  values[0] = uri;
  values[1] = "5";
  values[2] = "frontdesk";
  values[3] = password != NULL && *password != '\0' ? password : NULL;
  values[4] = NULL;
}

static const char *const *
keys_for (const char *const *values)
{
  static const char *const keys_without_password[] = { "dbname", "connect_timeout",
                                                        "application_name", NULL };

  return values[3] != NULL ? connect_keys : keys_without_password;
}

/**
 * fd_journal_pg_connect_start:
 * @password: (nullable): the database password, if not in @uri or a file
 *
 * Starts connecting without blocking (PQconnectStartParams()); drive it
 * with PQconnectPoll(). connect_timeout does not apply: the caller keeps
 * its own deadline. Returns: (transfer full) (nullable): the connection.
 */
PGconn *
fd_journal_pg_connect_start (const char *uri,
                             const char *password)
{
  const char *values[5];
  PGconn *conn;

  connect_values (uri, password, values);
  conn = PQconnectStartParams (keys_for (values), values, TRUE);
  if (conn != NULL && PQstatus (conn) == CONNECTION_BAD)
    g_clear_pointer (&conn, PQfinish);
  if (conn != NULL)
    PQsetNoticeProcessor (conn, log_notice, NULL);
  return conn;
}

/**
 * fd_journal_pg_connect_with_password:
 * @password: (nullable): the database password (from the keyring), given
 *   to libpq as a parameter of its own
 *
 * Connects, blocking. Returns: (transfer full) (nullable): the connection.
 */
PGconn *
fd_journal_pg_connect_with_password (const char  *uri,
                                     const char  *password,
                                     GError     **error)
{
  return fd_journal_pg_connect_full (uri, password, NULL, error);
}

/**
 * fd_journal_pg_connect_full:
 * @unreachable: (out) (optional): on failure, whether no server answered
 *   (fd_journal_pg_conn_is_unreachable()), rather than one refusing
 */
PGconn *
fd_journal_pg_connect_full (const char  *uri,
                            const char  *password,
                            gboolean    *unreachable,
                            GError     **error)
{
  const char *values[5];
  PGconn *conn;

  connect_values (uri, password, values);
  conn = PQconnectdbParams (keys_for (values), values, TRUE);
  if (unreachable != NULL)
    *unreachable = FALSE;
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      if (unreachable != NULL)
        *unreachable = fd_journal_pg_conn_is_unreachable (conn);
      fd_journal_pg_set_connect_error (conn, error);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, log_notice, NULL);
  return conn;
}

/**
 * fd_journal_pg_connect:
 * @uri: a postgresql:// connection URI; the password may be in it, in
 *   PGPASSFILE or wherever else libpq looks
 */
PGconn *
fd_journal_pg_connect (const char  *uri,
                       GError     **error)
{
  return fd_journal_pg_connect_with_password (uri, NULL, error);
}

/* Each step takes the schema from version i to i + 1, mirroring the SQLite
 * schema's steps (fd-journal-schema.c) column for column, so one row
 * reader serves both. Times stay ISO 8601 text as there: they sort as
 * they compare. */
static const char *const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE calls ("
  " id BIGSERIAL PRIMARY KEY, call_id TEXT NOT NULL, state TEXT, source TEXT,"
  " caller_id TEXT, destination TEXT, caller_dialed TEXT, callee_dialed TEXT,"
  " start_time TEXT, end_time TEXT NOT NULL, ring_seconds DOUBLE PRECISION,"
  " talk_seconds DOUBLE PRECISION,"
  " outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'missed')),"
  " handled INTEGER NOT NULL DEFAULT 0 CHECK (handled IN (0, 1)), handled_time TEXT);"
  "CREATE INDEX calls_end_time ON calls (end_time);"
  "CREATE INDEX calls_outcome_handled ON calls (outcome, handled)",
  /* 1 → 2: one row per call, found by INSERT … ON CONFLICT on the key.
   * pg_trgm is not everywhere; text_pattern_ops serves prefix LIKE. */
  "ALTER TABLE calls ADD COLUMN note TEXT, ADD COLUMN handled_by TEXT,"
  " ADD COLUMN entry_source TEXT NOT NULL DEFAULT 'poll', ADD COLUMN recorded_by TEXT,"
  " ADD COLUMN pbx TEXT, ADD COLUMN caller_name TEXT, ADD COLUMN callee_name TEXT,"
  " ADD COLUMN caller_name_source TEXT, ADD COLUMN callee_name_source TEXT,"
  " ADD COLUMN search_text TEXT;"
  "CREATE UNIQUE INDEX calls_one_row_per_call ON calls (call_id, start_time, pbx);"
  "CREATE INDEX calls_search_text ON calls (search_text text_pattern_ops)",
  /* 2 → 3: the journal's own facts, as SQLite's schema 3. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
};

/* The search finds text anywhere in a name or number (LIKE '%…%'), which
 * only a trigram index serves. pg_trgm ships with PostgreSQL but may be
 * missing or not ours to create: then the search scans, still right. */
static void
try_trigram_indexes (PGconn *conn)
{
  PGresult *res = PQexec (conn, "SAVEPOINT trigram;"
                          "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
                          "CREATE INDEX IF NOT EXISTS calls_search_trgm ON calls"
                          " USING gin (search_text gin_trgm_ops);"
                          "CREATE INDEX IF NOT EXISTS calls_call_id_trgm ON calls"
                          " USING gin (call_id gin_trgm_ops);"
                          "RELEASE SAVEPOINT trigram");

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      g_debug ("No trigram index, the search will scan: %s", PQerrorMessage (conn));
      PQclear (PQexec (conn, "ROLLBACK TO SAVEPOINT trigram"));
    }
  PQclear (res);
}

static gboolean
exec_ok (PGconn     *conn,
         const char *sql,
         GError    **error)
{
  PGresult *res = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (res);

  PQclear (res);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
               _("The journal database could not be updated: %s"), PQerrorMessage (conn));
  return FALSE;
}

/* Holding an advisory lock, so two Frontdesks starting together do not
 * both migrate. */
static gint
current_version (PGconn  *conn,
                 GError **error)
{
  PGresult *res;
  gint version = -1;

  if (!exec_ok (conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", error))
    return -1;
  res = PQexec (conn, "SELECT max(version) FROM schema_version");
  if (PQresultStatus (res) == PGRES_TUPLES_OK)
    version = PQgetisnull (res, 0, 0) ? 0 : atoi (PQgetvalue (res, 0, 0));
  else
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                 _("The journal database could not be updated: %s"), PQerrorMessage (conn));
  PQclear (res);
  return version;
}

/**
 * fd_journal_pg_migrate:
 *
 * Brings the schema to FD_JOURNAL_PG_SCHEMA_VERSION in one transaction;
 * a newer schema is refused.
 */
gboolean
fd_journal_pg_migrate (PGconn  *conn,
                       GError **error)
{
  gint version;

  if (!exec_ok (conn, "BEGIN; SELECT pg_advisory_xact_lock(7366746473)", error))
    return FALSE;
  version = current_version (conn, error);
  if (version > FD_JOURNAL_PG_SCHEMA_VERSION)
    g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_TOO_NEW,
                 _("The journal database was written by a newer Frontdesk (schema %d)."), version);
  for (gint v = version; v >= 0 && v < FD_JOURNAL_PG_SCHEMA_VERSION; v++)
    {
      g_autofree char *mark = g_strdup_printf ("INSERT INTO schema_version VALUES (%d)", v + 1);

      if (!exec_ok (conn, migrations[v], error) || !exec_ok (conn, mark, error))
        {
          version = -1;
          break;
        }
      if (v + 1 == 3)
        try_trigram_indexes (conn);
    }
  if (version < 0 || version > FD_JOURNAL_PG_SCHEMA_VERSION)
    {
      PQclear (PQexec (conn, "ROLLBACK"));
      return FALSE;
    }
  return exec_ok (conn, "COMMIT", error);
}
