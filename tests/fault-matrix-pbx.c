/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fault matrix's fake PBX: the bodies it serves, good and broken, and
 * an in-process SoupServer that answers as the running case's fault says.
 */
#include "config.h"

#include "fault-matrix.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

Bodies bodies;

/* ---- Bodies ------------------------------------------------------------- */

static char *
call_xml (const char *id,
          const char *state,
          const char *source,
          const char *caller,
          int         ring,
          int         talk)
{
  return g_strdup_printf ("<CallInfo><CallState>%s</CallState><CallId>%s</CallId>"
                          "<Source>%s</Source><CallerId>%s</CallerId><Destination>1001</Destination>"
                          "<StartTime>2024-03-01T10:49:07.9558+01:00</StartTime>"
                          "<RingDuration>%d</RingDuration><TalkDuration>%d</TalkDuration></CallInfo>",
                          state, id, source, caller, ring, talk);
}

/* The good PBX: c-talk InCall, c-ring Ringing; nothing ticks, so a good
 * poll after the first emits nothing. */
static char *
make_snapshot (const char *talk_state,
               const char *ring_caller,
               const char *extra)
{
  g_autofree char *talk = call_xml ("c-talk", talk_state, "1000", "John Smith", 2, 95);
  g_autofree char *ring = call_xml ("c-ring", "Ringing", "1002", ring_caller, 3, 0);

  return g_strconcat ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
                      "<Response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                      "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                      "<Code>200</Code><Message>Command successfully executed</Message>"
                      "<ActiveCalls>", talk, ring, extra ? extra : "", "</ActiveCalls></Response>",
                      NULL);
}

static char *
make_laughs (void)
{
  GString *body = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE Response [\n <!ENTITY lol \"lol\">\n");

  for (int i = 1; i <= 9; i++)
    {
      g_string_append_printf (body, " <!ENTITY lol%d \"", i);
      for (int j = 0; j < 10; j++)
        g_string_append_printf (body, i == 1 ? "&lol;" : "&lol%d;", i - 1);
      g_string_append (body, "\">\n");
    }
  g_string_append (body, "]>\n<Response><Code>200</Code><Message>&lol9;</Message><ActiveCalls>"
                   "<CallInfo><CallId>c-talk</CallId><CallState>InCall</CallState>"
                   "<CallerId>&lol9;</CallerId></CallInfo></ActiveCalls></Response>");
  return g_string_free (body, FALSE);
}

/* Four ways to point at the local file: a general entity in text and in an
 * attribute, a parameter entity, and the external DTD subset itself. If any
 * of them were read, the marker would reach a field, a message or a log. */
static void
make_xxe (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const char *calls = "<ActiveCalls><CallInfo><CallId>c-talk</CallId><CallState>InCall</CallState>"
                      "<CallerId>&xxe;</CallerId></CallInfo></ActiveCalls>";

  g_assert_nonnull (uri);
  bodies.xxe[0] = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE Response [\n"
                                   "  <!ENTITY xxe SYSTEM \"%s\">\n]>\n"
                                   "<Response><Code>200</Code><Message>&xxe;</Message>%s</Response>",
                                   uri, calls);
  bodies.xxe[1] = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE Response [\n"
                                   "  <!ENTITY xxe SYSTEM \"%s\">\n]>\n"
                                   "<Response note=\"&xxe;\"><Code>200</Code></Response>", uri);
  bodies.xxe[2] = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE Response [\n"
                                   "  <!ENTITY %% xxe SYSTEM \"%s\">\n  %%xxe;\n]>\n"
                                   "<Response><Code>200</Code></Response>", uri);
  bodies.xxe[3] = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE Response SYSTEM \"%s\">\n"
                                   "<Response><Code>200</Code><Message>&xxe;</Message>%s</Response>",
                                   uri, calls);
}

static GBytes *
make_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  guchar *data = g_malloc (4096);

  for (gsize i = 0; i < 4096; i++)
    data[i] = (guchar) g_rand_int_range (rand, 0, 256);
  data[0] = 0x9c;   /* not '<', not a byte order mark */
  return g_bytes_new_take (data, 4096);
}

