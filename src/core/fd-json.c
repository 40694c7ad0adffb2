/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJson"

#include "config.h"

#include "fd-json.h"

#include <math.h>
#include <string.h>

/* NULL becomes null. Control characters, quotes and backslashes are
 * escaped; everything else is UTF-8 already (the parser guarantees it). */
void
fd_json_append_string (GString    *out,
                       const char *value)
{
  g_return_if_fail (out != NULL);

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* Whole numbers print without a fraction; others in the shortest form
 * that reads back the same. A missing duration is null. */
void
fd_json_append_number (GString *out,
                       double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  if (value < 0 || !isfinite (value))
    g_string_append (out, "null");
  else if (value == floor (value) && value < 1e15)
    g_string_append_printf (out, "%.0f", value);
  else
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

/* RFC 3339 with the offset written out, microseconds only when present. */
char *
fd_json_format_time (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  if (g_date_time_get_microsecond (time) != 0)
    return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%f%:z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

void
fd_json_append_time (GString   *out,
                     GDateTime *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  text = fd_json_format_time (time);
  fd_json_append_string (out, text);
}

static gboolean
is_digits (const char *p,
           guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM): what RFC 3339 calls date-time. */
static gboolean
is_rfc3339 (const char *s)
{
  const char *p;

  if (strlen (s) < 20 || !is_digits (s, 4) || s[4] != '-' || !is_digits (s + 5, 2) ||
      s[7] != '-' || !is_digits (s + 8, 2) || (s[10] != 'T' && s[10] != 't') ||
      !is_digits (s + 11, 2) || s[13] != ':' || !is_digits (s + 14, 2) || s[16] != ':' ||
      !is_digits (s + 17, 2))
    return FALSE;

  p = s + 19;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
    return TRUE;
  return (*p == '+' || *p == '-') && is_digits (p + 1, 2) && p[3] == ':' &&
         is_digits (p + 4, 2) && p[6] == '\0';
}

/* The PBX's own text when it is RFC 3339 already (keeping all seven
 * fraction digits an XE server may send); otherwise the parsed time, which
 * for Ozeki 10's zone-less form is the machine's local time. */
char *
fd_json_format_call_time (FdCall *call)
{
  const char *raw = fd_call_get_start_time_raw (call);
  GDateTime *time = fd_call_get_start_time (call);

  if (time == NULL)
    return NULL;
  if (raw != NULL && is_rfc3339 (raw))
    return g_strdup (raw);
  return fd_json_format_time (time);
}

/* Always present, null when no name is known (docs/cli-contract.md). */
static void
append_names (GString *out,
              FdCall  *call)
{
  g_string_append (out, ", \"caller_name\": ");
  fd_json_append_string (out, fd_call_get_caller_name (call));
  g_string_append (out, ", \"caller_name_source\": ");
  fd_json_append_string (out, fd_name_source_to_string (fd_call_get_caller_name_source (call)));
  g_string_append (out, ", \"callee_name\": ");
  fd_json_append_string (out, fd_call_get_callee_name (call));
  g_string_append (out, ", \"callee_name_source\": ");
  fd_json_append_string (out, fd_name_source_to_string (fd_call_get_callee_name_source (call)));
}

void
fd_json_append_call (GString *out,
                     FdCall  *call)
{
  g_autofree char *start = fd_json_format_call_time (call);

  g_string_append (out, "{\"id\": ");
  fd_json_append_string (out, fd_call_get_id (call));
  g_string_append (out, ", \"state\": ");
  fd_json_append_string (out, fd_call_get_state (call));
  g_string_append (out, ", \"source\": ");
  fd_json_append_string (out, fd_call_get_source (call));
  g_string_append (out, ", \"caller_id\": ");
  fd_json_append_string (out, fd_call_get_caller_id (call));
  g_string_append (out, ", \"destination\": ");
  fd_json_append_string (out, fd_call_get_destination (call));
  g_string_append (out, ", \"start_time\": ");
  fd_json_append_string (out, start);
  g_string_append (out, ", \"ring_seconds\": ");
  fd_json_append_number (out, fd_call_get_ring_seconds (call));
  g_string_append (out, ", \"talk_seconds\": ");
  fd_json_append_number (out, fd_call_get_talk_seconds (call));
  append_names (out, call);
  if (fd_call_get_caller_dialed (call) != NULL)
    {
      g_string_append (out, ", \"caller_dialed\": ");
      fd_json_append_string (out, fd_call_get_caller_dialed (call));
    }
  if (fd_call_get_callee_dialed (call) != NULL)
    {
      g_string_append (out, ", \"callee_dialed\": ");
      fd_json_append_string (out, fd_call_get_callee_dialed (call));
    }
  g_string_append_c (out, '}');
}
