/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-error.h"
#include "fd-parser.h"
#include "fd-simulator.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

#define REQUEST_SECONDS 5.0

typedef struct {
  FdSimulator *sim;
  SoupSession *session;
  char        *url;
  GPtrArray   *events;
  gboolean     finished;
  gboolean     finished_quit;
} Fixture;

typedef struct {
  gboolean  done;
  guint     status;
  char     *content_type;
  GBytes   *body;
  GError   *error;
} Reply;

/* The server side of a message: Code, Message and the calls, each call
 * as its element name and its children in document order. */
typedef struct {
  int        code;
  char      *message;
  gboolean   has_active_calls;
  GPtrArray *calls;             /* element-type GPtrArray of "Name=text" */
  GPtrArray *call_elements;     /* element-type char*: CallInfo or Call */
} Doc;

/* ---- waiting ------------------------------------------------------------ */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gconstpointer data);

/* Iterates the main context until the condition holds or the deadline
 * passes; returns whether it holds. */
static gboolean
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

static gboolean
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
static void
pause_for (double seconds)
{
  wait_until (never, NULL, seconds);
}

/* ---- requests ----------------------------------------------------------- */

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
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

static Reply *
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
static Reply *
get (Fixture    *fixture,
     const char *path_and_query)
{
  g_autofree char *uri = g_strconcat (fixture->url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  return send_message (fixture, msg);
}

static Reply *
post (Fixture    *fixture,
      const char *form)
{
  g_autofree char *uri = g_strconcat (fixture->url, "/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", uri, g_strdup (form));

  return send_message (fixture, msg);
}

/* ---- reading the XML ---------------------------------------------------- */

static void
doc_free (Doc *doc)
{
  g_free (doc->message);
  g_ptr_array_unref (doc->calls);
  g_ptr_array_unref (doc->call_elements);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Doc, doc_free)

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
static Doc *
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

static void
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
static const char *
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

static char *
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

static FdResponse *
parse_reply (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  FdResponse *response = fd_parser_parse_bytes (reply->body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

static FdCall *
find_parsed_call (FdResponse *response,
                  const char *id)
{
  for (guint i = 0; i < response->calls->len; i++)
    if (g_strcmp0 (fd_call_get_id (g_ptr_array_index (response->calls, i)), id) == 0)
      return g_ptr_array_index (response->calls, i);
  return NULL;
}

/* The state of call `id` in a fresh ListActiveCalls, NULL if not listed. */
static const char *
state_of (Fixture    *fixture,
          const char *id)
{
  g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
  g_autoptr(FdResponse) response = parse_reply (reply);
  FdCall *call = find_parsed_call (response, id);

  return call ? g_intern_string (fd_call_get_state (call)) : NULL;
}

/* ---- fixture ------------------------------------------------------------ */

static void
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

static void
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

static void
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
static void
play (Fixture    *fixture,
      const char *scenario)
{
  g_autoptr(GError) error = NULL;

  fixture->finished = FALSE;
  fd_simulator_load_scenario_data (fixture->sim, scenario, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (&fixture->finished, 5.0));
}

static gboolean
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

static gboolean
wait_for_event (Fixture    *fixture,
                const char *line,
                double      seconds)
{
  EventWait wait = { fixture, line };

  return wait_until (event_seen, &wait, seconds);
}

static gboolean
has_events (gconstpointer data)
{
  return ((const GPtrArray *) data)->len > 0;
}

/* ---- list shapes -------------------------------------------------------- */

static void
test_list_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *paths[] = { "/?command=ListActiveCalls", "/api?command=ListActiveCalls" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) reply = get (fixture, paths[i]);
      g_autoptr(Doc) doc = read_doc (reply);
      const char *body = g_bytes_get_data (reply->body, NULL);

      g_assert_cmpint (doc->code, ==, 200);
      g_assert_cmpstr (doc->message, ==, "Command successfully executed");
      g_assert_true (doc->has_active_calls);
      g_assert_cmpuint (doc->calls->len, ==, 0);
      g_assert_nonnull (g_strstr_len (body, g_bytes_get_size (reply->body), "<ActiveCalls />"));
      g_assert_true (g_str_has_prefix (body, "<?xml version=\"1.0\"?>\n<Response xmlns:xsi="));
    }
  g_assert_cmpuint (fd_simulator_get_n_requests (fixture->sim), ==, 2);
}

static const char two_calls[] =
  "0 ring a from=1000 name=\"John Smith\" to=1001 id=uteom\n"
  "0 ring b from=+36301234567 name=\"Zoltán Kovács\" to=101 id=23Xdz7\n"
  "0 answer a\n";

static void
test_list_xe (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GRegex) time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?"
                                        "[+-]\\d\\d:\\d\\d$", 0, 0, NULL);
  g_autofree char *names = NULL;
  GPtrArray *call;

  play (fixture, two_calls);
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  g_assert_cmpint (doc->code, ==, 200);
  g_assert_cmpuint (doc->calls->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (doc->call_elements, 0), ==, "CallInfo");

  call = g_ptr_array_index (doc->calls, 0);
  names = field_names (call);
  g_assert_cmpstr (names, ==, "CallState,CallId,Source,CallerId,Destination,StartTime,"
                              "RingDuration,TalkDuration");
  g_assert_cmpstr (field (call, "CallState"), ==, "InCall");
  g_assert_cmpstr (field (call, "CallId"), ==, "uteom");
  g_assert_cmpstr (field (call, "Source"), ==, "1000");
  g_assert_cmpstr (field (call, "CallerId"), ==, "John Smith");
  g_assert_cmpstr (field (call, "Destination"), ==, "1001");
  g_assert_true (g_regex_match (time, field (call, "StartTime"), 0, NULL));
  g_assert_cmpstr (field (call, "RingDuration"), ==, "0");
  g_assert_cmpstr (field (call, "TalkDuration"), ==, "0");

  call = g_ptr_array_index (doc->calls, 1);
  g_assert_cmpstr (field (call, "CallState"), ==, "Ringing");
  g_assert_cmpstr (field (call, "CallerId"), ==, "Zoltán Kovács");
  g_assert_cmpstr (field (call, "Source"), ==, "+36301234567");

  /* And the project's own parser agrees. */
  response = parse_reply (reply);
  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_XE);
  g_assert_cmpuint (response->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_caller_id (g_ptr_array_index (response->calls, 1)), ==,
                   "Zoltán Kovács");
  g_assert_nonnull (fd_call_get_start_time (g_ptr_array_index (response->calls, 0)));
}

