/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The HTTP side: routes and methods, the fault answers that replace or
 * slow down the real one, and the responses that are not written at once
 * (hang, trickle). The real answer comes from the commands.
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-simulator-private.h"

#include <string.h>

/* Trickle fault: one byte per this many milliseconds. */
#define TRICKLE_INTERVAL_MS 500
/* Huge fault: the body is HUGE_BLOCKS blocks of HUGE_BLOCK_SIZE bytes. */
#define HUGE_BLOCK_SIZE (64 * 1024)
#define HUGE_BLOCKS 1024
/* Hang fault: a paused request's socket is never watched, so a client that
 * gives up and retries would pile up connections; beyond this many, the
 * oldest hung request is let go. */
#define MAX_HUNG_REQUESTS 32

/* A response that is not written at once: hang and trickle faults. */
typedef struct {
  FdSimulator       *sim;       /* borrowed: the simulator frees deliveries first */
  SoupServerMessage *msg;
  GBytes            *body;      /* trickle: the whole body */
  gsize              offset;
  GSource           *timer;
  gulong             finished_id;
} Delivery;

/* ---- deliveries --------------------------------------------------------- */

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  _fd_simulator_cancel_source (&delivery->timer);
  g_clear_signal_handler (&delivery->finished_id, delivery->msg);
  g_clear_pointer (&delivery->body, g_bytes_unref);
  g_clear_object (&delivery->msg);
  g_free (delivery);
}

GPtrArray *
_fd_simulator_deliveries_new (void)
{
  return g_ptr_array_new_with_free_func (delivery_free);
}

static void
delivery_finished_cb (SoupServerMessage *msg,
                      Delivery          *delivery)
{
  /* The message is done (written or its connection closed): forget it. */
  g_ptr_array_remove (delivery->sim->deliveries, delivery);
}

static Delivery *
delivery_new (FdSimulator       *self,
              SoupServerMessage *msg)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->sim = self;
  delivery->msg = g_object_ref (msg);
  delivery->finished_id = g_signal_connect (msg, "finished",
                                            G_CALLBACK (delivery_finished_cb), delivery);
  g_ptr_array_add (self->deliveries, delivery);
  return delivery;
}

/* Returns FALSE after the last byte. */
static gboolean
trickle_append (Delivery *delivery)
{
  SoupMessageBody *body = soup_server_message_get_response_body (delivery->msg);
  const guchar *bytes = g_bytes_get_data (delivery->body, NULL);

  soup_message_body_append (body, SOUP_MEMORY_COPY, bytes + delivery->offset++, 1);
  if (delivery->offset < g_bytes_get_size (delivery->body))
    return TRUE;
  soup_message_body_complete (body);
  return FALSE;
}

static gboolean
trickle_cb (gpointer data)
{
  Delivery *delivery = data;
  gboolean more = trickle_append (delivery);

  /* The server pauses the message whenever it runs out of body. */
  soup_server_unpause_message (delivery->sim->server, delivery->msg);
  if (more)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&delivery->timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
respond_trickle (FdSimulator       *self,
                 SoupServerMessage *msg,
                 char              *xml)
{
  Delivery *delivery = delivery_new (self, msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  delivery->body = g_bytes_new_take (xml, strlen (xml));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/xml", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  delivery->timer = g_timeout_source_new (TRICKLE_INTERVAL_MS);
  g_source_set_callback (delivery->timer, trickle_cb, delivery, NULL);
  g_source_attach (delivery->timer, self->context);
  /* The first byte goes out at once, with the headers. */
  trickle_append (delivery);
}

/* Answers a hung request with 503, so it finishes (or fails to be written
 * to a client that left) and its connection closes. */
static void
release_hung (FdSimulator *self,
              Delivery    *delivery)
{
  soup_server_message_set_status (delivery->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  soup_server_unpause_message (self->server, delivery->msg);
}

static void
respond_hang (FdSimulator       *self,
              SoupServerMessage *msg)
{
  guint n_hung = 0;

  for (guint i = self->deliveries->len; i > 0; i--)
    {
      Delivery *delivery = g_ptr_array_index (self->deliveries, i - 1);

      /* Hung requests have no status yet; released ones have 503. */
      if (soup_server_message_get_status (delivery->msg) == 0 &&
          ++n_hung >= MAX_HUNG_REQUESTS)
        release_hung (self, delivery);
    }
  delivery_new (self, msg);
  soup_server_pause_message (self->server, msg);
}

/* ---- fault bodies ------------------------------------------------------- */

/* A valid ListActiveCalls body of 64 MiB: the same 64 KiB block of calls
 * over and over, sent as chunks that all share one buffer. */
static void
respond_huge (SoupServerMessage *msg)
{
  static const char head[] =
    XML_HEADER
    "  <Code>200</Code>\n"
    "  <Message>Command successfully executed</Message>\n"
    "  <ActiveCalls>\n";
  static const char entry[] =
    "    <CallInfo>\n"
    "      <CallState>Ringing</CallState>\n"
    "      <CallId>huge1</CallId>\n"
    "      <Source>1000</Source>\n"
    "      <CallerId>Huge Body</CallerId>\n"
    "      <Destination>1001</Destination>\n"
    "      <StartTime>2013-07-01T10:49:07.9558+02:00</StartTime>\n"
    "      <RingDuration>2</RingDuration>\n"
    "      <TalkDuration>0</TalkDuration>\n"
    "    </CallInfo>\n";
  static const char tail[] = "  </ActiveCalls>\n</Response>\n";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  guchar *block = g_malloc (HUGE_BLOCK_SIZE);
  g_autoptr(GBytes) bytes = NULL;
  gsize filled = 0;

  while (filled + sizeof entry - 1 <= HUGE_BLOCK_SIZE)
    {
      memcpy (block + filled, entry, sizeof entry - 1);
      filled += sizeof entry - 1;
    }
  memset (block + filled, ' ', HUGE_BLOCK_SIZE - filled);
  bytes = g_bytes_new_take (block, HUGE_BLOCK_SIZE);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/xml", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, head, sizeof head - 1);
  for (guint i = 0; i < HUGE_BLOCKS; i++)
    soup_message_body_append_bytes (body, bytes);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, tail, sizeof tail - 1);
  soup_message_body_complete (body);
}

static void
respond_garbage (FdSimulator       *self,
                 SoupServerMessage *msg)
{
  guchar *bytes = g_malloc (512);

  for (guint i = 0; i < 512; i++)
    bytes[i] = g_rand_int_range (self->rand, 0, 256);
  /* Never '<': whatever else it is, it must not look like XML. */
  bytes[0] = 0xff;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_TAKE,
                                    (char *) bytes, 512);
}

static void
respond_html (SoupServerMessage *msg,
              guint              status)
{
  /* Real HTML, not XHTML: unclosed <meta> and <br>, an entity XML lacks. */
  static const char page[] =
    "<!DOCTYPE html>\n"
    "<html><head><meta charset=\"utf-8\"><title>Service Unavailable</title></head>\n"
    "<body><h1>Service Unavailable</h1>\n"
    "<p>The server is temporarily unable to service your request.<br>\n"
    "Please try again later&nbsp;.</p></body></html>\n";

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                    page, sizeof page - 1);
}

