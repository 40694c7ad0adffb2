/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournalPage"

#include "config.h"

#include "fd-journal-page.h"

#include "fd-journal-uri.h"
#include "fd-journal.h"

#include <glib/gi18n.h>

struct _FdJournalPage
{
  GtkGrid        parent_instance;

  GtkEntry      *location_entry;
  GtkEntry      *password_entry;
  GtkLabel      *password_label;
  GtkEntry      *name_entry;

  /* Owned */
  FdSettings    *settings;
  FdSecretStore *secret_store;
  GCancellable  *lookup;        /* the password lookup running */
  /* The account the password field belongs to: the location's URI
   * without any password, and its user; key NULL for a file. */
  char          *key;
  char          *user;
  guint          stores;        /* stores in flight */
  gboolean       password_edited;
  gboolean       updating;      /* the page itself sets the password field */
};

G_DEFINE_FINAL_TYPE (FdJournalPage, fd_journal_page, GTK_TYPE_GRID)

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(GError) error = NULL;
  FdJournalPage *self;
  char *password;

  password = fd_secret_store_lookup_finish (FD_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FD_JOURNAL_PAGE (data);
  g_clear_object (&self->lookup);
  if (!self->password_edited)
    {
      self->updating = TRUE;
      gtk_entry_set_text (self->password_entry, password != NULL ? password : "");
      self->updating = FALSE;
    }
  fd_secret_store_password_free (password);
}

static void
cancel_lookup (FdJournalPage *self)
{
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
}

/* The password field follows the location: only a PostgreSQL journal
 * has a password, and each database its own. */
static void
load_account (FdJournalPage *self)
{
  const char *location = fd_settings_get_journal (self->settings);
  gboolean has_password;

  cancel_lookup (self);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->user, g_free);
  self->key = fd_journal_uri_dup_shown (location);
  self->user = fd_journal_uri_dup_user (location);
  has_password = self->key != NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), has_password);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_label), has_password);
  self->password_edited = FALSE;
  self->updating = TRUE;
  gtk_entry_set_text (self->password_entry, "");
  self->updating = FALSE;
  if (!has_password)
    return;
  self->lookup = g_cancellable_new ();
  fd_secret_store_lookup_async (self->secret_store, self->key, self->user, self->lookup,
                                on_password_looked_up, self);
}

static void
on_password_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(FdJournalPage) self = data;

  fd_secret_store_store_finish (FD_SECRET_STORE (source), result, NULL);
  self->stores--;
}

/* Not cancelled when the dialog closes: a password typed just before
 * closing is still saved. An empty field clears the saved one. */
static void
store_password (FdJournalPage *self)
{
  if (!self->password_edited || self->key == NULL)
    return;
  self->password_edited = FALSE;
  self->stores++;
  fd_secret_store_store_async (self->secret_store, self->key, self->user,
                               gtk_entry_get_text (self->password_entry), NULL,
                               on_password_stored, g_object_ref (self));
}

static void
on_password_changed (FdJournalPage *self)
{
  if (!self->updating)
    self->password_edited = TRUE;
}

static void
on_location_commit (FdJournalPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (self->location_entry)));

  if (g_strcmp0 (text, fd_settings_get_journal (self->settings)) == 0)
    return;
  /* A password typed for the old location belongs to it. */
  store_password (self);
  fd_settings_set_journal (self->settings, text);
}

/* A name set elsewhere (gsettings, another window) while the page is
 * open shows here, so that closing the page does not put the old one back. */
static void
on_user_name_changed (FdJournalPage *self)
{
  if (g_strcmp0 (gtk_entry_get_text (self->name_entry), fd_settings_get_user_name (self->settings)) != 0)
    gtk_entry_set_text (self->name_entry, fd_settings_get_user_name (self->settings));
}

/* Takes effect at once: the next call marked here carries it. */
static void
on_name_commit (FdJournalPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (self->name_entry)));

  fd_settings_set_user_name (self->settings, text);
}

static gboolean
on_focus_out (GtkWidget     *entry,
              GdkEvent      *event,
              FdJournalPage *self)
{
  if (entry == GTK_WIDGET (self->location_entry))
    on_location_commit (self);
  else if (entry == GTK_WIDGET (self->name_entry))
    on_name_commit (self);
  else
    store_password (self);
  return GDK_EVENT_PROPAGATE;
}

static GtkLabel *
add_label (FdJournalPage *self,
           const char    *text,
           GtkWidget     *mnemonic_widget,
           int            row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), mnemonic_widget);
  gtk_grid_attach (GTK_GRID (self), label, 0, row, 1, 1);
  return GTK_LABEL (label);
}

