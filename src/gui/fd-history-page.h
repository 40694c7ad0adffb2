/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-desk.h"
#include "fd-history-rows.h"
#include "fd-journal-entry.h"
#include "fd-journal.h"

G_BEGIN_DECLS

#define FD_TYPE_HISTORY_PAGE (fd_history_page_get_type ())
G_DECLARE_FINAL_TYPE (FdHistoryPage, fd_history_page, FD, HISTORY_PAGE, GtkBox)

/*
 * The History page: the calls of "journal", newest first, updated in place
 * from its "changed" signal; the calls shown are those of "filter" (an
 * FdJournalFilter) that match "search-text". It keeps the missed-call inbox
 * ("missed-count", the unhandled missed calls) and exports what it shows.
 * It knows nothing of the window it sits in: its buttons and its context
 * menu name the window's actions (win.mark-handled, win.export-history,
 * win.copy-number, win.history-filter), and it tells the window what
 * changed through its properties and signals:
 *
 * "status-message" (const char *text, gboolean failed): a sentence for the
 *   user, how an export or a change of the journal went.
 * "call-activated" (FdJournalEntry *entry): Enter or a double click on a row.
 *
 * "journal-error" is why there is no history (a journal that cannot be
 * read, or the one given to fd_history_page_set_journal()); "selected-entry"
 * is notified when the selection or the selected row changes; "n-shown" is
 * the number of rows the filter and search let through.
 */

GtkWidget      *fd_history_page_new                (void);
void            fd_history_page_set_journal        (FdHistoryPage   *self,
                                                    FdJournal       *journal,
                                                    const char      *error_message);
FdJournal      *fd_history_page_get_journal        (FdHistoryPage   *self);
const char     *fd_history_page_get_journal_error  (FdHistoryPage   *self);
guint           fd_history_page_get_missed_count   (FdHistoryPage   *self);
guint           fd_history_page_get_n_shown        (FdHistoryPage   *self);
void            fd_history_page_set_desk           (FdHistoryPage   *self,
                                                    FdDesk          *desk);
gboolean        fd_history_page_get_has_more       (FdHistoryPage   *self);
gboolean        fd_history_page_has_call           (FdHistoryPage   *self,
                                                    gint64           id);
FdJournalFilter fd_history_page_get_filter         (FdHistoryPage   *self);
void            fd_history_page_set_filter         (FdHistoryPage   *self,
                                                    FdJournalFilter  filter);
const char     *fd_history_page_get_search_text    (FdHistoryPage   *self);
void            fd_history_page_set_search_text    (FdHistoryPage   *self,
                                                    const char      *text);
FdJournalEntry *fd_history_page_get_selected_entry (FdHistoryPage   *self);
gboolean        fd_history_page_select             (FdHistoryPage   *self,
                                                    gint64           id);
void            fd_history_page_mark_selected      (FdHistoryPage   *self,
                                                    gboolean         handled);
void            fd_history_page_mark_all_handled   (FdHistoryPage   *self);
void            fd_history_page_choose_export_file (FdHistoryPage   *self);
void            fd_history_page_export             (FdHistoryPage   *self,
                                                    GFile           *file);

/* For tests and accessibility checks. */
GtkTreeView    *fd_history_page_get_view           (FdHistoryPage   *self);
GtkListStore   *fd_history_page_get_store          (FdHistoryPage   *self);
gboolean        fd_history_page_lookup_row         (FdHistoryPage   *self,
                                                    gint64           id,
                                                    GtkTreeIter     *store_iter);
const char     *fd_history_page_get_empty_title    (FdHistoryPage   *self);
GtkWidget      *fd_history_page_get_context_menu   (FdHistoryPage   *self);
guint           fd_history_page_get_repeat_count   (FdHistoryPage   *self,
                                                    gint64           id);

G_END_DECLS
