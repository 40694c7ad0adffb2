/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-directory.h"

G_BEGIN_DECLS

#define FD_TYPE_EDS_BOOKS (fd_eds_books_get_type ())
G_DECLARE_FINAL_TYPE (FdEdsBooks, fd_eds_books, FD, EDS_BOOKS, GObject)

/*
 * GNOME's address books, through Evolution Data Server: every enabled
 * address book of the user's source registry, less the hidden ones, is
 * opened and followed live (an EBookClientView of the contacts that have a
 * phone number), and its contacts are fed into @directory as one feed per
 * book ("eds:UID"). A book that fails to open gives one sentence, in the
 * directory's errors and on stderr; the others still load. No registry on
 * the bus (no Evolution Data Server running) is no error: no books.
 *
 * Only built with Evolution Data Server (HAVE_EDS); FdPeople makes one.
 */

FdEdsBooks *fd_eds_books_new          (FdDirectory        *directory);

/* The UIDs of books not to read (the hidden-address-books setting). */
void        fd_eds_books_set_hidden   (FdEdsBooks         *self,
                                       const char * const *uids);

/* The registry answered, or turned out not to be there. */
gboolean    fd_eds_books_is_ready     (FdEdsBooks         *self);

/* Every enabled address book the registry has, hidden or not, by title
 * (transfer full); and one's title. For Preferences' check list. */
char      **fd_eds_books_dup_uids     (FdEdsBooks         *self);
char       *fd_eds_books_dup_title    (FdEdsBooks         *self,
                                       const char         *uid);

/* How many contacts with numbers the book has given so far; -1 while it
 * is not open. For tests and the debug log. */
int         fd_eds_books_get_n_contacts (FdEdsBooks       *self,
                                         const char       *uid);

G_END_DECLS
