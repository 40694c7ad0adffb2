/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallsPage"

#include "config.h"

#include "fd-call-rows.h"
#include "fd-format.h"
#include "fd-tree-util.h"

#include <glib/gi18n.h>
#include <string.h>

/* The polled duration, plus the time since that poll while it still runs. */
static double
live_seconds (double   polled,
              gboolean running,
              double   elapsed)
{
  if (polled < 0 || !running)
    return polled;
  return polled + elapsed;
}

/* Values for some of a row's columns, set in one go: every
 * gtk_list_store_set () is a "row-changed" that the view (and the filter,
 * while searching) handles on its own. */
typedef struct {
  int    columns[FD_CALLS_N_COLUMNS];
  GValue values[FD_CALLS_N_COLUMNS];
  int    n;
} RowValues;

static GValue *
row_add (RowValues *row,
         int        column,
         GType      type)
{
  GValue *value = &row->values[row->n];

  row->columns[row->n++] = column;
  return g_value_init (value, type);
}

static void
row_clear (RowValues *row)
{
  for (int i = 0; i < row->n; i++)
    g_value_unset (&row->values[i]);
  row->n = 0;
}

/* Only a text longer than any before is measured: most are not. */
static void
fit_text (FdCallRows *self,
          int         column,
          const char *text)
{
  FdColumnFit *fit = &self->fits[column];
  gsize length = text != NULL ? strlen (text) : 0;
  int width;

  if (fit->column == NULL || length <= fit->longest)
    return;
  fit->longest = length;
  width = fd_tree_text_width (GTK_WIDGET (self->widget), text, fit->bold) + fit->extra;
  if (width > gtk_tree_view_column_get_fixed_width (fit->column))
    gtk_tree_view_column_set_fixed_width (fit->column, width);
}

static void
row_add_text (FdCallRows *self,
              RowValues  *row,
              int         column,
              const char *text)
{
  fit_text (self, column, text);
  g_value_set_string (row_add (row, column, G_TYPE_STRING), text);
}

static char *
dup_ring_text (FdCall *call,
               double  elapsed)
{
  return fd_format_duration (live_seconds (fd_call_get_ring_seconds (call), fd_call_is_ringing (call), elapsed));
}

static char *
dup_talk_text (FdCall *call,
               double  elapsed)
{
  double talk_seconds = fd_call_get_talk_seconds (call);

  /* Nobody has talked on a call that rings for the first time. */
  if (fd_call_is_ringing (call) && talk_seconds <= 0)
    talk_seconds = FD_CALL_NO_DURATION;
  return fd_format_duration (live_seconds (talk_seconds, fd_call_state_is_answered (fd_call_get_state (call)),
                                           elapsed));
}

/* The durations as they run on between two polls. */
void
fd_call_rows_update_durations (FdCallRows  *self,
                               GtkTreeIter *iter,
                               FdCall      *call,
                               double       elapsed)
{
  g_autofree char *ring = dup_ring_text (call, elapsed);
  g_autofree char *talk = dup_talk_text (call, elapsed);
  g_autofree char *old_ring = NULL;
  g_autofree char *old_talk = NULL;
  RowValues row = { .n = 0 };

  gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter,
                      FD_CALLS_COLUMN_RING_TEXT, &old_ring,
                      FD_CALLS_COLUMN_TALK_TEXT, &old_talk,
                      -1);
  if (g_strcmp0 (old_ring, ring) != 0)
    row_add_text (self, &row, FD_CALLS_COLUMN_RING_TEXT, ring);
  if (g_strcmp0 (old_talk, talk) != 0)
    row_add_text (self, &row, FD_CALLS_COLUMN_TALK_TEXT, talk);
  if (row.n > 0)
    gtk_list_store_set_valuesv (self->store, iter, row.columns, row.values, row.n);
  row_clear (&row);
}

/* What a row shows, as it was last set; a new row has nothing yet. */
typedef struct {
  char   *state_text;
  char   *parties;
  gint64  start_unix;
  double  ring_seconds;
  double  talk_seconds;
  char   *ring;
  char   *talk;
} RowShown;

static void
row_shown_clear (RowShown *shown)
{
  g_free (shown->state_text);
  g_free (shown->parties);
  g_free (shown->ring);
  g_free (shown->talk);
}

static void
get_shown (FdCallRows  *self,
           GtkTreeIter *iter,
           RowShown    *shown)
{
  gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter,
                      FD_CALLS_COLUMN_STATE_TEXT, &shown->state_text,
                      FD_CALLS_COLUMN_PARTIES_KEY, &shown->parties,
                      FD_CALLS_COLUMN_START_UNIX, &shown->start_unix,
                      FD_CALLS_COLUMN_RING_SECONDS, &shown->ring_seconds,
                      FD_CALLS_COLUMN_TALK_SECONDS, &shown->talk_seconds,
                      FD_CALLS_COLUMN_RING_TEXT, &shown->ring,
                      FD_CALLS_COLUMN_TALK_TEXT, &shown->talk,
                      -1);
}

