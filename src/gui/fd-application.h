/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-call-tracker.h"
#include "fd-desk.h"
#include "fd-journal.h"
#include "fd-notifier.h"
#include "fd-options.h"
#include "fd-poller.h"
#include "fd-settings.h"
#include "fd-tray.h"
#include "fd-window.h"

G_BEGIN_DECLS

#define FD_TYPE_APPLICATION (fd_application_get_type ())
G_DECLARE_FINAL_TYPE (FdApplication, fd_application, FD, APPLICATION, GtkApplication)

/*
 * The desktop app: one instance per user; a second launch presents the
 * first one's window. The first instance polls the PBX from its startup on
 * (the saved settings, overridden for this run by @options), or a
 * simulated PBX inside the process with @demo. @hidden starts with the
 * tray icon only.
 *
 * Actions: app.show-calls, app.show-call (s: CallId), app.copy-number
 * (s), app.mark-handled (x: journal id), app.mark-all-handled,
 * app.pause-notifications (boolean state), app.refresh, app.preferences,
 * app.quit.
 * Every call that ends goes into the call journal; the tray shows its
 * unhandled missed calls.
 */

FdApplication *fd_application_new          (FdOptions     *options,
                                            gboolean       demo,
                                            gboolean       hidden);

/* For tests: NULL before startup (and the window before it is shown). */
FdSettings    *fd_application_get_settings (FdApplication *self);
FdCallTracker *fd_application_get_tracker  (FdApplication *self);
FdPoller      *fd_application_get_poller   (FdApplication *self);
FdNotifier    *fd_application_get_notifier (FdApplication *self);
FdTray        *fd_application_get_tray     (FdApplication *self);
FdWindow      *fd_application_get_window   (FdApplication *self);
FdJournal     *fd_application_get_journal  (FdApplication *self);
FdDesk        *fd_application_get_desk     (FdApplication *self);
void           fd_application_set_journal_path (FdApplication *self,
                                            const char    *path);

G_END_DECLS
