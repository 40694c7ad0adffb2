/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdParser"

/* The call history's answer. The body first goes through fd_parser_parse(),
 * so it meets every rule a ListActiveCalls answer does (size, encoding,
 * HTML, DTD refusal, depth, value length, well-formedness, <Response>,
 * <Code>). Only a body that passed is read again as a tree, decoded by the
 * same encoding rule, for its calls: it is small (FD_HISTORY_MAX_INPUT) and
 * known to be harmless by then. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-history-parser.h"
#include "fd-parser-private.h"

#include <libxml/tree.h>

#include <stdlib.h>

/* The two spellings of each part: XE's first, then Ozeki 10's [inferred]. */
static gboolean
is_named (xmlNode    *node,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_strcmp0 ((const char *) node->name, name) == 0;
}

static gboolean
is_list (xmlNode *node)
{
  return is_named (node, "Calls") || is_named (node, "CallHistory");
}

static gboolean
is_call (xmlNode *node)
{
  return is_named (node, "Call") || is_named (node, "CallHistory") ||
         is_named (node, "CallHistoryEntry") || is_named (node, "CallInfo");
}

static gboolean
is_count (xmlNode *node)
{
  return is_named (node, "NumberOfCalls") || is_named (node, "TotalRecords");
}

static xmlNode *
find_child (xmlNode    *parent,
            const char *name)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    if (is_named (node, name))
      return node;
  return NULL;
}

/* A field's text, trimmed; NULL when absent or empty. */
static char *
dup_field (xmlNode    *call,
           const char *name)
{
  xmlNode *node = find_child (call, name);
  xmlChar *content;
  char *text;

  if (node == NULL)
    return NULL;
  content = xmlNodeGetContent (node);
  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
set_field (FdCall     *call,
           xmlNode    *node,
           const char *name,
           void      (*setter) (FdCall *, const char *))
{
  g_autofree char *text = dup_field (node, name);

  if (text != NULL)
    setter (call, text);
}

/* One <Call>; @index counts from 1 for the sentence. */
static FdCall *
read_call (xmlNode  *node,
           guint     index,
           GError  **error)
{
  g_autofree char *id = dup_field (node, "CallId");
  g_autofree char *start = dup_field (node, "StartTime");
  g_autofree char *state = dup_field (node, "State");
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(FdCall) call = NULL;

  if (id == NULL)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_PARSE, _("call %u of the history has no <CallId>"), index);
      return NULL;
    }
  /* Without its start the journal could not tell the call from a later
   * one with the same CallId, so it would be added at every recovery. */
  time = start != NULL ? fd_parser_parse_time (start) : NULL;
  if (time == NULL)
    {
      g_autofree char *quoted = fd_parser_quote (start != NULL ? start : "");

      g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                   _("call %u of the history has no readable <StartTime> (“%s”)"), index, quoted);
      return NULL;
    }
  call = fd_call_new (id);
  fd_call_set_start_time (call, start, time);
  if (state == NULL)
    state = dup_field (node, "CallState");
  fd_call_set_state (call, state);
  set_field (call, node, "Source", fd_call_set_source);
  set_field (call, node, "Destination", fd_call_set_destination);
  set_field (call, node, "CallerId", fd_call_set_caller_id);
  set_field (call, node, "Dialed", fd_call_set_caller_dialed);
  return g_steal_pointer (&call);
}

static gboolean
add_call (FdResponse  *response,
          xmlNode     *node,
          GError     **error)
{
  FdCall *call;

  if (response->calls->len == FD_HISTORY_MAX_CALLS)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_TOO_LARGE,
                   _("the call history holds more than %d calls on one page"), FD_HISTORY_MAX_CALLS);
      return FALSE;
    }
  call = read_call (node, response->calls->len + 1, error);
  if (call == NULL)
    return FALSE;
  g_ptr_array_add (response->calls, call);
  return TRUE;
}

