/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-autostart.h"
#include "fd-settings.h"
#include "fd-watch-list.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <string.h>

#define PIN_1 "2682c7728fd332302d6d972de37faf45c676d8266f38874dd6286a19557c39a6"

static guint
count_notifies (GObject    *object,
                const char *property)
{
  return GPOINTER_TO_UINT (g_object_get_data (object, property));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec)
{
  guint n = count_notifies (object, pspec->name);

  g_object_set_data (object, pspec->name, GUINT_TO_POINTER (n + 1));
}

/* Every property is saved in its key (the memory backend here), a change
 * of the key reaches the property, and a new object reads what was saved. */
static void
test_round_trip (void)
{
  g_autoptr(FdSettings) settings = fd_settings_new ();
  g_autoptr(FdSettings) again = NULL;
  g_autoptr(GSettings) gsettings = g_settings_new (APP_ID);
  const char *watch[] = { "101", "+36 1 234 5678", NULL };
  g_auto(GStrv) saved_watch = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;

  g_assert_true (fd_settings_is_persistent (settings));
  g_signal_connect (settings, "notify", G_CALLBACK (on_notify), NULL);

  /* Defaults */
  g_assert_cmpstr (fd_settings_get_url (settings), ==, "http://localhost:7780");
  g_assert_cmpstr (fd_settings_get_username (settings), ==, "");
  g_assert_cmpfloat (fd_settings_get_poll_interval (settings), ==, 1.0);
  g_assert_cmpuint (g_strv_length ((char **) fd_settings_get_watch_list (settings)), ==, 0);
  for (guint kind = 0; kind < FD_NOTIFY_N_KINDS; kind++)
    g_assert_true (fd_settings_get_notify (settings, kind));
  g_assert_cmpstr (fd_settings_get_pinned_certificate (settings), ==, "");
  g_assert_cmpuint (fd_settings_get_journal_retention_days (settings), ==, 90);

  fd_settings_set_url (settings, "https://pbx.example:9509/api");
  fd_settings_set_username (settings, "reception");
  fd_settings_set_poll_interval (settings, 2.5);
  fd_settings_set_watch_list (settings, watch);
  fd_settings_set_notify (settings, FD_NOTIFY_ANSWERED, FALSE);
  fd_settings_set_notify (settings, FD_NOTIFY_ENDED, FALSE);
  fd_settings_set_pinned_certificate (settings, PIN_1);
  fd_settings_set_journal_retention_days (settings, 30);

  url = g_settings_get_string (gsettings, "url");
  g_assert_cmpstr (url, ==, "https://pbx.example:9509/api");
  g_assert_cmpfloat (g_settings_get_double (gsettings, "poll-interval"), ==, 2.5);
  saved_watch = g_settings_get_strv (gsettings, "watch-list");
  g_assert_true (g_strv_equal ((const char * const *) saved_watch, watch));
  g_assert_true (g_settings_get_boolean (gsettings, "notify-ringing"));
  g_assert_false (g_settings_get_boolean (gsettings, "notify-answered"));
  g_assert_true (g_settings_get_boolean (gsettings, "notify-missed"));
  g_assert_false (g_settings_get_boolean (gsettings, "notify-ended"));
  pin = g_settings_get_string (gsettings, "pinned-certificate");
  g_assert_cmpstr (pin, ==, PIN_1);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "journal-retention-days"), ==, 30);

  /* The other way: a change of the key (dconf-editor, another instance). */
  g_settings_set_string (gsettings, "username", "night-shift");
  g_settings_set_boolean (gsettings, "notify-missed", FALSE);
  g_assert_cmpstr (fd_settings_get_username (settings), ==, "night-shift");
  g_assert_false (fd_settings_get_notify (settings, FD_NOTIFY_MISSED));
  g_assert_cmpuint (count_notifies (G_OBJECT (settings), "notify-missed"), ==, 1);
  g_assert_cmpuint (count_notifies (G_OBJECT (settings), "username"), ==, 2);

  /* Setting the same value again notifies nothing. */
  fd_settings_set_poll_interval (settings, 2.5);
  g_assert_cmpuint (count_notifies (G_OBJECT (settings), "poll-interval"), ==, 1);

  again = fd_settings_new ();
  g_assert_cmpstr (fd_settings_get_url (again), ==, "https://pbx.example:9509/api");
  g_assert_cmpstr (fd_settings_get_username (again), ==, "night-shift");
  g_assert_cmpfloat (fd_settings_get_poll_interval (again), ==, 2.5);
  g_assert_true (g_strv_equal (fd_settings_get_watch_list (again), watch));
  g_assert_false (fd_settings_get_notify (again, FD_NOTIFY_ANSWERED));
  g_assert_cmpstr (fd_settings_get_pinned_certificate (again), ==, PIN_1);
  g_assert_cmpuint (fd_settings_get_journal_retention_days (again), ==, 30);

  g_settings_reset (gsettings, "url");
  g_assert_cmpstr (fd_settings_get_url (settings), ==, "http://localhost:7780");
}

