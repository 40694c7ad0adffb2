/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-journal.h"

G_BEGIN_DECLS

#define FD_TYPE_HISTORY_MODEL (fd_history_model_get_type ())
G_DECLARE_FINAL_TYPE (FdHistoryModel, fd_history_model, FD, HISTORY_MODEL, GObject)

/*
 * The journal's calls as a GListModel of FdJournalEntry, newest first,
 * kept in step with the journal's "changed": a changed row is replaced in
 * place, a new one goes on top, and only a change of several rows (id 0)
 * reads the whole journal again. "error" is why the last read failed
 * (NULL when it did not).
 */

FdHistoryModel *fd_history_model_new       (FdJournal      *journal);
FdJournal      *fd_history_model_get_journal (FdHistoryModel *self);
const char     *fd_history_model_get_error (FdHistoryModel *self);
void            fd_history_model_reload    (FdHistoryModel *self);

G_END_DECLS
