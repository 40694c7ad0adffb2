/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fault matrix's harness. The fault matrix: every way the PBX or the
 * network can fail, one case each, against a real FdPoller and an
 * in-process SoupServer whose behaviour is switched at run time.
 *
 * Each case brings up a good PBX holding two calls, switches the fault on
 * and lets a few polls fail, clears it and lets the poller recover on its
 * own; then it switches the fault on again, drives more failed polls with
 * fd_poller_poll_now() to measure memory, clears it and recovers with
 * fd_poller_poll_now(). It asserts: the right state and a sentence naming
 * the cause and the URL, reached in bounded time; bounded memory; no call
 * ended or started by a failed poll; no file content leaked; recovery.
 */
#include "config.h"

#include "fault-matrix.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* From the switch to the fault's state; slow faults wait for the client's
 * deadline on every poll and get this much more. */
#define REACH_SECONDS   3.0
#define SLOW_EXTRA      3.0

/* Failed polls in the first, self-healing phase: enough to back off, few
 * enough that the backoff stays well under a second. */
#define PASSIVE_FAILURES 3
#define PASSIVE_FAILURES_SLOW 2

/* Failed polls driven by fd_poller_poll_now() while memory is watched. */
#define HAMMER_POLLS    10
#define HAMMER_POLLS_SLOW 1

/* Resident memory may grow this much over a fault phase: the size cap
 * lets one body of up to 1 MiB be held, and malloc keeps what it freed. */
#define RSS_SLACK_FIRST (4 * 1024 * 1024)
#define RSS_SLACK_AGAIN (2 * 1024 * 1024)

/* AddressSanitizer keeps freed memory in quarantine, so resident memory
 * says nothing about leaks there (ASan reports those itself). */
#if defined(__SANITIZE_ADDRESS__)
# define BUILT_WITH_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define BUILT_WITH_ASAN 1
# endif
#endif
#ifndef BUILT_WITH_ASAN
# define BUILT_WITH_ASAN 0
#endif

Fixture *current;
static guint n_bad_log_lines;

/* Instrumented runs (sanitizers, valgrind) are slower: every deadline is
 * multiplied by this, FRONTDESK_TEST_TIME_SCALE or 20 under valgrind. */
static double time_scale = 1.0;
static gboolean check_rss = TRUE;

/* ---- Log capture -------------------------------------------------------- */

static void
note_poller_line (Fixture    *f,
                  const char *message)
{
  guint in_row;
  double delay;

  if (sscanf (message, "Poll failed (%u in a row), next try in %lf s", &in_row, &delay) != 2)
    return;
  f->failures_in_row = in_row;
  f->n_failures++;
  f->last_delay = delay;
}

static char *
field_text (const GLogField *field)
{
  if (field->length < 0)
    return g_strdup (field->value);
  return g_strndup (field->value, field->length);
}

static void
record_line (GLogLevelFlags  level,
             const char     *domain,
             const char     *message)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    n_bad_log_lines++;
  if (current == NULL)
    return;
  g_string_append_printf (current->logs, "%s: %s\n", domain ? domain : "-", message ? message : "");
  if (message != NULL && g_strcmp0 (domain, "FdPoller") == 0)
    note_poller_line (current, message);
}

/* Our code logs structured: every line comes here. Debug lines stay here;
 * anything louder goes on, and the default writer makes warnings fatal as
 * G_DEBUG asks. */
static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  g_autofree char *domain = NULL;
  g_autofree char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && domain == NULL)
      domain = field_text (&fields[i]);
    else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && message == NULL)
      message = field_text (&fields[i]);

  record_line (level, domain, message);
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static GLogFunc test_log_handler;

/* GLib and libsoup log through g_log(), which the test framework's default
 * handler takes before any writer: those lines are caught here. */
static void
capture_old_log (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  record_line (level, domain, message);
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  test_log_handler (domain, level, message, user_data);
}

/* ---- Memory ------------------------------------------------------------- */

static gsize
rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0;
  unsigned long resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (gsize) sysconf (_SC_PAGESIZE);
}

static double
mib (gssize bytes)
{
  return bytes / (1024.0 * 1024.0);
}

/* ---- Watching the poller and the tracker -------------------------------- */

static void
on_started (FdCallTracker *tracker,
            FdCall        *call,
            Fixture       *f)
{
  g_string_append_printf (f->events, "started:%s;", fd_call_get_id (call));
}

