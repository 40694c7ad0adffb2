/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FdSimulator: a simulated Ozeki Phone System HTTP API (docs/ozeki-api.md §8)
 * for tests and for the app's --demo mode.
 *
 * Scenario files
 * ==============
 * One action per line, blank lines and `#` comments ignored:
 *
 *   # seconds  action   call-ref  key=value...
 *   0.0        ring     c1        from=1000 name="John Smith" to=1001
 *   1.5        answer   c1
 *   3.0        hold     c1
 *   4.0        resume   c1
 *   5.0        end      c1
 *
 * - seconds: when the line runs, counted from the moment the simulator
 *   started listening, or from the load if that came later. Times may not
 *   go backwards.
 * - call-ref: the script's own name for a call. The CallId the PBX reports
 *   is generated (5-6 letters and digits, like Ozeki's `uteom`), unless the
 *   ring line forces one with `id=`.
 * - Values may be double-quoted ("John Smith"); inside quotes \" and \\
 *   stand for " and \.
 *
 * Actions:
 *   ring REF from=NUMBER to=NUMBER [name=TEXT] [id=CALLID] [dialed=NUMBER]
 *                            a new Ringing call; name (the CallerId) defaults
 *                            to the number, dialed (CallerDialed) to `to`
 *   answer REF               Ringing -> InCall
 *   hold REF                 InCall -> Hold
 *   resume REF               Hold -> InCall (alias: unhold)
 *   end REF                  the call is gone (alias: hangup)
 *   forward REF to=NUMBER    a Ringing call now rings at NUMBER
 *   transfer REF to=NUMBER [party=caller|callee]
 *                            blind transfer, as the BlindTransfer command
 *   fault MODE               switch the fault mode (see fd_simulator_parse_fault),
 *                            `fault none` switches it off
 *   quit                     the scenario is over (frontdesk-sim exits)
 *
 * A line that does not fit its call's state when it runs (the client hung
 * the call up, or held it) is skipped.
 *
 * Call control model
 * ==================
 * Hangup ends any call. Hold/Unhold move InCall <-> Hold. Forward works only
 * while Ringing: the call keeps ringing at the new Destination. BlindTransfer
 * works on InCall and Hold calls: the transferor leaves and the remaining
 * party is connected to Target, so the same CallId rings again (Destination
 * = Target for TransferorParty=callee, Source = CallerId = Target for
 * caller) and the target answers after TRANSFER_ANSWER_SECONDS.
 * RingDuration adds up the time spent Ringing, TalkDuration the time spent
 * InCall or Hold.
 *
 * HTTP
 * ====
 * GET and POST (form body) on / and /api, both dialects on both paths;
 * other paths get 404, other methods 405. Parameter names and the command
 * are matched without regard to case. Every API answer is HTTP 200,
 * application/xml, with Ozeki's literal message texts (docs/ozeki-api.md §3).
 *
 * Faults (fd_simulator_set_fault): refuse closes the port and every open
 * connection and listens on the same port again when switched off; hang
 * pauses requests until fd_simulator_stop(); trickle sends the real answer
 * a byte every TRICKLE_INTERVAL_MS; http-500 and html send an HTML page;
 * truncated sends the first half of the real answer; garbage 512 random
 * bytes; huge 64 MiB of valid, chunked XML; an API code a <Response> with
 * that Code, its placeholders filled with the request's command (and CallId
 * for 601). Only trickle and truncated carry out the command.
 *
 * Event lines (signal "event", frontdesk-sim --log):
 *   ring ID from=NUMBER name=TEXT to=NUMBER
 *   answer ID | hold ID | resume ID
 *   forward ID to=NUMBER
 *   transfer ID party=caller|callee to=NUMBER
 *   end ID answered|missed
 *   fault MODE
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-call.h"
#include "fd-error.h"
#include "fd-simulator-private.h"
#include "fd-simulator.h"

#include <libsoup/soup.h>

#include <math.h>
#include <string.h>

/* How long the target of a blind transfer lets the call ring. */
#define TRANSFER_ANSWER_SECONDS 2.0
/* Trickle fault: one byte per this many milliseconds. */
#define TRICKLE_INTERVAL_MS 500
/* Huge fault: the body is HUGE_BLOCKS blocks of HUGE_BLOCK_SIZE bytes. */
#define HUGE_BLOCK_SIZE (64 * 1024)
#define HUGE_BLOCKS 1024
/* Hang fault: a paused request's socket is never watched, so a client that
 * gives up and retries would pile up connections; beyond this many, the
 * oldest hung request is let go. */
#define MAX_HUNG_REQUESTS 32

#define XML_HEADER \
  "<?xml version=\"1.0\"?>\n" \
  "<Response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" \
  " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n"

enum {
  SIGNAL_EVENT,
  SIGNAL_SCENARIO_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct _SimCall SimCall;

struct _SimCall {
  FdSimulator *sim;             /* borrowed: the simulator owns its calls */
  char        *id;
  const char  *state;           /* interned FD_CALL_STATE_* */
  char        *source;
  char        *caller_id;
  char        *destination;
  char        *dialed;
  GDateTime   *start_time;
  gint64       phase_start;     /* monotonic µs when the current state began */
  gint64       ring_us;         /* finished Ringing phases */
  gint64       talk_us;         /* finished InCall and Hold phases */
  gboolean     answered;
  /* Random traffic: what this call will still do, in order. */
  GArray      *plan;            /* element-type FdSimStep, only action and time */
  guint        plan_index;
  GSource     *plan_timer;
  GSource     *transfer_timer;
};

/* A response that is not written at once: hang and trickle faults. */
typedef struct {
  FdSimulator       *sim;       /* borrowed: the simulator frees deliveries first */
  SoupServerMessage *msg;
  GBytes            *body;      /* trickle: the whole body */
  gsize              offset;
  GSource           *timer;
  gulong             finished_id;
} Delivery;

struct _FdSimulator {
  GObject       parent_instance;

