/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCli"

/* `frontdesk --history`'s output: the journal's entries as the JSON of
 * docs/cli-contract.md or as an aligned table for a terminal. */

#include "config.h"

#include "fd-cli-history-print.h"
#include "fd-journal.h"
#include "fd-json.h"

#include <math.h>

/* The columns of the text table, in order. */
enum {
  COL_ENDED,
  COL_OUTCOME,
  COL_CALLER,
  COL_CALLED,
  COL_RING,
  COL_TALK,
  COL_HANDLED,
  N_COLS
};

static const char *const column_titles[N_COLS] = {
  "Ended", "Outcome", "Caller", "Called", "Ring", "Talk", "Handled",
};

/* Names come from the PBX: long ones are cut so one call stays one line. */
#define MAX_CELL_WIDTH 32

/* The journal's keys after the call's (docs/cli-contract.md, extended only by
 * adding). entry_source, not source: the call's "source" is the caller. */
static void
append_journal_json (FdJournalEntry *self,
                     GString        *out)
{
  const char *pbx = fd_journal_entry_get_pbx (self);
  g_autoptr(GDateTime) handled_at = NULL;

  if (fd_journal_entry_get_handled_time (self) != NULL)
    handled_at = g_date_time_to_local (fd_journal_entry_get_handled_time (self));
  g_string_append_printf (out, ", \"entry_id\": %" G_GINT64_FORMAT, fd_journal_entry_get_id (self));
  g_string_append (out, ", \"note\": ");
  fd_json_append_string (out, fd_journal_entry_get_note (self));
  g_string_append (out, ", \"handled_by\": ");
  fd_json_append_string (out, fd_journal_entry_get_handled_by (self));
  g_string_append (out, ", \"handled_at\": ");
  fd_json_append_time (out, handled_at);
  g_string_append (out, ", \"entry_source\": ");
  fd_json_append_string (out, fd_journal_source_to_string (fd_journal_entry_get_source (self)));
  g_string_append (out, ", \"recorded_by\": ");
  fd_json_append_string (out, fd_journal_entry_get_recorded_by (self));
  g_string_append (out, ", \"pbx\": ");
  /* "" (not said) and NULL (schema 1) both read as "not known". */
  fd_json_append_string (out, pbx != NULL && *pbx != '\0' ? pbx : NULL);
}

/* The call's object of docs/cli-contract.md plus outcome, ended_time (local
 * time) and handled. fd_json_append_call() closes its object, so the
 * closing brace is taken back to add the journal's keys. */
static void
append_entry_json (FdJournalEntry *self,
                   GString        *out)
{
  g_autoptr(GDateTime) ended = NULL;

  ended = g_date_time_to_local (fd_journal_entry_get_ended_time (self));
  fd_json_append_call (out, fd_journal_entry_get_call (self));
  g_assert (out->len > 0 && out->str[out->len - 1] == '}');
  g_string_truncate (out, out->len - 1);
  g_string_append (out, ", \"outcome\": ");
  fd_json_append_string (out, fd_call_outcome_to_string (fd_journal_entry_get_outcome (self)));
  g_string_append (out, ", \"ended_time\": ");
  fd_json_append_time (out, ended);
  g_string_append (out, ", \"handled\": ");
  g_string_append (out, fd_journal_entry_get_handled (self) ? "true" : "false");
  append_journal_json (self, out);
  g_string_append_c (out, '}');
}

/**
 * fd_cli_history_to_json:
 * @entries: (element-type FdJournalEntry): as fd_journal_list() returns them
 *
 * Returns: one JSON array, one call a line, ending in a newline
 */
char *
fd_cli_history_to_json (GPtrArray *entries)
{
  GString *out;

  g_return_val_if_fail (entries != NULL, NULL);

  out = g_string_new ("[");
  for (guint i = 0; i < entries->len; i++)
    {
      g_string_append (out, i == 0 ? "\n  " : ",\n  ");
      append_entry_json (g_ptr_array_index (entries, i), out);
    }
  g_string_append (out, entries->len > 0 ? "\n]\n" : "]\n");
  return g_string_free (out, FALSE);
}

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* Text from the PBX goes to a terminal: control characters (an escape
 * sequence in a caller name could repaint the screen) become '?'. */