static void
on_changed (FdCallTracker *tracker,
            FdCall        *call,
            const char    *previous,
            Fixture       *f)
{
  g_string_append_printf (f->events, "changed:%s:%s>%s;", fd_call_get_id (call), previous,
                          fd_call_get_state (call));
}

static void
on_updated (FdCallTracker *tracker,
            FdCall        *call,
            Fixture       *f)
{
  g_string_append_printf (f->events, "updated:%s;", fd_call_get_id (call));
}

static void
on_ended (FdCallTracker *tracker,
          FdCall        *call,
          int            outcome,
          Fixture       *f)
{
  g_string_append_printf (f->events, "ended:%s;", fd_call_get_id (call));
}

static gboolean
snapshot_has_fault (GPtrArray *calls)
{
  if (calls->len != 2)
    return TRUE;
  for (guint i = 0; i < calls->len; i++)
    if (g_strcmp0 (fd_call_get_state (g_ptr_array_index (calls, i)), UNKNOWN_STATE) == 0)
      return TRUE;
  return FALSE;
}

static void
on_snapshot (FdPoller  *poller,
             GPtrArray *calls,
             Fixture   *f)
{
  f->n_snapshots++;
  f->failures_in_row = 0;
  if (snapshot_has_fault (calls))
    f->n_fault_snapshots++;
  else
    f->n_good_snapshots++;
}

static void
on_state (FdPoller   *poller,
          GParamSpec *pspec,
          Fixture    *f)
{
  if (fd_poller_get_state (poller) == FD_CONNECTION_ONLINE)
    f->n_online_entries++;
}

static void
on_last_error (FdPoller   *poller,
               GParamSpec *pspec,
               Fixture    *f)
{
  const char *message = fd_poller_get_last_error (poller);

  if (message != NULL)
    g_string_append_printf (f->errors, "%s\n", message);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  current = f;
  f->fc = data;
  f->held = g_ptr_array_new ();
  f->events = g_string_new (NULL);
  f->errors = g_string_new (NULL);
  f->logs = g_string_new (NULL);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  server_listen (f);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
  f->where = g_strdup_printf ("127.0.0.1:%u", f->port);

  f->client = fd_client_new (f->url);
  fd_client_set_timeout (f->client, CLIENT_TIMEOUT);
  fd_client_set_max_body_size (f->client, MAX_BODY);
  f->tracker = fd_call_tracker_new ();
  f->poller = fd_poller_new (f->client, f->tracker);
  fd_poller_set_interval (f->poller, INTERVAL);

  g_signal_connect (f->tracker, "call-started", G_CALLBACK (on_started), f);
  g_signal_connect (f->tracker, "call-changed", G_CALLBACK (on_changed), f);
  g_signal_connect (f->tracker, "call-updated", G_CALLBACK (on_updated), f);
  g_signal_connect (f->tracker, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->poller, "snapshot", G_CALLBACK (on_snapshot), f);
  g_signal_connect (f->poller, "notify::state", G_CALLBACK (on_state), f);
  g_signal_connect (f->poller, "notify::last-error", G_CALLBACK (on_last_error), f);
}

static void
assert_no_marker_in_calls (Fixture *f)
{
  g_autoptr(GPtrArray) calls = fd_call_tracker_dup_calls (f->tracker);

  for (guint i = 0; i < calls->len; i++)
    {
      FdCall *call = g_ptr_array_index (calls, i);
      const char *fields[] = {
        fd_call_get_id (call), fd_call_get_state (call), fd_call_get_source (call),
        fd_call_get_caller_id (call), fd_call_get_destination (call),
        fd_call_get_caller_dialed (call), fd_call_get_callee_dialed (call),
        fd_call_get_start_time_raw (call),
      };

      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        g_assert_null (fields[j] != NULL ? strstr (fields[j], bodies.marker) : NULL);
    }
}

/* The local file's content reached nothing the user or a log could see. */
static void
assert_no_leak (Fixture *f)
{
  assert_no_marker_in_calls (f);
  g_assert_null (strstr (f->errors->str, bodies.marker));
  g_assert_null (strstr (f->logs->str, bodies.marker));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  assert_no_leak (f);
  fd_poller_stop (f->poller);
  release_held (f);
  g_assert_finalize_object (f->poller);
  g_assert_finalize_object (f->tracker);
  /* A cancelled request holds the client until its callback has run. */
  while (G_OBJECT (f->client)->ref_count > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (f->client);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);

  g_assert_cmpuint (n_bad_log_lines, ==, 0);
  g_ptr_array_unref (f->held);
  g_string_free (f->events, TRUE);
  g_string_free (f->errors, TRUE);
  g_string_free (f->logs, TRUE);
  g_free (f->url);
  g_free (f->where);
  current = NULL;
}

