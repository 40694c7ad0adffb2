/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-call-tracker.h"
#include "fd-call.h"

G_BEGIN_DECLS

/* Where a row came from: the poller seeing a call end, or the PBX's own
 * call history read afterwards. The strings are the CLI's `entry_source`. */
typedef enum {
  FD_JOURNAL_SOURCE_POLL,
  FD_JOURNAL_SOURCE_PBX_HISTORY,
} FdJournalSource;

#define FD_TYPE_JOURNAL_ENTRY (fd_journal_entry_get_type ())
G_DECLARE_FINAL_TYPE (FdJournalEntry, fd_journal_entry, FD, JOURNAL_ENTRY, GObject)

/* One ended call as the journal holds it: an immutable snapshot of a row.
 * After a change (FdJournal::changed) fetch a fresh one with
 * fd_journal_lookup(). */

FdJournalEntry *fd_journal_entry_new              (gint64          id,
                                                   FdCall         *call,
                                                   FdCallOutcome   outcome,
                                                   GDateTime      *ended_time,
                                                   gboolean        handled,
                                                   GDateTime      *handled_time);

/* For FdJournal only: sets the version 2 fields while it builds an entry. */
void            fd_journal_entry_set_details      (FdJournalEntry    *self,
                                                   const char        *note,
                                                   const char        *handled_by,
                                                   FdJournalSource    source,
                                                   const char        *recorded_by,
                                                   const char        *pbx);


gint64          fd_journal_entry_get_id           (FdJournalEntry *self);
FdCall         *fd_journal_entry_get_call         (FdJournalEntry *self);
FdCallOutcome   fd_journal_entry_get_outcome      (FdJournalEntry *self);
gboolean        fd_journal_entry_is_missed        (FdJournalEntry *self);
GDateTime      *fd_journal_entry_get_ended_time   (FdJournalEntry *self);
gboolean        fd_journal_entry_get_handled      (FdJournalEntry *self);
GDateTime      *fd_journal_entry_get_handled_time (FdJournalEntry *self);
const char     *fd_journal_entry_get_note         (FdJournalEntry *self);
const char     *fd_journal_entry_get_handled_by   (FdJournalEntry *self);
const char     *fd_journal_entry_get_recorded_by  (FdJournalEntry *self);
const char     *fd_journal_entry_get_pbx          (FdJournalEntry *self);
/* handled_at is fd_journal_entry_get_handled_time(). */
FdJournalSource fd_journal_entry_get_source       (FdJournalEntry *self);

G_END_DECLS
