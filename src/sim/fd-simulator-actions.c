/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What happens to a simulated call (ring, answer, hold, resume, forward,
 * transfer, end) and the event line each change emits, whether a
 * scenario, random traffic or a client's command asked for it. The call
 * control model and the event lines are described at the top of
 * fd-simulator.c.
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-call.h"
#include "fd-simulator-private.h"

/* How long the target of a blind transfer lets the call ring. */
#define TRANSFER_ANSWER_SECONDS 2.0

/* ---- event lines -------------------------------------------------------- */

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

/* By name: the signal ids belong to fd-simulator.c, which calls down into
 * this file and must not be called back. */
static void
emit_event (FdSimulator *self,
            GString     *line)
{
  g_autofree char *text = g_string_free (line, FALSE);

  g_debug ("event: %s", text);
  g_object_ref (self);
  g_signal_emit_by_name (self, "event", text);
  g_object_unref (self);
}

void
_fd_simulator_emit_fault_event (FdSimulator *self)
{
  GString *line = g_string_new ("fault ");

  if (self->fault == FD_SIM_FAULT_API_CODE)
    g_string_append_printf (line, "%d", self->fault_code);
  else
    g_string_append (line, fd_sim_fault_to_string (self->fault));
  emit_event (self, line);
}

/* ---- changes ------------------------------------------------------------ */

SimCall *
_fd_simulator_add_call (FdSimulator *self,
                        const char  *id,
                        const char  *source,
                        const char  *caller_id,
                        const char  *destination,
                        const char  *dialed)
{
  SimCall *call = g_new0 (SimCall, 1);
  GString *line = g_string_new ("ring ");

  call->sim = self;
  call->id = id ? g_strdup (id) : _fd_simulator_new_call_id (self);
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

void
_fd_simulator_ended_free (gpointer data)
{
  SimEnded *ended = data;

  g_free (ended->id);
  g_free (ended->state);
  g_free (ended->source);
  g_free (ended->caller_id);
  g_free (ended->destination);
  g_free (ended->dialed);
  g_date_time_unref (ended->start_time);
  g_free (ended);
}

/* What the history says of an ended call: the two result states
 * Ozeki's pages show, for an answered and an unanswered call. */
static void
remember_ended (FdSimulator *self,
                SimCall     *call)
{
  SimEnded *ended = g_new0 (SimEnded, 1);

  ended->id = g_strdup (call->id);
  ended->state = g_strdup (call->answered ? "CalleeHungUp" : "CallerHangUp");
  ended->source = g_strdup (call->source);
  ended->caller_id = g_strdup (call->caller_id);
  ended->destination = g_strdup (call->destination);
  ended->dialed = g_strdup (call->dialed);
  ended->start_time = g_date_time_ref (call->start_time);
  if (self->ended->len == FD_SIM_MAX_ENDED)
    g_ptr_array_remove_index (self->ended, 0);
  g_ptr_array_add (self->ended, ended);
}

void
_fd_simulator_end_call (FdSimulator *self,
                        SimCall     *call)
{
  GString *line = g_string_new (NULL);

  g_string_printf (line, "end %s %s", call->id, call->answered ? "answered" : "missed");
  remember_ended (self, call);
  g_ptr_array_remove (self->calls, call);
  emit_event (self, line);
}

void
_fd_simulator_change_call (SimCall    *call,
                           const char *state,
                           const char *verb)
{
  GString *line = g_string_new (NULL);

  _fd_simulator_call_set_state (call, state);
  g_string_printf (line, "%s %s", verb, call->id);
  emit_event (call->sim, line);
}

void
_fd_simulator_forward_call (SimCall    *call,
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
  if (_fd_simulator_call_is (call, FD_CALL_STATE_RINGING))
    _fd_simulator_change_call (call, FD_CALL_STATE_IN_CALL, "answer");
  return G_SOURCE_REMOVE;
}

/* The transferor leaves; the remaining party now rings at the target. */
void
_fd_simulator_transfer_call (SimCall    *call,
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
  _fd_simulator_call_set_state (call, FD_CALL_STATE_RINGING);
  g_string_printf (line, "transfer %s", call->id);
  append_pair (line, "party", transferor_is_caller ? "caller" : "callee");
  append_pair (line, "to", target);
  emit_event (call->sim, line);

  _fd_simulator_cancel_source (&call->transfer_timer);
  call->transfer_timer = _fd_simulator_schedule (call->sim, TRANSFER_ANSWER_SECONDS,
                                                 transfer_answer_cb, call);
}

/* Applies a step to a call if it fits the call's state; returns FALSE when
 * the call is gone (freed). */
gboolean
_fd_simulator_apply_step (FdSimulator     *self,
                          SimCall         *call,
                          const FdSimStep *step)
{
  switch (step->action)
    {
    case FD_SIM_STEP_ANSWER:
      if (_fd_simulator_call_is (call, FD_CALL_STATE_RINGING))
        _fd_simulator_change_call (call, FD_CALL_STATE_IN_CALL, "answer");
      break;
    case FD_SIM_STEP_HOLD:
      if (_fd_simulator_call_is (call, FD_CALL_STATE_IN_CALL))
        _fd_simulator_change_call (call, FD_CALL_STATE_HOLD, "hold");
      break;
    case FD_SIM_STEP_RESUME:
      if (_fd_simulator_call_is (call, FD_CALL_STATE_HOLD))
        _fd_simulator_change_call (call, FD_CALL_STATE_IN_CALL, "resume");
      break;
    case FD_SIM_STEP_FORWARD:
      if (_fd_simulator_call_is (call, FD_CALL_STATE_RINGING))
        _fd_simulator_forward_call (call, step->to);
      break;
    case FD_SIM_STEP_TRANSFER:
      if (_fd_simulator_state_is_talking (call->state))
        _fd_simulator_transfer_call (call, g_strcmp0 (step->party, "caller") == 0, step->to);
      break;
    case FD_SIM_STEP_END:
      _fd_simulator_end_call (self, call);
      return FALSE;
    case FD_SIM_STEP_RING:
    case FD_SIM_STEP_FAULT:
    case FD_SIM_STEP_QUIT:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}
