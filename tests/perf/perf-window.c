/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPerfWindow"

#include "config.h"

#include "fd-call-tracker.h"
#include "fd-desk.h"
#include "fd-client.h"
#include "fd-poller.h"
#include "fd-window.h"

#include <gtk/gtk.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * What a poll costs the call window: the real FdWindow, shown, bound to an
 * FdCallTracker that is fed snapshots directly (no HTTP, no parsing: that
 * is frontdesk-bench). For each size it prints
 *   rows=N populate_ms=… apply_ms_median=… apply_ms_p95=… apply_cpu_ms_median=…
 *   frame_ms_median=… frame_ms_p95=… paint_ms_median=… paint_cpu_ms_median=…
 *   busy_ms_median=… busy_ms_p95=… frames=F/K
 * apply: fd_call_tracker_apply() with every list store update it triggers
 * (wall time; the _cpu figures are the thread's CPU time, which other
 * processes on a busy machine do not inflate);
 * frame: from the end of the apply to the end of the next painted frame
 * (waiting for the frame clock included); paint: that frame's own layout
 * and paint; busy: from the start of the apply until the main loop has
 * nothing left to do (the tree view measures changed rows in idle time).
 * Run it under Xvfb: tests/perf/run-all.sh does.
 */

static const guint sizes[] = { 1000, 10000 };

static const char * const names[] = {
  "John Smith", "Thomas M.", "Anna Nagy", "Zolt\u00e1n Kov\u00e1cs", "Eszter Szab\u00f3",
  "Reception", "Peter Horv\u00e1th", "Maria Garcia", "Support Line", "Dr. K\u00e1roly T\u00f3th",
};

/* The frame clock's view of the window. */
typedef struct {
  guint  n_paints;
  gint64 before_paint;   /* monotonic µs of the latest phase */
  gint64 after_paint;
  double before_cpu;     /* the thread's CPU time then, ms */
  double paint_cpu;      /* of the latest frame, ms */
} FrameLog;

static gint64 now_unix;

/* Distinct serials below 2^24 give distinct ids: the factor is odd. */
static FdCall *
random_call (GRand   *rand,
             guint64  serial,
             gint64   start)
{
  g_autofree char *id = g_strdup_printf ("%06" G_GINT64_MODIFIER "x",
                                         (serial * G_GUINT64_CONSTANT (2654435761)) & 0xffffff);
  g_autofree char *source = g_strdup_printf ("+3630%07d", g_rand_int_range (rand, 0, 10000000));
  g_autofree char *destination = g_strdup_printf ("%d", g_rand_int_range (rand, 1000, 2000));
  g_autoptr(GDateTime) start_time = g_date_time_new_from_unix_local (start);
  g_autofree char *raw = g_date_time_format_iso8601 (start_time);
  FdCall *call = fd_call_new (id);
  double pick = g_rand_double (rand);

  fd_call_set_state (call, pick < 0.3 ? FD_CALL_STATE_RINGING : pick < 0.9 ? FD_CALL_STATE_IN_CALL
                                                                         : FD_CALL_STATE_HOLD);
  fd_call_set_source (call, source);
  fd_call_set_caller_id (call, g_rand_int_range (rand, 0, 4) == 0 ? source
                         : names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
  fd_call_set_destination (call, destination);
  fd_call_set_start_time (call, raw, start_time);
  fd_call_set_ring_seconds (call, g_rand_int_range (rand, 0, 30));
  fd_call_set_talk_seconds (call, fd_call_is_ringing (call) ? 0 : g_rand_int_range (rand, 1, 3000));
  return call;
}

static const char *
next_state (FdCall *call)
{
  const char *state = fd_call_get_state (call);

  if (g_strcmp0 (state, FD_CALL_STATE_RINGING) == 0)
    return FD_CALL_STATE_IN_CALL;
  if (g_strcmp0 (state, FD_CALL_STATE_IN_CALL) == 0)
    return FD_CALL_STATE_HOLD;
  return FD_CALL_STATE_IN_CALL;
}

/* One second later: every duration ticks, 5% of the calls change state,
 * 2% end and 2% start. */
static GPtrArray *
advance (GRand     *rand,
         GPtrArray *before,
         guint64   *serial)
{
  guint n = before->len, changes = n * 5 / 100, removals = n * 2 / 100, additions = n * 2 / 100;
  GPtrArray *after = g_ptr_array_new_full (n + additions, g_object_unref);
  g_autofree guint *order = g_new (guint, n);
  g_autofree guint8 *fate = g_new0 (guint8, n);   /* 1: changes, 2: ends */
  guint i;

  /* A random permutation picks distinct calls for each fate. */
  for (i = 0; i < n; i++)
    order[i] = i;
  for (i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), swap = order[i];

      order[i] = order[j];
      order[j] = swap;
    }
  for (i = 0; i < changes + removals; i++)
    fate[order[i]] = i < changes ? 1 : 2;

  for (i = 0; i < n; i++)
    {
      FdCall *call;

      if (fate[i] == 2)
        continue;
      call = fd_call_copy (g_ptr_array_index (before, i));
      if (fd_call_is_ringing (call))
        fd_call_set_ring_seconds (call, fd_call_get_ring_seconds (call) + 1);
      else
        fd_call_set_talk_seconds (call, fd_call_get_talk_seconds (call) + 1);
      if (fate[i] == 1)
        fd_call_set_state (call, next_state (call));
      g_ptr_array_add (after, call);
    }
  for (i = 0; i < additions; i++)
    {
      FdCall *call = random_call (rand, (*serial)++, now_unix);

      fd_call_set_state (call, FD_CALL_STATE_RINGING);
      fd_call_set_talk_seconds (call, 0);
      g_ptr_array_add (after, call);
    }
  return after;
}