static void
collect_state (FdCallRows *self,
               RowValues *row,
               FdCall    *call)
{
  const char *state = fd_call_get_state (call);

  g_value_set_static_string (row_add (row, FD_CALLS_COLUMN_STATE_ICON, G_TYPE_STRING),
                             fd_call_state_icon_name (state));
  row_add_text (self, row, FD_CALLS_COLUMN_STATE_TEXT, fd_call_state_describe (state));
  g_value_set_int (row_add (row, FD_CALLS_COLUMN_WEIGHT, G_TYPE_INT),
                   fd_call_is_ringing (call) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
}

static void
collect_durations (FdCallRows     *self,
                   RowValues      *row,
                   FdCall         *call,
                   const RowShown *shown)
{
  double ring_seconds = fd_call_get_ring_seconds (call);
  double talk_seconds = fd_call_get_talk_seconds (call);
  g_autofree char *ring = dup_ring_text (call, 0);
  g_autofree char *talk = dup_talk_text (call, 0);

  if (shown == NULL || shown->ring_seconds != ring_seconds)
    g_value_set_double (row_add (row, FD_CALLS_COLUMN_RING_SECONDS, G_TYPE_DOUBLE), ring_seconds);
  if (shown == NULL || shown->talk_seconds != talk_seconds)
    g_value_set_double (row_add (row, FD_CALLS_COLUMN_TALK_SECONDS, G_TYPE_DOUBLE), talk_seconds);
  if (shown == NULL || g_strcmp0 (shown->ring, ring) != 0)
    row_add_text (self, row, FD_CALLS_COLUMN_RING_TEXT, ring);
  if (shown == NULL || g_strcmp0 (shown->talk, talk) != 0)
    row_add_text (self, row, FD_CALLS_COLUMN_TALK_TEXT, talk);
}

/* Every field the Caller and Called cells are made of, joined. */
static char *
dup_parties_key (FdCall *call)
{
  const char *fields[] = {
    fd_call_get_caller_name (call), fd_call_get_caller_id (call), fd_call_get_source (call),
    fd_call_get_callee_name (call), fd_call_get_destination (call), fd_call_get_callee_dialed (call),
  };
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_string_append (key, fields[i] != NULL ? fields[i] : "");
      g_string_append_c (key, '\x1f');
    }
  return g_string_free (key, FALSE);
}

/* The columns that differ from @shown (every one when it is NULL): most
 * polls change only the durations, and formatting the rest again (time
 * zones, markup) would be most of a poll's cost. */
static void
collect_row (FdCallRows     *self,
             RowValues      *row,
             FdCall         *call,
             const RowShown *shown)
{
  GDateTime *start = fd_call_get_start_time (call);
  gint64 start_unix = start != NULL ? g_date_time_to_unix (start) : G_MININT64;
  g_autofree char *parties = dup_parties_key (call);

  if (shown == NULL)
    g_value_set_object (row_add (row, FD_CALLS_COLUMN_CALL, FD_TYPE_CALL), call);
  if (shown == NULL ||
      g_strcmp0 (shown->state_text, fd_call_state_describe (fd_call_get_state (call))) != 0)
    collect_state (self, row, call);
  /* Names and numbers are formatted (escaped, grouped) only when one of
   * them changed, which few polls do. */
  if (shown == NULL || g_strcmp0 (shown->parties, parties) != 0)
    {
      g_autofree char *key = fd_format_dup_caller (call);

      g_value_take_string (row_add (row, FD_CALLS_COLUMN_CALLER_MARKUP, G_TYPE_STRING),
                           fd_call_dup_caller_markup (call));
      g_value_set_string (row_add (row, FD_CALLS_COLUMN_CALLER_KEY, G_TYPE_STRING), key != NULL ? key : "");
      g_value_take_string (row_add (row, FD_CALLS_COLUMN_CALLED, G_TYPE_STRING), fd_call_dup_called_markup (call));
      g_value_set_string (row_add (row, FD_CALLS_COLUMN_PARTIES_KEY, G_TYPE_STRING), parties);
    }
  if (shown == NULL || shown->start_unix != start_unix)
    {
      g_autofree char *started = fd_format_time (start);

      row_add_text (self, row, FD_CALLS_COLUMN_STARTED, started);
      g_value_set_int64 (row_add (row, FD_CALLS_COLUMN_START_UNIX, G_TYPE_INT64), start_unix);
    }
  collect_durations (self, row, call, shown);
}

/* One "row-changed" at most, none when nothing shown changed. */
static void
update_row (FdCallRows  *self,
            GtkTreeIter *iter,
            FdCall      *call)
{
  RowShown shown = { NULL };
  RowValues row = { .n = 0 };

  get_shown (self, iter, &shown);
  collect_row (self, &row, call, &shown);
  if (row.n > 0)
    gtk_list_store_set_valuesv (self->store, iter, row.columns, row.values, row.n);
  row_clear (&row);
  row_shown_clear (&shown);
}

