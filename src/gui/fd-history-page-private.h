/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-history-page.h"
#include "fd-history-repeats.h"

G_BEGIN_DECLS

/* Shared by fd-history-page.c and the files of its reads
 * (fd-history-page-reads.c) and its writes (fd-history-page-marks.c);
 * those two never call back into fd-history-page.c but through
 * pages_changed. */
struct _FdHistoryPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkTreeView          *view;
  GtkImage             *empty_image;
  GtkLabel             *empty_title;
  GtkLabel             *empty_subtitle;
  GMenuModel           *menu;

  /* Owned */
  FdJournal            *journal;         /* nullable */
  FdDesk               *desk;            /* nullable: who writes, off the main thread */
  char                 *journal_error;   /* why there is no history; nullable */
  FdHistoryRows        *rows;
  FdHistoryRepeats     *repeats;         /* the inbox's rows of several calls */
  GtkTreeModel         *filter;          /* on rows->store: the filter and the search */
  FdJournalFilter       kind;
  char                 *needle;          /* search text; NULL shows everything */
  guint                 missed_count;
  guint                 n_shown;
  gboolean              has_more;        /* the journal has rows not read yet */
  GCancellable         *cancellable;     /* exports in flight */
  GCancellable         *reading;         /* the page the desk's worker reads; nullable */
  GtkWidget            *popup;           /* GtkMenu, attached to view; weak */
  GtkFileChooserNative *export_chooser;
  void                (*pages_changed) (FdHistoryPage *self);  /* after pages were read */
};

gboolean _fd_history_page_desk_writes        (FdHistoryPage         *self);
void     _fd_history_page_stop_reading       (FdHistoryPage         *self);
void     _fd_history_page_read_next_page     (FdHistoryPage         *self);
void     _fd_history_page_reload             (FdHistoryPage         *self);
void     _fd_history_page_on_scrolled        (FdHistoryPage         *self,
                                              GtkAdjustment         *adjustment);
void     _fd_history_page_load_until         (FdHistoryPage         *self,
                                              gint64                 id);
void     _fd_history_page_on_handled_toggled (FdHistoryPage         *self,
                                              const char            *path_string,
                                              GtkCellRendererToggle *renderer);

G_END_DECLS