static void
test_list_ozeki10 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GRegex) time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$", 0, 0, NULL);
  g_autoptr(GRegex) seconds = g_regex_new ("^\\d+\\.\\d{3}$", 0, 0, NULL);
  g_autofree char *names = NULL;
  GPtrArray *call;

  fd_simulator_set_dialect (fixture->sim, FD_DIALECT_OZEKI10);
  play (fixture, two_calls);
  reply = get (fixture, "/api?command=ListActiveCalls");
  doc = read_doc (reply);
  g_assert_cmpuint (doc->calls->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (doc->call_elements, 0), ==, "Call");

  call = g_ptr_array_index (doc->calls, 0);
  names = field_names (call);
  g_assert_cmpstr (names, ==, "CallId,Source,CallerId,Destination,CallerDialed,CalleeDialed,"
                              "StartTime,RingDuration,TalkDuration,CallState");
  g_assert_cmpstr (field (call, "CallId"), ==, "uteom");
  g_assert_cmpstr (field (call, "CallerDialed"), ==, "1001");
  g_assert_cmpstr (field (call, "CalleeDialed"), ==, "1001");
  g_assert_cmpstr (field (call, "CallState"), ==, "InCall");
  g_assert_true (g_regex_match (time, field (call, "StartTime"), 0, NULL));
  g_assert_true (g_regex_match (seconds, field (call, "RingDuration"), 0, NULL));
  g_assert_true (g_regex_match (seconds, field (call, "TalkDuration"), 0, NULL));

  response = parse_reply (reply);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_OZEKI10);
  g_assert_cmpuint (response->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_state (g_ptr_array_index (response->calls, 1)), ==, "Ringing");
}

