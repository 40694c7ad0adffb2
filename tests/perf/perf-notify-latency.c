/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPerfNotify"

#include "config.h"

#include "fake-notification-server.h"
#include "fd-application.h"
#include "fd-simulator.h"

#include <gtk/gtk.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * From a call ringing on the simulated PBX to its notification leaving the
 * app: the real FdApplication (poller, tracker, window, tray, notifier)
 * against an in-process FdSimulator, with the fake notification server on
 * the session bus. All in one process, so one monotonic clock:
 *   ring: the simulator's "event" signal for the call's ring line;
 *   started: the app's tracker emitting "call-started" for it (the poll
 *         that saw it, parsed and diffed);
 *   sent: the Notify message leaving the app's session bus connection
 *         (a GDBus filter sees it in the thread that writes it);
 *   answered: the server's reply to that Notify coming back.
 * For each poll interval it prints
 *   interval_s=I calls=N latency_ms_median=… latency_ms_p95=…
 *   latency_ms_max=… goal_ms=… notifier_ms_median=… notifier_ms_max=…
 *   reply_ms_median=… first_ms=…
 * where latency is sent − ring (the goal is on its max), notifier is sent −
 * started, reply is answered − sent, and first is the latency of a warm-up
 * call that is not counted (the notifier connects to the server then).
 * Each interval runs in a process of its own. Needs a display and a private session bus:
 * tests/perf/run-all.sh runs it under tests/gui-test-wrapper.sh.
 */

#define WARM_UP_NUMBER 2999
#define FIRST_NUMBER   3000

static const char *capabilities[] = { "actions", "body", "body-markup", NULL };

/* One call, keyed by its caller's number: the simulator names the number
 * in its event line and the notification shows it in its body. */
typedef struct {
  gint64 ring;       /* monotonic µs, 0: not yet */
  gint64 started;    /* the app's tracker saw it */
  gint64 sent;
  gint64 answered;
  guint32 serial;    /* of the Notify message */
} Sample;

typedef struct {
  double          interval;
  guint           n_calls;
  GMutex          lock;            /* samples: the filter runs on GDBus's thread */
  Sample         *samples;         /* [0] the warm-up call, then n_calls */
  FdApplication  *app;
  gint64          deadline;
  guint           check_id;
} Run;

static Sample *
sample_for_number (Run        *run,
                   const char *text)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, WARM_UP_NUMBER, FIRST_NUMBER + run->n_calls - 1,
                                   &number, NULL))
    return NULL;
  return &run->samples[number - WARM_UP_NUMBER];
}

/* "ring ID from=NUMBER name=TEXT to=NUMBER" */
static void
on_simulator_event (FdSimulator *simulator,
                    const char  *line,
                    Run         *run)
{
  gint64 now = g_get_monotonic_time ();
  const char *from = strstr (line, " from=");
  g_autofree char *number = NULL;
  Sample *sample;

  if (!g_str_has_prefix (line, "ring ") || from == NULL)
    return;
  number = g_strndup (from + 6, strcspn (from + 6, " "));
  g_mutex_lock (&run->lock);
  sample = sample_for_number (run, number);
  if (sample != NULL && sample->ring == 0)
    sample->ring = now;
  g_mutex_unlock (&run->lock);
}

/* The number in "…Perf 7 (3007)…" of a notification's body. */
static Sample *
sample_for_body (Run        *run,
                 const char *body)
{
  const char *open = strstr (body, "(");
  g_autofree char *number = NULL;

  if (open == NULL)
    return NULL;
  number = g_strndup (open + 1, strcspn (open + 1, ")"));
  return sample_for_number (run, number);
}

static void
record_notify (Run         *run,
               GDBusMessage *message,
               gint64        now)
{
  GVariant *body = g_dbus_message_get_body (message);
  const char *summary = NULL;
  const char *text = NULL;
  Sample *sample;

  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(susssasa{sv}i)")))
    return;
  g_variant_get (body, "(&su&s&s&s@as@a{sv}i)",
                 NULL, NULL, NULL, &summary, &text, NULL, NULL, NULL);
  if (g_strcmp0 (summary, "Incoming Call") != 0)
    return;
  sample = sample_for_body (run, text);
  if (sample != NULL && sample->sent == 0)
    {
      sample->sent = now;
      sample->serial = g_dbus_message_get_serial (message);
    }
}

static void
record_reply (Run          *run,
              GDBusMessage *message,
              gint64        now)
{
  guint32 serial = g_dbus_message_get_reply_serial (message);

  for (guint i = 0; i <= run->n_calls; i++)
    if (run->samples[i].serial == serial && run->samples[i].answered == 0)
      run->samples[i].answered = now;
}

