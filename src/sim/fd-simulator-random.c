/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Random traffic (fd_simulator_start_random): Poisson arrivals from a list
 * of callers, each call with a plan of answer, hold and end steps that the
 * call actions carry out.
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-simulator-private.h"

#include <math.h>

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
  call->plan_timer = _fd_simulator_schedule (call->sim, next->time, plan_step_cb, call);
}

static gboolean
plan_step_cb (gpointer data)
{
  SimCall *call = data;
  FdSimStep step;

  g_clear_pointer (&call->plan_timer, g_source_unref);
  step = g_array_index (call->plan, FdSimStep, call->plan_index++);
  if (_fd_simulator_apply_step (call->sim, call, &step))
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

  call = _fd_simulator_add_call (self, NULL, number, random_callers[pick].name, to, NULL);
  call->plan = make_plan (self->rand);
  plan_schedule (call);
}

static gboolean arrival_cb (gpointer data);

void
_fd_simulator_schedule_arrival (FdSimulator *self,
                                double       delay)
{
  _fd_simulator_cancel_source (&self->arrival_timer);
  self->arrival_timer = _fd_simulator_schedule (self, delay, arrival_cb, self);
}

static gboolean
arrival_cb (gpointer data)
{
  FdSimulator *self = data;
  double mean = 60.0 / self->rate;

  g_clear_pointer (&self->arrival_timer, g_source_unref);
  ring_random_call (self);
  /* Poisson arrivals: exponential gaps around the mean. */
  _fd_simulator_schedule_arrival (self, -log (1.0 - g_rand_double (self->rand)) * mean);
  return G_SOURCE_REMOVE;
}
