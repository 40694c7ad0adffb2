/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPeoplePage"

#include "config.h"

#include "fd-people-page.h"

#include "fd-format.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

#include <string.h>

#define PATH_KEY "fd-path"
#define UID_KEY "fd-uid"

struct _FdPeoplePage
{
  GtkBox         parent_instance;

  /* Template widgets */
  GtkListBox    *sources_list;
  GtkLabel      *errors_label;
  GtkEntry      *region_entry;
  GtkTextView   *labels_view;
  GtkLabel      *eds_note;
  GtkWidget     *eds_frame;
  GtkListBox    *eds_list;

  /* Owned */
  FdSettings    *settings;
  FdDirectory   *directory;   /* nullable: then no errors are shown */
  FdEdsBooks    *books;       /* nullable: no GNOME address books */
  gboolean       updating;    /* the page itself is setting the widgets */
};

G_DEFINE_FINAL_TYPE (FdPeoplePage, fd_people_page, GTK_TYPE_BOX)

static void
show_errors (FdPeoplePage *self)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->directory == NULL)
    return;
  errors = fd_directory_get_errors (self->directory);
  for (guint i = 0; i < errors->len; i++)
    {
      g_autofree char *sentence = fd_format_sentence (g_ptr_array_index (errors, i));

      g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", sentence);
    }
  gtk_label_set_text (self->errors_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_label), text->len > 0);
}

static void
on_remove_clicked (GtkButton    *button,
                   FdPeoplePage *self)
{
  fd_people_page_remove_source (self, g_object_get_data (G_OBJECT (button), PATH_KEY));
}

static GtkWidget *
source_row_new (FdPeoplePage *self,
                const char   *path)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (path);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic", GTK_ICON_SIZE_BUTTON);
  g_autofree char *tooltip = g_strdup_printf (_("Remove %s"), path);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (remove, tooltip);
  atk_object_set_name (gtk_widget_get_accessible (remove), tooltip);
  g_object_set_data_full (G_OBJECT (remove), PATH_KEY, g_strdup (path), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  g_object_set (box, "margin", 4, NULL);
  gtk_container_add (GTK_CONTAINER (box), label);
  gtk_container_add (GTK_CONTAINER (box), remove);
  gtk_widget_show_all (box);
  return box;
}

static void
show_sources (FdPeoplePage *self)
{
  const char * const *paths = fd_settings_get_directories (self->settings);
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->sources_list));

  /* The placeholder is a child too, but no row. */
  for (GList *l = rows; l != NULL; l = l->next)
    if (GTK_IS_LIST_BOX_ROW (l->data))
      gtk_widget_destroy (l->data);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    gtk_container_add (GTK_CONTAINER (self->sources_list), source_row_new (self, paths[i]));
  show_errors (self);
}

/* ---- GNOME address books ------------------------------------------------ */

static void
show_book_note (FdPeoplePage *self)
{
#ifdef HAVE_EDS
  gtk_label_set_text (self->eds_note,
                      self->books != NULL
                        ? _("The address books of GNOME Contacts and Evolution. Untick one to leave its names out.")
                        : _("This run reads only the address books given with --directory."));
#else
  gtk_label_set_text (self->eds_note,
                      _("GNOME address books need Evolution Data Server, which this build of Frontdesk was made without."));
#endif
  gtk_widget_set_visible (self->eds_frame, self->books != NULL);
}

#ifdef HAVE_EDS
/* The hidden list with @uid taken out (@shown) or added. */
static void
set_book_shown (FdPeoplePage *self,
                const char   *uid,
                gboolean      shown)
{
  const char * const *hidden = fd_settings_get_hidden_address_books (self->settings);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; hidden != NULL && hidden[i] != NULL; i++)
    if (g_strcmp0 (hidden[i], uid) != 0)
      g_strv_builder_add (builder, hidden[i]);
  if (!shown)
    g_strv_builder_add (builder, uid);
  list = g_strv_builder_end (builder);
  fd_settings_set_hidden_address_books (self->settings, (const char * const *) list);
}

