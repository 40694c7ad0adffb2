/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournalEntry"

#include "config.h"

#include "fd-journal-entry.h"
#include "fd-journal.h"

struct _FdJournalEntry
{
  GObject        parent_instance;

  gint64         id;             /* the row's own key, not the PBX's CallId */
  FdCall        *call;           /* the call as last seen */
  FdCallOutcome  outcome;
  GDateTime     *ended_time;
  gboolean       handled;
  GDateTime     *handled_time;   /* NULL unless handled */

  /* Schema version 2; NULL when not known (rows of version 1). */
  char            *note;
  char            *handled_by;
  FdJournalSource  source;
  char            *recorded_by;
  char            *pbx;
};

G_DEFINE_FINAL_TYPE (FdJournalEntry, fd_journal_entry, G_TYPE_OBJECT)


static void
fd_journal_entry_finalize (GObject *object)
{
  FdJournalEntry *self = (FdJournalEntry *) object;

  g_clear_object (&self->call);
  g_clear_pointer (&self->ended_time, g_date_time_unref);
  g_clear_pointer (&self->handled_time, g_date_time_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->handled_by, g_free);
  g_clear_pointer (&self->recorded_by, g_free);
  g_clear_pointer (&self->pbx, g_free);

  G_OBJECT_CLASS (fd_journal_entry_parent_class)->finalize (object);
}

static void
fd_journal_entry_class_init (FdJournalEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_journal_entry_finalize;
}

static void
fd_journal_entry_init (FdJournalEntry *self)
{
}

/**
 * fd_journal_entry_new:
 * @call: (transfer none): copied, so later changes to it do not show here
 * @handled_time: (nullable): when it was marked handled
 */
FdJournalEntry *
fd_journal_entry_new (gint64         id,
                      FdCall        *call,
                      FdCallOutcome  outcome,
                      GDateTime     *ended_time,
                      gboolean       handled,
                      GDateTime     *handled_time)
{
  FdJournalEntry *self;

  g_return_val_if_fail (FD_IS_CALL (call), NULL);
  g_return_val_if_fail (ended_time != NULL, NULL);

  self = g_object_new (FD_TYPE_JOURNAL_ENTRY, NULL);
  self->id = id;
  self->call = fd_call_copy (call);
  self->outcome = outcome;
  self->ended_time = g_date_time_ref (ended_time);
  self->handled = !!handled;
  if (handled_time != NULL)
    self->handled_time = g_date_time_ref (handled_time);
  return self;
}

gint64
fd_journal_entry_get_id (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), 0);
  return self->id;
}

FdCall *
fd_journal_entry_get_call (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->call;
}

FdCallOutcome
fd_journal_entry_get_outcome (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FD_CALL_OUTCOME_MISSED);
  return self->outcome;
}

gboolean
fd_journal_entry_is_missed (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FALSE);
  return self->outcome == FD_CALL_OUTCOME_MISSED;
}

GDateTime *
fd_journal_entry_get_ended_time (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->ended_time;
}

gboolean
fd_journal_entry_get_handled (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FALSE);
  return self->handled;
}

GDateTime *
fd_journal_entry_get_handled_time (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->handled_time;
}

void
fd_journal_entry_set_details (FdJournalEntry  *self,
                              const char      *note,
                              const char      *handled_by,
                              FdJournalSource  source,
                              const char      *recorded_by,
                              const char      *pbx)
{
  g_return_if_fail (FD_IS_JOURNAL_ENTRY (self));

  g_free (self->note);
  self->note = g_strdup (note);
  g_free (self->handled_by);
  self->handled_by = g_strdup (handled_by);
  self->source = source;
  g_free (self->recorded_by);
  self->recorded_by = g_strdup (recorded_by);
  g_free (self->pbx);
  self->pbx = g_strdup (pbx);
}

const char *
fd_journal_entry_get_note (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->note;
}

/* The name given when it was marked handled; NULL when marked without
 * one (or not handled). */
const char *
fd_journal_entry_get_handled_by (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->handled_by;
}

FdJournalSource
fd_journal_entry_get_source (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), FD_JOURNAL_SOURCE_POLL);
  return self->source;
}

const char *
fd_journal_entry_get_recorded_by (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->recorded_by;
}

/* The PBX's redacted URL; "" when the writer did not say, NULL for rows
 * of schema version 1. */
const char *
fd_journal_entry_get_pbx (FdJournalEntry *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_ENTRY (self), NULL);
  return self->pbx;
}
