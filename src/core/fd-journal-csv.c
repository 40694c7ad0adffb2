/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-csv.h"
#include "fd-json.h"

#include <math.h>
#include <string.h>

/* CSV formula injection: a spreadsheet runs a cell starting with = + - or
 * @ (and, in some, a tab or CR) as a formula, so a caller name such as
 * "=cmd|' /C calc'!A0" chosen by whoever calls could run a command on the
 * receptionist's machine when the export is opened. Every text that came
 * from the PBX and starts with one of those gets a leading single quote,
 * the OWASP advice: spreadsheets show it as text. This alters such values
 * (a number "+3612345678" exports as "'+3612345678", which also stops
 * spreadsheets from turning it into a number and dropping the plus); the
 * exact values are in `frontdesk --history --json`, the interface for
 * programs. Our own fields (times, outcome, durations) never start so. */
static gboolean
needs_formula_guard (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/* RFC 4180: a field holding a quote, comma, CR or LF is quoted, its
 * quotes doubled. NULL is an empty field. Each field ends in a comma,
 * which end_csv_row() turns into the line end. */
static void
append_csv_field (GString    *row,
                  const char *text,
                  gboolean    from_pbx)
{
  g_autofree char *guarded = NULL;

  if (text == NULL)
    text = "";
  if (from_pbx && needs_formula_guard (text))
    text = guarded = g_strconcat ("'", text, NULL);

  if (strpbrk (text, "\",\r\n") == NULL)
    {
      g_string_append (row, text);
      g_string_append_c (row, ',');
      return;
    }
  g_string_append_c (row, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  g_string_append (row, "\",");
}

static void
end_csv_row (GString *row)
{
  g_assert (row->len > 0 && row->str[row->len - 1] == ',');
  g_string_truncate (row, row->len - 1);
  g_string_append (row, "\r\n");
}

static void
append_csv_time (GString   *row,
                 GDateTime *time)
{
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;
  g_autofree char *text = local != NULL ? fd_json_format_time (local) : NULL;

  append_csv_field (row, text, FALSE);
}

static void
append_csv_duration (GString *row,
                     double   seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (seconds < 0 || !isfinite (seconds))
    append_csv_field (row, NULL, FALSE);
  else
    append_csv_field (row, g_ascii_dtostr (buf, sizeof buf, seconds), FALSE);
}

#define CSV_HEADER \
  "ended_time,outcome,handled,handled_time,caller_id,source,destination," \
  "caller_dialed,callee_dialed,start_time,ring_seconds,talk_seconds,state,call_id," \
  "note,handled_by,entry_source\r\n"

static void
append_csv_row (GString        *row,
                FdJournalEntry *entry)
{
  FdCall *call = fd_journal_entry_get_call (entry);
  g_autofree char *start = fd_json_format_call_time (call);

  append_csv_time (row, fd_journal_entry_get_ended_time (entry));
  append_csv_field (row, fd_call_outcome_to_string (fd_journal_entry_get_outcome (entry)), FALSE);
  append_csv_field (row, fd_journal_entry_get_handled (entry) ? "true" : "false", FALSE);
  append_csv_time (row, fd_journal_entry_get_handled_time (entry));
  append_csv_field (row, fd_call_get_caller_id (call), TRUE);
  append_csv_field (row, fd_call_get_source (call), TRUE);
  append_csv_field (row, fd_call_get_destination (call), TRUE);
  append_csv_field (row, fd_call_get_caller_dialed (call), TRUE);
  append_csv_field (row, fd_call_get_callee_dialed (call), TRUE);
  append_csv_field (row, start, FALSE);
  append_csv_duration (row, fd_call_get_ring_seconds (call));
  append_csv_duration (row, fd_call_get_talk_seconds (call));
  append_csv_field (row, fd_call_get_state (call), TRUE);
  append_csv_field (row, fd_call_get_id (call), TRUE);
  /* Schema 2's columns go last, so a spreadsheet built on the old ones
   * still finds them where they were. */
  append_csv_field (row, fd_journal_entry_get_note (entry), TRUE);
  append_csv_field (row, fd_journal_entry_get_handled_by (entry), TRUE);
  append_csv_field (row, fd_journal_source_to_string (fd_journal_entry_get_source (entry)), FALSE);
  end_csv_row (row);
}

/**
 * fd_journal_export_csv:
 * @search: (nullable): as for fd_journal_list()
 * @out: receives UTF-8 CSV (RFC 4180, CRLF line ends, a header row and no
 *   byte order mark), newest call first; it is not closed
 *
 * Times are local RFC 3339, durations in seconds. Synchronous: call it from
 * a thread (GTask) for a large journal.
 */
gboolean
fd_journal_export_csv (FdJournal        *self,
                       FdJournalFilter   filter,
                       const char       *search,
                       GOutputStream    *out,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) row = g_string_new (NULL);

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((entries = fd_journal_list (self, filter, search, 0, error)) == NULL)
    return FALSE;
  if (!g_output_stream_write_all (out, CSV_HEADER, strlen (CSV_HEADER), NULL, cancellable, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      /* Not every stream checks (a memory stream never does). */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_string_truncate (row, 0);
      append_csv_row (row, g_ptr_array_index (entries, i));
      if (!g_output_stream_write_all (out, row->str, row->len, NULL, cancellable, error))
        return FALSE;
    }
  return TRUE;
}
