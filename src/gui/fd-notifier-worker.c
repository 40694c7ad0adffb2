/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNotifier"

/* The worker thread's half of FdNotifier: every libnotify call, the
 * bubble of each call and its buttons. Nothing here touches an FdCall. */

#include "config.h"

#include "fd-notifier-private.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#define SERVER_RETRY_USEC      (30 * G_USEC_PER_SEC)
#define SERVER_CHECK_TIMEOUT   5000
#define NOTIFICATIONS_NAME     "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH     "/org/freedesktop/Notifications"
/* NotificationClosed's reason 2 (NOTIFY_CLOSED_REASON_DISMISSED needs
 * libnotify 0.8; we support 0.7.9). */
#define CLOSED_BY_USER         2

/* The worker's notification for one call. */
typedef struct {
  FdNotifier         *self;
  char               *call_id;
  NotifyNotification *notification;
  GSource            *close_source;
  gboolean            closed;     /* closed by the server, the user or the linger timer */
  gboolean            dismissed;  /* closed by the user */
  gboolean            over;     /* the call has ended: forget the entry once closed */
} Entry;

/* A button's data, owned by libnotify on the worker. */
typedef struct {
  FdNotifier *self;
  char       *call_id;
  char       *number;
  gint64      journal_id;
} ButtonData;

/* A button press, handed to the main thread. */
typedef struct {
  GActionGroup *actions;
  const char   *name;
  GVariant     *parameter;
} Activation;

void
_fd_notifier_request_free (gpointer data)
{
  Request *request = data;

  g_free (request->call_id);
  g_free (request->number);
  g_free (request->summary);
  g_free (request->body);
  g_free (request);
}

static void
button_data_free (gpointer data)
{
  ButtonData *button = data;

  g_free (button->call_id);
  g_free (button->number);
  g_free (button);
}

static void
activation_free (gpointer data)
{
  Activation *activation = data;

  g_clear_object (&activation->actions);
  g_clear_pointer (&activation->parameter, g_variant_unref);
  g_free (activation);
}

static void
entry_cancel_close (Entry *entry)
{
  if (entry->close_source == NULL)
    return;
  g_source_destroy (entry->close_source);
  g_clear_pointer (&entry->close_source, g_source_unref);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  entry_cancel_close (entry);
  g_signal_handlers_disconnect_by_data (entry->notification, entry);
  g_clear_object (&entry->notification);
  g_free (entry->call_id);
  g_free (entry);
}

/* ---- Worker thread ---------------------------------------------------- */

static gboolean
activate_on_main (gpointer data)
{
  Activation *activation = data;

  if (g_action_group_has_action (activation->actions, activation->name))
    g_action_group_activate_action (activation->actions, activation->name, activation->parameter);
  return G_SOURCE_REMOVE;
}

static void
on_button (NotifyNotification *notification,
           char               *action,
           gpointer            data)
{
  ButtonData *button = data;
  Activation *activation;
  gboolean copy = g_strcmp0 (action, "copy") == 0;
  gboolean handled = g_strcmp0 (action, "handled") == 0;

  if (button->self->actions == NULL)
    return;
  activation = g_new0 (Activation, 1);
  activation->actions = g_object_ref (button->self->actions);
  activation->name = handled ? "mark-handled" : copy ? "copy-number" : "show-call";
  if (handled)
    activation->parameter = g_variant_ref_sink (g_variant_new_int64 (button->journal_id));
  else
    activation->parameter = g_variant_ref_sink (g_variant_new_string (copy ? button->number : button->call_id));
  g_main_context_invoke_full (button->self->main_context, G_PRIORITY_DEFAULT,
                              activate_on_main, activation, activation_free);
}

static void
add_button (Entry      *entry,
            const char *action,
            const char *label,
            Request    *request)
{
  ButtonData *button = g_new0 (ButtonData, 1);

  button->self = entry->self;
  button->call_id = g_strdup (request->call_id);
  button->number = g_strdup (request->number);
  button->journal_id = request->journal_id;
  notify_notification_add_action (entry->notification, action, label, on_button, button, button_data_free);
}

/* libnotify warns (fatal in tests) when no server answers, so ask first
 * ourselves, and again at most every 30 s while there is none. */