static void
make_snapshots (guint       n,
                GPtrArray **first,
                GPtrArray **second)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20130701 + n);
  guint64 serial = 1;

  *first = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (*first, random_call (rand, serial++,
                                          now_unix - g_rand_int_range (rand, 1, 3600)));
  *second = advance (rand, *first, &serial);
}

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static void
on_before_paint (GdkFrameClock *clock,
                 FrameLog      *log)
{
  log->before_paint = g_get_monotonic_time ();
  log->before_cpu = thread_cpu_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameLog      *log)
{
  log->after_paint = g_get_monotonic_time ();
  log->paint_cpu = thread_cpu_ms () - log->before_cpu;
  log->n_paints++;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs what is ready now; FALSE if that took longer than @seconds (a
 * frame clock that never stops, say). */
static gboolean
drain (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_main_context_iteration (NULL, FALSE))
    if (g_get_monotonic_time () > end)
      return FALSE;
  return TRUE;
}

/* Until nothing is ready and no frame is painted for 60 ms: timers and
 * the frame clock's own ticks are not "ready" while they wait. */
static void
settle (FrameLog *log)
{
  for (guint round = 0; round < 100; round++)
    {
      guint paints;
      gboolean quiet = FALSE;

      drain (5);
      paints = log->n_paints;
      g_timeout_add (60, set_flag, &quiet);
      while (!quiet)
        g_main_context_iteration (NULL, TRUE);
      if (log->n_paints == paints && !g_main_context_pending (NULL))
        return;
    }
  g_printerr ("perf-window: the window never settled\n");
  exit (1);
}

/* TRUE once a frame has been painted after @paints; gives up after 1 s,
 * which no frame takes (nothing visible changed, then). */
static gboolean
wait_for_paint (FrameLog *log,
                guint     paints)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (1000, set_flag, &timed_out);

  while (log->n_paints == paints && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return log->n_paints != paints && g_get_monotonic_time () <= end;
}

typedef struct {
  double apply;
  double apply_cpu;
  double frame;    /* negative: no frame was painted */
  double paint;
  double paint_cpu;
  double busy;
} Timing;

static Timing
time_apply (FdCallTracker *tracker,
            GPtrArray     *snapshot,
            FrameLog      *log)
{
  Timing timing = { 0, 0, -1, -1, -1, 0 };
  double cpu_start;
  guint paints;
  gint64 start, applied;

  settle (log);
  paints = log->n_paints;
  start = g_get_monotonic_time ();
  cpu_start = thread_cpu_ms ();
  fd_call_tracker_apply (tracker, snapshot);
  timing.apply_cpu = thread_cpu_ms () - cpu_start;
  applied = g_get_monotonic_time ();
  timing.apply = (applied - start) / 1000.0;
  if (wait_for_paint (log, paints))
    {
      timing.frame = (log->after_paint - applied) / 1000.0;
      timing.paint = (log->after_paint - log->before_paint) / 1000.0;
      timing.paint_cpu = log->paint_cpu;
    }
  drain (10);
  timing.busy = (g_get_monotonic_time () - start) / 1000.0;
  return timing;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values; the median and the nearest-rank 95th percentile. */
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
  guint rank = (guint) ((95 * n + 99) / 100);

  qsort (values, n, sizeof *values, compare_doubles);
  return values[MAX (rank, 1) - 1];
}

static guint
count_rows (FdWindow *window)
{
  FdCallsPage *page = fd_window_get_calls_page (window);

  return gtk_tree_model_iter_n_children (GTK_TREE_MODEL (fd_calls_page_get_store (page)), NULL);
}