/* RingDuration stops at the answer, TalkDuration runs on through Hold. */
static void
test_durations (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(FdResponse) answered = NULL;
  g_autoptr(FdResponse) held = NULL;
  FdCall *a, *b;

  fd_simulator_set_dialect (fixture->sim, FD_DIALECT_OZEKI10);
  fd_simulator_load_scenario_data (fixture->sim,
                                   "0 ring c from=1000 to=1001 id=dur01\n"
                                   "0.3 answer c\n"
                                   "0.7 hold c\n", &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_event (fixture, "answer dur01", 5.0));
  first = get (fixture, "/?command=ListActiveCalls");
  answered = parse_reply (first);
  g_assert_true (wait_for (&fixture->finished, 5.0));
  second = get (fixture, "/?command=ListActiveCalls");
  held = parse_reply (second);

  a = find_parsed_call (answered, "dur01");
  b = find_parsed_call (held, "dur01");
  g_assert_cmpstr (fd_call_get_state (b), ==, "Hold");
  g_assert_cmpfloat (fd_call_get_ring_seconds (a), >=, 0.29);
  g_assert_cmpfloat (fd_call_get_ring_seconds (a), <, 1.5);
  g_assert_cmpfloat (fd_call_get_ring_seconds (b), ==, fd_call_get_ring_seconds (a));
  /* Talk time ran from the answer (0.3 s) past the hold (0.7 s). */
  g_assert_cmpfloat (fd_call_get_talk_seconds (b), >=, 0.39);
  g_assert_cmpfloat (fd_call_get_talk_seconds (a), <, fd_call_get_talk_seconds (b));
}

static void
test_escaping (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;

  play (fixture, "0 ring a from=1000 name=\"<Tom> & \\\"Jerry\\\" 'Ltd'\" to=1001 id=esc01\n");
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  g_assert_cmpstr (field (g_ptr_array_index (doc->calls, 0), "CallerId"), ==,
                   "<Tom> & \"Jerry\" 'Ltd'");
  g_assert_true (has_event (fixture, "ring esc01 from=1000 name=\"<Tom> & \\\"Jerry\\\" 'Ltd'\" to=1001"));

  /* Request text echoed in a message is escaped too. */
  g_clear_pointer (&reply, reply_free);
  reply = get (fixture, "/?command=%3Cb%3E%26");
  assert_code (reply, 301, "Not implemented command: '<b>&'");
}

/* ---- commands ----------------------------------------------------------- */

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  static const struct {
    const char *query;
    int         code;
  } cases[] = {
    { "/?command=ListActiveCalls", 304 },
    { "/?command=ListActiveCalls&Username=admin", 304 },
    { "/?command=ListActiveCalls&Password=s3cr%26t", 304 },
    { "/?command=ListActiveCalls&Username=admin&Password=wrong", 305 },
    { "/?command=ListActiveCalls&Username=Admin&Password=s3cr%26t", 305 },
    { "/?command=ListActiveCalls&Username=admin&Password=s3cr%26", 305 },
    { "/?command=ListActiveCalls&Username=admin&Password=s3cr%26t", 200 },
    { "/?command=ListActiveCalls&USERNAME=admin&password=s3cr%26t", 200 },
    { "/?command=Bogus&Username=admin&Password=wrong", 305 },
  };

  fd_simulator_set_credentials (fixture->sim, "admin", "s3cr&t");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = get (fixture, cases[i].query);
      g_autoptr(Doc) doc = read_doc (reply);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpint (doc->code, ==, cases[i].code);
    }
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Reply) wrong = get (fixture, "/?command=ListActiveCalls&Username=a&Password=b");

    assert_code (reply, 304, "Authentication required");
    assert_code (wrong, 305, "Authentication failed, bad username or password");
  }
  fd_simulator_set_credentials (fixture->sim, NULL, NULL);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
}

static void
test_bad_commands (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    const char *query;
    int         code;
    const char *message;
  } cases[] = {
    { "/?command=Dial", 301, "Not implemented command: 'Dial'" },
    { "/api?command=Call&Dialed=103", 301, "Not implemented command: 'Call'" },
    { "/", 302, "Missing or invalid parameter 'command' for command ''" },
    { "/?command=", 302, "Missing or invalid parameter 'command' for command ''" },
    { "/?CallId=abc", 302, "Missing or invalid parameter 'command' for command ''" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = get (fixture, cases[i].query);

      assert_code (reply, cases[i].code, cases[i].message);
    }
  {
    g_autoptr(Reply) reply = get (fixture, "/other?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 404);
  }
}

static void
test_case_insensitive (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *queries[] = {
    "/?command=ListActiveCalls", "/?Command=ListActiveCalls", "/?COMMAND=listactivecalls",
    "/api?cOmMaNd=LISTACTIVECALLS",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(Reply) reply = get (fixture, queries[i]);
      g_autoptr(Doc) doc = read_doc (reply);

      g_assert_cmpint (doc->code, ==, 200);
      g_assert_true (doc->has_active_calls);
    }
}

static void
test_post_form (Fixture       *fixture,
                gconstpointer  data)
{
  play (fixture, "0 ring a from=1000 to=1001 id=post1\n");
  {
    g_autoptr(Reply) reply = post (fixture, "Command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
    g_assert_cmpuint (doc->calls->len, ==, 1);
  }
  {
    g_autoptr(Reply) reply = post (fixture, "command=Hangup&callid=post1");

    assert_code (reply, 200, "Command successfully executed");
    g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 0);
  }
  {
    g_autoptr(Reply) reply = post (fixture, "command=Hangup");

    assert_code (reply, 302, "Missing or invalid parameter 'CallId' for command 'Hangup'");
  }
}

typedef struct {
  const char *query;
  int         code;
  const char *message;
  const char *id;               /* the call to look at afterwards */
  const char *state;            /* its state then; NULL: gone */
} ControlCase;

static void
run_control_cases (Fixture           *fixture,
                   const ControlCase *cases,
                   guint              n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(Reply) reply = get (fixture, cases[i].query);

      g_test_message ("%s", cases[i].query);
      assert_code (reply, cases[i].code, cases[i].message);
      if (cases[i].id != NULL)
        g_assert_cmpstr (state_of (fixture, cases[i].id), ==, cases[i].state);
    }
}

