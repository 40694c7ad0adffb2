/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-autostart.h"
#include "fd-call-tracker.h"
#include "fd-client.h"
#include "fd-journal-page.h"
#include "fd-journal.h"
#include "fd-poller.h"
#include "fd-preferences-dialog.h"
#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"
#include "test-files.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include <string.h>

/* Runs inside tests/gui-test-wrapper.sh: a private session bus without a
 * Secret Service, so passwords stay in memory. GSettings writes a key file
 * under a temporary HOME, so that a password written anywhere on disk
 * would be found. */

#define PIN_1    "2682c7728fd332302d6d972de37faf45c676d8266f38874dd6286a19557c39a6"
#define PASSWORD "c0rrect-h0rse-frontdesk"

static char *home;

static const char empty_response[] =
  "<?xml version=\"1.0\"?>\n"
  "<Response><Code>200</Code><Message>Command successfully executed</Message><ActiveCalls /></Response>\n";

typedef struct {
  FdSettings          *settings;
  FdSecretStore       *secrets;
  FdPreferencesDialog *dialog;
  FdSimulator         *simulator;
  char                *simulator_url;
} Fixture;

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), FD_TYPE_PREFERENCES_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static void
open_dialog (Fixture *f)
{
  f->dialog = FD_PREFERENCES_DIALOG (g_object_ref_sink (fd_preferences_dialog_new (NULL, f->settings,
                                                                                    f->secrets)));
  gtk_widget_show (GTK_WIDGET (f->dialog));
  FD_TEST_WAIT_FOR (!fd_preferences_dialog_is_busy (f->dialog), 10);
}

/* Closing cancels lookups still running: wait for them first, and for
 * the stores that closing starts (those run on). */
static void
close_dialog (Fixture *f)
{
  FD_TEST_WAIT_FOR (!fd_preferences_dialog_is_busy (f->dialog), 10);
  gtk_dialog_response (GTK_DIALOG (f->dialog), GTK_RESPONSE_CLOSE);
  FD_TEST_WAIT_FOR (!fd_preferences_dialog_is_busy (f->dialog), 10);
  g_assert_finalize_object (g_steal_pointer (&f->dialog));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->settings = fd_settings_new ();
  fd_settings_set_url (f->settings, "http://127.0.0.1:1");
  fd_settings_set_username (f->settings, "");
  fd_settings_set_pinned_certificate (f->settings, "");
  fd_settings_set_watch_list (f->settings, NULL);
  f->secrets = fd_secret_store_new ();
  f->simulator = fd_simulator_new ();
  f->simulator_url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);
  open_dialog (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dialog != NULL)
    close_dialog (f);
  fd_simulator_stop (f->simulator);
  g_clear_object (&f->simulator);
  g_clear_pointer (&f->simulator_url, g_free);
  g_clear_object (&f->secrets);
  g_clear_object (&f->settings);
}

static void
type_and_enter (Fixture    *f,
                const char *entry,
                const char *text)
{
  gtk_entry_set_text (child (f, entry), text);
  g_signal_emit_by_name (child (f, entry), "activate");
}

/* ---- Applying at once ------------------------------------------------- */