  /* Owned */
  GMainContext *context;
  SoupServer   *server;
  GRand        *rand;
  GPtrArray    *calls;          /* element-type SimCall, in ring order */
  GHashTable   *used_ids;       /* every CallId handed out, never reused */
  GPtrArray    *deliveries;     /* element-type Delivery */
  char         *username;
  char         *password;

  /* Scenario */
  GArray       *steps;          /* element-type FdSimStep */
  guint         step_index;
  GHashTable   *refs;           /* call-ref -> CallId */
  gint64        scenario_t0;    /* 0: not started */
  GSource      *scenario_timer;

  /* Random traffic */
  double        rate;
  GSource      *arrival_timer;

  FdDialect     dialect;
  FdSimFault    fault;
  int           fault_code;
  guint         port;
  gboolean      listening;      /* between listen() and stop() */
  gboolean      bound;          /* false while the refuse fault is on */
  guint64       n_requests;
};

G_DEFINE_FINAL_TYPE (FdSimulator, fd_simulator, G_TYPE_OBJECT)

/* Status codes and message templates of docs/ozeki-api.md §3. */
static const struct {
  int         code;
  const char *text;
} api_messages[] = {
  { 200, "Command successfully executed" },
  { 300, "Error occured during parsing message: '{0}'" },
  { 301, "Not implemented command: '{0}'" },
  { 302, "Missing or invalid parameter '{0}' for command '{1}'" },
  { 303, "Command '{0}' cannot be used here" },
  { 304, "Authentication required" },
  { 305, "Authentication failed, bad username or password" },
  { 306, "User is not allowed to use API in ACL" },
  { 307, "Use API from this address is forbidden" },
  { 401, "API extension '{0}' unavailable, please check configuration or permissions" },
  { 402, "Call connect to '{0}' failed with result state '{1}'" },
  { 501, "Destination of the SMS is not found" },
  { 601, "Call not found with ID '{0}'" },
  { 701, "Configuration for type '{0}' not found" },
  { 702, "Invalid configuration for type '{0}'" },
  { 703, "Extension configuration already exists" },
};

/* Random traffic callers: external numbers (some without a name, so the
 * CallerId is the number), internal extensions, non-ASCII names. */
static const struct {
  const char *number;
  const char *name;
} random_callers[] = {
  { "+36301234567", "Zoltán Kovács" },
  { "+36209876543", "Éva Szabó" },
  { "+3612345678", NULL },
  { "+36705551234", "Gábor Tóth" },
  { "+447700900123", "Oliver Smith" },
  { "+447700900456", "Charlotte Brown" },
  { "+442079460018", NULL },
  { "+4930901820", "Jürgen Müller" },
  { "+33142685300", "Frédérique Lefèvre" },
  { "+48225550199", "Łukasz Wiśniewski" },
  { "+12025550143", "Michael Johnson" },
  { "1004", "Anna Weber" },
  { "1008", "Peter Nagy" },
  { "105", "Reception" },
  { "107", "Warehouse" },
  { "Anonymous", NULL },
};

/* ---- small helpers ---------------------------------------------------- */

static char *
api_message (int         code,
             const char *arg0,
             const char *arg1)
{
  const char *template = "Error";
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (api_messages); i++)
    if (api_messages[i].code == code)
      template = api_messages[i].text;

  for (const char *p = template; *p; p++)
    {
      if (g_str_has_prefix (p, "{0}"))
        {
          g_string_append (out, arg0 ? arg0 : "");
          p += 2;
        }
      else if (g_str_has_prefix (p, "{1}"))
        {
          g_string_append (out, arg1 ? arg1 : "");
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Text that came from outside (a request, a scenario) may be invalid UTF-8
 * or hold control characters, which no XML 1.0 document may contain. */
static char *
sanitize (const char *text)
{
  char *valid = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = valid; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return valid;
}

/* Escapes text content the way .NET's XmlSerializer does: only &, < and
 * > (g_markup_escape_text would also turn ' into &apos;). */
static void
append_element (GString    *xml,
                const char *indent,
                const char *name,
                const char *text)
{
  g_string_append_printf (xml, "%s<%s>", indent, name);
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '&')
        g_string_append (xml, "&amp;");
      else if (*p == '<')
        g_string_append (xml, "&lt;");
      else if (*p == '>')
        g_string_append (xml, "&gt;");
      else
        g_string_append_c (xml, *p);
    }
  g_string_append_printf (xml, "</%s>\n", name);
}

static char *
error_body (int         code,
            const char *arg0,
            const char *arg1)
{
  g_autofree char *clean0 = sanitize (arg0);
  g_autofree char *clean1 = sanitize (arg1);
  g_autofree char *message = api_message (code, clean0, clean1);
  g_autofree char *code_text = g_strdup_printf ("%d", code);
  GString *xml = g_string_new (XML_HEADER);

  append_element (xml, "  ", "Code", code_text);
  append_element (xml, "  ", "Message", message);
  g_string_append (xml, "</Response>\n");
  return g_string_free (xml, FALSE);
}

static char *
ok_body (void)
{
  return error_body (FD_API_CODE_OK, NULL, NULL);
}

static gboolean
value_needs_quotes (const char *value)
{
  if (*value == '\0')
    return TRUE;
  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p) || *p == '"' || *p == '\\' || *p == '=' || *p == '#')
      return TRUE;
  return FALSE;
}

