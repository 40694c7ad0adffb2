/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryPage"

#include "config.h"

#include "fd-format.h"
#include "fd-history-rows.h"
#include "fd-journal-entry.h"

#include <glib/gi18n.h>

FdHistoryRows *
fd_history_rows_new (void)
{
  FdHistoryRows *self = g_new0 (FdHistoryRows, 1);

  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->store = gtk_list_store_new (FD_HISTORY_N_COLUMNS,
                                    FD_TYPE_JOURNAL_ENTRY,
                                    G_TYPE_INT64,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_BOOLEAN,
                                    G_TYPE_BOOLEAN,
                                    G_TYPE_INT,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING,
                                    G_TYPE_STRING);
  return self;
}

void
fd_history_rows_free (FdHistoryRows *self)
{
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_free (self->search);
  g_free (self);
}

static void
set_row (FdHistoryRows  *self,
         GtkTreeIter    *iter,
         FdJournalEntry *entry)
{
  FdCall *call = fd_journal_entry_get_call (entry);
  gboolean missed = fd_journal_entry_is_missed (entry);
  gboolean handled = fd_journal_entry_get_handled (entry);
  g_autofree char *ended = fd_format_time (fd_journal_entry_get_ended_time (entry));
  g_autofree char *markup = fd_call_dup_caller_markup (call);
  /* The name the journal kept from the time of the call, with the number. */
  g_autofree char *called = fd_format_dup_callee (call);
  g_autofree char *ring = fd_format_duration (fd_call_get_ring_seconds (call));
  g_autofree char *talk = fd_format_duration (missed ? FD_CALL_NO_DURATION : fd_call_get_talk_seconds (call));

  gtk_list_store_set (self->store, iter,
                      FD_HISTORY_COLUMN_ENTRY, entry,
                      FD_HISTORY_COLUMN_ID, fd_journal_entry_get_id (entry),
                      FD_HISTORY_COLUMN_ENDED, ended,
                      FD_HISTORY_COLUMN_OUTCOME_ICON, missed ? FD_ICON_MISSED : FD_ICON_ACTIVE,
                      FD_HISTORY_COLUMN_OUTCOME_TEXT, missed ? _("Missed") : _("Answered"),
                      FD_HISTORY_COLUMN_MISSED, missed,
                      FD_HISTORY_COLUMN_HANDLED, handled,
                      FD_HISTORY_COLUMN_WEIGHT, missed && !handled ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                      FD_HISTORY_COLUMN_CALLER_MARKUP, markup,
                      FD_HISTORY_COLUMN_CALLED, called != NULL ? called : "–",
                      FD_HISTORY_COLUMN_RING_TEXT, ring,
                      FD_HISTORY_COLUMN_TALK_TEXT, talk,
                      -1);
}

/* Rows are keyed on the journal's id; a GtkListStore's iters persist. */
static void
insert_row (FdHistoryRows  *self,
            int             position,
            FdJournalEntry *entry)
{
  gint64 id = fd_journal_entry_get_id (entry);
  GtkTreeIter iter;

  gtk_list_store_insert (self->store, &iter, position);
  g_hash_table_insert (self->rows, g_memdup2 (&id, sizeof id), g_memdup2 (&iter, sizeof iter));
  set_row (self, &iter, entry);
}

static void
remove_row (FdHistoryRows *self,
            gint64         id)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->rows, &id);

  if (iter == NULL)
    return;
  gtk_list_store_remove (self->store, iter);
  g_hash_table_remove (self->rows, &id);
}

/* How many rows to read again so that the store keeps what it showed. */
static guint
n_loaded (FdHistoryRows *self)
{
  guint n = gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->store), NULL);

  return MAX (n, FD_HISTORY_ROWS_PAGE);
}

/* The id of the store's last (oldest) row, where the next page starts. */
gint64
fd_history_rows_get_last_id (FdHistoryRows *self)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  int n = gtk_tree_model_iter_n_children (model, NULL);
  GtkTreeIter iter;
  gint64 id = 0;

  if (n > 0 && gtk_tree_model_iter_nth_child (model, &iter, NULL, n - 1))
    gtk_tree_model_get (model, &iter, FD_HISTORY_COLUMN_ID, &id, -1);
  return id;
}

/* Several rows changed (all marked handled, old ones pruned): the rows
 * loaded so far are read again and each is brought up to date where it
 * stands, so that the selection and the scroll position stay. Both lists
 * are newest first. */