static const char control_calls[] =
  "0 ring r from=+447700900123 name=\"Oliver Smith\" to=1001 id=ring1\n"
  "0 ring t from=1004 to=1002 id=talk1\n"
  "0 answer t\n";

static void
test_control (Fixture       *fixture,
              gconstpointer  data)
{
  static const ControlCase cases[] = {
    { "/?command=Hold&CallId=ring1", 303, "Command 'Hold' cannot be used here", "ring1", "Ringing" },
    { "/?command=Hold", 302, "Missing or invalid parameter 'CallId' for command 'Hold'" },
    { "/?command=Hold&CallId=nope", 601, "Call not found with ID 'nope'" },
    { "/?command=Hold&CallId=TALK1", 601, "Call not found with ID 'TALK1'" },
    { "/?command=hold&callid=talk1", 200, "Command successfully executed", "talk1", "Hold" },
    { "/?command=Hold&CallId=talk1", 303, "Command 'Hold' cannot be used here", "talk1", "Hold" },
    { "/?command=Unhold&CallId=talk1", 200, "Command successfully executed", "talk1", "InCall" },
    { "/?command=Unhold&CallId=talk1", 303, "Command 'Unhold' cannot be used here", "talk1", "InCall" },
    { "/?command=Unhold&CallId=ring1", 303, "Command 'Unhold' cannot be used here", "ring1", "Ringing" },
    { "/?command=Unhold", 302, "Missing or invalid parameter 'CallId' for command 'Unhold'" },
    { "/?command=Unhold&CallId=zz9", 601, "Call not found with ID 'zz9'" },
    { "/?command=Forward&CallId=talk1&Destination=1009", 303,
      "Command 'Forward' cannot be used here", "talk1", "InCall" },
    { "/?command=Forward&CallId=ring1", 302,
      "Missing or invalid parameter 'Destination' for command 'Forward'", "ring1", "Ringing" },
    { "/?command=Forward&CallId=ring1&Destination=10%2009", 302,
      "Missing or invalid parameter 'Destination' for command 'Forward'", "ring1", "Ringing" },
    { "/?command=Forward&Destination=1009", 302,
      "Missing or invalid parameter 'CallId' for command 'Forward'" },
    { "/?command=Forward&CallId=gone&Destination=1009", 601, "Call not found with ID 'gone'" },
    { "/?command=Forward&CallId=ring1&Destination=1009", 200,
      "Command successfully executed", "ring1", "Ringing" },
    { "/api?command=ForwardCall&CallId=ring1&Destination=1010", 200,
      "Command successfully executed", "ring1", "Ringing" },
    { "/?command=Hangup", 302, "Missing or invalid parameter 'CallId' for command 'Hangup'" },
    { "/?command=Hangup&CallId=nope", 601, "Call not found with ID 'nope'" },
    { "/?command=Hangup&CallId=ring1", 200, "Command successfully executed", "ring1", NULL },
    { "/?command=Hangup&CallId=ring1", 601, "Call not found with ID 'ring1'" },
    { "/?command=Hangup&CallId=talk1", 200, "Command successfully executed", "talk1", NULL },
  };

  play (fixture, control_calls);
  run_control_cases (fixture, cases, 11);
  /* Forward keeps ringing, at the new destination. */
  run_control_cases (fixture, cases + 11, 7);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpstr (field (g_ptr_array_index (doc->calls, 0), "Destination"), ==, "1010");
  }
  run_control_cases (fixture, cases + 18, G_N_ELEMENTS (cases) - 18);
  g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 0);

  g_assert_true (has_event (fixture, "hold talk1"));
  g_assert_true (has_event (fixture, "resume talk1"));
  g_assert_true (has_event (fixture, "forward ring1 to=1009"));
  g_assert_true (has_event (fixture, "forward ring1 to=1010"));
  g_assert_true (has_event (fixture, "end ring1 missed"));
  g_assert_true (has_event (fixture, "end talk1 answered"));
}

