/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the PostgreSQL journal's files only. */

#include "fd-journal-backend.h"
#include "fd-journal-pg.h"

G_BEGIN_DECLS

/* Every write NOTIFYs it, with the row's id or "0" for several rows. */
#define FD_JOURNAL_PG_CHANNEL "frontdesk_journal"

#define FD_JOURNAL_PG_N_CALL_PARAMS 20

void            fd_journal_pg_call_params        (FdCall         *call,
                                                  FdCallOutcome   outcome,
                                                  GDateTime      *ended_time,
                                                  char           *values[FD_JOURNAL_PG_N_CALL_PARAMS]);
FdJournalEntry *fd_journal_pg_entry_at           (const PGresult *res,
                                                  int             row);
void            fd_journal_pg_set_connect_error  (PGconn         *conn,
                                                  GError        **error);
/* Zeroes and frees a password; NULL is fine. */
void            fd_journal_pg_wipe_password      (char           *password);

/* Called for each notification: @pid is the backend that wrote, @id the
 * payload; after the listener reconnected, (0, 0), since notifications
 * may have been missed meanwhile. */
typedef void (*FdJournalPgNotifyFunc) (gpointer  data,
                                       int       pid,
                                       gint64    id);

typedef struct _FdJournalPgListener FdJournalPgListener;

FdJournalPgListener *fd_journal_pg_listener_new   (const char             *uri,
                                                   const char             *password,
                                                   FdJournalPgNotifyFunc   func,
                                                   gpointer                data,
                                                   GError                **error);
FdJournalPgListener *fd_journal_pg_listener_new_offline (const char           *uri,
                                                         const char           *password,
                                                         FdJournalPgNotifyFunc func,
                                                         gpointer              data);
void                 fd_journal_pg_listener_free  (FdJournalPgListener    *self);

/* The rows known to exist, shared by the journals on one URI (fd-journal-pg-seen.c). */
typedef struct _FdJournalPgSeen FdJournalPgSeen;

FdJournalPgSeen *fd_journal_pg_seen_get      (const char      *key);
void             fd_journal_pg_seen_unref    (FdJournalPgSeen *self);
void             fd_journal_pg_seen_add      (FdJournalPgSeen *self,
                                              FdJournalEntry  *entry);
FdJournalEntry  *fd_journal_pg_seen_lookup   (FdJournalPgSeen *self,
                                              gint64           id);
gboolean         fd_journal_pg_seen_contains (FdJournalPgSeen *self,
                                              gint64           id);

G_END_DECLS
