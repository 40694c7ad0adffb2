/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-tracker.h"

#include <string.h>

/* Records every signal as one line, so a whole sequence is compared at once. */
typedef struct {
  FdCallTracker *tracker;
  GString       *log;
  GHashTable    *objects;  /* CallId -> FdCall seen in call-started */
} Fixture;

static void
on_started (FdCallTracker *tracker,
            FdCall        *call,
            Fixture       *f)
{
  g_string_append_printf (f->log, "started %s %s;", fd_call_get_id (call), fd_call_get_state (call));
  g_hash_table_insert (f->objects, g_strdup (fd_call_get_id (call)), call);
}

static void
on_changed (FdCallTracker *tracker,
            FdCall        *call,
            const char    *previous,
            Fixture       *f)
{
  g_string_append_printf (f->log, "changed %s %s>%s;", fd_call_get_id (call), previous,
                          fd_call_get_state (call));
  /* Views key rows on the object: it must stay the same for the call's life. */
  g_assert_true (g_hash_table_lookup (f->objects, fd_call_get_id (call)) == call);
}

static void
on_updated (FdCallTracker *tracker,
            FdCall        *call,
            Fixture       *f)
{
  g_string_append_printf (f->log, "updated %s;", fd_call_get_id (call));
}

static void
on_ended (FdCallTracker *tracker,
          FdCall        *call,
          int            outcome,
          Fixture       *f)
{
  g_string_append_printf (f->log, "ended %s %s;", fd_call_get_id (call),
                          fd_call_outcome_to_string (outcome));
  g_hash_table_remove (f->objects, fd_call_get_id (call));
}

static void
on_withdrawn (FdCallTracker *tracker,
              FdCall        *call,
              Fixture       *f)
{
  g_string_append_printf (f->log, "withdrawn %s;", fd_call_get_id (call));
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->tracker = fd_call_tracker_new ();
  f->log = g_string_new (NULL);
  f->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (f->tracker, "call-started", G_CALLBACK (on_started), f);
  g_signal_connect (f->tracker, "call-changed", G_CALLBACK (on_changed), f);
  g_signal_connect (f->tracker, "call-updated", G_CALLBACK (on_updated), f);
  g_signal_connect (f->tracker, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->tracker, "call-withdrawn", G_CALLBACK (on_withdrawn), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->tracker);
  g_string_free (f->log, TRUE);
  g_hash_table_unref (f->objects);
}

static FdCall *
make_call (const char *id,
           const char *state,
           double      ring,
           double      talk)
{
  FdCall *call = fd_call_new (id);

  fd_call_set_state (call, state);
  fd_call_set_source (call, "1000");
  fd_call_set_destination (call, "1001");
  fd_call_set_ring_seconds (call, ring);
  fd_call_set_talk_seconds (call, talk);
  return call;
}

/* "a:Ringing:2:0 b:InCall:1:5" -> a snapshot */
static GPtrArray *
snapshot (const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);
  GPtrArray *calls = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (*items[i] == '\0')
        continue;
      parts = g_strsplit (items[i], ":", 4);
      g_assert_cmpuint (g_strv_length (parts), ==, 4);
      g_ptr_array_add (calls, make_call (parts[0], parts[1], g_ascii_strtod (parts[2], NULL),
                                         g_ascii_strtod (parts[3], NULL)));
    }
  return calls;
}

static void
apply (Fixture    *f,
       const char *spec)
{
  g_autoptr(GPtrArray) calls = snapshot (spec);

  fd_call_tracker_apply (f->tracker, calls);
}

#define assert_log(f, expected) G_STMT_START { \
    g_assert_cmpstr ((f)->log->str, ==, (expected)); \
    g_string_truncate ((f)->log, 0); \
  } G_STMT_END

static void
test_answered (Fixture *f, gconstpointer data)
{
  apply (f, "a:Ringing:0:0");
  assert_log (f, "started a Ringing;");
  apply (f, "a:Ringing:1:0");
  assert_log (f, "updated a;");
  apply (f, "a:InCall:2:0");
  assert_log (f, "changed a Ringing>InCall;");
  apply (f, "a:InCall:2:0");
  assert_log (f, "");
  apply (f, "");
  assert_log (f, "ended a answered;");
  g_assert_cmpuint (fd_call_tracker_get_n_calls (f->tracker), ==, 0);
}

static void
test_missed (Fixture *f, gconstpointer data)
{
  apply (f, "a:Ringing:0:0");
  apply (f, "a:Ringing:5:0");
  apply (f, "a:Ringing:10:0");
  g_string_truncate (f->log, 0);
  apply (f, "");
  assert_log (f, "ended a missed;");
}

static void
test_hold_resume (Fixture *f, gconstpointer data)
{
  apply (f, "a:InCall:2:3");
  apply (f, "a:Hold:2:4");
  apply (f, "a:InCall:2:5");
  apply (f, "");
  assert_log (f, "started a InCall;changed a InCall>Hold;changed a Hold>InCall;ended a answered;");
}