/* Out-of-range values are clamped; a pin that is no SHA-256 pins nothing. */
static void
test_limits (void)
{
  g_autoptr(FdSettings) settings = fd_settings_new ();

  fd_settings_set_poll_interval (settings, 1000);
  g_assert_cmpfloat (fd_settings_get_poll_interval (settings), ==, 60);
  fd_settings_set_poll_interval (settings, 0);
  g_assert_cmpfloat (fd_settings_get_poll_interval (settings), ==, 0.2);
  fd_settings_set_journal_retention_days (settings, 100000);
  g_assert_cmpuint (fd_settings_get_journal_retention_days (settings), ==, 3650);

  fd_settings_set_pinned_certificate (settings, "26:82:C7:72:8F:D3:32:30:2D:6D:97:2D:E3:7F:AF:45:"
                                                "C6:76:D8:26:6F:38:87:4D:D6:28:6A:19:55:7C:39:A6");
  g_assert_cmpstr (fd_settings_get_pinned_certificate (settings), ==, PIN_1);
  fd_settings_set_pinned_certificate (settings, "not a fingerprint");
  g_assert_cmpstr (fd_settings_get_pinned_certificate (settings), ==, "");
  fd_settings_set_pinned_certificate (settings, "abcd");
  g_assert_cmpstr (fd_settings_get_pinned_certificate (settings), ==, "");
  fd_settings_set_watch_list (settings, NULL);
  g_assert_nonnull (fd_settings_get_watch_list (settings));
}

/* The schema source: every key has a summary and a description. (The
 * compiled schema in the build tree has no texts: GLib reads them from
 * the XML beside an installed one.) */
typedef struct {
  guint     n_keys;
  guint     n_documented;
  gboolean  summary;
  gboolean  description;
} SchemaCheck;

static void
schema_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  SchemaCheck *check = data;

  if (g_str_equal (element, "key"))
    {
      check->n_keys++;
      check->summary = check->description = FALSE;
    }
  else if (g_str_equal (element, "summary"))
    check->summary = TRUE;
  else if (g_str_equal (element, "description"))
    check->description = TRUE;
}

static void
schema_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  SchemaCheck *check = data;

  if (g_str_equal (element, "key") && check->summary && check->description)
    check->n_documented++;
}

/* The schema: the keys the app needs, documented, none for a password. */
static void
test_schema (void)
{
  static const GMarkupParser parser = { schema_start, schema_end, NULL, NULL, NULL };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  g_autofree char *path = g_build_filename (FD_SOURCE_DATADIR, APP_ID ".gschema.xml", NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_auto(GStrv) keys = NULL;
  SchemaCheck check = { 0 };
  const char *expected[] = {
    "url", "username", "poll-interval", "watch-list", "notify-ringing", "notify-answered",
    "notify-missed", "notify-ended", "pinned-certificate", "journal-retention-days",
  };

  g_assert_nonnull (schema);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_strv_contains ((const char * const *) keys, expected[i]));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (keys[i], -1);

      g_assert_null (strstr (lower, "password"));
      g_assert_null (strstr (lower, "secret"));
    }

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  g_assert_true (g_markup_parse_context_parse (context, xml, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check.n_keys, ==, g_strv_length (keys));
  g_assert_cmpuint (check.n_documented, ==, check.n_keys);
}

static FdCall *
make_call (const char *source,
           const char *destination)
{
  FdCall *call = fd_call_new ("c1");

  fd_call_set_source (call, source);
  fd_call_set_destination (call, destination);
  return call;
}

static void
test_watch_list (void)
{
  const char *list[] = { "101", "+36 1 234-5678", "Reception", NULL };
  const char *empty[] = { NULL };
  const char *blank[] = { " ", "", NULL };
  g_autoptr(FdCall) to_101 = make_call ("2000", "101");
  g_autoptr(FdCall) from_boss = make_call ("+3612345678", "102");
  g_autoptr(FdCall) other = make_call ("2000", "102");
  g_autoptr(FdCall) prefix = make_call ("1010", "10");
  g_autoptr(FdCall) named = make_call ("reception", NULL);
  g_autoptr(FdCall) anonymous = make_call (NULL, NULL);

  g_assert_true (fd_watch_list_matches (list, to_101));
  g_assert_true (fd_watch_list_matches (list, from_boss));
  g_assert_true (fd_watch_list_matches (list, named));
  g_assert_false (fd_watch_list_matches (list, other));
  g_assert_false (fd_watch_list_matches (list, prefix));
  g_assert_false (fd_watch_list_matches (list, anonymous));

  /* Empty: every call. */
  g_assert_true (fd_watch_list_matches (NULL, other));
  g_assert_true (fd_watch_list_matches (empty, other));
  g_assert_true (fd_watch_list_matches (blank, anonymous));
}