/* key=value in the scenario syntax, so event lines can be read back. */
static void
append_pair (GString    *line,
             const char *key,
             const char *value)
{
  g_string_append_printf (line, " %s=", key);
  if (!value_needs_quotes (value))
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (line, '\\');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
emit_event (FdSimulator *self,
            GString     *line)
{
  g_autofree char *text = g_string_free (line, FALSE);

  g_debug ("event: %s", text);
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, text);
  g_object_unref (self);
}

static GSource *
schedule (FdSimulator *self,
          double       seconds,
          GSourceFunc  func,
          gpointer     data)
{
  GSource *source = g_timeout_source_new ((guint) ceil (MAX (seconds, 0.0) * 1000.0));

  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[frontdesk] simulator timer");
  g_source_attach (source, self->context);
  return source;
}

static void
cancel_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* ---- calls ------------------------------------------------------------ */

static void
sim_call_free (gpointer data)
{
  SimCall *call = data;

  cancel_source (&call->plan_timer);
  cancel_source (&call->transfer_timer);
  g_clear_pointer (&call->plan, g_array_unref);
  g_clear_pointer (&call->start_time, g_date_time_unref);
  g_free (call->id);
  g_free (call->source);
  g_free (call->caller_id);
  g_free (call->destination);
  g_free (call->dialed);
  g_free (call);
}

static gboolean
state_is_talking (const char *state)
{
  return state == g_intern_static_string (FD_CALL_STATE_IN_CALL) ||
         state == g_intern_static_string (FD_CALL_STATE_HOLD);
}

static gboolean
sim_call_is (SimCall    *call,
             const char *state)
{
  return call->state == g_intern_string (state);
}

static gint64
sim_call_ring_us (SimCall *call,
                  gint64   now)
{
  if (sim_call_is (call, FD_CALL_STATE_RINGING))
    return call->ring_us + (now - call->phase_start);
  return call->ring_us;
}

static gint64
sim_call_talk_us (SimCall *call,
                  gint64   now)
{
  if (state_is_talking (call->state))
    return call->talk_us + (now - call->phase_start);
  return call->talk_us;
}

static void
sim_call_set_state (SimCall    *call,
                    const char *state)
{
  gint64 now = g_get_monotonic_time ();

  call->ring_us = sim_call_ring_us (call, now);
  call->talk_us = sim_call_talk_us (call, now);
  call->state = g_intern_string (state);
  call->phase_start = now;
  if (state_is_talking (call->state))
    call->answered = TRUE;
}

static SimCall *
find_call (FdSimulator *self,
           const char  *id)
{
  for (guint i = 0; i < self->calls->len; i++)
    {
      SimCall *call = g_ptr_array_index (self->calls, i);

      if (g_strcmp0 (call->id, id) == 0)
        return call;
    }
  return NULL;
}

/* Opaque, case-sensitive, 5 or 6 letters and digits, like Ozeki's. */
static char *
new_call_id (FdSimulator *self)
{
  static const char alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char id[8];

  do
    {
      int length = g_rand_int_range (self->rand, 5, 7);

      for (int i = 0; i < length; i++)
        id[i] = alphabet[g_rand_int_range (self->rand, 0, sizeof alphabet - 1)];
      id[length] = '\0';
    }
  while (g_hash_table_contains (self->used_ids, id));
  return g_strdup (id);
}

static SimCall *
add_call (FdSimulator *self,
          const char  *id,
          const char  *source,
          const char  *caller_id,
          const char  *destination,
          const char  *dialed)
{
  SimCall *call = g_new0 (SimCall, 1);
  GString *line = g_string_new ("ring ");

  call->sim = self;
  call->id = id ? g_strdup (id) : new_call_id (self);
  call->state = g_intern_static_string (FD_CALL_STATE_RINGING);
  call->source = g_strdup (source);
  call->caller_id = g_strdup (caller_id ? caller_id : source);
  call->destination = g_strdup (destination);
  call->dialed = g_strdup (dialed ? dialed : destination);
  call->start_time = g_date_time_new_now_local ();
  call->phase_start = g_get_monotonic_time ();
  g_hash_table_add (self->used_ids, g_strdup (call->id));
  g_ptr_array_add (self->calls, call);

  g_string_append (line, call->id);
  append_pair (line, "from", call->source);
  append_pair (line, "name", call->caller_id);
  append_pair (line, "to", call->destination);
  emit_event (self, line);
  return call;
}

static void
end_call (FdSimulator *self,
          SimCall     *call)
{
  GString *line = g_string_new (NULL);

  g_string_printf (line, "end %s %s", call->id, call->answered ? "answered" : "missed");
  g_ptr_array_remove (self->calls, call);
  emit_event (self, line);
}

static void
change_call (SimCall    *call,
             const char *state,
             const char *verb)
{
  GString *line = g_string_new (NULL);

  sim_call_set_state (call, state);
  g_string_printf (line, "%s %s", verb, call->id);
  emit_event (call->sim, line);
}

static void
forward_call (SimCall    *call,
              const char *destination)
{
  GString *line = g_string_new (NULL);

  g_free (call->destination);
  call->destination = g_strdup (destination);
  g_string_printf (line, "forward %s", call->id);
  append_pair (line, "to", destination);
  emit_event (call->sim, line);
}

static gboolean
transfer_answer_cb (gpointer data)
{
  SimCall *call = data;

  g_clear_pointer (&call->transfer_timer, g_source_unref);
  if (sim_call_is (call, FD_CALL_STATE_RINGING))
    change_call (call, FD_CALL_STATE_IN_CALL, "answer");
  return G_SOURCE_REMOVE;
}

