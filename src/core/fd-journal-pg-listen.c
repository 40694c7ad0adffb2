/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-pg-private.h"

#include <glib-unix.h>

/* A connection that only LISTENs to FD_JOURNAL_PG_CHANNEL, its socket
 * watched in the main context of the thread that opened the journal: a
 * notice from another writer arrives within milliseconds, and nothing
 * polls the database. When the server goes away the listener tries again
 * every second, and says so once it is back (notices may have been
 * missed meanwhile). */

#define RETRY_MS 1000

struct _FdJournalPgListener
{
  /* Owned. May hold the password: never logged. */
  char                  *uri;
  PGconn                *conn;
  GSource               *watch;
  GSource               *retry;
  GMainContext          *context;

  FdJournalPgNotifyFunc  func;
  gpointer               data;
};

static gboolean on_readable (int fd, GIOCondition condition, gpointer data);

static void
drop_connection (FdJournalPgListener *self)
{
  if (self->watch != NULL)
    g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);
  g_clear_pointer (&self->conn, PQfinish);
}

static gboolean
listen_on (FdJournalPgListener  *self,
           GError              **error)
{
  PGresult *res;
  gboolean ok;

  if ((self->conn = fd_journal_pg_connect (self->uri, error)) == NULL)
    return FALSE;
  res = PQexec (self->conn, "LISTEN " FD_JOURNAL_PG_CHANNEL);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  PQclear (res);
  if (!ok)
    {
      fd_journal_pg_set_connect_error (self->conn, error);
      drop_connection (self);
      return FALSE;
    }
  self->watch = g_unix_fd_source_new (PQsocket (self->conn), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_attach (self->watch, self->context);
  return TRUE;
}

static gboolean
on_retry (gpointer data)
{
  FdJournalPgListener *self = data;

  if (!listen_on (self, NULL))
    return G_SOURCE_CONTINUE;
  g_debug ("Listening to the journal database again.");
  g_clear_pointer (&self->retry, g_source_unref);
  self->func (self->data, 0, 0);
  return G_SOURCE_REMOVE;
}

static void
start_retrying (FdJournalPgListener *self)
{
  drop_connection (self);
  self->retry = g_timeout_source_new (RETRY_MS);
  g_source_set_callback (self->retry, on_retry, self, NULL);
  g_source_attach (self->retry, self->context);
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  FdJournalPgListener *self = data;
  PGnotify *notify;

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) == CONNECTION_BAD)
    {
      g_debug ("The journal database's listening connection broke; retrying.");
      start_retrying (self);
      return G_SOURCE_REMOVE;
    }
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      gint64 id = g_ascii_strtoll (notify->extra, NULL, 10);
      int pid = notify->be_pid;

      PQfreemem (notify);
      self->func (self->data, pid, id);
    }
  return G_SOURCE_CONTINUE;
}

FdJournalPgListener *
fd_journal_pg_listener_new (const char             *uri,
                            FdJournalPgNotifyFunc   func,
                            gpointer                data,
                            GError                **error)
{
  FdJournalPgListener *self = g_new0 (FdJournalPgListener, 1);

  self->uri = g_strdup (uri);
  self->func = func;
  self->data = data;
  self->context = g_main_context_ref_thread_default ();
  if (!listen_on (self, error))
    {
      fd_journal_pg_listener_free (self);
      return NULL;
    }
  return self;
}

void
fd_journal_pg_listener_free (FdJournalPgListener *self)
{
  drop_connection (self);
  if (self->retry != NULL)
    g_source_destroy (self->retry);
  g_clear_pointer (&self->retry, g_source_unref);
  g_main_context_unref (self->context);
  g_free (self->uri);
  g_free (self);
}
