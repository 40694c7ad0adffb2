/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdExtensionsParser"

/* The ListExtensions answer in both dialects (docs/ozeki-api.md §5):
 *   <Response><Code/><Message/><Extensions>
 *     <ExtensionSummary><Id/><Type/>[<PhoneNumber/><State/>]</ExtensionSummary>…
 * The list is small (one entry per phone), so a tree is simpler than the
 * SAX walk of ListActiveCalls; the same encoding rule and caps apply. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-extensions-parser.h"
#include "fd-parser-private.h"

#include <libxml/tree.h>

#include <stdlib.h>

/* Far more than any PBX has phones; a bound on a hostile body. */
#define MAX_EXTENSIONS 100000

static void
on_xml_error (void     *user_data,
              XmlError  error)
{
}

static gboolean
is_named (xmlNode    *node,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, (const xmlChar *) name) == 0;
}

/* A leaf's text, trimmed, or NULL when it is over the cap. */
static char *
leaf_text (xmlNode *node,
           GError **error)
{
  xmlChar *raw = xmlNodeGetContent (node);
  char *text;

  if (raw != NULL && xmlStrlen (raw) > MAX_VALUE_LENGTH)
    {
      xmlFree (raw);
      g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                   _("the element <%s> is longer than %d KiB"), (const char *) node->name,
                   MAX_VALUE_LENGTH / 1024);
      return NULL;
    }
  text = g_strstrip (g_strdup (raw != NULL ? (const char *) raw : ""));
  xmlFree (raw);
  return text;
}

static FdRegistered
parse_state (const char *state)
{
  if (state == NULL)
    return FD_REGISTERED_UNKNOWN;
  if (g_ascii_strcasecmp (state, "Connected") == 0)
    return FD_REGISTERED_YES;
  if (g_ascii_strcasecmp (state, "Disconnected") == 0)
    return FD_REGISTERED_NO;
  /* A state we do not know says nothing either way. */
  return FD_REGISTERED_UNKNOWN;
}

/* One <ExtensionSummary>; elements in any order, unknown ones ignored. */
static gboolean
parse_summary (xmlNode     *summary,
               FdResponse  *response,
               GPtrArray   *list,
               GError     **error)
{
  g_autofree char *id = NULL, *type = NULL, *number = NULL, *state = NULL;

  for (xmlNode *n = summary->children; n != NULL; n = n->next)
    {
      char **slot = is_named (n, "Id") ? &id : is_named (n, "Type") ? &type
                  : is_named (n, "PhoneNumber") ? &number : is_named (n, "State") ? &state
                  : NULL;

      if (slot == NULL)
        continue;
      g_free (*slot);
      if ((*slot = leaf_text (n, error)) == NULL)
        return FALSE;
    }
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                   _("extension %u of the answer has no <Id>"), list->len + 1);
      return FALSE;
    }
  if (number != NULL || state != NULL)
    response->dialect = FD_DIALECT_OZEKI10;
  g_ptr_array_add (list, fd_extension_new (id, type, number != NULL && *number ? number : NULL,
                                           parse_state (state)));
  return TRUE;
}

