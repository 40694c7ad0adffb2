/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fake-bus-thread.h"
#include "fake-sn-watcher.h"

#define WATCHER_NAME "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define ITEM_IFACE   "org.kde.StatusNotifierItem"
#define MENU_IFACE   "com.canonical.dbusmenu"

static const char introspection[] =
  "<node><interface name='org.kde.StatusNotifierWatcher'>"
  " <method name='RegisterStatusNotifierItem'><arg type='s' direction='in'/></method>"
  " <method name='RegisterStatusNotifierHost'><arg type='s' direction='in'/></method>"
  " <property name='RegisteredStatusNotifierItems' type='as' access='read'/>"
  " <property name='IsStatusNotifierHostRegistered' type='b' access='read'/>"
  " <property name='ProtocolVersion' type='i' access='read'/>"
  " <signal name='StatusNotifierItemRegistered'><arg type='s'/></signal>"
  " <signal name='StatusNotifierItemUnregistered'><arg type='s'/></signal>"
  " <signal name='StatusNotifierHostRegistered'/>"
  "</interface></node>";

struct _FakeSnWatcher {
  FakeBusThread   *bus;

  GMutex           lock;
  char            *service;      /* the first item's bus name and path */
  char            *path;
  GVariant        *properties;   /* a{sv}, as last read */
  guint            n_clicks;
};

typedef struct {
  FakeSnWatcher *watcher;
  char          *label;
} Click;

static void
got_properties (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  FakeSnWatcher *watcher = data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_printerr ("fake watcher: GetAll failed: %s\n", error->message);
      return;
    }
  g_mutex_lock (&watcher->lock);
  g_clear_pointer (&watcher->properties, g_variant_unref);
  g_variant_get (reply, "(@a{sv})", &watcher->properties);
  g_mutex_unlock (&watcher->lock);
}

static void
read_properties (FakeSnWatcher *watcher)
{
  g_dbus_connection_call (fake_bus_thread_get_connection (watcher->bus), watcher->service, watcher->path,
                          "org.freedesktop.DBus.Properties", "GetAll",
                          g_variant_new ("(s)", ITEM_IFACE), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, 5000, NULL, got_properties, watcher);
}

static void
item_signal (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         data)
{
  read_properties (data);
}

static void
register_item (FakeSnWatcher         *watcher,
               const char            *sender,
               const char            *arg,
               GDBusMethodInvocation *invocation)
{
  g_autofree char *id = NULL;
  gboolean first;

  g_mutex_lock (&watcher->lock);
  first = watcher->service == NULL;
  if (first)
    {
      /* The argument is a bus name, or (Ayatana) an object path. */
      watcher->service = g_strdup (arg[0] == '/' ? sender : arg);
      watcher->path = g_strdup (arg[0] == '/' ? arg : "/StatusNotifierItem");
    }
  id = g_strconcat (watcher->service, watcher->path, NULL);
  g_mutex_unlock (&watcher->lock);

  g_dbus_method_invocation_return_value (invocation, NULL);
  g_dbus_connection_emit_signal (fake_bus_thread_get_connection (watcher->bus), NULL, WATCHER_PATH, WATCHER_NAME,
                                 "StatusNotifierItemRegistered", g_variant_new ("(s)", id), NULL);
  if (!first)
    return;
  g_dbus_connection_signal_subscribe (fake_bus_thread_get_connection (watcher->bus), watcher->service, ITEM_IFACE, NULL,
                                      watcher->path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      item_signal, watcher, NULL);
  read_properties (watcher);
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
  const char *arg;

  g_variant_get (parameters, "(&s)", &arg);
  if (g_strcmp0 (method, "RegisterStatusNotifierItem") == 0)
    register_item (data, sender, arg, invocation);
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
get_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *path,
              const char       *interface,
              const char       *property,
              GError          **error,
              gpointer          data)
{
  FakeSnWatcher *watcher = data;
  GVariant *value;

  if (g_strcmp0 (property, "IsStatusNotifierHostRegistered") == 0)
    return g_variant_new_boolean (TRUE);
  if (g_strcmp0 (property, "ProtocolVersion") == 0)
    return g_variant_new_int32 (0);

  g_mutex_lock (&watcher->lock);
  if (watcher->service != NULL)
    {
      g_autofree char *id = g_strconcat (watcher->service, watcher->path, NULL);
      const char *ids[] = { id, NULL };

      value = g_variant_new_strv (ids, -1);
    }
  else
    value = g_variant_new_strv (NULL, 0);
  g_mutex_unlock (&watcher->lock);
  return value;
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, NULL, { 0 } };

