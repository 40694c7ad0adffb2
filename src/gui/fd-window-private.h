/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-history-page.h"
#include "fd-window.h"

G_BEGIN_DECLS

/* FdWindow spans two files: fd-window.c (the active calls, the status
 * line, the type itself) and fd-window-actions.c (the window's actions:
 * call control, the history's commands, the PBX's answers). The History
 * page is an FdHistoryPage of its own, reached only through its API. */

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
  FdHistoryPage        *history_page;
  GtkImage             *status_image;
  GtkLabel             *status_label;
  GtkLabel             *count_label;
  GMenuModel           *call_menu;

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

  /* Owned: actions */
  GCancellable         *cancellable;     /* commands in flight */
  GtkWidget            *call_popup;      /* GtkMenu, attached to tree_view */
  GtkWidget            *number_dialog;   /* weak; the open forward/transfer dialog */
  guint                 result_timeout_id;
};

/* fd-window.c */
gboolean  _fd_window_get_selected_call   (FdWindow       *self,
                                          FdCall        **call);
gboolean  _fd_window_is_history_visible  (FdWindow       *self);
void      _fd_window_update_status       (FdWindow       *self);
void      _fd_window_update_count        (FdWindow       *self);

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
