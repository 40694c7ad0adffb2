/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-error.h"
#include "fd-parser.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <math.h>
#include <string.h>
#include <unistd.h>

/* ---- Helpers and assertion macros -------------------------------------- */

static GBytes *
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

static FdResponse *
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

static GError *
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

static GError *
parse_text_error (const char *text)
{
  GError *error = NULL;
  FdResponse *response;

  response = fd_parser_parse (text, strlen (text), &error);
  g_assert_null (response);
  g_assert_nonnull (error);
  return error;
}

static FdCall *
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
static char *
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
static char *
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

/* ---- The documented examples ------------------------------------------- */

static void
test_xe_example (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-example.xml");
  FdCall *call;

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpstr (response->message, ==, "Command successfully executed");
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_XE);
  g_assert_cmpuint (response->calls->len, ==, 1);

  call = call_at (response, 0);
  assert_call_is (call, "uteom", "InCall", "1000", "John Smith", "1001");
  assert_start_time (call, "2013-07-01T10:49:07.9558+02:00", "2013-07-01T10:49:07.955800+02:00");
  assert_durations (call, 2, 956);
  g_assert_null (fd_call_get_caller_dialed (call));
  g_assert_null (fd_call_get_callee_dialed (call));
  g_assert_cmpstr (fd_call_get_state (call), ==, FD_CALL_STATE_IN_CALL);
}

static void
test_ozeki10_example (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("ozeki10-example.xml");
  g_autofree char *first_local = format_local (2019, 4, 9, 10, 34, 7);
  g_autofree char *second_local = format_local (2019, 4, 9, 10, 33, 51);
  FdCall *call;

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_OZEKI10);
  g_assert_cmpuint (response->calls->len, ==, 2);

  call = call_at (response, 0);
  assert_call_is (call, "1vQHKd", "Ringing", "103", "103", "101");
  g_assert_cmpstr (fd_call_get_caller_dialed (call), ==, "101");
  g_assert_cmpstr (fd_call_get_callee_dialed (call), ==, "101");
  assert_start_time (call, "2019-04-09 10:34:07", first_local);
  assert_durations (call, 0.749, 0.0);
  g_assert_true (fd_call_is_ringing (call));

  call = call_at (response, 1);
  assert_call_is (call, "1zS1b3", "InCall", "104", "104", "105@localhost");
  g_assert_cmpstr (fd_call_get_caller_dialed (call), ==, "105");
  g_assert_cmpstr (fd_call_get_callee_dialed (call), ==, "105@localhost");
  assert_start_time (call, "2019-04-09 10:33:51", second_local);
  assert_durations (call, 3.215, 12.48);
}

/* The test environment sets TZ=Europe/Budapest: April is summer time. */
static void
test_ozeki10_local_zone (void)
{
  g_autoptr(FdResponse) response = NULL;
  GDateTime *start;

  if (g_strcmp0 (g_getenv ("TZ"), "Europe/Budapest") != 0)
    {
      g_test_skip ("needs TZ=Europe/Budapest");
      return;
    }
  response = parse_fixture ("ozeki10-example.xml");
  start = fd_call_get_start_time (call_at (response, 0));
  g_assert_nonnull (start);
  g_assert_cmpint (g_date_time_get_utc_offset (start), ==, 2 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_to_unix (start), ==, 1554798847);   /* 08:34:07 UTC */
}

/* ---- Shapes of a good answer ------------------------------------------- */

static void
test_namespaces (void)
{
  const char *fixtures[] = {
    "xe-namespaces.xml", "xe-namespaces-misspelt.xml", "xe-default-namespace.xml",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(FdResponse) response = parse_fixture (fixtures[i]);

      g_assert_cmpint (response->code, ==, 200);
      g_assert_cmpstr (response->message, ==, "Command successfully executed");
      g_assert_cmpint (response->dialect, ==, FD_DIALECT_XE);
      g_assert_cmpuint (response->calls->len, ==, 2);
      assert_call_is (call_at (response, 0), "uteom", "InCall", "1000", "John Smith", "1001");
      assert_call_is (call_at (response, 1), "23Xdz7", "Ringing", "1002", "Thomas M.", "1003");
      assert_start_time (call_at (response, 1), "2013-07-01T11:02:41.12+02:00",
                         "2013-07-01T11:02:41.120000+02:00");
    }
}

static void
test_prefixed (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-prefixed.xml");
  FdCall *call;

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpuint (response->calls->len, ==, 1);
  call = call_at (response, 0);
  assert_call_is (call, "XzeOK", "Hold", "1004", "Anna B.", "1005");
  assert_start_time (call, "2013-07-01T09:15:00.5+02:00", "2013-07-01T09:15:00.500000+02:00");
  assert_durations (call, 7, 120);
}

static void
test_reordered (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-reordered.xml");
  FdCall *call;

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpstr (response->message, ==, "Command successfully executed");
  g_assert_cmpuint (response->calls->len, ==, 2);

  call = call_at (response, 0);
  assert_call_is (call, "uteom", "InCall", "1000", "John Smith", "1001");
  assert_start_time (call, "2013-07-01T10:49:07.9558+02:00", "2013-07-01T10:49:07.955800+02:00");
  assert_durations (call, 2, 956);

  call = call_at (response, 1);
  assert_call_is (call, "H2Wwb", "Ringing", "1002", "Thomas M.", "1003");
  assert_start_time (call, "2013-07-01T10:59:30.001+02:00", "2013-07-01T10:59:30.001000+02:00");
  assert_durations (call, 5, 0);
}

static void
test_code_after (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-code-after.xml");

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpstr (response->message, ==, "Command successfully executed");
  g_assert_cmpuint (response->calls->len, ==, 1);
  assert_call_is (call_at (response, 0), "uteom", "InCall", "1000", "John Smith", "1001");
}

static void
test_empty_lists (void)
{
  const char *fixtures[] = {
    "empty-self-closing.xml", "empty-missing.xml", "empty-whitespace.xml",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(FdResponse) response = parse_fixture (fixtures[i]);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (response->code, ==, 200);
      g_assert_cmpstr (response->message, ==, "Command successfully executed");
      g_assert_cmpuint (response->calls->len, ==, 0);
      g_assert_cmpint (response->dialect, ==, FD_DIALECT_UNKNOWN);
      g_assert_true (fd_response_check (response, &error));
      g_assert_no_error (error);
    }
}

static void
test_bom (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-bom.xml");

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpuint (response->calls->len, ==, 1);
  assert_call_is (call_at (response, 0), "uteom", "InCall", "1000", "John Smith", "1001");
}

