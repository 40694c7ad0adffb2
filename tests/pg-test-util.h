/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A throwaway PostgreSQL server for one test program: its own data
 * directory in a temporary folder, its own free port on 127.0.0.1 and its
 * unix socket inside that folder. When the tests run as root (CI), initdb
 * and postgres run as `nobody`, because PostgreSQL refuses to run as root.
 * The postmaster is the test's own child and dies with it (a parent-death
 * signal), so a test that aborts or is killed leaves no server behind. */
typedef struct _FdPgTestServer FdPgTestServer;

/* The role initdb creates; its password is FD_PG_TEST_PASSWORD. */
#define FD_PG_TEST_USER     "frontdesk"
#define FD_PG_TEST_PASSWORD "s3cret-Pa55word"

FdPgTestServer *fd_pg_test_server_start   (gboolean         ssl,
                                           GError         **error);
guint16         fd_pg_test_server_port    (FdPgTestServer  *server);
const char     *fd_pg_test_server_dir     (FdPgTestServer  *server);
/* postgresql://frontdesk:PASSWORD@127.0.0.1:PORT/postgres plus EXTRA
 * (e.g. "?sslmode=disable"); PASSWORD NULL leaves the password out. */
char           *fd_pg_test_server_uri     (FdPgTestServer  *server,
                                           const char      *password,
                                           const char      *extra);
gboolean        fd_pg_test_server_crash   (FdPgTestServer  *server,
                                           GError         **error);
gboolean        fd_pg_test_server_restart (FdPgTestServer  *server,
                                           GError         **error);
void            fd_pg_test_server_stop    (FdPgTestServer  *server);
/* The postmaster's pid while it runs, else 0. */
GPid            fd_pg_test_server_pid     (FdPgTestServer  *server);
/* Whether @pid no longer runs (gone, or a zombie). */
gboolean        fd_pg_test_pid_is_gone    (GPid             pid);

G_END_DECLS
