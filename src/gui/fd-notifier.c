/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNotifier"

#include "config.h"

#include "fd-format.h"
#include "fd-notifier.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <libnotify/notify.h>

#define DEFAULT_LINGER_MS      4000
#define SERVER_RETRY_USEC      (30 * G_USEC_PER_SEC)
#define SERVER_CHECK_TIMEOUT   5000
#define NOTIFICATIONS_NAME     "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH     "/org/freedesktop/Notifications"
/* NotificationClosed's reason 2 (NOTIFY_CLOSED_REASON_DISMISSED needs
 * libnotify 0.8; we support 0.7.9). */
#define CLOSED_BY_USER         2

enum {
  PROP_0,
  PROP_TRACKER,
  PROP_DESK,
  PROP_ACTIONS,
  PROP_PAUSED,
  PROP_LINGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  OP_SHOW,
  OP_CLOSE_ALL,
  OP_QUIT,
} Op;

typedef enum {
  KIND_RINGING,
  KIND_ANSWERED,
  KIND_MISSED,
  KIND_ENDED,
} Kind;

/* What the main thread asks of the worker. Built on the main thread, so
 * the worker never touches an FdCall. */
typedef struct {
  FdNotifier *self;
  Op          op;
  Kind        kind;
  char       *call_id;
  char       *number;     /* nullable: no "Copy number" button then */
  char       *summary;
  char       *body;       /* markup; everything from the PBX escaped */
  guint       linger;
  gint64      journal_id; /* a missed call's journal entry; 0: no "Mark Handled" */
  gboolean    standalone; /* answered/ended without a ringing notification first */
} Request;

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

struct _FdNotifier
{
  GObject        parent_instance;

  /* Main thread */
  FdCallTracker *tracker;
  GActionGroup  *actions;        /* nullable; read by the worker, never changed */
  GHashTable    *notified;       /* CallIds that have a notification */
  FdDesk        *desk;           /* nullable: then no journal ids */
  gint64         ending_id;      /* the journal entry of the call ending now */
  FdSettings    *settings;       /* nullable: every call, every kind */
  gboolean       paused;
  guint          linger;
  GMainContext  *main_context;
  GThread       *thread;

  /* Read-only once the worker runs */
  GMainContext  *worker_context;
  GdkPixbuf     *image;          /* the app icon when it is not installed */
  char          *icon_name;      /* the app icon when it is */

  /* Worker thread only */
  GHashTable    *entries;        /* CallId -> Entry */
  gboolean       quit;
  gboolean       server_ok;
  gboolean       server_actions;
  gboolean       server_markup;
  gint64         server_retry;   /* monotonic µs */
};

G_DEFINE_FINAL_TYPE (FdNotifier, fd_notifier, G_TYPE_OBJECT)

static void
request_free (gpointer data)
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
  if (!self->server_actions || request->kind == KIND_ENDED)
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
  entry->over = request->kind == KIND_MISSED || request->kind == KIND_ENDED;

  if (!notify_notification_show (entry->notification, &error))
    {
      g_message ("Cannot show a notification: %s", error->message);
      self->server_ok = FALSE;
      g_hash_table_remove (self->entries, request->call_id);
      return;
    }
  if (request->kind == KIND_ANSWERED)
    close_later (entry, request->linger);
  else if (request->kind == KIND_ENDED)
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

static gboolean
run_request (gpointer data)
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
    case OP_QUIT:
      self->quit = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer data)
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

/* ---- Main thread ------------------------------------------------------ */

/* Each request becomes an idle source on the worker's context: a FIFO
 * queue that the worker drains in order. */
static void
post (FdNotifier *self,
      Request    *request)
{
  request->self = self;
  if (self->thread == NULL)
    {
      request_free (request);
      return;
    }
  g_main_context_invoke_full (self->worker_context, G_PRIORITY_DEFAULT, run_request, request, request_free);
}

static char *
dup_body (FdCall *call,
          Kind    kind)
{
  g_autofree char *parties = fd_format_dup_parties (call);
  g_autofree char *talk = NULL;

  if (kind == KIND_ENDED && fd_call_get_talk_seconds (call) > 0)
    {
      g_autofree char *duration = fd_format_duration (fd_call_get_talk_seconds (call));

      /* Translators: %s is a duration such as 3:05 */
      talk = g_strdup_printf (_("talked for %s"), duration);
    }
  if (talk != NULL)
    return g_markup_printf_escaped ("<b>%s</b>\n%s", parties, talk);
  return g_markup_printf_escaped ("<b>%s</b>", parties);
}

static const char *
summary_for (Kind kind)
{
  switch (kind)
    {
    case KIND_RINGING:
      return _("Incoming Call");
    case KIND_ANSWERED:
      return _("Call Answered");
    case KIND_MISSED:
      return _("Missed Call");
    case KIND_ENDED:
      return _("Call Ended");
    default:
      g_assert_not_reached ();
    }
}

