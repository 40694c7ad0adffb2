/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-client.h"
#include "fd-error.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#define SECRET "s3cr&t pa55"

static const char xe_example[] =
  "<?xml version=\"1.0\"?>\n<Response><Code>200</Code><Message>Command successfully executed</Message>"
  "<ActiveCalls><CallInfo><CallState>InCall</CallState><CallId>uteom</CallId><Source>1000</Source>"
  "<CallerId>John Smith</CallerId><Destination>1001</Destination>"
  "<StartTime>2013-07-01T10:49:07.9558+02:00</StartTime><RingDuration>2</RingDuration>"
  "<TalkDuration>956</TalkDuration></CallInfo></ActiveCalls></Response>";

typedef struct {
  SoupServer *server;
  char       *base;          /* http://127.0.0.1:PORT */
  GHashTable *last_query;    /* of the last request, names as sent */
  char       *last_path;
  GPtrArray  *paused;        /* messages held by /hang */
  GString    *logs;          /* every log line written during the test */
  FdClient   *client;
  gboolean    done;
  GError     *error;
  GPtrArray  *calls;
  FdResponse *response;
} Fixture;

static Fixture *current;

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && current != NULL)
      g_string_append_printf (current->logs, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body,
         gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, length);
}

typedef struct {
  SoupServerMessage *msg;
  gboolean           over;
} Trickle;

static void
trickle_free (gpointer data)
{
  Trickle *trickle = data;

  g_object_unref (trickle->msg);
  g_free (trickle);
}

static void
trickle_over (SoupServerMessage *msg,
              Trickle           *trickle)
{
  trickle->over = TRUE;
}

static gboolean
trickle_one (gpointer data)
{
  Trickle *trickle = data;

  if (trickle->over)
    return G_SOURCE_REMOVE;
  soup_message_body_append (soup_server_message_get_response_body (trickle->msg),
                            SOUP_MEMORY_STATIC, " ", 1);
  soup_server_unpause_message (current->server, trickle->msg);
  return G_SOURCE_CONTINUE;
}

/* Headers at once, then a byte every 100 ms: every single read is quick,
 * so only a deadline on the whole request can stop it. */
static void
start_trickle (SoupServerMessage *msg)
{
  Trickle *trickle = g_new0 (Trickle, 1);

  trickle->msg = g_object_ref (msg);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/xml", NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (trickle_over), trickle);
  g_signal_connect (msg, "disconnected", G_CALLBACK (trickle_over), trickle);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, trickle_one, trickle, trickle_free);
}

static void
serve_big (SoupServerMessage *msg,
           gboolean           chunked)
{
  gsize size = 1024 * 1024;
  char *body = g_malloc (size);

  memset (body, ' ', size);
  soup_server_message_set_status (msg, 200, NULL);
  if (chunked)
    {
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_body_append_take (soup_server_message_get_response_body (msg), (guchar *) body, size);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
    }
  else
    soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_TAKE, body, size);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *echo = NULL;

  g_clear_pointer (&f->last_query, g_hash_table_unref);
  f->last_query = query ? g_hash_table_ref (query) : NULL;
  g_free (f->last_path);
  f->last_path = g_strdup (path);

  if (g_str_equal (path, "/") || g_str_equal (path, "/api"))
    respond (msg, 200, "application/xml", xe_example, strlen (xe_example));
  else if (g_str_equal (path, "/auth"))
    {
      const char *body = "<Response><Code>305</Code><Message>Authentication failed, bad username or password</Message></Response>";
      respond (msg, 200, "application/xml", body, strlen (body));
    }
  else if (g_str_equal (path, "/echo"))
    {
      /* A PBX that quotes the request back, password and all. */
      g_autofree char *quoted = g_markup_escape_text (query ? g_hash_table_lookup (query, "Password") : "", -1);

      echo = g_strdup_printf ("<Response><Code>300</Code><Message>Error occured during parsing message: 'Password=%s'</Message></Response>",
                              quoted);
      respond (msg, 200, "application/xml", echo, strlen (echo));
    }
  else if (g_str_equal (path, "/notfound"))
    {
      const char *body = "<Response><Code>601</Code><Message>Call not found with ID 'zz'</Message></Response>";
      respond (msg, 200, "application/xml", body, strlen (body));
    }
  else if (g_str_equal (path, "/html"))
    {
      const char *body = "<!DOCTYPE html><html><head><title>Router login</title></head><body>Hi</body></html>";
      respond (msg, 200, "text/html", body, strlen (body));
    }
  else if (g_str_equal (path, "/500"))
    respond (msg, 500, "text/plain", "oops", 4);
  else if (g_str_equal (path, "/hang"))
    {
      soup_server_pause_message (server, msg);
      g_ptr_array_add (f->paused, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/trickle"))
    start_trickle (msg);
  else if (g_str_equal (path, "/big"))
    serve_big (msg, FALSE);
  else if (g_str_equal (path, "/big-chunked"))
    serve_big (msg, TRUE);
  else
    respond (msg, 404, "text/plain", "no", 2);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  current = f;
  f->logs = g_string_new (NULL);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->client = fd_client_new (f->base);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  for (guint i = 0; i < f->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->paused, i);
      respond (msg, 200, "text/plain", "", 0);
      soup_server_unpause_message (f->server, msg);
    }
  g_ptr_array_unref (f->paused);
  soup_server_disconnect (f->server);
  g_object_unref (f->server);
  g_clear_pointer (&f->last_query, g_hash_table_unref);
  g_clear_pointer (&f->calls, g_ptr_array_unref);
  g_clear_pointer (&f->response, fd_response_free);
  g_clear_error (&f->error);
  /* The password must never have reached a log line, at any level. */
  g_assert_null (strstr (f->logs->str, SECRET));
  g_assert_null (strstr (f->logs->str, "s3cr%26t"));
  g_string_free (f->logs, TRUE);
  g_free (f->last_path);
  g_free (f->base);
  current = NULL;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until the request finished; fails the test past the deadline. */
static void
wait_done (Fixture *f,
           double   seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, wake, NULL);

  while (!f->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_true (f->done);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Fixture *f = data;

  f->calls = fd_client_list_calls_finish (FD_CLIENT (source), result, &f->error);
  f->done = TRUE;
}

static void
list (Fixture    *f,
      const char *path,
      double      max_seconds)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);

  fd_client_set_url (f->client, url);
  f->done = FALSE;
  fd_client_list_calls_async (f->client, NULL, on_listed, f);
  wait_done (f, max_seconds);
}

