/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryPage"

#include "config.h"

#include "fd-format.h"
#include "fd-history-page-private.h"

#include <glib/gi18n.h>

/* The History page's writes: marking calls handled, through the desk's
 * worker when the page shows the desk's journal. */

static gboolean
store_iter_from_string (FdHistoryPage *self,
                        const char  *path_string,
                        GtkTreeIter *store_iter)
{
  GtkTreeIter filter_iter;

  if (!gtk_tree_model_get_iter_from_string (self->filter, &filter_iter, path_string))
    return FALSE;
  gtk_tree_model_filter_convert_iter_to_child_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                    store_iter, &filter_iter);
  return TRUE;
}


/* Handling a row of repeats handles every call it stands for; taking it
 * back takes back the one. The group is copied: each write rebuilds it. */
static gboolean
set_handled_group (FdHistoryPage  *self,
                   gint64          id,
                   gboolean        handled,
                   GError        **error)
{
  GArray *group = handled ? fd_history_repeats_group (self->repeats, id) : NULL;
  g_autoptr(GArray) ids = group != NULL ? g_array_copy (group) : g_array_new (FALSE, FALSE, sizeof (gint64));

  if (ids->len == 0)
    g_array_append_val (ids, id);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 one = g_array_index (ids, gint64, i);

      /* The desk writes on its worker thread, with who handled the call,
       * and says in its "journal-error" when that fails. */
      if (_fd_history_page_desk_writes (self))
        fd_desk_set_handled (self->desk, one, handled);
      else if (!fd_journal_set_handled (self->journal, one, handled, error))
        return FALSE;
    }
  return TRUE;
}

static void
set_handled (FdHistoryPage *self,
             gint64         id,
             gboolean       handled)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  if (self->journal == NULL || set_handled_group (self, id, handled, &error))
    return;
  reason = fd_format_reason (error);
  /* Translators: %s is a sentence saying what went wrong */
  text = g_strdup_printf (_("Could not change the call history: %s."), reason);
  g_signal_emit_by_name (self, "status-message", text, TRUE);
}

void
_fd_history_page_on_handled_toggled (FdHistoryPage         *self,
                    const char            *path_string,
                    GtkCellRendererToggle *renderer)
{
  GtkTreeIter iter;
  gboolean missed;
  gboolean handled;
  gint64 id;

  if (!store_iter_from_string (self, path_string, &iter))
    return;
  gtk_tree_model_get (GTK_TREE_MODEL (self->rows->store), &iter,
                      FD_HISTORY_COLUMN_ID, &id,
                      FD_HISTORY_COLUMN_MISSED, &missed,
                      FD_HISTORY_COLUMN_HANDLED, &handled,
                      -1);
  if (missed)
    set_handled (self, id, !handled);
}

void
fd_history_page_mark_selected (FdHistoryPage *self,
                               gboolean       handled)
{
  FdJournalEntry *entry;

  g_return_if_fail (FD_IS_HISTORY_PAGE (self));

  entry = fd_history_page_get_selected_entry (self);
  if (entry != NULL && fd_journal_entry_is_missed (entry))
    set_handled (self, fd_journal_entry_get_id (entry), handled);
}

void
fd_history_page_mark_all_handled (FdHistoryPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (FD_IS_HISTORY_PAGE (self));

  if (_fd_history_page_desk_writes (self))
    fd_desk_mark_all_handled (self->desk);
  if (self->journal == NULL || _fd_history_page_desk_writes (self) || fd_journal_mark_all_handled (self->journal, &error))
    return;
  reason = fd_format_reason (error);
  /* Translators: %s is a sentence saying what went wrong */
  text = g_strdup_printf (_("Could not change the call history: %s."), reason);
  g_signal_emit_by_name (self, "status-message", text, TRUE);
}
