/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryPage"

#include "config.h"

#include "fd-history-repeats.h"
#include "fd-history-rows.h"
#include "fd-inbox.h"

#include <glib/gi18n.h>

struct _FdHistoryRepeats
{
  char       *region;   /* nullable */
  GHashTable *groups;   /* repeat key -> GArray of gint64 ids, newest first */
  GHashTable *by_id;    /* gint64 id -> its group (borrowed from groups) */
};

FdHistoryRepeats *
fd_history_repeats_new (const char *region)
{
  FdHistoryRepeats *self = g_new0 (FdHistoryRepeats, 1);

  self->region = g_strdup (region);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
fd_history_repeats_free (FdHistoryRepeats *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->groups);
  g_free (self->region);
  g_free (self);
}

static void
add_entry (FdHistoryRepeats *self,
           FdJournalEntry   *entry)
{
  g_autofree char *key = NULL;
  gint64 id = fd_journal_entry_get_id (entry);
  GArray *group;

  if (!fd_journal_entry_is_missed (entry) || fd_journal_entry_get_handled (entry))
    return;
  if ((key = fd_inbox_dup_repeat_key (fd_journal_entry_get_call (entry), self->region)) == NULL)
    return;
  group = g_hash_table_lookup (self->groups, key);
  if (group == NULL)
    {
      group = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->groups, g_steal_pointer (&key), group);
    }
  g_array_append_val (group, id);
  g_hash_table_insert (self->by_id, g_memdup2 (&id, sizeof id), group);
}

void
fd_history_repeats_update (FdHistoryRepeats *self,
                           GtkTreeModel     *store)
{
  GtkTreeIter iter;
  gboolean valid;

  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->groups);
  for (valid = gtk_tree_model_get_iter_first (store, &iter); valid; valid = gtk_tree_model_iter_next (store, &iter))
    {
      g_autoptr(FdJournalEntry) entry = NULL;

      gtk_tree_model_get (store, &iter, FD_HISTORY_COLUMN_ENTRY, &entry, -1);
      if (entry != NULL)
        add_entry (self, entry);
    }
}

GArray *
fd_history_repeats_group (FdHistoryRepeats *self,
                          gint64            id)
{
  return g_hash_table_lookup (self->by_id, &id);
}

gboolean
fd_history_repeats_is_hidden (FdHistoryRepeats *self,
                              gint64            id)
{
  GArray *group = fd_history_repeats_group (self, id);

  return group != NULL && g_array_index (group, gint64, 0) != id;
}

guint
fd_history_repeats_count (FdHistoryRepeats *self,
                          gint64            id)
{
  GArray *group = fd_history_repeats_group (self, id);

  if (group == NULL || g_array_index (group, gint64, 0) != id)
    return 1;
  return group->len;
}

static void
render_count (GtkTreeViewColumn *column,
              GtkCellRenderer   *renderer,
              GtkTreeModel      *model,
              GtkTreeIter       *iter,
              gpointer           data)
{
  FdHistoryRepeats *self = data;
  g_autofree char *text = NULL;
  gint64 id = 0;
  guint count;

  gtk_tree_model_get (model, iter, FD_HISTORY_COLUMN_ID, &id, -1);
  count = fd_history_repeats_count (self, id);
  /* Translators: how many missed calls one inbox row stands for */
  if (count > 1)
    text = g_strdup_printf (ngettext ("%u call", "%u calls", count), count);
  g_object_set (renderer, "text", text != NULL ? text : "", NULL);
}

/* A column that is empty but on a row heading several calls. The
 * repeats must outlive @view. */
void
fd_history_repeats_add_column (FdHistoryRepeats *self,
                               GtkTreeView      *view)
{
  GtkCellRenderer *renderer = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();

  gtk_tree_view_column_set_title (column, _("Repeats"));
  gtk_tree_view_column_pack_start (column, renderer, TRUE);
  gtk_tree_view_column_set_cell_data_func (column, renderer, render_count, self, NULL);
  gtk_tree_view_append_column (view, column);
}