static void
test_cdata (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-cdata.xml");

  g_assert_cmpuint (response->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_caller_id (call_at (response, 0)), ==, "Smith & Sons <Ltd.>");
  g_assert_cmpstr (fd_call_get_caller_id (call_at (response, 1)), ==, "Mixed & matched text");
}

static void
test_unknown_elements (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-unknown-elements.xml");
  FdCall *call;

  /* Not the <Code>999</Code> nor the calls hidden in unknown elements. */
  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpstr (response->message, ==, "Command successfully executed");
  g_assert_cmpuint (response->calls->len, ==, 1);
  call = call_at (response, 0);
  assert_call_is (call, "uteom", "InCall", "1000", "John Smith", "1001");
  assert_start_time (call, "2013-07-01T10:49:07.9558+02:00", "2013-07-01T10:49:07.955800+02:00");
  assert_durations (call, 2, 956);
}

static void
test_unknown_state (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-unknown-state.xml");
  FdCall *call;

  g_assert_cmpuint (response->calls->len, ==, 1);
  call = call_at (response, 0);
  assert_call_is (call, "270Okv", "Parked", "1000", "John Smith", "1001");
  g_assert_false (fd_call_is_ringing (call));
  g_assert_false (fd_call_state_is_answered (fd_call_get_state (call)));
}

static void
test_non_ascii (void)
{
  g_autoptr(FdResponse) utf8 = parse_fixture ("xe-utf8.xml");
  g_autoptr(FdResponse) latin1 = parse_fixture ("xe-latin1.xml");

  g_assert_cmpuint (utf8->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_caller_id (call_at (utf8, 0)), ==, "Zolt\u00e1n Kov\u00e1cs");
  g_assert_cmpstr (fd_call_get_caller_id (call_at (utf8, 1)), ==, "\u00c6r\u00f8sk\u00f8bing \u6771\u4eac");

  /* Declared ISO-8859-1 comes out as UTF-8. */
  g_assert_cmpuint (latin1->calls->len, ==, 1);
  g_assert_cmpstr (fd_call_get_caller_id (call_at (latin1, 0)), ==, "Zolt\u00e1n Kov\u00e1cs");
}

/* Nothing Ozeki sends, but XML allows it and libxml2 reads it. */
static void
test_utf16 (void)
{
  g_autoptr(GBytes) utf8 = load_fixture ("xe-utf8.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *with_bom = NULL;
  gsize length;

  utf16 = g_convert (g_bytes_get_data (utf8, NULL), g_bytes_get_size (utf8),
                     "UTF-16LE", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  with_bom = g_malloc (length + 2);
  memcpy (with_bom, "\xFF\xFE", 2);
  memcpy (with_bom + 2, utf16, length);

  response = fd_parser_parse (with_bom, length + 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_caller_id (call_at (response, 0)), ==, "Zolt\u00e1n Kov\u00e1cs");
}

/* The .NET habit: declared utf-16, sent as UTF-8. Read by the bytes. */
static void
test_utf16_declared_utf8 (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-utf16-declared-utf8.xml");

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpuint (response->calls->len, ==, 1);
  assert_call_is (call_at (response, 0), "uteom", "InCall", "1000", "Kov\u00e1cs Anna", "1001");
}

/* Real UTF-16 with a BOM and an honest declaration still parses. */
static void
test_utf16_bom_fixture (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-utf16-bom.xml");

  g_assert_cmpuint (response->calls->len, ==, 1);
  g_assert_cmpstr (fd_call_get_caller_id (call_at (response, 0)), ==, "Kov\u00e1cs Anna");
}

/* Declared utf-16 on bytes that are not UTF-8 either: an error, no crash. */
static void
test_utf16_declared_invalid_utf8 (void)
{
  g_autoptr(GError) error =
    parse_text_error ("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n"
                      "<Response><Code>200</Code><ActiveCalls><CallInfo>"
                      "<CallId>a</CallId><CallerId>Kov\xE1" "cs Anna</CallerId>"
                      "</CallInfo></ActiveCalls></Response>\n");

  g_assert_error (error, FD_ERROR, FD_ERROR_PARSE);
}

/* ---- Encodings: the bytes decide, not the declaration ------------------ */

#define AGNES "\u00c1gnes Kov\u00e1cs"

/* The fixture's bytes with its XML declaration's encoding replaced. */
static GBytes *
with_declared (GBytes     *bytes,
               const char *encoding)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *start = g_strstr_len (data, length, "encoding=\"");
  const char *end;
  GByteArray *out = g_byte_array_new ();

  g_assert_nonnull (start);
  start += strlen ("encoding=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);
  g_byte_array_append (out, (const guint8 *) data, start - data);
  g_byte_array_append (out, (const guint8 *) encoding, strlen (encoding));
  g_byte_array_append (out, (const guint8 *) end, length - (end - data));
  return g_byte_array_free_to_bytes (out);
}

/* The same text in another encoding, with an optional BOM in front. */
static GBytes *
reencoded (GBytes     *bytes,
           const char *from,
           const char *to,
           const char *bom)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *converted = NULL;
  gsize length;
  GByteArray *out = g_byte_array_new ();

  converted = g_convert (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         to, from, NULL, &length, &error);
  g_assert_no_error (error);
  g_byte_array_append (out, (const guint8 *) bom, strlen (bom));
  g_byte_array_append (out, (const guint8 *) converted, length);
  return g_byte_array_free_to_bytes (out);
}

static void
assert_agnes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdResponse) response = fd_parser_parse_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpuint (response->calls->len, ==, 1);
  assert_call_is (call_at (response, 0), "agnes", "Ringing", "1000", AGNES, "1001");
}

/* The .NET habit: a declaration of utf-16 (or of anything) on UTF-8 bytes
 * without a NUL is a label, not a fact; the bytes are read as UTF-8. */
static void
test_encoding_utf16_declared_utf8 (void)
{
  const char *declared[] = {
    "utf-16", "UTF-16", "unicode", "utf-16BE", "ucs-2", "windows-1252", "ISO-8859-2", "ISO-8859-1",
  };
  g_autoptr(GBytes) bytes = load_fixture ("xe-enc-utf16-declared-utf8.xml");
  g_autoptr(FdResponse) response = parse_fixture ("xe-enc-utf16-declared-utf8.xml");
  guint i;

  g_assert_cmpstr (fd_call_get_caller_id (call_at (response, 0)), ==, AGNES);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_XE);
  for (i = 0; i < G_N_ELEMENTS (declared); i++)
    {
      g_autoptr(GBytes) relabelled = with_declared (bytes, declared[i]);

      g_test_message ("declared %s on UTF-8", declared[i]);
      assert_agnes (relabelled);
    }
}

