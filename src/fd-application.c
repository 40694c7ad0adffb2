/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdApplication"

#include "config.h"

#include "fd-application.h"
#include "fd-client.h"
#include "fd-format.h"
#include "fd-preferences-dialog.h"
#include "fd-simulator.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>

/* New calls per minute in --demo: busy enough to see something soon. */
#define DEMO_RATE 6.0

/* With --hidden and no tray host after this long, the window is shown
 * minimised instead, so that the app is never unreachable. A tray host that
 * starts with the session may well come up after us. */
#define HIDDEN_FALLBACK_SECONDS 5

struct _FdApplication
{
  GtkApplication  parent_instance;

  /* Construction */
  FdOptions      *options;      /* nullable */
  gboolean        demo;
  gboolean        hidden;

  /* Owned, from startup on */
  FdSettings     *settings;
  FdClient       *client;
  FdCallTracker  *tracker;
  FdPoller       *poller;
  FdSimulator    *simulator;    /* only with --demo */
  FdNotifier     *notifier;
  FdTray         *tray;
  FdWindow       *window;       /* created when first shown */
  GtkWidget      *preferences;  /* weak */

  guint           missed_count;
  guint           sigint_id;
  guint           sigterm_id;
  guint           hidden_fallback_id;
  gboolean        activated;
  /* What the command line overrides for this run: saved settings that
   * change meanwhile do not touch these. */
  gboolean        url_fixed;
  gboolean        username_fixed;
  gboolean        interval_fixed;
};

G_DEFINE_FINAL_TYPE (FdApplication, fd_application, GTK_TYPE_APPLICATION)

static FdWindow *
ensure_window (FdApplication *self)
{
  if (self->window != NULL)
    return self->window;

  self->window = g_object_ref_sink (fd_window_new (GTK_APPLICATION (self), self->tracker, self->poller));
  g_object_bind_property (self->tray, "available", self->window, "hide-on-close", G_BINDING_SYNC_CREATE);
  return self->window;
}

static void
reset_missed (FdApplication *self)
{
  self->missed_count = 0;
  if (self->tray != NULL)
    fd_tray_set_missed_count (self->tray, 0);
}

static void
show_calls (FdApplication *self)
{
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
  /* Whoever opens the list has seen the missed calls. */
  reset_missed (self);
}

static void
show_calls_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  show_calls (FD_APPLICATION (data));
}

static void
show_call_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       data)
{
  FdApplication *self = FD_APPLICATION (data);

  show_calls (self);
  fd_window_select_call (self->window, g_variant_get_string (parameter, NULL));
}

static void
copy_number_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  GtkClipboard *clipboard = gtk_clipboard_get_default (gdk_display_get_default ());

  gtk_clipboard_set_text (clipboard, g_variant_get_string (parameter, NULL), -1);
}

static void
pause_changed (GSimpleAction *action,
               GVariant      *state,
               gpointer       data)
{
  FdApplication *self = FD_APPLICATION (data);

  g_simple_action_set_state (action, state);
  fd_notifier_set_paused (self->notifier, g_variant_get_boolean (state));
}

static void
refresh_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  fd_poller_poll_now (FD_APPLICATION (data)->poller);
}

