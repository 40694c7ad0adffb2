/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-pg-private.h"

#include <glib-unix.h>

/* A connection that only LISTENs to FD_JOURNAL_PG_CHANNEL, its socket
 * watched in the main context of the thread that opened the journal: a
 * notice from another writer arrives within milliseconds, and nothing
 * polls the database. When the server goes away the listener reconnects
 * without blocking that context (a GUI must not freeze on a dead
 * network), trying every second, and says so once it is back (notices
 * may have been missed meanwhile). */

#define RETRY_MS 1000
/* A connection attempt not through by then is abandoned and started over. */
#define CONNECT_DEADLINE_USEC (5 * G_USEC_PER_SEC)

struct _FdJournalPgListener
{
  /* Owned. May hold the password: never logged. */
  char                  *uri;
  /* Owned, nullable: the keyring's password; wiped when freed. */
  char                  *password;
  PGconn                *conn;
  /* The socket's watch: while connecting, or while listening. */
  GSource               *watch;
  /* While not listening: the timer that (re)starts connecting. */
  GSource               *retry;
  GMainContext          *context;
  gint64                 connect_started;

  FdJournalPgNotifyFunc  func;
  gpointer               data;
};

static gboolean on_readable (int fd, GIOCondition condition, gpointer data);
static gboolean on_connect_ready (int fd, GIOCondition condition, gpointer data);

static void
drop_watch (FdJournalPgListener *self)
{
  if (self->watch != NULL)
    g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);
}

static void
drop_connection (FdJournalPgListener *self)
{
  drop_watch (self);
  g_clear_pointer (&self->conn, PQfinish);
}

/* The socket may change while libpq connects (another address, TLS
 * fallback): a fresh watch each time. */
static void
watch_socket (FdJournalPgListener *self,
              GIOCondition         condition,
              GUnixFDSourceFunc    func)
{
  drop_watch (self);
  self->watch = g_unix_fd_source_new (PQsocket (self->conn), condition | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (func), self, NULL);
  g_source_attach (self->watch, self->context);
}

/* On a connected @conn: the LISTEN round trip is quick, so it blocks. */
static gboolean
start_listening (FdJournalPgListener *self)
{
  PGresult *res = PQexec (self->conn, "LISTEN " FD_JOURNAL_PG_CHANNEL);
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  PQclear (res);
  if (!ok)
    return FALSE;
  watch_socket (self, G_IO_IN, on_readable);
  return TRUE;
}

static gboolean
on_retry (gpointer data)
{
  FdJournalPgListener *self = data;

  if (self->conn != NULL &&
      g_get_monotonic_time () - self->connect_started > CONNECT_DEADLINE_USEC)
    drop_connection (self);
  if (self->conn == NULL && (self->conn = fd_journal_pg_connect_start (self->uri, self->password)) != NULL)
    {
      self->connect_started = g_get_monotonic_time ();
      /* As if PQconnectPoll() had said PGRES_POLLING_WRITING. */
      watch_socket (self, G_IO_OUT, on_connect_ready);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_retrying (FdJournalPgListener *self)
{
  drop_connection (self);
  if (self->retry != NULL)
    return;
  self->retry = g_timeout_source_new (RETRY_MS);
  g_source_set_callback (self->retry, on_retry, self, NULL);
  g_source_attach (self->retry, self->context);
}

static void
stop_retrying (FdJournalPgListener *self)
{
  if (self->retry != NULL)
    g_source_destroy (self->retry);
  g_clear_pointer (&self->retry, g_source_unref);
}

/* One step of PQconnectPoll(), each time the socket is ready. */
static gboolean
on_connect_ready (int           fd,
                  GIOCondition  condition,
                  gpointer      data)
{
  FdJournalPgListener *self = data;

  switch (PQconnectPoll (self->conn))
    {
    case PGRES_POLLING_READING:
      watch_socket (self, G_IO_IN, on_connect_ready);
      break;
    case PGRES_POLLING_WRITING:
      watch_socket (self, G_IO_OUT, on_connect_ready);
      break;
    case PGRES_POLLING_OK:
      if (!start_listening (self))
        {
          drop_connection (self);
          break;
        }
      g_debug ("Listening to the journal database again.");
      stop_retrying (self);
      self->func (self->data, 0, 0);
      break;
    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      /* The retry timer starts over. */
      drop_connection (self);
      break;
    }
  return G_SOURCE_REMOVE;
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

static FdJournalPgListener *
listener_new (const char             *uri,
              const char             *password,
              FdJournalPgNotifyFunc   func,
              gpointer                data)
{
  FdJournalPgListener *self = g_new0 (FdJournalPgListener, 1);

  self->uri = g_strdup (uri);
  self->password = g_strdup (password);
  self->func = func;
  self->data = data;
  self->context = g_main_context_ref_thread_default ();
  return self;
}

/**
 * fd_journal_pg_listener_new_offline:
 *
 * A listener for a journal opened while its server could not be reached:
 * it starts retrying at once, without blocking, and calls @func with
 * (0, 0) once it listens, as after any reconnection.
 */
FdJournalPgListener *
fd_journal_pg_listener_new_offline (const char             *uri,
                                    const char             *password,
                                    FdJournalPgNotifyFunc   func,
                                    gpointer                data)
{
  FdJournalPgListener *self = listener_new (uri, password, func, data);

  start_retrying (self);
  return self;
}

FdJournalPgListener *
fd_journal_pg_listener_new (const char             *uri,
                            const char             *password,
                            FdJournalPgNotifyFunc   func,
                            gpointer                data,
                            GError                **error)
{
  FdJournalPgListener *self = listener_new (uri, password, func, data);

  /* The first connection blocks, as opening the journal does. */
  if ((self->conn = fd_journal_pg_connect_with_password (uri, password, error)) == NULL)
    {
      fd_journal_pg_listener_free (self);
      return NULL;
    }
  if (!start_listening (self))
    {
      fd_journal_pg_set_connect_error (self->conn, error);
      fd_journal_pg_listener_free (self);
      return NULL;
    }
  return self;
}

void
fd_journal_pg_listener_free (FdJournalPgListener *self)
{
  drop_connection (self);
  stop_retrying (self);
  g_main_context_unref (self->context);
  g_free (self->uri);
  fd_journal_pg_wipe_password (self->password);
  g_free (self);
}
