/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-control.h"
#include "fd-call.h"
#include "fd-client.h"
#include "fd-error.h"
#include "fd-simulator.h"
#include "gui-test-utils.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

/* A PBX that records every request's query and answers with the code the
 * test chose for that command (200 when none). */
typedef struct {
  SoupServer *server;
  char       *url;
  GPtrArray  *queries;     /* GHashTable *, names and values as sent */
  GHashTable *codes;       /* command -> GINT_TO_POINTER (code) */
  GHashTable *messages;    /* command -> the <Message> of that code */
  gboolean    ozeki10;     /* answer as Ozeki 10 does to XE's spellings */
  FdClient   *client;
  gboolean    done;
  FdResponse *response;
  GError     *error;
} Fixture;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  Fixture *f = data;
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *command = NULL;
  const char *message;
  g_autofree char *body = NULL;
  GHashTableIter iter;
  gpointer name, value;
  int code = 200;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (copy, g_strdup (name), g_strdup (value));
      command = g_hash_table_lookup (query, "command");
    }
  g_ptr_array_add (f->queries, copy);

  if (command != NULL && g_hash_table_contains (f->codes, command))
    code = GPOINTER_TO_INT (g_hash_table_lookup (f->codes, command));
  message = command != NULL ? g_hash_table_lookup (f->messages, command) : NULL;
  if (f->ozeki10 && g_strcmp0 (command, "Forward") == 0)
    {
      code = 301;
      message = "Not implemented command: 'Forward'";
    }
  if (f->ozeki10 && g_strcmp0 (command, "BlindTransfer") == 0 && !g_hash_table_contains (query, "TranferorParty"))
    {
      code = 302;
      message = "Missing or invalid parameter 'TranferorParty' for command 'BlindTransfer'";
    }
  body = g_markup_printf_escaped ("<?xml version=\"1.0\"?>\n<Response><Code>%d</Code><Message>%s</Message>"
                                  "</Response>", code, message != NULL ? message : "Command successfully executed");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->queries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  f->codes = g_hash_table_new (g_str_hash, g_str_equal);
  f->messages = g_hash_table_new (g_str_hash, g_str_equal);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->client = fd_client_new (f->url);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->response, fd_response_free);
  g_clear_error (&f->error);
  g_clear_object (&f->client);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->queries, g_ptr_array_unref);
  g_clear_pointer (&f->codes, g_hash_table_unref);
  g_clear_pointer (&f->messages, g_hash_table_unref);
  g_free (f->url);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *f = data;

  f->response = fd_call_control_finish (FD_CLIENT (source), result, &f->error);
  f->done = TRUE;
}

static void
run (Fixture      *f,
     FdCallAction  action,
     const char   *call_id,
     const char   *number,
     const char   *party)
{
  g_clear_pointer (&f->response, fd_response_free);
  g_clear_error (&f->error);
  g_ptr_array_set_size (f->queries, 0);
  f->done = FALSE;
  fd_call_control_async (f->client, action, call_id, number, party, NULL, on_done, f);
  FD_TEST_WAIT_FOR (f->done, 10);
  g_assert_true ((f->response == NULL) != (f->error == NULL));
}

/* The request @index had exactly these parameters (name, value pairs). */
static void
assert_query (Fixture    *f,
              guint       index,
              const char *first_name,
              ...)
{
  GHashTable *query;
  const char *name;
  guint n = 0;
  va_list args;

  g_assert_cmpuint (index, <, f->queries->len);
  query = g_ptr_array_index (f->queries, index);
  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      g_assert_cmpstr (g_hash_table_lookup (query, name), ==, value);
      n++;
    }
  va_end (args);
  g_assert_cmpuint (g_hash_table_size (query), ==, n);
}

static void
test_requests (Fixture       *f,
               gconstpointer  data)
{
  run (f, FD_CALL_ACTION_HANGUP, "uteom", NULL, NULL);
  g_assert_nonnull (f->response);
  g_assert_cmpint (f->response->code, ==, 200);
  assert_query (f, 0, "command", "Hangup", "CallId", "uteom", NULL);

  run (f, FD_CALL_ACTION_HOLD, "23Xdz7", NULL, NULL);
  assert_query (f, 0, "command", "Hold", "CallId", "23Xdz7", NULL);

  run (f, FD_CALL_ACTION_UNHOLD, "23Xdz7", NULL, NULL);
  assert_query (f, 0, "command", "Unhold", "CallId", "23Xdz7", NULL);

  /* A number keeps its plus sign through the URL encoding. */
  run (f, FD_CALL_ACTION_FORWARD, "g67th7", "+3612345678", NULL);
  g_assert_nonnull (f->response);
  assert_query (f, 0, "command", "Forward", "CallId", "g67th7", "Destination", "+3612345678", NULL);

  run (f, FD_CALL_ACTION_TRANSFER, "Nt3uh", "1010", NULL);
  assert_query (f, 0, "command", "BlindTransfer", "CallId", "Nt3uh", "TransferorParty", "callee",
                "Target", "1010", NULL);

  run (f, FD_CALL_ACTION_TRANSFER, "Nt3uh", "1011", FD_TRANSFER_PARTY_CALLER);
  assert_query (f, 0, "command", "BlindTransfer", "CallId", "Nt3uh", "TransferorParty", "caller",
                "Target", "1011", NULL);
  g_assert_cmpuint (f->queries->len, ==, 1);
}