/* The transferor leaves; the remaining party now rings at the target. */
static void
transfer_call (SimCall    *call,
               gboolean    transferor_is_caller,
               const char *target)
{
  GString *line = g_string_new (NULL);

  if (transferor_is_caller)
    {
      g_free (call->source);
      g_free (call->caller_id);
      call->source = g_strdup (target);
      call->caller_id = g_strdup (target);
    }
  else
    {
      g_free (call->destination);
      call->destination = g_strdup (target);
    }
  sim_call_set_state (call, FD_CALL_STATE_RINGING);
  g_string_printf (line, "transfer %s", call->id);
  append_pair (line, "party", transferor_is_caller ? "caller" : "callee");
  append_pair (line, "to", target);
  emit_event (call->sim, line);

  cancel_source (&call->transfer_timer);
  call->transfer_timer = schedule (call->sim, TRANSFER_ANSWER_SECONDS,
                                   transfer_answer_cb, call);
}

/* Applies a step to a call if it fits the call's state; returns FALSE when
 * the call is gone (freed). */
static gboolean
apply_call_step (FdSimulator     *self,
                 SimCall         *call,
                 const FdSimStep *step)
{
  switch (step->action)
    {
    case FD_SIM_STEP_ANSWER:
      if (sim_call_is (call, FD_CALL_STATE_RINGING))
        change_call (call, FD_CALL_STATE_IN_CALL, "answer");
      break;
    case FD_SIM_STEP_HOLD:
      if (sim_call_is (call, FD_CALL_STATE_IN_CALL))
        change_call (call, FD_CALL_STATE_HOLD, "hold");
      break;
    case FD_SIM_STEP_RESUME:
      if (sim_call_is (call, FD_CALL_STATE_HOLD))
        change_call (call, FD_CALL_STATE_IN_CALL, "resume");
      break;
    case FD_SIM_STEP_FORWARD:
      if (sim_call_is (call, FD_CALL_STATE_RINGING))
        forward_call (call, step->to);
      break;
    case FD_SIM_STEP_TRANSFER:
      if (state_is_talking (call->state))
        transfer_call (call, g_strcmp0 (step->party, "caller") == 0, step->to);
      break;
    case FD_SIM_STEP_END:
      end_call (self, call);
      return FALSE;
    case FD_SIM_STEP_RING:
    case FD_SIM_STEP_FAULT:
    case FD_SIM_STEP_QUIT:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* ---- random traffic ----------------------------------------------------- */

static void
plan_add (GArray          *plan,
          FdSimStepAction  action,
          double           delay)
{
  FdSimStep step = { 0, };

  step.action = action;
  step.time = delay;
  g_array_append_val (plan, step);
}

/* Most calls are answered after one to four rings and talk 10-120 s, some
 * with a hold in the middle; some ring 15-25 s and are missed. */
static GArray *
make_plan (GRand *rand)
{
  GArray *plan = g_array_new (FALSE, TRUE, sizeof (FdSimStep));
  double talk;

  if (g_rand_double (rand) < 0.15)
    {
      plan_add (plan, FD_SIM_STEP_END, g_rand_double_range (rand, 15.0, 25.0));
      return plan;
    }
  plan_add (plan, FD_SIM_STEP_ANSWER, g_rand_double_range (rand, 2.0, 10.0));
  talk = g_rand_double_range (rand, 10.0, 120.0);
  if (g_rand_double (rand) < 0.25)
    {
      double before = talk * g_rand_double_range (rand, 0.2, 0.6);
      double held = g_rand_double_range (rand, 5.0, 30.0);

      plan_add (plan, FD_SIM_STEP_HOLD, before);
      plan_add (plan, FD_SIM_STEP_RESUME, held);
      plan_add (plan, FD_SIM_STEP_END, MAX (talk - before - held, 3.0));
    }
  else
    plan_add (plan, FD_SIM_STEP_END, talk);
  return plan;
}

static gboolean plan_step_cb (gpointer data);

static void
plan_schedule (SimCall *call)
{
  const FdSimStep *next;

  if (call->plan_index >= call->plan->len)
    return;
  next = &g_array_index (call->plan, FdSimStep, call->plan_index);
  call->plan_timer = schedule (call->sim, next->time, plan_step_cb, call);
}

static gboolean
plan_step_cb (gpointer data)
{
  SimCall *call = data;
  FdSimStep step;

  g_clear_pointer (&call->plan_timer, g_source_unref);
  step = g_array_index (call->plan, FdSimStep, call->plan_index++);
  if (apply_call_step (call->sim, call, &step))
    plan_schedule (call);
  return G_SOURCE_REMOVE;
}

static char *
random_extension (GRand *rand)
{
  if (g_rand_boolean (rand))
    return g_strdup_printf ("%d", g_rand_int_range (rand, 100, 111));
  return g_strdup_printf ("%d", g_rand_int_range (rand, 1000, 1011));
}

static void
ring_random_call (FdSimulator *self)
{
  guint pick = g_rand_int_range (self->rand, 0, G_N_ELEMENTS (random_callers));
  const char *number = random_callers[pick].number;
  g_autofree char *to = NULL;
  SimCall *call;

  do
    {
      g_free (to);
      to = random_extension (self->rand);
    }
  while (g_strcmp0 (to, number) == 0);

  call = add_call (self, NULL, number, random_callers[pick].name, to, NULL);
  call->plan = make_plan (self->rand);
  plan_schedule (call);
}

static gboolean arrival_cb (gpointer data);

static void
schedule_arrival (FdSimulator *self,
                  double       delay)
{
  cancel_source (&self->arrival_timer);
  self->arrival_timer = schedule (self, delay, arrival_cb, self);
}

static gboolean
arrival_cb (gpointer data)
{
  FdSimulator *self = data;
  double mean = 60.0 / self->rate;

  g_clear_pointer (&self->arrival_timer, g_source_unref);
  ring_random_call (self);
  /* Poisson arrivals: exponential gaps around the mean. */
  schedule_arrival (self, -log (1.0 - g_rand_double (self->rand)) * mean);
  return G_SOURCE_REMOVE;
}

/* ---- faults, listening ------------------------------------------------ */

static gboolean
bind_port (FdSimulator  *self,
           GError      **error)
{
  GSList *uris;

  if (!soup_server_listen_local (self->server, self->port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->bound = TRUE;
  return TRUE;
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  cancel_source (&delivery->timer);
  g_clear_signal_handler (&delivery->finished_id, delivery->msg);
  g_clear_pointer (&delivery->body, g_bytes_unref);
  g_clear_object (&delivery->msg);
  g_free (delivery);
}

/* Closing the listener closes the open connections too, so keep-alive
 * connections cannot sneak past a refuse fault. */
static void
unbind_port (FdSimulator *self)
{
  soup_server_disconnect (self->server);
  self->bound = FALSE;
}

static void
emit_fault_event (FdSimulator *self)
{
  GString *line = g_string_new ("fault ");

  if (self->fault == FD_SIM_FAULT_API_CODE)
    g_string_append_printf (line, "%d", self->fault_code);
  else
    g_string_append (line, fd_sim_fault_to_string (self->fault));
  emit_event (self, line);
}

/* ---- scenario ----------------------------------------------------------- */

static void
scenario_apply (FdSimulator     *self,
                const FdSimStep *step)
{
  const char *id;
  SimCall *call;

  switch (step->action)
    {
    case FD_SIM_STEP_RING:
      if (step->id != NULL && find_call (self, step->id) != NULL)
        {
          g_debug ("line %u: a call %s is already active, skipped", step->line, step->id);
          return;
        }
      call = add_call (self, step->id, step->from, step->name, step->to, step->dialed);
      g_hash_table_replace (self->refs, g_strdup (step->ref), g_strdup (call->id));
      return;
    case FD_SIM_STEP_FAULT:
      fd_simulator_set_fault (self, step->fault, step->api_code);
      return;
    case FD_SIM_STEP_QUIT:
      return;
    case FD_SIM_STEP_ANSWER:
    case FD_SIM_STEP_HOLD:
    case FD_SIM_STEP_RESUME:
    case FD_SIM_STEP_END:
    case FD_SIM_STEP_FORWARD:
    case FD_SIM_STEP_TRANSFER:
    default:
      break;
    }

  id = g_hash_table_lookup (self->refs, step->ref);
  call = id ? find_call (self, id) : NULL;
  if (call == NULL)
    {
      g_debug ("line %u: call %s is gone, skipped", step->line, step->ref);
      return;
    }
  apply_call_step (self, call, step);
}

static gboolean scenario_cb (gpointer data);

static void
scenario_run (FdSimulator *self)
{
  g_autoptr(GArray) steps = g_array_ref (self->steps);
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - self->scenario_t0) / (double) G_USEC_PER_SEC;
  gboolean quit = FALSE;

  while (self->step_index < steps->len)
    {
      const FdSimStep *step = &g_array_index (steps, FdSimStep, self->step_index);

      /* A millisecond early is on time: timeouts have ms resolution. */
      if (step->time > elapsed + 0.001)
        {
          self->scenario_timer = schedule (self, step->time - elapsed, scenario_cb, self);
          return;
        }
      self->step_index++;
      quit = step->action == FD_SIM_STEP_QUIT;
      scenario_apply (self, step);
      /* An event handler may have stopped us or loaded another scenario. */
      if (self->steps != steps || !self->listening)
        return;
    }

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_SCENARIO_FINISHED], 0, quit);
  g_object_unref (self);
}

static gboolean
scenario_cb (gpointer data)
{
  FdSimulator *self = data;

  g_clear_pointer (&self->scenario_timer, g_source_unref);
  scenario_run (self);
  return G_SOURCE_REMOVE;
}

static void
scenario_start (FdSimulator *self)
{
  if (self->steps == NULL || !self->listening)
    return;
  self->scenario_t0 = g_get_monotonic_time ();
  self->step_index = 0;
  cancel_source (&self->scenario_timer);
  /* Run from the main loop, so that callers can connect after loading. */
  self->scenario_timer = schedule (self, 0.0, scenario_cb, self);
}

/* ---- request handling --------------------------------------------------- */

static void
add_lowercased (GHashTable *params,
                GHashTable *source)
{
  GHashTableIter iter;
  gpointer key, value;

  if (source == NULL)
    return;
  g_hash_table_iter_init (&iter, source);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (params, g_ascii_strdown (key, -1), g_strdup (value));
}

/* Query and form parameters, names lowercased: Ozeki's own examples mix
 * command, Command and COMMAND (docs/ozeki-api.md §1). */
static GHashTable *
collect_params (SoupServerMessage *msg,
                GHashTable        *query)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) form = NULL;

  add_lowercased (params, query);
  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0 ||
      (type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0))
    return params;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  form = soup_form_decode (text);
  add_lowercased (params, form);
  return params;
}

