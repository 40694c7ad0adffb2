/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-secret-store.h"
#include "fd-settings.h"

G_BEGIN_DECLS

#define FD_TYPE_JOURNAL_PAGE (fd_journal_page_get_type ())
G_DECLARE_FINAL_TYPE (FdJournalPage, fd_journal_page, FD, JOURNAL_PAGE, GtkGrid)

/*
 * The Preferences page for the call journal: where it is kept (the
 * `journal` setting, used from the next start) and, for a PostgreSQL
 * journal, the database password, kept in the keyring through
 * FdSecretStore under the URI without any password and its user name.
 */
GtkWidget *fd_journal_page_new                (FdSettings    *settings,
                                               FdSecretStore *secret_store);
/* Saves what was typed and not yet saved; the dialog calls it on close. */
void       fd_journal_page_commit             (FdJournalPage *self);
/* A lookup or a store is running. */
gboolean   fd_journal_page_is_busy            (FdJournalPage *self);

/* For tests and accessibility checks. */
GtkEntry  *fd_journal_page_get_location_entry (FdJournalPage *self);
GtkEntry  *fd_journal_page_get_password_entry (FdJournalPage *self);
GtkEntry  *fd_journal_page_get_name_entry     (FdJournalPage *self);

G_END_DECLS