/* A UTF-16 BOM decides, whatever the declaration names. */
static void
test_encoding_utf16le_bom (void)
{
  const char *declared[] = { "utf-8", "utf-16", "ISO-8859-2", "windows-1250" };
  g_autoptr(GBytes) bytes = load_fixture ("xe-enc-utf16le-bom.xml");
  g_autoptr(GBytes) utf8 = load_fixture ("xe-enc-utf16-declared-utf8.xml");
  guint i;

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 2, "\xFF\xFE", 2);
  assert_agnes (bytes);
  for (i = 0; i < G_N_ELEMENTS (declared); i++)
    {
      g_autoptr(GBytes) relabelled = with_declared (utf8, declared[i]);
      g_autoptr(GBytes) little = reencoded (relabelled, "UTF-8", "UTF-16LE", "\xFF\xFE");
      g_autoptr(GBytes) big = reencoded (relabelled, "UTF-8", "UTF-16BE", "\xFE\xFF");

      g_test_message ("UTF-16 with a BOM, declared %s", declared[i]);
      assert_agnes (little);
      assert_agnes (big);
    }
}

/* So does a UTF-8 BOM: here under a declaration of windows-1250, in which
 * the UTF-8 bytes of "Á" (C3 81) cannot even be read. */
static void
test_encoding_utf8_bom (void)
{
  const char *declared[] = { "windows-1250", "utf-16", "ISO-8859-2", "utf-8" };
  g_autoptr(GBytes) bytes = load_fixture ("xe-enc-utf8-bom.xml");
  guint i;

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 3, "\xEF\xBB\xBF", 3);
  for (i = 0; i < G_N_ELEMENTS (declared); i++)
    {
      g_autoptr(GBytes) relabelled = with_declared (bytes, declared[i]);

      g_test_message ("UTF-8 BOM, declared %s", declared[i]);
      assert_agnes (relabelled);
    }
}

/* A single-byte code page is honoured when the bytes are not UTF-8; the
 * same declaration on UTF-8 bytes is not. */
static void
test_encoding_iso_8859_2 (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-enc-iso-8859-2.xml");
  g_autoptr(GBytes) bytes = load_fixture ("xe-enc-iso-8859-2.xml");
  g_autoptr(GBytes) as_utf8 = reencoded (bytes, "ISO-8859-2", "UTF-8", "");
  g_autoptr(GBytes) cp1250 = NULL;
  g_autoptr(GBytes) relabelled = NULL;

  assert_call_is (call_at (response, 0), "agnes", "Ringing", "1000", AGNES, "1001");
  g_assert_cmpstr (response->message, ==, "Sz\u0151ke \u0150rs h\u00edvja");

  /* Still declared ISO-8859-2, but now UTF-8 bytes: read as UTF-8. */
  assert_agnes (as_utf8);

  /* windows-1250 has the same letters at the same places, and more. */
  relabelled = with_declared (bytes, "windows-1250");
  assert_agnes (relabelled);
  cp1250 = reencoded (as_utf8, "UTF-8", "windows-1250", "");
  assert_agnes (cp1250);
}

/* Bytes that are not what they claim: the usual sentence, never a crash. */
static void
test_encoding_garbage (void)
{
  static const char odd[] = "\xFF\xFE<\x00R\x00" "e";
  static const char surrogate[] = "\xFE\xFF\x00<\xD8\x00\x00>";
  const struct {
    const char *data;
    gsize       length;
    const char *expected;
  } bodies[] = {
    /* UTF-16 cut in the middle of a code unit, or a lone surrogate */
    { odd, sizeof odd - 1, "the answer is not valid UTF-16 (line 1)" },
    { surrogate, sizeof surrogate - 1, "the answer is not valid UTF-16 (line 1)" },
    /* undefined in windows-1252, and not UTF-8 either */
    { "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<Response><Code>200</Code>"
      "<Message>\x81\xFF</Message></Response>", 0, "the answer is not valid windows-1252 (line 2)" },
    /* an encoding nobody has heard of on bytes that are not UTF-8 */
    { "<?xml version=\"1.0\" encoding=\"ISO-8859-99\"?>\n<Response><Code>200</Code>"
      "<Message>caf\xE9</Message></Response>", 0, "the answer is not valid UTF-8 (line 2)" },
  };
  const char *boms[] = { "\xFF\xFE", "\xFE\xFF", "\xEF\xBB\xBF", "" };
  g_autoptr(GError) error = parse_fixture_error ("bad-enc-garbage.xml");
  guint i, round;

  assert_parse_error_says (error, "the answer is not valid UTF-16 (line 10)");
  for (i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) body_error = NULL;
      gsize length = bodies[i].length != 0 ? bodies[i].length : strlen (bodies[i].data);

      g_test_message ("body %u", i);

      g_assert_null (fd_parser_parse (bodies[i].data, length, &body_error));
      assert_parse_error_says (body_error, bodies[i].expected);
    }

  /* Random bytes behind each BOM: a parse error in a readable sentence. */
  for (round = 0; round < 400; round++)
    {
      const char *bom = boms[round % G_N_ELEMENTS (boms)];
      guint8 noise[64];
      GByteArray *body = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) noise_error = NULL;
      g_autoptr(FdResponse) response = NULL;

      for (i = 0; i < G_N_ELEMENTS (noise); i++)
        noise[i] = (guint8) g_test_rand_int_range (0, 256);
      g_byte_array_append (body, (const guint8 *) bom, strlen (bom));
      g_byte_array_append (body, noise, g_test_rand_int_range (0, G_N_ELEMENTS (noise) + 1));
      bytes = g_byte_array_free_to_bytes (body);
      response = fd_parser_parse_bytes (bytes, &noise_error);
      g_assert_null (response);
      g_assert_error (noise_error, FD_ERROR, FD_ERROR_PARSE);
      g_assert_true (g_utf8_validate (noise_error->message, -1, NULL));
    }
}

static void
test_plus_number (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-plus-number.xml");

  g_assert_cmpuint (response->calls->len, ==, 2);
  assert_call_is (call_at (response, 0), "1vQHKd", "InCall",
                  "+36301234567", "+36 30 123 4567", "+3612345678");
  /* Leading zeros kept, an empty CallerId is NULL. */
  assert_call_is (call_at (response, 1), "1zS1b3", "InCall", "0036301234567", NULL, "101@localhost");
}

