/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-directory.h"
#include "fd-eds-books.h"
#include "fd-settings.h"

G_BEGIN_DECLS

#define FD_TYPE_PEOPLE_PAGE (fd_people_page_get_type ())
G_DECLARE_FINAL_TYPE (FdPeoplePage, fd_people_page, FD, PEOPLE_PAGE, GtkBox)

/*
 * The Preferences page for names: the address books ("directories": add a
 * file or a folder, remove one), the region numbers are read in, and the
 * extension labels ("1001=Reception", one a line). Under the books, each
 * problem the directory has with them, one sentence each. Then GNOME's
 * address books (fd_people_page_set_address_books()), a check each: an
 * unticked one is saved in "hidden-address-books". Without Evolution Data
 * Server in the build, a sentence says they need it.
 */
GtkWidget  *fd_people_page_new          (FdSettings   *settings,
                                         FdDirectory  *directory);
/* What the file chooser's answer does; also for tests. */
void        fd_people_page_add_source   (FdPeoplePage *self,
                                         const char   *path);
void        fd_people_page_remove_source (FdPeoplePage *self,
                                         const char   *path);
/* FdPeople's; NULL when this run reads none. */
void        fd_people_page_set_address_books (FdPeoplePage *self,
                                              FdEdsBooks   *books);

/* For tests and accessibility checks. */
const char *fd_people_page_get_errors_text (FdPeoplePage *self);
GtkEntry   *fd_people_page_get_region_entry (FdPeoplePage *self);
GtkTextBuffer *fd_people_page_get_labels_buffer (FdPeoplePage *self);
guint       fd_people_page_get_n_sources (FdPeoplePage *self);
const char *fd_people_page_get_address_books_note (FdPeoplePage *self);
GtkToggleButton *fd_people_page_get_address_book_check (FdPeoplePage *self,
                                                        const char   *uid);

G_END_DECLS
