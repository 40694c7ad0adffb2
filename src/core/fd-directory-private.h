/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What FdDirectory and its two readers (fd-directory-vcard.c,
 * fd-directory-csv.c) share: one file's contacts, keyed for lookup. */

/* Files larger than this are refused unread: an address book is text, and
 * one this big is a mistake (or an attack) that would stall the program. */
#define FD_DIRECTORY_MAX_FILE_SIZE (50 * 1024 * 1024)

typedef struct {
  char         *path;
  /* Normalised number -> name; both strings live in @strings, which costs
   * far less per contact than one allocation per string. */
  GHashTable   *entries;
  GStringChunk *strings;
  const char   *region;   /* the directory's, for the readers' numbers */
} FdBook;

FdBook  *fd_book_new         (const char *path,
                              const char *region);
void     fd_book_free        (FdBook     *book);
/* The first name given for a number in one file wins. FALSE when the number
 * holds no digits. */
gboolean fd_book_add         (FdBook     *book,
                              const char *number,
                              const char *name);

/* Each reader adds what it can and returns NULL, or one sentence about
 * the first problem (naming the file and line), having still added every
 * contact it could read. @text is valid UTF-8 and NUL-terminated. */
char    *fd_directory_read_vcard (FdBook     *book,
                                  const char *text,
                                  gsize       length);
char    *fd_directory_read_csv   (FdBook     *book,
                                  const char *text,
                                  gsize       length);

G_END_DECLS
