/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPreferencesDialog"

#include "config.h"

#include "fd-autostart.h"
#include "fd-client.h"
#include "fd-error.h"
#include "fd-preferences-dialog.h"
#include "fd-watch-list.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

#include <math.h>

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SECRET_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The notification switches, in FdNotifyKind order, and their keys. */
static const char * const notify_properties[FD_NOTIFY_N_KINDS] = {
  "notify-ringing", "notify-answered", "notify-missed", "notify-ended",
};

struct _FdPreferencesDialog
{
  GtkDialog         parent_instance;

  /* Template widgets */
  GtkNotebook      *notebook;
  GtkEntry         *url_entry;
  GtkLabel         *url_error;
  GtkEntry         *username_entry;
  GtkEntry         *password_entry;
  GtkLabel         *password_note;
  GtkSpinButton    *interval_spin;
  GtkButton        *test_button;
  GtkSpinner       *test_spinner;
  GtkLabel         *test_result_label;
  GtkLabel         *test_detail_label;
  GtkLabel         *fingerprint_label;
  GtkButton        *trust_button;
  GtkSwitch        *ringing_switch;
  GtkSwitch        *answered_switch;
  GtkSwitch        *missed_switch;
  GtkSwitch        *ended_switch;
  GtkEntry         *watch_entry;
  GtkSpinButton    *retention_spin;
  GtkSwitch        *autostart_switch;
  GtkLabel         *autostart_error;
  GtkLabel         *note_label;

  /* Owned */
  FdSettings       *settings;
  FdSecretStore    *secret_store;
  GCancellable     *lookup;             /* the password lookup running */
  GCancellable     *test_cancellable;
  char             *password_url;       /* the account the password field belongs to */
  char             *password_username;
  char             *test_fingerprint;
  double            test_timeout;
  FdConnectionTest  test_result;
  guint             stores;             /* password stores in flight */
  gboolean          password_edited;
  gboolean          loading;
};

G_DEFINE_FINAL_TYPE (FdPreferencesDialog, fd_preferences_dialog, GTK_TYPE_DIALOG)

/* ---- Password -------------------------------------------------------- */

static void
set_entry_text_quietly (FdPreferencesDialog *self,
                        GtkEntry            *entry,
                        const char          *text)
{
  self->loading = TRUE;
  gtk_entry_set_text (entry, text != NULL ? text : "");
  self->loading = FALSE;
}

static void
update_password_note (FdPreferencesDialog *self)
{
  const char *problem = fd_secret_store_get_problem (self->secret_store);
  g_autofree char *text = NULL;

  if (fd_secret_store_get_keyring_available (self->secret_store) || problem == NULL)
    {
      gtk_widget_hide (GTK_WIDGET (self->password_note));
      return;
    }
  /* Translators: %s says why the keyring cannot be used, e.g. "No keyring
   * (Secret Service) is running on this desktop." */
  text = g_strdup_printf (_("%s The password is kept in memory only until Frontdesk quits: "
                            "type it again after the next start."), problem);
  gtk_label_set_text (self->password_note, text);
  gtk_widget_show (GTK_WIDGET (self->password_note));
}

static void
remember_account (FdPreferencesDialog *self)
{
  g_free (self->password_url);
  self->password_url = g_strdup (fd_settings_get_url (self->settings));
  g_free (self->password_username);
  self->password_username = g_strdup (fd_settings_get_username (self->settings));
}

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  FdPreferencesDialog *self;
  g_autoptr(GError) error = NULL;
  char *password;

  password = fd_secret_store_lookup_finish (FD_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* superseded, or the dialog is gone */
  self = FD_PREFERENCES_DIALOG (data);
  g_clear_object (&self->lookup);
  /* What the user typed meanwhile wins. */
  if (!self->password_edited)
    set_entry_text_quietly (self, self->password_entry, password);
  fd_secret_store_password_free (password);
  update_password_note (self);
}

/* A lookup or a store for another account makes a running lookup moot. */
static void
cancel_lookup (FdPreferencesDialog *self)
{
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
}