static void
test_fractions (void)
{
  const struct {
    const char *id;
    const char *expected;
  } cases[] = {
    { "f0", "2013-07-01T10:49:07.000000+02:00" },
    { "f1", "2013-07-01T10:49:07.900000+02:00" },
    { "f2", "2013-07-01T10:49:07.950000+02:00" },
    { "f3", "2013-07-01T10:49:07.955000+02:00" },
    { "f4", "2013-07-01T10:49:07.955800+02:00" },
    { "f5", "2013-07-01T10:49:07.955810+02:00" },
    { "f6", "2013-07-01T10:49:07.955812+02:00" },
    { "f7", "2013-07-01T10:49:07.955812+02:00" },
    { "z", "2013-07-01T08:49:07.955812+00:00" },
    { "west", "2013-07-01T03:49:07.000000-05:00" },
    { "india", "2013-07-01T14:19:07.500000+05:30" },
  };
  g_autoptr(FdResponse) response = parse_fixture ("xe-fractions.xml");
  guint i;

  g_assert_cmpuint (response->calls->len, ==, G_N_ELEMENTS (cases));
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FdCall *call = call_at (response, i);

      g_assert_cmpstr (fd_call_get_id (call), ==, cases[i].id);
      assert_time_is (fd_call_get_start_time (call), cases[i].expected);
    }
  /* "z" and "west" are the same instant as f7 and f0 written elsewhere. */
  g_assert_true (g_date_time_equal (fd_call_get_start_time (call_at (response, 7)),
                                    fd_call_get_start_time (call_at (response, 8))));
  g_assert_true (g_date_time_equal (fd_call_get_start_time (call_at (response, 0)),
                                    fd_call_get_start_time (call_at (response, 9))));
}

static void
test_odd_values (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-odd-values.xml");
  FdCall *call;

  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpstr (response->message, ==, "Command successfully executed");
  g_assert_cmpuint (response->calls->len, ==, 4);

  call = call_at (response, 0);
  assert_call_is (call, "spaced", "Ringing", NULL, NULL, NULL);
  assert_start_time (call, "yesterday at noon", NULL);
  assert_durations (call, FD_CALL_NO_DURATION, FD_CALL_NO_DURATION);

  call = call_at (response, 1);
  assert_call_is (call, "bare", NULL, NULL, NULL, NULL);
  assert_start_time (call, NULL, NULL);
  assert_durations (call, FD_CALL_NO_DURATION, FD_CALL_NO_DURATION);

  call = call_at (response, 2);
  assert_call_is (call, "odd-numbers", NULL, NULL, NULL, NULL);
  assert_start_time (call, "2013-02-30T10:00:00+02:00", NULL);
  assert_durations (call, FD_CALL_NO_DURATION, FD_CALL_NO_DURATION);

  call = call_at (response, 3);
  assert_start_time (call, NULL, NULL);
  assert_durations (call, FD_CALL_NO_DURATION, FD_CALL_NO_DURATION);
}

static void
test_no_call_id (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-no-callid.xml");

  /* Three calls cannot be tracked; the one that can survives. */
  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_XE);
  g_assert_cmpuint (response->calls->len, ==, 1);
  assert_call_is (call_at (response, 0), "uteom", "InCall", "1000", "John Smith", "1001");
}

static void
test_duplicate_id (void)
{
  g_autoptr(FdResponse) response = parse_fixture ("xe-duplicate-id.xml");

  /* Both are kept, in order; the tracker decides. */
  g_assert_cmpuint (response->calls->len, ==, 2);
  assert_call_is (call_at (response, 0), "uteom", "Ringing", "1000", "John Smith", "1001");
  assert_call_is (call_at (response, 1), "uteom", "InCall", "1000", "John Smith", "1001");
  g_assert_true (call_at (response, 0) != call_at (response, 1));
}

/* ---- API error bodies -------------------------------------------------- */

static void
test_api_errors (void)
{
  const struct {
    int         code;
    const char *message;
  } cases[] = {
    { 300, "Error occured during parsing message: 'command=ListActiveCalls&Username'" },
    { 301, "Not implemented command: 'ListActiveCall'" },
    { 302, "Missing or invalid parameter 'CallId' for command 'Hangup'" },
    { 304, "Authentication required" },
    { 305, "Authentication failed, bad username or password" },
    { 306, "User is not allowed to use API in ACL" },
    { 307, "Use API from this address is forbidden" },
    { 601, "Call not found with ID 'g67th7'" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("api-%d.xml", cases[i].code);
      g_autofree char *expected = g_strdup_printf ("the PBX answered code %d: %s",
                                                   cases[i].code, cases[i].message);
      g_autoptr(FdResponse) response = parse_fixture (name);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (response->code, ==, cases[i].code);
      g_assert_cmpstr (response->message, ==, cases[i].message);
      g_assert_cmpuint (response->calls->len, ==, 0);

      g_assert_false (fd_response_check (response, &error));
      g_assert_error (error, FD_API_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpint (fd_error_exit_status (error), ==, fd_api_code_is_auth (cases[i].code) ? 4 : 5);
    }
}

/* The PBX's message goes into one-line places (stderr, a tooltip), so line
 * breaks and control characters inside it become single spaces. Found by
 * the fuzzer (tests/data/fuzz-regressions/crash-2e3b6cc0...). */
static void
test_message_one_line (void)
{
  const char *text =
    "<Response><Code>306</Code><Message>\n  User is not\n      \n to use"
    "&#x85;API&#x2028;in\tACL\n</Message></Response>";
  const char *blank = "<Response><Code>306</Code><Message>&#x85;&#x2028;</Message></Response>";
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(FdResponse) blank_response = NULL;
  g_autoptr(GError) error = NULL;

  response = fd_parser_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->message, ==, "User is not to use API in ACL");
  g_assert_false (fd_response_check (response, &error));
  g_assert_cmpstr (error->message, ==, "the PBX answered code 306: User is not to use API in ACL");
  g_clear_error (&error);

  blank_response = fd_parser_parse (blank, strlen (blank), &error);
  g_assert_no_error (error);
  g_assert_null (blank_response->message);
}

static void
test_check_without_message (void)
{
  g_autoptr(FdResponse) response = fd_response_new ();
  g_autoptr(GError) error = NULL;

  response->code = 601;
  g_assert_false (fd_response_check (response, &error));
  g_assert_error (error, FD_API_ERROR, 601);
  g_assert_cmpstr (error->message, ==, "the PBX answered code 601");
  g_clear_error (&error);

  response->code = FD_API_CODE_OK;
  g_assert_true (fd_response_check (response, &error));
  g_assert_no_error (error);
  g_assert_true (fd_response_check (response, NULL));
  fd_response_free (NULL);
}

/* ---- Bodies that are not a ListActiveCalls answer ---------------------- */

static void
test_html (void)
{
  const char *pages[] = {
    "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>",
    "<!doctype html>\n<html lang=en><meta charset=utf-8><p>Hello",
    "\r\n  <HTML><BODY>Error<BR></BODY></HTML>",
    "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
    "<!-- proxy --><html><body>a<br></body></html>",
  };
  g_autoptr(GError) error = parse_fixture_error ("bad-html.xml");
  guint i;

  assert_parse_error_says (error, "the answer is an HTML page, not an Ozeki API response");
  for (i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) page_error = parse_text_error (pages[i]);

      assert_parse_error_says (page_error, "HTML page");
    }
}

