/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator's faults: their names, and what each does to a request
 * (refuse, hang, trickle, huge, the broken bodies, API codes).
 */
#include "config.h"

#include "fd-error.h"
#include "sim-test-util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <string.h>

static void
test_parse_fault (void)
{
  static const struct {
    const char *text;
    FdSimFault  fault;
    int         code;
  } good[] = {
    { "none", FD_SIM_FAULT_NONE, 0 }, { "refuse", FD_SIM_FAULT_REFUSE, 0 },
    { "hang", FD_SIM_FAULT_HANG, 0 }, { "trickle", FD_SIM_FAULT_TRICKLE, 0 },
    { "http-500", FD_SIM_FAULT_HTTP_500, 0 }, { "HTML", FD_SIM_FAULT_HTML, 0 },
    { "truncated", FD_SIM_FAULT_TRUNCATED, 0 }, { "garbage", FD_SIM_FAULT_GARBAGE, 0 },
    { "huge", FD_SIM_FAULT_HUGE, 0 }, { "300", FD_SIM_FAULT_API_CODE, 300 },
    { "301", FD_SIM_FAULT_API_CODE, 301 }, { "305", FD_SIM_FAULT_API_CODE, 305 },
    { "601", FD_SIM_FAULT_API_CODE, 601 },
  };
  const char *bad[] = { "", "bogus", "200", "99", "1000", "30a", "-305", "http500" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      FdSimFault fault = -1;
      int code = -1;

      g_assert_true (fd_simulator_parse_fault (good[i].text, &fault, &code, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fault, ==, good[i].fault);
      g_assert_cmpint (code, ==, good[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      FdSimFault fault;
      int code;

      g_assert_false (fd_simulator_parse_fault (bad[i], &fault, &code, &error));
      g_assert_error (error, FD_ERROR, FD_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "unknown fault '"));
    }
}

/* ---- faults ------------------------------------------------------------- */

static void
test_fault_refuse (Fixture       *fixture,
                   gconstpointer  data)
{
  guint port = fd_simulator_get_port (fixture->sim);

  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 200);
  }
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_REFUSE, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

    g_assert_error (reply->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_NONE, 0);
  g_assert_cmpuint (fd_simulator_get_port (fixture->sim), ==, port);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
  g_assert_true (has_event (fixture, "fault refuse"));
  g_assert_true (has_event (fixture, "fault none"));
}

static void
test_fault_refuse_at_start (void)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *url = NULL;

  fd_simulator_set_fault (sim, FD_SIM_FAULT_REFUSE, 0);
  url = fd_simulator_listen (sim, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fd_simulator_get_port (sim), >, 0);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fd_simulator_get_port (sim),
                                                NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  fd_simulator_stop (sim);
}

static void
test_fault_hang (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (fixture->url, "/?command=ListActiveCalls", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  Reply *hung = g_new0 (Reply, 1);

  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_HANG, 0);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    read_cb, hung);
  g_assert_false (wait_for (&hung->done, 1.0));

  /* The server itself is not stuck: a new request is answered. */
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_NONE, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
  g_assert_false (hung->done);

  /* Stopping lets go of the hung request. */
  fd_simulator_stop (fixture->sim);
  g_assert_true (wait_for (&hung->done, 2.0));
  g_assert_true (hung->error != NULL || hung->status == 503);
  reply_free (hung);
}

typedef struct {
  Reply *replies[40];
  guint  n_done;
} Flood;

static gboolean
flood_done (gconstpointer data)
{
  const Flood *flood = data;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (flood->replies); i++)
    n += flood->replies[i]->done;
  return n >= flood->n_done;
}

/* Clients that give up and retry cannot pile up hung connections forever:
 * beyond 32 the oldest is answered with 503. */
static void
test_fault_hang_cap (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 100,
                                                                  "max-conns-per-host", 100,
                                                                  NULL);
  g_autofree char *uri = g_strconcat (fixture->url, "/?command=ListActiveCalls", NULL);
  Flood flood = { 0, };
  guint n_done = 0;

  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_HANG, 0);
  for (guint i = 0; i < G_N_ELEMENTS (flood.replies); i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

      flood.replies[i] = g_new0 (Reply, 1);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                        read_cb, flood.replies[i]);
    }
  flood.n_done = 8;
  g_assert_true (wait_until (flood_done, &flood, REQUEST_SECONDS));
  for (guint i = 0; i < G_N_ELEMENTS (flood.replies); i++)
    {
      Reply *reply = flood.replies[i];

      n_done += reply->done;
      if (reply->done)
        g_assert_cmpuint (reply->status, ==, 503);
    }
  g_assert_cmpuint (n_done, ==, 8);

  fd_simulator_stop (fixture->sim);
  flood.n_done = G_N_ELEMENTS (flood.replies);
  g_assert_true (wait_until (flood_done, &flood, REQUEST_SECONDS));
  for (guint i = 0; i < G_N_ELEMENTS (flood.replies); i++)
    reply_free (flood.replies[i]);
}

typedef struct {
  gboolean       done;
  GInputStream  *stream;
  GError        *error;
  GBytes        *chunk;
} Stream;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Stream *stream = data;

  stream->stream = soup_session_send_finish (SOUP_SESSION (source), result, &stream->error);
  stream->done = TRUE;
}

static void
chunk_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Stream *stream = data;

  stream->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &stream->error);
  stream->done = TRUE;
}

static SoupMessage *
open_stream (Fixture *fixture,
             Stream  *stream)
{
  g_autofree char *uri = g_strconcat (fixture->url, "/?command=ListActiveCalls", NULL);
  SoupMessage *msg = soup_message_new ("GET", uri);

  soup_session_send_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, stream);
  g_assert_true (wait_for (&stream->done, REQUEST_SECONDS));
  g_assert_no_error (stream->error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return msg;
}