static void
load_password (FdPreferencesDialog *self)
{
  cancel_lookup (self);
  remember_account (self);
  self->lookup = g_cancellable_new ();
  fd_secret_store_lookup_async (self->secret_store, self->password_url, self->password_username,
                                self->lookup, on_password_looked_up, self);
}

static void
on_password_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(FdPreferencesDialog) self = data;

  fd_secret_store_store_finish (FD_SECRET_STORE (source), result, NULL);
  self->stores--;
  if (self->settings != NULL)
    update_password_note (self);
}

/* Not cancelled when the dialog closes: a password typed just before
 * Escape is saved all the same. */
static void
store_password (FdPreferencesDialog *self)
{
  cancel_lookup (self);
  remember_account (self);
  self->password_edited = FALSE;
  self->stores++;
  fd_secret_store_store_async (self->secret_store, self->password_url, self->password_username,
                               gtk_entry_get_text (self->password_entry), NULL,
                               on_password_stored, g_object_ref (self));
}

/* The password field belongs to one account. When the address or the user
 * name changes, a typed password goes with it; an empty field shows what
 * the new account has saved. */
static void
account_changed (FdPreferencesDialog *self)
{
  if (g_strcmp0 (self->password_url, fd_settings_get_url (self->settings)) == 0 &&
      g_strcmp0 (self->password_username, fd_settings_get_username (self->settings)) == 0)
    return;
  if (*gtk_entry_get_text (self->password_entry) != '\0')
    store_password (self);
  else
    load_password (self);
}

static void
on_password_changed (FdPreferencesDialog *self)
{
  if (!self->loading)
    self->password_edited = TRUE;
}

static void
on_password_commit (FdPreferencesDialog *self)
{
  if (self->settings != NULL && self->password_edited)
    store_password (self);
}

static gboolean
on_password_focus_out (FdPreferencesDialog *self)
{
  on_password_commit (self);
  return GDK_EVENT_PROPAGATE;
}

/* ---- Address, user name, watch-list ------------------------------------ */

static char *
dup_entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_entry_get_text (entry)));
}

static void
on_url_commit (FdPreferencesDialog *self)
{
  g_autofree char *url = NULL;

  if (self->settings == NULL)
    return;
  url = dup_entry_text (self->url_entry);
  if (!fd_client_validate_url (url, NULL))
    {
      gtk_label_set_text (self->url_error,
                          _("Not a phone system address: type one such as http://pbx:7780 "
                            "or https://pbx:9509/api."));
      gtk_widget_show (GTK_WIDGET (self->url_error));
      return;
    }
  gtk_widget_hide (GTK_WIDGET (self->url_error));
  fd_settings_set_url (self->settings, url);
  account_changed (self);
}

static gboolean
on_url_focus_out (FdPreferencesDialog *self)
{
  on_url_commit (self);
  return GDK_EVENT_PROPAGATE;
}

static void
on_username_commit (FdPreferencesDialog *self)
{
  g_autofree char *username = NULL;

  if (self->settings == NULL)
    return;
  username = dup_entry_text (self->username_entry);
  fd_settings_set_username (self->settings, username);
  account_changed (self);
}

static gboolean
on_username_focus_out (FdPreferencesDialog *self)
{
  on_username_commit (self);
  return GDK_EVENT_PROPAGATE;
}

static void
show_watch_list (FdPreferencesDialog *self)
{
  g_autofree char *text = fd_watch_list_to_string (fd_settings_get_watch_list (self->settings));

  set_entry_text_quietly (self, self->watch_entry, text);
}

static void
on_watch_commit (FdPreferencesDialog *self)
{
  g_auto(GStrv) list = NULL;

  if (self->settings == NULL)
    return;
  list = fd_watch_list_parse (gtk_entry_get_text (self->watch_entry));
  fd_settings_set_watch_list (self->settings, (const char * const *) list);
  show_watch_list (self);
}

static gboolean
on_watch_focus_out (FdPreferencesDialog *self)
{
  on_watch_commit (self);
  return GDK_EVENT_PROPAGATE;
}

