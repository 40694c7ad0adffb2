/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryPage"

#include "config.h"

#include "fd-format.h"
#include "fd-history-export.h"
#include "fd-history-page.h"
#include "fd-history-page-private.h"
#include "fd-history-repeats.h"
#include "fd-phone-number.h"
#include "fd-tree-util.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

enum {
  PROP_0,
  PROP_JOURNAL,
  PROP_JOURNAL_ERROR,
  PROP_MISSED_COUNT,
  PROP_N_SHOWN,
  PROP_FILTER,
  PROP_SEARCH_TEXT,
  PROP_SELECTED_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STATUS_MESSAGE,
  CALL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FdHistoryPage, fd_history_page, GTK_TYPE_BOX)

static void
show_message (FdHistoryPage *self,
              const char    *text,
              gboolean       failed)
{
  g_signal_emit (self, signals[STATUS_MESSAGE], 0, text, failed);
}

static void
describe_empty (FdHistoryPage  *self,
                const char    **icon,
                const char    **title,
                char          **subtitle)
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
  else if (self->kind == FD_JOURNAL_FILTER_MISSED)
    {
      *title = _("No Missed Calls");
      *subtitle = NULL;
    }
  else if (self->kind == FD_JOURNAL_FILTER_ANSWERED)
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

/* The window counts the rows shown in its status line. */
static void
update_n_shown (FdHistoryPage *self)
{
  guint n_shown = self->filter != NULL ? gtk_tree_model_iter_n_children (self->filter, NULL) : 0;
  gboolean has_more = self->journal != NULL && !self->rows->complete && n_shown > 0;

  if (self->n_shown == n_shown && self->has_more == has_more)
    return;
  self->n_shown = n_shown;
  self->has_more = has_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
}

static void
update_page (FdHistoryPage *self)
{
  g_autofree char *subtitle = NULL;
  const char *icon;
  const char *title;

  update_n_shown (self);
  /* While the first page is on its way the list stays, empty for a
   * moment, rather than saying there are no calls. */
  if (self->journal != NULL && (gtk_tree_model_iter_n_children (self->filter, NULL) > 0 || self->reading != NULL))
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  describe_empty (self, &icon, &title, &subtitle);
  gtk_image_set_from_icon_name (self->empty_image, icon, GTK_ICON_SIZE_DIALOG);
  gtk_label_set_text (self->empty_title, title);
  gtk_label_set_text (self->empty_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->empty_subtitle), subtitle != NULL && *subtitle != '\0');
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* The inbox: the window shows it in its info bar and its page switcher. */
static void
update_missed (FdHistoryPage *self)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (self->journal != NULL)
    count = fd_journal_count_unhandled_missed (self->journal, &error);
  if (error != NULL)
    g_debug ("Cannot count the missed calls: %s", error->message);
  if (self->missed_count == count)
    return;
  self->missed_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED_COUNT]);
}

/* Under the Missed filter one number's unhandled calls are one row. */
static void
update_repeats (FdHistoryPage *self)
{
  fd_history_repeats_update (self->repeats, GTK_TREE_MODEL (self->rows->store));
  if (self->kind == FD_JOURNAL_FILTER_MISSED)
    gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
}

/* After pages were read: the repeats and the page follow the rows. */
static void
pages_changed (FdHistoryPage *self)
{
  update_repeats (self);
  update_page (self);
}

/* The selected row's entry is a new object after any change (the flags of
 * the row may differ), so the window looks at the selection again. */
static void
on_journal_changed (FdHistoryPage *self,
                    gint64         id,
                    FdJournal     *journal)
{
  if (id > 0)
    fd_history_rows_refresh (self->rows, self->journal, id);
  else
    fd_history_rows_reconcile (self->rows, self->journal);
  update_repeats (self);
  update_missed (self);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ENTRY]);
}