static const char *
param (GHashTable *params,
       const char *name)
{
  const char *value = g_hash_table_lookup (params, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* Compares without an early exit, so timing does not leak the password. */
static gboolean
secret_equal (const char *a,
              const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guchar diff = la != lb;

  for (gsize i = 0; i < la; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i % MAX (lb, 1)];
  return diff == 0;
}

static char *
check_auth (FdSimulator *self,
            GHashTable  *params)
{
  const char *username = param (params, "username");
  const char *password = param (params, "password");

  if (self->username == NULL)
    return NULL;
  if (username == NULL || password == NULL)
    return error_body (304, NULL, NULL);
  if (!secret_equal (username, self->username) || !secret_equal (password, self->password))
    return error_body (305, NULL, NULL);
  return NULL;
}

static void
append_call_xe (GString *xml,
                SimCall *call,
                gint64   now)
{
  g_autofree char *base = g_date_time_format (call->start_time, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (call->start_time, "%:z");
  g_autofree char *time = NULL;
  char number[32];
  char fraction[16];
  int ticks = g_date_time_get_microsecond (call->start_time) * 10;
  gsize length;

  /* .NET round-trip style: 100 ns ticks, trailing zeros trimmed. */
  g_snprintf (fraction, sizeof fraction, ".%07d", ticks);
  for (length = strlen (fraction); length > 1 && fraction[length - 1] == '0'; length--)
    fraction[length - 1] = '\0';
  time = g_strconcat (base, length > 1 ? fraction : "", zone, NULL);

  g_string_append (xml, "    <CallInfo>\n");
  append_element (xml, "      ", "CallState", call->state);
  append_element (xml, "      ", "CallId", call->id);
  append_element (xml, "      ", "Source", call->source);
  append_element (xml, "      ", "CallerId", call->caller_id);
  append_element (xml, "      ", "Destination", call->destination);
  append_element (xml, "      ", "StartTime", time);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              sim_call_ring_us (call, now) / G_USEC_PER_SEC);
  append_element (xml, "      ", "RingDuration", number);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              sim_call_talk_us (call, now) / G_USEC_PER_SEC);
  append_element (xml, "      ", "TalkDuration", number);
  g_string_append (xml, "    </CallInfo>\n");
}

static void
append_call_ozeki10 (GString *xml,
                     SimCall *call,
                     gint64   now)
{
  g_autofree char *time = g_date_time_format (call->start_time, "%Y-%m-%d %H:%M:%S");
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (xml, "    <Call>\n");
  append_element (xml, "      ", "CallId", call->id);
  append_element (xml, "      ", "Source", call->source);
  append_element (xml, "      ", "CallerId", call->caller_id);
  append_element (xml, "      ", "Destination", call->destination);
  append_element (xml, "      ", "CallerDialed", call->dialed);
  append_element (xml, "      ", "CalleeDialed", call->destination);
  append_element (xml, "      ", "StartTime", time);
  g_ascii_formatd (number, sizeof number, "%.3f",
                   sim_call_ring_us (call, now) / (double) G_USEC_PER_SEC);
  append_element (xml, "      ", "RingDuration", number);
  g_ascii_formatd (number, sizeof number, "%.3f",
                   sim_call_talk_us (call, now) / (double) G_USEC_PER_SEC);
  append_element (xml, "      ", "TalkDuration", number);
  append_element (xml, "      ", "CallState", call->state);
  g_string_append (xml, "    </Call>\n");
}

static char *
cmd_list_active_calls (FdSimulator *self,
                       const char  *command,
                       GHashTable  *params)
{
  GString *xml = g_string_new (XML_HEADER);
  gint64 now = g_get_monotonic_time ();

  append_element (xml, "  ", "Code", "200");
  append_element (xml, "  ", "Message", "Command successfully executed");
  if (self->calls->len == 0)
    g_string_append (xml, "  <ActiveCalls />\n");
  else
    {
      g_string_append (xml, "  <ActiveCalls>\n");
      for (guint i = 0; i < self->calls->len; i++)
        if (self->dialect == FD_DIALECT_OZEKI10)
          append_call_ozeki10 (xml, g_ptr_array_index (self->calls, i), now);
        else
          append_call_xe (xml, g_ptr_array_index (self->calls, i), now);
      g_string_append (xml, "  </ActiveCalls>\n");
    }
  g_string_append (xml, "</Response>\n");
  return g_string_free (xml, FALSE);
}

/* Finds the call named by CallId, or says why not in *reply. */
static SimCall *
call_param (FdSimulator  *self,
            const char   *command,
            GHashTable   *params,
            char        **reply)
{
  const char *id = param (params, "callid");
  SimCall *call;

  if (id == NULL)
    {
      *reply = error_body (302, "CallId", command);
      return NULL;
    }
  call = find_call (self, id);
  if (call == NULL)
    *reply = error_body (601, id, NULL);
  return call;
}

static char *
cmd_hangup (FdSimulator *self,
            const char  *command,
            GHashTable  *params)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);

  if (call == NULL)
    return reply;
  end_call (self, call);
  return ok_body ();
}