static void
test_credentials (Fixture       *f,
                  gconstpointer  data)
{
  fd_client_set_username (f->client, "desk");
  fd_client_set_password (f->client, "s3cr&t");
  run (f, FD_CALL_ACTION_HOLD, "uteom", NULL, NULL);
  assert_query (f, 0, "command", "Hold", "CallId", "uteom", "Username", "desk", "Password", "s3cr&t", NULL);
}

/* Ozeki 10 calls it ForwardCall: the XE name first, then that. */
static void
test_ozeki10_forward (Fixture       *f,
                      gconstpointer  data)
{
  f->ozeki10 = TRUE;
  run (f, FD_CALL_ACTION_FORWARD, "1vQHKd", "105", NULL);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->queries->len, ==, 2);
  assert_query (f, 0, "command", "Forward", "CallId", "1vQHKd", "Destination", "105", NULL);
  assert_query (f, 1, "command", "ForwardCall", "CallId", "1vQHKd", "Destination", "105", NULL);
}

/* Ozeki 10 spells the party TranferorParty, and misses it (302). */
static void
test_ozeki10_transfer (Fixture       *f,
                       gconstpointer  data)
{
  f->ozeki10 = TRUE;
  run (f, FD_CALL_ACTION_TRANSFER, "1vQHKd", "106", FD_TRANSFER_PARTY_CALLER);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->queries->len, ==, 2);
  assert_query (f, 0, "command", "BlindTransfer", "CallId", "1vQHKd", "TransferorParty", "caller",
                "Target", "106", NULL);
  assert_query (f, 1, "command", "BlindTransfer", "CallId", "1vQHKd", "TranferorParty", "caller",
                "Target", "106", NULL);
}

/* The spelling is chosen by the API code, not by the message's words: a
 * 302 worded in another language still gets one try in the Ozeki 10
 * form, and no more than one. */
static void
test_transfer_302_any_wording (Fixture       *f,
                               gconstpointer  data)
{
  g_hash_table_insert (f->codes, "BlindTransfer", GINT_TO_POINTER (302));
  g_hash_table_insert (f->messages, "BlindTransfer", "Hi\xc3\xa1nyz\xc3\xb3 vagy hib\xc3\xa1s param\xc3\xa9ter");
  run (f, FD_CALL_ACTION_TRANSFER, "1vQHKd", "106", FD_TRANSFER_PARTY_CALLEE);
  g_assert_error (f->error, FD_API_ERROR, 302);
  g_assert_cmpuint (f->queries->len, ==, 2);
  assert_query (f, 1, "command", "BlindTransfer", "CallId", "1vQHKd", "TranferorParty", "callee",
                "Target", "106", NULL);
}