static void
test_truncated (void)
{
  g_autoptr(GError) error = parse_fixture_error ("bad-truncated.xml");
  g_autoptr(GBytes) bytes = load_fixture ("xe-example.xml");
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *end = g_strstr_len (data, length, "</Response>");
  gsize cut;

  assert_parse_error_says (error, "the XML is cut short (line 11)");

  /* Every cut before the end of the root, byte by byte. */
  g_assert_nonnull (end);
  for (cut = 1; cut < (gsize) (end - data) + strlen ("</Response>"); cut++)
    {
      g_autoptr(GError) cut_error = NULL;
      FdResponse *response = fd_parser_parse (data, cut, &cut_error);

      if (response != NULL)
        g_error ("a body cut at %" G_GSIZE_FORMAT " bytes parsed", cut);
      assert_parse_error_says (cut_error, "the XML is cut short");
    }
}

static void
test_not_xml (void)
{
  const char *texts[] = {
    "{\"Code\": 200, \"ActiveCalls\": []}",
    "Service Unavailable",
    "200 OK",
  };
  g_autoptr(GError) garbage = parse_fixture_error ("bad-garbage.xml");
  g_autoptr(GError) text = parse_fixture_error ("bad-not-xml.xml");
  guint i;

  assert_parse_error_says (garbage, "the answer is not XML");
  assert_parse_error_says (text, "the answer is not XML");
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = parse_text_error (texts[i]);

      assert_parse_error_says (error, "the answer is not XML");
    }
}

static void
test_empty_answer (void)
{
  g_autoptr(GError) fixture = parse_fixture_error ("bad-empty.xml");
  g_autoptr(GError) blank = parse_text_error (" \r\n\t ");
  g_autoptr(GError) bom_only = parse_text_error ("\xEF\xBB\xBF\n");
  g_autoptr(GError) null_data = NULL;

  assert_parse_error_says (fixture, "the answer is empty");
  assert_parse_error_says (blank, "the answer is empty");
  assert_parse_error_says (bom_only, "the answer is empty");
  g_assert_null (fd_parser_parse (NULL, 0, &null_data));
  assert_parse_error_says (null_data, "the answer is empty");
}

static void
test_invalid_utf8 (void)
{
  const char *bodies[] = {
    "<Response><Code>200</Code><Message>caf\xE9</Message></Response>",
    "<Response><Code>200</Code><Message><![CDATA[caf\xE9]]></Message></Response>",
    "<Response a=\"\xE9\"><Code>200</Code></Response>",
    "<Response><!-- \xC3\x28 --><Code>200</Code></Response>",
    "<Response><X\xFF/><Code>200</Code></Response>",
  };
  const char *not_xml_chars[] = {
    "<Response><Code>200</Code><Message>\xED\xA0\x80</Message></Response>",   /* a surrogate */
    "<Response><Code>200</Code><Message>bell\x07</Message></Response>",
    "<Response><Code>200</Code><Message>&#0;</Message></Response>",
  };
  g_autoptr(GError) error = parse_fixture_error ("bad-invalid-utf8.xml");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (not_xml_chars); i++)
    {
      g_autoptr(GError) char_error = parse_text_error (not_xml_chars[i]);

      g_test_message ("body %u", i);
      assert_parse_error_says (char_error, "the answer contains a character that XML does not allow (line 1)");
    }

  assert_parse_error_says (error, "the answer is not valid UTF-8 (line 10)");
  for (i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) body_error = parse_text_error (bodies[i]);

      assert_parse_error_says (body_error, "not valid UTF-8");
    }
}

static void
test_wrong_root (void)
{
  GError *error = parse_fixture_error ("bad-root.xml");
  g_autoptr(GError) long_name = NULL;
  g_autofree char *body = NULL;

  assert_parse_error_says (error, "the root element is <Reply>, not <Response>");
  g_clear_error (&error);
  error = parse_text_error ("<htmlish><Code>200</Code></htmlish>");
  assert_parse_error_says (error, "the root element is <htmlish>, not <Response>");

  /* A name from the body is cut short before it reaches a sentence. */
  body = g_strdup_printf ("<%0500d/>", 0);
  body[1] = 'x';
  long_name = parse_text_error (body);
  assert_parse_error_says (long_name, "the root element is <x000");
  g_assert_cmpuint (strlen (long_name->message), <, 150);
  g_error_free (error);
}

static void
test_code_problems (void)
{
  g_autoptr(GError) missing = parse_fixture_error ("bad-no-code.xml");
  g_autoptr(GError) text = parse_fixture_error ("bad-code-text.xml");
  g_autoptr(GError) empty = parse_text_error ("<Response><Code> </Code></Response>");
  g_autoptr(GError) decimal = parse_text_error ("<Response><Code>200.0</Code></Response>");
  g_autoptr(GError) huge = parse_text_error ("<Response><Code>99999999999</Code></Response>");
  g_autoptr(GError) nested = parse_text_error ("<Response><ActiveCalls><Code>200</Code></ActiveCalls></Response>");

  assert_parse_error_says (missing, "the response has no <Code>");
  assert_parse_error_says (text, "the response's <Code> 'OK' is not a whole number");
  assert_parse_error_says (empty, "the response's <Code> is empty");
  assert_parse_error_says (decimal, "'200.0' is not a whole number");
  assert_parse_error_says (huge, "is not a whole number");
  assert_parse_error_says (nested, "the response has no <Code>");
}

static void
test_extra_content (void)
{
  g_autoptr(GError) error = parse_text_error ("<Response><Code>200</Code></Response>\n<Response/>");
  g_autoptr(GError) mismatch = parse_text_error ("<Response><Code>200</Cod></Response>");

  assert_parse_error_says (error, "the answer goes on after the end of <Response> (line 2)");
  assert_parse_error_says (mismatch, "the answer is not well-formed XML (line 1: ");
}

