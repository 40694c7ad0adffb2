/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What test-parser and test-parser-errors share: loading a fixture from
 * tests/data, parsing it, and the assertions on calls, times and errors. */

#include "fd-error.h"
#include "fd-parser.h"

#include <glib.h>
#include <string.h>


static inline GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static inline FdResponse *
parse_fixture (const char *name)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  FdResponse *response;

  g_test_message ("parsing %s", name);
  response = fd_parser_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_nonnull (response->calls);
  return response;
}

static inline GError *
parse_fixture_error (const char *name)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  GError *error = NULL;
  FdResponse *response;

  g_test_message ("parsing %s", name);
  response = fd_parser_parse_bytes (bytes, &error);
  g_assert_null (response);
  g_assert_nonnull (error);
  return error;
}

static inline GError *
parse_text_error (const char *text)
{
  GError *error = NULL;
  FdResponse *response;

  response = fd_parser_parse (text, strlen (text), &error);
  g_assert_null (response);
  g_assert_nonnull (error);
  return error;
}

static inline FdCall *
call_at (FdResponse *response,
         guint       index)
{
  g_assert_cmpuint (index, <, response->calls->len);
  return g_ptr_array_index (response->calls, index);
}

/* Like g_assert_cmpstr, but "the message contains". */
#define assert_error_says(error, error_domain, error_code, fragment) \
  G_STMT_START { \
    const GError *_e = (error); \
    const char *_f = (fragment); \
    g_assert_error (_e, error_domain, error_code); \
    if (strstr (_e->message, _f) == NULL) \
      g_assertion_message_cmpstr (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                                  "error message contains fragment", \
                                  _e->message, "contains", _f); \
  } G_STMT_END

#define assert_parse_error_says(error, fragment) \
  assert_error_says (error, FD_ERROR, FD_ERROR_PARSE, fragment)

#define assert_call_is(call, id, state, source, caller_id, destination) \
  G_STMT_START { \
    FdCall *_c = (call); \
    g_assert_true (FD_IS_CALL (_c)); \
    g_assert_cmpstr (fd_call_get_id (_c), ==, (id)); \
    g_assert_cmpstr (fd_call_get_state (_c), ==, (state)); \
    g_assert_cmpstr (fd_call_get_source (_c), ==, (source)); \
    g_assert_cmpstr (fd_call_get_caller_id (_c), ==, (caller_id)); \
    g_assert_cmpstr (fd_call_get_destination (_c), ==, (destination)); \
  } G_STMT_END

#define assert_durations(call, ring, talk) \
  G_STMT_START { \
    g_assert_cmpfloat_with_epsilon (fd_call_get_ring_seconds (call), (ring), 1e-9); \
    g_assert_cmpfloat_with_epsilon (fd_call_get_talk_seconds (call), (talk), 1e-9); \
  } G_STMT_END

/* NULL for "no time", else "yyyy-mm-ddThh:mm:ss.ffffff+hh:mm". */
static inline char *
format_time (GDateTime *time)
{
  if (time == NULL)
    return NULL;
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%f%:z");
}

#define assert_time_is(time, expected) \
  G_STMT_START { \
    g_autofree char *_formatted = format_time (time); \
    g_assert_cmpstr (_formatted, ==, (expected)); \
  } G_STMT_END

#define assert_start_time(call, raw, expected) \
  G_STMT_START { \
    g_assert_cmpstr (fd_call_get_start_time_raw (call), ==, (raw)); \
    assert_time_is (fd_call_get_start_time (call), (expected)); \
  } G_STMT_END

/* The expected reading of a zone-less Ozeki 10 time, whatever TZ is. */
static inline char *
format_local (int year,
              int month,
              int day,
              int hour,
              int minute,
              int second)
{
  g_autoptr(GDateTime) local = g_date_time_new_local (year, month, day, hour, minute, second);

  return format_time (local);
}