/* ---- Start at login --------------------------------------------------- */

static void
on_autostart_changed (FdPreferencesDialog *self)
{
  gboolean enabled = gtk_switch_get_active (self->autostart_switch);
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  if (fd_autostart_set_enabled (enabled, &error))
    {
      gtk_widget_hide (GTK_WIDGET (self->autostart_error));
      return;
    }
  gtk_label_set_text (self->autostart_error, error->message);
  gtk_widget_show (GTK_WIDGET (self->autostart_error));
  self->loading = TRUE;
  gtk_switch_set_active (self->autostart_switch, fd_autostart_is_enabled ());
  self->loading = FALSE;
}

/* ---- Test connection -------------------------------------------------- */

/* "26:82:C7:…" in two lines of 16 bytes: easier to compare with what the
 * phone system's administrator reads out. */
static char *
format_fingerprint (const char *hex)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; hex[i] != '\0' && hex[i + 1] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (text, i % 32 == 0 ? '\n' : ':');
      g_string_append_c (text, g_ascii_toupper (hex[i]));
      g_string_append_c (text, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (text, FALSE);
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
show_test_result (FdPreferencesDialog *self,
                  FdConnectionTest     result,
                  const char          *message,
                  const char          *detail)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->test_result_label));
  gboolean can_trust = self->test_fingerprint != NULL;
  g_autofree char *fingerprint = can_trust ? format_fingerprint (self->test_fingerprint) : NULL;

  self->test_result = result;
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_hide (GTK_WIDGET (self->test_spinner));
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  show_label (self->test_result_label, message);
  show_label (self->test_detail_label, detail);
  show_label (self->fingerprint_label, fingerprint);
  gtk_widget_set_visible (GTK_WIDGET (self->trust_button), can_trust);
  gtk_button_set_label (self->trust_button, result == FD_CONNECTION_TEST_CERTIFICATE_CHANGED ?
                        _("T_rust the New Certificate") : _("T_rust This Certificate"));

  gtk_style_context_remove_class (style, "error");
  gtk_style_context_remove_class (style, "success");
  if (result != FD_CONNECTION_TEST_RUNNING)
    gtk_style_context_add_class (style, result == FD_CONNECTION_TEST_CONNECTED ? "success" : "error");
}

static char *
dup_timeout_sentence (FdPreferencesDialog *self)
{
  guint seconds = (guint) ceil (self->test_timeout);

  /* Translators: %u is a number of seconds */
  return g_strdup_printf (ngettext ("No answer within %u second: the phone system is too slow, or something "
                                    "on the way holds the connection.",
                                    "No answer within %u seconds: the phone system is too slow, or something "
                                    "on the way holds the connection.", seconds), seconds);
}

static void
show_certificate_problem (FdPreferencesDialog *self,
                          FdClient            *client,
                          const GError        *error)
{
  const char *pinned = fd_settings_get_pinned_certificate (self->settings);

  self->test_fingerprint = fd_client_dup_rejected_certificate (client);
  if (self->test_fingerprint == NULL)
    {
      show_test_result (self, FD_CONNECTION_TEST_TLS_FAILED,
                        _("The secure (https) connection to the phone system failed."), error->message);
      return;
    }
  if (*pinned != '\0' && g_ascii_strcasecmp (pinned, self->test_fingerprint) != 0)
    {
      show_test_result (self, FD_CONNECTION_TEST_CERTIFICATE_CHANGED,
                        _("Warning: the phone system’s certificate has changed since you trusted it. "
                          "Someone may be intercepting the connection. Trust the new certificate only "
                          "if the administrator of the phone system confirms this SHA-256 fingerprint:"),
                        NULL);
      return;
    }
  show_test_result (self, FD_CONNECTION_TEST_UNTRUSTED_CERTIFICATE,
                    _("This computer does not trust the phone system’s certificate. Trust it only if "
                      "the administrator of the phone system confirms this SHA-256 fingerprint:"),
                    NULL);
}