static void
test_transfer (Fixture       *fixture,
               gconstpointer  data)
{
  static const ControlCase cases[] = {
    { "/?command=BlindTransfer&CallId=ring1&TransferorParty=callee&Target=1005", 303,
      "Command 'BlindTransfer' cannot be used here", "ring1", "Ringing" },
    { "/?command=BlindTransfer&CallId=talk1&Target=1005", 302,
      "Missing or invalid parameter 'TransferorParty' for command 'BlindTransfer'", "talk1", "InCall" },
    { "/?command=BlindTransfer&CallId=talk1&TransferorParty=nobody&Target=1005", 302,
      "Missing or invalid parameter 'TransferorParty' for command 'BlindTransfer'", "talk1", "InCall" },
    { "/?command=BlindTransfer&CallId=talk1&TransferorParty=callee", 302,
      "Missing or invalid parameter 'Target' for command 'BlindTransfer'", "talk1", "InCall" },
    { "/?command=BlindTransfer&TransferorParty=callee&Target=1005", 302,
      "Missing or invalid parameter 'CallId' for command 'BlindTransfer'" },
    { "/?command=BlindTransfer&CallId=nope&TransferorParty=callee&Target=1005", 601,
      "Call not found with ID 'nope'" },
    { "/?command=BlindTransfer&CallId=talk1&TransferorParty=Callee&Target=1005", 200,
      "Command successfully executed", "talk1", "Ringing" },
  };
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;
  GPtrArray *call;

  play (fixture, control_calls);
  run_control_cases (fixture, cases, G_N_ELEMENTS (cases));
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  call = g_ptr_array_index (doc->calls, 1);
  g_assert_cmpstr (field (call, "Destination"), ==, "1005");
  g_assert_cmpstr (field (call, "Source"), ==, "1004");
  g_assert_true (has_event (fixture, "transfer talk1 party=callee to=1005"));

  /* The target answers by itself a moment later. */
  g_ptr_array_set_size (fixture->events, 0);
  g_assert_true (wait_for_event (fixture, "answer talk1", 5.0));
  g_assert_cmpstr (state_of (fixture, "talk1"), ==, "InCall");

  /* Ozeki 10's spelling; the caller leaves, the callee now talks to 1006. */
  g_clear_pointer (&reply, reply_free);
  reply = get (fixture, "/api?command=BlindTransfer&CallId=talk1&TranferorParty=caller&Target=1006");
  assert_code (reply, 200, "Command successfully executed");
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&doc, doc_free);
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  call = g_ptr_array_index (doc->calls, 1);
  g_assert_cmpstr (field (call, "Source"), ==, "1006");
  g_assert_cmpstr (field (call, "CallerId"), ==, "1006");
  g_assert_cmpstr (field (call, "Destination"), ==, "1005");
  g_assert_cmpstr (field (call, "CallState"), ==, "Ringing");
}

/* ---- scenarios ---------------------------------------------------------- */

static void
test_scenario_events (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char scenario[] =
    "# a comment, then a blank line\n"
    "\n"
    "0.0 ring a from=1000 name=\"Anna Weber\" to=1001 id=evt01   # trailing comment\n"
    "0.0 RING b from=+447700900123 to=101 id=evt02\n"
    "0.1 answer a\n"
    "0.2 hold a\n"
    "0.3 resume a\n"
    "0.35 fault 305\n"
    "0.4 fault none\n"
    "0.45 end a\n"
    "0.45 hangup b\n";
  const char *expected[] = {
    "ring evt01 from=1000 name=\"Anna Weber\" to=1001",
    "ring evt02 from=+447700900123 name=+447700900123 to=101",
    "answer evt01",
    "hold evt01",
    "resume evt01",
    "fault 305",
    "fault none",
    "end evt01 answered",
    "end evt02 missed",
  };
  gint64 start = g_get_monotonic_time ();

  play (fixture, scenario);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 440000);
  g_assert_false (fixture->finished_quit);
  g_assert_cmpuint (fixture->events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->events, i), ==, expected[i]);
  g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 0);
  g_assert_null (state_of (fixture, "evt01"));
}

