/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryPage"

#include "config.h"

#include "fd-history-page-private.h"

/* The History page's reads: a page of the journal at a time, on the
 * desk's worker when there is one. */

/* The desk's worker writes what the page shows when the page shows the
 * desk's journal (the application's case). */
gboolean
_fd_history_page_desk_writes (FdHistoryPage *self)
{
  return self->desk != NULL && self->journal != NULL && fd_desk_get_journal (self->desk) == self->journal;
}

/* Its answer is dropped: the query changed, or the page is going. */
void
_fd_history_page_stop_reading (FdHistoryPage *self)
{
  if (self->reading == NULL)
    return;
  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* @data is the page, not referenced: a page that went away cancelled the
 * read, and then nothing here touches it. */
static void
on_page_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = fd_desk_read_history_finish (FD_DESK (source), result, &error);
  FdHistoryPage *self = data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reading);
  if (entries == NULL)
    {
      g_debug ("Cannot read the journal: %s", error->message);
      return;
    }
  fd_history_rows_append (self->rows, entries);
  self->pages_changed (self);
}

/* The next page of the query: on the desk's worker when the page has one,
 * so that a slow disk or database never holds the window (the rows come
 * a moment later), else here. One page at a time. */
void
_fd_history_page_read_next_page (FdHistoryPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL || self->reading != NULL || self->rows->complete)
    return;
  if (_fd_history_page_desk_writes (self))
    {
      self->reading = g_cancellable_new ();
      fd_desk_read_history_async (self->desk, self->rows->filter, self->rows->search,
                                  fd_history_rows_get_last_id (self->rows), FD_HISTORY_ROWS_PAGE,
                                  self->reading, on_page_read, self);
      return;
    }
  if (!fd_history_rows_load_more (self->rows, self->journal, &error))
    g_debug ("Cannot read the journal: %s", error->message);
  self->pages_changed (self);
}

/* The rows of the filter and the search, read anew from the journal: the
 * store holds only what the query finds, a page at a time. */
void
_fd_history_page_reload (FdHistoryPage *self)
{
  _fd_history_page_stop_reading (self);
  fd_history_rows_reset (self->rows, self->kind, self->needle);
  _fd_history_page_read_next_page (self);
  gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
  self->pages_changed (self);
}

/* Within a screen of the end of what is read, the next page is read: the
 * view grows as the user scrolls (or presses End) and never waits for the
 * whole journal. Each page changes the adjustment, which asks again. */
void
_fd_history_page_on_scrolled (FdHistoryPage *self,
             GtkAdjustment *adjustment)
{
  double page = gtk_adjustment_get_page_size (adjustment);

  /* page is 0 until the view has its size: nothing is on screen yet. */
  if (page > 0 && gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment))
    _fd_history_page_read_next_page (self);
}

/* Reads pages until the rows hold @id's (an older call a notification
 * or a search asks for), or the query has no more. */
void
_fd_history_page_load_until (FdHistoryPage *self,
            gint64         id)
{
  g_autoptr(GError) error = NULL;

  /* Asked now: read here, in order, in place of a page on its way. */
  if (fd_history_rows_lookup (self->rows, id) == NULL)
    _fd_history_page_stop_reading (self);
  while (fd_history_rows_lookup (self->rows, id) == NULL && !self->rows->complete)
    if (!fd_history_rows_load_more (self->rows, self->journal, &error))
      {
        g_debug ("Cannot read the journal: %s", error->message);
        break;
      }
  self->pages_changed (self);
}
