/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

/* "Reached later": a missed call whose number later got through. It uses
 * the journal's public API only (a list and fd_journal_set_handled_by()),
 * so it needs no column of its own, no migration, and works the same on
 * any backend the journal grows: the mark is the handled fields, with
 * handled_by FD_JOURNAL_REACHED_LATER and handled_at the time it was seen. */

#include "config.h"

#include "fd-journal.h"
#include "fd-phone-number.h"

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

static void
add_number (GPtrArray  *numbers,
            const char *number,
            const char *region)
{
  char *normal;

  if (!is_set (number) || (normal = fd_phone_number_normalize (number, region)) == NULL)
    return;
  g_ptr_array_add (numbers, normal);
}

/* The other party's numbers of an answered call: who called in (Source,
 * else CallerId), and whom the desk called out to (Destination, and the
 * digits dialled when the PBX rewrote them). */
static GPtrArray *
numbers_of (FdCall     *call,
            const char *region)
{
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);

  add_number (numbers, is_set (fd_call_get_source (call)) ? fd_call_get_source (call)
                                                          : fd_call_get_caller_id (call), region);
  add_number (numbers, fd_call_get_destination (call), region);
  add_number (numbers, fd_call_get_callee_dialed (call), region);
  return numbers;
}

static gboolean
entry_reached (FdJournalEntry *entry,
               GPtrArray      *numbers,
               GDateTime      *until,
               const char     *region)
{
  FdCall *call = fd_journal_entry_get_call (entry);
  const char *number = is_set (fd_call_get_source (call)) ? fd_call_get_source (call)
                                                          : fd_call_get_caller_id (call);
  g_autofree char *normal = NULL;

  if (fd_journal_entry_get_handled (entry) || !fd_journal_entry_is_missed (entry))
    return FALSE;
  if (g_date_time_compare (fd_journal_entry_get_ended_time (entry), until) > 0)
    return FALSE;
  if (!is_set (number) || (normal = fd_phone_number_normalize (number, region)) == NULL)
    return FALSE;
  for (guint i = 0; i < numbers->len; i++)
    if (g_strcmp0 (normal, numbers->pdata[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * fd_journal_mark_reached_later:
 * @answered: a call that was answered: its caller called again and got
 *   through, or the desk called the number back
 * @until: when @answered ended; missed calls that ended after it are not
 *   its business
 * @region: (nullable): for numbers written nationally (fd-phone-number.h)
 * @n_marked: (out) (optional): how many entries it marked
 *
 * Marks handled, by FD_JOURNAL_REACHED_LATER, every unhandled missed call
 * from one of @answered's numbers (compared normalised, so "06 1 234 5678"
 * and "+3612345678" are one number, and an extension only itself) that
 * ended by @until. Each marked entry emits "changed" with its id.
 */
gboolean
fd_journal_mark_reached_later (FdJournal   *self,
                               FdCall      *answered,
                               GDateTime   *until,
                               const char  *region,
                               guint       *n_marked,
                               GError     **error)
{
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GPtrArray) missed = NULL;
  guint marked = 0;

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (FD_IS_CALL (answered), FALSE);
  g_return_val_if_fail (until != NULL, FALSE);

  if (n_marked != NULL)
    *n_marked = 0;
  numbers = numbers_of (answered, region);
  if (numbers->len == 0)
    return TRUE;
  if ((missed = fd_journal_list (self, FD_JOURNAL_FILTER_MISSED, NULL, 0, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < missed->len; i++)
    {
      FdJournalEntry *entry = missed->pdata[i];

      if (!entry_reached (entry, numbers, until, region))
        continue;
      if (!fd_journal_set_handled_by (self, fd_journal_entry_get_id (entry), FD_JOURNAL_REACHED_LATER, error))
        return FALSE;
      marked++;
    }
  if (n_marked != NULL)
    *n_marked = marked;
  return TRUE;
}
