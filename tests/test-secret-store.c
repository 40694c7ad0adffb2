/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-application.h"
#include "fd-desk.h"
#include "fd-journal-page.h"
#include "fd-secret-store.h"
#include "fd-simulator.h"
#include "gui-test-utils.h"
#include "pg-test-util.h"
#include "test-files.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs inside tests/gui-test-wrapper.sh: a private session bus on which
 * nothing is activated, so at first there is no Secret Service at all. */

#define URL      "https://pbx.example:7443"
#define USERNAME "reception"
#define PASSWORD "Tr0ub4dor&3-frontdesk"

static char *home;

typedef struct {
  gboolean  done;
  gboolean  ok;
  char     *password;
  GError   *error;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->password, fd_secret_store_password_free);
  g_clear_error (&result->error);
  result->done = FALSE;
  result->ok = FALSE;
}

static void
on_stored (GObject      *source,
           GAsyncResult *async_result,
           gpointer      data)
{
  Result *result = data;

  result->ok = fd_secret_store_store_finish (FD_SECRET_STORE (source), async_result, &result->error);
  result->done = TRUE;
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *async_result,
              gpointer      data)
{
  Result *result = data;

  result->password = fd_secret_store_lookup_finish (FD_SECRET_STORE (source), async_result, &result->error);
  result->done = TRUE;
}

static void
store (FdSecretStore *secrets,
       const char    *password)
{
  Result result = { 0 };

  fd_secret_store_store_async (secrets, URL, USERNAME, password, NULL, on_stored, &result);
  FD_TEST_WAIT_FOR (result.done, 30);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  result_clear (&result);
}

static char *
lookup (FdSecretStore *secrets,
        const char    *username)
{
  Result result = { 0 };
  char *password;

  fd_secret_store_lookup_async (secrets, URL, username, NULL, on_looked_up, &result);
  FD_TEST_WAIT_FOR (result.done, 30);
  g_assert_no_error (result.error);
  password = g_steal_pointer (&result.password);
  result_clear (&result);
  return password;
}

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* No Secret Service: the password is kept in memory for this run, the
 * store says why in a sentence, and no file anywhere holds it. */
static void
test_no_service (void)
{
  g_autoptr(FdSecretStore) secrets = fd_secret_store_new ();
  g_autoptr(FdSecretStore) next_run = fd_secret_store_new ();
  g_autofree char *found = NULL;
  g_autofree char *other_user = NULL;
  g_autofree char *in_next_run = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *marker = g_build_filename (home, "marker", NULL);
  guint n_files = 0;

  g_assert_false (name_has_owner ("org.freedesktop.secrets"));
  g_assert_true (fd_secret_store_get_keyring_available (secrets));

  store (secrets, PASSWORD);
  g_assert_false (fd_secret_store_get_keyring_available (secrets));
  g_assert_cmpstr (fd_secret_store_get_problem (secrets), ==,
                   "No keyring (Secret Service) is running on this desktop.");

  found = lookup (secrets, USERNAME);
  g_assert_cmpstr (found, ==, PASSWORD);
  other_user = lookup (secrets, "someone-else");
  g_assert_null (other_user);
  /* Another run (another store) has nothing: it was memory only. */
  in_next_run = lookup (next_run, USERNAME);
  g_assert_null (in_next_run);
  g_assert_false (fd_secret_store_get_keyring_available (next_run));

  /* The walk sees files: one that holds the password would be found. */
  g_assert_true (g_file_set_contents (marker, "not a secret", -1, NULL));
  g_assert_false (tree_contains (home, PASSWORD, &n_files));
  g_assert_cmpuint (n_files, >=, 1);
  g_assert_true (tree_contains (home, "not a secret", &n_files));
  g_unlink (marker);

  store (secrets, "");
  cleared = lookup (secrets, USERNAME);
  g_assert_null (cleared);
}

