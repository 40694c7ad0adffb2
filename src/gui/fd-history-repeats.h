/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The inbox's repeats: the unhandled missed calls of the history's store
 * grouped by the caller's normalised number (fd_inbox_dup_repeat_key()).
 * The newest call of a group is its head: the Missed filter shows only
 * heads, with the group's count, and handling a head handles the group.
 * Rebuilt from the store after every change of the journal: a few
 * thousand rows take well under a millisecond. */
typedef struct _FdHistoryRepeats FdHistoryRepeats;

FdHistoryRepeats *fd_history_repeats_new       (const char       *region);
void              fd_history_repeats_free      (FdHistoryRepeats *self);
/* @store is newest first, as FdHistoryRows keeps it. */
void              fd_history_repeats_update    (FdHistoryRepeats *self,
                                                GtkTreeModel     *store);
gboolean          fd_history_repeats_is_hidden (FdHistoryRepeats *self,
                                                gint64            id);
/* How many calls the row of @id stands for: 1 unless it heads a group. */
guint             fd_history_repeats_count     (FdHistoryRepeats *self,
                                                gint64            id);
/* (transfer none) (nullable): the ids of @id's group, head first; NULL
 * when @id is in none. */
GArray           *fd_history_repeats_group     (FdHistoryRepeats *self,
                                                gint64            id);
void              fd_history_repeats_add_column (FdHistoryRepeats *self,
                                                 GtkTreeView      *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdHistoryRepeats, fd_history_repeats_free)

G_END_DECLS
