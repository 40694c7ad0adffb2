/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdParser"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-parser.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* A ListActiveCalls answer is four levels deep; anything near this is an
 * attack on the stack, not a PBX. */
#define MAX_DEPTH 64

/* No Ozeki field comes near this; the cap keeps a hostile body from making
 * us hold one enormous string. */
#define MAX_VALUE_LENGTH (64 * 1024)

/* How much of a libxml2 message or of a name from the body goes into an
 * error sentence. */
#define MAX_QUOTE 60

/* libxml2 2.12 made the structured error const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlError;
#else
typedef xmlErrorPtr XmlError;
#endif

#define HTML_MESSAGE N_("the answer is an HTML page, not an Ozeki API response")
#define DTD_MESSAGE  N_("the answer carries a DTD, which an Ozeki API never sends")

/* The element names we know. The fields of a call come first, in the
 * order of their slots. */
typedef enum {
  NAME_CALL_STATE,
  NAME_CALL_ID,
  NAME_SOURCE,
  NAME_CALLER_ID,
  NAME_DESTINATION,
  NAME_START_TIME,
  NAME_RING_DURATION,
  NAME_TALK_DURATION,
  NAME_CALLER_DIALED,
  NAME_CALLEE_DIALED,
  NAME_CODE,
  NAME_MESSAGE,
  NAME_RESPONSE,
  NAME_ACTIVE_CALLS,
  NAME_CALL_INFO,
  NAME_CALL,
  N_NAMES,
  NAME_OTHER = N_NAMES,
} Name;

#define N_FIELDS (NAME_CALLEE_DIALED + 1)
#define N_SLOTS  (NAME_MESSAGE + 1)

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

/* What an open element is to us. */
typedef enum {
  PLACE_DOCUMENT,      /* depth 0, before and after the root */
  PLACE_RESPONSE,
  PLACE_ACTIVE_CALLS,
  PLACE_CALL,
  PLACE_VALUE,         /* a leaf whose text we keep */
  PLACE_SKIP,          /* an element we ignore, with all it holds */
} Place;

/* Time zones shared by all the StartTimes of one answer: most answers use
 * a single offset, so one cached zone saves a lookup per call. */
typedef struct {
  GTimeZone *local;
  GTimeZone *fixed;
  int        fixed_offset;
} Zones;

typedef struct {
  xmlParserCtxtPtr ctxt;
  const xmlChar   *names[N_NAMES];     /* interned in ctxt->dict */
  FdResponse      *response;

  guint            depth;
  guint8           places[MAX_DEPTH + 1];
  guint8           element_names[MAX_DEPTH + 1];

  /* Text of the leaf being read; one reusable buffer per slot so a
   * snapshot of any size makes no allocation of its own per element. */
  GString         *slots[N_SLOTS];
  GString         *value;
  guint32          seen;               /* bit per slot; field bits reset per call */
  gboolean         has_code;

  Zones            zones;
  GError          *error;              /* why we stopped the parser */
  char            *bad_root;           /* the root's name, when not Response */

  /* libxml2's first fatal complaint */
  gboolean         xml_failed;
  int              xml_code;
  int              xml_line;
  gboolean         xml_at_end;
  char            *xml_message;
} ParseState;

static inline gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

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

/* A piece of the body, safe and short enough for an error sentence. */
static char *
quote (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p;
  guint n = 0;

  for (p = text; *p != '\0' && n < MAX_QUOTE; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "...");
  return g_string_free (out, FALSE);
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

/* ---- Times and durations ------------------------------------------------ */

typedef struct {
  int      year, month, day, hour, minute, second, usec;
  gboolean has_zone;
  int      offset;   /* seconds east of UTC */
} TimeParts;

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  int result = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      result = result * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = result;
  return TRUE;
}

/* .NET writes up to seven digits; microseconds keep six, the rest is cut. */
static gboolean
read_fraction (const char **p,
               int         *usec)
{
  guint n;
  int result = 0;

  for (n = 0; g_ascii_isdigit ((*p)[n]); n++)
    if (n < 6)
      result = result * 10 + ((*p)[n] - '0');
  if (n == 0 || n > 9)
    return FALSE;
  for (; n < 6; n++)
    result *= 10;
  while (g_ascii_isdigit (**p))
    (*p)++;
  *usec = result;
  return TRUE;
}