/* Hold and Unhold: one state to another, 303 from any other state. */
static char *
move_call (FdSimulator *self,
           const char  *command,
           GHashTable  *params,
           const char  *from,
           const char  *to,
           const char  *event)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);

  if (call == NULL)
    return reply;
  if (!sim_call_is (call, from))
    return error_body (303, command, NULL);
  change_call (call, to, event);
  return ok_body ();
}

static char *
cmd_hold (FdSimulator *self,
          const char  *command,
          GHashTable  *params)
{
  return move_call (self, command, params, FD_CALL_STATE_IN_CALL, FD_CALL_STATE_HOLD, "hold");
}

static char *
cmd_unhold (FdSimulator *self,
            const char  *command,
            GHashTable  *params)
{
  return move_call (self, command, params, FD_CALL_STATE_HOLD, FD_CALL_STATE_IN_CALL, "resume");
}

static char *
cmd_forward (FdSimulator *self,
             const char  *command,
             GHashTable  *params)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);
  const char *destination = param (params, "destination");

  if (call == NULL)
    return reply;
  if (!_fd_simulator_is_valid_number (destination))
    return error_body (302, "Destination", command);
  if (!sim_call_is (call, FD_CALL_STATE_RINGING))
    return error_body (303, command, NULL);
  forward_call (call, destination);
  return ok_body ();
}

