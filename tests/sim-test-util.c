/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sim-test-util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>

/* ---- waiting ------------------------------------------------------------ */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until the condition holds or the deadline
 * passes; returns whether it holds. */
gboolean
wait_until (Condition     condition,
            gconstpointer data,
            double        seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean holds;

  while (!(holds = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return holds;
}

static gboolean
flag_is_set (gconstpointer data)
{
  return *(const gboolean *) data;
}

gboolean
wait_for (gboolean *flag,
          double    seconds)
{
  return wait_until (flag_is_set, flag, seconds);
}

static gboolean
never (gconstpointer data)
{
  return FALSE;
}

/* For polling loops: lets the main context run for a while. */
void
pause_for (double seconds)
{
  wait_until (never, NULL, seconds);
}

/* ---- requests ----------------------------------------------------------- */

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Reply *reply = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  if (msg != NULL)
    {
      reply->status = soup_message_get_status (msg);
      reply->content_type = g_strdup (soup_message_headers_get_content_type (
                                        soup_message_get_response_headers (msg), NULL));
    }
  reply->done = TRUE;
}

Reply *
send_message (Fixture     *fixture,
              SoupMessage *msg)
{
  Reply *reply = g_new0 (Reply, 1);

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    read_cb, reply);
  g_assert_true (wait_for (&reply->done, REQUEST_SECONDS));
  return reply;
}

/* GET base URL + path_and_query; the answer must be complete. */
Reply *
get (Fixture    *fixture,
     const char *path_and_query)
{
  g_autofree char *uri = g_strconcat (fixture->url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  return send_message (fixture, msg);
}

Reply *
post (Fixture    *fixture,
      const char *form)
{
  g_autofree char *uri = g_strconcat (fixture->url, "/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", uri, g_strdup (form));

  return send_message (fixture, msg);
}

/* ---- reading the XML ---------------------------------------------------- */

void
doc_free (Doc *doc)
{
  g_free (doc->message);
  g_ptr_array_unref (doc->calls);
  g_ptr_array_unref (doc->call_elements);
  g_free (doc);
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup ((const char *) content);

  xmlFree (content);
  return text;
}

static GPtrArray *
read_call (xmlNode *element)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = element->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        g_autofree char *text = node_text (child);

        g_ptr_array_add (fields, g_strdup_printf ("%s=%s", child->name, text));
      }
  return fields;
}

/* Parses a reply independently of fd-parser, to check the exact shape. */
Doc *
read_doc (Reply *reply)
{
  Doc *doc = g_new0 (Doc, 1);
  xmlDoc *xml;
  xmlNode *root;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply->content_type, ==, "application/xml");
  xml = xmlReadMemory (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body),
                       NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (xml);
  root = xmlDocGetRootElement (xml);
  g_assert_cmpstr ((const char *) root->name, ==, "Response");

  doc->code = -1;
  doc->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  doc->call_elements = g_ptr_array_new_with_free_func (g_free);
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      g_autofree char *text = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      text = node_text (child);
      if (strcmp ((const char *) child->name, "Code") == 0)
        doc->code = atoi (text);
      else if (strcmp ((const char *) child->name, "Message") == 0)
        doc->message = g_steal_pointer (&text);
      else if (strcmp ((const char *) child->name, "ActiveCalls") == 0)
        {
          doc->has_active_calls = TRUE;
          for (xmlNode *call = child->children; call != NULL; call = call->next)
            if (call->type == XML_ELEMENT_NODE)
              {
                g_ptr_array_add (doc->call_elements, g_strdup ((const char *) call->name));
                g_ptr_array_add (doc->calls, read_call (call));
              }
        }
      else
        g_assert_not_reached ();
    }
  xmlFreeDoc (xml);
  return doc;
}

void
assert_code (Reply      *reply,
             int         code,
             const char *message)
{
  g_autoptr(Doc) doc = read_doc (reply);

  g_assert_cmpint (doc->code, ==, code);
  g_assert_cmpstr (doc->message, ==, message);
  g_assert_false (doc->has_active_calls);
}

/* The value of one field of a call: "Name=value" -> "value". */
const char *
field (GPtrArray  *call,
       const char *name)
{
  gsize length = strlen (name);

  for (guint i = 0; i < call->len; i++)
    {
      const char *entry = g_ptr_array_index (call, i);

      if (strncmp (entry, name, length) == 0 && entry[length] == '=')
        return entry + length + 1;
    }
  return NULL;
}

char *
field_names (GPtrArray *call)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < call->len; i++)
    {
      const char *entry = g_ptr_array_index (call, i);

      if (names->len > 0)
        g_string_append_c (names, ',');
      g_string_append_len (names, entry, strchr (entry, '=') - entry);
    }
  return g_string_free (names, FALSE);
}

FdResponse *
parse_reply (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  FdResponse *response = fd_parser_parse_bytes (reply->body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

FdCall *
find_parsed_call (FdResponse *response,
                  const char *id)
{
  for (guint i = 0; i < response->calls->len; i++)
    if (g_strcmp0 (fd_call_get_id (g_ptr_array_index (response->calls, i)), id) == 0)
      return g_ptr_array_index (response->calls, i);
  return NULL;
}

/* The state of call `id` in a fresh ListActiveCalls, NULL if not listed. */
const char *
state_of (Fixture    *fixture,
          const char *id)
{
  g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
  g_autoptr(FdResponse) response = parse_reply (reply);
  FdCall *call = find_parsed_call (response, id);

  return call ? g_intern_string (fd_call_get_state (call)) : NULL;
}

/* ---- fixture ------------------------------------------------------------ */

void
event_cb (FdSimulator *sim,
          const char  *line,
          Fixture     *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup (line));
}

static void
finished_cb (FdSimulator *sim,
             gboolean     quit,
             Fixture     *fixture)
{
  fixture->finished = TRUE;
  fixture->finished_quit = quit;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sim = fd_simulator_new ();
  fd_simulator_set_seed (fixture->sim, 4242);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->sim, "event", G_CALLBACK (event_cb), fixture);
  g_signal_connect (fixture->sim, "scenario-finished", G_CALLBACK (finished_cb), fixture);
  fixture->url = fd_simulator_listen (fixture->sim, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fixture->url, "http://127.0.0.1:"));
  fixture->session = soup_session_new_with_options ("timeout", 10, NULL);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  fd_simulator_stop (fixture->sim);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->sim);
  g_ptr_array_unref (fixture->events);
  g_free (fixture->url);
}

/* Loads a scenario and waits until its last line has run. */
void
play (Fixture    *fixture,
      const char *scenario)
{
  g_autoptr(GError) error = NULL;

  fixture->finished = FALSE;
  fd_simulator_load_scenario_data (fixture->sim, scenario, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (&fixture->finished, 5.0));
}

gboolean
has_event (Fixture    *fixture,
           const char *line)
{
  for (guint i = 0; i < fixture->events->len; i++)
    if (strcmp (g_ptr_array_index (fixture->events, i), line) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  Fixture    *fixture;
  const char *line;
} EventWait;

static gboolean
event_seen (gconstpointer data)
{
  const EventWait *wait = data;

  return has_event (wait->fixture, wait->line);
}

gboolean
wait_for_event (Fixture    *fixture,
                const char *line,
                double      seconds)
{
  EventWait wait = { fixture, line };

  return wait_until (event_seen, &wait, seconds);
}

gboolean
has_events (gconstpointer data)
{
  return ((const GPtrArray *) data)->len > 0;
}