static gboolean
parse_extensions (xmlNode     *parent,
                  FdResponse  *response,
                  GPtrArray   *list,
                  GError     **error)
{
  for (xmlNode *n = parent->children; n != NULL; n = n->next)
    {
      if (!is_named (n, "ExtensionSummary"))
        continue;
      if (list->len >= MAX_EXTENSIONS)
        {
          g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                       _("the answer lists more than %d extensions"), MAX_EXTENSIONS);
          return FALSE;
        }
      if (!parse_summary (n, response, list, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_code (xmlNode     *node,
            FdResponse  *response,
            GError     **error)
{
  g_autofree char *text = leaf_text (node, error);
  char *end = NULL;
  long code;

  if (text == NULL)
    return FALSE;
  code = strtol (text, &end, 10);
  if (*text == '\0' || *end != '\0' || code < 0 || code > 9999)
    {
      g_autofree char *quoted = fd_parser_quote (text);
      g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                   _("the <Code> of the answer is not a number: %s"), quoted);
      return FALSE;
    }
  response->code = (int) code;
  return TRUE;
}

/* The children of <Response>, in any order. */
static gboolean
parse_response (xmlNode     *root,
                FdResponse  *response,
                GPtrArray   *list,
                GError     **error)
{
  gboolean has_code = FALSE;

  for (xmlNode *n = root->children; n != NULL; n = n->next)
    {
      if (is_named (n, "Code"))
        {
          if (!parse_code (n, response, error))
            return FALSE;
          has_code = TRUE;
        }
      else if (is_named (n, "Message"))
        {
          g_autofree char *text = leaf_text (n, error);
          if (text == NULL)
            return FALSE;
          g_free (response->message);
          response->message = *text ? fd_parser_one_line (text) : NULL;
        }
      else if (is_named (n, "Extensions") && !parse_extensions (n, response, list, error))
        return FALSE;
    }
  if (!has_code)
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the response has no <Code>"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
looks_like_html (const char *data,
                 gsize       length)
{
  g_autofree char *head = g_ascii_strdown (data, MIN (length, 1024));
  return strstr (head, "<html") != NULL || strstr (head, "<!doctype html") != NULL;
}

static xmlDoc *
read_doc (const FdParserDecoded *decoded,
          GError               **error)
{
  xmlStructuredErrorFunc old_handler = xmlStructuredError;
  void *old_context = xmlStructuredErrorContext;
  xmlDoc *doc;

  /* Per-thread in libxml2; restored at once. No NOENT, no DTD loading. */
  xmlSetStructuredErrorFunc (NULL, on_xml_error);
  doc = xmlReadMemory (decoded->data, (int) decoded->length, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       (decoded->utf8 ? XML_PARSE_IGNORE_ENC : 0));
  xmlSetStructuredErrorFunc (old_context, old_handler);
  if (doc == NULL)
    g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE,
                         looks_like_html (decoded->data, decoded->length)
                         ? _(HTML_MESSAGE) : _("the answer is not well-formed XML"));
  else if (doc->intSubset != NULL)
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _(DTD_MESSAGE));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  return doc;
}

static void
free_list (gpointer list)
{
  g_ptr_array_unref (list);
}

static FdResponse *
parse_decoded (const FdParserDecoded  *decoded,
               GError                **error)
{
  xmlDoc *doc = read_doc (decoded, error);
  xmlNode *root;
  g_autoptr (FdResponse) response = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gboolean ok;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root != NULL && g_ascii_strcasecmp ((const char *) root->name, "html") == 0)
    {
      /* A login page that happens to be well-formed XHTML. */
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _(HTML_MESSAGE));
      xmlFreeDoc (doc);
      return NULL;
    }
  if (root == NULL || !is_named (root, "Response"))
    {
      g_autofree char *quoted = fd_parser_quote (root ? (const char *) root->name : "");
      g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                   _("the root element is <%s>, not <Response>"), quoted);
      xmlFreeDoc (doc);
      return NULL;
    }
  response = fd_response_new ();
  response->dialect = FD_DIALECT_XE;
  list = g_ptr_array_new_with_free_func (g_object_unref);
  ok = parse_response (root, response, list, error);
  xmlFreeDoc (doc);
  if (!ok)
    return NULL;
  response->payload = g_steal_pointer (&list);
  response->payload_free = free_list;
  return g_steal_pointer (&response);
}

FdResponse *
fd_extensions_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  FdParserDecoded decoded;
  FdResponse *response;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (length > FD_PARSER_MAX_INPUT)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_TOO_LARGE,
                   _("the answer is larger than the parser's limit of %d MiB"),
                   FD_PARSER_MAX_INPUT / (1024 * 1024));
      return NULL;
    }
  if (length == 0)
    {
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is empty"));
      return NULL;
    }
  /* The encoding rule of docs/ozeki-api.md §7, shared with ListActiveCalls. */
  if (!fd_parser_decode (data, length, &decoded, error))
    return NULL;
  response = parse_decoded (&decoded, error);
  g_free (decoded.owned);
  return response;
}

GPtrArray *
fd_extensions_response_steal (FdResponse *response)
{
  GPtrArray *list;

  g_return_val_if_fail (response != NULL, NULL);
  list = response->payload;
  response->payload = NULL;
  response->payload_free = NULL;
  return list != NULL ? list : g_ptr_array_new_with_free_func (g_object_unref);
}