FdCallRows *
fd_call_rows_new (GtkWidget *widget)
{
  FdCallRows *self = g_new0 (FdCallRows, 1);

  self->widget = widget;
  self->rows = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->store = gtk_list_store_new (FD_CALLS_N_COLUMNS,
                                    FD_TYPE_CALL,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_INT,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_INT64,
                                    G_TYPE_STRING,
                                    G_TYPE_DOUBLE,
                                    G_TYPE_STRING,
                                    G_TYPE_DOUBLE,
                                    G_TYPE_STRING);
  /* Newest call first: a new ringing call appears on top. The store sorts
   * itself: a GtkTreeModelSort finds a changed row by walking its list,
   * which makes a poll quadratic in the number of calls. */
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store),
                                        FD_CALLS_COLUMN_START_UNIX, GTK_SORT_DESCENDING);
  return self;
}

void
fd_call_rows_free (FdCallRows *self)
{
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_free (self);
}

/* All values at once: the sorted store places the row by them. */
void
fd_call_rows_insert (FdCallRows *self,
                     FdCall     *call)
{
  GtkTreeIter iter;
  RowValues row = { .n = 0 };

  /* All values at once: the sorted store places the row by them. */
  collect_row (self, &row, call, NULL);
  gtk_list_store_insert_with_valuesv (self->store, &iter, -1, row.columns, row.values, row.n);
  row_clear (&row);
  g_hash_table_insert (self->rows, call, g_memdup2 (&iter, sizeof iter));
}

/* FALSE when the call has no row. */
gboolean
fd_call_rows_update (FdCallRows *self,
                     FdCall     *call)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, call);

  if (iter == NULL)
    return FALSE;
  update_row (self, iter, call);
  return TRUE;
}

void
fd_call_rows_remove (FdCallRows *self,
                     FdCall     *call)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, call);

  if (iter == NULL)
    return;
  gtk_list_store_remove (self->store, iter);
  g_hash_table_remove (self->rows, call);
}

/* The call's row of the store, or NULL. */
GtkTreeIter *
fd_call_rows_lookup (FdCallRows *self,
                     FdCall     *call)
{
  return g_hash_table_lookup (self->rows, call);
}

/* Room a header needs besides its title: the button's padding, the
 * sort arrow. */
#define HEADER_EXTRA 32

/* Fixed sizing, so that the view need not measure every changed row: the
 * width fits the title and @sample, and grows with longer texts of
 * @text_column (-1: it never needs to). */
void
fd_call_rows_fix_width (FdCallRows        *self,
                        GtkTreeViewColumn *column,
                        int                text_column,
                        const char        *sample,
                        int                extra,
                        gboolean           bold)
{
  GtkWidget *widget = self->widget;
  int header = fd_tree_text_width (widget, gtk_tree_view_column_get_title (column), TRUE) + HEADER_EXTRA;
  int content = sample != NULL ? fd_tree_text_width (widget, sample, bold) + extra : 0;

  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, MAX (header, content));
  if (text_column >= 0)
    self->fits[text_column] = (FdColumnFit) { column, 0, extra, bold };
}


static GtkTreeViewColumn *
add_state_column (GtkTreeView *view)
{
  return fd_tree_add_icon_text_column (view, _("State"), FD_CALLS_COLUMN_STATE_ICON, FD_CALLS_COLUMN_STATE_TEXT,
                                       FD_CALLS_COLUMN_WEIGHT, FD_CALLS_COLUMN_STATE_TEXT, 120);
}

/* The widest of the states' names; only a ringing call's is bold. */
static int
get_widest_state_width (GtkWidget *widget)
{
  static const char * const states[] = {
    FD_CALL_STATE_RINGING, FD_CALL_STATE_IN_CALL, FD_CALL_STATE_HOLD,
    FD_CALL_STATE_ANSWERED, FD_CALL_STATE_TRANSFERRED,
  };
  int widest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    widest = MAX (widest, fd_tree_text_width (widget, fd_call_state_describe (states[i]),
                                      g_str_equal (states[i], FD_CALL_STATE_RINGING)));
  return widest;
}

/* The icon: 16 pixels and 6 of padding a side. */
#define STATE_ICON_EXTRA 28

void
fd_call_rows_add_state_column (FdCallRows  *self,
                               GtkTreeView *view)
{
  GtkTreeViewColumn *column = add_state_column (view);

  fd_call_rows_fix_width (self, column, FD_CALLS_COLUMN_STATE_TEXT, NULL, STATE_ICON_EXTRA + FD_CELL_EXTRA, FALSE);
  gtk_tree_view_column_set_fixed_width (column, MAX (gtk_tree_view_column_get_fixed_width (column),
                                                     get_widest_state_width (self->widget) +
                                                     STATE_ICON_EXTRA + FD_CELL_EXTRA));
}