static void
test_applies_at_once (Fixture       *f,
                      gconstpointer  data)
{
  const char *expected[] = { "101", "+36 1 234 5678", NULL };

  type_and_enter (f, "url_entry", "  https://pbx.example:9509/api ");
  g_assert_cmpstr (fd_settings_get_url (f->settings), ==, "https://pbx.example:9509/api");
  g_assert_false (gtk_widget_get_visible (child (f, "url_error")));

  type_and_enter (f, "url_entry", "ftp://pbx");
  g_assert_true (gtk_widget_get_visible (child (f, "url_error")));
  g_assert_cmpstr (fd_settings_get_url (f->settings), ==, "https://pbx.example:9509/api");

  type_and_enter (f, "username_entry", "reception");
  g_assert_cmpstr (fd_settings_get_username (f->settings), ==, "reception");

  gtk_spin_button_set_value (child (f, "interval_spin"), 2.5);
  g_assert_cmpfloat (fd_settings_get_poll_interval (f->settings), ==, 2.5);

  g_assert_cmpfloat (gtk_spin_button_get_value (child (f, "retention_spin")), ==,
                     fd_settings_get_journal_retention_days (f->settings));
  gtk_spin_button_set_value (child (f, "retention_spin"), 30);
  g_assert_cmpuint (fd_settings_get_journal_retention_days (f->settings), ==, 30);
  fd_settings_set_journal_retention_days (f->settings, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (f, "retention_spin")), ==, 0);
  fd_settings_set_journal_retention_days (f->settings, 90);

  gtk_switch_set_active (child (f, "missed_switch"), FALSE);
  g_assert_false (fd_settings_get_notify (f->settings, FD_NOTIFY_MISSED));
  fd_settings_set_notify (f->settings, FD_NOTIFY_RINGING, FALSE);
  g_assert_false (gtk_switch_get_active (child (f, "ringing_switch")));
  gtk_switch_set_active (child (f, "missed_switch"), TRUE);
  gtk_switch_set_active (child (f, "ringing_switch"), TRUE);
  g_assert_true (fd_settings_get_notify (f->settings, FD_NOTIFY_RINGING));

  type_and_enter (f, "watch_entry", "101;+36 1 234 5678, ,101");
  g_assert_true (g_strv_equal (fd_settings_get_watch_list (f->settings), expected));
  g_assert_cmpstr (gtk_entry_get_text (child (f, "watch_entry")), ==, "101, +36 1 234 5678");
  type_and_enter (f, "watch_entry", "");
  g_assert_cmpuint (g_strv_length ((char **) fd_settings_get_watch_list (f->settings)), ==, 0);

  fd_settings_set_poll_interval (f->settings, 1.0);
  fd_settings_set_username (f->settings, "");
}

static void
test_autostart_switch (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = fd_autostart_dup_path ();

  g_assert_true (g_str_has_prefix (path, home));
  g_assert_false (gtk_switch_get_active (child (f, "autostart_switch")));
  gtk_switch_set_active (child (f, "autostart_switch"), TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (fd_autostart_is_enabled ());

  /* A dialog opened later shows it on. */
  close_dialog (f);
  open_dialog (f);
  g_assert_true (gtk_switch_get_active (child (f, "autostart_switch")));

  gtk_switch_set_active (child (f, "autostart_switch"), FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* ---- Password without a keyring --------------------------------------- */

typedef struct {
  gboolean  done;
  char     *password;
} Lookup;

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Lookup *lookup = data;

  lookup->password = fd_secret_store_lookup_finish (FD_SECRET_STORE (source), result, NULL);
  lookup->done = TRUE;
}

static char *
lookup (Fixture    *f,
        const char *url,
        const char *username)
{
  Lookup result = { 0 };

  fd_secret_store_lookup_async (f->secrets, url, username, NULL, on_looked_up, &result);
  FD_TEST_WAIT_FOR (result.done, 10);
  return result.password;
}

static void
test_password_in_memory (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *stored = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *kept = NULL;
  const char *note;
  guint n_files = 0;

  type_and_enter (f, "url_entry", f->simulator_url);
  type_and_enter (f, "username_entry", "reception-desk-user");
  type_and_enter (f, "password_entry", PASSWORD);
  FD_TEST_WAIT_FOR (!fd_preferences_dialog_is_busy (f->dialog), 10);

  stored = lookup (f, f->simulator_url, "reception-desk-user");
  g_assert_cmpstr (stored, ==, PASSWORD);
  g_assert_false (fd_secret_store_get_keyring_available (f->secrets));
  g_assert_true (gtk_widget_get_visible (child (f, "password_note")));
  note = gtk_label_get_text (child (f, "password_note"));
  g_test_message ("password note: %s", note);
  g_assert_nonnull (strstr (note, "No keyring"));
  g_assert_nonnull (strstr (note, "kept in memory only until Frontdesk quits"));

  /* A typed password goes with a corrected user name. */
  type_and_enter (f, "username_entry", "reception-desk");
  FD_TEST_WAIT_FOR (!fd_preferences_dialog_is_busy (f->dialog), 10);
  moved = lookup (f, f->simulator_url, "reception-desk");
  g_assert_cmpstr (moved, ==, PASSWORD);

  /* The next dialog of this run shows it again. */
  close_dialog (f);
  open_dialog (f);
  g_assert_cmpstr (gtk_entry_get_text (child (f, "password_entry")), ==, PASSWORD);
  kept = lookup (f, f->simulator_url, "reception-desk");
  g_assert_cmpstr (kept, ==, PASSWORD);

  /* On disk: the settings (so the walk sees them), never the password. */
  g_settings_sync ();
  g_assert_true (tree_contains (home, "reception-desk", &n_files));
  n_files = 0;
  g_assert_false (tree_contains (home, PASSWORD, &n_files));
  g_assert_cmpuint (n_files, >=, 1);

  type_and_enter (f, "password_entry", "");
  FD_TEST_WAIT_FOR (!fd_preferences_dialog_is_busy (f->dialog), 10);
  fd_settings_set_username (f->settings, "");
}

/* ---- Test connection -------------------------------------------------- */

/* Types the simulator's address without saving it, and tests. */
static FdConnectionTest
run_test (Fixture    *f,
          const char *url)
{
  gtk_entry_set_text (child (f, "url_entry"), url != NULL ? url : f->simulator_url);
  fd_preferences_dialog_test_connection (f->dialog);
  FD_TEST_WAIT_FOR (fd_preferences_dialog_get_test_result (f->dialog) != FD_CONNECTION_TEST_RUNNING, 15);
  g_test_message ("%s | %s", fd_preferences_dialog_get_test_message (f->dialog),
                  fd_preferences_dialog_get_test_detail (f->dialog));
  return fd_preferences_dialog_get_test_result (f->dialog);
}

static void
assert_message (Fixture    *f,
                const char *expected)
{
  g_assert_cmpstr (fd_preferences_dialog_get_test_message (f->dialog), ==, expected);
  g_assert_true (gtk_widget_get_visible (child (f, "test_result_label")));
}

static void
assert_detail_has (Fixture    *f,
                   const char *part)
{
  g_assert_nonnull (strstr (fd_preferences_dialog_get_test_detail (f->dialog), part));
}

static void
test_connected (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fd_simulator_load_scenario_data (f->simulator,
                                   "0.0 ring c1 id=t1 from=1000 to=1001\n"
                                   "0.0 ring c2 id=t2 from=1002 to=1003\n", &error);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (fd_simulator_get_n_calls (f->simulator) == 2, 5);

  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_CONNECTED);
  assert_message (f, "Connected: the phone system answers and has 2 active calls.");
  g_assert_false (gtk_widget_get_visible (child (f, "trust_button")));
  /* Typed, not saved. */
  g_assert_cmpstr (fd_settings_get_url (f->settings), ==, "http://127.0.0.1:1");
  g_assert_true (gtk_widget_get_sensitive (child (f, "test_button")));
}

static void
test_invalid_url (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_cmpint (run_test (f, "pbx:7780"), ==, FD_CONNECTION_TEST_INVALID_URL);
  assert_message (f, "Not a phone system address: type one such as http://pbx:7780 or https://pbx:9509/api.");
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_REFUSE, 0);
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_UNREACHABLE);
  assert_message (f, "The host is unreachable: nothing answers at this address and port.");
  assert_detail_has (f, "refused the connection");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_HANG, 0);
  fd_preferences_dialog_set_test_timeout (f->dialog, 0.5);
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_TIMEOUT);
  assert_message (f, "No answer within 1 second: the phone system is too slow, "
                     "or something on the way holds the connection.");
  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_NONE, 0);
}

