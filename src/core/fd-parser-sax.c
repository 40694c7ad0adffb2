/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdParser"

/* The SAX walk over a <Response>: which element is what in both dialects
 * (XE's <CallInfo>, Ozeki 10's <Call>), the text of the fields kept, the
 * FdCalls built from them. Calls only fd-parser-text.c of the parser. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-parser-private.h"

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include <stdarg.h>
#include <string.h>

static const char * const name_strings[N_NAMES] = {
  [NAME_CALL_STATE] = "CallState",
  [NAME_CALL_ID] = "CallId",
  [NAME_SOURCE] = "Source",
  [NAME_CALLER_ID] = "CallerId",
  [NAME_DESTINATION] = "Destination",
  [NAME_START_TIME] = "StartTime",
  [NAME_RING_DURATION] = "RingDuration",
  [NAME_TALK_DURATION] = "TalkDuration",
  [NAME_CALLER_DIALED] = "CallerDialed",
  [NAME_CALLEE_DIALED] = "CalleeDialed",
  [NAME_CODE] = "Code",
  [NAME_MESSAGE] = "Message",
  [NAME_RESPONSE] = "Response",
  [NAME_ACTIVE_CALLS] = "ActiveCalls",
  [NAME_CALL_INFO] = "CallInfo",
  [NAME_CALL] = "Call",
};

/* Trims the slot's text in place; NULL when it is missing or blank. */
static char *
slot_text (ParseState *state,
           Name        slot)
{
  GString *text = state->slots[slot];
  char *start = text->str;
  char *end = text->str + text->len;

  if ((state->seen & (1u << slot)) == 0)
    return NULL;
  while (start < end && is_xml_space (*start))
    start++;
  while (end > start && is_xml_space (end[-1]))
    end--;
  if (start == end)
    return NULL;
  *end = '\0';
  return start;
}

static int
current_line (ParseState *state)
{
  return xmlSAX2GetLineNumber (state->ctxt);
}

static void G_GNUC_PRINTF (2, 3)
stop_with (ParseState *state,
           const char *format,
           ...)
{
  va_list args;

  if (state->error != NULL)
    return;
  va_start (args, format);
  state->error = g_error_new_valist (FD_ERROR, FD_ERROR_PARSE, format, args);
  va_end (args);
  xmlStopParser (state->ctxt);
}

/* ---- SAX callbacks ------------------------------------------------------ */

static Name
classify (ParseState    *state,
          const xmlChar *localname)
{
  guint i;

  /* libxml2 hands out names from the context's dictionary, so a pointer
   * comparison finds every known name; strcmp only runs for others. */
  for (i = 0; i < N_NAMES; i++)
    if (localname == state->names[i])
      return i;
  for (i = 0; i < N_NAMES; i++)
    if (strcmp ((const char *) localname, name_strings[i]) == 0)
      return i;
  return NAME_OTHER;
}

static Place
begin_value (ParseState *state,
             Name        slot)
{
  g_string_truncate (state->slots[slot], 0);
  state->seen |= 1u << slot;
  state->value = state->slots[slot];
  return PLACE_VALUE;
}

static Place
begin_call (ParseState *state,
            Name        name)
{
  if (state->response->dialect == FD_DIALECT_UNKNOWN)
    state->response->dialect = name == NAME_CALL ? FD_DIALECT_OZEKI10 : FD_DIALECT_XE;
  state->seen &= ~((1u << N_FIELDS) - 1);
  return PLACE_CALL;
}

/* libxml2 reports a start tag before it has seen its '>', so a body cut
 * inside the root's name must end as "cut short": a wrong root is only
 * reported once the document proved well-formed. */
static Place
begin_root (ParseState    *state,
            Name           name,
            const xmlChar *localname)
{
  if (name == NAME_RESPONSE)
    return PLACE_RESPONSE;
  if (g_ascii_strcasecmp ((const char *) localname, "html") == 0)
    stop_with (state, _(HTML_MESSAGE));
  else
    state->bad_root = fd_parser_quote ((const char *) localname);
  return PLACE_SKIP;
}

/* Calls normally sit in <ActiveCalls>; one straight under <Response> is
 * taken too, since Ozeki 10's wrapper is not documented. */