/* ---- Hostile bodies ---------------------------------------------------- */

static void
test_billion_laughs (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  error = parse_fixture_error ("bad-billion-laughs.xml");
  assert_parse_error_says (error, "the answer carries a DTD, which an Ozeki API never sends");
  /* Refused before a single entity is expanded. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_xxe (void)
{
  const char *fixtures[] = { "bad-xxe.xml", "bad-xxe-parameter.xml" };
  g_autoptr(GError) undeclared = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GError) error = parse_fixture_error (fixtures[i]);

      assert_parse_error_says (error, "the answer carries a DTD");
      g_assert_null (strstr (error->message, "root:"));
    }

  /* Without a DTD an entity reference is simply undefined. */
  undeclared = parse_text_error ("<Response><Code>200</Code><Message>&xxe;</Message></Response>");
  assert_parse_error_says (undeclared, "Entity 'xxe' not defined");
  g_assert_null (strstr (undeclared->message, "root:"));
}

static void
test_doctype (void)
{
  g_autoptr(GError) error = parse_fixture_error ("bad-doctype.xml");

  assert_parse_error_says (error, "the answer carries a DTD, which an Ozeki API never sends");
}

static char *
nested_body (guint levels)
{
  GString *body = g_string_new ("<Response><Code>200</Code><ActiveCalls><CallInfo>"
                                "<CallId>deep</CallId><CallerId>");
  guint i;

  for (i = 0; i < levels; i++)
    g_string_append (body, "<a>");
  g_string_append (body, "x");
  for (i = 0; i < levels; i++)
    g_string_append (body, "</a>");
  g_string_append (body, "</CallerId></CallInfo></ActiveCalls></Response>");
  return g_string_free (body, FALSE);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GError) error = parse_fixture_error ("bad-deep-nesting.xml");
  g_autofree char *deepest_allowed = nested_body (60);   /* 4 + 60 = 64 levels */
  g_autofree char *too_deep = nested_body (61);
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GError) too_deep_error = NULL;

  assert_parse_error_says (error, "the XML is nested more than 64 levels deep (line 2)");

  response = fd_parser_parse (deepest_allowed, strlen (deepest_allowed), &too_deep_error);
  g_assert_no_error (too_deep_error);
  g_assert_cmpuint (response->calls->len, ==, 1);
  /* Text inside child elements of a field is not the field's text. */
  g_assert_null (fd_call_get_caller_id (call_at (response, 0)));

  too_deep_error = parse_text_error (too_deep);
  assert_parse_error_says (too_deep_error, "nested more than 64 levels");
}

static char *
body_with_caller_id (gsize length)
{
  g_autofree char *caller_id = g_strnfill (length, 'x');

  return g_strdup_printf ("<Response><Code>200</Code><ActiveCalls><CallInfo><CallId>long</CallId>"
                          "<CallerId>%s</CallerId></CallInfo></ActiveCalls></Response>", caller_id);
}

static void
test_long_value (void)
{
  g_autofree char *longest = body_with_caller_id (64 * 1024);
  g_autofree char *too_long = body_with_caller_id (64 * 1024 + 1);
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = fd_parser_parse (longest, strlen (longest), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (fd_call_get_caller_id (call_at (response, 0))), ==, 64 * 1024);

  error = parse_text_error (too_long);
  assert_parse_error_says (error, "the answer has a value longer than 64 KiB (line 1)");
}

static void
test_too_large (void)
{
  /* Refused on its length alone: the bytes past the first are never read. */
  static const char one_byte[] = "<";
  g_autoptr(GError) error = NULL;

  g_assert_null (fd_parser_parse (one_byte, (gsize) FD_PARSER_MAX_INPUT + 1, &error));
  assert_error_says (error, FD_ERROR, FD_ERROR_TOO_LARGE, "larger than the parser's limit of 256 MiB");
  g_assert_cmpint (fd_error_exit_status (error), ==, 5);
}

/* Random damage to a good body: an answer or a parse error, nothing else. */
static void
test_mutations (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("xe-namespaces.xml");
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *copy = g_malloc (length);
  guint round, parsed = 0;

  for (round = 0; round < 3000; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdResponse) response = NULL;
      guint flips = g_test_rand_int_range (1, 4), i;

      memcpy (copy, data, length);
      for (i = 0; i < flips; i++)
        copy[g_test_rand_int_range (0, (gint32) length)] = (char) g_test_rand_int_range (0, 256);

      response = fd_parser_parse (copy, length, &error);
      if (response == NULL)
        {
          g_assert_error (error, FD_ERROR, FD_ERROR_PARSE);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          continue;
        }
      g_assert_no_error (error);
      for (i = 0; i < response->calls->len; i++)
        {
          const char *caller_id = fd_call_get_caller_id (call_at (response, i));

          g_assert_true (caller_id == NULL || g_utf8_validate (caller_id, -1, NULL));
        }
      parsed++;
    }
  g_test_message ("%u of 3000 damaged bodies still parsed", parsed);
  g_assert_cmpuint (parsed, >, 0);
}

/* ---- Quiet and thread-safe --------------------------------------------- */

static guint stray_errors;

#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlError;
#else
typedef xmlErrorPtr XmlError;
#endif

static void
count_stray_error (void     *user_data,
                   XmlError  error)
{
  stray_errors++;
}

/* Bodies that make libxml2 complain in every way we know of. */
static GPtrArray *
load_noisy_bodies (void)
{
  const char *fixtures[] = {
    "bad-html.xml", "bad-truncated.xml", "bad-garbage.xml", "bad-invalid-utf8.xml",
    "bad-billion-laughs.xml", "bad-xxe.xml", "bad-xxe-parameter.xml", "bad-doctype.xml",
    "bad-deep-nesting.xml", "bad-root.xml", "bad-code-text.xml",
  };
  const char *texts[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Response><Code>200</Code><Message>\xe1" "bc</Message></Response>",
    "<?xml version=\"1.0\" encoding=\"no-such-charset\"?><Response/>",
    "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><Response><Code>200</Code><Message>\x1b$B\xff\xff</Message></Response>",
    "<Response><Code>200</Code><Message>&undefined;</Message></Response>",
  };
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fixtures); i++)
    g_ptr_array_add (bodies, load_fixture (fixtures[i]));
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    g_ptr_array_add (bodies, g_bytes_new_static (texts[i], strlen (texts[i])));
  return bodies;
}