static void
on_book_toggled (GtkToggleButton *check,
                 FdPeoplePage    *self)
{
  if (!self->updating)
    set_book_shown (self, g_object_get_data (G_OBJECT (check), UID_KEY), gtk_toggle_button_get_active (check));
}

/* The ticks follow the setting in place: the focus stays where it was. */
static void
show_hidden_books (FdPeoplePage *self)
{
  const char * const *hidden = fd_settings_get_hidden_address_books (self->settings);
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->eds_list));

  self->updating = TRUE;
  for (GList *l = rows; l != NULL; l = l->next)
    {
      GtkWidget *check = GTK_IS_LIST_BOX_ROW (l->data) ? gtk_bin_get_child (l->data) : NULL;
      const char *uid = check != NULL ? g_object_get_data (G_OBJECT (check), UID_KEY) : NULL;

      if (uid != NULL)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), hidden == NULL || !g_strv_contains (hidden, uid));
    }
  self->updating = FALSE;
}

/* The books' UIDs and titles as the rows have them, to compare. */
static char *
listed_books (FdPeoplePage *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->eds_list));
  GString *listed = g_string_new (NULL);

  for (GList *l = rows; l != NULL; l = l->next)
    {
      GtkWidget *check = GTK_IS_LIST_BOX_ROW (l->data) ? gtk_bin_get_child (l->data) : NULL;

      if (check != NULL)
        g_string_append_printf (listed, "%s\n%s\n", (const char *) g_object_get_data (G_OBJECT (check), UID_KEY),
                                gtk_button_get_label (GTK_BUTTON (check)));
    }
  return g_string_free (listed, FALSE);
}

static GtkWidget *
book_check_new (FdPeoplePage *self,
                const char   *uid,
                const char   *title)
{
  GtkWidget *check = gtk_check_button_new_with_label (title);

  g_object_set_data_full (G_OBJECT (check), UID_KEY, g_strdup (uid), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_book_toggled), self, 0);
  g_object_set (check, "margin", 4, NULL);
  gtk_widget_show (check);
  return check;
}

/* One check a book. The rows stay when the books did not change: a tick
 * that changes which books are read must not destroy its own button. */
static void
show_books (FdPeoplePage *self)
{
  g_auto(GStrv) uids = fd_eds_books_dup_uids (self->books);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) wanted = g_string_new (NULL);
  g_autofree char *listed = listed_books (self);
  g_autoptr(GList) rows = NULL;

  for (guint i = 0; uids[i] != NULL; i++)
    {
      char *title = fd_eds_books_dup_title (self->books, uids[i]);

      g_ptr_array_add (titles, title != NULL ? title : g_strdup (uids[i]));
      g_string_append_printf (wanted, "%s\n%s\n", uids[i], (const char *) g_ptr_array_index (titles, i));
    }
  if (strcmp (wanted->str, listed) != 0)
    {
      rows = gtk_container_get_children (GTK_CONTAINER (self->eds_list));
      for (GList *l = rows; l != NULL; l = l->next)
        if (GTK_IS_LIST_BOX_ROW (l->data))
          gtk_widget_destroy (l->data);
      for (guint i = 0; uids[i] != NULL; i++)
        gtk_container_add (GTK_CONTAINER (self->eds_list),
                           book_check_new (self, uids[i], g_ptr_array_index (titles, i)));
    }
  show_hidden_books (self);
}
#endif

void
fd_people_page_set_address_books (FdPeoplePage *self,
                                  FdEdsBooks   *books)
{
  g_return_if_fail (FD_IS_PEOPLE_PAGE (self));

#ifdef HAVE_EDS
  g_return_if_fail (books == NULL || FD_IS_EDS_BOOKS (books));
  if (self->books != NULL)
    g_signal_handlers_disconnect_by_data (self->books, self);
  g_signal_handlers_disconnect_by_func (self->settings, show_hidden_books, self);
  g_set_object (&self->books, books);
  if (books != NULL)
    {
      g_signal_connect_object (books, "books-changed", G_CALLBACK (show_books), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "notify::hidden-address-books", G_CALLBACK (show_hidden_books),
                               self, G_CONNECT_SWAPPED);
      show_books (self);
    }
#endif
  show_book_note (self);
}

