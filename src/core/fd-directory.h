/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-call.h"

G_BEGIN_DECLS

#define FD_TYPE_DIRECTORY (fd_directory_get_type ())
G_DECLARE_FINAL_TYPE (FdDirectory, fd_directory, FD, DIRECTORY, GObject)

/* Phone numbers to names, from any number of sources: vCard files (2.1,
 * 3.0, 4.0), CSV files as Google Contacts and Outlook export them, or
 * folders of both. Each source is read at once and again whenever it
 * changes on disk ("changed"). A source that cannot be read keeps one
 * sentence in fd_directory_get_errors(); the others still load. Numbers
 * are compared in their fd_phone_number_normalize() form. */

FdDirectory *fd_directory_new                (const char   *region);

/* The region national numbers are read in ("HU"); NULL or "" takes the
 * locale's. Changing it reads every source again. */
void         fd_directory_set_region         (FdDirectory  *self,
                                              const char   *region);
const char  *fd_directory_get_region         (FdDirectory  *self);

/* A file or a folder; a path already added is not added twice. */
void         fd_directory_add_source         (FdDirectory  *self,
                                              const char   *path);
/* Replaces every source by @paths (NULL-terminated, may be NULL). */
void         fd_directory_set_sources        (FdDirectory  *self,
                                              const char * const *paths);

/* Contacts the directory does not read itself: Evolution Data Server's
 * address books (FdEdsBooks) give theirs here. @key names the feed (never a
 * path); @title names its book, as @file does for a file's. @pairs is
 * number, name, number, name, …, NULL; @error one sentence or NULL. Each
 * call replaces what the feed had. Feeds stay when the files are replaced
 * and are looked up after them, in the order they were first set. */
void         fd_directory_set_feed           (FdDirectory        *self,
                                              const char         *key,
                                              const char         *title,
                                              const char * const *pairs,
                                              const char         *error);
void         fd_directory_remove_feed        (FdDirectory        *self,
                                              const char         *key);

/* The name for @number, or NULL; @file, when not NULL, is set to the file
 * the name came from. The first source added wins when two know a number. */
const char  *fd_directory_lookup             (FdDirectory  *self,
                                              const char   *number,
                                              const char  **file);
/* The same for a number already normalised: a hash lookup and nothing else. */
const char  *fd_directory_lookup_normalized  (FdDirectory  *self,
                                              const char   *key,
                                              const char  **file);

/* Calls @func with each normalised number and its name, at most @limit
 * times (0: no limit); a number two books know comes once per book.
 * Returns how many were given. */
typedef void (*FdDirectoryForeach) (const char *number,
                                    const char *name,
                                    gpointer    data);
guint        fd_directory_foreach            (FdDirectory        *self,
                                              FdDirectoryForeach  func,
                                              gpointer            data,
                                              guint               limit);

guint        fd_directory_get_n_numbers      (FdDirectory  *self);
/* Every source's current problems, one sentence each (transfer container). */
GPtrArray   *fd_directory_get_errors         (FdDirectory  *self);

/* Sets @call's caller and callee names: a directory entry for the number
 * ("directory"), else for the caller the PBX's CallerId when it is a name
 * rather than the number ("pbx"), else none. @self may be NULL: then only
 * the PBX's names are used. */
void         fd_directory_name_call          (FdDirectory  *self,
                                              FdCall       *call);

G_END_DECLS
