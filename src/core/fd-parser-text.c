/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdParser"

/* Leaf helpers of the parser on plain text: times and durations, pieces of
 * the body quoted in a sentence, the PBX's message on one line, and the
 * encoding rule. Nothing here calls the rest of the parser. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-parser-private.h"

#include <math.h>
#include <string.h>

/* A piece of the body, safe and short enough for an error sentence. */
char *
fd_parser_quote (const char *text)
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

void
fd_parser_zones_clear (Zones *zones)
{
  g_clear_pointer (&zones->local, g_time_zone_unref);
  g_clear_pointer (&zones->fixed, g_time_zone_unref);
}

GDateTime *
fd_parser_time_in (const char *text,
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

/* The PBX's <Message> ends up in one-line places (stderr, a tooltip, the
 * log), so each run of whitespace or control characters, a line break
 * included, becomes one space. NULL when nothing is left. */
char *
fd_parser_one_line (const char *text)
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
convert_to_utf8 (const char       *text,
                 gsize             length,
                 const char       *from,
                 const char       *shown,
                 guint             unit_size,
                 gboolean          big,
                 FdParserDecoded  *out,
                 GError          **error)
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
gboolean
fd_parser_decode (const char       *data,
                  gsize             length,
                  FdParserDecoded  *out,
                  GError          **error)
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
  result = fd_parser_time_in (trimmed, &zones);
  fd_parser_zones_clear (&zones);
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
