/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* A D-Bus service of the tests' own, on a thread with its own main context
 * and a private connection to the session bus: the code under test makes
 * blocking calls (libnotify's Notify), so a fake on the test's main
 * context would deadlock, and the shared singleton connection trips
 * GLib's weak-notify checks at teardown. */
typedef struct _FakeBusThread FakeBusThread;

FakeBusThread   *fake_bus_thread_new            (const char                 *thread_name,
                                                 const char                 *bus_name,
                                                 const char                 *object_path,
                                                 const char                 *introspection_xml,
                                                 const GDBusInterfaceVTable *vtable,
                                                 gpointer                    user_data);
GDBusConnection *fake_bus_thread_get_connection (FakeBusThread              *self);
GMainContext    *fake_bus_thread_get_context    (FakeBusThread              *self);
void             fake_bus_thread_free           (FakeBusThread              *self);