FakeSnWatcher *
fake_sn_watcher_new (void)
{
  FakeSnWatcher *watcher = g_new0 (FakeSnWatcher, 1);

  g_mutex_init (&watcher->lock);
  watcher->bus = fake_bus_thread_new ("fake-sn-watcher", WATCHER_NAME, WATCHER_PATH, introspection,
                                      &vtable, watcher);
  return watcher;
}

void
fake_sn_watcher_free (FakeSnWatcher *watcher)
{
  fake_bus_thread_free (watcher->bus);
  g_clear_pointer (&watcher->properties, g_variant_unref);
  g_free (watcher->service);
  g_free (watcher->path);
  g_mutex_clear (&watcher->lock);
  g_free (watcher);
}

gboolean
fake_sn_watcher_has_item (FakeSnWatcher *watcher)
{
  gboolean has;

  g_mutex_lock (&watcher->lock);
  has = watcher->properties != NULL;
  g_mutex_unlock (&watcher->lock);
  return has;
}

char *
fake_sn_watcher_dup_property (FakeSnWatcher *watcher,
                              const char    *name)
{
  char *value = NULL;

  g_mutex_lock (&watcher->lock);
  if (watcher->properties != NULL)
    {
      g_autoptr(GVariant) v = g_variant_lookup_value (watcher->properties, name, NULL);

      /* Strings and object paths (Menu) alike. */
      if (v != NULL && (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING) ||
                        g_variant_is_of_type (v, G_VARIANT_TYPE_OBJECT_PATH)))
        value = g_variant_dup_string (v, NULL);
    }
  g_mutex_unlock (&watcher->lock);
  return value;
}

gboolean
fake_sn_watcher_property_is (FakeSnWatcher *watcher,
                             const char    *name,
                             const char    *value)
{
  g_autofree char *actual = fake_sn_watcher_dup_property (watcher, name);

  return g_strcmp0 (actual, value) == 0;
}

/* The id of the first item whose label is @label in a dbusmenu layout,
 * (ia{sv}av), or -1. */
static int
find_item (GVariant   *layout,
           const char *label)
{
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(GVariant) children = NULL;
  const char *item_label = NULL;
  int id;

  g_variant_get (layout, "(i@a{sv}@av)", &id, &properties, &children);
  if (g_variant_lookup (properties, "label", "&s", &item_label) && g_strcmp0 (item_label, label) == 0)
    return id;
  for (gsize i = 0; i < g_variant_n_children (children); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (children, i);
      g_autoptr(GVariant) child = g_variant_get_variant (boxed);
      int found = find_item (child, label);

      if (found >= 0)
        return found;
    }
  return -1;
}

static gboolean
click_on_thread (gpointer data)
{
  Click *click = data;
  FakeSnWatcher *watcher = click->watcher;
  g_autofree char *menu = fake_sn_watcher_dup_property (watcher, "Menu");
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) layout = NULL;
  g_autoptr(GError) error = NULL;
  const char *no_properties[] = { NULL };
  int id;

  g_assert_nonnull (menu);
  reply = g_dbus_connection_call_sync (fake_bus_thread_get_connection (watcher->bus), watcher->service, menu, MENU_IFACE, "GetLayout",
                                       g_variant_new ("(ii^as)", 0, -1, no_properties),
                                       G_VARIANT_TYPE ("(u(ia{sv}av))"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@(ia{sv}av))", NULL, &layout);
  id = find_item (layout, click->label);
  if (id < 0)
    g_error ("fake watcher: no menu item labelled %s", click->label);
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (fake_bus_thread_get_connection (watcher->bus), watcher->service, menu, MENU_IFACE, "Event",
                                       g_variant_new ("(isvu)", id, "clicked", g_variant_new_int32 (0), 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);

  g_mutex_lock (&watcher->lock);
  watcher->n_clicks++;
  g_mutex_unlock (&watcher->lock);
  return G_SOURCE_REMOVE;
}

static void
click_free (gpointer data)
{
  Click *click = data;

  g_free (click->label);
  g_free (click);
}

void
fake_sn_watcher_click (FakeSnWatcher *watcher,
                       const char    *label)
{
  Click *click = g_new0 (Click, 1);

  click->watcher = watcher;
  click->label = g_strdup (label);
  g_main_context_invoke_full (fake_bus_thread_get_context (watcher->bus), G_PRIORITY_DEFAULT, click_on_thread, click, click_free);
}

guint
fake_sn_watcher_get_n_clicks (FakeSnWatcher *watcher)
{
  guint n;

  g_mutex_lock (&watcher->lock);
  n = watcher->n_clicks;
  g_mutex_unlock (&watcher->lock);
  return n;
}
