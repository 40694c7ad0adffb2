/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdParser"

/* The parser's public API and the driving of libxml2: the cheap checks
 * before it, the encoding decided (fd-parser-text.c), the SAX walk
 * (fd-parser-sax.c), and libxml2's complaints turned into our sentences. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-parser-private.h"

#include <libxml/parserInternals.h>

#include <string.h>

/* Errors raised outside the parser context (the encoding converters) go to
 * the thread's structured handler; this one keeps them off stderr. */
static void
on_stray_xml_error (void     *user_data,
                    XmlError  error)
{
}

/* ---- Driving the parse -------------------------------------------------- */

/* "<html>", "<HTML lang=…>" or "<!DOCTYPE html>", but not "<htmlish>". */
static gboolean
is_html_tag (const char *p,
             const char *end)
{
  gsize n;

  if (has_prefix_nocase (p, end, "<html"))
    n = strlen ("<html");
  else if (has_prefix_nocase (p, end, "<!doctype html"))
    n = strlen ("<!doctype html");
  else
    return FALSE;
  return p + n == end || is_xml_space (p[n]) || p[n] == '>' || p[n] == '/';
}

static gboolean
mentions_html (const char *data,
               gsize       length)
{
  const char *end = data + MIN (length, 1024);
  const char *p;

  for (p = data; p < end; p++)
    if (*p == '<' && is_html_tag (p, end))
      return TRUE;
  return FALSE;
}

/* Cheap answers before libxml2 is involved: nothing, HTML, or text that
 * cannot be XML at all (JSON, "Not Found", random bytes). */
static gboolean
check_start (const char  *data,
             gsize        length,
             GError     **error)
{
  const char *p = data;
  const char *end;

  /* An empty answer may come as NULL, and NULL + 0 is undefined in C. */
  if (length == 0)
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is empty"));
      return FALSE;
    }
  end = data + length;
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && is_xml_space (*p))
    p++;
  if (p == end)
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is empty"));
      return FALSE;
    }
  if (is_html_tag (p, end))
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _(HTML_MESSAGE));
      return FALSE;
    }
  /* '<', or the zero byte of UTF-16 or UCS-4 without a BOM, which
   * libxml2 will judge (rule 4 under Encodings). */
  if (*p == '<' || *p == '\0')
    return TRUE;
  g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is not XML"));
  return FALSE;
}

/* libxml2's complaint as one of our sentences. */
static char *
describe_xml_error (ParseState *state)
{
  g_autofree char *quoted = NULL;

  if (state->xml_at_end || state->xml_code == XML_ERR_TAG_NOT_FINISHED)
    return g_strdup_printf (_("the XML is cut short (line %d)"), state->xml_line);
  switch (state->xml_code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
      return g_strdup (_("the answer is not XML"));
    case XML_ERR_DOCUMENT_END:
      return g_strdup_printf (_("the answer goes on after the end of <Response> (line %d)"),
                              state->xml_line);
    case XML_ERR_INVALID_CHAR:
      if (strstr (state->xml_message, "not proper UTF-8") != NULL)
        return g_strdup_printf (_("the answer is not valid UTF-8 (line %d)"), state->xml_line);
      return g_strdup_printf (_("the answer contains a character that XML does not allow (line %d)"),
                              state->xml_line);
    default:
      quoted = fd_parser_quote (state->xml_message);
      return g_strdup_printf (_("the answer is not well-formed XML (line %d: %s)"),
                              state->xml_line, quoted);
    }
}

static void
set_xml_error (ParseState  *state,
               const char  *data,
               gsize        length,
               GError     **error)
{
  if (state->xml_failed)
    g_debug ("libxml2 error %d at line %d: %s", state->xml_code, state->xml_line, state->xml_message);

  if (mentions_html (data, length))
    g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _(HTML_MESSAGE));
  else if (!state->xml_failed)
    g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is not well-formed XML"));
  else
    {
      g_autofree char *message = describe_xml_error (state);

      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, message);
    }
}

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  /* xmlInitParser() is not safe to race on libxml2 2.9. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

/* Runs libxml2 with our handler. Returns whether the document was
 * well-formed; state->error may still say why we stopped it. */
