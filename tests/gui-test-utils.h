/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdlib.h>

/* Sanitizer and valgrind runs are several times slower: they stretch every
 * deadline with FRONTDESK_TEST_TIME_SCALE (the fault matrix reads it too). */
static inline double
fd_test_time_scale (void)
{
  const char *scale = g_getenv ("FRONTDESK_TEST_TIME_SCALE");
  double value = scale != NULL ? g_ascii_strtod (scale, NULL) : 1.0;

  return value >= 1.0 ? value : 1.0;
}

static inline gboolean
fd_test_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until @cond holds; fails the test
 * after @seconds. A 20 ms tick keeps the loop looking at @cond even when
 * the awaited change happens on another thread. */
#define FD_TEST_WAIT_FOR(cond, seconds)                                          \
  G_STMT_START {                                                                 \
    gint64 fd_test_end_ = g_get_monotonic_time () +                              \
      (gint64) ((seconds) * fd_test_time_scale () * G_USEC_PER_SEC);             \
    guint fd_test_wake_id_ = g_timeout_add (20, fd_test_wake, NULL);             \
    while (!(cond))                                                              \
      {                                                                          \
        if (g_get_monotonic_time () > fd_test_end_)                              \
          g_error ("%s:%d: timed out after %g s waiting for %s",                 \
                   __FILE__, __LINE__, (double) (seconds), #cond);               \
        g_main_context_iteration (NULL, TRUE);                                   \
      }                                                                          \
    g_source_remove (fd_test_wake_id_);                                          \
  } G_STMT_END