static gboolean
history_visible (GtkTreeModel *model,
                 GtkTreeIter  *iter,
                 gpointer      data)
{
  FdHistoryPage *self = data;
  g_autoptr(FdJournalEntry) entry = NULL;

  gtk_tree_model_get (model, iter, FD_HISTORY_COLUMN_ENTRY, &entry, -1);
  if (entry == NULL || !fd_history_rows_matches (self->rows, entry))
    return FALSE;
  /* Under the Missed filter one row stands for a number's repeats. */
  return self->kind != FD_JOURNAL_FILTER_MISSED || self->repeats == NULL ||
         !fd_history_repeats_is_hidden (self->repeats, fd_journal_entry_get_id (entry));
}


static void
add_outcome_column (FdHistoryPage *self)
{
  fd_tree_add_icon_text_column (self->view, _("Outcome"), FD_HISTORY_COLUMN_OUTCOME_ICON,
                                FD_HISTORY_COLUMN_OUTCOME_TEXT, FD_HISTORY_COLUMN_WEIGHT, -1, 110);
}

/* A check box on missed calls only: an answered call needs no handling. */
static void
add_handled_column (FdHistoryPage *self)
{
  GtkCellRenderer *toggle = gtk_cell_renderer_toggle_new ();
  GtkTreeViewColumn *column;

  g_object_set (toggle, "activatable", TRUE, "xpad", 6, NULL);
  column = gtk_tree_view_column_new_with_attributes (_("Handled"), toggle,
                                                     "active", FD_HISTORY_COLUMN_HANDLED,
                                                     "visible", FD_HISTORY_COLUMN_MISSED,
                                                     NULL);
  g_signal_connect_object (toggle, "toggled", G_CALLBACK (_fd_history_page_on_handled_toggled), self, G_CONNECT_SWAPPED);
  gtk_tree_view_append_column (self->view, column);
}

static void
create_history_columns (FdHistoryPage *self)
{
  GtkTreeView *view = self->view;

  fd_tree_add_text_column (view, _("Ended"), FD_HISTORY_COLUMN_ENDED, -1, -1, FD_COLUMN_NUMERIC);
  add_outcome_column (self);
  fd_tree_add_text_column (view, _("Caller"), FD_HISTORY_COLUMN_CALLER_MARKUP, -1, FD_HISTORY_COLUMN_WEIGHT,
                           FD_COLUMN_MARKUP);
  fd_tree_add_text_column (view, _("Called"), FD_HISTORY_COLUMN_CALLED, -1, -1, FD_COLUMN_TEXT);
  fd_tree_add_text_column (view, C_("column", "Ringing"), FD_HISTORY_COLUMN_RING_TEXT, -1, -1, FD_COLUMN_NUMERIC);
  fd_tree_add_text_column (view, _("Talking"), FD_HISTORY_COLUMN_TALK_TEXT, -1, -1, FD_COLUMN_NUMERIC);
  add_handled_column (self);
  fd_history_repeats_add_column (self->repeats, view);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  gboolean failed;
  g_autofree char *text = fd_history_export_finish (result, &failed);

  if (text != NULL)
    show_message (FD_HISTORY_PAGE (source), text, failed);
}

static void
on_export_response (FdHistoryPage        *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->export_chooser);
  if (file != NULL)
    fd_history_page_export (self, file);
}

void
fd_history_page_choose_export_file (FdHistoryPage *self)
{
  GtkWidget *toplevel;

  g_return_if_fail (FD_IS_HISTORY_PAGE (self));

  if (self->journal == NULL || self->export_chooser != NULL)
    return;
  toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  self->export_chooser = fd_history_export_chooser_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL);
  g_signal_connect_object (self->export_chooser, "response", G_CALLBACK (on_export_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

/* ---- Template callbacks ------------------------------------------------- */

static void
on_row_activated (FdHistoryPage     *self,
                  GtkTreePath       *path,
                  GtkTreeViewColumn *column,
                  GtkTreeView       *view)
{
  FdJournalEntry *entry = fd_history_page_get_selected_entry (self);

  if (entry != NULL)
    g_signal_emit (self, signals[CALL_ACTIVATED], 0, entry);
}

static void
on_selection_changed (FdHistoryPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ENTRY]);
}

static gboolean
on_button_press (FdHistoryPage  *self,
                 GdkEventButton *event,
                 GtkWidget      *widget)
{
  return fd_tree_popup_at_pointer (self->view, event, self->menu, &self->popup);
}