static void
show_api_error (FdPreferencesDialog *self,
                const GError        *error)
{
  g_autofree char *message = NULL;

  if (fd_api_code_is_auth (error->code))
    {
      /* Translators: %d is the phone system's error code, e.g. 305 */
      message = g_strdup_printf (_("The phone system refused the user name or password (code %d)."),
                                 error->code);
      show_test_result (self, FD_CONNECTION_TEST_AUTH_REFUSED, message, error->message);
      return;
    }
  /* Translators: %d is the phone system's error code, e.g. 601 */
  message = g_strdup_printf (_("The phone system answered with error code %d."), error->code);
  show_test_result (self, FD_CONNECTION_TEST_API_ERROR, message, error->message);
}

static void
show_test_error (FdPreferencesDialog *self,
                 FdClient            *client,
                 const GError        *error)
{
  g_autofree char *timeout = NULL;

  if (error->domain == FD_API_ERROR)
    {
      show_api_error (self, error);
      return;
    }
  switch (error->domain == FD_ERROR ? error->code : FD_ERROR_UNREACHABLE)
    {
    case FD_ERROR_TIMEOUT:
      timeout = dup_timeout_sentence (self);
      show_test_result (self, FD_CONNECTION_TEST_TIMEOUT, timeout, error->message);
      break;
    case FD_ERROR_TLS:
      show_certificate_problem (self, client, error);
      break;
    case FD_ERROR_HTTP:
    case FD_ERROR_PARSE:
    case FD_ERROR_TOO_LARGE:
      show_test_result (self, FD_CONNECTION_TEST_NOT_OZEKI,
                        _("Something answers at this address, but it is not an Ozeki HTTP API. "
                          "What came back:"), error->message);
      break;
    case FD_ERROR_INVALID:
      show_test_result (self, FD_CONNECTION_TEST_INVALID_URL,
                        _("Not a phone system address: type one such as http://pbx:7780 "
                          "or https://pbx:9509/api."), NULL);
      break;
    case FD_ERROR_UNREACHABLE:
    default:
      show_test_result (self, FD_CONNECTION_TEST_UNREACHABLE,
                        _("The host is unreachable: nothing answers at this address and port."),
                        error->message);
      break;
    }
}

static void
on_test_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  FdClient *client = FD_CLIENT (source);
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  FdPreferencesDialog *self;

  calls = fd_client_list_calls_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the dialog may be gone */
  self = FD_PREFERENCES_DIALOG (data);
  g_clear_object (&self->test_cancellable);
  if (calls == NULL)
    {
      show_test_error (self, client, error);
      return;
    }
  /* Translators: %u is the number of calls in progress */
  message = g_strdup_printf (ngettext ("Connected: the phone system answers and has %u active call.",
                                       "Connected: the phone system answers and has %u active calls.",
                                       calls->len), calls->len);
  show_test_result (self, FD_CONNECTION_TEST_CONNECTED, message, NULL);
}

/* A client of its own, from what is typed: the saved settings and the
 * running poller stay as they are. */
static FdClient *
create_test_client (FdPreferencesDialog *self,
                    const char          *url)
{
  g_autofree char *username = dup_entry_text (self->username_entry);
  FdClient *client = fd_client_new (url);

  fd_client_set_username (client, username);
  fd_client_set_password (client, gtk_entry_get_text (self->password_entry));
  fd_client_set_timeout (client, self->test_timeout);
  fd_client_set_pinned_certificate (client, fd_settings_get_pinned_certificate (self->settings));
  return client;
}

/* ---- Dialog ----------------------------------------------------------- */

