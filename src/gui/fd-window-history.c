/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWindow"

#include "config.h"

#include "fd-format.h"
#include "fd-journal-entry.h"
#include "fd-journal-csv.h"
#include "fd-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

/* What an export runs on: its own connection to the journal file, on a
 * worker thread, so a long journal never blocks the window. */
typedef struct {
  char            *journal_path;
  FdJournalFilter  kind;
  char            *needle;
  GFile           *file;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_free (export->journal_path);
  g_free (export->needle);
  g_clear_object (&export->file);
  g_free (export);
}

/* A sentence from GLib or the journal, without its final full stop, to
 * go inside one of ours. */
static char *
dup_reason (const GError *error)
{
  char *reason = g_strdup (error->message);
  gsize length = strlen (reason);

  if (length > 0 && reason[length - 1] == '.')
    reason[length - 1] = '\0';
  return reason;
}

static void
set_history_row (FdWindow       *self,
                 GtkTreeIter    *iter,
                 FdJournalEntry *entry)
{
  FdCall *call = fd_journal_entry_get_call (entry);
  gboolean missed = fd_journal_entry_is_missed (entry);
  gboolean handled = fd_journal_entry_get_handled (entry);
  g_autofree char *ended = _fd_window_dup_time_text (fd_journal_entry_get_ended_time (entry));
  g_autofree char *markup = _fd_window_dup_caller_markup (call);
  g_autofree char *called = fd_call_dup_called_display (call);
  g_autofree char *ring = fd_format_duration (fd_call_get_ring_seconds (call));
  g_autofree char *talk = fd_format_duration (missed ? FD_CALL_NO_DURATION : fd_call_get_talk_seconds (call));

  gtk_list_store_set (self->history_store, iter,
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
insert_history_row (FdWindow       *self,
                    int             position,
                    FdJournalEntry *entry)
{
  gint64 id = fd_journal_entry_get_id (entry);
  GtkTreeIter iter;

  gtk_list_store_insert (self->history_store, &iter, position);
  g_hash_table_insert (self->history_rows, g_memdup2 (&id, sizeof id), g_memdup2 (&iter, sizeof iter));
  set_history_row (self, &iter, entry);
}

static void
remove_history_row (FdWindow *self,
                    gint64    id)
{
  GtkTreeIter *iter = g_hash_table_lookup (self->history_rows, &id);

  if (iter == NULL)
    return;
  gtk_list_store_remove (self->history_store, iter);
  g_hash_table_remove (self->history_rows, &id);
}

static void
describe_history_empty (FdWindow    *self,
                        const char **icon,
                        const char **title,
                        char       **subtitle)
{
  *icon = "document-open-recent-symbolic";
  if (self->journal == NULL)
    {
      *icon = "dialog-warning-symbolic";
      *title = _("No Call History");
      *subtitle = g_strdup (self->journal_error);
    }
  else if (self->needle != NULL)
    {
      *icon = "edit-find-symbolic";
      *title = _("No Matching Calls");
      /* Translators: %s is what the user typed in the search entry */
      *subtitle = g_strdup_printf (_("No call in the history matches “%s”."), self->needle);
    }
  else if (self->history_kind == FD_JOURNAL_FILTER_MISSED)
    {
      *title = _("No Missed Calls");
      *subtitle = NULL;
    }
  else if (self->history_kind == FD_JOURNAL_FILTER_ANSWERED)
    {
      *title = _("No Answered Calls");
      *subtitle = NULL;
    }
  else
    {
      *title = _("No Calls Yet");
      *subtitle = g_strdup (_("Calls show up here when they end."));
    }
}

static void
update_history_page (FdWindow *self)
{
  g_autofree char *subtitle = NULL;
  const char *icon;
  const char *title;

  _fd_window_update_count (self);
  if (self->journal != NULL && gtk_tree_model_iter_n_children (self->history_filter, NULL) > 0)
    {
      gtk_stack_set_visible_child_name (self->history_stack, "list");
      return;
    }
  describe_history_empty (self, &icon, &title, &subtitle);
  gtk_image_set_from_icon_name (self->history_empty_image, icon, GTK_ICON_SIZE_DIALOG);
  gtk_label_set_text (self->history_empty_title, title);
  gtk_label_set_text (self->history_empty_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->history_empty_subtitle), subtitle != NULL && *subtitle != '\0');
  gtk_stack_set_visible_child_name (self->history_stack, "empty");
}

/* The inbox: the info bar, and the History switcher's title and dot. */
static void
update_missed (FdWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  guint count = 0;

  if (self->journal != NULL)
    count = fd_journal_count_unhandled_missed (self->journal, &error);
  if (error != NULL)
    g_debug ("Cannot count the missed calls: %s", error->message);
  self->missed_count = count;

  /* Translators: the unhandled missed calls, in the bar above the calls */
  text = g_strdup_printf (ngettext ("%u missed call", "%u missed calls", count), count);
  gtk_label_set_text (self->missed_label, text);
  gtk_info_bar_set_revealed (self->missed_bar, count > 0);

  /* Translators: the History page's title while %u missed calls wait */
  title = count > 0 ? g_strdup_printf (_("History (%u)"), count) : g_strdup (_("History"));
  gtk_container_child_set (GTK_CONTAINER (self->main_stack), self->history_page,
                           "title", title, "needs-attention", count > 0, NULL);
}

static void
load_history (FdWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = fd_journal_list (self->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  if (entries == NULL)
    {
      g_debug ("Cannot read the journal: %s", error->message);
      g_clear_object (&self->journal);
      self->journal_error = g_strdup (error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    insert_history_row (self, -1, g_ptr_array_index (entries, i));
}

/* Several rows changed (all marked handled, old ones pruned): each row is
 * brought up to date where it stands, so that the selection and the scroll
 * position stay. Both lists are newest first. */
static void
reconcile_history (FdWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) ids = NULL;

  entries = fd_journal_list (self->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  if (entries == NULL)
    {
      g_debug ("Cannot read the journal: %s", error->message);
      return;
    }
  wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);
      gint64 *id = g_new (gint64, 1);

      *id = fd_journal_entry_get_id (entry);
      g_hash_table_insert (wanted, id, entry);
    }

  ids = g_hash_table_get_keys (self->history_rows);
  for (GList *l = ids; l != NULL; l = l->next)
    if (!g_hash_table_contains (wanted, l->data))
      remove_history_row (self, *(gint64 *) l->data);

  for (guint i = 0; i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);
      gint64 id = fd_journal_entry_get_id (entry);
      GtkTreeIter *iter = g_hash_table_lookup (self->history_rows, &id);

      if (iter == NULL)
        insert_history_row (self, i, entry);
      else
        set_history_row (self, iter, entry);
    }
}

static void
refresh_history_row (FdWindow *self,
                     gint64    id)
{
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  GtkTreeIter *iter;

  entry = fd_journal_lookup (self->journal, id, &error);
  if (entry == NULL)
    {
      if (g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND))
        remove_history_row (self, id);
      else
        g_debug ("Cannot read call %" G_GINT64_FORMAT " of the journal: %s", id, error->message);
      return;
    }
  iter = g_hash_table_lookup (self->history_rows, &id);
  if (iter != NULL)
    set_history_row (self, iter, entry);
  else
    /* A call that just ended: the newest, on top. */
    insert_history_row (self, 0, entry);
}

