/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL journal against a throwaway server (one per program). */
#include "fd-journal-pg-private.h"
#include "fd-journal-pg.h"
#include "fd-journal-uri.h"
#include "fd-journal-worker.h"
#include "fd-journal.h"
#include "pg-test-util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

static FdJournalEntry *
seen_entry (gint64 id)
{
  g_autoptr(FdCall) call = fd_call_new ("seen");
  g_autoptr(GDateTime) ended = g_date_time_new_utc (2024, 1, 31, 8, 0, 0);

  return fd_journal_entry_new (id, call, FD_CALL_OUTCOME_MISSED, ended, FALSE, NULL);
}

/* The rows known to exist are one store per URI in the process (the
 * desk's worker and the window share it), and it keeps the last 20,000
 * it learnt of, not every row ever scrolled past. */
static void
test_seen_store (void)
{
  FdJournalPgSeen *seen = fd_journal_pg_seen_get ("postgresql://a@h/db");
  FdJournalPgSeen *same = fd_journal_pg_seen_get ("postgresql://a@h/db");
  FdJournalPgSeen *other = fd_journal_pg_seen_get ("postgresql://b@h/db");
  g_autoptr(FdJournalEntry) first = seen_entry (1);
  g_autoptr(FdJournalEntry) again = NULL;

  fd_journal_pg_seen_add (seen, first);
  g_assert_true (fd_journal_pg_seen_contains (same, 1));
  g_assert_false (fd_journal_pg_seen_contains (other, 1));
  again = fd_journal_pg_seen_lookup (same, 1);
  g_assert_true (again == first);
  /* Learnt again: not counted twice, and still the oldest. */
  fd_journal_pg_seen_add (seen, first);
  for (gint64 id = 2; id <= 20000; id++)
    {
      g_autoptr(FdJournalEntry) entry = seen_entry (id);

      fd_journal_pg_seen_add (seen, entry);
    }
  g_assert_true (fd_journal_pg_seen_contains (seen, 1));
  {
    g_autoptr(FdJournalEntry) entry = seen_entry (20001);

    fd_journal_pg_seen_add (seen, entry);
  }
  g_assert_false (fd_journal_pg_seen_contains (seen, 1));
  g_assert_true (fd_journal_pg_seen_contains (seen, 2));
  g_assert_true (fd_journal_pg_seen_contains (seen, 20001));
  fd_journal_pg_seen_unref (same);
  fd_journal_pg_seen_unref (seen);
  fd_journal_pg_seen_unref (other);
  /* The last one gone, the URI starts afresh. */
  seen = fd_journal_pg_seen_get ("postgresql://a@h/db");
  g_assert_false (fd_journal_pg_seen_contains (seen, 2));
  fd_journal_pg_seen_unref (seen);
}

/* Port 1 on loopback: nothing listens there, so the connection is refused. */
static void
test_unreachable (void)
{
  g_autofree char *uri = g_strdup_printf ("postgresql://" FD_PG_TEST_USER ":" FD_PG_TEST_PASSWORD
                                          "@127.0.0.1:1/postgres?sslmode=disable");
  g_autoptr(GError) error = NULL;

  g_assert_null (fd_journal_pg_connect (uri, &error));
  /* Its own code: the desk tells it from a refusal. */
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_UNREACHABLE);
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

/* The process's own command line, its NULs made spaces. */
static char *
dup_cmdline (void)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents ("/proc/self/cmdline", &text, &length, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < length; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  return text;
}

static FdCall *
make_call (const char *id)
{
  FdCall *call = fd_call_new (id);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 1, 31, 8, 0, 0);

  fd_call_set_start_time (call, "2024-01-31T08:00:00Z", start);
  fd_call_set_caller_id (call, "+36 30 111 2222");
  fd_call_set_destination (call, "100");
  fd_call_set_ring_seconds (call, 5);
  return call;
}

static void
on_worker_added (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(gint64 *) data = fd_journal_worker_add_finish (FD_JOURNAL_WORKER (source), result, &error);
  g_assert_no_error (error);
}

/* The desk's worker reopens the journal in its thread: with the password
 * it was opened with, or it could not connect. */
