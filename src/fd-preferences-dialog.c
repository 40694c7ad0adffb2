/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPreferencesDialog"

#include "config.h"

#include "fd-client.h"
#include "fd-preferences-dialog.h"
#include "frontdesk-resources.h"

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdPreferencesDialog
{
  GtkDialog      parent_instance;

  /* Template widgets */
  GtkEntry      *url_entry;
  GtkLabel      *url_error;
  GtkEntry      *username_entry;
  GtkSpinButton *interval_spin;
  GtkLabel      *note_label;

  /* Owned */
  FdSettings    *settings;
};

G_DEFINE_FINAL_TYPE (FdPreferencesDialog, fd_preferences_dialog, GTK_TYPE_DIALOG)

static gboolean
save (FdPreferencesDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_entry_get_text (self->url_entry)));
  g_autofree char *username = g_strstrip (g_strdup (gtk_entry_get_text (self->username_entry)));
  g_autoptr(GError) error = NULL;

  if (!fd_client_validate_url (url, &error))
    {
      gtk_label_set_text (self->url_error, error->message);
      gtk_widget_show (GTK_WIDGET (self->url_error));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return FALSE;
    }
  gtk_spin_button_update (self->interval_spin);
  fd_settings_set_url (self->settings, url);
  fd_settings_set_username (self->settings, username);
  fd_settings_set_poll_interval (self->settings, gtk_spin_button_get_value (self->interval_spin));
  return TRUE;
}

static void
on_response (FdPreferencesDialog *self,
             int                  response)
{
  if (response == GTK_RESPONSE_OK && !save (self))
    return;
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
load (FdPreferencesDialog *self)
{
  gtk_entry_set_text (self->url_entry, fd_settings_get_url (self->settings));
  gtk_entry_set_text (self->username_entry, fd_settings_get_username (self->settings));
  gtk_spin_button_set_value (self->interval_spin, fd_settings_get_poll_interval (self->settings));
}

static void
fd_preferences_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FdPreferencesDialog *self = FD_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_preferences_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FdPreferencesDialog *self = FD_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_preferences_dialog_constructed (GObject *object)
{
  FdPreferencesDialog *self = FD_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (fd_preferences_dialog_parent_class)->constructed (object);

  g_assert (FD_IS_SETTINGS (self->settings));
  load (self);
}

static void
fd_preferences_dialog_dispose (GObject *object)
{
  FdPreferencesDialog *self = FD_PREFERENCES_DIALOG (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_preferences_dialog_parent_class)->dispose (object);
}

static void
fd_preferences_dialog_class_init (FdPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_preferences_dialog_get_property;
  object_class->set_property = fd_preferences_dialog_set_property;
  object_class->constructed = fd_preferences_dialog_constructed;
  object_class->dispose = fd_preferences_dialog_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, FD_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/fd-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, url_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, url_error);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, username_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_response);
}

static void
fd_preferences_dialog_init (FdPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_preferences_dialog_new (GtkWindow  *parent,
                           FdSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FD_IS_SETTINGS (settings), NULL);

  return g_object_new (FD_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

/* A line under the fields, e.g. that the command line overrides them. */
void
fd_preferences_dialog_set_note (FdPreferencesDialog *self,
                                const char          *note)
{
  g_return_if_fail (FD_IS_PREFERENCES_DIALOG (self));

  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');
}