static void
on_journal_changed (FdWindow  *self,
                    gint64     id,
                    FdJournal *journal)
{
  if (id > 0)
    refresh_history_row (self, id);
  else
    reconcile_history (self);
  update_missed (self);
  update_history_page (self);
  _fd_window_update_actions (self);
}

static gboolean
history_visible (GtkTreeModel *model,
                 GtkTreeIter  *iter,
                 gpointer      data)
{
  FdWindow *self = data;
  g_autoptr(FdJournalEntry) entry = NULL;

  gtk_tree_model_get (model, iter, FD_HISTORY_COLUMN_ENTRY, &entry, -1);
  if (entry == NULL)
    return FALSE;
  if (self->history_kind == FD_JOURNAL_FILTER_MISSED && !fd_journal_entry_is_missed (entry))
    return FALSE;
  if (self->history_kind == FD_JOURNAL_FILTER_ANSWERED && fd_journal_entry_is_missed (entry))
    return FALSE;
  return fd_call_matches (fd_journal_entry_get_call (entry), self->needle);
}

static gboolean
store_iter_from_string (FdWindow    *self,
                        const char  *path_string,
                        GtkTreeIter *store_iter)
{
  GtkTreeIter filter_iter;

  if (!gtk_tree_model_get_iter_from_string (self->history_filter, &filter_iter, path_string))
    return FALSE;
  gtk_tree_model_filter_convert_iter_to_child_iter (GTK_TREE_MODEL_FILTER (self->history_filter),
                                                    store_iter, &filter_iter);
  return TRUE;
}