static void
test_credentials (Fixture       *f,
                  gconstpointer  data)
{
  fd_simulator_set_credentials (f->simulator, "reception", "right");
  gtk_entry_set_text (child (f, "username_entry"), "reception");
  gtk_entry_set_text (child (f, "password_entry"), "wrong");
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_AUTH_REFUSED);
  assert_message (f, "The phone system refused the user name or password (code 305).");

  gtk_entry_set_text (child (f, "password_entry"), "");
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_AUTH_REFUSED);
  assert_message (f, "The phone system refused the user name or password (code 304).");

  /* What is typed counts, not what is saved. */
  gtk_entry_set_text (child (f, "password_entry"), "right");
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_CONNECTED);
  gtk_entry_set_text (child (f, "password_entry"), "");
}

static void
test_api_error (Fixture       *f,
                gconstpointer  data)
{
  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_API_CODE, 601);
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_API_ERROR);
  assert_message (f, "The phone system answered with error code 601.");
}

static void
test_not_ozeki (Fixture       *f,
                gconstpointer  data)
{
  const char *sentence = "Something answers at this address, but it is not an Ozeki HTTP API. What came back:";

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_HTML, 0);
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_NOT_OZEKI);
  assert_message (f, sentence);
  assert_detail_has (f, "did not send an Ozeki API answer");
  assert_detail_has (f, "HTML");

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_HTTP_500, 0);
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_NOT_OZEKI);
  assert_message (f, sentence);
  assert_detail_has (f, "HTTP error 500");

  fd_simulator_set_fault (f->simulator, FD_SIM_FAULT_GARBAGE, 0);
  g_assert_cmpint (run_test (f, NULL), ==, FD_CONNECTION_TEST_NOT_OZEKI);
  assert_message (f, sentence);
}