/* ---- Region and labels --------------------------------------------------- */

static void
show_region (FdPeoplePage *self)
{
  if (g_strcmp0 (gtk_entry_get_text (self->region_entry), fd_settings_get_region (self->settings)) == 0)
    return;
  self->updating = TRUE;
  gtk_entry_set_text (self->region_entry, fd_settings_get_region (self->settings));
  self->updating = FALSE;
}

static void
show_labels (FdPeoplePage *self)
{
  const char * const *labels = fd_settings_get_extension_labels (self->settings);
  g_autofree char *text = g_strjoinv ("\n", (char **) labels);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->labels_view);
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (self->updating || g_strcmp0 (g_strstrip (shown), text) == 0)
    return;
  self->updating = TRUE;
  gtk_text_buffer_set_text (buffer, text, -1);
  self->updating = FALSE;
}

/* Only whole codes are saved: two letters, or nothing for the locale's. */
static void
on_region_changed (FdPeoplePage *self)
{
  g_autofree char *region = g_ascii_strup (gtk_entry_get_text (self->region_entry), -1);

  if (self->updating)
    return;
  if (*region == '\0' || (strlen (region) == 2 && g_ascii_isalpha (region[0]) && g_ascii_isalpha (region[1])))
    fd_settings_set_region (self->settings, region);
}

/* Lines with an "=" are labels; a line being typed is kept until it has one. */
static void
on_labels_changed (FdPeoplePage  *self,
                   GtkTextBuffer *buffer)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals = strchr (line, '=');
      g_autofree char *label = NULL;

      if (equals == NULL)
        continue;
      /* "1003 = Sales" is saved as the table reads it: "1003=Sales". */
      *equals = '\0';
      label = g_strconcat (g_strstrip (line), "=", g_strstrip (equals + 1), NULL);
      if (label[0] != '=' && !g_str_has_suffix (label, "="))
        g_strv_builder_add (builder, label);
    }
  labels = g_strv_builder_end (builder);
  self->updating = TRUE;
  fd_settings_set_extension_labels (self->settings, (const char * const *) labels);
  self->updating = FALSE;
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     FdPeoplePage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

      if (path != NULL)
        fd_people_page_add_source (self, path);
    }
  g_object_unref (chooser);
}

static void
choose (FdPeoplePage         *self,
        GtkFileChooserAction  action,
        const char           *title)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL, action,
                                 _("_Add"), _("_Cancel"));

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Address books (vCard, CSV)"));
      gtk_file_filter_add_pattern (filter, "*.vcf");
      gtk_file_filter_add_pattern (filter, "*.vcard");
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_add_file (FdPeoplePage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Add an Address Book"));
}

static void
on_add_folder (FdPeoplePage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("Add a Folder of Address Books"));
}

static void
fd_people_page_dispose (GObject *object)
{
  FdPeoplePage *self = FD_PEOPLE_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->directory);
  g_clear_object (&self->books);

  G_OBJECT_CLASS (fd_people_page_parent_class)->dispose (object);
}

static void
fd_people_page_class_init (FdPeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_people_page_dispose;

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontdesk/Frontdesk/fd-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, sources_list);
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, errors_label);
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, region_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, labels_view);
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, eds_note);
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, eds_frame);
  gtk_widget_class_bind_template_child (widget_class, FdPeoplePage, eds_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_file);
  gtk_widget_class_bind_template_callback (widget_class, on_add_folder);
  gtk_widget_class_bind_template_callback (widget_class, on_region_changed);
}

