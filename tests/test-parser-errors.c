/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* The parser on answers it must refuse or report: API error codes, bodies
 * that are not an answer, hostile bodies, random damage, and that it stays
 * silent on stderr and safe across threads. Good answers are in
 * test-parser.c. */

#include "parser-test-utils.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <unistd.h>

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

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

  return g_test_run ();
}
