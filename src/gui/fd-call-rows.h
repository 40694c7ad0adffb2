/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-call.h"

G_BEGIN_DECLS

/* The columns of the active calls' GtkListStore. */
typedef enum {
  FD_CALLS_COLUMN_CALL,           /* FdCall, the tracker's object */
  FD_CALLS_COLUMN_STATE_ICON,     /* icon name */
  FD_CALLS_COLUMN_STATE_TEXT,
  FD_CALLS_COLUMN_WEIGHT,         /* PangoWeight: ringing calls stand out */
  FD_CALLS_COLUMN_CALLER_MARKUP,  /* name over number, escaped */
  FD_CALLS_COLUMN_CALLER_KEY,     /* plain text, for sorting */
  FD_CALLS_COLUMN_CALLED,         /* name over number, escaped */
  FD_CALLS_COLUMN_STARTED,        /* local time */
  FD_CALLS_COLUMN_START_UNIX,     /* gint64, for sorting */
  FD_CALLS_COLUMN_RING_TEXT,
  FD_CALLS_COLUMN_RING_SECONDS,   /* double, as polled */
  FD_CALLS_COLUMN_TALK_TEXT,
  FD_CALLS_COLUMN_TALK_SECONDS,   /* double, as polled */
  FD_CALLS_COLUMN_PARTIES_KEY,    /* the parties' raw fields, to see a change cheaply */
  FD_CALLS_N_COLUMNS
} FdCallsColumn;

/* A column of fixed width (the view's rows then need no measuring) that
 * widens when a longer text than any before comes. */
typedef struct {
  GtkTreeViewColumn    *column;          /* NULL: the column never widens */
  gsize                 longest;         /* bytes of the longest text measured */
  int                   extra;           /* pixels besides the text: padding, an icon */
  gboolean              bold;
} FdColumnFit;

/* Room a cell needs besides its text: the renderer's xpad (6 a side),
 * the view's separator and focus line. */
#define FD_CELL_EXTRA 20

/* The Active Calls page's rows: one per FdCall (the tracker's object, the
 * same for the whole call), set only in the columns that changed, since
 * every gtk_list_store_set () is a "row-changed" the view handles. A
 * GtkListStore's iters persist, so rows are found through a table. */
typedef struct {
  GtkListStore *store;   /* sorts itself */
  GHashTable   *rows;    /* FdCall* -> GtkTreeIter* of store */
  GtkWidget    *widget;  /* the view, to measure texts with */
  FdColumnFit   fits[FD_CALLS_N_COLUMNS];  /* by the store's text column */
} FdCallRows;

FdCallRows  *fd_call_rows_new              (GtkWidget         *widget);
void         fd_call_rows_free             (FdCallRows        *self);
void         fd_call_rows_insert           (FdCallRows        *self,
                                            FdCall            *call);
gboolean     fd_call_rows_update           (FdCallRows        *self,
                                            FdCall            *call);
void         fd_call_rows_remove           (FdCallRows        *self,
                                            FdCall            *call);
GtkTreeIter *fd_call_rows_lookup           (FdCallRows        *self,
                                            FdCall            *call);
void         fd_call_rows_update_durations (FdCallRows        *self,
                                            GtkTreeIter       *iter,
                                            FdCall            *call,
                                            double             elapsed);
void         fd_call_rows_fix_width        (FdCallRows        *self,
                                            GtkTreeViewColumn *column,
                                            int                text_column,
                                            const char        *sample,
                                            int                extra,
                                            gboolean           bold);
void         fd_call_rows_add_state_column (FdCallRows        *self,
                                            GtkTreeView       *view);

G_END_DECLS
