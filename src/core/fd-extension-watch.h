/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-client.h"
#include "fd-extension.h"

G_BEGIN_DECLS

#define FD_TYPE_EXTENSION_WATCH (fd_extension_watch_get_type ())
G_DECLARE_FINAL_TYPE (FdExtensionWatch, fd_extension_watch, FD, EXTENSION_WATCH, GObject)

#define FD_EXTENSION_WATCH_DEFAULT_INTERVAL 60.0
/* Seconds between two fetches that calls to unlisted extensions ask for. */
#define FD_EXTENSION_WATCH_NOTICE_GAP 10

/*
 * Fetches ListExtensions when started and every "interval" seconds after.
 * "changed" is emitted after every fetch, good or bad: on a failure the
 * last good list stays and get_error() says why in one sentence.
 */
FdExtensionWatch *fd_extension_watch_new          (FdClient         *client);
void              fd_extension_watch_start        (FdExtensionWatch *self);
void              fd_extension_watch_stop         (FdExtensionWatch *self);
void              fd_extension_watch_notice_calls (FdExtensionWatch *self,
                                                   GPtrArray        *calls);
void              fd_extension_watch_set_notice_gap (FdExtensionWatch *self,
                                                     double            seconds);
double            fd_extension_watch_get_interval (FdExtensionWatch *self);
void              fd_extension_watch_set_interval (FdExtensionWatch *self,
                                                   double            seconds);
/* element-type FdExtension; NULL until a fetch has succeeded. */
GPtrArray        *fd_extension_watch_get_extensions (FdExtensionWatch *self);
/* The last fetch's failure, or NULL when it succeeded. */
const char       *fd_extension_watch_get_error    (FdExtensionWatch *self);

G_END_DECLS