static gboolean
check_server (FdNotifier *self)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GList *caps;

  if (self->server_ok)
    return TRUE;
  if (g_get_monotonic_time () < self->server_retry)
    return FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH, NOTIFICATIONS_NAME,
                                         "GetServerInformation", NULL, G_VARIANT_TYPE ("(ssss)"),
                                         G_DBUS_CALL_FLAGS_NONE, SERVER_CHECK_TIMEOUT, NULL, &error);
  if (reply == NULL)
    {
      g_message ("No notifications: no notification server answers (%s)", error->message);
      self->server_retry = g_get_monotonic_time () + SERVER_RETRY_USEC;
      return FALSE;
    }

  if (!notify_is_initted ())
    notify_init ("Frontdesk");
  caps = notify_get_server_caps ();
  self->server_actions = g_list_find_custom (caps, "actions", (GCompareFunc) g_strcmp0) != NULL;
  self->server_markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
  g_list_free_full (caps, g_free);
  self->server_ok = TRUE;
  return TRUE;
}

/* A server without body markup shows tags literally: give it plain text. */
static char *
body_for_server (FdNotifier *self,
                 const char *markup)
{
  char *text = NULL;

  if (self->server_markup)
    return g_strdup (markup);
  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
on_closed (NotifyNotification *notification,
           Entry              *entry)
{
  entry->closed = TRUE;
  entry->dismissed = notify_notification_get_closed_reason (notification) == CLOSED_BY_USER;
  entry_cancel_close (entry);
  if (entry->over)
    g_hash_table_remove (entry->self->entries, entry->call_id);
}

static gboolean
linger_done (gpointer data)
{
  Entry *entry = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&entry->close_source, g_source_unref);
  if (!notify_notification_close (entry->notification, &error))
    g_debug ("Cannot close a notification: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
close_later (Entry *entry,
             guint  milliseconds)
{
  entry->close_source = g_timeout_source_new (milliseconds);
  g_source_set_callback (entry->close_source, linger_done, entry, NULL);
  g_source_attach (entry->close_source, entry->self->worker_context);
}

static Entry *
lookup_entry (FdNotifier *self,
              const char *call_id)
{
  Entry *entry = g_hash_table_lookup (self->entries, call_id);

  if (entry != NULL)
    return entry;
  entry = g_new0 (Entry, 1);
  entry->self = self;
  entry->call_id = g_strdup (call_id);
  entry->notification = notify_notification_new ("", NULL, NULL);
  g_signal_connect (entry->notification, "closed", G_CALLBACK (on_closed), entry);
  g_hash_table_insert (self->entries, entry->call_id, entry);
  return entry;
}

static void
set_kind (NotifyNotification *notification,
          Kind                kind)
{
  static const struct {
    const char    *category;
    NotifyUrgency  urgency;
    int            timeout;
    const char    *sound;
    gboolean       transient;
  } kinds[] = {
    [KIND_RINGING]  = { "call.incoming",   NOTIFY_URGENCY_CRITICAL, NOTIFY_EXPIRES_NEVER,   "phone-incoming-call", FALSE },
    [KIND_ANSWERED] = { "call",            NOTIFY_URGENCY_NORMAL,   NOTIFY_EXPIRES_DEFAULT, NULL,                  FALSE },
    [KIND_MISSED]   = { "call.unanswered", NOTIFY_URGENCY_NORMAL,   NOTIFY_EXPIRES_NEVER,   NULL,                  FALSE },
    [KIND_ENDED]    = { "call.ended",      NOTIFY_URGENCY_NORMAL,   NOTIFY_EXPIRES_DEFAULT, NULL,                  TRUE },
    [KIND_PBX_DOWN] = { "network.disconnected", NOTIFY_URGENCY_NORMAL, NOTIFY_EXPIRES_NEVER, NULL,                 FALSE },
    [KIND_PBX_BACK] = { "network.connected", NOTIFY_URGENCY_NORMAL,  NOTIFY_EXPIRES_DEFAULT, NULL,                 TRUE },
  };

  notify_notification_set_category (notification, kinds[kind].category);
  notify_notification_set_urgency (notification, kinds[kind].urgency);
  notify_notification_set_timeout (notification, kinds[kind].timeout);
  notify_notification_set_hint (notification, "sound-name",
                                kinds[kind].sound != NULL ? g_variant_new_string (kinds[kind].sound) : NULL);
  notify_notification_set_hint (notification, "transient",
                                kinds[kind].transient ? g_variant_new_boolean (TRUE) : NULL);
}

static void
fill_notification (Entry   *entry,
                   Request *request)
{
  FdNotifier *self = entry->self;
  NotifyNotification *notification = entry->notification;
  g_autofree char *body = body_for_server (self, request->body);

  notify_notification_update (notification, request->summary, body, self->icon_name);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (APP_ID));
  if (self->image != NULL)
    notify_notification_set_image_from_pixbuf (notification, self->image);
  set_kind (notification, request->kind);

  notify_notification_clear_actions (notification);
  if (!self->server_actions || request->kind == KIND_ENDED || request->kind == KIND_PBX_BACK)
    return;
  add_button (entry, "default", _("Show Calls"), request);
  add_button (entry, "show", _("Show Calls"), request);
  if (request->number != NULL)
    add_button (entry, "copy", _("Copy Number"), request);
  if (request->kind == KIND_MISSED && request->journal_id > 0)
    add_button (entry, "handled", _("Mark Handled"), request);
}

static void
show (FdNotifier *self,
      Request    *request)
{
  Entry *entry = g_hash_table_lookup (self->entries, request->call_id);
  g_autoptr(GError) error = NULL;

  /* "Answered" and "ended" follow up on a ringing notification, unless
   * the user dismissed it: then the call is none of their business. With
   * ringing notifications switched off they stand alone. */
  if ((request->kind == KIND_ANSWERED || request->kind == KIND_ENDED) && !request->standalone &&
      (entry == NULL || entry->dismissed))
    return;
  if (!check_server (self))
    return;

  entry = lookup_entry (self, request->call_id);
  entry_cancel_close (entry);
  fill_notification (entry, request);
  entry->closed = FALSE;
  entry->dismissed = FALSE;
  entry->over = request->kind == KIND_MISSED || request->kind == KIND_ENDED || request->kind == KIND_PBX_BACK;

  if (!notify_notification_show (entry->notification, &error))
    {
      g_message ("Cannot show a notification: %s", error->message);
      self->server_ok = FALSE;
      g_hash_table_remove (self->entries, request->call_id);
      return;
    }
  if (request->kind == KIND_ANSWERED)
    close_later (entry, request->linger);
  else if (request->kind == KIND_ENDED || request->kind == KIND_PBX_BACK)
    g_hash_table_remove (self->entries, request->call_id);
}

static void
close_all (FdNotifier *self)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      g_autoptr(GError) error = NULL;

      if (!entry->closed && !notify_notification_close (entry->notification, &error))
        g_debug ("Cannot close a notification: %s", error->message);
    }
  g_hash_table_remove_all (self->entries);
}

