/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-calls-page.h"
#include "fd-colleagues-panel.h"
#include "fd-history-page.h"
#include "fd-offline-bar.h"
#include "fd-window.h"

G_BEGIN_DECLS

/* FdWindow spans two files: fd-window.c (the pages, the search, the info
 * bars, the status line, the type itself) and fd-window-actions.c (the
 * window's actions: call control, the history's commands, the PBX's
 * answers). Its pages, FdCallsPage and FdHistoryPage, are classes of their
 * own, reached only through their API. */

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
  FdCallsPage          *calls_page;
  FdHistoryPage        *history_page;
  FdColleaguesPanel    *colleagues_panel;
  GtkImage             *status_image;
  GtkLabel             *status_label;
  GtkLabel             *count_label;
  FdOfflineBar         *offline_bar;     /* above the pages, while the PBX does not answer */

  /* Owned: what the pages and the call commands use */
  FdDesk               *desk;
  FdPeople             *people;          /* nullable */
  gboolean              hide_on_close;

  /* Owned: actions */
  GCancellable         *cancellable;     /* commands in flight */
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
void      _fd_window_drop_call           (FdWindow       *self,
                                          FdCall         *call,
                                          const char     *extension);
void      _fd_window_show_result         (FdWindow       *self,
                                          const char     *text,
                                          gboolean        failed);

G_END_DECLS