static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *text = NULL;

  g_hash_table_insert (f->codes, "Hangup", GINT_TO_POINTER (601));
  g_hash_table_insert (f->messages, "Hangup", "Call not found with ID 'gone1'");
  run (f, FD_CALL_ACTION_HANGUP, "gone1", NULL, NULL);
  g_assert_error (f->error, FD_API_ERROR, 601);
  g_assert_cmpint (fd_error_exit_status (f->error), ==, 5);
  text = fd_call_control_describe_error (FD_CALL_ACTION_HANGUP, f->error);
  g_assert_cmpstr (text, ==, "Could not hang up the call: the PBX no longer knows this call (601).");
  g_clear_pointer (&text, g_free);

  /* A 302 that is not about the Ozeki 10 spelling is not retried. */
  g_hash_table_insert (f->codes, "Forward", GINT_TO_POINTER (302));
  g_hash_table_insert (f->messages, "Forward", "Missing or invalid parameter 'Destination' for command 'Forward'");
  run (f, FD_CALL_ACTION_FORWARD, "ring1", "x y", NULL);
  g_assert_error (f->error, FD_API_ERROR, 302);
  g_assert_cmpuint (f->queries->len, ==, 1);
  text = fd_call_control_describe_error (FD_CALL_ACTION_FORWARD, f->error);
  g_assert_cmpstr (text, ==, "Could not forward the call: "
                             "the PBX found the number or another value missing or invalid (302).");
  g_clear_pointer (&text, g_free);

  g_hash_table_insert (f->codes, "Hold", GINT_TO_POINTER (305));
  g_hash_table_insert (f->messages, "Hold", "Authentication failed, bad username or password");
  fd_client_set_password (f->client, "wrong-secret");
  run (f, FD_CALL_ACTION_HOLD, "talk1", NULL, NULL);
  g_assert_error (f->error, FD_API_ERROR, 305);
  g_assert_cmpint (fd_error_exit_status (f->error), ==, 4);
  text = fd_call_control_describe_error (FD_CALL_ACTION_HOLD, f->error);
  g_assert_true (g_str_has_prefix (text, "Could not put the call on hold: the PBX at http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (text, "rejected the username or password (code 305)."));
  g_assert_null (strstr (text, "wrong-secret"));
  g_clear_pointer (&text, g_free);

  g_hash_table_insert (f->codes, "Unhold", GINT_TO_POINTER (303));
  run (f, FD_CALL_ACTION_UNHOLD, "talk1", NULL, NULL);
  g_assert_error (f->error, FD_API_ERROR, 303);
  text = fd_call_control_describe_error (FD_CALL_ACTION_UNHOLD, f->error);
  g_assert_cmpstr (text, ==, "Could not resume the call: the call’s state does not allow this now (303).");
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;

  soup_server_disconnect (f->server);
  run (f, FD_CALL_ACTION_TRANSFER, "talk1", "1010", NULL);
  g_assert_error (f->error, FD_ERROR, FD_ERROR_UNREACHABLE);
  g_assert_cmpint (fd_error_exit_status (f->error), ==, 3);
  text = fd_call_control_describe_error (FD_CALL_ACTION_TRANSFER, f->error);
  g_assert_true (g_str_has_prefix (text, "Could not transfer the call: the PBX at "));
  g_assert_nonnull (strstr (text, "refused the connection"));
}

/* Bad input is refused before anything is sent. */
static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  run (f, FD_CALL_ACTION_FORWARD, "ring1", "  ", NULL);
  g_assert_error (f->error, FD_ERROR, FD_ERROR_INVALID);
  run (f, FD_CALL_ACTION_TRANSFER, "talk1", NULL, NULL);
  g_assert_error (f->error, FD_ERROR, FD_ERROR_INVALID);
  run (f, FD_CALL_ACTION_TRANSFER, "talk1", "1010", "boss");
  g_assert_error (f->error, FD_ERROR, FD_ERROR_INVALID);
  run (f, FD_CALL_ACTION_HANGUP, "", NULL, NULL);
  g_assert_error (f->error, FD_ERROR, FD_ERROR_INVALID);
  g_assert_cmpuint (f->queries->len, ==, 0);
}

static void
add_event (GPtrArray  *events,
           const char *line)
{
  g_ptr_array_add (events, g_strdup (line));
}

/* Against the simulator: its model of the PBX agrees. */
static void
test_simulator (void)
{
  static const char scenario[] =
    "0.0 ring r id=ring1 from=1000 to=1001\n"
    "0.0 ring t id=talk1 from=2000 to=2001\n"
    "0.0 answer t\n";
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };

  fd_simulator_load_scenario_data (simulator, scenario, &error);
  g_assert_no_error (error);
  f.url = fd_simulator_listen (simulator, 0, &error);
  g_assert_no_error (error);
  f.client = fd_client_new (f.url);
  f.queries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_signal_connect_swapped (simulator, "event", G_CALLBACK (add_event), events);
  /* The scenario's lines run on the simulator's clock: wait for them. */
  FD_TEST_WAIT_FOR (fd_simulator_get_n_calls (simulator) == 2 && events->len >= 3, 5);

  run (&f, FD_CALL_ACTION_FORWARD, "talk1", "3000", NULL);
  g_assert_error (f.error, FD_API_ERROR, 303);
  run (&f, FD_CALL_ACTION_FORWARD, "ring1", "3000", NULL);
  g_assert_no_error (f.error);
  run (&f, FD_CALL_ACTION_HOLD, "talk1", NULL, NULL);
  g_assert_no_error (f.error);
  run (&f, FD_CALL_ACTION_UNHOLD, "talk1", NULL, NULL);
  g_assert_no_error (f.error);
  run (&f, FD_CALL_ACTION_TRANSFER, "talk1", "4000", FD_TRANSFER_PARTY_CALLER);
  g_assert_no_error (f.error);
  run (&f, FD_CALL_ACTION_HANGUP, "ring1", NULL, NULL);
  g_assert_no_error (f.error);
  run (&f, FD_CALL_ACTION_HANGUP, "ring1", NULL, NULL);
  g_assert_error (f.error, FD_API_ERROR, 601);

  g_assert_cmpstr (g_ptr_array_index (events, events->len - 5), ==, "forward ring1 to=3000");
  g_assert_cmpstr (g_ptr_array_index (events, events->len - 4), ==, "hold talk1");
  g_assert_cmpstr (g_ptr_array_index (events, events->len - 3), ==, "resume talk1");
  g_assert_cmpstr (g_ptr_array_index (events, events->len - 2), ==, "transfer talk1 party=caller to=4000");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (events, events->len - 1), "end ring1 "));

  fd_simulator_stop (simulator);
  g_signal_handlers_disconnect_by_data (simulator, events);
  g_clear_pointer (&f.response, fd_response_free);
  g_clear_error (&f.error);
  g_clear_object (&f.client);
  g_clear_pointer (&f.queries, g_ptr_array_unref);
  g_free (f.url);
}