static void
set_handled (FdWindow *self,
             gint64    id,
             gboolean  handled)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  if (self->journal == NULL || fd_journal_set_handled (self->journal, id, handled, &error))
    return;
  reason = dup_reason (error);
  /* Translators: %s is a sentence saying what went wrong */
  text = g_strdup_printf (_("Could not change the call history: %s."), reason);
  _fd_window_show_result (self, text, TRUE);
}

static void
on_handled_toggled (FdWindow              *self,
                    const char            *path_string,
                    GtkCellRendererToggle *renderer)
{
  GtkTreeIter iter;
  gboolean missed;
  gboolean handled;
  gint64 id;

  if (!store_iter_from_string (self, path_string, &iter))
    return;
  gtk_tree_model_get (GTK_TREE_MODEL (self->history_store), &iter,
                      FD_HISTORY_COLUMN_ID, &id,
                      FD_HISTORY_COLUMN_MISSED, &missed,
                      FD_HISTORY_COLUMN_HANDLED, &handled,
                      -1);
  if (missed)
    set_handled (self, id, !handled);
}

static void
add_outcome_column (FdWindow *self)
{
  GtkCellRenderer *icon = gtk_cell_renderer_pixbuf_new ();
  GtkCellRenderer *text = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();

  gtk_tree_view_column_set_title (column, _("Outcome"));
  g_object_set (icon, "xpad", 6, NULL);
  g_object_set (text, "ypad", 3, NULL);
  gtk_tree_view_column_pack_start (column, icon, FALSE);
  gtk_tree_view_column_pack_start (column, text, TRUE);
  gtk_tree_view_column_add_attribute (column, icon, "icon-name", FD_HISTORY_COLUMN_OUTCOME_ICON);
  gtk_tree_view_column_add_attribute (column, text, "text", FD_HISTORY_COLUMN_OUTCOME_TEXT);
  gtk_tree_view_column_add_attribute (column, text, "weight", FD_HISTORY_COLUMN_WEIGHT);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_min_width (column, 110);
  gtk_tree_view_append_column (self->history_view, column);
}

/* A check box on missed calls only: an answered call needs no handling. */
static void
add_handled_column (FdWindow *self)
{
  GtkCellRenderer *toggle = gtk_cell_renderer_toggle_new ();
  GtkTreeViewColumn *column;

  g_object_set (toggle, "activatable", TRUE, "xpad", 6, NULL);
  column = gtk_tree_view_column_new_with_attributes (_("Handled"), toggle,
                                                     "active", FD_HISTORY_COLUMN_HANDLED,
                                                     "visible", FD_HISTORY_COLUMN_MISSED,
                                                     NULL);
  g_signal_connect_object (toggle, "toggled", G_CALLBACK (on_handled_toggled), self, G_CONNECT_SWAPPED);
  gtk_tree_view_append_column (self->history_view, column);
}