/* Starts like a good answer, then goes on far past the cap. */
static GBytes *
make_huge (void)
{
  const char *head = "<?xml version=\"1.0\"?><Response><Code>200</Code><Message>";
  char *data = g_malloc (HUGE_BODY);

  memset (data, 'x', HUGE_BODY);
  memcpy (data, head, strlen (head));
  return g_bytes_new_take (data, HUGE_BODY);
}

void
make_bodies (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dup = call_xml ("c-ring", "InCall", "1002", "Anna Kovacs", 3, 5);
  int fd;

  bodies.good = make_snapshot ("InCall", "Anna Kovacs", NULL);
  bodies.unknown_state = make_snapshot (UNKNOWN_STATE, "Anna Kovacs", NULL);
  /* The first copy of c-ring is the one already known; the second one
   * differs, so a tracker letting the last copy win would flap. */
  bodies.duplicate = make_snapshot ("InCall", "Anna Kovacs", dup);
  bodies.not_utf8 = make_snapshot ("InCall", "Zolt\xe1n Kov\xe1" "cs", NULL);
  bodies.truncated = g_strndup (bodies.good, strlen (bodies.good) * 3 / 5);
  bodies.laughs = make_laughs ();
  bodies.garbage = make_garbage ();
  bodies.huge = make_huge ();

  bodies.marker = g_strdup_printf ("FD-XXE-MARKER-%08x%08x", g_random_int (), g_random_int ());
  fd = g_file_open_tmp ("frontdesk-xxe-XXXXXX.txt", &bodies.marker_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (bodies.marker_path, bodies.marker, -1, &error);
  g_assert_no_error (error);
  make_xxe (bodies.marker_path);
}

void
free_bodies (void)
{
  g_unlink (bodies.marker_path);
  g_free (bodies.marker_path);
  g_free (bodies.marker);
  for (guint i = 0; i < G_N_ELEMENTS (bodies.xxe); i++)
    g_free (bodies.xxe[i]);
  g_bytes_unref (bodies.huge);
  g_bytes_unref (bodies.garbage);
  g_free (bodies.laughs);
  g_free (bodies.truncated);
  g_free (bodies.not_utf8);
  g_free (bodies.duplicate);
  g_free (bodies.unknown_state);
  g_free (bodies.good);
}

/* ---- The server --------------------------------------------------------- */

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

static void
respond_xml (SoupServerMessage *msg,
             const char        *body)
{
  respond (msg, 200, "application/xml", body, strlen (body));
}

static void
respond_code (SoupServerMessage *msg,
              int                code,
              const char        *message)
{
  g_autofree char *body = g_strdup_printf ("<?xml version=\"1.0\"?><Response><Code>%d</Code>"
                                           "<Message>%s</Message></Response>", code, message);

  respond_xml (msg, body);
}

static void
on_held_over (SoupServerMessage *msg,
              Held              *held)
{
  held->over = TRUE;
}

static Held *
hold (Fixture           *f,
      SoupServerMessage *msg)
{
  Held *held = g_new0 (Held, 1);

  held->msg = g_object_ref (msg);
  g_signal_connect (msg, "finished", G_CALLBACK (on_held_over), held);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_held_over), held);
  g_ptr_array_add (f->held, held);
  return held;
}

/* Lets go of every held response: the hung get an answer, the trickling
 * their end, so that no connection lingers. */
void
release_held (Fixture *f)
{
  for (guint i = 0; i < f->held->len; i++)
    {
      Held *held = g_ptr_array_index (f->held, i);

      g_clear_handle_id (&held->source, g_source_remove);
      g_signal_handlers_disconnect_by_data (held->msg, held);
      if (!held->over)
        {
          if (soup_server_message_get_status (held->msg) == 0)
            soup_server_message_set_status (held->msg, 503, NULL);
          soup_message_body_complete (soup_server_message_get_response_body (held->msg));
          soup_server_unpause_message (current->server, held->msg);
        }
      g_object_unref (held->msg);
      g_free (held);
    }
  g_ptr_array_set_size (f->held, 0);
}

/* One byte of a good answer every 100 ms: every read is quick, only the
 * whole-request deadline can end it. */
static gboolean
trickle_one (gpointer data)
{
  Held *held = data;

  if (held->over || bodies.good[held->sent] == '\0')
    {
      held->source = 0;
      return G_SOURCE_REMOVE;
    }
  soup_message_body_append (soup_server_message_get_response_body (held->msg),
                            SOUP_MEMORY_STATIC, bodies.good + held->sent, 1);
  held->sent++;
  soup_server_unpause_message (current->server, held->msg);
  return G_SOURCE_CONTINUE;
}