static void
test_fits_state (void)
{
  static const struct {
    FdCallAction  action;
    const char   *state;
    gboolean      fits;
  } cases[] = {
    { FD_CALL_ACTION_HANGUP, FD_CALL_STATE_RINGING, TRUE },
    { FD_CALL_ACTION_HANGUP, "SomethingNew", TRUE },
    { FD_CALL_ACTION_HOLD, FD_CALL_STATE_IN_CALL, TRUE },
    { FD_CALL_ACTION_HOLD, FD_CALL_STATE_RINGING, FALSE },
    { FD_CALL_ACTION_HOLD, FD_CALL_STATE_HOLD, FALSE },
    { FD_CALL_ACTION_UNHOLD, FD_CALL_STATE_HOLD, TRUE },
    { FD_CALL_ACTION_UNHOLD, FD_CALL_STATE_IN_CALL, FALSE },
    { FD_CALL_ACTION_FORWARD, FD_CALL_STATE_RINGING, TRUE },
    { FD_CALL_ACTION_FORWARD, FD_CALL_STATE_IN_CALL, FALSE },
    { FD_CALL_ACTION_FORWARD, NULL, FALSE },
    { FD_CALL_ACTION_TRANSFER, FD_CALL_STATE_IN_CALL, TRUE },
    { FD_CALL_ACTION_TRANSFER, FD_CALL_STATE_HOLD, TRUE },
    { FD_CALL_ACTION_TRANSFER, FD_CALL_STATE_RINGING, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (fd_call_action_fits_state (cases[i].action, cases[i].state), ==, cases[i].fits);
}

static void
test_describe_success (void)
{
  static const struct {
    FdCallAction  action;
    const char   *number;
    const char   *text;
  } cases[] = {
    { FD_CALL_ACTION_HANGUP, NULL, "Call hung up." },
    { FD_CALL_ACTION_HOLD, NULL, "Call on hold." },
    { FD_CALL_ACTION_UNHOLD, NULL, "Call resumed." },
    { FD_CALL_ACTION_FORWARD, "1009", "Call forwarded to 1009." },
    { FD_CALL_ACTION_TRANSFER, "+361", "Call transferred to +361." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fd_call_control_describe_success (cases[i].action, cases[i].number);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontdesk/call-control/fits-state", test_fits_state);
  g_test_add_func ("/frontdesk/call-control/describe-success", test_describe_success);
  g_test_add ("/frontdesk/call-control/requests", Fixture, NULL, fixture_set_up, test_requests, fixture_tear_down);
  g_test_add ("/frontdesk/call-control/credentials", Fixture, NULL, fixture_set_up, test_credentials,
              fixture_tear_down);
  g_test_add ("/frontdesk/call-control/ozeki10-forward", Fixture, NULL, fixture_set_up, test_ozeki10_forward,
              fixture_tear_down);
  g_test_add ("/frontdesk/call-control/ozeki10-transfer", Fixture, NULL, fixture_set_up, test_ozeki10_transfer,
              fixture_tear_down);
  g_test_add ("/frontdesk/call-control/transfer-302-any-wording", Fixture, NULL, fixture_set_up,
              test_transfer_302_any_wording, fixture_tear_down);
  g_test_add ("/frontdesk/call-control/failures", Fixture, NULL, fixture_set_up, test_failures, fixture_tear_down);
  g_test_add ("/frontdesk/call-control/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/frontdesk/call-control/invalid", Fixture, NULL, fixture_set_up, test_invalid, fixture_tear_down);
  g_test_add_func ("/frontdesk/call-control/simulator", test_simulator);
  return g_test_run ();
}