static void
test_list_xe (Fixture *f, gconstpointer data)
{
  FdCall *call;

  list (f, "", 5);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->calls->len, ==, 1);
  call = g_ptr_array_index (f->calls, 0);
  g_assert_cmpstr (fd_call_get_id (call), ==, "uteom");
  g_assert_cmpstr (f->last_path, ==, "/");
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "command"), ==, "ListActiveCalls");
  /* No credentials set: none sent. */
  g_assert_false (g_hash_table_contains (f->last_query, "Username"));
  g_assert_false (g_hash_table_contains (f->last_query, "Password"));
}

static void
test_path_and_credentials (Fixture *f, gconstpointer data)
{
  fd_client_set_username (f->client, "HTTP_User_1");
  fd_client_set_password (f->client, SECRET);
  g_log_set_debug_enabled (TRUE);
  list (f, "/api", 5);
  g_log_set_debug_enabled (FALSE);
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->last_path, ==, "/api");
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "command"), ==, "ListActiveCalls");
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "Username"), ==, "HTTP_User_1");
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "Password"), ==, SECRET);
}

static void
assert_error (Fixture    *f,
              GQuark      domain,
              int         code,
              int         exit_status,
              const char *words)
{
  g_assert_error (f->error, domain, code);
  g_assert_cmpint (fd_error_exit_status (f->error), ==, exit_status);
  g_assert_nonnull (strstr (f->error->message, words));
  /* Every sentence says where. */
  g_assert_nonnull (strstr (f->error->message, "127.0.0.1"));
  g_assert_null (strstr (f->error->message, SECRET));
}

static void
test_auth_refused (Fixture *f, gconstpointer data)
{
  fd_client_set_password (f->client, SECRET);
  list (f, "/auth", 5);
  assert_error (f, FD_API_ERROR, 305, 4, "rejected the username or password (code 305)");
}

static void
test_echoed_password_redacted (Fixture *f, gconstpointer data)
{
  fd_client_set_password (f->client, SECRET);
  g_log_set_debug_enabled (TRUE);
  list (f, "/echo", 5);
  g_log_set_debug_enabled (FALSE);
  assert_error (f, FD_API_ERROR, 300, 5, "code 300");
  g_assert_nonnull (strstr (f->error->message, "****"));
}

static void
test_api_error (Fixture *f, gconstpointer data)
{
  list (f, "/notfound", 5);
  assert_error (f, FD_API_ERROR, 601, 5, "Call not found with ID 'zz'");
}

static void
test_html (Fixture *f, gconstpointer data)
{
  list (f, "/html", 5);
  assert_error (f, FD_ERROR, FD_ERROR_PARSE, 5, "did not send an Ozeki API answer");
}

static void
test_http_500 (Fixture *f, gconstpointer data)
{
  list (f, "/500", 5);
  assert_error (f, FD_ERROR, FD_ERROR_HTTP, 5, "HTTP error 500");
}