/* ---- Waiting ------------------------------------------------------------ */

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *f,
                               guint    n);

/* Iterates until @condition holds, failing the case past @seconds.
 * Returns the seconds it took. Resident memory is sampled meanwhile. */
static double
wait_for (Fixture    *f,
          Condition   condition,
          guint       n,
          double      seconds,
          const char *what)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) (seconds * time_scale * G_USEC_PER_SEC);
  guint tick = g_timeout_add (5, wake, NULL);
  gboolean met;

  while (!(met = condition (f, n)) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      f->rss_max = MAX (f->rss_max, rss_bytes ());
    }
  g_source_remove (tick);
  if (!met)
    g_test_message ("%s: no %s within %.2f s (state %s, last error: %s, events: %s)",
                    f->fc->name, what, seconds,
                    fd_connection_state_to_string (fd_poller_get_state (f->poller)),
                    fd_poller_get_last_error (f->poller), f->events->str);
  g_assert_true (met);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* The good PBX as the tracker knows it: the same two call objects, in
 * their states, online, after the n-th good snapshot. */
static gboolean
is_up (Fixture *f,
       guint    n)
{
  return fd_poller_get_state (f->poller) == FD_CONNECTION_ONLINE &&
         f->n_good_snapshots >= n &&
         fd_call_tracker_get_n_calls (f->tracker) == 2 &&
         fd_call_tracker_lookup (f->tracker, "c-talk") == f->talk &&
         fd_call_tracker_lookup (f->tracker, "c-ring") == f->ring &&
         g_strcmp0 (fd_call_get_state (f->talk), FD_CALL_STATE_IN_CALL) == 0 &&
         g_strcmp0 (fd_call_get_state (f->ring), FD_CALL_STATE_RINGING) == 0;
}

static gboolean
has_failed (Fixture *f,
            guint    n)
{
  return fd_poller_get_state (f->poller) == f->fc->state && f->failures_in_row >= n;
}

static gboolean
n_failures_reached (Fixture *f,
                    guint    n)
{
  return f->n_failures >= n;
}

static gboolean
fault_snapshots_reached (Fixture *f,
                         guint    n)
{
  return fd_poller_get_state (f->poller) == FD_CONNECTION_ONLINE && f->n_fault_snapshots >= n;
}

static gboolean
snapshots_reached (Fixture *f,
                   guint    n)
{
  return f->n_snapshots >= n;
}

/* ---- The phases --------------------------------------------------------- */

static void
bring_up (Fixture *f)
{
  fd_poller_start (f->poller);
  wait_for (f, snapshots_reached, 1, REACH_SECONDS, "first snapshot");
  f->talk = fd_call_tracker_lookup (f->tracker, "c-talk");
  f->ring = fd_call_tracker_lookup (f->tracker, "c-ring");
  g_assert_nonnull (f->talk);
  g_assert_nonnull (f->ring);
  /* Warm-up: a few good polls before anything is measured. */
  wait_for (f, is_up, 3, REACH_SECONDS, "warm-up");
  g_assert_cmpstr (f->events->str, ==, "started:c-talk;started:c-ring;");
  g_string_truncate (f->events, 0);
}

static void
assert_sentence (Fixture *f)
{
  const FaultCase *fc = f->fc;
  const char *sentence = fd_poller_get_last_error (f->poller);
  const GError *error = fd_poller_get_error (f->poller);
  const char *where = fc->fault == FAULT_UNKNOWN_HOST ? FAULT_HOST : f->where;
  gboolean alt;

  g_test_message ("%s: \"%s\"", fc->name, sentence);
  g_assert_nonnull (sentence);
  g_assert_nonnull (error);
  g_assert_true (error->domain == (fc->api ? FD_API_ERROR : FD_ERROR));
  alt = fc->alt_code >= 0 && error->code == fc->alt_code;
  g_assert_true (error->code == fc->code || alt);
  g_assert_nonnull (strstr (sentence, alt ? fc->alt_words : fc->words));
  g_assert_nonnull (strstr (sentence, where));
}

/* Nothing the tracker knew was touched by the failed polls. */
static void
assert_calls_kept (Fixture *f)
{
  g_assert_cmpstr (f->events->str, ==, "");
  g_assert_cmpuint (fd_call_tracker_get_n_calls (f->tracker), ==, 2);
  g_assert_true (fd_call_tracker_lookup (f->tracker, "c-talk") == f->talk);
  g_assert_true (fd_call_tracker_lookup (f->tracker, "c-ring") == f->ring);
}