static void
test_fault_trickle (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) received = g_string_new (NULL);
  g_autoptr(SoupMessage) msg = NULL;
  Stream stream = { 0, };
  gint64 deadline;

  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_TRICKLE, 0);
  msg = open_stream (fixture, &stream);
  deadline = g_get_monotonic_time () + 1200 * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      stream.done = FALSE;
      g_input_stream_read_bytes_async (stream.stream, 64, G_PRIORITY_DEFAULT, cancellable,
                                       chunk_cb, &stream);
      if (!wait_for (&stream.done, (deadline - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC))
        {
          g_cancellable_cancel (cancellable);
          g_assert_true (wait_for (&stream.done, 1.0));
          g_clear_error (&stream.error);
          break;
        }
      g_assert_no_error (stream.error);
      g_string_append_len (received, g_bytes_get_data (stream.chunk, NULL),
                           g_bytes_get_size (stream.chunk));
      g_clear_pointer (&stream.chunk, g_bytes_unref);
    }
  /* One byte at once, then one every 0.5 s: a valid body, very slowly. */
  g_assert_cmpuint (received->len, >=, 1);
  g_assert_cmpuint (received->len, <=, 4);
  g_assert_true (g_str_has_prefix ("<?xml", received->str));
  g_clear_object (&stream.stream);
}

static void
test_fault_huge (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  Stream stream = { 0, };
  gsize total = 0;
  char first[6] = "";

  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_HUGE, 0);
  msg = open_stream (fixture, &stream);
  g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)),
                   ==, SOUP_ENCODING_CHUNKED);
  while (total < 4 * 1024 * 1024)
    {
      stream.done = FALSE;
      g_input_stream_read_bytes_async (stream.stream, 256 * 1024, G_PRIORITY_DEFAULT, NULL,
                                       chunk_cb, &stream);
      g_assert_true (wait_for (&stream.done, REQUEST_SECONDS));
      g_assert_no_error (stream.error);
      g_assert_cmpuint (g_bytes_get_size (stream.chunk), >, 0);
      if (total == 0)
        memcpy (first, g_bytes_get_data (stream.chunk, NULL), 5);
      total += g_bytes_get_size (stream.chunk);
      g_clear_pointer (&stream.chunk, g_bytes_unref);
    }
  g_assert_cmpstr (first, ==, "<?xml");
  g_clear_object (&stream.stream);

  /* Giving up on it leaves the server fine. */
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_NONE, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
}

static void
assert_not_xml (Reply *reply)
{
  xmlDoc *xml = xmlReadMemory (g_bytes_get_data (reply->body, NULL),
                               g_bytes_get_size (reply->body), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = NULL;

  g_assert_null (xml);
  response = fd_parser_parse_bytes (reply->body, &error);
  g_assert_null (response);
  g_assert_nonnull (error);
}

static void
test_fault_bodies (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Reply) normal = NULL;

  play (fixture, "0 ring a from=1000 name=\"John Smith\" to=1001 id=body1\n");
  normal = get (fixture, "/?command=ListActiveCalls");

  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_HTTP_500, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 500);
  }
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_HTML, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpstr (reply->content_type, ==, "text/html");
    g_assert_true (g_str_has_prefix (g_bytes_get_data (reply->body, NULL), "<!DOCTYPE html>"));
    assert_not_xml (reply);
  }
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_TRUNCATED, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpstr (reply->content_type, ==, "application/xml");
    g_assert_cmpuint (g_bytes_get_size (reply->body), ==, g_bytes_get_size (normal->body) / 2);
    g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body),
                     g_bytes_get_data (normal->body, NULL), g_bytes_get_size (reply->body));
    assert_not_xml (reply);
  }
  fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_GARBAGE, 0);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (reply->body), ==, 512);
    assert_not_xml (reply);
  }
  /* Faults that stop the request also stop its command. */
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=Hangup&CallId=body1");

    assert_not_xml (reply);
    g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 1);
  }
}

static void
test_fault_api_code (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    int         code;
    const char *query;
    const char *message;
  } cases[] = {
    { 305, "/?command=ListActiveCalls", "Authentication failed, bad username or password" },
    { 300, "/?command=ListActiveCalls", "Error occured during parsing message: 'ListActiveCalls'" },
    { 301, "/?command=ListActiveCalls", "Not implemented command: 'ListActiveCalls'" },
    { 601, "/?command=Hangup&CallId=abc", "Call not found with ID 'abc'" },
    { 999, "/?command=ListActiveCalls", "Error" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = NULL;
      g_autofree char *event = g_strdup_printf ("fault %d", cases[i].code);

      fd_simulator_set_fault (fixture->sim, FD_SIM_FAULT_API_CODE, cases[i].code);
      reply = get (fixture, cases[i].query);
      assert_code (reply, cases[i].code, cases[i].message);
      g_assert_true (has_event (fixture, event));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/frontdesk/simulator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/frontdesk/simulator/fault/parse", test_parse_fault);
  ADD ("fault/refuse", test_fault_refuse);
  g_test_add_func ("/frontdesk/simulator/fault/refuse-at-start", test_fault_refuse_at_start);
  ADD ("fault/hang", test_fault_hang);
  ADD ("fault/hang-cap", test_fault_hang_cap);
  ADD ("fault/trickle", test_fault_trickle);
  ADD ("fault/huge", test_fault_huge);
  ADD ("fault/bodies", test_fault_bodies);
  ADD ("fault/api-code", test_fault_api_code);

#undef ADD

  return g_test_run ();
}