/* A bubble whose matter is settled elsewhere (its missed call handled in
 * the window, the PBX no longer ours): off the screen. */
static void
close_one (FdNotifier *self,
           const char *call_id)
{
  Entry *entry = g_hash_table_lookup (self->entries, call_id);
  g_autoptr(GError) error = NULL;

  if (entry == NULL || entry->closed)
    return;
  entry->over = TRUE;
  if (!notify_notification_close (entry->notification, &error))
    g_debug ("Cannot close a notification: %s", error->message);
}

gboolean
_fd_notifier_run_request (gpointer data)
{
  Request *request = data;
  FdNotifier *self = request->self;

  switch (request->op)
    {
    case OP_SHOW:
      show (self, request);
      break;
    case OP_CLOSE_ALL:
      close_all (self);
      break;
    case OP_CLOSE:
      close_one (self, request->call_id);
      break;
    case OP_QUIT:
      self->quit = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

gpointer
_fd_notifier_worker_main (gpointer data)
{
  FdNotifier *self = data;

  g_main_context_push_thread_default (self->worker_context);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  while (!self->quit)
    g_main_context_iteration (self->worker_context, TRUE);

  /* Buttons stop working when we are gone, so close what is on screen.
   * The notifications must go before notify_uninit(): finalized after it,
   * they would look for libnotify's proxy again. */
  close_all (self);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  if (notify_is_initted ())
    notify_uninit ();
  g_main_context_pop_thread_default (self->worker_context);
  return NULL;
}