/* No assertion may run while stderr is captured: its message would be lost. */
static guint
count_refusals (GPtrArray *bodies)
{
  guint refused = 0, i;

  for (i = 0; i < bodies->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdResponse) response = fd_parser_parse_bytes (g_ptr_array_index (bodies, i), &error);

      if (response == NULL && g_error_matches (error, FD_ERROR, FD_ERROR_PARSE))
        refused++;
    }
  return refused;
}

static void
test_silent (void)
{
  g_autoptr(GPtrArray) bodies = load_noisy_bodies ();
  g_autofree char *path = NULL;
  g_autofree char *captured = NULL;
  g_autoptr(GError) error = NULL;
  int capture_fd, saved_stderr;
  guint refused;

  capture_fd = g_file_open_tmp ("frontdesk-parser-XXXXXX", &path, &error);
  g_assert_no_error (error);
  fflush (stderr);
  saved_stderr = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (capture_fd, STDERR_FILENO), ==, STDERR_FILENO);
  xmlSetStructuredErrorFunc (NULL, count_stray_error);

  refused = count_refusals (bodies);

  fflush (stderr);
  dup2 (saved_stderr, STDERR_FILENO);
  close (saved_stderr);
  close (capture_fd);

  /* Nothing printed, nothing sent to this thread's handler, which is
   * still the one we installed. */
  g_assert_cmpuint (refused, ==, bodies->len);
  g_file_get_contents (path, &captured, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (captured, ==, "");
  g_assert_cmpuint (stray_errors, ==, 0);
  g_assert_true (xmlStructuredError == count_stray_error);
  xmlSetStructuredErrorFunc (NULL, NULL);
  g_unlink (path);
}

typedef struct {
  GBytes *good;
  GBytes *bad;
  guint   failures;
} ThreadData;

static gpointer
parse_in_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  guint i;

  for (i = 0; i < 200; i++)
    {
      g_autoptr(FdResponse) response = fd_parser_parse_bytes (data->good, NULL);
      g_autoptr(GError) error = NULL;
      FdResponse *bad = fd_parser_parse_bytes (data->bad, &error);

      if (response == NULL || response->calls->len != 2 || bad != NULL ||
          !g_error_matches (error, FD_ERROR, FD_ERROR_PARSE))
        g_atomic_int_inc (&data->failures);
      fd_response_free (bad);
    }
  return NULL;
}

static void
test_threads (void)
{
  ThreadData data = { load_fixture ("xe-namespaces.xml"), load_fixture ("bad-truncated.xml"), 0 };
  GThread *threads[4];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parser", parse_in_thread, &data);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (data.failures, ==, 0);
  g_bytes_unref (data.good);
  g_bytes_unref (data.bad);
}

/* ---- fd_parser_parse_time and fd_parser_parse_seconds ------------------ */

static void
test_parse_time (void)
{
  const struct {
    const char *text;
    const char *expected;
  } good[] = {
    { "2013-07-01T10:49:07.9558+02:00", "2013-07-01T10:49:07.955800+02:00" },
    { "2013-07-01T10:49:07+02:00", "2013-07-01T10:49:07.000000+02:00" },
    { "2013-07-01T10:49:07.1+02:00", "2013-07-01T10:49:07.100000+02:00" },
    { "2013-07-01T10:49:07.1234567+02:00", "2013-07-01T10:49:07.123456+02:00" },
    { "2013-07-01T10:49:07.9999999+02:00", "2013-07-01T10:49:07.999999+02:00" },
    { "2013-07-01T10:49:07.000000001Z", "2013-07-01T10:49:07.000000+00:00" },
    { "2013-07-01T10:49:07,5+02:00", "2013-07-01T10:49:07.500000+02:00" },
    { "2013-07-01T08:49:07Z", "2013-07-01T08:49:07.000000+00:00" },
    { "2013-07-01t08:49:07z", "2013-07-01T08:49:07.000000+00:00" },
    { "2013-07-01T10:49:07+0200", "2013-07-01T10:49:07.000000+02:00" },
    { "2013-07-01T10:49:07+02", "2013-07-01T10:49:07.000000+02:00" },
    { "2013-07-01T03:49:07-05:00", "2013-07-01T03:49:07.000000-05:00" },
    { "2013-07-01T10:49:07-00:00", "2013-07-01T10:49:07.000000+00:00" },
    { "2013-07-01T23:49:07+14:00", "2013-07-01T23:49:07.000000+14:00" },
    { "2013-07-01 10:49:07.5+02:00", "2013-07-01T10:49:07.500000+02:00" },
    { "2013-07-01T10:49+02:00", "2013-07-01T10:49:00.000000+02:00" },
    { "  2013-07-01T10:49:07+02:00\n", "2013-07-01T10:49:07.000000+02:00" },
    { "2016-02-29T00:00:00Z", "2016-02-29T00:00:00.000000+00:00" },
    { "1900-01-01T00:00:00Z", "1900-01-01T00:00:00.000000+00:00" },
    { "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.999999+00:00" },
  };
  const char *bad[] = {
    NULL, "", "   ", "yesterday", "2013-07-01", "2013-07-01T", "2013-07-01T10",
    "2013-7-01T10:49:07Z", "13-07-01T10:49:07Z", "2013/07/01T10:49:07Z",
    "2013-07-01X10:49:07Z", "2013-07-01T10:49:07.+02:00", "2013-07-01T10:49:07.1234567890Z",
    "2013-13-01T00:00:00Z", "2013-00-01T00:00:00Z", "2013-02-29T00:00:00Z",
    "2013-07-32T00:00:00Z", "2013-07-01T24:00:00Z", "2013-07-01T10:60:00Z",
    "2013-07-01T10:49:60Z", "2013-07-01T10:49:07+24:00", "2013-07-01T10:49:07+02:60",
    "2013-07-01T10:49:07+2", "2013-07-01T10:49:07+02:0", "2013-07-01T10:49:07Zjunk",
    "2013-07-01T10:49:07 +02:00", "2013-07-01T10:49:07+02:00:00", "0000-01-01T00:00:00Z",
    "2013-07-01T10:49:7Z", "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91\xef\xbc\x93-07-01T10:49:07Z",
    "2013-07-01T10:49:07.5 +02:00", "-2013-07-01T10:49:07Z", "+2013-07-01T10:49:07Z",
  };
  const char *local[] = { "2019-04-09 10:34:07", "2019-04-09T10:34:07", " 2019-04-09 10:34:07 " };
  g_autofree char *local_expected = format_local (2019, 4, 9, 10, 34, 7);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GDateTime) time = fd_parser_parse_time (good[i].text);

      g_test_message ("time '%s'", good[i].text);
      assert_time_is (time, good[i].expected);
    }
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDateTime) time = fd_parser_parse_time (bad[i]);
      g_autofree char *formatted = format_time (time);

      if (time != NULL)
        g_error ("'%s' was read as %s", bad[i], formatted);
    }
  for (i = 0; i < G_N_ELEMENTS (local); i++)
    {
      g_autoptr(GDateTime) time = fd_parser_parse_time (local[i]);

      assert_time_is (time, local_expected);
    }
}

