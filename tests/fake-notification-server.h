/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An org.freedesktop.Notifications server on the session bus, on a thread
 * and a private connection of its own: libnotify's calls are synchronous,
 * so a fake on the test's main context would deadlock. */

typedef struct _FakeNotificationServer FakeNotificationServer;

/* One Notify call as received, and the id the fake answered. */
typedef struct {
  char      *app_name;
  guint32    replaces_id;
  char      *summary;
  char      *body;
  char     **actions;
  GVariant  *hints;
  int        expire_timeout;
  guint32    id;
} FakeNotification;

FakeNotificationServer *fake_notification_server_new          (const char * const     *capabilities);
void                    fake_notification_server_free         (FakeNotificationServer *server);
guint                   fake_notification_server_count        (FakeNotificationServer *server);
/* A slow server: Notify is answered @milliseconds after it arrives. */
void                    fake_notification_server_set_delay    (FakeNotificationServer *server,
                                                               guint                   milliseconds);
guint                   fake_notification_server_count_answered (FakeNotificationServer *server);
FakeNotification       *fake_notification_server_find         (FakeNotificationServer *server,
                                                               const char             *summary,
                                                               const char             *body_part);
gboolean                fake_notification_server_was_closed   (FakeNotificationServer *server,
                                                               guint32                 id);
void                    fake_notification_server_invoke       (FakeNotificationServer *server,
                                                               guint32                 id,
                                                               const char             *action);

void                    fake_notification_free                (FakeNotification       *notification);
const char             *fake_notification_hint_string         (FakeNotification       *notification,
                                                               const char             *name);
gboolean                fake_notification_has_action          (FakeNotification       *notification,
                                                               const char             *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeNotification, fake_notification_free)

G_END_DECLS