static GPid
start_keyring_daemon (const char *keyring_home)
{
  g_autofree char *data = g_build_filename (keyring_home, ".local", "share", NULL);
  g_autofree char *config = g_build_filename (keyring_home, ".config", NULL);
  g_autofree char *cache = g_build_filename (keyring_home, ".cache", NULL);
  g_autofree char *runtime = g_build_filename (keyring_home, "run", NULL);
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  GPid pid = 0;
  int in = -1;

  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  /* Its HOME and XDG folders before it starts: it keeps its keyrings there. */
  envp = g_environ_setenv (envp, "HOME", keyring_home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &pid, &in, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The unlock password on stdin, then end of input. */
  g_assert_cmpint (write (in, "ci-password", 11), ==, 11);
  close (in);
  FD_TEST_WAIT_FOR (name_has_owner ("org.freedesktop.secrets"), 10);
  return pid;
}

static void
stop_keyring_daemon (GPid pid)
{
  int status = 0;

  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

/* A test gnome-keyring-daemon, unlocked, on the private bus: the password
 * goes there and comes back, also to another store and to libsecret
 * itself, and is cleared. */
static void
test_keyring (void)
{
  g_autofree char *keyring_home = NULL;
  g_autoptr(FdSecretStore) secrets = NULL;
  g_autoptr(FdSecretStore) next_run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  char *direct;
  GPid pid;

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  /* libsecret keeps the service it found; the last test's had none. */
  secret_service_disconnect ();
  keyring_home = g_dir_make_tmp ("frontdesk-keyring-XXXXXX", NULL);
  pid = start_keyring_daemon (keyring_home);

  secrets = fd_secret_store_new ();
  store (secrets, PASSWORD);
  g_assert_true (fd_secret_store_get_keyring_available (secrets));
  g_assert_null (fd_secret_store_get_problem (secrets));

  next_run = fd_secret_store_new ();
  found = lookup (next_run, USERNAME);
  g_assert_cmpstr (found, ==, PASSWORD);

  direct = secret_password_lookup_sync (fd_secret_store_get_schema (), NULL, &error,
                                        "server", URL, "user", USERNAME, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (direct, ==, PASSWORD);
  secret_password_free (direct);

  store (secrets, NULL);
  cleared = lookup (next_run, USERNAME);
  g_assert_null (cleared);

  g_clear_object (&secrets);
  g_clear_object (&next_run);
  secret_service_disconnect ();
  stop_keyring_daemon (pid);
  remove_tree (keyring_home);
}

typedef struct {
  FdApplication *app;
  gboolean       online;
} AppRun;

static gboolean
check_app (gpointer data)
{
  AppRun *run = data;
  FdPoller *poller = fd_application_get_poller (run->app);
  FdCallTracker *tracker = fd_application_get_tracker (run->app);

  FD_TEST_WAIT_FOR (fd_poller_get_state (poller) == FD_CONNECTION_ONLINE &&
                    fd_call_tracker_lookup (tracker, "k1") != NULL, 10);
  run->online = TRUE;
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

/* The app end to end: the saved address and user name, the password only
 * in the keyring, and a PBX that wants them: it gets the calls. */
static void
test_app_uses_keyring (void)
{
  g_autofree char *keyring_home = NULL;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(FdSimulator) simulator = NULL;
  g_autoptr(FdSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  AppRun run = { 0 };
  GPid pid;

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  secret_service_disconnect ();
  keyring_home = g_dir_make_tmp ("frontdesk-keyring-XXXXXX", NULL);
  pid = start_keyring_daemon (keyring_home);

  simulator = fd_simulator_new ();
  fd_simulator_set_credentials (simulator, USERNAME, PASSWORD);
  fd_simulator_load_scenario_data (simulator, "0.0 ring c1 id=k1 from=1000 to=1001\n", &error);
  g_assert_no_error (error);
  url = fd_simulator_listen (simulator, 0, &error);
  g_assert_no_error (error);

  /* What Preferences saved: GSettings, and the password in the keyring. */
  settings = fd_settings_new ();
  fd_settings_set_url (settings, url);
  fd_settings_set_username (settings, USERNAME);
  secret_password_store_sync (fd_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT, "test", PASSWORD,
                              NULL, &error, "server", url, "user", USERNAME, NULL);
  g_assert_no_error (error);

  run.app = fd_application_new (NULL, FALSE, FALSE);
  g_idle_add (check_app, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), 0, NULL), ==, 0);
  g_assert_true (run.online);
  g_clear_object (&run.app);

  fd_simulator_stop (simulator);
  secret_service_disconnect ();
  stop_keyring_daemon (pid);
  remove_tree (keyring_home);
}

typedef struct {
  FdApplication *app;
  FdJournal     *journal;
  char          *journal_error;
} JournalRun;

static gboolean
check_journal (gpointer data)
{
  JournalRun *run = data;
  FdDesk *desk = fd_application_get_desk (run->app);

  FD_TEST_WAIT_FOR (fd_desk_get_journal (desk) != NULL || fd_desk_get_journal_error (desk) != NULL, 20);
  g_set_object (&run->journal, fd_desk_get_journal (desk));
  run->journal_error = g_strdup (fd_desk_get_journal_error (desk));
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

/* What Preferences → Journal does: the location, then @password, saved
 * in the keyring when the page is done. */
static void
save_journal_preferences (FdSettings    *settings,
                          FdSecretStore *secrets,
                          const char    *uri,
                          const char    *password)
{
  GtkWidget *page = g_object_ref_sink (fd_journal_page_new (settings, secrets));
  GtkEntry *location = fd_journal_page_get_location_entry (FD_JOURNAL_PAGE (page));
  GtkEntry *password_entry = fd_journal_page_get_password_entry (FD_JOURNAL_PAGE (page));

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (password_entry)));
  gtk_entry_set_text (location, uri);
  g_signal_emit_by_name (location, "activate");
  g_assert_cmpstr (fd_settings_get_journal (settings), ==, uri);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (password_entry)));
  FD_TEST_WAIT_FOR (!fd_journal_page_is_busy (FD_JOURNAL_PAGE (page)), 10);
  gtk_entry_set_text (password_entry, password);
  fd_journal_page_commit (FD_JOURNAL_PAGE (page));
  FD_TEST_WAIT_FOR (!fd_journal_page_is_busy (FD_JOURNAL_PAGE (page)), 10);
  gtk_widget_destroy (page);
  g_object_unref (page);
}

