/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournalEntry"

#include "config.h"

#include "fd-journal-entry.h"
#include "fd-journal.h"
#include "fd-json.h"

#include <math.h>

struct _FdJournalEntry
{
  GObject        parent_instance;

  gint64         id;             /* the row's own key, not the PBX's CallId */
  FdCall        *call;           /* the call as last seen */
  FdCallOutcome  outcome;
  GDateTime     *ended_time;
  gboolean       handled;
  GDateTime     *handled_time;   /* NULL unless handled */

  /* Schema version 2; NULL when not known (rows of version 1). */
  char            *note;
  char            *handled_by;
  FdJournalSource  source;
  char            *recorded_by;
  char            *pbx;
};

G_DEFINE_FINAL_TYPE (FdJournalEntry, fd_journal_entry, G_TYPE_OBJECT)

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

static void
fd_journal_entry_finalize (GObject *object)
{
  FdJournalEntry *self = (FdJournalEntry *) object;

  g_clear_object (&self->call);
  g_clear_pointer (&self->ended_time, g_date_time_unref);
  g_clear_pointer (&self->handled_time, g_date_time_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->handled_by, g_free);
  g_clear_pointer (&self->recorded_by, g_free);
  g_clear_pointer (&self->pbx, g_free);

  G_OBJECT_CLASS (fd_journal_entry_parent_class)->finalize (object);
}

static void
fd_journal_entry_class_init (FdJournalEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_journal_entry_finalize;
}

static void
fd_journal_entry_init (FdJournalEntry *self)
{
}

/**
 * fd_journal_entry_new:
 * @call: (transfer none): copied, so later changes to it do not show here
 * @handled_time: (nullable): when it was marked handled
 */
FdJournalEntry *
fd_journal_entry_new (gint64         id,
                      FdCall        *call,
                      FdCallOutcome  outcome,
                      GDateTime     *ended_time,
                      gboolean       handled,
                      GDateTime     *handled_time)
{
  FdJournalEntry *self;

  g_return_val_if_fail (FD_IS_CALL (call), NULL);
  g_return_val_if_fail (ended_time != NULL, NULL);

  self = g_object_new (FD_TYPE_JOURNAL_ENTRY, NULL);
  self->id = id;
  self->call = fd_call_copy (call);
  self->outcome = outcome;
  self->ended_time = g_date_time_ref (ended_time);
  self->handled = !!handled;
  if (handled_time != NULL)
    self->handled_time = g_date_time_ref (handled_time);
  return self;
}

gint64
fd_journal_entry_get_id (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), 0);
  return self->id;
}

FdCall *
fd_journal_entry_get_call (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->call;
}

FdCallOutcome
fd_journal_entry_get_outcome (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FD_CALL_OUTCOME_MISSED);
  return self->outcome;
}

gboolean
fd_journal_entry_is_missed (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FALSE);
  return self->outcome == FD_CALL_OUTCOME_MISSED;
}

GDateTime *
fd_journal_entry_get_ended_time (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->ended_time;
}

gboolean
fd_journal_entry_get_handled (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FALSE);
  return self->handled;
}

GDateTime *
fd_journal_entry_get_handled_time (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->handled_time;
}

void
fd_journal_entry_set_details (FdJournalEntry  *self,
                              const char      *note,
                              const char      *handled_by,
                              FdJournalSource  source,
                              const char      *recorded_by,
                              const char      *pbx)
{
  g_return_if_fail (FD_IS_JOURNAL_ENTRY (self));

  g_free (self->note);
  self->note = g_strdup (note);
  g_free (self->handled_by);
  self->handled_by = g_strdup (handled_by);
  self->source = source;
  g_free (self->recorded_by);
  self->recorded_by = g_strdup (recorded_by);
  g_free (self->pbx);
  self->pbx = g_strdup (pbx);
}

const char *
fd_journal_entry_get_note (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->note;
}

/* The name given when it was marked handled; NULL when marked without
 * one (or not handled). */
const char *
fd_journal_entry_get_handled_by (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->handled_by;
}

FdJournalSource
fd_journal_entry_get_source (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FD_JOURNAL_SOURCE_POLL);
  return self->source;
}

const char *
fd_journal_entry_get_recorded_by (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->recorded_by;
}

/* The PBX's redacted URL; "" when the writer did not say, NULL for rows
 * of schema version 1. */
const char *
fd_journal_entry_get_pbx (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->pbx;
}