static void
assert_memory (Fixture    *f,
               gsize       before,
               gsize       slack,
               const char *phase)
{
  gssize growth = (gssize) f->rss_max - (gssize) before;

  g_test_message ("%s: RSS %+.2f MiB over the %s (from %.1f MiB)", f->fc->name, mib (growth),
                  phase, mib (before));
  g_assert_cmpuint (before, >, 0);
  if (check_rss)
    g_assert_cmpint (growth, <=, (gssize) slack);
}

/* After clearing, nothing is called: the poller's own timer must bring it
 * back within its current backoff, one interval and half a second. Then a
 * few more good polls must start and end nothing. */
static double
recover_by_itself (Fixture *f,
                   double   backoff)
{
  double bound = backoff + 0.05 + INTERVAL + 0.5;   /* the delay is logged to 0.1 s */
  double took;

  set_fault (f, FAULT_NONE);
  took = wait_for (f, is_up, f->n_good_snapshots + 1, bound, "recovery by itself");
  g_test_message ("%s: back online by itself after %.3f s (bound %.2f s: backoff %.1f s)",
                  f->fc->name, took, bound, backoff);
  wait_for (f, is_up, f->n_good_snapshots + 2, REACH_SECONDS, "good polls after recovery");
  g_assert_null (fd_poller_get_last_error (f->poller));
  return took;
}

static double
recover_by_poll_now (Fixture *f)
{
  double took;

  set_fault (f, FAULT_NONE);
  fd_poller_poll_now (f->poller);
  took = wait_for (f, is_up, f->n_good_snapshots + 1, INTERVAL, "recovery by poll_now");
  g_test_message ("%s: back online after fd_poller_poll_now() in %.3f s", f->fc->name, took);
  g_assert_null (fd_poller_get_last_error (f->poller));
  return took;
}

static void
failure_phase_passive (Fixture *f)
{
  const FaultCase *fc = f->fc;
  guint failures = fc->slow ? PASSIVE_FAILURES_SLOW : PASSIVE_FAILURES;
  double reach = REACH_SECONDS + (fc->slow ? SLOW_EXTRA : 0);
  gsize rss_before = rss_bytes ();
  double took;

  f->rss_max = rss_before;
  f->n_online_entries = 0;
  set_fault (f, fc->fault);
  took = wait_for (f, has_failed, 1, reach, "fault state");
  g_test_message ("%s: %s after %.3f s", fc->name, fd_connection_state_to_string (fc->state), took);
  assert_sentence (f);
  /* A few more failed polls: the poller backs off, the state holds. */
  wait_for (f, has_failed, failures, reach * failures, "repeated failures");
  assert_sentence (f);
  g_assert_cmpuint (f->n_online_entries, ==, 0);
  assert_calls_kept (f);
  assert_no_leak (f);
  assert_memory (f, rss_before, RSS_SLACK_FIRST, "first fault phase");

  recover_by_itself (f, f->last_delay);
  assert_calls_kept (f);
}

/* Now that the error paths are warm: many failed polls in a row, driven
 * by fd_poller_poll_now() so the backoff costs no time, must not make the
 * process grow. */
static void
failure_phase_hammer (Fixture *f)
{
  const FaultCase *fc = f->fc;
  guint polls = fc->slow ? HAMMER_POLLS_SLOW : HAMMER_POLLS;
  double reach = REACH_SECONDS + (fc->slow ? SLOW_EXTRA : 0);
  gsize rss_before;

  f->n_online_entries = 0;
  set_fault (f, fc->fault);
  wait_for (f, has_failed, 1, reach, "fault state again");
  /* The good polls in between reset the backoff: this is a first failure. */
  g_assert_cmpuint (f->failures_in_row, ==, 1);
  rss_before = rss_bytes ();
  f->rss_max = rss_before;
  for (guint i = 0; i < polls; i++)
    {
      fd_poller_poll_now (f->poller);
      wait_for (f, n_failures_reached, f->n_failures + 1, reach, "failed poll on demand");
    }
  g_assert_cmpint (fd_poller_get_state (f->poller), ==, fc->state);
  assert_sentence (f);
  g_assert_cmpuint (f->n_online_entries, ==, 0);
  assert_calls_kept (f);
  assert_no_leak (f);
  assert_memory (f, rss_before, RSS_SLACK_AGAIN, "repeated fault phase");

  recover_by_poll_now (f);
  assert_calls_kept (f);
}