static void
create_history_columns (FdWindow *self)
{
  GtkTreeView *view = self->history_view;

  _fd_window_add_text_column (view, _("Ended"), FD_HISTORY_COLUMN_ENDED, -1, -1, FD_COLUMN_NUMERIC);
  add_outcome_column (self);
  _fd_window_add_text_column (view, _("Caller"), FD_HISTORY_COLUMN_CALLER_MARKUP, -1, FD_HISTORY_COLUMN_WEIGHT,
                              FD_COLUMN_MARKUP);
  _fd_window_add_text_column (view, _("Called"), FD_HISTORY_COLUMN_CALLED, -1, -1, FD_COLUMN_TEXT);
  _fd_window_add_text_column (view, C_("column", "Ringing"), FD_HISTORY_COLUMN_RING_TEXT, -1, -1, FD_COLUMN_NUMERIC);
  _fd_window_add_text_column (view, _("Talking"), FD_HISTORY_COLUMN_TALK_TEXT, -1, -1, FD_COLUMN_NUMERIC);
  add_handled_column (self);
}

void
_fd_window_history_init (FdWindow *self)
{
  self->history_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->history_store = gtk_list_store_new (FD_HISTORY_N_COLUMNS,
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
  self->history_filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->history_store), NULL);
  gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->history_filter),
                                          history_visible, self, NULL);
  gtk_tree_view_set_model (self->history_view, self->history_filter);
  create_history_columns (self);

  g_signal_connect_object (self->history_filter, "row-inserted", G_CALLBACK (update_history_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->history_filter, "row-deleted", G_CALLBACK (update_history_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  update_history_page (self);
  update_missed (self);
}

void
_fd_window_history_dispose (FdWindow *self)
{
  if (self->history_view != NULL)
    gtk_tree_view_set_model (self->history_view, NULL);
  /* The journal lives on in the app. */
  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_clear_object (&self->history_filter);
  g_clear_object (&self->history_store);
  g_clear_object (&self->journal);
}

void
_fd_window_history_refilter (FdWindow *self)
{
  if (self->history_filter == NULL)
    return;
  gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->history_filter));
  update_history_page (self);
}

void
_fd_window_set_history_kind (FdWindow        *self,
                             FdJournalFilter  kind)
{
  static const char * const names[] = { "all", "missed", "answered" };
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "history-filter");

  g_assert (kind < G_N_ELEMENTS (names));

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (names[kind]));
  if (self->history_kind == kind)
    return;
  self->history_kind = kind;
  _fd_window_history_refilter (self);
}

gboolean
_fd_window_get_selected_entry (FdWindow        *self,
                               FdJournalEntry **entry)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->history_view);
  GtkTreeModel *model;
  GtkTreeIter iter;

  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return FALSE;
  gtk_tree_model_get (model, &iter, FD_HISTORY_COLUMN_ENTRY, entry, -1);
  return *entry != NULL;
}

void
_fd_window_mark_selected (FdWindow *self,
                          gboolean  handled)
{
  g_autoptr(FdJournalEntry) entry = NULL;

  if (_fd_window_get_selected_entry (self, &entry) && fd_journal_entry_is_missed (entry))
    set_handled (self, fd_journal_entry_get_id (entry), handled);
}

void
_fd_window_mark_all_handled (FdWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  if (self->journal == NULL || fd_journal_mark_all_handled (self->journal, &error))
    return;
  reason = dup_reason (error);
  /* Translators: %s is a sentence saying what went wrong */
  text = g_strdup_printf (_("Could not change the call history: %s."), reason);
  _fd_window_show_result (self, text, TRUE);
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

  journal = fd_journal_open (export->journal_path, &error);
  if (journal != NULL)
    out = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &error);
  if (out != NULL &&
      fd_journal_export_csv (journal, export->kind, export->needle, G_OUTPUT_STREAM (out), cancellable, &error) &&
      g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  FdWindow *self = FD_WINDOW (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *reason = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      reason = dup_reason (error);
      /* Translators: %s is a sentence saying what went wrong */
      text = g_strdup_printf (_("Could not export the call history: %s."), reason);
      _fd_window_show_result (self, text, TRUE);
      return;
    }
  name = g_file_get_parse_name (export->file);
  /* Translators: %s is the file the calls were written to */
  text = g_strdup_printf (_("The calls shown were exported to %s."), name);
  _fd_window_show_result (self, text, FALSE);
}

static void
on_export_response (FdWindow             *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->export_chooser);
  if (file != NULL)
    fd_window_export_history (self, file);
}