static void
start_trickle (Fixture           *f,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Held *held = hold (f, msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/xml", NULL);
  held->source = g_timeout_add (100, trickle_one, held);
}

static void
serve_huge (SoupServerMessage *msg,
            gboolean           chunked)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize chunk = 64 * 1024;

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/xml", NULL);
  if (!chunked)
    {
      soup_message_body_append_bytes (body, bodies.huge);
      return;
    }
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  for (gsize offset = 0; offset < HUGE_BODY; offset += chunk)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bodies.huge, offset, chunk);

      soup_message_body_append_bytes (body, part);
    }
  soup_message_body_complete (body);
}

static void
serve_fault (Fixture           *f,
             SoupServerMessage *msg)
{
  switch (f->fault)
    {
    case FAULT_HANG:
      soup_server_pause_message (f->server, msg);
      hold (f, msg);
      break;
    case FAULT_TRICKLE:
      start_trickle (f, msg);
      break;
    case FAULT_HTTP_500:
      respond (msg, 500, "text/plain", "Internal Server Error", 21);
      break;
    case FAULT_HTML:
      {
        const char *html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
                           "<body><h1>Bad Gateway</h1></body></html>";

        respond (msg, 200, "text/html", html, strlen (html));
      }
      break;
    case FAULT_TRUNCATED:
      respond_xml (msg, bodies.truncated);
      break;
    case FAULT_GARBAGE:
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bodies.garbage);
      break;
    case FAULT_HUGE:
    case FAULT_HUGE_CHUNKED:
      serve_huge (msg, f->fault == FAULT_HUGE_CHUNKED);
      break;
    case FAULT_BILLION_LAUGHS:
      respond_xml (msg, bodies.laughs);
      break;
    case FAULT_XXE:
      respond_xml (msg, bodies.xxe[f->n_fault_served % G_N_ELEMENTS (bodies.xxe)]);
      break;
    case FAULT_CODE_300:
      respond_code (msg, 300, "Error occured during parsing message: 'command=ListActiveCalls'");
      break;
    case FAULT_CODE_301:
      respond_code (msg, 301, "Not implemented command: 'ListActiveCalls'");
      break;
    case FAULT_CODE_305:
      respond_code (msg, 305, "Authentication failed, bad username or password");
      break;
    case FAULT_CODE_601:
      respond_code (msg, 601, "Call not found with ID 'c-talk'");
      break;
    case FAULT_UNKNOWN_STATE:
      respond_xml (msg, bodies.unknown_state);
      break;
    case FAULT_DUPLICATE_ID:
      respond_xml (msg, bodies.duplicate);
      break;
    case FAULT_NOT_UTF8:
      respond_xml (msg, bodies.not_utf8);
      break;
    case FAULT_NONE:
    case FAULT_REFUSED:
    case FAULT_UNKNOWN_HOST:
    default:
      g_assert_not_reached ();
    }
  f->n_fault_served++;
}

void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;

  g_assert_cmpstr (query != NULL ? g_hash_table_lookup (query, "command") : NULL, ==, "ListActiveCalls");
  /* Refused and unknown host never reach the server. */
  if (f->fault == FAULT_NONE || f->fault == FAULT_REFUSED || f->fault == FAULT_UNKNOWN_HOST)
    respond_xml (msg, bodies.good);
  else
    serve_fault (f, msg);
}

void
server_listen (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_listen_local (f->server, f->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  if (f->port != 0)
    g_assert_cmpint (g_uri_get_port (uris->data), ==, f->port);
  f->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

/* ---- Switching faults --------------------------------------------------- */

void
set_fault (Fixture *f,
           Fault    fault)
{
  Fault old = f->fault;

  f->fault = fault;
  if (fault == FAULT_REFUSED)
    soup_server_disconnect (f->server);
  else if (old == FAULT_REFUSED)
    server_listen (f);      /* the same port: the PBX came back */
  if (fault == FAULT_UNKNOWN_HOST)
    fd_client_set_url (f->client, "http://" FAULT_HOST);
  else if (old == FAULT_UNKNOWN_HOST)
    fd_client_set_url (f->client, f->url);
  if (fault == FAULT_NONE)
    release_held (f);
}
