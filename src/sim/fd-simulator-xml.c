/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The XML the simulator answers with: the <Code>/<Message> of every reply
 * with Ozeki's literal texts (docs/ozeki-api.md §3), and the active calls
 * in the XE (CallInfo) and Ozeki 10 (Call) dialects. A leaf over the call
 * model: it takes plain arguments and calls nothing back.
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-error.h"
#include "fd-simulator-private.h"

#include <string.h>

/* Status codes and message templates of docs/ozeki-api.md §3. */
static const struct {
  int         code;
  const char *text;
} api_messages[] = {
  { 200, "Command successfully executed" },
  { 300, "Error occured during parsing message: '{0}'" },
  { 301, "Not implemented command: '{0}'" },
  { 302, "Missing or invalid parameter '{0}' for command '{1}'" },
  { 303, "Command '{0}' cannot be used here" },
  { 304, "Authentication required" },
  { 305, "Authentication failed, bad username or password" },
  { 306, "User is not allowed to use API in ACL" },
  { 307, "Use API from this address is forbidden" },
  { 401, "API extension '{0}' unavailable, please check configuration or permissions" },
  { 402, "Call connect to '{0}' failed with result state '{1}'" },
  { 501, "Destination of the SMS is not found" },
  { 601, "Call not found with ID '{0}'" },
  { 701, "Configuration for type '{0}' not found" },
  { 702, "Invalid configuration for type '{0}'" },
  { 703, "Extension configuration already exists" },
};

static char *
api_message (int         code,
             const char *arg0,
             const char *arg1)
{
  const char *template = "Error";
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (api_messages); i++)
    if (api_messages[i].code == code)
      template = api_messages[i].text;

  for (const char *p = template; *p; p++)
    {
      if (g_str_has_prefix (p, "{0}"))
        {
          g_string_append (out, arg0 ? arg0 : "");
          p += 2;
        }
      else if (g_str_has_prefix (p, "{1}"))
        {
          g_string_append (out, arg1 ? arg1 : "");
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Text that came from outside (a request, a scenario) may be invalid UTF-8
 * or hold control characters, which no XML 1.0 document may contain. */
static char *
sanitize (const char *text)
{
  char *valid = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = valid; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return valid;
}

/* Escapes text content the way .NET's XmlSerializer does: only &, < and
 * > (g_markup_escape_text would also turn ' into &apos;). */
static void
append_element (GString    *xml,
                const char *indent,
                const char *name,
                const char *text)
{
  g_string_append_printf (xml, "%s<%s>", indent, name);
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '&')
        g_string_append (xml, "&amp;");
      else if (*p == '<')
        g_string_append (xml, "&lt;");
      else if (*p == '>')
        g_string_append (xml, "&gt;");
      else
        g_string_append_c (xml, *p);
    }
  g_string_append_printf (xml, "</%s>\n", name);
}

char *
_fd_simulator_error_body (int         code,
                          const char *arg0,
                          const char *arg1)
{
  g_autofree char *clean0 = sanitize (arg0);
  g_autofree char *clean1 = sanitize (arg1);
  g_autofree char *message = api_message (code, clean0, clean1);
  g_autofree char *code_text = g_strdup_printf ("%d", code);
  GString *xml = g_string_new (XML_HEADER);

  append_element (xml, "  ", "Code", code_text);
  append_element (xml, "  ", "Message", message);
  g_string_append (xml, "</Response>\n");
  return g_string_free (xml, FALSE);
}

char *
_fd_simulator_ok_body (void)
{
  return _fd_simulator_error_body (FD_API_CODE_OK, NULL, NULL);
}

static void
append_call_xe (GString *xml,
                SimCall *call,
                gint64   now)
{
  g_autofree char *base = g_date_time_format (call->start_time, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (call->start_time, "%:z");
  g_autofree char *time = NULL;
  char number[32];
  char fraction[16];
  int ticks = g_date_time_get_microsecond (call->start_time) * 10;
  gsize length;

  /* .NET round-trip style: 100 ns ticks, trailing zeros trimmed. */
  g_snprintf (fraction, sizeof fraction, ".%07d", ticks);
  for (length = strlen (fraction); length > 1 && fraction[length - 1] == '0'; length--)
    fraction[length - 1] = '\0';
  time = g_strconcat (base, length > 1 ? fraction : "", zone, NULL);

  g_string_append (xml, "    <CallInfo>\n");
  append_element (xml, "      ", "CallState", call->state);
  append_element (xml, "      ", "CallId", call->id);
  append_element (xml, "      ", "Source", call->source);
  append_element (xml, "      ", "CallerId", call->caller_id);
  append_element (xml, "      ", "Destination", call->destination);
  append_element (xml, "      ", "StartTime", time);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              _fd_simulator_call_ring_us (call, now) / G_USEC_PER_SEC);
  append_element (xml, "      ", "RingDuration", number);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              _fd_simulator_call_talk_us (call, now) / G_USEC_PER_SEC);
  append_element (xml, "      ", "TalkDuration", number);
  g_string_append (xml, "    </CallInfo>\n");
}

