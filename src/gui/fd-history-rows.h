/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-journal.h"

G_BEGIN_DECLS

/* The columns of the history's GtkListStore: one row per journal entry,
 * newest first. */
typedef enum {
  FD_HISTORY_COLUMN_ENTRY,         /* FdJournalEntry, the row as last read */
  FD_HISTORY_COLUMN_ID,            /* gint64, the journal's id */
  FD_HISTORY_COLUMN_ENDED,         /* local time */
  FD_HISTORY_COLUMN_OUTCOME_ICON,  /* icon name */
  FD_HISTORY_COLUMN_OUTCOME_TEXT,
  FD_HISTORY_COLUMN_MISSED,        /* gboolean */
  FD_HISTORY_COLUMN_HANDLED,       /* gboolean */
  FD_HISTORY_COLUMN_WEIGHT,        /* PangoWeight: unhandled missed calls stand out */
  FD_HISTORY_COLUMN_CALLER_MARKUP,
  FD_HISTORY_COLUMN_CALLED,
  FD_HISTORY_COLUMN_RING_TEXT,
  FD_HISTORY_COLUMN_TALK_TEXT,
  FD_HISTORY_N_COLUMNS
} FdHistoryColumn;

/* The rows read from the journal at a time: a page fills a tall window
 * twice, and on a journal of a million calls it takes a few milliseconds
 * (README, Performance) where reading every row took seconds. */
#define FD_HISTORY_ROWS_PAGE 200

/* The History page's rows: the journal's answer to one query (a filter and
 * a search), read a page at a time, newest first, and kept in step with
 * the journal: every change lands on its own row where it stands, so the
 * selection and the scroll position stay. A GtkListStore's iters persist,
 * so rows are found by the journal's id through a table. */
typedef struct {
  GtkListStore    *store;
  GHashTable      *rows;      /* gint64 id -> GtkTreeIter* of store */
  FdJournalFilter  filter;
  char            *search;    /* nullable */
  gboolean         complete;  /* the store holds every row of the query */
} FdHistoryRows;

FdHistoryRows *fd_history_rows_new       (void);
void           fd_history_rows_free      (FdHistoryRows  *self);
gboolean       fd_history_rows_load      (FdHistoryRows  *self,
                                          FdJournal      *journal,
                                          FdJournalFilter filter,
                                          const char     *search,
                                          GError        **error);
gboolean       fd_history_rows_load_more (FdHistoryRows  *self,
                                          FdJournal      *journal,
                                          GError        **error);
void           fd_history_rows_reset     (FdHistoryRows  *self,
                                          FdJournalFilter filter,
                                          const char     *search);
gint64         fd_history_rows_get_last_id (FdHistoryRows *self);
gboolean       fd_history_rows_matches   (FdHistoryRows  *self,
                                          FdJournalEntry *entry);
void           fd_history_rows_append    (FdHistoryRows  *self,
                                          GPtrArray      *entries);
void           fd_history_rows_clear     (FdHistoryRows  *self);
void           fd_history_rows_reconcile (FdHistoryRows  *self,
                                          FdJournal      *journal);
void           fd_history_rows_refresh   (FdHistoryRows  *self,
                                          FdJournal      *journal,
                                          gint64          id);
GtkTreeIter   *fd_history_rows_lookup    (FdHistoryRows  *self,
                                          gint64          id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdHistoryRows, fd_history_rows_free)

G_END_DECLS