/* The settings' word on @call: on the watch-list, and @kind switched on. */
static gboolean
wanted (FdNotifier *self,
        FdCall     *call,
        Kind        kind)
{
  static const FdNotifyKind kinds[] = {
    [KIND_RINGING] = FD_NOTIFY_RINGING,
    [KIND_ANSWERED] = FD_NOTIFY_ANSWERED,
    [KIND_MISSED] = FD_NOTIFY_MISSED,
    [KIND_ENDED] = FD_NOTIFY_ENDED,
  };

  return self->settings == NULL || fd_settings_should_notify (self->settings, call, kinds[kind]);
}

static void
notify_call (FdNotifier *self,
             FdCall     *call,
             Kind        kind)
{
  Request *request;

  if (self->paused || !wanted (self, call, kind))
    return;
  request = g_new0 (Request, 1);
  request->standalone = self->settings != NULL && !fd_settings_get_notify (self->settings, FD_NOTIFY_RINGING);
  request->op = OP_SHOW;
  request->kind = kind;
  request->call_id = g_strdup (fd_call_get_id (call));
  request->number = fd_call_dup_number (call);
  request->summary = g_strdup (summary_for (kind));
  request->body = dup_body (call, kind);
  request->linger = self->linger;
  if (kind == KIND_MISSED)
    request->journal_id = self->ending_id;
  post (self, request);
}

static void
on_call_started (FdNotifier    *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  if (!fd_call_is_ringing (call) || self->paused)
    return;
  /* A call off the watch-list is listed, never notified. */
  if (self->settings != NULL && !fd_settings_call_is_watched (self->settings, call))
    return;
  g_hash_table_add (self->notified, g_strdup (fd_call_get_id (call)));
  notify_call (self, call, KIND_RINGING);
}

static void
on_call_changed (FdNotifier    *self,
                 FdCall        *call,
                 const char    *previous,
                 FdCallTracker *tracker)
{
  if (fd_call_is_ringing (call))
    {
      on_call_started (self, call, tracker);
      return;
    }
  if (g_strcmp0 (previous, FD_CALL_STATE_RINGING) == 0 &&
      fd_call_state_is_answered (fd_call_get_state (call)) &&
      g_hash_table_contains (self->notified, fd_call_get_id (call)))
    notify_call (self, call, KIND_ANSWERED);
}

static void
call_ended (FdNotifier    *self,
            FdCall        *call,
            FdCallOutcome  outcome,
            gint64         journal_id)
{
  gboolean notified = g_hash_table_remove (self->notified, fd_call_get_id (call));

  self->ending_id = journal_id;
  if (outcome == FD_CALL_OUTCOME_MISSED)
    notify_call (self, call, KIND_MISSED);
  else if (notified)
    notify_call (self, call, KIND_ENDED);
  self->ending_id = 0;
}

static void
on_call_ended (FdNotifier    *self,
               FdCall        *call,
               FdCallOutcome  outcome,
               FdCallTracker *tracker)
{
  call_ended (self, call, outcome, 0);
}

/* The desk writes the journal first and hands over the entry's id, so a
 * missed call's bubble can offer "Mark Handled". */
static void
on_desk_call_ended (FdNotifier    *self,
                    FdCall        *call,
                    FdCallOutcome  outcome,
                    gint64         journal_id,
                    FdDesk        *desk)
{
  call_ended (self, call, outcome, journal_id);
}

/* A call of the PBX the user left: no "missed" or "ended" bubble, and
 * nothing kept that a later call with the same id could pick up. */
static void
on_call_withdrawn (FdNotifier    *self,
                   FdCall        *call,
                   FdCallTracker *tracker)
{
  g_hash_table_remove (self->notified, fd_call_get_id (call));
}

/* An installed app icon is found by name by any notification server; an
 * uninstalled build sends the picture itself. */
static void
load_icon (FdNotifier *self)
{
  g_autoptr(GError) error = NULL;

  if (fd_icons_are_installed ())
    {
      self->icon_name = g_strdup (FD_ICON_APP);
      return;
    }
  self->image = gdk_pixbuf_new_from_resource_at_scale ("/io/github/frontdesk/Frontdesk/icons/scalable/apps/"
                                                       FD_ICON_APP ".svg", 64, 64, TRUE, &error);
  if (self->image == NULL)
    g_debug ("No application icon for notifications: %s", error->message);
}