static gboolean
run_sax (ParseState *state)
{
  xmlStructuredErrorFunc old_handler = xmlStructuredError;
  void *old_context = xmlStructuredErrorContext;
  gboolean well_formed;

  /* These are per-thread in libxml2, so swapping them touches no other
   * thread; restored before returning. */
  xmlSetStructuredErrorFunc (NULL, on_stray_xml_error);
  xmlParseDocument (state->ctxt);
  well_formed = state->ctxt->wellFormed;
  xmlSetStructuredErrorFunc (old_context, old_handler);
  return well_formed;
}

static FdResponse *
parse_xml (const char  *data,
           gsize        length,
           gboolean     utf8,
           GError     **error)
{
  ParseState state;
  xmlParserCtxtPtr ctxt;
  gboolean well_formed;
  FdResponse *response = NULL;

  ensure_libxml ();
  ctxt = xmlCreateMemoryParserCtxt (data, (int) length);
  if (ctxt == NULL)
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the XML parser could not start"));
      return NULL;
    }
  /* No XML_PARSE_NOENT, no DTD loading: entities stay unexpanded. */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | (utf8 ? XML_PARSE_IGNORE_ENC : 0));
  memcpy (ctxt->sax, &fd_parser_sax_handler, sizeof fd_parser_sax_handler);
  fd_parser_state_init (&state, ctxt, fd_response_new ());
  ctxt->userData = &state;

  well_formed = run_sax (&state);

  if (state.error != NULL)
    g_propagate_error (error, g_steal_pointer (&state.error));
  else if (!well_formed)
    set_xml_error (&state, data, length, error);
  else if (state.bad_root != NULL)
    g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                 _("the root element is <%s>, not <Response>"), state.bad_root);
  else if (!state.has_code)
    g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the response has no <Code>"));
  else
    response = g_steal_pointer (&state.response);

  state.ctxt = NULL;
  xmlFreeParserCtxt (ctxt);
  g_clear_pointer (&state.response, fd_response_free);
  fd_parser_state_clear (&state);
  return response;
}

/* ---- Public API --------------------------------------------------------- */

FdResponse *
fd_response_new (void)
{
  FdResponse *response = g_new0 (FdResponse, 1);

  response->calls = g_ptr_array_new_with_free_func (g_object_unref);
  response->dialect = FD_DIALECT_UNKNOWN;
  return response;
}

void
fd_response_free (FdResponse *response)
{
  if (response == NULL)
    return;
  g_ptr_array_unref (response->calls);
  if (response->payload != NULL && response->payload_free != NULL)
    response->payload_free (response->payload);
  g_free (response->message);
  g_free (response);
}

/* The client prefixes the PBX's URL, so the sentence stays short. */
gboolean
fd_response_check (FdResponse  *response,
                   GError     **error)
{
  g_return_val_if_fail (response != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (response->code == FD_API_CODE_OK)
    return TRUE;
  if (response->message != NULL)
    g_set_error (error, FD_API_ERROR, response->code,
                 _("the PBX answered code %d: %s"), response->code, response->message);
  else
    g_set_error (error, FD_API_ERROR, response->code,
                 _("the PBX answered code %d"), response->code);
  return FALSE;
}

FdResponse *
fd_parser_parse (const char  *data,
                 gsize        length,
                 GError     **error)
{
  FdParserDecoded decoded;
  FdResponse *response = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > FD_PARSER_MAX_INPUT)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_TOO_LARGE,
                   _("the answer is larger than the parser's limit of %d MiB"),
                   FD_PARSER_MAX_INPUT / (1024 * 1024));
      return NULL;
    }
  /* The encoding rule (fd-parser-text.c, docs/ozeki-api.md §7): a BOM
   * decides; else valid UTF-8 without NUL is UTF-8 whatever the declaration
   * says; ISO-8859-x / windows-125x is honoured on bytes that are not. */
  if (!fd_parser_decode (data, length, &decoded, error))
    return NULL;
  if (check_start (decoded.data, decoded.length, error))
    response = parse_xml (decoded.data, decoded.length, decoded.utf8, error);
  g_free (decoded.owned);
  return response;
}

FdResponse *
fd_parser_parse_bytes (GBytes  *bytes,
                       GError **error)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return fd_parser_parse (data, length, error);
}