void
fd_history_rows_reconcile (FdHistoryRows *self,
                           FdJournal     *journal)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) ids = NULL;
  guint limit = n_loaded (self);

  entries = fd_journal_list (journal, self->filter, self->search, limit, &error);
  if (entries == NULL)
    {
      g_debug ("Cannot read the journal: %s", error->message);
      return;
    }
  self->complete = entries->len < limit;
  wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);
      gint64 *id = g_new (gint64, 1);

      *id = fd_journal_entry_get_id (entry);
      g_hash_table_insert (wanted, id, entry);
    }

  ids = g_hash_table_get_keys (self->rows);
  for (GList *l = ids; l != NULL; l = l->next)
    if (!g_hash_table_contains (wanted, l->data))
      remove_row (self, *(gint64 *) l->data);

  for (guint i = 0; i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);
      gint64 id = fd_journal_entry_get_id (entry);
      GtkTreeIter *iter = g_hash_table_lookup (self->rows, &id);

      if (iter == NULL)
        insert_row (self, i, entry);
      else
        set_row (self, iter, entry);
    }
}

/* Whether @entry belongs to the rows' query: a row that changed since it
 * was read may no longer. */
gboolean
fd_history_rows_matches (FdHistoryRows  *self,
                         FdJournalEntry *entry)
{
  gboolean missed = fd_journal_entry_is_missed (entry);

  if ((self->filter == FD_JOURNAL_FILTER_MISSED && !missed) ||
      (self->filter == FD_JOURNAL_FILTER_ANSWERED && missed))
    return FALSE;
  return self->search == NULL || fd_journal_entry_matches (entry, self->search);
}

void
fd_history_rows_refresh (FdHistoryRows *self,
                         FdJournal     *journal,
                         gint64         id)
{
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  GtkTreeIter *iter;

  entry = fd_journal_lookup (journal, id, &error);
  if (entry == NULL)
    {
      if (g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND))
        remove_row (self, id);
      else
        g_debug ("Cannot read call %lld of the journal: %s", (long long) id, error->message);
      return;
    }
  iter = g_hash_table_lookup (self->rows, &id);
  if (iter != NULL)
    set_row (self, iter, entry);
  else if (fd_history_rows_matches (self, entry))
    /* A call that just ended: the newest, on top. */
    insert_row (self, 0, entry);
}

/* No rows, and the query whose pages come next. */
void
fd_history_rows_reset (FdHistoryRows   *self,
                       FdJournalFilter  filter,
                       const char      *search)
{
  fd_history_rows_clear (self);
  self->filter = filter;
  g_free (self->search);
  self->search = search != NULL && *search != '\0' ? g_strdup (search) : NULL;
}

/* The first page of @journal's entries for @filter and @search, newest
 * first, in place of the rows there were. */
gboolean
fd_history_rows_load (FdHistoryRows   *self,
                      FdJournal       *journal,
                      FdJournalFilter  filter,
                      const char      *search,
                      GError         **error)
{
  fd_history_rows_reset (self, filter, search);
  return fd_history_rows_load_more (self, journal, error);
}

/* The next page, below the rows there are; nothing once they are all. */
gboolean
fd_history_rows_load_more (FdHistoryRows  *self,
                           FdJournal      *journal,
                           GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  if (self->complete)
    return TRUE;
  entries = fd_journal_list_after (journal, self->filter, self->search, fd_history_rows_get_last_id (self),
                                   FD_HISTORY_ROWS_PAGE, error);
  if (entries == NULL)
    return FALSE;
  fd_history_rows_append (self, entries);
  return TRUE;
}

/* @entries: the page after fd_history_rows_get_last_id(), of at most
 * FD_HISTORY_ROWS_PAGE rows, as it was read (here or on a worker). */
void
fd_history_rows_append (FdHistoryRows *self,
                        GPtrArray     *entries)
{
  self->complete = entries->len < FD_HISTORY_ROWS_PAGE;
  for (guint i = 0; i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);
      gint64 id = fd_journal_entry_get_id (entry);

      /* A row whose end time a later sighting moved may be here already. */
      if (!g_hash_table_contains (self->rows, &id))
        insert_row (self, -1, entry);
    }
}

void
fd_history_rows_clear (FdHistoryRows *self)
{
  g_hash_table_remove_all (self->rows);
  gtk_list_store_clear (self->store);
  self->complete = FALSE;
}

/* The row of the store, or NULL. */
GtkTreeIter *
fd_history_rows_lookup (FdHistoryRows *self,
                        gint64         id)
{
  return g_hash_table_lookup (self->rows, &id);
}
