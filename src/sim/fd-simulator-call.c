/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One simulated call: its state, the clock behind RingDuration and
 * TalkDuration, and CallIds. A leaf: it reads the simulator's fields but
 * calls nothing else of the simulator, so every other file may use it.
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-call.h"
#include "fd-simulator-private.h"

#include <math.h>

/* ---- timers ------------------------------------------------------------- */

GSource *
_fd_simulator_schedule (FdSimulator *self,
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

void
_fd_simulator_cancel_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* ---- calls ------------------------------------------------------------ */

void
_fd_simulator_call_free (gpointer data)
{
  SimCall *call = data;

  _fd_simulator_cancel_source (&call->plan_timer);
  _fd_simulator_cancel_source (&call->transfer_timer);
  g_clear_pointer (&call->plan, g_array_unref);
  g_clear_pointer (&call->start_time, g_date_time_unref);
  g_free (call->id);
  g_free (call->source);
  g_free (call->caller_id);
  g_free (call->destination);
  g_free (call->dialed);
  g_free (call);
}

gboolean
_fd_simulator_state_is_talking (const char *state)
{
  return state == g_intern_static_string (FD_CALL_STATE_IN_CALL) ||
         state == g_intern_static_string (FD_CALL_STATE_HOLD);
}

gboolean
_fd_simulator_call_is (SimCall    *call,
                       const char *state)
{
  return call->state == g_intern_string (state);
}

gint64
_fd_simulator_call_ring_us (SimCall *call,
                            gint64   now)
{
  if (_fd_simulator_call_is (call, FD_CALL_STATE_RINGING))
    return call->ring_us + (now - call->phase_start);
  return call->ring_us;
}

gint64
_fd_simulator_call_talk_us (SimCall *call,
                            gint64   now)
{
  if (_fd_simulator_state_is_talking (call->state))
    return call->talk_us + (now - call->phase_start);
  return call->talk_us;
}

void
_fd_simulator_call_set_state (SimCall    *call,
                              const char *state)
{
  gint64 now = g_get_monotonic_time ();

  call->ring_us = _fd_simulator_call_ring_us (call, now);
  call->talk_us = _fd_simulator_call_talk_us (call, now);
  call->state = g_intern_string (state);
  call->phase_start = now;
  if (_fd_simulator_state_is_talking (call->state))
    call->answered = TRUE;
}

SimCall *
_fd_simulator_find_call (FdSimulator *self,
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
char *
_fd_simulator_new_call_id (FdSimulator *self)
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
