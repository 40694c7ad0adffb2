/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-extension.h"
#include "fd-people.h"

G_BEGIN_DECLS

#define FD_TYPE_COLLEAGUES_PANEL (fd_colleagues_panel_get_type ())
G_DECLARE_FINAL_TYPE (FdColleaguesPanel, fd_colleagues_panel, FD, COLLEAGUES_PANEL, GtkBox)

/*
 * Every extension of the PBX with its name and a lamp (free, ringing, in
 * a call and with whom, on hold, offline, unknown), computed again after
 * every poll of the desk and every fetch of the extensions.
 *
 * Each row takes a dropped call (FD_CALL_DRAG_TARGET): signal
 * "call-dropped" (FdCall *call, const char *extension). The panel does not
 * decide what a drop means; the window forwards or transfers.
 */

void          fd_colleagues_panel_set_people        (FdColleaguesPanel *self,
                                                     FdPeople          *people);
void          fd_colleagues_panel_refresh           (FdColleaguesPanel *self);
/* The drop: @call_id is what the drag carried. FALSE when no active call
 * has that id or @extension is not shown. */
gboolean      fd_colleagues_panel_drop              (FdColleaguesPanel *self,
                                                     const char        *extension,
                                                     const char        *call_id);

/* For tests and accessibility checks. */
guint         fd_colleagues_panel_get_n_rows        (FdColleaguesPanel *self);
GtkWidget    *fd_colleagues_panel_get_row           (FdColleaguesPanel *self,
                                                     const char        *extension);
FdPresence    fd_colleagues_panel_get_presence      (FdColleaguesPanel *self,
                                                     const char        *extension);
/* "Reception (1001): In a call with Anna Kovács (+3612345678)" */
char         *fd_colleagues_panel_dup_row_text      (FdColleaguesPanel *self,
                                                     const char        *extension);

G_END_DECLS
