/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNotifier"

/* A missed call's bubble stays until someone deals with the call. Dealt
 * with anywhere (its Mark Handled button, the window, a repeat row
 * handling all its calls, a later call that reached the number), the
 * bubble has said what it had to say and closes. */

#include "config.h"

#include "fd-notifier-private.h"

static gboolean
entry_is_settled (FdJournal *journal,
                  gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournalEntry) entry = fd_journal_lookup (journal, id, &error);

  if (entry == NULL)
    return g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  return fd_journal_entry_get_handled (entry);
}

static void
close_if_settled (FdNotifier *self,
                  FdJournal  *journal,
                  gint64      id)
{
  const char *call_id = g_hash_table_lookup (self->missed_bubbles, &id);

  if (call_id == NULL || !entry_is_settled (journal, id))
    return;
  _fd_notifier_close (self, call_id);
  g_hash_table_remove (self->missed_bubbles, &id);
}

/* id 0: several rows changed at once (Mark All Handled). */
static void
on_journal_changed (FdNotifier *self,
                    gint64      id,
                    FdJournal  *journal)
{
  g_autoptr(GList) ids = NULL;

  if (id != 0)
    {
      close_if_settled (self, journal, id);
      return;
    }
  ids = g_hash_table_get_keys (self->missed_bubbles);
  for (GList *l = ids; l != NULL; l = l->next)
    close_if_settled (self, journal, *(gint64 *) l->data);
}

static void
on_desk_journal (FdNotifier *self,
                 GParamSpec *pspec,
                 FdDesk     *desk)
{
  FdJournal *journal = fd_desk_get_journal (desk);

  if (journal != NULL)
    g_signal_connect_object (journal, "changed", G_CALLBACK (on_journal_changed), self, G_CONNECT_SWAPPED);
}

void
_fd_notifier_journal_follow (FdNotifier *self,
                             FdDesk     *desk)
{
  g_signal_connect_object (desk, "notify::journal", G_CALLBACK (on_desk_journal), self, G_CONNECT_SWAPPED);
  on_desk_journal (self, NULL, desk);
}
