/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-client.h"
#include "fd-journal-entry.h"

G_BEGIN_DECLS

/* What the status line says when a call back is done or given up. */
typedef void (*FdCallBackDone) (const char *sentence,
                                gboolean    failed,
                                gpointer    data);

/*
 * "Call back" on a missed call of the history: through the PBX's
 * CallSetup (fd-call-back.h) from the extension the call rang, or, where
 * the PBX cannot (XE) or the call rang no extension, by copying the
 * caller's number to the clipboard. Either way @done gets one sentence
 * saying which; never after @cancellable was cancelled.
 */
void fd_history_call_back (FdClient       *client,
                           FdJournalEntry *entry,
                           GCancellable   *cancellable,
                           FdCallBackDone  done,
                           gpointer        data);

G_END_DECLS