/* A line for a call the client already hung up is skipped. */
static void
test_scenario_skips (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) reply = NULL;

  fd_simulator_load_scenario_data (fixture->sim,
                                   "0 ring a from=1000 to=1001 id=skip1\n"
                                   "0 ring b from=1000 to=1001\n"
                                   "0.3 answer a\n"
                                   "0.3 hold b\n"
                                   "0.3 quit\n", &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_event (fixture, "ring skip1 from=1000 name=1000 to=1001", 5.0));
  reply = get (fixture, "/?command=Hangup&CallId=skip1");
  assert_code (reply, 200, "Command successfully executed");
  g_assert_true (wait_for (&fixture->finished, 5.0));
  g_assert_true (fixture->finished_quit);
  g_assert_cmpuint (fixture->events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->events, 2), ==, "end skip1 missed");
  /* Generated CallIds look like Ozeki's. */
  g_assert_true (g_regex_match_simple ("^ring [A-Za-z0-9]{5,6} from=1000 name=1000 to=1001$",
                                       g_ptr_array_index (fixture->events, 1), 0, 0));
}

static void
test_scenario_errors (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "0 ring a from=1 to=2\nx ring b from=1 to=2\n", "line 2: 'x' is not a time in seconds" },
    { "-1 ring a from=1 to=2\n", "line 1: '-1' is not a time in seconds" },
    { "0 rnig a from=1 to=2\n", "line 1: unknown action 'rnig'" },
    { "0\n", "line 1: unknown action ''" },
    { "0 ring a to=2\n", "line 1: from= is missing" },
    { "0 ring a from=1\n", "line 1: to= is missing" },
    { "0 ring a from=1 to=2 colour=red\n", "line 1: unknown key 'colour' for this action" },
    { "0 ring a from=1 to=2 to=3\n", "line 1: to= appears twice" },
    { "0 ring a from=1 to=2 name=\"open\n", "line 1: a quoted value is not closed" },
    { "0 ring a from=1 to=2 noequals\n", "line 1: expected key=value, got 'noequals'" },
    { "0 ring from=1 to=2\n", "line 1: expected a call name before 'from=1'" },
    { "0 ring\n", "line 1: ring needs a call name" },
    { "0 ring a from=\"1 2\" to=2\n", "line 1: '1 2' is not a phone number" },
    { "0 ring a from=1 to=2 id=ab-c\n", "line 1: id= must be 1 to 32 letters and digits" },
    { "0 ring a from=1 to=2\n1 ring a from=1 to=2\n", "line 2: call 'a' already rang on line 1" },
    { "0 ring a from=1 to=2 id=x1\n0 ring b from=1 to=2 id=x1\n",
      "line 2: id x1 is already used on line 1" },
    { "0 answer a\n", "line 1: call 'a' has not rung on an earlier line" },
    { "0 ring a from=1 to=2\n1 end a\n2 hold a\n", "line 3: call 'a' already ended on line 2" },
    { "2 ring a from=1 to=2\n1 end a\n", "line 2: time 1 is earlier than the line before (2)" },
    { "0 ring a from=1 to=2\n1 forward a\n", "line 2: to= is missing" },
    { "0 ring a from=1 to=2\n1 transfer a to=3 party=boss\n",
      "line 2: party= must be caller or callee" },
    { "0 answer\n", "line 1: answer needs a call name" },
    { "0 fault\n", "line 1: fault needs a fault mode" },
    { "0 fault sometimes\n", "line 1: unknown fault 'sometimes'" },
    { "0 quit\n1 ring a from=1 to=2\n", "line 2: nothing may follow quit (line 1)" },
    { "0 quit now\n", "line 1: expected key=value, got 'now'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FdSimulator) sim = fd_simulator_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_false (fd_simulator_load_scenario_data (sim, cases[i].text, &error));
      g_assert_error (error, FD_ERROR, FD_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

static void
test_scenario_file (void)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("fd-sim-XXXXXX.txt", &path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "0 ring a from=1 to=2\n0 bogus a\n", -1, NULL));
  close (fd);
  g_assert_false (fd_simulator_load_scenario (sim, path, &error));
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, ": line 2: unknown action 'bogus'"));
  g_clear_error (&error);
  g_unlink (path);
  g_assert_false (fd_simulator_load_scenario (sim, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

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

/* ---- random traffic ----------------------------------------------------- */

static void
test_random (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(FdResponse) response = NULL;
  FdCall *call;

  fd_simulator_start_random (fixture->sim, 6.0);
  while (TRUE)
    {
      g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

      response = parse_reply (reply);
      if (response->calls->len > 0)
        break;
      g_clear_pointer (&response, fd_response_free);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
      pause_for (0.1);
    }
  call = g_ptr_array_index (response->calls, 0);
  g_assert_cmpstr (fd_call_get_state (call), ==, "Ringing");
  g_assert_true (g_regex_match_simple ("^[A-Za-z0-9]{5,6}$", fd_call_get_id (call), 0, 0));
  g_assert_nonnull (fd_call_get_source (call));
  g_assert_nonnull (fd_call_get_caller_id (call));
  g_assert_true (g_regex_match_simple ("^(10[0-9]|110|10[01][0-9])$",
                                       fd_call_get_destination (call), 0, 0));
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->events, 0), "ring "));
}

