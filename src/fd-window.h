/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-call-tracker.h"
#include "fd-poller.h"

G_BEGIN_DECLS

/* The columns of the window's GtkListStore. */
typedef enum {
  FD_WINDOW_COLUMN_CALL,           /* FdCall, the tracker's object */
  FD_WINDOW_COLUMN_STATE_ICON,     /* icon name */
  FD_WINDOW_COLUMN_STATE_TEXT,
  FD_WINDOW_COLUMN_WEIGHT,         /* PangoWeight: ringing calls stand out */
  FD_WINDOW_COLUMN_CALLER_MARKUP,  /* name over number, escaped */
  FD_WINDOW_COLUMN_CALLER_KEY,     /* plain text, for sorting */
  FD_WINDOW_COLUMN_CALLED,
  FD_WINDOW_COLUMN_STARTED,        /* local time */
  FD_WINDOW_COLUMN_START_UNIX,     /* gint64, for sorting */
  FD_WINDOW_COLUMN_RING_TEXT,
  FD_WINDOW_COLUMN_RING_SECONDS,   /* double, as polled */
  FD_WINDOW_COLUMN_TALK_TEXT,
  FD_WINDOW_COLUMN_TALK_SECONDS,   /* double, as polled */
  FD_WINDOW_N_COLUMNS
} FdWindowColumn;

#define FD_TYPE_WINDOW (fd_window_get_type ())
G_DECLARE_FINAL_TYPE (FdWindow, fd_window, FD, WINDOW, GtkApplicationWindow)

/*
 * The call window: one row per call of "tracker", updated in place from its
 * signals, and the connection state of "poller" in the status line.
 * "hide-on-close": close hides the window (a tray icon can bring it back)
 * rather than iconifying it.
 */

FdWindow     *fd_window_new               (GtkApplication *application,
                                           FdCallTracker  *tracker,
                                           FdPoller       *poller);
void          fd_window_set_hide_on_close (FdWindow       *self,
                                           gboolean        hide_on_close);
gboolean      fd_window_get_hide_on_close (FdWindow       *self);
gboolean      fd_window_select_call       (FdWindow       *self,
                                           const char     *call_id);
void          fd_window_start_search      (FdWindow       *self,
                                           const char     *text);

/* For tests and accessibility checks. */
GtkTreeView  *fd_window_get_tree_view     (FdWindow       *self);
GtkListStore *fd_window_get_store         (FdWindow       *self);
gboolean      fd_window_lookup_row        (FdWindow       *self,
                                           FdCall         *call,
                                           GtkTreeIter    *store_iter);
const char   *fd_window_get_page          (FdWindow       *self);
const char   *fd_window_get_status_text   (FdWindow       *self);
const char   *fd_window_get_empty_title   (FdWindow       *self);
void          fd_window_tick              (FdWindow       *self);


G_END_DECLS
