/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-calls-page.h"
#include "fd-colleagues-panel.h"
#include "fd-desk.h"
#include "fd-history-page.h"
#include "fd-journal.h"
#include "fd-offline-bar.h"
#include "fd-people.h"

G_BEGIN_DECLS

#define FD_TYPE_WINDOW (fd_window_get_type ())
G_DECLARE_FINAL_TYPE (FdWindow, fd_window, FD, WINDOW, GtkApplicationWindow)

/*
 * The call window. Page "active": one row per call of "desk", updated in
 * place, with call control (win.hangup, win.hold, win.resume, win.forward,
 * win.transfer) sent through the desk's client. Page "history": an FdHistoryPage on the journal given to
 * fd_window_set_journal, whose actions the window keeps (win.mark-handled,
 * win.mark-unhandled, win.mark-all-handled, win.export-history,
 * win.history-filter) and whose missed calls it shows in an info bar above
 * both pages. The status line shows the desk's connection-state.
 * "hide-on-close": close hides the window (a tray icon can bring it back)
 * rather than iconifying it.
 */

FdWindow     *fd_window_new               (GtkApplication *application,
                                           FdDesk         *desk);
void          fd_window_set_hide_on_close (FdWindow       *self,
                                           gboolean        hide_on_close);
gboolean      fd_window_get_hide_on_close (FdWindow       *self);
gboolean      fd_window_select_call       (FdWindow       *self,
                                           const char     *call_id);
FdCall       *fd_window_get_selected_call (FdWindow       *self);
void          fd_window_start_search      (FdWindow       *self,
                                           const char     *text);

/* The history: a journal, or the sentence saying why there is none. */
void          fd_window_set_journal       (FdWindow       *self,
                                           FdJournal      *journal,
                                           const char     *error_message);
/* Names and the colleagues panel; NULL hides the panel. */
void          fd_window_set_people        (FdWindow       *self,
                                           FdPeople       *people);
FdJournal    *fd_window_get_journal       (FdWindow       *self);
void          fd_window_show_page         (FdWindow       *self,
                                           const char     *name);
const char   *fd_window_get_visible_page  (FdWindow       *self);
gboolean      fd_window_select_history    (FdWindow       *self,
                                           gint64          id);
FdHistoryPage *fd_window_get_history_page (FdWindow       *self);

/* For tests and accessibility checks. */
FdCallsPage  *fd_window_get_calls_page    (FdWindow       *self);
const char   *fd_window_get_status_text   (FdWindow       *self);
FdOfflineBar *fd_window_get_offline_bar   (FdWindow       *self);
const char   *fd_window_get_missed_text   (FdWindow       *self);
const char   *fd_window_get_result_text   (FdWindow       *self);
GtkWidget    *fd_window_get_number_dialog (FdWindow       *self);
GtkWidget    *fd_window_get_context_menu  (FdWindow       *self);
FdColleaguesPanel *fd_window_get_colleagues_panel (FdWindow  *self);

G_END_DECLS
