/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL journal against a throwaway server (one per program). */
#include "fd-journal-pg.h"
#include "fd-journal.h"
#include "pg-test-util.h"

#include <stdlib.h>
#include <string.h>

static FdPgTestServer *server;     /* plain TCP, ssl off */
static FdPgTestServer *tls_server; /* ssl on, self-signed certificate */

static void
assert_no_secret (const GError *error,
                  const char   *uri)
{
  g_assert_null (strstr (error->message, FD_PG_TEST_PASSWORD));
  g_assert_null (strstr (error->message, uri));
  g_assert_null (strstr (error->message, "postgresql://"));
}

static gint
scalar (PGconn     *conn,
        const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  gint value;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  value = atoi (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

/* First use creates the schema; a second migrate finds it current. */
static void
test_open_migrate (void)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  g_autoptr(GError) error = NULL;
  PGconn *conn = fd_journal_pg_connect (uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conn);
  g_assert_true (fd_journal_pg_migrate (conn, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (conn, "SELECT max(version) FROM schema_version"), ==,
                   FD_JOURNAL_PG_SCHEMA_VERSION);
  g_assert_true (fd_journal_pg_migrate (conn, &error));
  g_assert_cmpint (scalar (conn, "SELECT count(*) FROM schema_version"), ==,
                   FD_JOURNAL_PG_SCHEMA_VERSION);
  /* The key that makes two writers of one call give one row. */
  g_assert_cmpint (scalar (conn, "SELECT count(*) FROM pg_indexes WHERE indexname = 'calls_one_row_per_call'"
                                 " AND indexdef LIKE '%UNIQUE%(call_id, start_time, pbx)%'"), ==, 1);
  g_assert_cmpint (scalar (conn, "SELECT count(*) FROM information_schema.columns"
                                 " WHERE table_name = 'calls'"), ==, 25);
  PQfinish (conn);
}

static void
test_wrong_password (void)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, "not-" FD_PG_TEST_PASSWORD, "?sslmode=disable");
  g_autoptr(GError) error = NULL;

  g_assert_null (fd_journal_pg_connect (uri, &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The journal database refused the user name or password.");
  assert_no_secret (error, uri);
}

/* Port 1 on loopback: nothing listens there, so the connection is refused. */
static void
test_unreachable (void)
{
  g_autofree char *uri = g_strdup_printf ("postgresql://" FD_PG_TEST_USER ":" FD_PG_TEST_PASSWORD
                                          "@127.0.0.1:1/postgres?sslmode=disable");
  g_autoptr(GError) error = NULL;

  g_assert_null (fd_journal_pg_connect (uri, &error));
  g_assert_cmpstr (error->message, ==,
                   "The journal database server cannot be reached; check its host name and port.");
  assert_no_secret (error, uri);
}

/* verify-full against a root that did not sign the server's self-signed
 * certificate: the connection is refused, and said so. */
static void
test_tls_refused (void)
{
  g_autofree char *root = g_build_filename (fd_pg_test_server_dir (tls_server), "other-root.crt", NULL);
  g_autofree char *extra = g_strdup_printf ("?sslmode=verify-full&sslrootcert=%s", root);
  g_autofree char *uri = fd_pg_test_server_uri (tls_server, FD_PG_TEST_PASSWORD, extra);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (root, G_FILE_TEST_IS_REGULAR));
  g_assert_null (fd_journal_pg_connect (uri, &error));
  g_assert_cmpstr (error->message, ==,
                   "The journal database's TLS certificate is not trusted, so Frontdesk did not connect.");
  assert_no_secret (error, uri);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = fd_pg_test_server_start (FALSE, &error);
  g_assert_no_error (error);
  tls_server = fd_pg_test_server_start (TRUE, &error);
  g_assert_no_error (error);
  g_test_add_func ("/journal-pg/open-migrate", test_open_migrate);
  g_test_add_func ("/journal-pg/wrong-password", test_wrong_password);
  g_test_add_func ("/journal-pg/unreachable", test_unreachable);
  g_test_add_func ("/journal-pg/tls-refused", test_tls_refused);
  status = g_test_run ();
  fd_pg_test_server_stop (tls_server);
  fd_pg_test_server_stop (server);
  return status;
}
