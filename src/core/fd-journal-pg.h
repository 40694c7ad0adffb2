/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PostgreSQL side of the journal: connecting and the schema. The
 * backend itself is fd-journal-pg-backend.c. Journal files only. */

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The schema version the PostgreSQL journal's schema_version table holds. */
#define FD_JOURNAL_PG_SCHEMA_VERSION 3

PGconn   *fd_journal_pg_connect  (const char  *uri,
                                  GError     **error);
PGconn   *fd_journal_pg_connect_with_password (const char  *uri,
                                               const char  *password,
                                               GError     **error);
PGconn   *fd_journal_pg_connect_full (const char  *uri,
                                      const char  *password,
                                      gboolean    *unreachable,
                                      GError     **error);
gboolean  fd_journal_pg_conn_is_unreachable (PGconn *conn);
PGconn   *fd_journal_pg_connect_start (const char *uri,
                                       const char *password);
gboolean  fd_journal_pg_migrate  (PGconn      *conn,
                                  GError     **error);

G_END_DECLS
