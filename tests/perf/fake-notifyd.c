/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdFakeNotifyd"

#include "config.h"

#include "fake-notification-server.h"

#include <glib-unix.h>

/*
 * The tests' fake org.freedesktop.Notifications as a program of its own,
 * for rss.sh: libnotify in the app then connects as it does on a desktop.
 * Runs until SIGTERM or SIGINT.
 */

static gboolean
quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  static const char *capabilities[] = { "actions", "body", "body-markup", NULL };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  FakeNotificationServer *server = fake_notification_server_new (capabilities);

  g_unix_signal_add (SIGTERM, quit, loop);
  g_unix_signal_add (SIGINT, quit, loop);
  g_main_loop_run (loop);
  g_print ("fake-notifyd: %u notifications\n", fake_notification_server_count (server));
  fake_notification_server_free (server);
  return 0;
}