/* Preferences → Journal saves @password in the keyring, keyed by the URI
 * without it; the app's next start opens the PostgreSQL journal
 * (password authentication, no PGPASSFILE) with it. */
static void
run_app_with_journal_password (const char *password,
                               JournalRun *run)
{
  g_autofree char *keyring_home = NULL;
  g_autoptr(FdSettings) settings = NULL;
  g_autoptr(FdSecretStore) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *key = NULL;
  char *direct;
  FdPgTestServer *server;
  GPid pid;

  server = fd_pg_test_server_start (FALSE, &error);
  g_assert_no_error (error);
  g_setenv ("PGPASSFILE", "/nonexistent/pgpass", TRUE);
  secret_service_disconnect ();
  keyring_home = g_dir_make_tmp ("frontdesk-keyring-XXXXXX", NULL);
  pid = start_keyring_daemon (keyring_home);

  uri = fd_pg_test_server_uri (server, NULL, "?sslmode=disable");
  settings = fd_settings_new ();
  fd_settings_set_url (settings, "http://127.0.0.1:1");
  fd_settings_set_journal (settings, "");
  secrets = fd_secret_store_new ();
  save_journal_preferences (settings, secrets, uri, password);
  key = g_strdup_printf ("postgresql://" FD_PG_TEST_USER "@127.0.0.1:%u/postgres",
                         fd_pg_test_server_port (server));
  direct = secret_password_lookup_sync (fd_secret_store_get_schema (), NULL, &error,
                                        "server", key, "user", FD_PG_TEST_USER, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (direct, ==, password);
  secret_password_free (direct);

  run->app = fd_application_new (NULL, FALSE, FALSE);
  g_idle_add (check_journal, run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run->app), 0, NULL), ==, 0);
  g_clear_object (&run->app);

  fd_settings_set_journal (settings, "");
  secret_service_disconnect ();
  stop_keyring_daemon (pid);
  remove_tree (keyring_home);
  fd_pg_test_server_stop (server);
  g_unsetenv ("PGPASSFILE");
}

/* An application of its own: GLib names one per process. FALSE in the
 * parent, which has checked the child's result. */
static gboolean
in_own_process (void)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return FALSE;
    }
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_app_journal_password (void)
{
  JournalRun run = { 0 };

  if (!in_own_process ())
    return;
  run_app_with_journal_password (FD_PG_TEST_PASSWORD, &run);
  g_assert_null (run.journal_error);
  g_assert_nonnull (run.journal);
  g_assert_null (strstr (fd_journal_get_path (run.journal), FD_PG_TEST_PASSWORD));
  g_clear_object (&run.journal);
}

/* A wrong saved password: no journal, and the one sentence, without it. */
static void
test_app_journal_wrong_password (void)
{
  JournalRun run = { 0 };

  if (!in_own_process ())
    return;
  run_app_with_journal_password ("not-" FD_PG_TEST_PASSWORD, &run);
  g_assert_null (run.journal);
  g_assert_cmpstr (run.journal_error, ==, "The journal database refused the user name or password.");
  g_free (run.journal_error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  home = g_dir_make_tmp ("frontdesk-secrets-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* GTK 3.24's CSS transitions leak computed values (LeakSanitizer shows
   * gtk_css_animated_style_new_advance()); the tests need no animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* In this order: the first test needs the bus without a keyring. */
  g_test_add_func ("/frontdesk/secrets/no-service", test_no_service);
  g_test_add_func ("/frontdesk/secrets/keyring", test_keyring);
  g_test_add_func ("/frontdesk/secrets/app-uses-keyring", test_app_uses_keyring);
  g_test_add_func ("/frontdesk/secrets/app-journal-password", test_app_journal_password);
  g_test_add_func ("/frontdesk/secrets/app-journal-wrong-password", test_app_journal_wrong_password);
  status = g_test_run ();

  remove_tree (home);
  g_free (home);
  return status;
}