static gboolean
on_popup_menu (FdHistoryPage *self,
               GtkWidget     *widget)
{
  return fd_tree_popup_at_selection (self->view, self->menu, &self->popup);
}

/* ---- GObject ------------------------------------------------------------ */

static void
fd_history_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FdHistoryPage *self = FD_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_JOURNAL_ERROR:
      g_value_set_string (value, self->journal_error);
      break;
    case PROP_MISSED_COUNT:
      g_value_set_uint (value, self->missed_count);
      break;
    case PROP_N_SHOWN:
      g_value_set_uint (value, self->n_shown);
      break;
    case PROP_FILTER:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->needle);
      break;
    case PROP_SELECTED_ENTRY:
      g_value_set_object (value, fd_history_page_get_selected_entry (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FdHistoryPage *self = FD_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      fd_history_page_set_journal (self, g_value_get_object (value), NULL);
      break;
    case PROP_FILTER:
      fd_history_page_set_filter (self, g_value_get_uint (value));
      break;
    case PROP_SEARCH_TEXT:
      fd_history_page_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_page_dispose (GObject *object)
{
  FdHistoryPage *self = FD_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _fd_history_page_stop_reading (self);
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  if (self->view != NULL)
    {
      /* Emptied, the selection changes: nobody needs to hear of it now. */
      g_signal_handlers_disconnect_by_data (gtk_tree_view_get_selection (self->view), self);
      gtk_tree_view_set_model (self->view, NULL);
    }
  /* The journal lives on in the app. */
  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->desk);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (fd_history_page_parent_class)->dispose (object);
}

static void
fd_history_page_finalize (GObject *object)
{
  FdHistoryPage *self = FD_HISTORY_PAGE (object);

  g_clear_pointer (&self->rows, fd_history_rows_free);
  g_clear_pointer (&self->repeats, fd_history_repeats_free);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->journal_error, g_free);

  G_OBJECT_CLASS (fd_history_page_parent_class)->finalize (object);
}

static void
fd_history_page_class_init (FdHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_history_page_get_property;
  object_class->set_property = fd_history_page_set_property;
  object_class->dispose = fd_history_page_dispose;
  object_class->finalize = fd_history_page_finalize;

  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, FD_TYPE_JOURNAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOURNAL_ERROR] =
    g_param_spec_string ("journal-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSED_COUNT] =
    g_param_spec_uint ("missed-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SHOWN] =
    g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An FdJournalFilter: the core registers no enum type for it. */
  properties[PROP_FILTER] =
    g_param_spec_uint ("filter", NULL, NULL, FD_JOURNAL_FILTER_ALL, FD_JOURNAL_FILTER_ANSWERED,
                       FD_JOURNAL_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ENTRY] =
    g_param_spec_object ("selected-entry", NULL, NULL, FD_TYPE_JOURNAL_ENTRY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STATUS_MESSAGE] =
    g_signal_new ("status-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[CALL_ACTIVATED] =
    g_signal_new ("call-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FD_TYPE_JOURNAL_ENTRY);

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontdesk/Frontdesk/fd-history-page.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "history_stack", FALSE,
                                             G_STRUCT_OFFSET (FdHistoryPage, stack));
  gtk_widget_class_bind_template_child_full (widget_class, "history_view", FALSE,
                                             G_STRUCT_OFFSET (FdHistoryPage, view));
  gtk_widget_class_bind_template_child_full (widget_class, "history_empty_image", FALSE,
                                             G_STRUCT_OFFSET (FdHistoryPage, empty_image));
  gtk_widget_class_bind_template_child_full (widget_class, "history_empty_title", FALSE,
                                             G_STRUCT_OFFSET (FdHistoryPage, empty_title));
  gtk_widget_class_bind_template_child_full (widget_class, "history_empty_subtitle", FALSE,
                                             G_STRUCT_OFFSET (FdHistoryPage, empty_subtitle));
  gtk_widget_class_bind_template_child_full (widget_class, "history_menu", FALSE,
                                             G_STRUCT_OFFSET (FdHistoryPage, menu));
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_button_press);
  gtk_widget_class_bind_template_callback (widget_class, on_popup_menu);
}

static FdHistoryRepeats *
new_repeats (void)
{
  g_autofree char *region = fd_phone_number_locale_region ();

  return fd_history_repeats_new (region);
}

static void
fd_history_page_init (FdHistoryPage *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pages_changed = pages_changed;
  self->rows = fd_history_rows_new ();
  self->repeats = new_repeats ();
  self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->rows->store), NULL);
  gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter), history_visible, self, NULL);
  gtk_tree_view_set_model (self->view, self->filter);
  create_history_columns (self);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (_fd_history_page_on_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (_fd_history_page_on_scrolled), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->filter, "row-inserted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->filter, "row-deleted", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  update_page (self);
}