static void
fd_people_page_init (FdPeoplePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_people_page_new (FdSettings  *settings,
                    FdDirectory *directory)
{
  FdPeoplePage *self;

  g_return_val_if_fail (FD_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (directory == NULL || FD_IS_DIRECTORY (directory), NULL);

  self = g_object_new (FD_TYPE_PEOPLE_PAGE, NULL);
  self->settings = g_object_ref (settings);
  self->directory = directory != NULL ? g_object_ref (directory) : NULL;
  show_sources (self);
  show_book_note (self);
  show_region (self);
  show_labels (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->labels_view), "changed",
                           G_CALLBACK (on_labels_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::directories", G_CALLBACK (show_sources), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::region", G_CALLBACK (show_region), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::extension-labels", G_CALLBACK (show_labels), self,
                           G_CONNECT_SWAPPED);
  if (directory != NULL)
    g_signal_connect_object (directory, "changed", G_CALLBACK (show_errors), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
fd_people_page_add_source (FdPeoplePage *self,
                           const char   *path)
{
  const char * const *paths;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) added = NULL;

  g_return_if_fail (FD_IS_PEOPLE_PAGE (self));
  g_return_if_fail (path != NULL);

  paths = fd_settings_get_directories (self->settings);
  if (paths != NULL && g_strv_contains (paths, path))
    return;
  if (paths != NULL)
    g_strv_builder_addv (builder, (const char **) paths);
  g_strv_builder_add (builder, path);
  added = g_strv_builder_end (builder);
  fd_settings_set_directories (self->settings, (const char * const *) added);
}

void
fd_people_page_remove_source (FdPeoplePage *self,
                              const char   *path)
{
  const char * const *paths;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  g_return_if_fail (FD_IS_PEOPLE_PAGE (self));

  paths = fd_settings_get_directories (self->settings);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    if (g_strcmp0 (paths[i], path) != 0)
      g_strv_builder_add (builder, paths[i]);
  kept = g_strv_builder_end (builder);
  fd_settings_set_directories (self->settings, (const char * const *) kept);
}

const char *
fd_people_page_get_errors_text (FdPeoplePage *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->errors_label)) ? gtk_label_get_text (self->errors_label) : NULL;
}

GtkEntry *
fd_people_page_get_region_entry (FdPeoplePage *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE_PAGE (self), NULL);
  return self->region_entry;
}

GtkTextBuffer *
fd_people_page_get_labels_buffer (FdPeoplePage *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE_PAGE (self), NULL);
  return gtk_text_view_get_buffer (self->labels_view);
}

guint
fd_people_page_get_n_sources (FdPeoplePage *self)
{
  g_autoptr(GList) rows = NULL;
  guint n = 0;

  g_return_val_if_fail (FD_IS_PEOPLE_PAGE (self), 0);
  rows = gtk_container_get_children (GTK_CONTAINER (self->sources_list));
  for (GList *l = rows; l != NULL; l = l->next)
    n += GTK_IS_LIST_BOX_ROW (l->data) ? 1 : 0;
  return n;
}

const char *
fd_people_page_get_address_books_note (FdPeoplePage *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE_PAGE (self), NULL);
  return gtk_label_get_text (self->eds_note);
}

/* The check button of the GNOME address book @uid, or NULL. */
GtkToggleButton *
fd_people_page_get_address_book_check (FdPeoplePage *self,
                                       const char   *uid)
{
  g_autoptr(GList) rows = NULL;

  g_return_val_if_fail (FD_IS_PEOPLE_PAGE (self), NULL);
  rows = gtk_container_get_children (GTK_CONTAINER (self->eds_list));
  for (GList *l = rows; l != NULL; l = l->next)
    {
      GtkWidget *check = GTK_IS_LIST_BOX_ROW (l->data) ? gtk_bin_get_child (l->data) : NULL;

      if (check != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (check), UID_KEY), uid) == 0)
        return GTK_TOGGLE_BUTTON (check);
    }
  return NULL;
}