static char *
cmd_blind_transfer (FdSimulator *self,
                    const char  *command,
                    GHashTable  *params)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);
  /* Ozeki 10 spells the parameter TranferorParty. */
  const char *party = param (params, "transferorparty");
  const char *target = param (params, "target");
  gboolean is_caller;

  if (party == NULL)
    party = param (params, "tranferorparty");
  is_caller = party != NULL && g_ascii_strcasecmp (party, "caller") == 0;
  if (call == NULL)
    return reply;
  if (!is_caller && (party == NULL || g_ascii_strcasecmp (party, "callee") != 0))
    return error_body (302, "TransferorParty", command);
  if (!_fd_simulator_is_valid_number (target))
    return error_body (302, "Target", command);
  if (!state_is_talking (call->state))
    return error_body (303, command, NULL);
  transfer_call (call, is_caller, target);
  return ok_body ();
}

typedef char *(*CommandFunc) (FdSimulator *self,
                              const char  *command,
                              GHashTable  *params);

static const struct {
  const char  *name;
  CommandFunc  func;
} commands[] = {
  { "ListActiveCalls", cmd_list_active_calls },
  { "Hangup", cmd_hangup },
  { "Hold", cmd_hold },
  { "Unhold", cmd_unhold },
  { "Forward", cmd_forward },
  { "ForwardCall", cmd_forward },
  { "BlindTransfer", cmd_blind_transfer },
};

static char *
handle_command (FdSimulator *self,
                GHashTable  *params)
{
  const char *command = param (params, "command");
  char *reply = check_auth (self, params);

  if (reply != NULL)
    return reply;
  if (command == NULL)
    return error_body (302, "command", "");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strcasecmp (command, commands[i].name) == 0)
      {
        g_debug ("command %s", commands[i].name);
        return commands[i].func (self, commands[i].name, params);
      }
  return error_body (301, command, NULL);
}

/* ---- delivering responses, faults --------------------------------------- */

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
      xml = error_body (self->fault_code,
                        self->fault_code == 601 ? param (params, "callid") : param (params, "command"),
                        param (params, "command"));
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

static void
server_cb (SoupServer        *server,
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

  params = collect_params (msg, query);
  if (respond_fault (self, msg, params))
    return;
  xml = handle_command (self, params);
  if (self->fault == FD_SIM_FAULT_TRICKLE)
    respond_trickle (self, msg, xml);
  else if (self->fault == FD_SIM_FAULT_TRUNCATED)
    respond_xml (msg, xml, strlen (xml) / 2);
  else
    respond_xml (msg, xml, strlen (xml));
}

/* Hung requests get an answer so nobody waits for them, then every
 * connection is closed. */
static void
release_deliveries (FdSimulator *self)
{
  g_autoptr(GPtrArray) deliveries = g_steal_pointer (&self->deliveries);

  self->deliveries = g_ptr_array_new_with_free_func (delivery_free);
  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = g_ptr_array_index (deliveries, i);

      cancel_source (&delivery->timer);
      if (soup_server_message_get_status (delivery->msg) == 0)
        release_hung (self, delivery);
    }
}

/* ---- GObject ------------------------------------------------------------ */

static void
fd_simulator_dispose (GObject *object)
{
  FdSimulator *self = FD_SIMULATOR (object);

  if (self->server != NULL)
    fd_simulator_stop (self);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->deliveries, g_ptr_array_unref);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (fd_simulator_parent_class)->dispose (object);
}

static void
fd_simulator_finalize (GObject *object)
{
  FdSimulator *self = FD_SIMULATOR (object);

  fd_simulator_set_credentials (self, NULL, NULL);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->refs, g_hash_table_unref);
  g_clear_pointer (&self->used_ids, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (fd_simulator_parent_class)->finalize (object);
}