/* The journal's keys after the call's (docs/cli-contract.md, extended only by
 * adding). entry_source, not source: the call's "source" is the caller. */
static void
append_journal_json (FdJournalEntry *self,
                     GString        *out)
{
  g_autoptr(GDateTime) handled_at = NULL;

  if (self->handled_time != NULL)
    handled_at = g_date_time_to_local (self->handled_time);
  g_string_append_printf (out, ", \"entry_id\": %" G_GINT64_FORMAT, self->id);
  g_string_append (out, ", \"note\": ");
  fd_json_append_string (out, self->note);
  g_string_append (out, ", \"handled_by\": ");
  fd_json_append_string (out, self->handled_by);
  g_string_append (out, ", \"handled_at\": ");
  fd_json_append_time (out, handled_at);
  g_string_append (out, ", \"entry_source\": ");
  fd_json_append_string (out, fd_journal_source_to_string (self->source));
  g_string_append (out, ", \"recorded_by\": ");
  fd_json_append_string (out, self->recorded_by);
  g_string_append (out, ", \"pbx\": ");
  /* "" (not said) and NULL (schema 1) both read as "not known". */
  fd_json_append_string (out, self->pbx != NULL && *self->pbx != '\0' ? self->pbx : NULL);
}

/* The call's object of docs/cli-contract.md plus outcome, ended_time (local
 * time) and handled. fd_json_append_call() closes its object, so the
 * closing brace is taken back to add the journal's keys. */
void
fd_journal_entry_append_json (FdJournalEntry *self,
                              GString        *out)
{
  g_autoptr(GDateTime) ended = NULL;

  g_return_if_fail (FD_IS_JOURNAL_ENTRY (self));
  g_return_if_fail (out != NULL);

  ended = g_date_time_to_local (self->ended_time);
  fd_json_append_call (out, self->call);
  g_assert (out->len > 0 && out->str[out->len - 1] == '}');
  g_string_truncate (out, out->len - 1);
  g_string_append (out, ", \"outcome\": ");
  fd_json_append_string (out, fd_call_outcome_to_string (self->outcome));
  g_string_append (out, ", \"ended_time\": ");
  fd_json_append_time (out, ended);
  g_string_append (out, ", \"handled\": ");
  g_string_append (out, self->handled ? "true" : "false");
  append_journal_json (self, out);
  g_string_append_c (out, '}');
}

/**
 * fd_journal_entries_to_json:
 * @entries: (element-type FdJournalEntry): as fd_journal_list() returns them
 *
 * Returns: one JSON array, one call a line, ending in a newline
 */
char *
fd_journal_entries_to_json (GPtrArray *entries)
{
  GString *out;

  g_return_val_if_fail (entries != NULL, NULL);

  out = g_string_new ("[");
  for (guint i = 0; i < entries->len; i++)
    {
      g_string_append (out, i == 0 ? "\n  " : ",\n  ");
      fd_journal_entry_append_json (g_ptr_array_index (entries, i), out);
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
  if (self->outcome != FD_CALL_OUTCOME_MISSED)
    return "";
  return self->handled ? "yes" : "NO";
}

static char **
entry_cells (FdJournalEntry *self)
{
  g_autoptr(GDateTime) ended = g_date_time_to_local (self->ended_time);
  g_autofree char *caller = fd_call_dup_caller_display (self->call);
  const char *called = fd_call_get_destination (self->call);
  char **cells = g_new0 (char *, N_COLS + 1);

  if (called == NULL)
    called = fd_call_get_callee_dialed (self->call);

  cells[COL_ENDED] = g_date_time_format (ended, "%Y-%m-%d %H:%M:%S");
  cells[COL_OUTCOME] = g_strdup (fd_call_outcome_to_string (self->outcome));
  cells[COL_CALLER] = sanitize_cell (caller);
  cells[COL_CALLED] = sanitize_cell (called);
  cells[COL_RING] = format_duration (fd_call_get_ring_seconds (self->call));
  cells[COL_TALK] = format_duration (fd_call_get_talk_seconds (self->call));
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
 * fd_journal_entries_to_text:
 * @entries: (element-type FdJournalEntry): as fd_journal_list() returns them
 *
 * Returns: an aligned table with a title line, times in local time. Missed
 * calls not yet handled say "NO" in the last column.
 */
char *
fd_journal_entries_to_text (GPtrArray *entries)
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