/* XE wraps each <Call> in <Calls>. Ozeki 10's page only says that the
 * calls come "between <CallHistory> nodes": either one <CallHistory>
 * holding the calls, or one <CallHistory> per call [inferred]. A list
 * element that has a <CallId> of its own is a call. */
static gboolean
read_list (FdResponse  *response,
           xmlNode     *list,
           GError     **error)
{
  if (find_child (list, "CallId") != NULL)
    return add_call (response, list, error);
  for (xmlNode *node = list->children; node != NULL; node = node->next)
    if (is_call (node) && !add_call (response, node, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_count (FdHistoryInfo  *info,
            xmlNode        *node,
            GError        **error)
{
  xmlChar *content = xmlNodeGetContent (node);
  g_autofree char *text = g_strstrip (g_strdup ((const char *) content));
  gint64 value = 0;

  xmlFree (content);
  if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &value, NULL))
    {
      g_autofree char *quoted = fd_parser_quote (text);

      g_set_error (error, FD_ERROR, FD_ERROR_PARSE,
                   _("the call history's count of calls is not a number (“%s”)"), quoted);
      return FALSE;
    }
  info->total = value;
  return TRUE;
}

static gboolean
read_calls (FdResponse     *response,
            xmlNode        *root,
            FdHistoryInfo  *info,
            GError        **error)
{
  gboolean found = FALSE;

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_count (node))
        {
          info->dialect = is_named (node, "TotalRecords") ? FD_DIALECT_OZEKI10 : FD_DIALECT_XE;
          if (!read_count (info, node, error))
            return FALSE;
          found = TRUE;
        }
      else if (is_list (node))
        {
          if (info->dialect == FD_DIALECT_UNKNOWN)
            info->dialect = is_named (node, "Calls") ? FD_DIALECT_XE : FD_DIALECT_OZEKI10;
          if (!read_list (response, node, error))
            return FALSE;
          found = TRUE;
        }
    }
  /* An answer to another command (ListActiveCalls' <ActiveCalls>) or of a
   * shape neither product documents: nothing is guessed from it. */
  if (!found)
    g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE,
                         _("the answer is not a call history: it has neither <Calls> nor <CallHistory>"));
  return found;
}

static xmlDoc *
read_tree (const char  *data,
           gsize        length,
           GError     **error)
{
  FdParserDecoded decoded;
  xmlDoc *doc;

  if (!fd_parser_decode (data, length, &decoded, error))
    return NULL;
  doc = xmlReadMemory (decoded.data, (int) decoded.length, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       (decoded.utf8 ? XML_PARSE_IGNORE_ENC : 0));
  g_free (decoded.owned);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is not well-formed XML"));
    }
  return doc;
}

FdResponse *
fd_history_parse (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(FdResponse) response = NULL;
  FdHistoryInfo *info;
  xmlDoc *doc;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > FD_HISTORY_MAX_INPUT)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_TOO_LARGE,
                   _("the call history answer is larger than %d MiB, more than any page of calls needs"),
                   FD_HISTORY_MAX_INPUT / (1024 * 1024));
      return NULL;
    }
  response = fd_parser_parse (data, length, error);
  if (response == NULL || response->code != FD_API_CODE_OK)
    return g_steal_pointer (&response);

  g_ptr_array_set_size (response->calls, 0);
  info = g_new0 (FdHistoryInfo, 1);
  info->total = -1;
  response->payload = info;
  response->payload_free = g_free;

  if ((doc = read_tree (data, length, error)) == NULL)
    return NULL;
  ok = read_calls (response, xmlDocGetRootElement (doc), info, error);
  xmlFreeDoc (doc);
  response->dialect = info->dialect;
  return ok ? g_steal_pointer (&response) : NULL;
}

const FdHistoryInfo *
fd_history_response_info (FdResponse *response)
{
  g_return_val_if_fail (response != NULL, NULL);
  return response->payload;
}