/* Same seed, same calls. */
static void
test_random_seed (void)
{
  char *lines[2] = { NULL, NULL };

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(FdSimulator) sim = fd_simulator_new ();
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
      Fixture fixture = { .events = events };

      fd_simulator_set_seed (sim, 7);
      g_signal_connect (sim, "event", G_CALLBACK (event_cb), &fixture);
      fd_simulator_start_random (sim, 60.0);
      g_assert_true (wait_until (has_events, events, 2.0));
      lines[run] = g_strdup (g_ptr_array_index (events, 0));
      fd_simulator_stop (sim);
    }
  g_assert_cmpstr (lines[0], ==, lines[1]);
  g_free (lines[0]);
  g_free (lines[1]);
}

/* ---- the frontdesk-sim program ------------------------------------------ */

static const char *
sim_binary (void)
{
  const char *path = g_getenv ("FRONTDESK_SIM_BINARY");

  if (path == NULL)
    g_test_skip ("FRONTDESK_SIM_BINARY is not set");
  return path;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
wait_exit (GSubprocess *process,
           double       seconds)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  if (!wait_for (&done, seconds))
    {
      g_subprocess_force_exit (process);
      g_assert_true (wait_for (&done, 5.0));
      g_assert_not_reached ();
    }
}

static char *
read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
test_program (void)
{
  const char *binary = sim_binary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;
  g_autofree char *password_file = NULL;
  Fixture fixture = { 0, };

  if (binary == NULL)
    return;
  dir = g_dir_make_tmp ("fd-sim-XXXXXX", &error);
  g_assert_no_error (error);
  scenario = g_build_filename (dir, "scenario.txt", NULL);
  log_path = g_build_filename (dir, "events.log", NULL);
  password_file = g_build_filename (dir, "password", NULL);
  g_assert_true (g_file_set_contents (scenario,
                                      "0 ring a from=1000 name=\"Éva Szabó\" to=1001 id=prog1\n"
                                      "0.2 answer a\n0.3 end a\n", -1, NULL));
  g_assert_true (g_file_set_contents (password_file, "pa55 word\nignored\n", -1, NULL));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                              "--dialect", "ozeki10", "--scenario", scenario, "--log", log_path,
                              "--username", "desk", "--password-file", password_file,
                              "--quit-after-scenario", NULL);
  g_assert_no_error (error);
  fixture.url = read_first_line (process);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+$", fixture.url, 0, 0));
  fixture.session = soup_session_new ();
  {
    g_autoptr(Reply) reply = get (&fixture, "/api?command=ListActiveCalls&Username=desk&Password=pa55+word");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
  {
    g_autoptr(Reply) reply = get (&fixture, "/api?command=ListActiveCalls&Username=desk&Password=pa55");

    assert_code (reply, 305, "Authentication failed, bad username or password");
  }
  g_clear_object (&fixture.session);
  wait_exit (process, 5.0);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_true (g_regex_match_simple ("^\\S+ ring prog1 from=1000 name=\"Éva Szabó\" to=1001\n"
                                       "\\S+ answer prog1\n"
                                       "\\S+ end prog1 answered\n$", log, 0, 0));
  g_unlink (scenario);
  g_unlink (log_path);
  g_unlink (password_file);
  g_rmdir (dir);
  g_free (fixture.url);
}