static GDBusMessage *
filter (GDBusConnection *connection,
        GDBusMessage    *message,
        gboolean         incoming,
        gpointer         data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&run->lock);
  if (!incoming && g_strcmp0 (g_dbus_message_get_member (message), "Notify") == 0)
    record_notify (run, message, now);
  else if (incoming &&
           g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_RETURN)
    record_reply (run, message, now);
  g_mutex_unlock (&run->lock);
  return message;
}

/* A warm-up call, then one every 1.37 intervals, so that the rings fall
 * at every phase of the poll cycle; each rings for two intervals and then
 * is answered. */
static char *
make_scenario (double interval,
               guint  n_calls)
{
  GString *text = g_string_new (NULL);
  double first = 1.0 + 2 * interval;

  g_string_append_printf (text, "1.0 ring w from=%d name=\"Warm up\" to=1001\n", WARM_UP_NUMBER);
  for (guint i = 0; i < n_calls; i++)
    {
      char ring[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (ring, sizeof ring, "%.3f", first + i * 1.37 * interval);
      g_string_append_printf (text, "%s ring c%u from=%u name=\"Perf %u\" to=1001\n",
                              ring, i, FIRST_NUMBER + i, i);
    }
  /* Scenario times may not go backwards: the answers come after the last
   * ring, in the same order. */
  for (guint i = 0; i < n_calls; i++)
    {
      char answer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (answer, sizeof answer, "%.3f",
                       first + (n_calls - 1) * 1.37 * interval + 2 * interval + i * 0.01);
      g_string_append_printf (text, "%s answer c%u\n", answer, i);
    }
  return g_string_free (text, FALSE);
}

/* An emission hook runs before every handler, the notifier's included. */
static gboolean
on_call_started (GSignalInvocationHint *hint,
                 guint                  n_values,
                 const GValue          *values,
                 gpointer               data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();
  FdCall *call = g_value_get_object (&values[1]);
  Sample *sample;

  g_mutex_lock (&run->lock);
  sample = sample_for_number (run, fd_call_get_source (call));
  if (sample != NULL && sample->started == 0)
    sample->started = now;
  g_mutex_unlock (&run->lock);
  return TRUE;
}

static gboolean
all_sent (Run *run)
{
  gboolean done = TRUE;

  g_mutex_lock (&run->lock);
  for (guint i = 0; i <= run->n_calls; i++)
    done &= run->samples[i].answered != 0;
  g_mutex_unlock (&run->lock);
  return done;
}

static gboolean
check_done (gpointer data)
{
  Run *run = data;

  if (!all_sent (run) && g_get_monotonic_time () < run->deadline)
    return G_SOURCE_CONTINUE;
  run->check_id = 0;
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
p95 (double *values,
     guint   n)
{
  guint rank = (95 * n + 99) / 100;

  qsort (values, n, sizeof *values, compare_doubles);
  return values[MAX (rank, 1) - 1];
}

static gboolean
report (Run *run)
{
  g_autofree double *latency = g_new (double, run->n_calls);
  g_autofree double *notifier = g_new (double, run->n_calls);
  g_autofree double *reply = g_new (double, run->n_calls);
  Sample *warm_up = &run->samples[0];
  double latency_max, notifier_max;

  for (guint i = 0; i < run->n_calls; i++)
    {
      Sample *sample = &run->samples[i + 1];

      if (sample->ring == 0 || sample->started == 0 || sample->sent == 0 || sample->answered == 0)
        {
          fprintf (stderr, "perf-notify-latency: call %u (from %u) %s\n", i, FIRST_NUMBER + i,
                   sample->ring == 0 ? "never rang" : sample->started == 0 ? "never reached the app"
                   : sample->sent == 0 ? "was never notified" : "got no reply");
          return FALSE;
        }
      latency[i] = (sample->sent - sample->ring) / 1000.0;
      notifier[i] = (sample->sent - sample->started) / 1000.0;
      reply[i] = (sample->answered - sample->sent) / 1000.0;
    }
  qsort (latency, run->n_calls, sizeof *latency, compare_doubles);
  latency_max = latency[run->n_calls - 1];
  qsort (notifier, run->n_calls, sizeof *notifier, compare_doubles);
  notifier_max = notifier[run->n_calls - 1];
  printf ("interval_s=%.1f calls=%u latency_ms_median=%.1f latency_ms_p95=%.1f latency_ms_max=%.1f"
          " goal_ms=%.0f notifier_ms_median=%.2f notifier_ms_max=%.2f reply_ms_median=%.2f"
          " first_ms=%.1f\n",
          run->interval, run->n_calls, median (latency, run->n_calls), p95 (latency, run->n_calls),
          latency_max, run->interval * 1000 + 50, median (notifier, run->n_calls), notifier_max,
          median (reply, run->n_calls), (warm_up->sent - warm_up->ring) / 1000.0);
  fflush (stdout);
  return TRUE;
}

static gboolean
measure (double interval,
         guint  n_calls)
{
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario = make_scenario (interval, n_calls);
  FdOptions *options = fd_options_new ();
  Run run = { 0 };
  gpointer tracker_class;
  guint filter_id, started_id;
  gulong hook_id;
  gboolean ok;

  run.interval = interval;
  run.n_calls = n_calls;
  run.samples = g_new0 (Sample, n_calls + 1);
  g_mutex_init (&run.lock);

  /* libnotify talks on the shared session bus connection: this one. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      fprintf (stderr, "perf-notify-latency: no session bus: %s\n", error->message);
      exit (1);
    }
  filter_id = g_dbus_connection_add_filter (bus, filter, &run, NULL);
  /* The signal exists once the class does. */
  tracker_class = g_type_class_ref (FD_TYPE_CALL_TRACKER);
  started_id = g_signal_lookup ("call-started", FD_TYPE_CALL_TRACKER);
  hook_id = g_signal_add_emission_hook (started_id, 0, on_call_started, &run, NULL);

  if (!fd_simulator_load_scenario_data (simulator, scenario, &error) ||
      (options->url = fd_simulator_listen (simulator, 0, &error)) == NULL)
    {
      fprintf (stderr, "perf-notify-latency: the simulator: %s\n", error->message);
      exit (1);
    }
  g_signal_connect (simulator, "event", G_CALLBACK (on_simulator_event), &run);
  options->interval = interval;

  run.app = fd_application_new (options, FALSE, FALSE);
  /* The last call rings at first + (n - 1) × 1.37 intervals. */
  run.deadline = g_get_monotonic_time () +
                 (gint64) ((10 + 2 * interval + n_calls * 1.37 * interval) * G_USEC_PER_SEC);
  run.check_id = g_timeout_add (50, check_done, &run);
  g_application_run (G_APPLICATION (run.app), 0, NULL);
  g_clear_handle_id (&run.check_id, g_source_remove);
  g_clear_object (&run.app);

  g_dbus_connection_remove_filter (bus, filter_id);
  g_signal_remove_emission_hook (started_id, hook_id);
  g_type_class_unref (tracker_class);
  fd_simulator_stop (simulator);
  ok = report (&run);
  g_mutex_clear (&run.lock);
  g_free (run.samples);
  return ok;
}

/* One app per process, as in real life: a second FdApplication in the
 * same process would find the first one's bus objects still exported. */
static gboolean
spawn_each (char               *program,
            const char * const *intervals,
            int                 n_calls)
{
  g_autofree char *calls = g_strdup_printf ("%d", n_calls);

  for (guint i = 0; intervals[i] != NULL; i++)
    {
      const char *argv[] = { program, "--interval", intervals[i], "--calls", calls, NULL };
      g_autoptr(GError) error = NULL;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_CHILD_INHERITS_STDIN | G_SPAWN_SEARCH_PATH, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          fprintf (stderr, "perf-notify-latency: --interval %s: %s\n",
                   intervals[i], error->message);
          return FALSE;
        }
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_auto(GStrv) intervals = NULL;
  int n_calls = 20;
  GOptionEntry entries[] = {
    { "interval", 0, 0, G_OPTION_ARG_STRING_ARRAY, &intervals,
      "Poll interval in seconds, repeatable (default: 1.0 and 0.2)", "SECONDS" },
    { "calls", 0, 0, G_OPTION_ARG_INT, &n_calls, "Calls per interval (default: 20)", "N" },
    { NULL }
  };
  const char *default_intervals[] = { "1.0", "0.2", NULL };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time ring-to-notification");
  g_autoptr(GError) error = NULL;
  FakeNotificationServer *server;
  const char * const *list;
  double interval;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "perf-notify-latency: %s\n", error->message);
      return 2;
    }
  if (argc > 1 || n_calls < 1 || n_calls > 900)
    {
      fprintf (stderr, "perf-notify-latency: --calls takes a number from 1 to 900\n");
      return 2;
    }
  list = intervals != NULL ? (const char * const *) intervals : default_intervals;
  for (guint i = 0; list[i] != NULL; i++)
    {
      interval = g_ascii_strtod (list[i], NULL);
      if (interval < FD_POLLER_MIN_INTERVAL || interval > 60)
        {
          fprintf (stderr, "perf-notify-latency: --interval takes seconds from %.1f to 60\n",
                   FD_POLLER_MIN_INTERVAL);
          return 2;
        }
    }
  if (g_strv_length ((char **) list) > 1)
    return spawn_each (argv[0], list, n_calls) ? 0 : 1;

  gtk_init (&argc, &argv);
  server = fake_notification_server_new (capabilities);
  ok = measure (g_ascii_strtod (list[0], NULL), (guint) n_calls);
  fake_notification_server_free (server);
  return ok ? 0 : 1;
}
