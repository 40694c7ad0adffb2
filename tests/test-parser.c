/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* The parser on answers it must read: the documented examples, every
 * tolerated shape, the encoding rule, odd values, times and durations.
 * Refusals, hostile bodies and threads are in test-parser-errors.c. */

#include "parser-test-utils.h"

#include <math.h>

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
  g_test_add_func ("/frontdesk/parser/parse-time", test_parse_time);
  g_test_add_func ("/frontdesk/parser/parse-seconds", test_parse_seconds);

  return g_test_run ();
}
