/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fake-bus-thread.h"
#include "fake-notification-server.h"

#include <string.h>

#define NAME "org.freedesktop.Notifications"
#define PATH "/org/freedesktop/Notifications"

static const char introspection[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  " <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  " <method name='Notify'>"
  "  <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "  <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "  <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "  <arg type='u' direction='out'/>"
  " </method>"
  " <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  " <method name='GetServerInformation'>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  " </method>"
  " <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  " <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

struct _FakeNotificationServer {
  FakeBusThread   *bus;
  char           **capabilities;

  GMutex           lock;
  GPtrArray       *notifies;   /* FakeNotification */
  GArray          *closed;     /* guint32 */
  guint32          last_id;
  guint            delay;      /* ms before Notify is answered */
  guint            n_answered;
};

void
fake_notification_free (FakeNotification *n)
{
  g_free (n->app_name);
  g_free (n->summary);
  g_free (n->body);
  g_strfreev (n->actions);
  g_clear_pointer (&n->hints, g_variant_unref);
  g_free (n);
}

static FakeNotification *
fake_notification_copy (FakeNotification *n)
{
  FakeNotification *copy = g_new0 (FakeNotification, 1);

  *copy = *n;
  copy->app_name = g_strdup (n->app_name);
  copy->summary = g_strdup (n->summary);
  copy->body = g_strdup (n->body);
  copy->actions = g_strdupv (n->actions);
  copy->hints = g_variant_ref (n->hints);
  return copy;
}

/* A Notify answered now or, for a slow server, later. */
typedef struct {
  FakeNotificationServer *server;
  GDBusMethodInvocation  *invocation;
  guint32                 id;
} Reply;

static gboolean
answer (gpointer data)
{
  Reply *reply = data;

  g_dbus_method_invocation_return_value (reply->invocation, g_variant_new ("(u)", reply->id));
  g_object_unref (reply->invocation);
  g_mutex_lock (&reply->server->lock);
  reply->server->n_answered++;
  g_mutex_unlock (&reply->server->lock);
  g_free (reply);
  return G_SOURCE_REMOVE;
}

static void
handle_notify (FakeNotificationServer *server,
               GVariant               *parameters,
               GDBusMethodInvocation  *invocation)
{
  FakeNotification *n = g_new0 (FakeNotification, 1);
  Reply *reply = g_new0 (Reply, 1);
  guint delay;

  g_variant_get (parameters, "(susss^as@a{sv}i)", &n->app_name, &n->replaces_id, NULL,
                 &n->summary, &n->body, &n->actions, &n->hints, &n->expire_timeout);

  g_mutex_lock (&server->lock);
  n->id = n->replaces_id != 0 ? n->replaces_id : ++server->last_id;
  g_ptr_array_add (server->notifies, n);
  delay = server->delay;
  g_mutex_unlock (&server->lock);

  reply->server = server;
  reply->invocation = g_object_ref (invocation);
  reply->id = n->id;
  if (delay == 0)
    answer (reply);
  else
    {
      g_autoptr(GSource) source = g_timeout_source_new (delay);

      g_source_set_callback (source, answer, reply, NULL);
      g_source_attach (source, fake_bus_thread_get_context (server->bus));
    }
}

static void
handle_close (FakeNotificationServer *server,
              GVariant               *parameters,
              GDBusMethodInvocation  *invocation)
{
  guint32 id;

  g_variant_get (parameters, "(u)", &id);
  g_mutex_lock (&server->lock);
  g_array_append_val (server->closed, id);
  g_mutex_unlock (&server->lock);
  g_dbus_method_invocation_return_value (invocation, NULL);
  /* Reason 3: closed by a call to CloseNotification. */
  g_dbus_connection_emit_signal (fake_bus_thread_get_connection (server->bus), NULL, PATH, NAME, "NotificationClosed",
                                 g_variant_new ("(uu)", id, 3), NULL);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               data)
{
  FakeNotificationServer *server = data;

  if (g_strcmp0 (method, "Notify") == 0)
    handle_notify (server, parameters, invocation);
  else if (g_strcmp0 (method, "CloseNotification") == 0)
    handle_close (server, parameters, invocation);
  else if (g_strcmp0 (method, "GetCapabilities") == 0)
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(^as)", server->capabilities));
  else if (g_strcmp0 (method, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "fake", "frontdesk-tests", "1.0", "1.2"));
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod", method);
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };

FakeNotificationServer *
fake_notification_server_new (const char * const *capabilities)
{
  FakeNotificationServer *server = g_new0 (FakeNotificationServer, 1);

  g_mutex_init (&server->lock);
  server->capabilities = g_strdupv ((char **) capabilities);
  server->notifies = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_notification_free);
  server->closed = g_array_new (FALSE, FALSE, sizeof (guint32));
  server->bus = fake_bus_thread_new ("fake-notifications", NAME, PATH, introspection, &vtable, server);
  return server;
}

void
fake_notification_server_free (FakeNotificationServer *server)
{
  fake_bus_thread_free (server->bus);
  g_ptr_array_unref (server->notifies);
  g_array_unref (server->closed);
  g_strfreev (server->capabilities);
  g_mutex_clear (&server->lock);
  g_free (server);
}

guint
fake_notification_server_count (FakeNotificationServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->notifies->len;
  g_mutex_unlock (&server->lock);
  return n;
}

void
fake_notification_server_set_delay (FakeNotificationServer *server,
                                    guint                   milliseconds)
{
  g_mutex_lock (&server->lock);
  server->delay = milliseconds;
  g_mutex_unlock (&server->lock);
}

guint
fake_notification_server_count_answered (FakeNotificationServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->n_answered;
  g_mutex_unlock (&server->lock);
  return n;
}

/* The latest Notify with this summary whose body contains @body_part;
 * NULL if there is none (yet). */
FakeNotification *
fake_notification_server_find (FakeNotificationServer *server,
                               const char             *summary,
                               const char             *body_part)
{
  FakeNotification *found = NULL;

  g_mutex_lock (&server->lock);
  for (guint i = server->notifies->len; i > 0 && found == NULL; i--)
    {
      FakeNotification *n = g_ptr_array_index (server->notifies, i - 1);

      if (g_strcmp0 (n->summary, summary) == 0 && strstr (n->body, body_part) != NULL)
        found = fake_notification_copy (n);
    }
  g_mutex_unlock (&server->lock);
  return found;
}

gboolean
fake_notification_server_was_closed (FakeNotificationServer *server,
                                     guint32                 id)
{
  gboolean closed = FALSE;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->closed->len; i++)
    closed |= g_array_index (server->closed, guint32, i) == id;
  g_mutex_unlock (&server->lock);
  return closed;
}

/* What a click on a notification's button sends. */
void
fake_notification_server_invoke (FakeNotificationServer *server,
                                 guint32                 id,
                                 const char             *action)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (fake_bus_thread_get_connection (server->bus), NULL, PATH, NAME, "ActionInvoked",
                                 g_variant_new ("(us)", id, action), &error);
  g_assert_no_error (error);
}

const char *
fake_notification_hint_string (FakeNotification *n,
                               const char       *name)
{
  const char *value = NULL;

  if (!g_variant_lookup (n->hints, name, "&s", &value))
    return NULL;
  return value;
}

gboolean
fake_notification_has_action (FakeNotification *n,
                              const char       *action)
{
  /* actions alternate: identifier, label */
  for (guint i = 0; n->actions[i] != NULL && n->actions[i + 1] != NULL; i += 2)
    if (g_strcmp0 (n->actions[i], action) == 0)
      return TRUE;
  return FALSE;
}
