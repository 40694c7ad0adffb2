/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pg-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* nobody:nogroup on Debian; only used when running as root. */
#define UNPRIVILEGED_UID 65534
#define UNPRIVILEGED_GID 65534

struct _FdPgTestServer {
  char    *dir;
  char    *bindir;
  guint16  port;
  /* The postmaster, our own child while it runs; 0 when stopped. */
  GPid     pid;
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

typedef struct {
  const char *log;
  pid_t       parent;
} ChildSetup;

/* In the child, before exec: the log as stdout and stderr, nobody's
 * credentials when we are root (PostgreSQL refuses root), and then the
 * parent-death signal, which a change of credentials would clear. So a
 * test that aborts or is killed takes its server with it: SIGQUIT is
 * the postmaster's immediate shutdown, which ends its backends too.
 * Only async-signal-safe calls here. */
static void
child_setup (gpointer data)
{
  const ChildSetup *setup = data;
  int fd = open (setup->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

  if (fd < 0 || dup2 (fd, STDOUT_FILENO) < 0 || dup2 (fd, STDERR_FILENO) < 0)
    _exit (126);
  close (fd);
  if (geteuid () == 0 &&
      (setgroups (0, NULL) != 0 || setgid (UNPRIVILEGED_GID) != 0 || setuid (UNPRIVILEGED_UID) != 0))
    _exit (126);
  if (prctl (PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid () != setup->parent)
    _exit (126);
}

/* Whether @pid is gone: no such process, or a zombie nobody reaped yet. */
gboolean
fd_pg_test_pid_is_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (kill (pid, 0) != 0 && errno == ESRCH)
    return TRUE;
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  /* "pid (comm) S …": the state follows the last ')'. */
  state = strrchr (stat, ')');
  return state != NULL && (state[2] == 'Z' || state[2] == 'X');
}

/* Until the server accepts connections (or has died), 30 s at most. */
static gboolean
wait_until_ready (FdPgTestServer  *server,
                  GError         **error)
{
  g_autofree char *conninfo = g_strdup_printf ("host=%s port=%u dbname=postgres user=%s",
                                               server->dir, server->port, FD_PG_TEST_USER);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      int status = 0;

      if (PQping (conninfo) == PQPING_OK)
        return TRUE;
      if (waitpid (server->pid, &status, WNOHANG) == server->pid)
        {
          server->pid = 0;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "postgres exited before accepting connections (see %s/server.log)",
                       server->dir);
          return FALSE;
        }
      g_usleep (20 * 1000);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "postgres did not accept connections within 30 s (see %s/server.log)", server->dir);
  return FALSE;
}

/* Reaps the postmaster once it is stopping or stopped. */
static void
reap (FdPgTestServer *server)
{
  int status = 0;

  if (server->pid != 0)
    waitpid (server->pid, &status, 0);
  server->pid = 0;
}

/* Starts the server on its data directory and port, again after
 * fd_pg_test_server_crash(): postgres itself, as our direct child (no
 * pg_ctl, which would daemonise it away from us). */
gboolean
fd_pg_test_server_restart (FdPgTestServer  *server,
                           GError         **error)
{
  g_autofree char *postgres = g_build_filename (server->bindir, "postgres", NULL);
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  g_autofree char *log = g_build_filename (server->dir, "server.log", NULL);
  const char *argv[] = { postgres, "-D", data, NULL };
  ChildSetup setup = { log, getpid () };

  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup, &setup,
                      &server->pid, error))
    return FALSE;
  if (wait_until_ready (server, error))
    return TRUE;
  if (server->pid != 0)
    {
      kill (server->pid, SIGQUIT);
      reap (server);
    }
  return FALSE;
}

GPid
fd_pg_test_server_pid (FdPgTestServer *server)
{
  return server->pid;
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

  if (!run (argv, error))
    return FALSE;
  reap (server);
  return TRUE;
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
      reap (server);
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