/* "Z", "+02:00", "+0200", "+02", or nothing (local time). */
static gboolean
read_zone (const char *p,
           TimeParts  *t)
{
  int hours, minutes = 0;
  int sign;

  if (*p == '\0')
    return TRUE;
  t->has_zone = TRUE;
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
    return TRUE;
  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '-' ? -1 : 1;
  if (!read_digits (&p, 2, &hours))
    return FALSE;
  if (*p == ':')
    p++;
  if (*p != '\0' && !read_digits (&p, 2, &minutes))
    return FALSE;
  if (*p != '\0' || hours > 23 || minutes > 59)
    return FALSE;
  t->offset = sign * (hours * 3600 + minutes * 60);
  return TRUE;
}

/* yyyy-mm-dd(T| )hh:mm[:ss[.f…]][zone]: the XE and the Ozeki 10 forms. */
static gboolean
split_time (const char *p,
            TimeParts  *t)
{
  memset (t, 0, sizeof *t);
  if (!read_digits (&p, 4, &t->year) || *p++ != '-' ||
      !read_digits (&p, 2, &t->month) || *p++ != '-' ||
      !read_digits (&p, 2, &t->day))
    return FALSE;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &t->hour) || *p++ != ':' ||
      !read_digits (&p, 2, &t->minute))
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!read_digits (&p, 2, &t->second))
        return FALSE;
      if ((*p == '.' || *p == ',') && (p++, !read_fraction (&p, &t->usec)))
        return FALSE;
    }
  return read_zone (p, t);
}

static GTimeZone *
zone_for (Zones           *zones,
          const TimeParts *t)
{
  if (!t->has_zone)
    {
      if (zones->local == NULL)
        zones->local = g_time_zone_new_local ();
      return zones->local;
    }
  if (zones->fixed == NULL || zones->fixed_offset != t->offset)
    {
      g_clear_pointer (&zones->fixed, g_time_zone_unref);
      zones->fixed = g_time_zone_new_offset (t->offset);
      zones->fixed_offset = t->offset;
    }
  return zones->fixed;
}

static void
zones_clear (Zones *zones)
{
  g_clear_pointer (&zones->local, g_time_zone_unref);
  g_clear_pointer (&zones->fixed, g_time_zone_unref);
}

static GDateTime *
parse_time_in (const char *text,
               Zones      *zones)
{
  TimeParts t;

  if (!split_time (text, &t))
    return NULL;
  /* g_date_time_new() checks the ranges (month 13, 30 February, 25:00,
   * second 60) and returns NULL. */
  return g_date_time_new (zone_for (zones, &t), t.year, t.month, t.day,
                          t.hour, t.minute, t.second + t.usec / 1e6);
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
    state->bad_root = quote ((const char *) localname);
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
      quoted = quote (text);
      stop_with (state, _("the response's <Code> '%s' is not a whole number"), quoted);
      return;
    }
  state->response->code = (int) code;
  state->has_code = TRUE;
}

/* The PBX's <Message> ends up in one-line places (stderr, a tooltip, the
 * log), so each run of whitespace or control characters, a line break
 * included, becomes one space. NULL when nothing is left. */