/* Talk time above zero proves an answer even in a state we do not know. */
static void
test_talk_time_means_answered (Fixture *f, gconstpointer data)
{
  apply (f, "a:Parked:1:0");
  apply (f, "a:Parked:1:7");
  apply (f, "");
  assert_log (f, "started a Parked;updated a;ended a answered;");
}

/* States nobody documented are passed through, each change reported with
 * the right previous state, however many different ones a PBX invents. */
static void
test_unknown_states (Fixture *f, gconstpointer data)
{
  apply (f, "a:Parked:1:0");
  apply (f, "a:Queued-7:1:0");
  apply (f, "a:Queued-8:1:0");
  apply (f, "a:Queued-8:2:0");
  assert_log (f, "started a Parked;changed a Parked>Queued-7;changed a Queued-7>Queued-8;updated a;");
}

static void
test_busy_is_missed (Fixture *f, gconstpointer data)
{
  apply (f, "a:Ringing:0:0");
  apply (f, "a:Busy:20:0");
  apply (f, "");
  assert_log (f, "started a Ringing;changed a Ringing>Busy;ended a missed;");
}

/* Nothing but good snapshots reaches the tracker: a blip is simply the
 * absence of an apply, and the next snapshot reconciles. */
static void
test_blip (Fixture *f, gconstpointer data)
{
  apply (f, "a:Ringing:0:0 b:InCall:3:10");
  g_string_truncate (f->log, 0);
  /* … three failed polls: no apply … */
  apply (f, "a:InCall:4:1 b:InCall:3:14 c:Ringing:0:0");
  assert_log (f, "changed a Ringing>InCall;updated b;started c Ringing;");
}

static void
test_duplicate_id (Fixture *f, gconstpointer data)
{
  apply (f, "a:Ringing:0:0 a:InCall:0:5");
  assert_log (f, "started a Ringing;");
  g_assert_cmpuint (fd_call_tracker_get_n_calls (f->tracker), ==, 1);
  apply (f, "a:Ringing:1:0 a:InCall:0:5");
  assert_log (f, "updated a;");
}

static void
test_many (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  guint started = 0, ended = 0;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_ptr_array_add (first, make_call (id, "Ringing", 0, 0));
      if (i % 10 != 0)
        g_ptr_array_add (second, make_call (id, "Ringing", 0, 0));
    }
  fd_call_tracker_apply (f->tracker, first);
  fd_call_tracker_apply (f->tracker, second);
  for (const char *p = f->log->str; (p = strstr (p, "started")) != NULL; p++)
    started++;
  for (const char *p = f->log->str; (p = strstr (p, "ended")) != NULL; p++)
    ended++;
  g_assert_cmpuint (started, ==, 5000);
  g_assert_cmpuint (ended, ==, 500);
  g_assert_cmpuint (fd_call_tracker_get_n_calls (f->tracker), ==, 4500);
}

static void
test_lookup_and_clear (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) calls = NULL;

  apply (f, "a:Ringing:0:0 b:InCall:0:0");
  g_assert_nonnull (fd_call_tracker_lookup (f->tracker, "a"));
  g_assert_null (fd_call_tracker_lookup (f->tracker, "zz"));
  g_assert_true (fd_call_tracker_was_answered (f->tracker, "b"));
  g_assert_false (fd_call_tracker_was_answered (f->tracker, "a"));
  calls = fd_call_tracker_dup_calls (f->tracker);
  g_assert_cmpuint (calls->len, ==, 2);
  g_string_truncate (f->log, 0);
  fd_call_tracker_clear (f->tracker);
  g_assert_cmpuint (fd_call_tracker_get_n_calls (f->tracker), ==, 0);
  /* Another PBX: the old calls are withdrawn, never ended (so never
   * missed), in the tracker's hash order. */
  g_assert_nonnull (strstr (f->log->str, "withdrawn a;"));
  g_assert_nonnull (strstr (f->log->str, "withdrawn b;"));
  g_assert_null (strstr (f->log->str, "ended"));
  g_assert_cmpuint (strlen (f->log->str), ==, strlen ("withdrawn a;withdrawn b;"));
  g_string_truncate (f->log, 0);
  /* The new PBX's first snapshot ends nothing of the old one's. */
  apply (f, "c:Ringing:0:0");
  assert_log (f, "started c Ringing;");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/frontdesk/tracker/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("answered", test_answered);
  ADD ("missed", test_missed);
  ADD ("hold-resume", test_hold_resume);
  ADD ("talk-time-means-answered", test_talk_time_means_answered);
  ADD ("busy-is-missed", test_busy_is_missed);
  ADD ("unknown-states", test_unknown_states);
  ADD ("blip", test_blip);
  ADD ("duplicate-id", test_duplicate_id);
  ADD ("many", test_many);
  ADD ("lookup-and-clear", test_lookup_and_clear);
#undef ADD

  return g_test_run ();
}
