/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-journal.h"

G_BEGIN_DECLS

/* Exporting the History page's calls to CSV: the file chooser, and the
 * export itself on a worker thread with its own connection to the journal
 * file, so that a long journal never blocks the window. */

GtkFileChooserNative *fd_history_export_chooser_new (GtkWindow           *parent);
void                  fd_history_export_async       (GObject             *source_object,
                                                     FdJournal           *journal,
                                                     FdJournalFilter      filter,
                                                     const char          *needle,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char                 *fd_history_export_finish      (GAsyncResult        *result,
                                                     gboolean            *failed);

G_END_DECLS