static void
test_program_signal (void)
{
  const char *binary = sim_binary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *url = NULL;

  if (binary == NULL)
    return;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                              "--random", "30", "--seed", "1", NULL);
  g_assert_no_error (error);
  url = read_first_line (process);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_subprocess_send_signal (process, SIGTERM);
  wait_exit (process, 5.0);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_program_usage (void)
{
  static const struct {
    const char *args[4];
    const char *message;
  } cases[] = {
    { { "--fault", "bogus" }, "frontdesk-sim: unknown fault 'bogus'" },
    { { "--dialect", "xml" }, "frontdesk-sim: unknown dialect 'xml' (expected xe or ozeki10)\n" },
    { { "--port", "70000" }, "frontdesk-sim: --port must be between 0 and 65535, not 70000\n" },
    { { "--username", "desk" }, "frontdesk-sim: --username needs a password" },
    { { "--quit-after-scenario" }, "frontdesk-sim: --quit-after-scenario needs --scenario\n" },
    { { "--scenario", "/nonexistent/scenario.txt" }, "frontdesk-sim: bad scenario: " },
    { { "--seed", "x" }, "frontdesk-sim: --seed must be a whole number" },
    { { "--random", "-1" }, "frontdesk-sim: --random must be between 0 and 6000" },
    { { "--bogus" }, "frontdesk-sim: Unknown option --bogus\n" },
    { { "extra" }, "frontdesk-sim: unexpected argument 'extra' (see --help)\n" },
  };
  const char *binary = sim_binary ();

  if (binary == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (char *) binary);
      g_ptr_array_add (argv, (char *) "--port");
      g_ptr_array_add (argv, (char *) "0");
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j]; j++)
        g_ptr_array_add (argv, (char *) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);
      process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_test_message ("stderr: %s", err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, cases[i].message));
      /* One line. */
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
    }
}

/* A bad scenario line is reported with its file and line number. */
static void
test_program_bad_scenario (void)
{
  const char *binary = sim_binary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int fd;

  if (binary == NULL)
    return;
  fd = g_file_open_tmp ("fd-sim-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "0 ring a from=1 to=2\n\n1 answr a\n", -1, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary, "--port", "0",
                              "--scenario", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  expected = g_strdup_printf ("frontdesk-sim: bad scenario: %s: line 3: unknown action 'answr'\n", path);
  g_assert_cmpstr (err, ==, expected);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/frontdesk/simulator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("list/empty", test_list_empty);
  ADD ("list/xe", test_list_xe);
  ADD ("list/ozeki10", test_list_ozeki10);
  ADD ("list/durations", test_durations);
  ADD ("list/escaping", test_escaping);
  ADD ("command/auth", test_auth);
  ADD ("command/bad", test_bad_commands);
  ADD ("command/case-insensitive", test_case_insensitive);
  ADD ("command/post-form", test_post_form);
  ADD ("command/control", test_control);
  ADD ("command/transfer", test_transfer);
  ADD ("scenario/events", test_scenario_events);
  ADD ("scenario/skips", test_scenario_skips);
  g_test_add_func ("/frontdesk/simulator/scenario/errors", test_scenario_errors);
  g_test_add_func ("/frontdesk/simulator/scenario/file", test_scenario_file);
  g_test_add_func ("/frontdesk/simulator/fault/parse", test_parse_fault);
  ADD ("fault/refuse", test_fault_refuse);
  g_test_add_func ("/frontdesk/simulator/fault/refuse-at-start", test_fault_refuse_at_start);
  ADD ("fault/hang", test_fault_hang);
  ADD ("fault/hang-cap", test_fault_hang_cap);
  ADD ("fault/trickle", test_fault_trickle);
  ADD ("fault/huge", test_fault_huge);
  ADD ("fault/bodies", test_fault_bodies);
  ADD ("fault/api-code", test_fault_api_code);
  ADD ("random/first-call", test_random);
  g_test_add_func ("/frontdesk/simulator/random/seed", test_random_seed);
  g_test_add_func ("/frontdesk/simulator/program/scenario", test_program);
  g_test_add_func ("/frontdesk/simulator/program/signal", test_program_signal);
  g_test_add_func ("/frontdesk/simulator/program/usage", test_program_usage);
  g_test_add_func ("/frontdesk/simulator/program/bad-scenario", test_program_bad_scenario);

#undef ADD

  return g_test_run ();
}