static void
assert_worker_writes (FdJournal *journal)
{
  g_autoptr(FdJournalWorker) worker = fd_journal_worker_new_for_journal (journal);
  g_autoptr(FdCall) call = make_call ("keyring-worker");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gint64 id = 0;

  fd_journal_worker_add_async (worker, call, FD_CALL_OUTCOME_MISSED, FD_JOURNAL_SOURCE_POLL,
                               NULL, NULL, on_worker_added, &id);
  while (id == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_cmpint (id, >, 0);
}

/* The password the desktop keeps in the keyring, given beside a URI that
 * has none (and no PGPASSFILE serves): the server's scram authentication
 * takes it; it shows nowhere; a wrong one is the usual sentence. */
static void
test_password_given (void)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, NULL, "?sslmode=disable");
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(FdJournal) again = NULL;
  g_autoptr(FdCall) call = make_call ("keyring-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *cmdline = NULL;

  g_assert_null (fd_journal_open_uri (uri, &error));
  g_assert_cmpstr (error->message, ==, "The journal database refused the user name or password.");
  g_clear_error (&error);
  g_assert_null (fd_journal_open_uri_with_password (uri, "not-" FD_PG_TEST_PASSWORD, &error));
  g_assert_cmpstr (error->message, ==, "The journal database refused the user name or password.");
  assert_no_secret (error, uri);
  g_clear_error (&error);

  journal = fd_journal_open_uri_with_password (uri, FD_PG_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (journal);
  g_assert_cmpint (fd_journal_add_full (journal, call, FD_CALL_OUTCOME_MISSED, NULL,
                                        FD_JOURNAL_SOURCE_POLL, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_null (strstr (fd_journal_get_path (journal), FD_PG_TEST_PASSWORD));
  g_assert_nonnull (strstr (fd_journal_get_path (journal), "postgresql://" FD_PG_TEST_USER "@"));

  again = fd_journal_reopen (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fd_journal_count_unhandled_missed (again, &error), >=, 1);
  g_assert_no_error (error);
  assert_worker_writes (journal);

  cmdline = dup_cmdline ();
  g_assert_null (strstr (cmdline, FD_PG_TEST_PASSWORD));
}

/* The keyring's key for a URI: no password, no query; its user. */
static void
test_password_key (void)
{
  g_autofree char *shown = fd_journal_uri_dup_shown ("postgresql://ann:pw@db.example:5433/desk"
                                                     "?sslmode=verify-full&password=pw2");
  g_autofree char *user = fd_journal_uri_dup_user ("postgresql://ann:pw@db.example/desk");
  g_autofree char *none = fd_journal_uri_dup_user ("postgresql://db.example/desk");

  g_assert_cmpstr (shown, ==, "postgresql://ann@db.example:5433/desk");
  g_assert_cmpstr (user, ==, "ann");
  g_assert_null (none);
  g_assert_null (fd_journal_uri_dup_shown ("/var/lib/frontdesk/journal.db"));
  g_assert_true (fd_journal_uri_is_postgresql ("postgres://db/desk"));
  g_assert_false (fd_journal_uri_is_postgresql ("sqlite:/tmp/j.db"));
}

/* In the forked child: a server of its own, its postmaster's pid and
 * folder told to the parent, then waiting to be killed. */
static void G_GNUC_NORETURN
run_doomed_child (int out)
{
  g_autoptr(GError) error = NULL;
  FdPgTestServer *doomed = fd_pg_test_server_start (FALSE, &error);
  g_autofree char *line = NULL;

  if (doomed == NULL)
    _exit (3);
  line = g_strdup_printf ("%d %s\n", (int) fd_pg_test_server_pid (doomed),
                          fd_pg_test_server_dir (doomed));
  if (write (out, line, strlen (line)) != (ssize_t) strlen (line))
    _exit (4);
  for (;;)
    pause ();
}

/* A test process that is killed (SIGKILL: no cleanup of its own runs)
 * takes its throwaway server with it: the postmaster is gone soon after. */
static void
test_server_dies_with_test (void)
{
  g_autofree char *dir = NULL;
  char buffer[4096] = { 0 };
  gsize length = 0;
  gint64 deadline;
  int fds[2];
  int status = 0;
  pid_t child;
  GPid postmaster = 0;

  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      close (fds[0]);
      run_doomed_child (fds[1]);
    }
  close (fds[1]);
  /* The child writes one line, or dies (EOF). */
  for (ssize_t n; length < sizeof buffer - 1 && strchr (buffer, '\n') == NULL &&
       (n = read (fds[0], buffer + length, sizeof buffer - 1 - length)) > 0;)
    length += n;
  close (fds[0]);
  g_assert_nonnull (strchr (buffer, '\n'));
  postmaster = (GPid) g_ascii_strtoll (buffer, NULL, 10);
  dir = g_strstrip (g_strdup (strchr (buffer, ' ')));
  g_assert_cmpint (postmaster, >, 0);
  g_assert_false (fd_pg_test_pid_is_gone (postmaster));

  g_assert_cmpint (kill (child, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!fd_pg_test_pid_is_gone (postmaster) && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_true (fd_pg_test_pid_is_gone (postmaster));
  {
    const char *argv[] = { "rm", "-rf", dir, NULL };

    g_assert_true (g_str_has_prefix (dir, g_get_tmp_dir ()));
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Only what a test gives serves as the password: no ~/.pgpass. */
  g_setenv ("PGPASSFILE", "/nonexistent/pgpass", TRUE);
  server = fd_pg_test_server_start (FALSE, &error);
  g_assert_no_error (error);
  tls_server = fd_pg_test_server_start (TRUE, &error);
  g_assert_no_error (error);
  /* First, while this process has no thread but its own to fork. */
  g_test_add_func ("/journal-pg/server-dies-with-test", test_server_dies_with_test);
  g_test_add_func ("/journal-pg/open-migrate", test_open_migrate);
  g_test_add_func ("/journal-pg/wrong-password", test_wrong_password);
  g_test_add_func ("/journal-pg/unreachable", test_unreachable);
  g_test_add_func ("/journal-pg/seen-store", test_seen_store);
  g_test_add_func ("/journal-pg/tls-refused", test_tls_refused);
  g_test_add_func ("/journal-pg/password-given", test_password_given);
  g_test_add_func ("/journal-pg/password-key", test_password_key);
  status = g_test_run ();
  fd_pg_test_server_stop (tls_server);
  fd_pg_test_server_stop (server);
  return status;
}
