/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-settings.h"

G_BEGIN_DECLS

#define FD_TYPE_PREFERENCES_DIALOG (fd_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FdPreferencesDialog, fd_preferences_dialog, FD, PREFERENCES_DIALOG, GtkDialog)

/* Edits the connection settings (address, user name, poll interval) of
 * "settings"; Save checks the address and stores everything at once. */

GtkWidget *fd_preferences_dialog_new      (GtkWindow           *parent,
                                           FdSettings          *settings);
void       fd_preferences_dialog_set_note (FdPreferencesDialog *self,
                                           const char          *note);

G_END_DECLS