static void
bench_size (FdWindow      *window,
            FdCallTracker *tracker,
            FrameLog      *log,
            guint          n,
            guint          runs)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autofree double *apply = g_new (double, runs);
  g_autofree double *apply_cpu = g_new (double, runs);
  g_autofree double *frame = g_new (double, runs);
  g_autofree double *paint = g_new (double, runs);
  g_autofree double *paint_cpu = g_new (double, runs);
  g_autofree double *busy = g_new (double, runs);
  guint n_frames = 0;
  Timing populate;

  make_snapshots (n, &first, &second);
  /* The calls of the previous size end. */
  fd_call_tracker_apply (tracker, empty);

  populate = time_apply (tracker, first, log);
  if (count_rows (window) != first->len)
    {
      g_printerr ("perf-window: %u rows after populating, expected %u\n",
                  count_rows (window), first->len);
      exit (1);
    }
  /* Warm up: the tree view has measured the rows, the caches are hot. */
  time_apply (tracker, second, log);
  time_apply (tracker, first, log);

  for (guint i = 0; i < runs; i++)
    {
      GPtrArray *snapshot = i % 2 == 0 ? second : first;
      Timing timing = time_apply (tracker, snapshot, log);

      if (count_rows (window) != snapshot->len)
        {
          g_printerr ("perf-window: %u rows, expected %u\n", count_rows (window), snapshot->len);
          exit (1);
        }
      apply[i] = timing.apply;
      apply_cpu[i] = timing.apply_cpu;
      busy[i] = timing.busy;
      if (timing.frame >= 0)
        {
          frame[n_frames] = timing.frame;
          paint_cpu[n_frames] = timing.paint_cpu;
          paint[n_frames++] = timing.paint;
        }
    }

  printf ("rows=%u populate_ms=%.1f apply_ms_median=%.2f apply_ms_p95=%.2f"
          " apply_cpu_ms_median=%.2f",
          n, populate.apply, median (apply, runs), p95 (apply, runs), median (apply_cpu, runs));
  if (n_frames > 0)
    printf (" frame_ms_median=%.2f frame_ms_p95=%.2f paint_ms_median=%.2f paint_cpu_ms_median=%.2f",
            median (frame, n_frames), p95 (frame, n_frames), median (paint, n_frames),
            median (paint_cpu, n_frames));
  printf (" busy_ms_median=%.2f busy_ms_p95=%.2f frames=%u/%u\n",
          median (busy, runs), p95 (busy, runs), n_frames, runs);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  int max_rows = -1, runs = 21;
  gboolean sort_talking = FALSE;
  GOptionEntry entries[] = {
    { "max", 0, 0, G_OPTION_ARG_INT, &max_rows, "Stop after this number of rows", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed snapshots per size (default: 21)", "K" },
    { "sort-talking", 0, 0, G_OPTION_ARG_NONE, &sort_talking,
      "Sort by talk time, as a click on the Talking header does", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the call window under load");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  FdCallTracker *tracker;
  FdWindow *window;
  FrameLog log = { 0 };
  GdkFrameClock *clock;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gtk_get_option_group (TRUE));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "perf-window: %s\n", error->message);
      return 2;
    }
  if (argc > 1 || runs < 1 || (max_rows != -1 && max_rows < (int) sizes[0]))
    {
      fprintf (stderr, "perf-window: --runs takes a positive number and --max at least %u\n",
               sizes[0]);
      return 2;
    }
  if (gdk_display_get_default () == NULL)
    {
      fprintf (stderr, "perf-window: no display (run it under xvfb-run)\n");
      return 1;
    }

  now_unix = g_get_real_time () / G_USEC_PER_SEC;
  /* As the app has it: the window on a desk, whose counts follow the
   * tracker too. Never started: the window only needs its connection state. */
  client = fd_client_new ("http://127.0.0.1:9");
  desk = fd_desk_new (client);
  tracker = fd_desk_get_tracker (desk);
  window = fd_window_new (NULL, desk);
  if (sort_talking)
    {
      GtkTreeView *view = fd_calls_page_get_tree_view (fd_window_get_calls_page (window));
      GtkTreeModel *model = gtk_tree_view_get_model (view);

      /* Whatever model the view shows sorts for it. */
      if (!GTK_IS_TREE_SORTABLE (model))
        {
          fprintf (stderr, "perf-window: the call list cannot be sorted\n");
          return 1;
        }
      gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (model),
                                            FD_CALLS_COLUMN_TALK_SECONDS, GTK_SORT_DESCENDING);
    }
  gtk_widget_show (GTK_WIDGET (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &log);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &log);
  settle (&log);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      if (max_rows != -1 && sizes[i] > (guint) max_rows)
        break;
      bench_size (window, tracker, &log, sizes[i], (guint) runs);
    }

  gtk_widget_destroy (GTK_WIDGET (window));
  return 0;
}