static GString *
replace_controls (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? '?' : c);
    }
  return out;
}

/* Cut to MAX_CELL_WIDTH cells, the last one an ellipsis. */
static char *
sanitize_cell (const char *text)
{
  GString *out = replace_controls (text);
  guint width = 0;

  if (text_width (out->str) <= MAX_CELL_WIDTH)
    return g_string_free (out, FALSE);

  for (const char *p = out->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint w = char_width (g_utf8_get_char (p));

      if (width + w > MAX_CELL_WIDTH - 1)
        {
          g_string_truncate (out, p - out->str);
          break;
        }
      width += w;
    }
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static char *
format_duration (double seconds)
{
  long total;

  if (seconds < 0 || !isfinite (seconds))
    return g_strdup ("-");
  total = lround (seconds);
  return g_strdup_printf ("%ld:%02ld", total / 60, total % 60);
}

static const char *
handled_mark (FdJournalEntry *self)
{
  if (fd_journal_entry_get_outcome (self) != FD_CALL_OUTCOME_MISSED)
    return "";
  return fd_journal_entry_get_handled (self) ? "yes" : "NO";
}

static char **
entry_cells (FdJournalEntry *self)
{
  g_autoptr(GDateTime) ended = g_date_time_to_local (fd_journal_entry_get_ended_time (self));
  g_autofree char *caller = fd_call_dup_caller_display (fd_journal_entry_get_call (self));
  const char *called = fd_call_get_destination (fd_journal_entry_get_call (self));
  char **cells = g_new0 (char *, N_COLS + 1);

  if (called == NULL)
    called = fd_call_get_callee_dialed (fd_journal_entry_get_call (self));

  cells[COL_ENDED] = g_date_time_format (ended, "%Y-%m-%d %H:%M:%S");
  cells[COL_OUTCOME] = g_strdup (fd_call_outcome_to_string (fd_journal_entry_get_outcome (self)));
  cells[COL_CALLER] = sanitize_cell (caller);
  cells[COL_CALLED] = sanitize_cell (called);
  cells[COL_RING] = format_duration (fd_call_get_ring_seconds (fd_journal_entry_get_call (self)));
  cells[COL_TALK] = format_duration (fd_call_get_talk_seconds (fd_journal_entry_get_call (self)));
  cells[COL_HANDLED] = g_strdup (handled_mark (self));
  return cells;
}

static void
append_row (GString            *out,
            const char * const *cells,
            const guint        *widths)
{
  gsize line_start = out->len;

  for (guint col = 0; col < N_COLS; col++)
    {
      guint pad = widths[col] - text_width (cells[col]);
      gboolean right = col == COL_RING || col == COL_TALK;

      if (col > 0)
        g_string_append (out, "  ");
      if (right)
        g_string_append_printf (out, "%*s", (int) pad, "");
      g_string_append (out, cells[col]);
      if (!right)
        g_string_append_printf (out, "%*s", (int) pad, "");
    }
  while (out->len > line_start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

/**
 * fd_cli_history_to_text:
 * @entries: (element-type FdJournalEntry): as fd_journal_list() returns them
 *
 * Returns: an aligned table with a title line, times in local time. Missed
 * calls not yet handled say "NO" in the last column.
 */
char *
fd_cli_history_to_text (GPtrArray *entries)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint widths[N_COLS];
  GString *out;

  g_return_val_if_fail (entries != NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint col = 0; col < N_COLS; col++)
    widths[col] = text_width (column_titles[col]);
  for (guint i = 0; i < entries->len; i++)
    {
      char **cells = entry_cells (g_ptr_array_index (entries, i));

      for (guint col = 0; col < N_COLS; col++)
        widths[col] = MAX (widths[col], text_width (cells[col]));
      g_ptr_array_add (rows, cells);
    }

  out = g_string_new (NULL);
  append_row (out, column_titles, widths);
  for (guint i = 0; i < rows->len; i++)
    append_row (out, (const char * const *) g_ptr_array_index (rows, i), widths);
  return g_string_free (out, FALSE);
}