static char *
one_line (const char *text)
{
  GString *out;
  gboolean gap = FALSE;
  const char *p = text;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      /* libxml2 hands out UTF-8; should a byte still be bad, it is dropped
       * rather than stepped over blindly. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          gap = TRUE;
          continue;
        }
      if (gap && out->len > 0)
        g_string_append_c (out, ' ');
      gap = FALSE;
      g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
finish_message (ParseState *state)
{
  g_free (state->response->message);
  state->response->message = one_line (slot_text (state, NAME_MESSAGE));
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
  start_time = parse_time_in (raw, &state->zones);
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

/* Errors raised outside the parser context (the encoding converters) go to
 * the thread's structured handler; this one keeps them off stderr. */
static void
on_stray_xml_error (void     *user_data,
                    XmlError  error)
{
}

static const xmlSAXHandler sax_handler = {
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

/* ---- Driving the parse -------------------------------------------------- */

static gboolean
has_prefix_nocase (const char *p,
                   const char *end,
                   const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

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
      quoted = quote (state->xml_message);
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

static void
state_init (ParseState       *state,
            xmlParserCtxtPtr  ctxt)
{
  guint i;

  memset (state, 0, sizeof *state);
  state->ctxt = ctxt;
  state->response = fd_response_new ();
  state->places[0] = PLACE_DOCUMENT;
  for (i = 0; i < N_NAMES; i++)
    state->names[i] = xmlDictLookup (ctxt->dict, (const xmlChar *) name_strings[i], -1);
  for (i = 0; i < N_SLOTS; i++)
    state->slots[i] = g_string_sized_new (32);
}

static void
state_clear (ParseState *state)
{
  guint i;

  for (i = 0; i < N_SLOTS; i++)
    g_string_free (state->slots[i], TRUE);
  zones_clear (&state->zones);
  g_clear_pointer (&state->response, fd_response_free);
  g_clear_pointer (&state->xml_message, g_free);
  g_clear_pointer (&state->bad_root, g_free);
  g_clear_error (&state->error);
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

/* ---- Encodings ---------------------------------------------------------- */

/*
 * What the bytes are decides, never what the XML declaration claims
 * (docs/ozeki-api.md §7, "Encodings"). .NET writes encoding="utf-16" on
 * bodies it sends as UTF-8, and encoding="utf-8" on UTF-16 with a BOM.
 *
 *  1. A byte order mark decides: EF BB BF is UTF-8, FF FE UTF-16LE,
 *     FE FF UTF-16BE. UTF-16 is converted to UTF-8 with g_convert() first.
 *  2. Without a BOM, bytes that hold no NUL and are valid UTF-8 are UTF-8,
 *     whatever the declaration names.
 *  3. Bytes that are not valid UTF-8 (and hold no NUL) under a declaration
 *     of ISO-8859-x or windows-125x (also latinN, cpN) are converted from
 *     that code page: a real Latin-2 or Windows-1250 body still reads.
 *  4. Bytes with a NUL and no BOM (UTF-16 or UCS-4 without one) are left
 *     to libxml2's own detection, declaration included.
 *  5. Anything else is read as UTF-8: its first bad byte is reported as
 *     "the answer is not valid UTF-8 (line n)".
 *
 * In 1, 2, 3 and 5 libxml2 is handed UTF-8 and told to ignore the
 * declaration (XML_PARSE_IGNORE_ENC), so no label can switch it to a
 * converter that would misread the bytes. A body that is not what its BOM
 * or code page says ends as "the answer is not valid <encoding> (line n)";
 * nothing crashes and nothing is guessed further.
 */

typedef struct {
  const char *data;      /* what libxml2 reads */
  gsize       length;
  char       *owned;     /* a converted copy, or NULL */
  gboolean    utf8;      /* data is UTF-8 whatever its declaration says */
} Decoded;

/* The encoding named by the XML declaration at the start of data (after a
 * UTF-8 BOM); NULL when there is none. *n is its length. */
static const char *
declared_encoding (const char *data,
                   gsize       length,
                   gsize      *n)
{
  const char *p = data;
  const char *end = data + length;
  const char *decl_end;
  const char *enc;
  char quote_char;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  if (!has_prefix_nocase (p, end, "<?xml") || (gsize) (end - p) < 6 || !is_xml_space (p[5]))
    return NULL;
  decl_end = g_strstr_len (p, end - p, "?>");
  if (decl_end == NULL)
    return NULL;
  enc = g_strstr_len (p, decl_end - p, "encoding");
  if (enc == NULL)
    return NULL;
  enc += strlen ("encoding");
  while (enc < decl_end && is_xml_space (*enc))
    enc++;
  if (enc >= decl_end || *enc++ != '=')
    return NULL;
  while (enc < decl_end && is_xml_space (*enc))
    enc++;
  if (enc >= decl_end || (*enc != '"' && *enc != '\''))
    return NULL;
  quote_char = *enc++;
  for (*n = 0; enc + *n < decl_end && enc[*n] != quote_char; (*n)++)
    ;
  return enc;
}

/* A copy of the declared name when it is a single-byte code page we
 * honour on bytes that are not UTF-8 (rule 3); NULL otherwise. */
static char *
declared_code_page (const char *data,
                    gsize       length)
{
  static const char * const prefixes[] = {
    "iso-8859-", "iso8859-", "iso_8859-", "windows-125", "cp125", "latin",
  };
  gsize n = 0, i;
  const char *name = declared_encoding (data, length, &n);

  if (name == NULL || n == 0 || n > 32)
    return NULL;
  for (i = 0; i < n; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_')
      return NULL;
  for (i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (has_prefix_nocase (name, name + n, prefixes[i]) && n > strlen (prefixes[i]))
      return g_strndup (name, n);
  return NULL;
}

/* The line of the code unit at offset in text of unit_size-byte units
 * (big-endian when big). */
static int
line_at (const char *text,
         gsize       offset,
         guint       unit_size,
         gboolean    big)
{
  int line = 1;
  gsize i;

  for (i = 0; i + unit_size <= offset; i += unit_size)
    {
      guchar low = (guchar) text[i + (big ? unit_size - 1 : 0)];
      gboolean newline = low == '\n';

      if (unit_size == 2)
        newline = newline && text[i + (big ? 0 : 1)] == '\0';
      if (newline)
        line++;
    }
  return line;
}

/* Converts length bytes of text from the encoding "from" to UTF-8 into
 * out. FALSE with error set when the bytes are not that encoding; FALSE
 * without when iconv does not know the name. */
static gboolean
convert_to_utf8 (const char  *text,
                 gsize        length,
                 const char  *from,
                 const char  *shown,
                 guint        unit_size,
                 gboolean     big,
                 Decoded     *out,
                 GError     **error)
{
  g_autoptr(GError) convert_error = NULL;
  gsize read = 0, written = 0;
  char *converted;

  converted = g_convert (text, length, "UTF-8", from, &read, &written, &convert_error);
  /* A character cut at the end is no error to g_convert(): it stops short. */
  if (converted != NULL && read < length)
    {
      g_clear_pointer (&converted, g_free);
      g_set_error_literal (&convert_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT,
                           "partial character at the end");
    }
  if (converted != NULL)
    {
      out->owned = converted;
      out->data = converted;
      out->length = written;
      out->utf8 = TRUE;
      return TRUE;
    }
  if (g_error_matches (convert_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
    return FALSE;
  g_debug ("%s: %s", from, convert_error->message);
  /* TRANSLATORS: %s is the name of an encoding, such as UTF-16 or windows-1250. */
  g_set_error (error, FD_ERROR, FD_ERROR_PARSE, _("the answer is not valid %s (line %d)"),
               shown, line_at (text, MIN (read, length), unit_size, big));
  return FALSE;
}

/* Applies the rules above: on success out says what libxml2 reads. */
static gboolean
decode (const char  *data,
        gsize        length,
        Decoded     *out,
        GError     **error)
{
  g_autofree char *code_page = NULL;

  memset (out, 0, sizeof *out);
  out->data = data;
  out->length = length;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      out->data = data + 3;
      out->length = length - 3;
      out->utf8 = TRUE;
      return TRUE;
    }
  if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      gboolean big = (guchar) data[0] == 0xFE;

      if (convert_to_utf8 (data + 2, length - 2, big ? "UTF-16BE" : "UTF-16LE", "UTF-16",
                           2, big, out, error))
        return TRUE;
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, FD_ERROR, FD_ERROR_PARSE, _("the XML parser could not start"));
      return FALSE;
    }
  if (length == 0 || g_utf8_validate_len (data, length, NULL))
    {
      out->utf8 = TRUE;
      return TRUE;
    }
  if (memchr (data, '\0', length) != NULL)
    return TRUE;
  code_page = declared_code_page (data, length);
  if (code_page != NULL)
    {
      GError *convert_error = NULL;

      if (convert_to_utf8 (data, length, code_page, code_page, 1, FALSE, out, &convert_error))
        return TRUE;
      if (convert_error != NULL)
        {
          g_propagate_error (error, convert_error);
          return FALSE;
        }
    }
  out->utf8 = TRUE;
  return TRUE;
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
  memcpy (ctxt->sax, &sax_handler, sizeof sax_handler);
  state_init (&state, ctxt);
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
  state_clear (&state);
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
  Decoded decoded;
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
  if (!decode (data, length, &decoded, error))
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

/* Both StartTime forms of docs/ozeki-api.md §2; without a zone, local time.
 * Surrounding whitespace is allowed. NULL when unreadable. */
GDateTime *
fd_parser_parse_time (const char *text)
{
  g_autofree char *trimmed = NULL;
  Zones zones = { NULL, };
  GDateTime *result;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  result = parse_time_in (trimmed, &zones);
  zones_clear (&zones);
  return result;
}

/* Whole or decimal seconds ("2", "0.749"). Hex, exponents beyond the
 * double range, NaN, infinities, negatives and trailing junk are refused;
 * then *seconds is FD_CALL_NO_DURATION. */
gboolean
fd_parser_parse_seconds (const char *text,
                         double     *seconds)
{
  const char *p;
  char *end = NULL;
  double value;

  if (seconds != NULL)
    *seconds = FD_CALL_NO_DURATION;
  if (text == NULL)
    return FALSE;
  while (is_xml_space (*text))
    text++;
  for (p = text; *p != '\0' && !is_xml_space (*p); p++)
    if (!g_ascii_isdigit (*p) && strchr (".eE+-", *p) == NULL)
      return FALSE;

  value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (is_xml_space (*end))
    end++;
  if (*end != '\0' || !isfinite (value) || value < 0)
    return FALSE;
  if (seconds != NULL)
    *seconds = value == 0 ? 0.0 : value;   /* no "-0" in the output */
  return TRUE;
}