static void
test_watch_list_text (void)
{
  g_auto(GStrv) list = fd_watch_list_parse (" 101, 102;+36 1 234 5678\n\n, 101 ,, +3612345678 ");
  g_auto(GStrv) none = fd_watch_list_parse (" , ; ");
  g_autofree char *text = NULL;

  g_assert_cmpuint (g_strv_length (list), ==, 3);
  g_assert_cmpstr (list[0], ==, "101");
  g_assert_cmpstr (list[1], ==, "102");
  g_assert_cmpstr (list[2], ==, "+36 1 234 5678");
  text = fd_watch_list_to_string ((const char * const *) list);
  g_assert_cmpstr (text, ==, "101, 102, +36 1 234 5678");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

/* The settings decide per call and per kind; the notifier asks this. */
static void
test_should_notify (void)
{
  g_autoptr(FdSettings) settings = fd_settings_new ();
  g_autoptr(FdCall) watched = make_call ("2000", "101");
  g_autoptr(FdCall) other = make_call ("2000", "102");
  const char *list[] = { "101", NULL };

  fd_settings_set_watch_list (settings, NULL);
  for (guint kind = 0; kind < FD_NOTIFY_N_KINDS; kind++)
    fd_settings_set_notify (settings, kind, TRUE);
  g_assert_true (fd_settings_should_notify (settings, other, FD_NOTIFY_RINGING));

  fd_settings_set_watch_list (settings, list);
  g_assert_true (fd_settings_call_is_watched (settings, watched));
  g_assert_false (fd_settings_call_is_watched (settings, other));
  g_assert_true (fd_settings_should_notify (settings, watched, FD_NOTIFY_MISSED));
  g_assert_false (fd_settings_should_notify (settings, other, FD_NOTIFY_MISSED));

  fd_settings_set_notify (settings, FD_NOTIFY_MISSED, FALSE);
  g_assert_false (fd_settings_should_notify (settings, watched, FD_NOTIFY_MISSED));
  g_assert_true (fd_settings_should_notify (settings, watched, FD_NOTIFY_RINGING));
  fd_settings_set_notify (settings, FD_NOTIFY_MISSED, TRUE);
  fd_settings_set_watch_list (settings, NULL);
}

/* The entry appears in $XDG_CONFIG_HOME/autostart and goes again. */
static void
test_autostart (void)
{
  g_autofree char *path = fd_autostart_dup_path ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "autostart",
                                                APP_ID ".desktop", NULL);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;

  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_str_has_prefix (path, g_getenv ("XDG_CONFIG_HOME")));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (fd_autostart_is_enabled ());

  g_assert_true (fd_autostart_set_enabled (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (fd_autostart_is_enabled ());
  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_cmpstr (exec, ==, "frontdesk --hidden");

  g_assert_true (fd_autostart_set_enabled (FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (fd_autostart_is_enabled ());
  /* Removing what is not there is no error. */
  g_assert_true (fd_autostart_set_enabled (FALSE, &error));
  g_assert_no_error (error);

  /* An entry the desktop disabled does not count as enabled. */
  g_assert_true (g_file_set_contents (path, "[Desktop Entry]\nType=Application\nName=Frontdesk\n"
                                      "Exec=frontdesk --hidden\nX-GNOME-Autostart-enabled=false\n", -1, NULL));
  g_assert_false (fd_autostart_is_enabled ());
  g_assert_true (fd_autostart_set_enabled (TRUE, &error));
  g_assert_true (fd_autostart_is_enabled ());
  g_assert_true (fd_autostart_set_enabled (FALSE, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("frontdesk-settings-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  g_autofree char *autostart = g_build_filename (config, "autostart", NULL);
  int status;

  /* Before anything asks GLib for the user's folders. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontdesk/settings/round-trip", test_round_trip);
  g_test_add_func ("/frontdesk/settings/limits", test_limits);
  g_test_add_func ("/frontdesk/settings/schema", test_schema);
  g_test_add_func ("/frontdesk/settings/watch-list", test_watch_list);
  g_test_add_func ("/frontdesk/settings/watch-list-text", test_watch_list_text);
  g_test_add_func ("/frontdesk/settings/should-notify", test_should_notify);
  g_test_add_func ("/frontdesk/settings/autostart", test_autostart);
  status = g_test_run ();

  g_rmdir (autostart);
  g_rmdir (config);
  g_rmdir (home);
  return status;
}