static void
fd_notifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FdNotifier *self = FD_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_TRACKER:
      g_value_set_object (value, self->tracker);
      break;
    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;
    case PROP_ACTIONS:
      g_value_set_object (value, self->actions);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_LINGER:
      g_value_set_uint (value, self->linger);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_notifier_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FdNotifier *self = FD_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_TRACKER:
      self->tracker = g_value_dup_object (value);
      break;
    case PROP_DESK:
      self->desk = g_value_dup_object (value);
      break;
    case PROP_ACTIONS:
      self->actions = g_value_dup_object (value);
      break;
    case PROP_PAUSED:
      fd_notifier_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_LINGER:
      fd_notifier_set_linger (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_notifier_constructed (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  G_OBJECT_CLASS (fd_notifier_parent_class)->constructed (object);

  if (self->desk != NULL && self->tracker == NULL)
    self->tracker = g_object_ref (fd_desk_get_tracker (self->desk));
  g_assert (FD_IS_CALL_TRACKER (self->tracker));

  load_icon (self);
  self->main_context = g_main_context_ref_thread_default ();
  self->worker_context = g_main_context_new ();
  self->thread = g_thread_new ("fd-notifier", worker_main, self);

  g_signal_connect_object (self->tracker, "call-started", G_CALLBACK (on_call_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-changed", G_CALLBACK (on_call_changed), self, G_CONNECT_SWAPPED);
  if (self->desk != NULL)
    g_signal_connect_object (self->desk, "call-ended", G_CALLBACK (on_desk_call_ended), self, G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (self->tracker, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-withdrawn", G_CALLBACK (on_call_withdrawn), self, G_CONNECT_SWAPPED);
}

static void
fd_notifier_dispose (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  fd_notifier_shutdown (self);
  g_clear_object (&self->tracker);
  g_clear_object (&self->desk);
  g_clear_object (&self->actions);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_notifier_parent_class)->dispose (object);
}

static void
fd_notifier_finalize (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->worker_context, g_main_context_unref);
  g_clear_object (&self->image);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (fd_notifier_parent_class)->finalize (object);
}

static void
fd_notifier_class_init (FdNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_notifier_get_property;
  object_class->set_property = fd_notifier_set_property;
  object_class->constructed = fd_notifier_constructed;
  object_class->dispose = fd_notifier_dispose;
  object_class->finalize = fd_notifier_finalize;

  properties[PROP_TRACKER] =
    g_param_spec_object ("tracker", NULL, NULL, FD_TYPE_CALL_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, FD_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINGER] =
    g_param_spec_uint ("linger", NULL, NULL, 0, 60000, DEFAULT_LINGER_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_notifier_init (FdNotifier *self)
{
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->linger = DEFAULT_LINGER_MS;
}

FdNotifier *
fd_notifier_new (FdCallTracker *tracker,
                 GActionGroup  *actions)
{
  g_return_val_if_fail (FD_IS_CALL_TRACKER (tracker), NULL);
  g_return_val_if_fail (actions == NULL || G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (FD_TYPE_NOTIFIER, "tracker", tracker, "actions", actions, NULL);
}

FdNotifier *
fd_notifier_new_for_desk (FdDesk       *desk,
                          GActionGroup *actions)
{
  g_return_val_if_fail (FD_IS_DESK (desk), NULL);
  g_return_val_if_fail (actions == NULL || G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (FD_TYPE_NOTIFIER, "desk", desk, "actions", actions, NULL);
}

gboolean
fd_notifier_get_paused (FdNotifier *self)
{
  g_return_val_if_fail (FD_IS_NOTIFIER (self), FALSE);
  return self->paused;
}

/* Pausing closes what is on screen: a ringing bubble would otherwise stay
 * forever, since its call is no longer followed. */
void
fd_notifier_set_paused (FdNotifier *self,
                        gboolean    paused)
{
  Request *request;

  g_return_if_fail (FD_IS_NOTIFIER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    {
      g_hash_table_remove_all (self->notified);
      request = g_new0 (Request, 1);
      request->op = OP_CLOSE_ALL;
      post (self, request);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

guint
fd_notifier_get_linger (FdNotifier *self)
{
  g_return_val_if_fail (FD_IS_NOTIFIER (self), 0);
  return self->linger;
}

/* How long an "answered" notification stays before it is closed. */
void
fd_notifier_set_linger (FdNotifier *self,
                        guint       milliseconds)
{
  g_return_if_fail (FD_IS_NOTIFIER (self));

  if (self->linger == milliseconds)
    return;
  self->linger = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINGER]);
}

/* Stops the worker after it has done what was asked before; idempotent.
 * Blocks while a slow server answers what is still queued. Calls that
 * change later notify nothing. */
void
fd_notifier_shutdown (FdNotifier *self)
{
  Request *request;

  g_return_if_fail (FD_IS_NOTIFIER (self));

  if (self->thread == NULL)
    return;
  request = g_new0 (Request, 1);
  request->op = OP_QUIT;
  post (self, request);
  g_thread_join (g_steal_pointer (&self->thread));
  /* The D-Bus proxy's last clean-up was queued on the worker's context. */
  while (g_main_context_iteration (self->worker_context, FALSE))
    ;
}

void
fd_notifier_set_settings (FdNotifier *self,
                          FdSettings *settings)
{
  g_return_if_fail (FD_IS_NOTIFIER (self));
  g_return_if_fail (settings == NULL || FD_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}