static void
test_parse_seconds (void)
{
  const struct {
    const char *text;
    double      expected;
  } good[] = {
    { "2", 2 }, { "956", 956 }, { "0.749", 0.749 }, { "0.000", 0 }, { "0", 0 },
    { "12.480", 12.48 }, { " 3.5\n", 3.5 }, { "+3", 3 }, { ".5", 0.5 }, { "5.", 5 },
    { "1e3", 1000 }, { "86400", 86400 }, { "-0", 0 }, { "1e-400", 0 },
  };
  const char *bad[] = {
    NULL, "", " ", "abc", "-5", "-0.001", "NaN", "nan", "inf", "-inf", "Infinity",
    "1e999", "0x10", "0X1p3", "12 s", "1,5", "1.2.3", "--1", "1e", "+", ".", "2 3",
    "\xd9\xa3",  /* an Arabic-Indic digit three */
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      double seconds = -42;

      g_test_message ("seconds '%s'", good[i].text);
      g_assert_true (fd_parser_parse_seconds (good[i].text, &seconds));
      g_assert_cmpfloat_with_epsilon (seconds, good[i].expected, 1e-12);
      g_assert_false (signbit (seconds));
      g_assert_true (fd_parser_parse_seconds (good[i].text, NULL));
    }
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      double seconds = 42;

      g_test_message ("seconds '%s'", bad[i] != NULL ? bad[i] : "(null)");
      g_assert_false (fd_parser_parse_seconds (bad[i], &seconds));
      g_assert_cmpfloat (seconds, ==, FD_CALL_NO_DURATION);
      g_assert_false (fd_parser_parse_seconds (bad[i], NULL));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontdesk/parser/xe-example", test_xe_example);
  g_test_add_func ("/frontdesk/parser/ozeki10-example", test_ozeki10_example);
  g_test_add_func ("/frontdesk/parser/ozeki10-local-zone", test_ozeki10_local_zone);
  g_test_add_func ("/frontdesk/parser/namespaces", test_namespaces);
  g_test_add_func ("/frontdesk/parser/prefixed", test_prefixed);
  g_test_add_func ("/frontdesk/parser/reordered", test_reordered);
  g_test_add_func ("/frontdesk/parser/code-after-calls", test_code_after);
  g_test_add_func ("/frontdesk/parser/active-calls-empty", test_empty_lists);
  g_test_add_func ("/frontdesk/parser/bom", test_bom);
  g_test_add_func ("/frontdesk/parser/cdata", test_cdata);
  g_test_add_func ("/frontdesk/parser/unknown-elements", test_unknown_elements);
  g_test_add_func ("/frontdesk/parser/unknown-state", test_unknown_state);
  g_test_add_func ("/frontdesk/parser/non-ascii", test_non_ascii);
  g_test_add_func ("/frontdesk/parser/utf16", test_utf16);
  g_test_add_func ("/frontdesk/parser/utf16-declared-utf8", test_utf16_declared_utf8);
  g_test_add_func ("/frontdesk/parser/utf16-bom-fixture", test_utf16_bom_fixture);
  g_test_add_func ("/frontdesk/parser/utf16-declared-invalid-utf8", test_utf16_declared_invalid_utf8);
  g_test_add_func ("/frontdesk/parser/encoding/utf16-declared-utf8", test_encoding_utf16_declared_utf8);
  g_test_add_func ("/frontdesk/parser/encoding/utf16le-bom", test_encoding_utf16le_bom);
  g_test_add_func ("/frontdesk/parser/encoding/utf8-bom", test_encoding_utf8_bom);
  g_test_add_func ("/frontdesk/parser/encoding/iso-8859-2", test_encoding_iso_8859_2);
  g_test_add_func ("/frontdesk/parser/encoding/garbage", test_encoding_garbage);
  g_test_add_func ("/frontdesk/parser/plus-number", test_plus_number);
  g_test_add_func ("/frontdesk/parser/fractions", test_fractions);
  g_test_add_func ("/frontdesk/parser/odd-values", test_odd_values);
  g_test_add_func ("/frontdesk/parser/no-call-id", test_no_call_id);
  g_test_add_func ("/frontdesk/parser/duplicate-id", test_duplicate_id);
  g_test_add_func ("/frontdesk/parser/api-errors", test_api_errors);
  g_test_add_func ("/frontdesk/parser/check-without-message", test_check_without_message);
  g_test_add_func ("/frontdesk/parser/message-one-line", test_message_one_line);
  g_test_add_func ("/frontdesk/parser/html", test_html);
  g_test_add_func ("/frontdesk/parser/truncated", test_truncated);
  g_test_add_func ("/frontdesk/parser/not-xml", test_not_xml);
  g_test_add_func ("/frontdesk/parser/empty-answer", test_empty_answer);
  g_test_add_func ("/frontdesk/parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/frontdesk/parser/wrong-root", test_wrong_root);
  g_test_add_func ("/frontdesk/parser/code-problems", test_code_problems);
  g_test_add_func ("/frontdesk/parser/extra-content", test_extra_content);
  g_test_add_func ("/frontdesk/parser/billion-laughs", test_billion_laughs);
  g_test_add_func ("/frontdesk/parser/xxe", test_xxe);
  g_test_add_func ("/frontdesk/parser/doctype", test_doctype);
  g_test_add_func ("/frontdesk/parser/deep-nesting", test_deep_nesting);
  g_test_add_func ("/frontdesk/parser/long-value", test_long_value);
  g_test_add_func ("/frontdesk/parser/too-large", test_too_large);
  g_test_add_func ("/frontdesk/parser/mutations", test_mutations);
  g_test_add_func ("/frontdesk/parser/silent", test_silent);
  g_test_add_func ("/frontdesk/parser/threads", test_threads);
  g_test_add_func ("/frontdesk/parser/parse-time", test_parse_time);
  g_test_add_func ("/frontdesk/parser/parse-seconds", test_parse_seconds);

  return g_test_run ();
}
