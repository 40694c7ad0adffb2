/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-call.h"

G_BEGIN_DECLS

/*
 * The watch-list: extensions and numbers whose calls notify. Pure
 * functions, no I/O. Two numbers are the same when they are equal after
 * dropping spaces, dashes, dots, slashes and brackets, ignoring case
 * ("+36 1 234-5678" is "+3612345678", "Reception" is "reception").
 */

/* An empty or NULL list watches every call; otherwise a call is watched
 * when its Source or its Destination is on the list. */
gboolean   fd_watch_list_matches        (const char * const *list,
                                         FdCall             *call);
gboolean   fd_watch_list_contains       (const char * const *list,
                                         const char         *number);
/* "101, 102; +36 1 234 5678" → { "101", "102", "+36 1 234 5678" }:
 * commas, semicolons and line breaks separate; blanks and repeats go. */
char     **fd_watch_list_parse          (const char         *text);
/* The other way round, ", " between the entries. */
char      *fd_watch_list_to_string      (const char * const *list);
char      *fd_watch_list_normalize      (const char         *number);

G_END_DECLS
