/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdApplication"

#include "config.h"

#include "fd-application.h"
#include "fd-client.h"
#include "fd-desk.h"
#include "fd-people.h"
#include "fd-people-page.h"
#include "fd-format.h"
#include "fd-history-recovery.h"
#include "fd-inbox.h"
#include "fd-journal.h"
#include "fd-journal-page.h"
#include "fd-journal-uri.h"
#include "fd-phone-number.h"
#include "fd-preferences-dialog.h"
#include "fd-secret-store.h"
#include "fd-simulator.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>

/* New calls per minute in --demo: busy enough to see something soon. */
#define DEMO_RATE 6.0

/* With --hidden and no tray host after this long, the window is shown
 * minimised instead, so that the app is never unreachable. A tray host that
 * starts with the session may well come up after us. */
#define HIDDEN_FALLBACK_SECONDS 5

/* The first poll waits this long at most for the keyring's answer (an
 * unlock prompt may be on screen), so that it goes out with the password. */
#define KEYRING_WAIT_SECONDS 5

/* Calls older than the retention setting go at startup and once a day. */
#define PRUNE_INTERVAL_SECONDS (24 * 60 * 60)

struct _FdApplication
{
  GtkApplication  parent_instance;

  /* Construction */
  FdOptions      *options;      /* nullable */
  gboolean        demo;
  gboolean        hidden;

  /* Owned, from startup on */
  FdSettings     *settings;
  FdSecretStore  *secret_store;
  GCancellable   *password_lookup;
  GCancellable   *journal_lookup; /* the journal database's password */
  FdClient       *client;
  FdDesk         *desk;         /* owns the tracker, the poller and the journal */
  FdPeople       *people;       /* the directory, labels and extensions */
  FdSimulator    *simulator;    /* only with --demo */
  FdNotifier     *notifier;
  FdTray         *tray;
  FdWindow       *window;       /* created when first shown */
  GtkWidget      *preferences;  /* weak */
  FdHistoryRecovery *recovery;  /* nullable: only with a journal */
  FdInbox        *inbox;        /* settles missed calls reached later */
  char           *journal_path; /* nullable: the default */

  guint           prune_id;
  guint           sigint_id;
  guint           sigterm_id;
  guint           hidden_fallback_id;
  guint           keyring_wait_id;
  guint           journal_wait_id;
  gboolean        activated;
  /* What the command line overrides for this run: saved settings that
   * change meanwhile do not touch these. */
  gboolean        url_fixed;
  gboolean        username_fixed;
  gboolean        interval_fixed;
  gboolean        password_fixed;
};

G_DEFINE_FINAL_TYPE (FdApplication, fd_application, GTK_TYPE_APPLICATION)

static FdWindow *
ensure_window (FdApplication *self)
{
  if (self->window != NULL)
    return self->window;

  self->window = g_object_ref_sink (fd_window_new (GTK_APPLICATION (self), self->desk));
  if (self->demo)
    /* Translators: the window title while connected to the demo phone system */
    gtk_window_set_title (GTK_WINDOW (self->window), _("Frontdesk (Demo)"));
  fd_window_set_journal (self->window, fd_desk_get_journal (self->desk), fd_desk_get_journal_error (self->desk));
  fd_window_set_people (self->window, self->people);
  g_object_bind_property (self->tray, "available", self->window, "hide-on-close", G_BINDING_SYNC_CREATE);
  return self->window;
}

static void
show_calls (FdApplication *self)
{
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
  /* The journal keeps missed calls until they are marked handled; without
   * one, whoever opens the list has seen them. */
  fd_desk_reset_missed (self->desk);
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
  /* A call that has ended is in the history. */
  if (!fd_window_select_call (self->window, g_variant_get_string (parameter, NULL)))
    fd_window_show_page (self->window, "history");
}

static void
mark_handled_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       data)
{
  FdApplication *self = FD_APPLICATION (data);

  fd_desk_set_handled (self->desk, g_variant_get_int64 (parameter), TRUE);
}

static void
mark_all_handled_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       data)
{
  fd_desk_mark_all_handled (FD_APPLICATION (data)->desk);
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
  fd_poller_poll_now (fd_desk_get_poller (FD_APPLICATION (data)->desk));
}