/* ---- Public API --------------------------------------------------------- */

GtkWidget *
fd_history_page_new (void)
{
  return g_object_new (FD_TYPE_HISTORY_PAGE, NULL);
}

/**
 * fd_history_page_set_journal:
 * @journal: (nullable): the journal the page shows
 * @error_message: (nullable): with no journal, why: the page shows it, and
 *   so does "journal-error"
 */
void
fd_history_page_set_journal (FdHistoryPage *self,
                             FdJournal     *journal,
                             const char    *error_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_error = NULL;
  gboolean journal_changed;

  g_return_if_fail (FD_IS_HISTORY_PAGE (self));
  g_return_if_fail (journal == NULL || FD_IS_JOURNAL (journal));

  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  journal_changed = g_set_object (&self->journal, journal);
  old_error = g_steal_pointer (&self->journal_error);
  self->journal_error = journal == NULL && error_message != NULL ? g_strdup (error_message) : NULL;

  _fd_history_page_stop_reading (self);
  fd_history_rows_reset (self->rows, self->kind, self->needle);
  if (_fd_history_page_desk_writes (self))
    _fd_history_page_read_next_page (self);
  else if (self->journal != NULL &&
           !fd_history_rows_load (self->rows, self->journal, self->kind, self->needle, &error))
    {
      g_debug ("Cannot read the journal: %s", error->message);
      g_clear_object (&self->journal);
      self->journal_error = g_strdup (error->message);
      journal_changed = TRUE;
    }
  update_repeats (self);
  if (self->journal != NULL)
    g_signal_connect_object (self->journal, "changed", G_CALLBACK (on_journal_changed), self,
                             G_CONNECT_SWAPPED);
  update_missed (self);
  update_page (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (journal_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL]);
  if (g_strcmp0 (old_error, self->journal_error) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ENTRY]);
  g_object_thaw_notify (G_OBJECT (self));
}

FdJournal *
fd_history_page_get_journal (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);
  return self->journal;
}

const char *
fd_history_page_get_journal_error (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);
  return self->journal_error;
}

guint
fd_history_page_get_missed_count (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), 0);
  return self->missed_count;
}

guint
fd_history_page_get_n_shown (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), 0);
  return self->n_shown;
}

/* Whether the journal has that call, read or not, shown or not. */
gboolean
fd_history_page_has_call (FdHistoryPage *self,
                          gint64         id)
{
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), FALSE);

  if (fd_history_rows_lookup (self->rows, id) != NULL)
    return TRUE;
  if (self->journal == NULL)
    return FALSE;
  entry = fd_journal_lookup (self->journal, id, &error);
  return entry != NULL;
}

/* Whether the journal has rows of the filter and search that are not read
 * yet (scrolling down reads them): "n-shown" is then not all there are. */
gboolean
fd_history_page_get_has_more (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), FALSE);
  return self->has_more;
}

FdJournalFilter
fd_history_page_get_filter (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), FD_JOURNAL_FILTER_ALL);
  return self->kind;
}

void
fd_history_page_set_filter (FdHistoryPage   *self,
                            FdJournalFilter  filter)
{
  g_return_if_fail (FD_IS_HISTORY_PAGE (self));
  g_return_if_fail (filter <= FD_JOURNAL_FILTER_ANSWERED);

  if (self->kind == filter)
    return;
  self->kind = filter;
  _fd_history_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

const char *
fd_history_page_get_search_text (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);
  return self->needle;
}