static Place
place_child (ParseState    *state,
             Place          parent,
             const xmlChar *localname,
             Name          *name)
{
  if (parent == PLACE_SKIP || parent == PLACE_VALUE)
    return PLACE_SKIP;

  *name = classify (state, localname);
  switch (parent)
    {
    case PLACE_DOCUMENT:
      return begin_root (state, *name, localname);
    case PLACE_RESPONSE:
      if (*name == NAME_CODE || *name == NAME_MESSAGE)
        return begin_value (state, *name);
      if (*name == NAME_ACTIVE_CALLS)
        return PLACE_ACTIVE_CALLS;
      G_GNUC_FALLTHROUGH;
    case PLACE_ACTIVE_CALLS:
      if (*name == NAME_CALL_INFO || *name == NAME_CALL)
        return begin_call (state, *name);
      return PLACE_SKIP;
    case PLACE_CALL:
      if (*name < N_FIELDS)
        return begin_value (state, *name);
      return PLACE_SKIP;
    case PLACE_VALUE:
    case PLACE_SKIP:
    default:
      return PLACE_SKIP;
    }
}

static void
on_start_element (void           *user_data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  ParseState *state = user_data;
  Name name = NAME_OTHER;
  Place place;

  if (state->depth == MAX_DEPTH)
    {
      stop_with (state, _("the XML is nested more than %d levels deep (line %d)"),
                 MAX_DEPTH, current_line (state));
      return;
    }
  place = place_child (state, state->places[state->depth], localname, &name);
  state->depth++;
  state->places[state->depth] = place;
  state->element_names[state->depth] = name;
}

static void
finish_code (ParseState *state)
{
  const char *text = slot_text (state, NAME_CODE);
  g_autofree char *quoted = NULL;
  gint64 code;

  if (text == NULL)
    {
      stop_with (state, _("the response's <Code> is empty"));
      return;
    }
  if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &code, NULL))
    {
      quoted = fd_parser_quote (text);
      stop_with (state, _("the response's <Code> '%s' is not a whole number"), quoted);
      return;
    }
  state->response->code = (int) code;
  state->has_code = TRUE;
}

static void
finish_message (ParseState *state)
{
  g_free (state->response->message);
  state->response->message = fd_parser_one_line (slot_text (state, NAME_MESSAGE));
}

static void
set_duration (FdCall     *call,
              const char *text,
              void      (*setter) (FdCall *, double))
{
  double seconds;

  if (text != NULL && fd_parser_parse_seconds (text, &seconds))
    setter (call, seconds);
}

static void
set_start_time (ParseState *state,
                FdCall     *call)
{
  const char *raw = slot_text (state, NAME_START_TIME);
  g_autoptr(GDateTime) start_time = NULL;

  if (raw == NULL)
    return;
  start_time = fd_parser_time_in (raw, &state->zones);
  fd_call_set_start_time (call, raw, start_time);
}

static void
set_text (FdCall     *call,
          const char *text,
          void      (*setter) (FdCall *, const char *))
{
  if (text != NULL)
    setter (call, text);
}

/* A call is only added once complete, because CallId may come last. */
static void
finish_call (ParseState *state)
{
  const char *id = slot_text (state, NAME_CALL_ID);
  FdCall *call;

  if (id == NULL)
    {
      g_debug ("Skipping a call without a CallId (line %d)", current_line (state));
      return;
    }
  call = fd_call_new (id);
  set_text (call, slot_text (state, NAME_CALL_STATE), fd_call_set_state);
  set_text (call, slot_text (state, NAME_SOURCE), fd_call_set_source);
  set_text (call, slot_text (state, NAME_CALLER_ID), fd_call_set_caller_id);
  set_text (call, slot_text (state, NAME_DESTINATION), fd_call_set_destination);
  set_text (call, slot_text (state, NAME_CALLER_DIALED), fd_call_set_caller_dialed);
  set_text (call, slot_text (state, NAME_CALLEE_DIALED), fd_call_set_callee_dialed);
  set_start_time (state, call);
  set_duration (call, slot_text (state, NAME_RING_DURATION), fd_call_set_ring_seconds);
  set_duration (call, slot_text (state, NAME_TALK_DURATION), fd_call_set_talk_seconds);
  g_ptr_array_add (state->response->calls, call);
}

