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

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include <math.h>
#include <string.h>

enum {
  SIGNAL_EVENT,
  SIGNAL_SCENARIO_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FdSimulator, fd_simulator, G_TYPE_OBJECT)

/* ---- listening ---------------------------------------------------------- */

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

/* Closing the listener closes the open connections too, so keep-alive
 * connections cannot sneak past a refuse fault. */
static void
unbind_port (FdSimulator *self)
{
  soup_server_disconnect (self->server);
  self->bound = FALSE;
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
      if (step->id != NULL && _fd_simulator_find_call (self, step->id) != NULL)
        {
          g_debug ("line %u: a call %s is already active, skipped", step->line, step->id);
          return;
        }
      call = _fd_simulator_add_call (self, step->id, step->from, step->name, step->to, step->dialed);
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
  call = id ? _fd_simulator_find_call (self, id) : NULL;
  if (call == NULL)
    {
      g_debug ("line %u: call %s is gone, skipped", step->line, step->ref);
      return;
    }
  _fd_simulator_apply_step (self, call, step);
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
          self->scenario_timer = _fd_simulator_schedule (self, step->time - elapsed, scenario_cb, self);
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
  _fd_simulator_cancel_source (&self->scenario_timer);
  /* Run from the main loop, so that callers can connect after loading. */
  self->scenario_timer = _fd_simulator_schedule (self, 0.0, scenario_cb, self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
fd_simulator_dispose (GObject *object)
{
  FdSimulator *self = FD_SIMULATOR (object);

  if (self->server != NULL)
    fd_simulator_stop (self);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->ended, g_ptr_array_unref);
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
  soup_server_add_handler (self->server, NULL, _fd_simulator_server_cb, self, NULL);
  self->rand = g_rand_new ();
  self->calls = g_ptr_array_new_with_free_func (_fd_simulator_call_free);
  self->ended = g_ptr_array_new_with_free_func (_fd_simulator_ended_free);
  self->used_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deliveries = _fd_simulator_deliveries_new ();
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
  _fd_simulator_emit_fault_event (self);
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
      g_set_error_literal (error, FD_ERROR, FD_ERROR_INVALID, _("the scenario is not UTF-8 text"));
      return FALSE;
    }
  steps = _fd_simulator_parse_scenario (text, error);
  if (steps == NULL)
    return FALSE;
  _fd_simulator_cancel_source (&self->scenario_timer);
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
  _fd_simulator_cancel_source (&self->arrival_timer);
  if (rate > 0)
    _fd_simulator_schedule_arrival (self, g_rand_double_range (self->rand, 0.2, 0.8));
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
  _fd_simulator_cancel_source (&self->scenario_timer);
  _fd_simulator_cancel_source (&self->arrival_timer);
  self->rate = 0;
  for (guint i = 0; i < self->calls->len; i++)
    {
      SimCall *call = g_ptr_array_index (self->calls, i);

      _fd_simulator_cancel_source (&call->plan_timer);
      _fd_simulator_cancel_source (&call->transfer_timer);
    }
  g_clear_pointer (&self->steps, g_array_unref);
  _fd_simulator_release_deliveries (self);
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

/**
 * fd_simulator_ring_briefly:
 * @answered: whether the history shows it answered
 *
 * A call that rings and ends at once, between any two polls: no
 * ListActiveCalls answer ever shows it, only the history does. The
 * "ring" and "end" event lines are emitted as for any call.
 *
 * Returns: (transfer full): its CallId
 */
char *
fd_simulator_ring_briefly (FdSimulator *self,
                           const char  *source,
                           const char  *destination,
                           gboolean     answered)
{
  SimCall *call;
  char *id;

  g_return_val_if_fail (FD_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (source != NULL && destination != NULL, NULL);

  call = _fd_simulator_add_call (self, NULL, source, NULL, destination, NULL);
  call->answered = answered;
  id = g_strdup (call->id);
  _fd_simulator_end_call (self, call);
  return id;
}
