/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-call.h"
#include "fd-directory.h"
#include "fd-journal.h"

G_BEGIN_DECLS

#define FD_TYPE_NAMER (fd_namer_get_type ())
G_DECLARE_FINAL_TYPE (FdNamer, fd_namer, FD, NAMER, GObject)

/*
 * Who a number is, from every place the app knows names: the directory
 * (vCard and CSV books), the local extension labels ("1001=Reception"),
 * and names learned from the PBX (an internal extension's CallerId on a
 * call it placed), in that order; the PBX's CallerId last.
 *
 * Learned names are kept in the journal's meta table when a journal is
 * set, so they outlive a restart: read in one query when the journal is
 * set (again a minute later if that failed), held in memory, and written
 * through when one is learned; naming a call never waits for the journal. Signal "changed" when any name may have
 * changed (a label, the directory, a newly learned extension).
 */

FdNamer     *fd_namer_new             (void);
void         fd_namer_set_directory   (FdNamer            *self,
                                       FdDirectory        *directory);
FdDirectory *fd_namer_get_directory   (FdNamer            *self);
void         fd_namer_set_labels      (FdNamer            *self,
                                       const char * const *labels);
void         fd_namer_set_journal     (FdNamer            *self,
                                       FdJournal          *journal);

/* Names @call's caller and callee, and learns the caller's name when an
 * internal extension placed it. */
void         fd_namer_name_call       (FdNamer            *self,
                                       FdCall             *call);
/* Names every FdCall of @calls (a snapshot), as fd_namer_name_call(). */
void         fd_namer_name_calls      (FdNamer            *self,
                                       GPtrArray          *calls);
/* The name for @number (an extension or a phone number), or NULL;
 * @source (nullable) says where it came from. */
char        *fd_namer_dup_name        (FdNamer            *self,
                                       const char         *number,
                                       FdNameSource       *source);
/* Remembers @name for the extension @extension (and in the journal). */
void         fd_namer_learn           (FdNamer            *self,
                                       const char         *extension,
                                       const char         *name);

/* TRUE for an internal extension: up to 6 digits, nothing else. */
gboolean     fd_namer_is_extension    (const char         *number);

G_END_DECLS