static void
fd_simulator_class_init (FdSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_simulator_dispose;
  object_class->finalize = fd_simulator_finalize;

  /**
   * FdSimulator::event:
   * @line: what happened to a call, e.g. "answer uteom" (see the top of
   *   fd-simulator.c for the forms)
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FdSimulator::scenario-finished:
   * @quit: TRUE if the scenario ended with a quit line
   *
   * Emitted once the last line of the loaded scenario has run.
   */
  signals[SIGNAL_SCENARIO_FINISHED] =
    g_signal_new ("scenario-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
fd_simulator_init (FdSimulator *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->server = soup_server_new ("server-header", "frontdesk-sim/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  self->rand = g_rand_new ();
  self->calls = g_ptr_array_new_with_free_func (sim_call_free);
  self->used_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deliveries = g_ptr_array_new_with_free_func (delivery_free);
  self->refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dialect = FD_DIALECT_XE;
  self->port = 7780;
}

/**
 * fd_simulator_new:
 *
 * Returns: (transfer full): a simulated PBX with no calls, not listening.
 * Its timers run on the thread-default main context of the caller.
 */
FdSimulator *
fd_simulator_new (void)
{
  return g_object_new (FD_TYPE_SIMULATOR, NULL);
}

/* ---- public API --------------------------------------------------------- */

void
fd_simulator_set_dialect (FdSimulator *self,
                          FdDialect    dialect)
{
  g_return_if_fail (FD_IS_SIMULATOR (self));

  self->dialect = dialect == FD_DIALECT_OZEKI10 ? FD_DIALECT_OZEKI10 : FD_DIALECT_XE;
}

/**
 * fd_simulator_set_credentials:
 * @username: (nullable): NULL switches authentication off
 * @password: (nullable): required when @username is set
 */
void
fd_simulator_set_credentials (FdSimulator *self,
                              const char  *username,
                              const char  *password)
{
  g_return_if_fail (FD_IS_SIMULATOR (self));

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->username, g_free);
  if (username == NULL)
    return;
  self->username = g_strdup (username);
  self->password = g_strdup (password ? password : "");
}

/**
 * fd_simulator_set_fault:
 * @api_code: the <Code> for %FD_SIM_FAULT_API_CODE, ignored otherwise
 *
 * Switching %FD_SIM_FAULT_REFUSE on closes the port and every connection;
 * switching it off listens on the same port again.
 */
void
fd_simulator_set_fault (FdSimulator *self,
                        FdSimFault   fault,
                        int          api_code)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FD_IS_SIMULATOR (self));
  g_return_if_fail (fault != FD_SIM_FAULT_API_CODE || (api_code >= 100 && api_code <= 999));

  if (self->fault == fault && (fault != FD_SIM_FAULT_API_CODE || self->fault_code == api_code))
    return;
  self->fault = fault;
  self->fault_code = fault == FD_SIM_FAULT_API_CODE ? api_code : 0;

  if (self->listening && fault == FD_SIM_FAULT_REFUSE && self->bound)
    unbind_port (self);
  else if (self->listening && fault != FD_SIM_FAULT_REFUSE && !self->bound &&
           !bind_port (self, &error))
    g_warning ("Cannot listen on port %u again: %s", self->port, error->message);
  emit_fault_event (self);
}

gboolean
fd_simulator_load_scenario (FdSimulator  *self,
                            const char   *path,
                            GError      **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FD_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  if (!fd_simulator_load_scenario_data (self, text, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

/**
 * fd_simulator_load_scenario_data:
 * @text: a scenario in the format described at the top of fd-simulator.c
 *
 * Replaces any scenario still running (its calls stay). The times count
 * from now if listening, else from fd_simulator_listen().
 */
gboolean
fd_simulator_load_scenario_data (FdSimulator  *self,
                                 const char   *text,
                                 GError      **error)
{
  GArray *steps;

  g_return_val_if_fail (FD_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_INVALID, "the scenario is not UTF-8 text");
      return FALSE;
    }
  steps = _fd_simulator_parse_scenario (text, error);
  if (steps == NULL)
    return FALSE;
  cancel_source (&self->scenario_timer);
  g_clear_pointer (&self->steps, g_array_unref);
  g_hash_table_remove_all (self->refs);
  self->steps = steps;
  scenario_start (self);
  return TRUE;
}

/**
 * fd_simulator_start_random:
 * @rate: new calls per minute on average; 0 stops random traffic
 *
 * The first call rings within a second.
 */
void
fd_simulator_start_random (FdSimulator *self,
                           double       rate)
{
  g_return_if_fail (FD_IS_SIMULATOR (self));
  g_return_if_fail (rate >= 0 && isfinite (rate));

  self->rate = rate;
  cancel_source (&self->arrival_timer);
  if (rate > 0)
    schedule_arrival (self, g_rand_double_range (self->rand, 0.2, 0.8));
}

/**
 * fd_simulator_set_seed:
 *
 * Makes CallIds and random traffic repeat from run to run.
 */
void
fd_simulator_set_seed (FdSimulator *self,
                       guint32      seed)
{
  g_return_if_fail (FD_IS_SIMULATOR (self));

  g_rand_set_seed (self->rand, seed);
}

/**
 * fd_simulator_listen:
 * @port: the TCP port on 127.0.0.1; 0 picks a free one
 *
 * Returns: (transfer full): the base URL, "http://127.0.0.1:PORT", or NULL
 *   with @error set
 */
char *
fd_simulator_listen (FdSimulator  *self,
                     guint         port,
                     GError      **error)
{
  g_return_val_if_fail (FD_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

  if (self->listening)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_INVALID, "the simulator is already listening");
      return NULL;
    }
  self->port = port;
  if (!bind_port (self, error))
    return NULL;
  self->listening = TRUE;
  /* Even a refusing simulator needs its port, to listen there later. */
  if (self->fault == FD_SIM_FAULT_REFUSE)
    unbind_port (self);
  scenario_start (self);
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/**
 * fd_simulator_stop:
 *
 * Stops listening, answers hung requests, closes every connection, and
 * ends the scenario and random traffic. Active calls stay.
 */
void
fd_simulator_stop (FdSimulator *self)
{
  g_return_if_fail (FD_IS_SIMULATOR (self));

  self->listening = FALSE;
  cancel_source (&self->scenario_timer);
  cancel_source (&self->arrival_timer);
  self->rate = 0;
  for (guint i = 0; i < self->calls->len; i++)
    {
      SimCall *call = g_ptr_array_index (self->calls, i);

      cancel_source (&call->plan_timer);
      cancel_source (&call->transfer_timer);
    }
  g_clear_pointer (&self->steps, g_array_unref);
  release_deliveries (self);
  unbind_port (self);
}

guint
fd_simulator_get_port (FdSimulator *self)
{
  g_return_val_if_fail (FD_IS_SIMULATOR (self), 0);

  return self->port;
}

guint
fd_simulator_get_n_calls (FdSimulator *self)
{
  g_return_val_if_fail (FD_IS_SIMULATOR (self), 0);

  return self->calls->len;
}

guint64
fd_simulator_get_n_requests (FdSimulator *self)
{
  g_return_val_if_fail (FD_IS_SIMULATOR (self), 0);

  return self->n_requests;
}