/* ---- Certificates ----------------------------------------------------- */

static void
serve_empty (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                    empty_response, strlen (empty_response));
}

static SoupServer *
start_https_server (const char  *pem_name,
                    char       **url,
                    char       **fingerprint)
{
  g_autofree char *pem = g_build_filename (TEST_DATA_DIR, pem_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(GByteArray) der = NULL;
  SoupServer *server;
  GSList *uris;

  g_assert_no_error (error);
  g_object_get (cert, "certificate", &der, NULL);
  *fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (server, NULL, serve_empty, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

/* The running app's side: a poller pinned to @pin against @url, and the
 * status line of a window on it. */
static char *
dup_status_with_pin (const char *url,
                     const char *pin)
{
  g_autoptr(FdClient) client = fd_client_new (url);
  g_autoptr(FdDesk) desk = NULL;
  FdPoller *poller;
  FdWindow *window;
  char *status;

  fd_client_set_pinned_certificate (client, pin);
  desk = fd_desk_new (client);
  poller = fd_desk_get_poller (desk);
  window = g_object_ref_sink (fd_window_new (NULL, desk));
  fd_poller_start (poller);
  FD_TEST_WAIT_FOR (fd_poller_get_state (poller) == FD_CONNECTION_ONLINE ||
                    fd_poller_get_state (poller) == FD_CONNECTION_OFFLINE, 10);
  status = g_strdup (fd_window_get_status_text (window));
  fd_poller_stop (poller);
  gtk_widget_destroy (GTK_WIDGET (window));
  g_object_unref (window);
  return status;
}

/* An untrusted certificate: its fingerprint, trusted on request (the pin
 * is saved), and accepted from then on. */
static void
test_trust_certificate (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(SoupServer) server = start_https_server ("test-server-1.pem", &url, &fingerprint);
  g_autofree char *refused = NULL;
  g_autofree char *accepted = NULL;

  g_assert_cmpstr (fingerprint, ==, PIN_1);
  g_assert_cmpint (run_test (f, url), ==, FD_CONNECTION_TEST_UNTRUSTED_CERTIFICATE);
  g_assert_cmpstr (fd_preferences_dialog_get_test_fingerprint (f->dialog), ==, PIN_1);
  g_assert_true (gtk_widget_get_visible (child (f, "trust_button")));
  g_assert_cmpstr (gtk_label_get_text (child (f, "fingerprint_label")), ==,
                   "26:82:C7:72:8F:D3:32:30:2D:6D:97:2D:E3:7F:AF:45\n"
                   "C6:76:D8:26:6F:38:87:4D:D6:28:6A:19:55:7C:39:A6");
  g_assert_cmpstr (fd_settings_get_pinned_certificate (f->settings), ==, "");

  /* Without the pin the app refuses it too. */
  refused = dup_status_with_pin (url, NULL);
  g_assert_nonnull (strstr (refused, "does not trust"));

  fd_preferences_dialog_trust_certificate (f->dialog);
  g_assert_cmpstr (fd_settings_get_pinned_certificate (f->settings), ==, PIN_1);
  FD_TEST_WAIT_FOR (fd_preferences_dialog_get_test_result (f->dialog) != FD_CONNECTION_TEST_RUNNING, 10);
  g_assert_cmpint (fd_preferences_dialog_get_test_result (f->dialog), ==, FD_CONNECTION_TEST_CONNECTED);
  g_assert_false (gtk_widget_get_visible (child (f, "trust_button")));

  accepted = dup_status_with_pin (url, PIN_1);
  g_assert_true (g_str_has_prefix (accepted, "Connected to https://127.0.0.1:"));
  soup_server_disconnect (server);
}

/* Another certificate where one is pinned: refused again, loudly, in the
 * dialog and in the window's status line. */
static void
test_certificate_changed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(SoupServer) server = start_https_server ("test-server-2.pem", &url, &fingerprint);
  g_autofree char *status = NULL;

  g_assert_cmpstr (fingerprint, !=, PIN_1);
  fd_settings_set_pinned_certificate (f->settings, PIN_1);
  g_assert_cmpint (run_test (f, url), ==, FD_CONNECTION_TEST_CERTIFICATE_CHANGED);
  g_assert_true (g_str_has_prefix (fd_preferences_dialog_get_test_message (f->dialog),
                                   "Warning: the phone system’s certificate has changed since you trusted it."));
  g_assert_cmpstr (fd_preferences_dialog_get_test_fingerprint (f->dialog), ==, fingerprint);
  g_assert_cmpstr (gtk_button_get_label (child (f, "trust_button")), ==, "T_rust the New Certificate");

  status = dup_status_with_pin (url, PIN_1);
  g_assert_true (g_str_has_prefix (status, "Offline: "));
  g_assert_nonnull (strstr (status, "has CHANGED"));
  g_assert_nonnull (strstr (status, fingerprint));

  /* The pin stays until the user trusts the new one. */
  g_assert_cmpstr (fd_settings_get_pinned_certificate (f->settings), ==, PIN_1);
  fd_preferences_dialog_trust_certificate (f->dialog);
  g_assert_cmpstr (fd_settings_get_pinned_certificate (f->settings), ==, fingerprint);
  FD_TEST_WAIT_FOR (fd_preferences_dialog_get_test_result (f->dialog) == FD_CONNECTION_TEST_CONNECTED, 10);
  fd_settings_set_pinned_certificate (f->settings, "");
  soup_server_disconnect (server);
}

/* Preferences → Journal → Your name: who marks calls here, as the team
 * sees it. It applies on Enter or when the field loses focus, trimmed,
 * and an empty field stands for the account's name (its placeholder). */
static void
test_user_name (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *page = g_object_ref_sink (fd_journal_page_new (f->settings, f->secrets));
  GtkEntry *entry = fd_journal_page_get_name_entry (FD_JOURNAL_PAGE (page));
  g_autofree char *fallback = fd_journal_dup_handler_name (NULL);

  g_assert_cmpstr (gtk_entry_get_placeholder_text (entry), ==, fallback);
  g_assert_cmpstr (gtk_entry_get_text (entry), ==, "");
  gtk_entry_set_text (entry, "  Anna (front desk) ");
  g_assert_cmpstr (fd_settings_get_user_name (f->settings), ==, "");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (fd_settings_get_user_name (f->settings), ==, "Anna (front desk)");
  gtk_entry_set_text (entry, "");
  fd_journal_page_commit (FD_JOURNAL_PAGE (page));
  g_assert_cmpstr (fd_settings_get_user_name (f->settings), ==, "");
  gtk_widget_destroy (page);
  g_object_unref (page);

  /* A new page shows the name set before, and one set while it is open,
   * which closing the page keeps. */
  fd_settings_set_user_name (f->settings, "Bea");
  page = g_object_ref_sink (fd_journal_page_new (f->settings, f->secrets));
  entry = fd_journal_page_get_name_entry (FD_JOURNAL_PAGE (page));
  g_assert_cmpstr (gtk_entry_get_text (entry), ==, "Bea");
  fd_settings_set_user_name (f->settings, "Cecil");
  g_assert_cmpstr (gtk_entry_get_text (entry), ==, "Cecil");
  fd_journal_page_commit (FD_JOURNAL_PAGE (page));
  g_assert_cmpstr (fd_settings_get_user_name (f->settings), ==, "Cecil");
  gtk_widget_destroy (page);
  g_object_unref (page);
  fd_settings_set_user_name (f->settings, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int status;

  home = g_dir_make_tmp ("frontdesk-preferences-XXXXXX", NULL);
  config = g_build_filename (home, ".config", NULL);
  /* Before GLib or GSettings look: everything this test writes goes here. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/frontdesk/preferences/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("applies-at-once", test_applies_at_once);
  ADD ("autostart", test_autostart_switch);
  ADD ("password-in-memory", test_password_in_memory);
  ADD ("test-connected", test_connected);
  ADD ("test-invalid-url", test_invalid_url);
  ADD ("test-unreachable", test_unreachable);
  ADD ("test-timeout", test_timeout);
  ADD ("test-credentials", test_credentials);
  ADD ("test-api-error", test_api_error);
  ADD ("test-not-ozeki", test_not_ozeki);
  ADD ("trust-certificate", test_trust_certificate);
  ADD ("certificate-changed", test_certificate_changed);
  ADD ("user-name", test_user_name);
#undef ADD

  status = g_test_run ();
  remove_tree (home);
  g_free (home);
  return status;
}