/* The only events a good-but-odd snapshot may cause. */
static const char *
expected_events (Fault fault,
                 gboolean entering)
{
  if (fault != FAULT_UNKNOWN_STATE)
    return "";
  return entering ? "changed:c-talk:InCall>" UNKNOWN_STATE ";"
                  : "changed:c-talk:" UNKNOWN_STATE ">InCall;";
}

/* An unknown state is kept as it is, a duplicate CallId is one call: both
 * online, with exactly the right events and no flapping across polls. */
static void
assert_odd_snapshot_applied (Fixture *f)
{
  g_assert_cmpint (fd_poller_get_state (f->poller), ==, FD_CONNECTION_ONLINE);
  g_assert_null (fd_poller_get_last_error (f->poller));
  g_assert_cmpuint (fd_call_tracker_get_n_calls (f->tracker), ==, 2);
  g_assert_true (fd_call_tracker_lookup (f->tracker, "c-talk") == f->talk);
  g_assert_true (fd_call_tracker_lookup (f->tracker, "c-ring") == f->ring);
  g_assert_cmpstr (f->events->str, ==, expected_events (f->fc->fault, TRUE));
  if (f->fc->fault == FAULT_UNKNOWN_STATE)
    g_assert_cmpstr (fd_call_get_state (f->talk), ==, UNKNOWN_STATE);
  else
    g_assert_cmpstr (fd_call_get_state (f->ring), ==, FD_CALL_STATE_RINGING);
}

static void
snapshot_phase (Fixture  *f,
                gboolean  hammer)
{
  const FaultCase *fc = f->fc;
  gsize rss_before = rss_bytes ();
  guint polls = hammer ? HAMMER_POLLS : 3;
  double took;

  f->rss_max = rss_before;
  f->n_fault_snapshots = 0;
  set_fault (f, fc->fault);
  took = wait_for (f, fault_snapshots_reached, 1, REACH_SECONDS, "odd snapshot");
  g_test_message ("%s: applied after %.3f s, events \"%s\"", fc->name, took, f->events->str);
  assert_odd_snapshot_applied (f);
  for (guint i = 0; i < polls; i++)
    {
      if (hammer)
        fd_poller_poll_now (f->poller);
      wait_for (f, fault_snapshots_reached, f->n_fault_snapshots + 1, REACH_SECONDS, "odd snapshot again");
    }
  assert_odd_snapshot_applied (f);
  assert_memory (f, rss_before, hammer ? RSS_SLACK_AGAIN : RSS_SLACK_FIRST,
                 hammer ? "repeated odd snapshots" : "first odd snapshots");

  g_string_truncate (f->events, 0);
  if (hammer)
    recover_by_poll_now (f);
  else
    recover_by_itself (f, 0);
  g_assert_cmpstr (f->events->str, ==, expected_events (fc->fault, FALSE));
  g_string_truncate (f->events, 0);
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  bring_up (f);
  if (f->fc->kind == KIND_FAILURE)
    {
      failure_phase_passive (f);
      failure_phase_hammer (f);
    }
  else
    {
      snapshot_phase (f, FALSE);
      snapshot_phase (f, TRUE);
    }
  g_assert_cmpstr (f->events->str, ==, "");
}

static void
set_instrumentation (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");
  const char *scale = g_getenv ("FRONTDESK_TEST_TIME_SCALE");
  gboolean valgrind = preload != NULL && strstr (preload, "vgpreload") != NULL;

  if (valgrind)
    time_scale = 20.0;
  if (scale != NULL && g_ascii_strtod (scale, NULL) >= 1.0)
    time_scale = g_ascii_strtod (scale, NULL);
  check_rss = !BUILT_WITH_ASAN && !valgrind;
  if (time_scale != 1.0 || !check_rss)
    g_test_message ("instrumented run: deadlines times %g, resident memory %s", time_scale,
                    check_rss ? "checked" : "only reported");
}

int
fault_matrix_run (int               *argc,
                  char            ***argv,
                  const FaultCase   *cases,
                  guint              n_cases)
{
  int status;

  g_log_set_writer_func (capture_log, NULL, NULL);
  g_log_set_debug_enabled (TRUE);
  g_test_init (argc, argv, NULL);
  test_log_handler = g_log_set_default_handler (capture_old_log, NULL);
  set_instrumentation ();
  make_bodies ();

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("/frontdesk/fault-matrix/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], setup, test_fault, teardown);
    }

  status = g_test_run ();
  free_bodies ();
  return status;
}