static void
on_response (FdPreferencesDialog *self)
{
  /* Closing with Escape leaves the focus where it was: save what it has. */
  on_url_commit (self);
  on_username_commit (self);
  on_password_commit (self);
  on_watch_commit (self);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
bind_switches (FdPreferencesDialog *self)
{
  GtkSwitch *switches[FD_NOTIFY_N_KINDS] = {
    self->ringing_switch, self->answered_switch, self->missed_switch, self->ended_switch,
  };

  for (guint i = 0; i < FD_NOTIFY_N_KINDS; i++)
    g_object_bind_property (self->settings, notify_properties[i], switches[i], "active",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "poll-interval",
                          gtk_spin_button_get_adjustment (self->interval_spin), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "journal-retention-days",
                          gtk_spin_button_get_adjustment (self->retention_spin), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
load (FdPreferencesDialog *self)
{
  set_entry_text_quietly (self, self->url_entry, fd_settings_get_url (self->settings));
  set_entry_text_quietly (self, self->username_entry, fd_settings_get_username (self->settings));
  show_watch_list (self);
  bind_switches (self);

  self->loading = TRUE;
  gtk_switch_set_active (self->autostart_switch, fd_autostart_is_enabled ());
  self->loading = FALSE;
  g_signal_connect_object (self->autostart_switch, "notify::active", G_CALLBACK (on_autostart_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->secret_store, "notify::problem", G_CALLBACK (update_password_note), self,
                           G_CONNECT_SWAPPED);
  update_password_note (self);
  load_password (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
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
    case PROP_SECRET_STORE:
      g_value_set_object (value, self->secret_store);
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
    case PROP_SECRET_STORE:
      self->secret_store = g_value_dup_object (value);
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
  if (self->secret_store == NULL)
    self->secret_store = fd_secret_store_new ();
  load (self);
}

static void
fd_preferences_dialog_dispose (GObject *object)
{
  FdPreferencesDialog *self = FD_PREFERENCES_DIALOG (object);

  cancel_lookup (self);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  /* From here on the commit handlers, run by a last focus-out, do nothing. */
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);

  G_OBJECT_CLASS (fd_preferences_dialog_parent_class)->dispose (object);
}

static void
fd_preferences_dialog_finalize (GObject *object)
{
  FdPreferencesDialog *self = FD_PREFERENCES_DIALOG (object);

  g_clear_pointer (&self->password_url, g_free);
  g_clear_pointer (&self->password_username, g_free);
  g_clear_pointer (&self->test_fingerprint, g_free);

  G_OBJECT_CLASS (fd_preferences_dialog_parent_class)->finalize (object);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, notebook);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, url_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, url_error);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, username_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, password_note);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, test_result_label);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, test_detail_label);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, trust_button);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, ringing_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, answered_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, missed_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, ended_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, watch_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, autostart_error);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesDialog, note_label);

  gtk_widget_class_bind_template_callback (widget_class, on_response);
  gtk_widget_class_bind_template_callback (widget_class, on_url_commit);
  gtk_widget_class_bind_template_callback (widget_class, on_url_focus_out);
  gtk_widget_class_bind_template_callback (widget_class, on_username_commit);
  gtk_widget_class_bind_template_callback (widget_class, on_username_focus_out);
  gtk_widget_class_bind_template_callback (widget_class, on_password_commit);
  gtk_widget_class_bind_template_callback (widget_class, on_password_focus_out);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_watch_commit);
  gtk_widget_class_bind_template_callback (widget_class, on_watch_focus_out);
  gtk_widget_class_bind_template_callback (widget_class, fd_preferences_dialog_test_connection);
  gtk_widget_class_bind_template_callback (widget_class, fd_preferences_dialog_trust_certificate);
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
  object_class->finalize = fd_preferences_dialog_finalize;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, FD_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRET_STORE] =
    g_param_spec_object ("secret-store", NULL, NULL, FD_TYPE_SECRET_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/fd-preferences-dialog.ui");
  bind_template (widget_class);
}

