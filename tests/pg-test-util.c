/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pg-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* nobody:nogroup on Debian; only used when running as root. */
#define UNPRIVILEGED_UID 65534
#define UNPRIVILEGED_GID 65534

struct _FdPgTestServer {
  char    *dir;
  char    *bindir;
  guint16  port;
};

/* The newest installed major version: Debian puts each one in its own
 * directory and pg_config is not always on PATH. */
static char *
find_bindir (GError **error)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  const char *name;
  g_autofree char *best = NULL;
  guint64 best_major = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      guint64 major = g_ascii_strtoull (name, NULL, 10);
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name,
                                                  "bin", "initdb", NULL);

      if (major > best_major && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_major = major;
          g_free (best);
          best = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
        }
    }
  if (best == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin.");
  return g_steal_pointer (&best);
}

/* The kernel picks a free port; the tiny race until postgres binds it
 * is acceptable in a test. */
static guint16
free_port (GError **error)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (sock == NULL || !g_socket_bind (sock, any, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (sock, error);
  if (bound == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Runs ARGV, as nobody when we are root; its output goes to the test log
 * only on failure. */
static gboolean
run (const char * const *argv,
     GError            **error)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (geteuid () == 0)
    {
      g_ptr_array_add (full, (gpointer) "setpriv");
      g_ptr_array_add (full, (gpointer) "--reuid=65534");
      g_ptr_array_add (full, (gpointer) "--regid=65534");
      g_ptr_array_add (full, (gpointer) "--clear-groups");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);
  if (!g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s%s: ", argv[0], out, err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_cert (FdPgTestServer *server,
           const char     *data,
           GError        **error)
{
  g_autofree char *crt = g_build_filename (data, "server.crt", NULL);
  g_autofree char *key = g_build_filename (data, "server.key", NULL);
  const char *argv[] = { "openssl", "req", "-new", "-x509", "-days", "2", "-nodes",
                         "-subj", "/CN=127.0.0.1", "-newkey", "rsa:2048",
                         "-keyout", key, "-out", crt, NULL };

  g_autofree char *other = g_build_filename (server->dir, "other-root.crt", NULL);
  g_autofree char *other_key = g_build_filename (server->dir, "other-root.key", NULL);
  /* A root that did not sign the server's certificate: clients trusting
   * only it must refuse the server. */
  const char *other_argv[] = { "openssl", "req", "-new", "-x509", "-days", "2", "-nodes",
                               "-subj", "/CN=Other Root", "-newkey", "rsa:2048",
                               "-keyout", other_key, "-out", other, NULL };

  return run (argv, error) && run (other_argv, error);
}

static gboolean
init_cluster (FdPgTestServer *server,
              gboolean        ssl,
              GError        **error)
{
  g_autofree char *initdb = g_build_filename (server->bindir, "initdb", NULL);
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  g_autofree char *pwfile = g_build_filename (server->dir, "pw", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *extra = NULL;
  const char *argv[] = { initdb, "-D", data, "-U", FD_PG_TEST_USER, "--pwfile", pwfile,
                         "--auth-host=scram-sha-256", "--auth-local=trust",
                         "--no-sync", "-E", "UTF8", "--locale=C.UTF-8", NULL };

  if (!g_file_set_contents (pwfile, FD_PG_TEST_PASSWORD "\n", -1, error))
    return FALSE;
  if (geteuid () == 0 && chown (pwfile, UNPRIVILEGED_UID, UNPRIVILEGED_GID) != 0)
    return FALSE;
  if (!run (argv, error))
    return FALSE;
  if (ssl && !make_cert (server, data, error))
    return FALSE;
  conf = g_build_filename (data, "postgresql.auto.conf", NULL);
  extra = g_strdup_printf ("port = %u\nlisten_addresses = '127.0.0.1'\n"
                           "unix_socket_directories = '%s'\nfsync = off\nssl = %s\n",
                           server->port, server->dir, ssl ? "on" : "off");
  /* Appended as nobody would: the file must stay the server's. */
  {
    const char *append[] = { "sh", "-c", "printf '%s' \"$1\" >> \"$2\"", "sh", extra, conf, NULL };

    return run (append, error);
  }
}

FdPgTestServer *
fd_pg_test_server_start (gboolean   ssl,
                         GError   **error)
{
  g_autoptr(GError) local = NULL;
  FdPgTestServer *server = g_new0 (FdPgTestServer, 1);

  server->bindir = find_bindir (&local);
  if (server->bindir != NULL)
    server->dir = g_dir_make_tmp ("frontdesk-pg-XXXXXX", &local);
  if (server->dir != NULL)
    server->port = free_port (&local);
  if (server->port == 0)
    goto fail;
  if (geteuid () == 0 && chown (server->dir, UNPRIVILEGED_UID, UNPRIVILEGED_GID) != 0)
    {
      g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_FAILED, "chown of the temp dir failed");
      goto fail;
    }
  if (!init_cluster (server, ssl, &local))
    goto fail;
  if (!fd_pg_test_server_restart (server, &local))
    goto fail;
  return server;

fail:
  g_propagate_error (error, g_steal_pointer (&local));
  fd_pg_test_server_stop (server);
  return NULL;
}

/* Starts the server on its data directory and port, again after
 * fd_pg_test_server_crash(). */
gboolean
fd_pg_test_server_restart (FdPgTestServer  *server,
                           GError         **error)
{
  g_autofree char *pg_ctl = g_build_filename (server->bindir, "pg_ctl", NULL);
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  g_autofree char *log = g_build_filename (server->dir, "server.log", NULL);
  /* -w waits until the server accepts connections: no sleeps. */
  const char *argv[] = { pg_ctl, "-D", data, "-l", log, "-w", "-t", "30", "start", NULL };

  return run (argv, error);
}

/* Stops the server as a crash would: "immediate" sends SIGQUIT, every
 * backend dies at once, nothing is checkpointed, and the next start
 * recovers from the WAL. The data directory stays. */
gboolean
fd_pg_test_server_crash (FdPgTestServer  *server,
                         GError         **error)
{
  g_autofree char *pg_ctl = g_build_filename (server->bindir, "pg_ctl", NULL);
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  const char *argv[] = { pg_ctl, "-D", data, "-m", "immediate", "-w", "stop", NULL };

  return run (argv, error);
}

guint16
fd_pg_test_server_port (FdPgTestServer *server)
{
  return server->port;
}

const char *
fd_pg_test_server_dir (FdPgTestServer *server)
{
  return server->dir;
}

char *
fd_pg_test_server_uri (FdPgTestServer *server,
                       const char     *password,
                       const char     *extra)
{
  return g_strdup_printf ("postgresql://%s%s%s@127.0.0.1:%u/postgres%s", FD_PG_TEST_USER,
                          password != NULL ? ":" : "", password != NULL ? password : "",
                          server->port, extra != NULL ? extra : "");
}

/* Immediate stop: the data is thrown away anyway. */
void
fd_pg_test_server_stop (FdPgTestServer *server)
{
  if (server == NULL)
    return;
  if (server->dir != NULL && server->bindir != NULL)
    {
      g_autofree char *pg_ctl = g_build_filename (server->bindir, "pg_ctl", NULL);
      g_autofree char *data = g_build_filename (server->dir, "data", NULL);
      g_autofree char *pid = g_build_filename (data, "postmaster.pid", NULL);
      const char *argv[] = { pg_ctl, "-D", data, "-m", "immediate", "-w", "stop", NULL };

      if (g_file_test (pid, G_FILE_TEST_EXISTS))
        run (argv, NULL);
    }
  if (server->dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", server->dir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                    NULL, NULL, NULL, NULL);
    }
  g_free (server->dir);
  g_free (server->bindir);
  g_free (server);
}