static void
add_note (FdJournalPage *self,
          const char    *text,
          int            row)
{
  GtkWidget *note = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_line_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 52);
  gtk_style_context_add_class (gtk_widget_get_style_context (note), "dim-label");
  gtk_grid_attach (GTK_GRID (self), note, 1, row, 1, 1);
}

static GtkEntry *
add_entry (FdJournalPage *self,
           int            row)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_width_chars (GTK_ENTRY (entry), 40);
  g_signal_connect_object (entry, "focus-out-event", G_CALLBACK (on_focus_out), self, 0);
  gtk_grid_attach (GTK_GRID (self), entry, 1, row, 1, 1);
  return GTK_ENTRY (entry);
}

/* Who marks calls handled here, as the whole team sees it; empty means
 * the account's name, which the placeholder shows. */
static void
build_name (FdJournalPage *self,
            int            row)
{
  g_autofree char *fallback = fd_journal_dup_handler_name (NULL);

  self->name_entry = add_entry (self, row);
  gtk_entry_set_placeholder_text (self->name_entry, fallback);
  add_label (self, _("Your _name"), GTK_WIDGET (self->name_entry), row);
  add_note (self, _("Shown to the team as who handled a call. Leave it empty for your account's name."),
            row + 1);
  g_signal_connect_object (self->name_entry, "activate", G_CALLBACK (on_name_commit), self,
                           G_CONNECT_SWAPPED);
}

static void
build (FdJournalPage *self)
{
  g_object_set (self, "margin", 18, "row-spacing", 8, "column-spacing", 12, NULL);
  self->location_entry = add_entry (self, 0);
  gtk_entry_set_placeholder_text (self->location_entry, _("The file on this computer"));
  add_label (self, _("Journal _location"), GTK_WIDGET (self->location_entry), 0);
  add_note (self, _("A file path, or a PostgreSQL URI such as postgresql://user@host/database "
                    "for a journal the whole team shares."), 1);
  self->password_entry = add_entry (self, 2);
  gtk_entry_set_visibility (self->password_entry, FALSE);
  gtk_entry_set_input_purpose (self->password_entry, GTK_INPUT_PURPOSE_PASSWORD);
  self->password_label = add_label (self, _("Database _password"), GTK_WIDGET (self->password_entry), 2);
  add_note (self, _("Kept in the keyring, not in the settings. Leave it empty when the URI, "
                    "PGPASSFILE or ~/.pgpass holds the password."), 3);
  add_note (self, _("Frontdesk opens the journal with these when it next starts."), 4);
  build_name (self, 5);
  g_signal_connect_object (self->location_entry, "activate", G_CALLBACK (on_location_commit), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_entry, "activate", G_CALLBACK (store_password), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_entry, "changed", G_CALLBACK (on_password_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
fd_journal_page_dispose (GObject *object)
{
  FdJournalPage *self = FD_JOURNAL_PAGE (object);

  cancel_lookup (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->user, g_free);

  G_OBJECT_CLASS (fd_journal_page_parent_class)->dispose (object);
}

static void
fd_journal_page_class_init (FdJournalPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fd_journal_page_dispose;
}

static void
fd_journal_page_init (FdJournalPage *self)
{
  build (self);
}

GtkWidget *
fd_journal_page_new (FdSettings    *settings,
                     FdSecretStore *secret_store)
{
  FdJournalPage *self;

  g_return_val_if_fail (FD_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FD_IS_SECRET_STORE (secret_store), NULL);

  self = g_object_new (FD_TYPE_JOURNAL_PAGE, NULL);
  self->settings = g_object_ref (settings);
  self->secret_store = g_object_ref (secret_store);
  gtk_entry_set_text (self->location_entry, fd_settings_get_journal (settings));
  gtk_entry_set_text (self->name_entry, fd_settings_get_user_name (settings));
  g_signal_connect_object (settings, "notify::user-name", G_CALLBACK (on_user_name_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::journal", G_CALLBACK (load_account), self,
                           G_CONNECT_SWAPPED);
  load_account (self);
  gtk_widget_show_all (GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

void
fd_journal_page_commit (FdJournalPage *self)
{
  g_return_if_fail (FD_IS_JOURNAL_PAGE (self));

  on_location_commit (self);
  on_name_commit (self);
  store_password (self);
}

gboolean
fd_journal_page_is_busy (FdJournalPage *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_PAGE (self), FALSE);
  return self->lookup != NULL || self->stores > 0;
}

GtkEntry *
fd_journal_page_get_location_entry (FdJournalPage *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_PAGE (self), NULL);
  return self->location_entry;
}

GtkEntry *
fd_journal_page_get_name_entry (FdJournalPage *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_PAGE (self), NULL);
  return self->name_entry;
}

GtkEntry *
fd_journal_page_get_password_entry (FdJournalPage *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_PAGE (self), NULL);
  return self->password_entry;
}
