/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-journal.h"
#include "fd-window.h"

G_BEGIN_DECLS

/* FdWindow spans three files: fd-window.c (the active calls, the status
 * line, the type itself), fd-window-history.c (the journal's calls, the
 * missed-call inbox, the export) and fd-window-actions.c (the window's
 * actions: call control, context menus, the PBX's answers). */

/* A column of fixed width (the view's rows then need no measuring) that
 * widens when a longer text than any before comes. */
typedef struct {
  GtkTreeViewColumn    *column;          /* NULL: the column never widens */
  gsize                 longest;         /* bytes of the longest text measured */
  int                   extra;           /* pixels besides the text: padding, an icon */
  gboolean              bold;
} FdColumnFit;

struct _FdWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkInfoBar           *missed_bar;
  GtkLabel             *missed_label;
  GtkInfoBar           *result_bar;
  GtkLabel             *result_label;
  GtkStack             *main_stack;
  GtkStack             *stack;
  GtkTreeView          *tree_view;
  GtkImage             *empty_image;
  GtkLabel             *empty_title;
  GtkLabel             *empty_subtitle;
  GtkWidget            *history_page;
  GtkStack             *history_stack;
  GtkTreeView          *history_view;
  GtkImage             *history_empty_image;
  GtkLabel             *history_empty_title;
  GtkLabel             *history_empty_subtitle;
  GtkImage             *status_image;
  GtkLabel             *status_label;
  GtkLabel             *count_label;
  GMenuModel           *call_menu;
  GMenuModel           *history_menu;

  /* Owned: active calls */
  FdCallTracker        *tracker;
  FdPoller             *poller;
  GtkListStore         *store;           /* sorts itself: the view shows it directly */
  GtkTreeModel         *filter;          /* on the store, only while searching; nullable */
  GHashTable           *rows;            /* FdCall* -> GtkTreeIter* of store (its iters persist) */
  FdColumnFit           fits[FD_WINDOW_N_COLUMNS];  /* by the store's text column */
  guint                 resort_id;       /* the sort held while a snapshot applies */
  gboolean              sort_held;
  int                   held_sort_column;
  GtkSortType           held_sort_order;
  char                 *needle;          /* search text; NULL shows everything */
  gint64                snapshot_time;   /* monotonic µs of the last good poll */
  guint                 tick_id;
  gboolean              hide_on_close;

  /* Owned: history */
  FdJournal            *journal;         /* nullable */
  char                 *journal_error;   /* why there is no history; nullable */
  GtkListStore         *history_store;
  GtkTreeModel         *history_filter;
  GHashTable           *history_rows;    /* gint64 id -> GtkTreeIter* of history_store */
  FdJournalFilter       history_kind;
  guint                 missed_count;

  /* Owned: actions */
  GCancellable         *cancellable;     /* commands and exports in flight */
  GtkWidget            *call_popup;      /* GtkMenu, attached to tree_view */
  GtkWidget            *history_popup;   /* GtkMenu, attached to history_view */
  GtkWidget            *number_dialog;   /* weak; the open forward/transfer dialog */
  GtkFileChooserNative *export_chooser;
  guint                 result_timeout_id;
};

typedef enum {
  FD_COLUMN_TEXT,
  FD_COLUMN_MARKUP,    /* the caller: ellipsized, takes the spare width */
  FD_COLUMN_NUMERIC,   /* times: right-aligned, tabular digits */
} FdColumnKind;

/* fd-window.c */
gboolean  _fd_window_get_selected_call   (FdWindow       *self,
                                          FdCall        **call);
gboolean  _fd_window_is_history_visible  (FdWindow       *self);
void      _fd_window_update_status       (FdWindow       *self);
void      _fd_window_update_count        (FdWindow       *self);
char     *_fd_window_dup_caller_markup   (FdCall         *call);
char     *_fd_window_dup_time_text       (GDateTime      *time);
GtkTreeViewColumn *
          _fd_window_add_text_column     (GtkTreeView    *view,
                                          const char     *title,
                                          int             text_column,
                                          int             sort_column,
                                          int             weight_column,
                                          FdColumnKind    kind);

/* fd-window-history.c */
void      _fd_window_history_init        (FdWindow       *self);
void      _fd_window_history_dispose     (FdWindow       *self);
void      _fd_window_history_refilter    (FdWindow       *self);
gboolean  _fd_window_get_selected_entry  (FdWindow       *self,
                                          FdJournalEntry **entry);
void      _fd_window_mark_selected       (FdWindow       *self,
                                          gboolean        handled);
void      _fd_window_mark_all_handled    (FdWindow       *self);
void      _fd_window_set_history_kind    (FdWindow       *self,
                                          FdJournalFilter kind);
void      _fd_window_choose_export_file  (FdWindow       *self);

/* fd-window-actions.c */
void      _fd_window_actions_init        (FdWindow       *self);
void      _fd_window_actions_dispose     (FdWindow       *self);
void      _fd_window_set_accels          (FdWindow       *self);
void      _fd_window_update_actions      (FdWindow       *self);
void      _fd_window_show_result         (FdWindow       *self,
                                          const char     *text,
                                          gboolean        failed);
gboolean  _fd_window_on_tree_button_press (GtkWidget     *widget,
                                          GdkEventButton *event,
                                          FdWindow       *self);
gboolean  _fd_window_on_tree_popup_menu  (GtkWidget      *widget,
                                          FdWindow       *self);

G_END_DECLS
