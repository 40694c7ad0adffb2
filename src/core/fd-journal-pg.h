/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PostgreSQL side of the journal (work in progress: connecting and the
 * schema; FdJournal does not use it yet). Journal files only. */

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The schema version the PostgreSQL journal's schema_version table holds. */
#define FD_JOURNAL_PG_SCHEMA_VERSION 2

PGconn   *fd_journal_pg_connect  (const char  *uri,
                                  GError     **error);
gboolean  fd_journal_pg_migrate  (PGconn      *conn,
                                  GError     **error);

G_END_DECLS