void
_fd_window_choose_export_file (FdWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->journal == NULL || self->export_chooser != NULL)
    return;
  self->export_chooser = gtk_file_chooser_native_new (_("Export Call History"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (self->export_chooser), TRUE);
  /* Translators: the suggested file name; %s is today's date, 2024-05-31 */
  name = g_strdup_printf (_("calls-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_chooser), g_object_ref (filter));
  g_signal_connect_object (self->export_chooser, "response", G_CALLBACK (on_export_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

/**
 * fd_window_set_journal:
 * @journal: (nullable): the journal the history shows
 * @error_message: (nullable): with no journal, why: the history page and
 *   the status line show it
 */
void
fd_window_set_journal (FdWindow   *self,
                       FdJournal  *journal,
                       const char *error_message)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (journal == NULL || FD_IS_JOURNAL (journal));

  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_set_object (&self->journal, journal);
  g_clear_pointer (&self->journal_error, g_free);
  self->journal_error = journal == NULL && error_message != NULL ? g_strdup (error_message) : NULL;

  g_hash_table_remove_all (self->history_rows);
  gtk_list_store_clear (self->history_store);
  if (self->journal != NULL)
    load_history (self);
  if (self->journal != NULL)
    g_signal_connect_object (self->journal, "changed", G_CALLBACK (on_journal_changed), self,
                             G_CONNECT_SWAPPED);
  update_missed (self);
  update_history_page (self);
  _fd_window_update_status (self);
  _fd_window_update_actions (self);
}

FdJournal *
fd_window_get_journal (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->journal;
}

/* Shows the History page with that call selected, clearing a filter or a
 * search that hides it. FALSE when the journal has no such call. */
gboolean
fd_window_select_history (FdWindow *self,
                          gint64    id)
{
  GtkTreeIter *store_iter;
  GtkTreeIter filter_iter;
  g_autoptr(GtkTreePath) path = NULL;

  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  store_iter = g_hash_table_lookup (self->history_rows, &id);
  if (store_iter == NULL)
    return FALSE;
  fd_window_show_page (self, "history");
  if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->history_filter),
                                                         &filter_iter, store_iter))
    {
      fd_window_start_search (self, NULL);
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      _fd_window_set_history_kind (self, FD_JOURNAL_FILTER_ALL);
      if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->history_filter),
                                                             &filter_iter, store_iter))
        return FALSE;
    }
  path = gtk_tree_model_get_path (self->history_filter, &filter_iter);
  gtk_tree_view_set_cursor (self->history_view, path, NULL, FALSE);
  gtk_tree_view_scroll_to_cell (self->history_view, path, NULL, FALSE, 0, 0);
  return TRUE;
}

/* Writes the calls the history shows (its filter and search) to @file as
 * CSV, on a worker thread; the window tells how it went. */
void
fd_window_export_history (FdWindow *self,
                          GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->journal == NULL)
    return;
  export = g_new0 (Export, 1);
  export->journal_path = g_strdup (fd_journal_get_path (self->journal));
  export->kind = self->history_kind;
  export->needle = g_strdup (self->needle);
  export->file = g_object_ref (file);

  task = g_task_new (self, self->cancellable, on_exported, NULL);
  g_task_set_source_tag (task, fd_window_export_history);
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

GtkTreeView *
fd_window_get_history_view (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->history_view;
}

GtkListStore *
fd_window_get_history_store (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->history_store;
}

gboolean
fd_window_lookup_history_row (FdWindow    *self,
                              gint64       id,
                              GtkTreeIter *store_iter)
{
  GtkTreeIter *iter;

  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  iter = g_hash_table_lookup (self->history_rows, &id);
  if (iter == NULL)
    return FALSE;
  if (store_iter != NULL)
    *store_iter = *iter;
  return TRUE;
}

const char *
fd_window_get_history_empty_title (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->history_stack), "empty") != 0)
    return NULL;
  return gtk_label_get_text (self->history_empty_title);
}

guint
fd_window_get_missed_count (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);
  return self->missed_count;
}

/* The inbox's text while it shows, else NULL. */
const char *
fd_window_get_missed_text (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (self->missed_bar))
    return NULL;
  return gtk_label_get_text (self->missed_label);
}