static const char *
preferences_note (FdApplication *self)
{
  if (self->demo)
    return _("This run is connected to the demo phone system. Saved changes apply from the next start.");
  if (self->url_fixed || self->username_fixed || self->interval_fixed || self->password_fixed)
    return _("This run uses connection options from the command line. Saved changes apply to what they do not set.");
  return NULL;
}

/* Preferences → Journal; what was typed is saved when the dialog closes. */
static void
add_journal_page (FdApplication *self)
{
  GtkWidget *page = fd_journal_page_new (self->settings, self->secret_store);

  fd_preferences_dialog_add_page (FD_PREFERENCES_DIALOG (self->preferences), page, _("Journal"));
  g_signal_connect_object (self->preferences, "response", G_CALLBACK (fd_journal_page_commit), page,
                           G_CONNECT_SWAPPED);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  FdApplication *self = FD_APPLICATION (data);
  GtkWindow *parent = NULL;
  GtkWidget *names;

  if (self->preferences == NULL)
    {
      if (self->window != NULL && gtk_widget_get_visible (GTK_WIDGET (self->window)))
        parent = GTK_WINDOW (self->window);
      self->preferences = fd_preferences_dialog_new (parent, self->settings, self->secret_store);
      fd_preferences_dialog_set_note (FD_PREFERENCES_DIALOG (self->preferences), preferences_note (self));
      names = fd_people_page_new (self->settings, fd_people_get_directory (self->people));
      fd_people_page_set_address_books (FD_PEOPLE_PAGE (names), fd_people_get_address_books (self->people));
      fd_preferences_dialog_add_page (FD_PREFERENCES_DIALOG (self->preferences), names, _("Names"));
      add_journal_page (self);
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
    { "mark-handled", mark_handled_activated, "x", NULL, NULL, { 0 } },
    { "mark-all-handled", mark_all_handled_activated, NULL, NULL, NULL, { 0 } },
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
on_password_found (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  FdApplication *self;
  char *password;

  password = fd_secret_store_lookup_finish (FD_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FD_APPLICATION (data);
  g_clear_object (&self->password_lookup);
  fd_client_set_password (self->client, password);
  fd_secret_store_password_free (password);
  g_clear_handle_id (&self->keyring_wait_id, g_source_remove);
  if (fd_poller_is_running (fd_desk_get_poller (self->desk)))
    fd_poller_poll_now (fd_desk_get_poller (self->desk));
  else
    fd_poller_start (fd_desk_get_poller (self->desk));
}

/* The password of the account the client uses now, from the keyring (or
 * what this run keeps in memory); the command line's wins. */
static void
lookup_password (FdApplication *self)
{
  if (self->password_fixed)
    return;
  if (self->password_lookup != NULL)
    g_cancellable_cancel (self->password_lookup);
  g_clear_object (&self->password_lookup);
  self->password_lookup = g_cancellable_new ();
  fd_secret_store_lookup_async (self->secret_store, fd_client_get_url (self->client),
                                fd_client_get_username (self->client), self->password_lookup,
                                on_password_found, self);
}

static void
on_password_changed (FdApplication *self,
                     const char    *url,
                     const char    *username)
{
  if (g_strcmp0 (url, fd_client_get_url (self->client)) == 0 &&
      g_strcmp0 (username, fd_client_get_username (self->client)) == 0)
    lookup_password (self);
}

static void
on_pinned_certificate_changed (FdApplication *self)
{
  fd_client_set_pinned_certificate (self->client, fd_settings_get_pinned_certificate (self->settings));
  fd_poller_poll_now (fd_desk_get_poller (self->desk));
}

static gboolean
keyring_wait_over (gpointer data)
{
  FdApplication *self = FD_APPLICATION (data);

  self->keyring_wait_id = 0;
  g_debug ("No answer from the keyring yet: polling without a password");
  if (!fd_poller_is_running (fd_desk_get_poller (self->desk)))
    fd_poller_start (fd_desk_get_poller (self->desk));
  return G_SOURCE_REMOVE;
}

static void
start_polling (FdApplication *self)
{
  if (self->demo || self->password_fixed)
    {
      fd_poller_start (fd_desk_get_poller (self->desk));
      return;
    }
  lookup_password (self);
  self->keyring_wait_id = g_timeout_add_seconds (KEYRING_WAIT_SECONDS, keyring_wait_over, self);
}

static void
on_url_changed (FdApplication *self)
{
  if (self->url_fixed)
    return;
  /* Another PBX: the old one's calls did not end, they left our view.
   * Nothing is journalled and no ringing call becomes a missed one. */
  fd_call_tracker_clear (fd_desk_get_tracker (self->desk));
  fd_client_set_url (self->client, fd_settings_get_url (self->settings));
  if (self->recovery != NULL)
    fd_history_recovery_set_pbx (self->recovery, fd_client_get_url (self->client));
  lookup_password (self);
  fd_poller_poll_now (fd_desk_get_poller (self->desk));
}

static void
on_username_changed (FdApplication *self)
{
  if (self->username_fixed)
    return;
  fd_client_set_username (self->client, fd_settings_get_username (self->settings));
  lookup_password (self);
  fd_poller_poll_now (fd_desk_get_poller (self->desk));
}

static void
on_interval_changed (FdApplication *self)
{
  if (!self->interval_fixed)
    fd_poller_set_interval (fd_desk_get_poller (self->desk), fd_settings_get_poll_interval (self->settings));
}

static void
on_user_name_changed (FdApplication *self)
{
  fd_desk_set_user_name (self->desk, fd_settings_get_user_name (self->settings));
}

/* Saved settings first, then what the command line says for this run. */
static void
create_connection (FdApplication *self)
{
  self->settings = fd_settings_new ();
  self->secret_store = fd_secret_store_new ();
  self->client = fd_client_new (fd_settings_get_url (self->settings));
  fd_client_set_username (self->client, fd_settings_get_username (self->settings));
  fd_client_set_pinned_certificate (self->client, fd_settings_get_pinned_certificate (self->settings));
  self->desk = fd_desk_new (self->client);
  on_user_name_changed (self);
  fd_poller_set_interval (fd_desk_get_poller (self->desk), fd_settings_get_poll_interval (self->settings));
  self->people = fd_people_new (self->desk, self->settings, self->options);

  if (self->options != NULL)
    {
      fd_options_apply_to_client (self->options, self->client);
      fd_options_apply_to_poller (self->options, fd_desk_get_poller (self->desk));
      self->url_fixed = self->options->url != NULL;
      self->username_fixed = self->options->username != NULL;
      self->interval_fixed = self->options->interval > 0;
      self->password_fixed = self->options->password != NULL;
    }

  g_signal_connect_object (self->settings, "notify::url", G_CALLBACK (on_url_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::username", G_CALLBACK (on_username_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::poll-interval", G_CALLBACK (on_interval_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::user-name", G_CALLBACK (on_user_name_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::pinned-certificate",
                           G_CALLBACK (on_pinned_certificate_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->secret_store, "changed", G_CALLBACK (on_password_changed), self,
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
  fd_people_use_demo (self->people);
  fd_client_set_url (self->client, url);
  self->url_fixed = TRUE;
  return TRUE;
}

/* The desk has written the journal already: a failed write is logged
 * here, and nobody needs a missed-call reminder while looking at the list
 * (without a journal, the count is this session's). */
static void
on_call_ended (FdApplication *self,
               FdCall        *call,
               FdCallOutcome  outcome,
               gint64         journal_id)
{
  if (fd_desk_get_journal (self->desk) != NULL && journal_id == 0)
    g_warning ("Call %s is not in the call history: %s", fd_call_get_id (call),
               fd_desk_get_journal_error (self->desk));
  if (outcome == FD_CALL_OUTCOME_MISSED && self->window != NULL &&
      gtk_window_is_active (GTK_WINDOW (self->window)))
    fd_desk_reset_missed (self->desk);
}

static void
prune_journal (FdApplication *self)
{
  fd_desk_prune (self->desk, fd_settings_get_journal_retention_days (self->settings));
}

static gboolean
prune_daily (gpointer data)
{
  prune_journal (FD_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

/* Without a journal the app works on: the window tells why. */
/* The demo's made-up calls must never reach the user's real inbox: a
 * journal of their own in the cache folder, emptied at every demo start so
 * that one demo's missed calls do not greet the next. */
static void
use_demo_journal (FdApplication *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "frontdesk", NULL);
  const char *suffixes[] = { "", "-wal", "-shm" };

  if (self->journal_path != NULL)
    return;
  g_mkdir_with_parents (dir, 0700);
  self->journal_path = g_build_filename (dir, "demo-journal.db", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (self->journal_path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* --journal names one for this run; the demo keeps its own whatever.
 * Returns: (nullable): the URI to open, NULL for journal_path. */
static const char *
journal_uri (FdApplication *self)
{
  if (self->demo)
    use_demo_journal (self);
  if (self->journal_path == NULL && self->options != NULL && self->options->journal != NULL)
    return self->options->journal;
  if (self->journal_path == NULL && *fd_settings_get_journal (self->settings) != '\0')
    return fd_settings_get_journal (self->settings);
  return NULL;
}

static void
open_journal (FdApplication *self,
              const char    *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournal) journal = NULL;
  const char *uri = journal_uri (self);

  if (uri != NULL)
    journal = fd_journal_open_uri_with_password (uri, password, &error);
  else
    journal = fd_journal_open (self->journal_path, &error);
  if (journal == NULL)
    {
      g_message ("No call history: %s", error->message);
      fd_desk_set_journal_error (self->desk, error->message);
      return;
    }
  fd_desk_set_journal (self->desk, journal);
  g_signal_connect_object (self->settings, "notify::journal-retention-days", G_CALLBACK (prune_journal), self,
                           G_CONNECT_SWAPPED);
  prune_journal (self);
  self->prune_id = g_timeout_add_seconds (PRUNE_INTERVAL_SECONDS, prune_daily, self);
}

/* Calls that rang and ended between two polls, or during an outage, come
 * from the PBX's own history; a failed read only leaves a log line, and
 * polling goes on. */
static void
on_recovery_error (FdHistoryRecovery *recovery)
{
  if (fd_history_recovery_get_error (recovery) != NULL)
    g_message ("%s", fd_history_recovery_get_error (recovery));
}

/* The inbox compares numbers in the region the directory reads them in:
 * --region, else the `region` setting, else the locale's. FdPeople
 * updates the directory first (it connected to the setting before). */
static void
update_inbox_region (FdApplication *self)
{
  fd_inbox_set_region (self->inbox, fd_directory_get_region (fd_people_get_directory (self->people)));
}

static void
start_inbox (FdApplication *self)
{
  self->inbox = fd_inbox_new (self->desk);
  update_inbox_region (self);
  g_signal_connect_object (self->settings, "notify::region", G_CALLBACK (update_inbox_region), self,
                           G_CONNECT_SWAPPED);
}

static void
start_history_recovery (FdApplication *self)
{
  if (fd_desk_get_journal (self->desk) == NULL)
    return;
  self->recovery = fd_history_recovery_new (self->client, fd_desk_get_journal (self->desk));
  fd_history_recovery_set_pbx (self->recovery, fd_client_get_url (self->client));
  g_signal_connect (self->recovery, "notify::error", G_CALLBACK (on_recovery_error), NULL);
  fd_history_recovery_follow_poller (self->recovery, fd_desk_get_poller (self->desk));
}

static void start_polling (FdApplication *self);

/* What waits for the journal: the history's recovery writes into it, and
 * a call polled before it is open would end without a row. */
static void
journal_ready (FdApplication *self,
               const char    *password)
{
  open_journal (self, password);
  if (self->window != NULL)
    fd_window_set_journal (self->window, fd_desk_get_journal (self->desk),
                           fd_desk_get_journal_error (self->desk));
  start_history_recovery (self);
  start_polling (self);
}

static void
on_journal_password_found (GObject      *source,
                           GAsyncResult *result,
                           gpointer      data)
{
  g_autoptr(GError) error = NULL;
  FdApplication *self;
  char *password;

  password = fd_secret_store_lookup_finish (FD_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FD_APPLICATION (data);
  g_clear_object (&self->journal_lookup);
  g_clear_handle_id (&self->journal_wait_id, g_source_remove);
  journal_ready (self, password);
  fd_secret_store_password_free (password);
}

/* A keyring that asks to be unlocked must not keep calls from being
 * journalled: without its answer, libpq's own means are tried. */
static gboolean
journal_wait_over (gpointer data)
{
  FdApplication *self = FD_APPLICATION (data);

  self->journal_wait_id = 0;
  g_debug ("No answer from the keyring yet: opening the journal without its password");
  g_cancellable_cancel (self->journal_lookup);
  g_clear_object (&self->journal_lookup);
  journal_ready (self, NULL);
  return G_SOURCE_REMOVE;
}

/* A PostgreSQL journal's password may be in the keyring, saved by
 * Preferences under the URI without any password and its user; without
 * one there, the URI, PGPASSFILE or ~/.pgpass serve as before. */
static void
start_journal (FdApplication *self)
{
  const char *uri = journal_uri (self);
  g_autofree char *key = fd_journal_uri_dup_shown (uri);
  g_autofree char *user = NULL;

  if (key == NULL)
    {
      journal_ready (self, NULL);
      return;
    }
  user = fd_journal_uri_dup_user (uri);
  self->journal_lookup = g_cancellable_new ();
  fd_secret_store_lookup_async (self->secret_store, key, user, self->journal_lookup,
                                on_journal_password_found, self);
  self->journal_wait_id = g_timeout_add_seconds (KEYRING_WAIT_SECONDS, journal_wait_over, self);
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

  g_signal_connect_object (self->desk, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
  start_inbox (self);
  self->notifier = fd_notifier_new_for_desk (self->desk, G_ACTION_GROUP (self));
  fd_notifier_set_settings (self->notifier, self->settings);
  self->tray = fd_tray_new (G_ACTION_GROUP (self), self->desk);
  fd_tray_set_demo (self->tray, self->demo);
  g_object_bind_property (self->desk, "missed-count", self->tray, "missed-count", G_BINDING_SYNC_CREATE);

  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  /* The app lives in the tray: no window is no reason to exit. */
  g_application_hold (application);
  start_journal (self);
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
  g_clear_handle_id (&self->keyring_wait_id, g_source_remove);
  g_clear_handle_id (&self->journal_wait_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->password_lookup != NULL)
    g_cancellable_cancel (self->password_lookup);
  if (self->journal_lookup != NULL)
    g_cancellable_cancel (self->journal_lookup);
  g_clear_object (&self->journal_lookup);
  if (self->desk != NULL)
    {
      fd_poller_stop (fd_desk_get_poller (self->desk));
      /* A call that ended just now is journalled before the app goes. */
      fd_desk_wait_for_writes (self->desk);
    }
  if (self->people != NULL)
    fd_people_stop (self->people);
  g_clear_object (&self->recovery);   /* cancels a read in flight */
  if (self->notifier != NULL)
    fd_notifier_shutdown (self->notifier);
  if (self->simulator != NULL)
    fd_simulator_stop (self->simulator);
  if (self->preferences != NULL)
    gtk_widget_destroy (self->preferences);
  if (self->window != NULL)
    gtk_widget_destroy (GTK_WIDGET (self->window));
  /* Both hold the application as their action group: dropping them here
   * breaks the cycle, so the application can be finalized after run(). */
  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);

  G_APPLICATION_CLASS (fd_application_parent_class)->shutdown (application);
}

static void
fd_application_dispose (GObject *object)
{
  FdApplication *self = FD_APPLICATION (object);

  g_clear_object (&self->window);
  g_clear_object (&self->tray);
  g_clear_object (&self->notifier);
  g_clear_object (&self->recovery);
  g_clear_object (&self->inbox);
  g_clear_object (&self->people);
  g_clear_object (&self->desk);
  g_clear_object (&self->simulator);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->password_lookup);

  G_OBJECT_CLASS (fd_application_parent_class)->dispose (object);
}

static void
fd_application_finalize (GObject *object)
{
  FdApplication *self = FD_APPLICATION (object);

  g_clear_pointer (&self->options, fd_options_free);
  g_clear_pointer (&self->journal_path, g_free);

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
  return self->desk != NULL ? fd_desk_get_tracker (self->desk) : NULL;
}

FdPoller *
fd_application_get_poller (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->desk != NULL ? fd_desk_get_poller (self->desk) : NULL;
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

/* Where the call journal lives; NULL (the default) is
 * $XDG_DATA_HOME/frontdesk/journal.db. Before the first run only. */
void
fd_application_set_journal_path (FdApplication *self,
                                 const char    *path)
{
  g_return_if_fail (FD_IS_APPLICATION (self));
  g_return_if_fail (self->desk == NULL || fd_desk_get_journal (self->desk) == NULL);

  g_free (self->journal_path);
  self->journal_path = g_strdup (path);
}

/* NULL before startup, and when the journal could not be opened. */
FdJournal *
fd_application_get_journal (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->desk != NULL ? fd_desk_get_journal (self->desk) : NULL;
}

/* NULL before startup. */
FdDesk *
fd_application_get_desk (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->desk;
}