static void
append_call_ozeki10 (GString *xml,
                     SimCall *call,
                     gint64   now)
{
  g_autofree char *time = g_date_time_format (call->start_time, "%Y-%m-%d %H:%M:%S");
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (xml, "    <Call>\n");
  append_element (xml, "      ", "CallId", call->id);
  append_element (xml, "      ", "Source", call->source);
  append_element (xml, "      ", "CallerId", call->caller_id);
  append_element (xml, "      ", "Destination", call->destination);
  append_element (xml, "      ", "CallerDialed", call->dialed);
  append_element (xml, "      ", "CalleeDialed", call->destination);
  append_element (xml, "      ", "StartTime", time);
  g_ascii_formatd (number, sizeof number, "%.3f",
                   _fd_simulator_call_ring_us (call, now) / (double) G_USEC_PER_SEC);
  append_element (xml, "      ", "RingDuration", number);
  g_ascii_formatd (number, sizeof number, "%.3f",
                   _fd_simulator_call_talk_us (call, now) / (double) G_USEC_PER_SEC);
  append_element (xml, "      ", "TalkDuration", number);
  append_element (xml, "      ", "CallState", call->state);
  g_string_append (xml, "    </Call>\n");
}

/* The ListActiveCalls answer, in the simulator's dialect. */
char *
_fd_simulator_active_calls_body (GPtrArray *calls,
                                 FdDialect  dialect)
{
  GString *xml = g_string_new (XML_HEADER);
  gint64 now = g_get_monotonic_time ();

  append_element (xml, "  ", "Code", "200");
  append_element (xml, "  ", "Message", "Command successfully executed");
  if (calls->len == 0)
    g_string_append (xml, "  <ActiveCalls />\n");
  else
    {
      g_string_append (xml, "  <ActiveCalls>\n");
      for (guint i = 0; i < calls->len; i++)
        if (dialect == FD_DIALECT_OZEKI10)
          append_call_ozeki10 (xml, g_ptr_array_index (calls, i), now);
        else
          append_call_xe (xml, g_ptr_array_index (calls, i), now);
      g_string_append (xml, "  </ActiveCalls>\n");
    }
  g_string_append (xml, "</Response>\n");
  return g_string_free (xml, FALSE);
}

static void
append_history_call (GString    *xml,
                     SimEnded   *ended,
                     const char *element)
{
  g_autofree char *time = g_date_time_format (ended->start_time, "%Y-%m-%d %H:%M:%S");

  g_string_append_printf (xml, "    <%s>\n", element);
  append_element (xml, "      ", "StartTime", time);
  append_element (xml, "      ", "Direction", "Internal");
  append_element (xml, "      ", "Source", ended->source);
  append_element (xml, "      ", "Destination", ended->destination);
  append_element (xml, "      ", "State", ended->state);
  append_element (xml, "      ", "Dialed", ended->dialed);
  append_element (xml, "      ", "CallerId", ended->caller_id);
  append_element (xml, "      ", "Type", "Audio");
  append_element (xml, "      ", "CallId", ended->id);
  g_string_append_printf (xml, "    </%s>\n", element);
}

/* XE: <NumberOfCalls> and <Calls><Call>…, as p_4804 shows. Ozeki 10:
 * <TotalRecords> and one <CallHistory> per call, our reading of p_7634
 * (docs/ozeki-api.md §5, [inferred]). */
char *
_fd_simulator_history_body (GPtrArray *page,
                            guint      total,
                            FdDialect  dialect)
{
  GString *xml = g_string_new (XML_HEADER);
  g_autofree char *count = g_strdup_printf ("%u", total);
  gboolean ozeki10 = dialect == FD_DIALECT_OZEKI10;

  append_element (xml, "  ", "Code", "200");
  append_element (xml, "  ", "Message", "Command successfully executed");
  append_element (xml, "  ", ozeki10 ? "TotalRecords" : "NumberOfCalls", count);
  if (!ozeki10)
    g_string_append (xml, "  <Calls>\n");
  for (guint i = 0; i < page->len; i++)
    append_history_call (xml, g_ptr_array_index (page, i), ozeki10 ? "CallHistory" : "Call");
  if (!ozeki10)
    g_string_append (xml, "  </Calls>\n");
  g_string_append (xml, "</Response>\n");
  return g_string_free (xml, FALSE);
}