static void
on_end_element (void          *user_data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  ParseState *state = user_data;
  Place place = state->places[state->depth];
  Name name = state->element_names[state->depth];

  g_assert (state->depth > 0);
  state->depth--;
  if (place == PLACE_CALL)
    finish_call (state);
  else if (place == PLACE_VALUE)
    {
      state->value = NULL;
      if (name == NAME_CODE)
        finish_code (state);
      else if (name == NAME_MESSAGE)
        finish_message (state);
    }
}

/* Also receives CDATA sections. Text outside a kept leaf costs nothing. */
static void
on_characters (void          *user_data,
               const xmlChar *text,
               int            length)
{
  ParseState *state = user_data;

  if (state->places[state->depth] != PLACE_VALUE)
    return;
  if (state->value->len + (gsize) length > MAX_VALUE_LENGTH)
    {
      stop_with (state, _("the answer has a value longer than %d KiB (line %d)"),
                 MAX_VALUE_LENGTH / 1024, current_line (state));
      return;
    }
  g_string_append_len (state->value, (const char *) text, length);
}

/* Refusing the DOCTYPE as soon as it starts means no entity is ever
 * declared: no billion laughs, no external entity, no file is read. */
static void
on_internal_subset (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  ParseState *state = user_data;

  if (name != NULL && g_ascii_strcasecmp ((const char *) name, "html") == 0)
    stop_with (state, _(HTML_MESSAGE));
  else
    stop_with (state, _(DTD_MESSAGE));
}

static void
on_entity_decl (void          *user_data,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  stop_with (user_data, _(DTD_MESSAGE));
}

static void
on_unparsed_entity_decl (void          *user_data,
                         const xmlChar *name,
                         const xmlChar *public_id,
                         const xmlChar *system_id,
                         const xmlChar *notation_name)
{
  stop_with (user_data, _(DTD_MESSAGE));
}

/* The first fatal error is the cause; the rest are its echoes. Namespace
 * complaints (an undeclared prefix) are not fatal and not ours to judge. */
static void
on_xml_error (void     *user_data,
              XmlError  error)
{
  ParseState *state = user_data;
  xmlParserInputPtr input;

  if (error == NULL || error->level != XML_ERR_FATAL || state->xml_failed)
    return;
  state->xml_failed = TRUE;
  state->xml_code = error->code;
  state->xml_line = error->line;
  state->xml_message = g_strdup (error->message != NULL ? error->message : "");
  g_strstrip (state->xml_message);
  /* Nothing left that could close a tag: the body was cut, e.g. in the
   * middle of "<?xml ve". */
  input = state->ctxt != NULL ? state->ctxt->input : NULL;
  state->xml_at_end = input != NULL && input->cur != NULL && input->cur <= input->end &&
                      memchr (input->cur, '>', input->end - input->cur) == NULL;
}

const xmlSAXHandler fd_parser_sax_handler = {
  .internalSubset = on_internal_subset,
  .externalSubset = on_internal_subset,
  .entityDecl = on_entity_decl,
  .unparsedEntityDecl = on_unparsed_entity_decl,
  .characters = on_characters,
  .ignorableWhitespace = on_characters,
  .cdataBlock = on_characters,
  .initialized = XML_SAX2_MAGIC,
  .startElementNs = on_start_element,
  .endElementNs = on_end_element,
  .serror = on_xml_error,
};

void
fd_parser_state_init (ParseState       *state,
                      xmlParserCtxtPtr  ctxt,
                      FdResponse       *response)
{
  guint i;

  memset (state, 0, sizeof *state);
  state->ctxt = ctxt;
  state->response = response;
  state->places[0] = PLACE_DOCUMENT;
  for (i = 0; i < N_NAMES; i++)
    state->names[i] = xmlDictLookup (ctxt->dict, (const xmlChar *) name_strings[i], -1);
  for (i = 0; i < N_SLOTS; i++)
    state->slots[i] = g_string_sized_new (32);
}

void
fd_parser_state_clear (ParseState *state)
{
  guint i;

  for (i = 0; i < N_SLOTS; i++)
    g_string_free (state->slots[i], TRUE);
  fd_parser_zones_clear (&state->zones);
  g_clear_pointer (&state->xml_message, g_free);
  g_clear_pointer (&state->bad_root, g_free);
  g_clear_error (&state->error);
}
