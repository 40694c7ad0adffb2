/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdFuzzPipeline"

#include "config.h"

#include "fuzz-pipeline.h"

#include "fd-call-tracker.h"
#include "fd-error.h"
#include "fd-json.h"
#include "fd-parser.h"

#include <string.h>

/*
 * The whole snapshot pipeline on untrusted bytes: fd_parser_parse() ->
 * fd_response_check() -> FdCallTracker -> JSON. Shared by the libFuzzer
 * target and test-fuzz-regressions, so a finding replays exactly. Besides
 * the sanitizers' own checks it asserts what the rest of the program relies
 * on: an error is one valid UTF-8 line, a response always has a call
 * array, the tracker holds exactly the snapshot's distinct CallIds, its
 * signals balance, and the JSON it formats is valid UTF-8 on one line.
 */

typedef struct {
  FdCallTracker *tracker;
  GPtrArray     *previous;   /* the last good snapshot, element-type FdCall */
  guint64        started;
  guint64        ended;
} Fuzz;

static Fuzz fuzz;

static void
on_call_started (FdCallTracker *tracker,
                 FdCall        *call,
                 gpointer       user_data)
{
  fuzz.started++;
}

static void
on_call_ended (FdCallTracker *tracker,
               FdCall        *call,
               FdCallOutcome  outcome,
               gpointer       user_data)
{
  g_assert_nonnull (fd_call_outcome_to_string (outcome));
  fuzz.ended++;
}

void
fuzz_pipeline_init (void)
{
  fuzz.tracker = fd_call_tracker_new ();
  fuzz.previous = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fuzz.tracker, "call-started", G_CALLBACK (on_call_started), NULL);
  g_signal_connect (fuzz.tracker, "call-ended", G_CALLBACK (on_call_ended), NULL);
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* One sentence: the log and the tray tooltip show it on one line. */
  g_assert_null (strchr (error->message, '\n'));
}

static void
check_json (FdCall *call)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *display = NULL;

  fd_json_append_call (out, call);
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
  g_assert_cmpint (out->str[0], ==, '{');
  g_assert_cmpint (out->str[out->len - 1], ==, '}');
  /* Raw control characters would break the one-object-per-line stream. */
  for (gsize i = 0; i < out->len; i++)
    g_assert_cmpuint ((guchar) out->str[i], >=, 0x20);

  /* The call window shows and filters on these. */
  display = fd_call_dup_caller_display (call);
  g_assert_true (display == NULL || g_utf8_validate (display, -1, NULL));
  g_assert_true (fd_call_matches (call, fd_call_get_id (call)));
}

/* How many distinct CallIds @calls holds; each is valid UTF-8. */
static guint
count_distinct (GPtrArray *calls)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < calls->len; i++)
    {
      const char *id = fd_call_get_id (g_ptr_array_index (calls, i));

      g_assert_nonnull (id);
      g_assert_true (g_utf8_validate (id, -1, NULL));
      g_hash_table_add (ids, (char *) id);
    }
  return g_hash_table_size (ids);
}

static void
apply_and_check (GPtrArray *calls,
                 guint      n_distinct)
{
  fd_call_tracker_apply (fuzz.tracker, calls);
  g_assert_cmpuint (fd_call_tracker_get_n_calls (fuzz.tracker), ==, n_distinct);
  g_assert_cmpuint (fuzz.started - fuzz.ended, ==, n_distinct);
  for (guint i = 0; i < calls->len; i++)
    {
      FdCall *call = g_ptr_array_index (calls, i);

      g_assert_nonnull (fd_call_tracker_lookup (fuzz.tracker, fd_call_get_id (call)));
    }
}

static void
track (GPtrArray *calls)
{
  guint n_distinct = count_distinct (calls);
  guint n_previous = count_distinct (fuzz.previous);
  g_autoptr(GPtrArray) tracked = NULL;

  /* This snapshot, the one before, this one again: every call starts,
   * changes or ends at least once. */
  apply_and_check (calls, n_distinct);
  apply_and_check (fuzz.previous, n_previous);
  apply_and_check (calls, n_distinct);

  for (guint i = 0; i < calls->len; i++)
    check_json (g_ptr_array_index (calls, i));
  tracked = fd_call_tracker_dup_calls (fuzz.tracker);
  for (guint i = 0; i < tracked->len; i++)
    check_json (g_ptr_array_index (tracked, i));

  g_ptr_array_unref (fuzz.previous);
  fuzz.previous = g_ptr_array_ref (calls);
}

void
fuzz_pipeline_clear (void)
{
  g_clear_object (&fuzz.tracker);
  g_clear_pointer (&fuzz.previous, g_ptr_array_unref);
  fuzz.started = fuzz.ended = 0;
}

void
fuzz_pipeline_run (const guint8 *data,
                   gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = NULL;

  response = fd_parser_parse ((const char *) data, size, &error);
  if (response == NULL)
    {
      check_error (error);
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (response->calls);
  g_assert_true (response->message == NULL ||
                 g_utf8_validate (response->message, -1, NULL));

  if (!fd_response_check (response, &error))
    {
      check_error (error);
      g_assert_true (error->domain == FD_API_ERROR);
      g_assert_cmpint (error->code, ==, response->code);
      return;
    }
  track (response->calls);
}
