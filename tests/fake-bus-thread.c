/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fake-bus-thread.h"

struct _FakeBusThread {
  const char                 *bus_name;
  const char                 *object_path;
  const char                 *introspection_xml;
  const GDBusInterfaceVTable *vtable;
  gpointer                    user_data;

  GThread         *thread;
  GMainContext    *context;
  GDBusConnection *connection;
  gboolean         quit;

  GMutex           lock;
  GCond            cond;
  gboolean         ready;      /* owns its name */
};

static void
name_acquired (GDBusConnection *connection,
               const char      *name,
               gpointer         data)
{
  FakeBusThread *self = data;

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

static GDBusConnection *
connect_privately (void)
{
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static gpointer
thread_main (gpointer data)
{
  FakeBusThread *self = data;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (self->introspection_xml, NULL);
  g_autoptr(GError) error = NULL;
  guint registration;
  guint owner;

  g_main_context_push_thread_default (self->context);
  self->connection = connect_privately ();
  registration = g_dbus_connection_register_object (self->connection, self->object_path,
                                                    info->interfaces[0], self->vtable,
                                                    self->user_data, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (self->connection, self->bus_name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                        name_acquired, NULL, self, NULL);

  while (!self->quit)
    g_main_context_iteration (self->context, TRUE);

  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (self->connection, registration);
  g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* Returns once the service owns @bus_name; fails the test after 5 s. */
FakeBusThread *
fake_bus_thread_new (const char                 *thread_name,
                     const char                 *bus_name,
                     const char                 *object_path,
                     const char                 *introspection_xml,
                     const GDBusInterfaceVTable *vtable,
                     gpointer                    user_data)
{
  FakeBusThread *self = g_new0 (FakeBusThread, 1);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  self->bus_name = bus_name;
  self->object_path = object_path;
  self->introspection_xml = introspection_xml;
  self->vtable = vtable;
  self->user_data = user_data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->thread = g_thread_new (thread_name, thread_main, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      g_error ("%s did not get its bus name %s", thread_name, bus_name);
  g_mutex_unlock (&self->lock);
  return self;
}

GDBusConnection *
fake_bus_thread_get_connection (FakeBusThread *self)
{
  return self->connection;
}

GMainContext *
fake_bus_thread_get_context (FakeBusThread *self)
{
  return self->context;
}

static gboolean
stop (gpointer data)
{
  ((FakeBusThread *) data)->quit = TRUE;
  return G_SOURCE_REMOVE;
}

void
fake_bus_thread_free (FakeBusThread *self)
{
  g_main_context_invoke (self->context, stop, self);
  g_thread_join (self->thread);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
