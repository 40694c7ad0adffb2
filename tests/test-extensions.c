/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ListExtensions: the parser in both dialects, the presence lamps, and
 * FdExtensionWatch against the in-process simulator. */

#include "config.h"

#include <string.h>

#include "fd-error.h"
#include "fd-extension-watch.h"
#include "fd-extensions-parser.h"
#include "fd-simulator.h"

#define DEADLINE_US (10 * G_USEC_PER_SEC)

static GPtrArray *
parse_ok (const char *xml,
          FdDialect  *dialect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = fd_extensions_parse (xml, strlen (xml), &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpint (response->code, ==, 200);
  if (dialect != NULL)
    *dialect = response->dialect;
  return fd_extensions_response_steal (response);
}

static FdExtension *
ext_at (GPtrArray *list,
        guint      i)
{
  g_assert_cmpuint (i, <, list->len);
  return g_ptr_array_index (list, i);
}

static void
test_parse_xe (void)
{
  FdDialect dialect;
  g_autoptr(GPtrArray) list = parse_ok (
    "<?xml version=\"1.0\"?><Response><Code>200</Code><Message>OK</Message><Extensions>"
    "<ExtensionSummary><Id>1001</Id><Type>SIPExtension</Type></ExtensionSummary>"
    "<ExtensionSummary><Id> 9994 </Id><Type>APIExtension</Type></ExtensionSummary>"
    "</Extensions></Response>", &dialect);

  g_assert_cmpint (dialect, ==, FD_DIALECT_XE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (fd_extension_get_id (ext_at (list, 0)), ==, "1001");
  g_assert_cmpstr (fd_extension_get_ext_type (ext_at (list, 0)), ==, "SIPExtension");
  g_assert_null (fd_extension_get_phone_number (ext_at (list, 0)));
  g_assert_cmpint (fd_extension_get_registered (ext_at (list, 0)), ==, FD_REGISTERED_UNKNOWN);
  g_assert_cmpstr (fd_extension_get_id (ext_at (list, 1)), ==, "9994");
}

/* Ozeki 10, with the elements reordered, unknown ones, the wrapper's
 * Code after the list, and a State we do not know. */
static void
test_parse_ozeki10_reordered (void)
{
  FdDialect dialect;
  g_autoptr(GPtrArray) list = parse_ok (
    "<Response><Extensions>"
    "<ExtensionSummary><State>Connected</State><Extra><Id>x</Id></Extra><PhoneNumber>+3611</PhoneNumber>"
    "<Id>101</Id><Type>SIP</Type></ExtensionSummary>"
    "<Unknown/>"
    "<ExtensionSummary><Id>102</Id><State>Disconnected</State></ExtensionSummary>"
    "<ExtensionSummary><Id>103</Id><State>Sleeping</State><PhoneNumber></PhoneNumber></ExtensionSummary>"
    "</Extensions><Code>200</Code></Response>", &dialect);

  g_assert_cmpint (dialect, ==, FD_DIALECT_OZEKI10);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (fd_extension_get_id (ext_at (list, 0)), ==, "101");
  g_assert_cmpstr (fd_extension_get_phone_number (ext_at (list, 0)), ==, "+3611");
  g_assert_cmpint (fd_extension_get_registered (ext_at (list, 0)), ==, FD_REGISTERED_YES);
  g_assert_cmpint (fd_extension_get_registered (ext_at (list, 1)), ==, FD_REGISTERED_NO);
  g_assert_null (fd_extension_get_ext_type (ext_at (list, 1)));
  g_assert_cmpint (fd_extension_get_registered (ext_at (list, 2)), ==, FD_REGISTERED_UNKNOWN);
  g_assert_null (fd_extension_get_phone_number (ext_at (list, 2)));
}

static void
assert_refused (const char *xml,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = fd_extensions_parse (xml, strlen (xml), &error);

  g_assert_null (response);
  g_assert_error (error, FD_ERROR, FD_ERROR_PARSE);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” not in “%s”", words, error->message);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_parse_garbled (void)
{
  assert_refused ("", "empty");
  assert_refused ("<Response><Code>200</Code><Extensions>", "not well-formed");
  assert_refused ("<html><body>Login</body></html>", "HTML");
  assert_refused ("<Answer><Code>200</Code></Answer>", "<Answer>");
  assert_refused ("<Response><Extensions/></Response>", "no <Code>");
  assert_refused ("<Response><Code>abc</Code></Response>", "not a number");
  assert_refused ("<Response><Code>200</Code><Extensions><ExtensionSummary><Type>SIP</Type>"
                  "</ExtensionSummary></Extensions></Response>", "has no <Id>");
  assert_refused ("<!DOCTYPE Response [<!ENTITY a \"b\">]><Response><Code>200</Code></Response>",
                  "DTD");
}

/* A Code other than 200 parses; fd_response_check() turns it into the
 * API error, as for every command. */
static void
test_parse_error_code (void)
{
  const char *xml = "<Response><Code>305</Code><Message>Wrong password</Message></Response>";
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = fd_extensions_parse (xml, strlen (xml), &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (response->code, ==, 305);
  g_assert_false (fd_response_check (response, &error));
  g_assert_error (error, FD_API_ERROR, 305);
  g_assert_nonnull (strstr (error->message, "Wrong password"));
  list = fd_extensions_response_steal (response);
  g_assert_cmpuint (list->len, ==, 0);
}

static FdCall *
make_call (const char *id,
           const char *state,
           const char *source,
           const char *destination)
{
  FdCall *call = fd_call_new (id);

  fd_call_set_state (call, state);
  fd_call_set_source (call, source);
  fd_call_set_destination (call, destination);
  return call;
}

static FdExtensionStatus *
status_at (GPtrArray *statuses,
           guint      i)
{
  g_assert_cmpuint (i, <, statuses->len);
  return g_ptr_array_index (statuses, i);
}

static void
test_presence_lamps (void)
{
  g_autoptr(GPtrArray) exts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  const FdPresence expected[] = { FD_PRESENCE_FREE, FD_PRESENCE_RINGING, FD_PRESENCE_BUSY,
                                  FD_PRESENCE_HOLD, FD_PRESENCE_OFFLINE, FD_PRESENCE_BUSY,
                                  FD_PRESENCE_BUSY, FD_PRESENCE_BUSY };

  g_ptr_array_add (exts, fd_extension_new ("100", "SIP", NULL, FD_REGISTERED_UNKNOWN));
  g_ptr_array_add (exts, fd_extension_new ("101", "SIP", NULL, FD_REGISTERED_YES));
  g_ptr_array_add (exts, fd_extension_new ("102", "SIP", NULL, FD_REGISTERED_YES));
  g_ptr_array_add (exts, fd_extension_new ("103", "SIP", NULL, FD_REGISTERED_YES));
  g_ptr_array_add (exts, fd_extension_new ("104", "SIP", NULL, FD_REGISTERED_NO));
  /* Reached by its phone number; a Disconnected phone in a call is busy. */
  g_ptr_array_add (exts, fd_extension_new ("105", "SIP", "+3615", FD_REGISTERED_NO));
  /* The caller of a ringing call is busy dialling. */
  g_ptr_array_add (exts, fd_extension_new ("106", "SIP", NULL, FD_REGISTERED_YES));
  /* Talking outweighs a second call ringing. */
  g_ptr_array_add (exts, fd_extension_new ("107", "SIP", NULL, FD_REGISTERED_YES));

  g_ptr_array_add (calls, make_call ("r1", FD_CALL_STATE_RINGING, "106", "101"));
  g_ptr_array_add (calls, make_call ("t1", FD_CALL_STATE_IN_CALL, "+3630", "102"));
  g_ptr_array_add (calls, make_call ("h1", FD_CALL_STATE_HOLD, "103", "+3631"));
  g_ptr_array_add (calls, make_call ("p1", FD_CALL_STATE_IN_CALL, "+3615", "+3632"));
  g_ptr_array_add (calls, make_call ("t2", FD_CALL_STATE_IN_CALL, "107", "+3633"));
  g_ptr_array_add (calls, make_call ("r2", FD_CALL_STATE_RINGING, "+3634", "107"));

  statuses = fd_extension_compute_presence (exts, calls);
  g_assert_cmpuint (statuses->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (fd_presence_to_string (status_at (statuses, i)->presence), ==,
                     fd_presence_to_string (expected[i]));
  g_assert_cmpuint (status_at (statuses, 0)->call_ids->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (status_at (statuses, 2)->call_ids, 0), ==, "t1");
  g_assert_cmpstr (g_ptr_array_index (status_at (statuses, 5)->call_ids, 0), ==, "p1");
  g_assert_cmpuint (status_at (statuses, 7)->call_ids->len, ==, 2);

  /* Without the calls nothing but registration is known. */
  unknown = fd_extension_compute_presence (exts, NULL);
  g_assert_cmpint (status_at (unknown, 1)->presence, ==, FD_PRESENCE_UNKNOWN);
  g_assert_cmpint (status_at (unknown, 4)->presence, ==, FD_PRESENCE_OFFLINE);
}

static void
test_labels (void)
{
  const char *labels[] = { "1001=Reception", "10=Short", "1002= ", "bad", NULL };
  g_autofree char *name = NULL;
  g_autofree char *none = NULL;
  g_autofree char *empty = NULL;

  g_assert_cmpstr (fd_extension_label_lookup (labels, "1001", &name), ==, "Reception");
  g_assert_null (fd_extension_label_lookup (labels, "100", &none));
  g_assert_null (fd_extension_label_lookup (labels, "1002", &empty));
  g_assert_null (empty);
}

/* ---- FdExtensionWatch --------------------------------------------------- */

static void
on_changed (FdExtensionWatch *watch,
            guint            *count)
{
  (*count)++;
}

static void
wait_changes (guint *count,
              guint  target)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (*count < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*count, >=, target);
}

static void
test_watch (void)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdExtensionWatch) watch = NULL;
  guint count = 0;
  GPtrArray *first;
  gint64 started;

  fd_simulator_set_dialect (sim, FD_DIALECT_OZEKI10);
  url = fd_simulator_listen (sim, 0, &error);
  g_assert_no_error (error);
  client = fd_client_new (url);
  watch = fd_extension_watch_new (client);
  g_assert_cmpfloat (fd_extension_watch_get_interval (watch), ==, 60.0);
  g_object_set (watch, "interval", 0.2, NULL);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &count);

  started = g_get_monotonic_time ();
  fd_extension_watch_start (watch);
  wait_changes (&count, 1);
  g_assert_null (fd_extension_watch_get_error (watch));
  first = fd_extension_watch_get_extensions (watch);
  g_assert_nonnull (first);
  g_assert_cmpuint (first->len, ==, 5);
  g_assert_cmpint (fd_extension_get_registered (ext_at (first, 4)), ==, FD_REGISTERED_NO);

  /* The PBX goes wrong: the list stays, the error says why. */
  fd_simulator_set_fault (sim, FD_SIM_FAULT_HTML, 0);
  wait_changes (&count, 3);
  /* Two fetches took at least one interval: the timer, not a busy loop. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 200000);
  g_assert_nonnull (fd_extension_watch_get_error (watch));
  g_assert_true (fd_extension_watch_get_extensions (watch) == first);
  g_assert_cmpuint (first->len, ==, 5);

  fd_simulator_set_fault (sim, FD_SIM_FAULT_NONE, 0);
  wait_changes (&count, count + 2);
  g_assert_null (fd_extension_watch_get_error (watch));
  fd_extension_watch_stop (watch);
  fd_simulator_stop (sim);
}

/* A call to an extension the list lacks fetches the list again at once,
 * not at the next 60 s tick; a second one within the gap does not. */
static void
test_notice_calls (void)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdExtensionWatch) watch = NULL;
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FdCall) call = fd_call_new ("n1");
  gboolean found = FALSE;
  guint count = 0;
  GPtrArray *list;
  gint64 started;

  url = fd_simulator_listen (sim, 0, &error);
  g_assert_no_error (error);
  client = fd_client_new (url);
  watch = fd_extension_watch_new (client);
  fd_extension_watch_set_notice_gap (watch, 0.3);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &count);
  started = g_get_monotonic_time ();
  fd_extension_watch_start (watch);
  wait_changes (&count, 1);
  g_assert_cmpuint (fd_extension_watch_get_extensions (watch)->len, ==, 5);

  /* The simulator lists the extensions its calls use: 1077 now. */
  fd_simulator_load_scenario_data (sim, "0.0 ring c1 id=n1 from=+3612345678 to=1077\n", &error);
  g_assert_no_error (error);
  fd_call_set_source (call, "+3612345678");
  fd_call_set_destination (call, "1077");
  g_ptr_array_add (calls, g_object_ref (call));

  /* Within the gap of the first fetch: nothing is asked. */
  fd_extension_watch_notice_calls (watch, calls);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (count, ==, 1);
  /* Past it, the next snapshot's notice fetches the list again. */
  {
    gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

    while (count < 2 && g_get_monotonic_time () < deadline)
      {
        fd_extension_watch_notice_calls (watch, calls);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10000);   /* the cadence of snapshots, not a wait for a result */
      }
  }
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 300000);
  list = fd_extension_watch_get_extensions (watch);
  for (guint i = 0; i < list->len; i++)
    found |= g_strcmp0 (fd_extension_get_id (g_ptr_array_index (list, i)), "1077") == 0;
  g_assert_true (found);
  fd_extension_watch_stop (watch);
  fd_simulator_stop (sim);
}

/* Every lamp has a name of docs/cli-contract.md's --extensions list, and
 * no two share one. */
static void
test_presence_names (void)
{
  const char *contract[] = { "free", "ringing", "busy", "hold", "offline", "unknown", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (FdPresence p = FD_PRESENCE_UNKNOWN; p <= FD_PRESENCE_OFFLINE; p++)
    {
      const char *name = fd_presence_to_string (p);

      g_assert_true (g_strv_contains (contract, name));
      g_assert_true (g_hash_table_add (seen, (gpointer) name));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_strv_length ((char **) contract));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/extensions/parse/xe", test_parse_xe);
  g_test_add_func ("/extensions/presence-names", test_presence_names);
  g_test_add_func ("/extensions/parse/ozeki10-reordered", test_parse_ozeki10_reordered);
  g_test_add_func ("/extensions/parse/garbled", test_parse_garbled);
  g_test_add_func ("/extensions/parse/error-code", test_parse_error_code);
  g_test_add_func ("/extensions/presence", test_presence_lamps);
  g_test_add_func ("/extensions/labels", test_labels);
  g_test_add_func ("/extensions/watch", test_watch);
  g_test_add_func ("/extensions/notice-calls", test_notice_calls);
  return g_test_run ();
}