static void
fd_preferences_dialog_init (FdPreferencesDialog *self)
{
  self->test_timeout = FD_CLIENT_DEFAULT_TIMEOUT;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @secret_store may be NULL: the dialog then has one of its own. */
GtkWidget *
fd_preferences_dialog_new (GtkWindow     *parent,
                           FdSettings    *settings,
                           FdSecretStore *secret_store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FD_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (secret_store == NULL || FD_IS_SECRET_STORE (secret_store), NULL);

  return g_object_new (FD_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       "settings", settings,
                       "secret-store", secret_store,
                       NULL);
}

/* A line under the fields, e.g. that the command line overrides them. */
void
fd_preferences_dialog_set_note (FdPreferencesDialog *self,
                                const char          *note)
{
  g_return_if_fail (FD_IS_PREFERENCES_DIALOG (self));

  show_label (self->note_label, note);
}

/* Runs one ListActiveCalls with what is typed, whether saved or not. */
void
fd_preferences_dialog_test_connection (FdPreferencesDialog *self)
{
  g_autofree char *url = NULL;
  g_autoptr(FdClient) client = NULL;

  g_return_if_fail (FD_IS_PREFERENCES_DIALOG (self));

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->test_fingerprint, g_free);

  url = dup_entry_text (self->url_entry);
  if (!fd_client_validate_url (url, NULL))
    {
      show_test_result (self, FD_CONNECTION_TEST_INVALID_URL,
                        _("Not a phone system address: type one such as http://pbx:7780 "
                          "or https://pbx:9509/api."), NULL);
      return;
    }

  show_test_result (self, FD_CONNECTION_TEST_RUNNING,
                    _("Asking the phone system for its active calls…"), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  gtk_widget_show (GTK_WIDGET (self->test_spinner));
  gtk_spinner_start (self->test_spinner);

  self->test_cancellable = g_cancellable_new ();
  client = create_test_client (self, url);
  fd_client_list_calls_async (client, self->test_cancellable, on_test_done, self);
}

/* Pins the certificate the last test refused, and tests again with it. */
void
fd_preferences_dialog_trust_certificate (FdPreferencesDialog *self)
{
  g_return_if_fail (FD_IS_PREFERENCES_DIALOG (self));

  if (self->test_fingerprint == NULL)
    return;
  fd_settings_set_pinned_certificate (self->settings, self->test_fingerprint);
  fd_preferences_dialog_test_connection (self);
}

void
fd_preferences_dialog_set_test_timeout (FdPreferencesDialog *self,
                                        double               seconds)
{
  g_return_if_fail (FD_IS_PREFERENCES_DIALOG (self));
  g_return_if_fail (seconds > 0);

  self->test_timeout = seconds;
}

FdConnectionTest
fd_preferences_dialog_get_test_result (FdPreferencesDialog *self)
{
  g_return_val_if_fail (FD_IS_PREFERENCES_DIALOG (self), FD_CONNECTION_TEST_NONE);
  return self->test_result;
}

const char *
fd_preferences_dialog_get_test_message (FdPreferencesDialog *self)
{
  g_return_val_if_fail (FD_IS_PREFERENCES_DIALOG (self), NULL);
  return gtk_label_get_text (self->test_result_label);
}

const char *
fd_preferences_dialog_get_test_detail (FdPreferencesDialog *self)
{
  g_return_val_if_fail (FD_IS_PREFERENCES_DIALOG (self), NULL);
  return gtk_label_get_text (self->test_detail_label);
}

const char *
fd_preferences_dialog_get_test_fingerprint (FdPreferencesDialog *self)
{
  g_return_val_if_fail (FD_IS_PREFERENCES_DIALOG (self), NULL);
  return self->test_fingerprint;
}

gboolean
fd_preferences_dialog_is_busy (FdPreferencesDialog *self)
{
  g_return_val_if_fail (FD_IS_PREFERENCES_DIALOG (self), FALSE);
  return self->lookup != NULL || self->stores > 0 || self->test_result == FD_CONNECTION_TEST_RUNNING;
}

/* A page of its own class (the names page) after the dialog's own. */
void
fd_preferences_dialog_add_page (FdPreferencesDialog *self,
                                GtkWidget           *page,
                                const char          *title)
{
  g_return_if_fail (FD_IS_PREFERENCES_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  gtk_widget_show (page);
  gtk_notebook_append_page (self->notebook, page, gtk_label_new (title));
}