static const char *
preferences_note (FdApplication *self)
{
  if (self->demo)
    return _("This run is connected to the demo phone system. Saved changes apply from the next start.");
  if (self->url_fixed || self->username_fixed || self->interval_fixed)
    return _("This run uses connection options from the command line. Saved changes apply to what they do not set.");
  return NULL;
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  FdApplication *self = FD_APPLICATION (data);
  GtkWindow *parent = NULL;

  if (self->preferences == NULL)
    {
      if (self->window != NULL && gtk_widget_get_visible (GTK_WIDGET (self->window)))
        parent = GTK_WINDOW (self->window);
      self->preferences = fd_preferences_dialog_new (parent, self->settings);
      fd_preferences_dialog_set_note (FD_PREFERENCES_DIALOG (self->preferences), preferences_note (self));
      gtk_window_set_application (GTK_WINDOW (self->preferences), GTK_APPLICATION (self));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
    }
  gtk_window_present (GTK_WINDOW (self->preferences));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
add_actions (FdApplication *self)
{
  static const GActionEntry entries[] = {
    { "show-calls", show_calls_activated, NULL, NULL, NULL, { 0 } },
    { "show-call", show_call_activated, "s", NULL, NULL, { 0 } },
    { "copy-number", copy_number_activated, "s", NULL, NULL, { 0 } },
    { "pause-notifications", NULL, NULL, "false", pause_changed, { 0 } },
    { "refresh", refresh_activated, NULL, NULL, NULL, { 0 } },
    { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  };
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.refresh", { "<Primary>r", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
    { "win.search", { "<Primary>f", NULL } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
on_url_changed (FdApplication *self)
{
  if (self->url_fixed)
    return;
  fd_client_set_url (self->client, fd_settings_get_url (self->settings));
  fd_poller_poll_now (self->poller);
}

static void
on_username_changed (FdApplication *self)
{
  if (self->username_fixed)
    return;
  fd_client_set_username (self->client, fd_settings_get_username (self->settings));
  fd_poller_poll_now (self->poller);
}

static void
on_interval_changed (FdApplication *self)
{
  if (!self->interval_fixed)
    fd_poller_set_interval (self->poller, fd_settings_get_poll_interval (self->settings));
}

/* Saved settings first, then what the command line says for this run. */
static void
create_connection (FdApplication *self)
{
  self->settings = fd_settings_new ();
  self->client = fd_client_new (fd_settings_get_url (self->settings));
  fd_client_set_username (self->client, fd_settings_get_username (self->settings));
  self->tracker = fd_call_tracker_new ();
  self->poller = fd_poller_new (self->client, self->tracker);
  fd_poller_set_interval (self->poller, fd_settings_get_poll_interval (self->settings));

  if (self->options != NULL)
    {
      fd_options_apply_to_client (self->options, self->client);
      fd_options_apply_to_poller (self->options, self->poller);
      self->url_fixed = self->options->url != NULL;
      self->username_fixed = self->options->username != NULL;
      self->interval_fixed = self->options->interval > 0;
    }

  g_signal_connect_object (self->settings, "notify::url", G_CALLBACK (on_url_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::username", G_CALLBACK (on_username_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::poll-interval", G_CALLBACK (on_interval_changed), self,
                           G_CONNECT_SWAPPED);
}

static gboolean
start_demo (FdApplication  *self,
            GError        **error)
{
  g_autofree char *url = NULL;

  self->simulator = fd_simulator_new ();
  fd_simulator_start_random (self->simulator, DEMO_RATE);
  url = fd_simulator_listen (self->simulator, 0, error);
  if (url == NULL)
    return FALSE;
  g_debug ("Demo phone system at %s", url);
  fd_client_set_url (self->client, url);
  self->url_fixed = TRUE;
  return TRUE;
}

static void
on_call_ended (FdApplication *self,
               FdCall        *call,
               FdCallOutcome  outcome)
{
  if (outcome != FD_CALL_OUTCOME_MISSED)
    return;
  /* Nobody needs a reminder while looking at the list. */
  if (self->window != NULL && gtk_window_is_active (GTK_WINDOW (self->window)))
    return;
  fd_tray_set_missed_count (self->tray, ++self->missed_count);
}

static gboolean
on_quit_signal (gpointer data)
{
  g_debug ("Quitting on a signal");
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

static void
fd_application_startup (GApplication *application)
{
  FdApplication *self = FD_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (fd_application_parent_class)->startup (application);

  g_set_application_name (_("Frontdesk"));
  gtk_window_set_default_icon_name (FD_ICON_APP);
  add_actions (self);
  create_connection (self);
  if (self->demo && !start_demo (self, &error))
    {
      g_printerr ("frontdesk: cannot start the demo phone system: %s\n", error->message);
      g_application_quit (application);
      return;
    }

  self->notifier = fd_notifier_new (self->tracker, G_ACTION_GROUP (self));
  self->tray = fd_tray_new (G_ACTION_GROUP (self), self->tracker, self->poller);
  g_signal_connect_object (self->tracker, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);

  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  /* The app lives in the tray: no window is no reason to exit. */
  g_application_hold (application);
  fd_poller_start (self->poller);
}

static gboolean
hidden_fallback (gpointer data)
{
  FdApplication *self = FD_APPLICATION (data);
  FdWindow *window;

  self->hidden_fallback_id = 0;
  if (fd_tray_is_available (self->tray) || self->window != NULL)
    return G_SOURCE_REMOVE;
  g_debug ("No tray host: showing the window minimised");
  window = ensure_window (self);
  gtk_window_iconify (GTK_WINDOW (window));
  gtk_widget_show (GTK_WIDGET (window));
  return G_SOURCE_REMOVE;
}

static void
fd_application_activate (GApplication *application)
{
  FdApplication *self = FD_APPLICATION (application);
  gboolean first = !self->activated;

  self->activated = TRUE;
  /* Only the first activation obeys --hidden: a second launch asks to
   * see the window. */
  if (first && self->hidden)
    {
      self->hidden_fallback_id = g_timeout_add_seconds (HIDDEN_FALLBACK_SECONDS, hidden_fallback, self);
      return;
    }
  show_calls (self);
}

static void
fd_application_shutdown (GApplication *application)
{
  FdApplication *self = FD_APPLICATION (application);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->hidden_fallback_id, g_source_remove);
  if (self->poller != NULL)
    fd_poller_stop (self->poller);
  if (self->notifier != NULL)
    fd_notifier_shutdown (self->notifier);
  if (self->simulator != NULL)
    fd_simulator_stop (self->simulator);
  if (self->preferences != NULL)
    gtk_widget_destroy (self->preferences);
  if (self->window != NULL)
    gtk_widget_destroy (GTK_WIDGET (self->window));

  G_APPLICATION_CLASS (fd_application_parent_class)->shutdown (application);
}

static void
fd_application_dispose (GObject *object)
{
  FdApplication *self = FD_APPLICATION (object);

  g_clear_object (&self->window);
  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);
  g_clear_object (&self->poller);
  g_clear_object (&self->simulator);
  g_clear_object (&self->tracker);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_application_parent_class)->dispose (object);
}

static void
fd_application_finalize (GObject *object)
{
  FdApplication *self = FD_APPLICATION (object);

  g_clear_pointer (&self->options, fd_options_free);

  G_OBJECT_CLASS (fd_application_parent_class)->finalize (object);
}

static void
fd_application_class_init (FdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fd_application_dispose;
  object_class->finalize = fd_application_finalize;
  application_class->startup = fd_application_startup;
  application_class->activate = fd_application_activate;
  application_class->shutdown = fd_application_shutdown;
}

static void
fd_application_init (FdApplication *self)
{
}

FdApplication *
fd_application_new (FdOptions *options,
                    gboolean   demo,
                    gboolean   hidden)
{
  FdApplication *self = g_object_new (FD_TYPE_APPLICATION,
                                      "application-id", APP_ID,
                                      "flags", G_APPLICATION_FLAGS_NONE,
                                      NULL);

  self->options = options;
  self->demo = demo;
  self->hidden = hidden;
  return self;
}

FdSettings *
fd_application_get_settings (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->settings;
}

FdCallTracker *
fd_application_get_tracker (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->tracker;
}

FdPoller *
fd_application_get_poller (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->poller;
}

FdNotifier *
fd_application_get_notifier (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->notifier;
}

FdTray *
fd_application_get_tray (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->tray;
}

FdWindow *
fd_application_get_window (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->window;
}
