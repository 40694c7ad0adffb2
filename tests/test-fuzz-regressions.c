/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz/fuzz-pipeline.h"

#include <string.h>

/*
 * Replays every input the fuzzer ever failed on (tests/data/fuzz-regressions)
 * through the same pipeline and invariants as the fuzz target: each must
 * end as a clean error or a response, never a crash or a broken assertion.
 * Each file is its own test case, so a failure names it.
 */

#define REGRESSIONS_DIR TEST_DATA_DIR "/fuzz-regressions"

static void
test_replay (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  fuzz_pipeline_run ((const guint8 *) contents, length);
}

/* Each input once more in one pass, so the tracker also sees every pair of
 * neighbours, as in a fuzzing run. */
static void
test_all_in_sequence (gconstpointer data)
{
  GPtrArray *paths = (GPtrArray *) data;

  for (guint i = 0; i < paths->len; i++)
    test_replay (g_ptr_array_index (paths, i));
}

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_regressions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (REGRESSIONS_DIR, 0, &error);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_prefix (name, "README"))
      g_ptr_array_add (paths, g_build_filename (REGRESSIONS_DIR, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  paths = list_regressions ();
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test_path = g_strdup_printf ("/frontdesk/fuzz-regressions/%s", base);

      g_test_add_data_func (test_path, path, test_replay);
    }
  g_test_add_data_func ("/frontdesk/fuzz-regressions/all-in-sequence", paths,
                        test_all_in_sequence);

  fuzz_pipeline_init ();
  status = g_test_run ();
  fuzz_pipeline_clear ();
  return status;
}