static void
respond_xml (SoupServerMessage *msg,
             char              *xml,
             gsize              length)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_TAKE, xml, length);
}

/* Faults that replace the answer; returns FALSE if the request should be
 * handled (trickle and truncated deliver a real answer). */
static gboolean
respond_fault (FdSimulator       *self,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  const char *command;
  char *xml;

  switch (self->fault)
    {
    case FD_SIM_FAULT_HANG:
      respond_hang (self, msg);
      return TRUE;
    case FD_SIM_FAULT_HTTP_500:
      respond_html (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return TRUE;
    case FD_SIM_FAULT_HTML:
      respond_html (msg, SOUP_STATUS_OK);
      return TRUE;
    case FD_SIM_FAULT_GARBAGE:
      respond_garbage (self, msg);
      return TRUE;
    case FD_SIM_FAULT_HUGE:
      respond_huge (msg);
      return TRUE;
    case FD_SIM_FAULT_API_CODE:
      command = _fd_simulator_param (params, "command");
      xml = _fd_simulator_error_body (self->fault_code,
                                      self->fault_code == 601 ?
                                        _fd_simulator_param (params, "callid") : command,
                                      command);
      respond_xml (msg, xml, strlen (xml));
      return TRUE;
    case FD_SIM_FAULT_NONE:
    case FD_SIM_FAULT_REFUSE:
    case FD_SIM_FAULT_TRICKLE:
    case FD_SIM_FAULT_TRUNCATED:
    default:
      return FALSE;
    }
}

/* ---- requests ----------------------------------------------------------- */

void
_fd_simulator_server_cb (SoupServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         gpointer           user_data)
{
  FdSimulator *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) params = NULL;
  char *xml;

  self->n_requests++;
  if (strcmp (path, "/") != 0 && strcmp (path, "/api") != 0 && strcmp (path, "/api/") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (strcmp (method, SOUP_METHOD_GET) != 0 && strcmp (method, SOUP_METHOD_HEAD) != 0 &&
      strcmp (method, SOUP_METHOD_POST) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  params = _fd_simulator_collect_params (msg, query);
  if (respond_fault (self, msg, params))
    return;
  xml = _fd_simulator_handle_command (self, params);
  if (self->fault == FD_SIM_FAULT_TRICKLE)
    respond_trickle (self, msg, xml);
  else if (self->fault == FD_SIM_FAULT_TRUNCATED)
    respond_xml (msg, xml, strlen (xml) / 2);
  else
    respond_xml (msg, xml, strlen (xml));
}

/* Hung requests get an answer so nobody waits for them, then every
 * connection is closed. */
void
_fd_simulator_release_deliveries (FdSimulator *self)
{
  g_autoptr(GPtrArray) deliveries = g_steal_pointer (&self->deliveries);

  self->deliveries = _fd_simulator_deliveries_new ();
  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = g_ptr_array_index (deliveries, i);

      _fd_simulator_cancel_source (&delivery->timer);
      if (soup_server_message_get_status (delivery->msg) == 0)
        release_hung (self, delivery);
    }
}