/* @text: (nullable): NULL or "" shows every call of the filter. */
void
fd_history_page_set_search_text (FdHistoryPage *self,
                                 const char    *text)
{
  g_return_if_fail (FD_IS_HISTORY_PAGE (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->needle, text) == 0)
    return;
  g_free (self->needle);
  self->needle = g_strdup (text);
  _fd_history_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

/* The entry of the selected row, or NULL. Transfer none: the row holds it
 * until the journal next changes that row. */
FdJournalEntry *
fd_history_page_get_selected_entry (FdHistoryPage *self)
{
  g_autoptr(FdJournalEntry) entry = NULL;
  GtkTreeSelection *selection;
  GtkTreeModel *model;
  GtkTreeIter iter;

  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);

  /* Destroyed: the template's widgets are gone. */
  if (self->view == NULL)
    return NULL;
  selection = gtk_tree_view_get_selection (self->view);
  if (!gtk_tree_selection_get_selected (selection, &model, &iter))
    return NULL;
  gtk_tree_model_get (model, &iter, FD_HISTORY_COLUMN_ENTRY, &entry, -1);
  return entry;
}

/* Selects that call's row and scrolls to it. FALSE when the journal has no
 * such call, or when the filter or the search hides it: the caller decides
 * whether to clear those. */
gboolean
fd_history_page_select (FdHistoryPage *self,
                        gint64         id)
{
  GtkTreeIter *store_iter;
  GtkTreeIter filter_iter;
  g_autoptr(GtkTreePath) path = NULL;

  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), FALSE);

  if (self->journal != NULL)
    _fd_history_page_load_until (self, id);
  store_iter = fd_history_rows_lookup (self->rows, id);
  if (store_iter == NULL ||
      !gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                         &filter_iter, store_iter))
    return FALSE;
  path = gtk_tree_model_get_path (self->filter, &filter_iter);
  gtk_tree_view_set_cursor (self->view, path, NULL, FALSE);
  gtk_tree_view_scroll_to_cell (self->view, path, NULL, FALSE, 0, 0);
  return TRUE;
}

/**
 * fd_history_page_set_desk:
 * @desk: (nullable): the desk whose worker makes the page's writes (marks
 *   handled), off the main thread and with the desk's user name; without
 *   one (a page on its own) the page writes to its journal itself
 */
void
fd_history_page_set_desk (FdHistoryPage *self,
                          FdDesk        *desk)
{
  g_return_if_fail (FD_IS_HISTORY_PAGE (self));
  g_return_if_fail (desk == NULL || FD_IS_DESK (desk));

  g_set_object (&self->desk, desk);
}

/* Writes the calls the page shows (its filter and search) to @file as CSV,
 * on a worker thread; "status-message" tells how it went. */
void
fd_history_page_export (FdHistoryPage *self,
                        GFile         *file)
{
  g_return_if_fail (FD_IS_HISTORY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->journal != NULL)
    fd_history_export_async (G_OBJECT (self), self->journal, self->kind, self->needle, file, self->cancellable,
                             on_exported, NULL);
}

GtkTreeView *
fd_history_page_get_view (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);
  return self->view;
}

GtkListStore *
fd_history_page_get_store (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);
  return self->rows->store;
}

gboolean
fd_history_page_lookup_row (FdHistoryPage *self,
                            gint64         id,
                            GtkTreeIter   *store_iter)
{
  GtkTreeIter *iter;

  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), FALSE);

  iter = fd_history_rows_lookup (self->rows, id);
  if (iter == NULL)
    return FALSE;
  if (store_iter != NULL)
    *store_iter = *iter;
  return TRUE;
}

/* The title of the empty page while it shows, else NULL. */
const char *
fd_history_page_get_empty_title (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") != 0)
    return NULL;
  return gtk_label_get_text (self->empty_title);
}

/* The context menu, once it has been opened. */
GtkWidget *
fd_history_page_get_context_menu (FdHistoryPage *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), NULL);
  return self->popup;
}

/* How many missed calls the row of @id stands for (1 but for repeats). */
guint
fd_history_page_get_repeat_count (FdHistoryPage *self,
                                  gint64         id)
{
  g_return_val_if_fail (FD_IS_HISTORY_PAGE (self), 0);
  return fd_history_repeats_count (self->repeats, id);
}