static void
test_hang_deadline (Fixture *f, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();

  fd_client_set_timeout (f->client, 0.5);
  list (f, "/hang", 5);
  assert_error (f, FD_ERROR, FD_ERROR_TIMEOUT, 3, "did not answer within 0.5 seconds");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_trickle_deadline (Fixture *f, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();

  fd_client_set_timeout (f->client, 0.8);
  list (f, "/trickle", 5);
  assert_error (f, FD_ERROR, FD_ERROR_TIMEOUT, 3, "did not answer within 0.8 seconds");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_size_cap (Fixture *f, gconstpointer data)
{
  fd_client_set_max_body_size (f->client, 64 * 1024);
  list (f, "/big", 5);
  assert_error (f, FD_ERROR, FD_ERROR_TOO_LARGE, 5, "larger than 65536 bytes");
  g_clear_error (&f->error);
  list (f, "/big-chunked", 5);
  assert_error (f, FD_ERROR, FD_ERROR_TOO_LARGE, 5, "larger than 65536 bytes");
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  /* A port that was just free: nothing listens there. */
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  fd_client_set_url (f->client, url);
  f->done = FALSE;
  fd_client_list_calls_async (f->client, NULL, on_listed, f);
  wait_done (f, 5);
  assert_error (f, FD_ERROR, FD_ERROR_UNREACHABLE, 3, "refused the connection");
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = g_strconcat (f->base, "/hang", NULL);

  fd_client_set_url (f->client, url);
  f->done = FALSE;
  fd_client_list_calls_async (f->client, cancellable, on_listed, f);
  while (f->paused->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  wait_done (f, 2);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *f = data;

  f->response = fd_client_send_finish (FD_CLIENT (source), result, &f->error);
  f->done = TRUE;
}

static void
test_command_params (Fixture *f, gconstpointer data)
{
  const char *params[] = { "CallId", "uteom", "Destination", "+36 1 234", NULL };

  f->done = FALSE;
  fd_client_send_async (f->client, "Forward", params, NULL, on_sent, f);
  wait_done (f, 5);
  g_assert_no_error (f->error);
  g_assert_cmpint (f->response->code, ==, 200);
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "command"), ==, "Forward");
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "CallId"), ==, "uteom");
  g_assert_cmpstr (g_hash_table_lookup (f->last_query, "Destination"), ==, "+36 1 234");
}

static void
test_invalid_url (Fixture *f, gconstpointer data)
{
  fd_client_set_url (f->client, "ftp://pbx");
  f->done = FALSE;
  fd_client_list_calls_async (f->client, NULL, on_listed, f);
  wait_done (f, 1);
  g_assert_error (f->error, FD_ERROR, FD_ERROR_INVALID);
  g_assert_cmpint (fd_error_exit_status (f->error), ==, 2);
}

static void
test_redact_url (void)
{
  g_autofree char *a = fd_redact_url ("http://admin:secret@pbx:7780/api?Password=x&a=b");
  g_autofree char *b = fd_redact_url ("http://pbx:7780");

  g_assert_null (strstr (a, "secret"));
  g_assert_cmpstr (a, ==, "http://pbx:7780/api?Password=****&a=b");
  g_assert_cmpstr (b, ==, "http://pbx:7780");
}

/* HTTPS is verified: a self-signed certificate is refused unless it is the
 * one pinned, and its fingerprint is offered for the user to check. */
static void
test_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = g_build_filename (TEST_DATA_DIR, "test-server-1.pem", NULL);
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (server, NULL, server_callback, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fd_client_set_url (f->client, url);
  f->done = FALSE;
  fd_client_list_calls_async (f->client, NULL, on_listed, f);
  wait_done (f, 5);
  g_assert_error (f->error, FD_ERROR, FD_ERROR_TLS);
  g_assert_cmpint (fd_error_exit_status (f->error), ==, 3);
  fingerprint = fd_client_dup_rejected_certificate (f->client);
  g_assert_cmpstr (fingerprint, ==, "2682c7728fd332302d6d972de37faf45c676d8266f38874dd6286a19557c39a6");

  g_clear_error (&f->error);
  fd_client_set_pinned_certificate (f->client, fingerprint);
  f->done = FALSE;
  fd_client_list_calls_async (f->client, NULL, on_listed, f);
  wait_done (f, 5);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->calls->len, ==, 1);
  soup_server_disconnect (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
  g_log_writer_default_set_use_stderr (TRUE);

  g_test_add_func ("/frontdesk/client/redact-url", test_redact_url);
#define ADD(path, fn) g_test_add ("/frontdesk/client/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("list-xe", test_list_xe);
  ADD ("path-and-credentials", test_path_and_credentials);
  ADD ("auth-refused", test_auth_refused);
  ADD ("echoed-password-redacted", test_echoed_password_redacted);
  ADD ("api-error", test_api_error);
  ADD ("html", test_html);
  ADD ("http-500", test_http_500);
  ADD ("hang-deadline", test_hang_deadline);
  ADD ("trickle-deadline", test_trickle_deadline);
  ADD ("size-cap", test_size_cap);
  ADD ("refused", test_refused);
  ADD ("cancel", test_cancel);
  ADD ("command-params", test_command_params);
  ADD ("invalid-url", test_invalid_url);
  ADD ("tls", test_tls);
#undef ADD

  return g_test_run ();
}
