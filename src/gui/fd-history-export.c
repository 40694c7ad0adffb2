/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryPage"

#include "config.h"

#include "fd-format.h"
#include "fd-history-export.h"
#include "fd-journal-csv.h"

#include <glib/gi18n.h>

/* What an export runs on: a copy of what the page shows, since the page
 * may change while the worker writes. */
typedef struct {
  FdJournal       *journal;       /* reopened in the thread: the same file or server */
  FdJournalFilter  kind;
  char            *needle;
  GFile           *file;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_clear_object (&export->journal);
  g_free (export->needle);
  g_clear_object (&export->file);
  g_free (export);
}

GtkFileChooserNative *
fd_history_export_chooser_new (GtkWindow *parent)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Call History"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  /* Translators: the suggested file name; %s is today's date, 2024-05-31 */
  name = g_strdup_printf (_("calls-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), g_object_ref (filter));
  return chooser;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Export *export = data;
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  GError *error = NULL;

  journal = fd_journal_reopen (export->journal, &error);
  if (journal != NULL)
    out = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &error);
  if (out != NULL &&
      fd_journal_export_csv (journal, export->kind, export->needle, G_OUTPUT_STREAM (out), cancellable, &error) &&
      g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Writes the calls of @journal that @filter and @needle let through to
 * @file as CSV. @source_object is kept alive until @callback runs. */
void
fd_history_export_async (GObject             *source_object,
                         FdJournal           *journal,
                         FdJournalFilter      filter,
                         const char          *needle,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  g_return_if_fail (FD_IS_JOURNAL (journal));
  g_return_if_fail (G_IS_FILE (file));

  export = g_new0 (Export, 1);
  export->journal = g_object_ref (journal);
  export->kind = filter;
  export->needle = g_strdup (needle);
  export->file = g_object_ref (file);

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_history_export_async);
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

/* The sentence that tells the user how it went, @failed set when it did
 * not; NULL when the export was cancelled (the page is going). */
char *
fd_history_export_finish (GAsyncResult *result,
                          gboolean     *failed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Export *export;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  export = g_task_get_task_data (G_TASK (result));
  *failed = !g_task_propagate_boolean (G_TASK (result), &error);
  if (*failed)
    {
      g_autofree char *reason = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return NULL;
      reason = fd_format_reason (error);
      /* Translators: %s is a sentence saying what went wrong */
      return g_strdup_printf (_("Could not export the call history: %s."), reason);
    }
  name = g_file_get_parse_name (export->file);
  /* Translators: %s is the file the calls were written to */
  return g_strdup_printf (_("The calls shown were exported to %s."), name);
}
