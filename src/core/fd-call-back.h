/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-call.h"
#include "fd-client.h"

G_BEGIN_DECLS

/*
 * Calling a missed caller back through the PBX: Ozeki 10's CallSetup
 * (docs/ozeki-api.md, "Making calls"), which rings @extension first and
 * connects it to @number. Ozeki XE has no such command (its "Call" is a
 * robot call an OzML script must steer), so there the caller copies the
 * number instead; an XE answers CallSetup with code 301, an FD_API_ERROR.
 */

/* The internal extension @missed rang (its Destination, up to 6 digits),
 * which is the phone to call back from; NULL when it rang no extension. */
char     *fd_call_back_dup_extension (FdCall               *missed);

void      fd_call_back_async         (FdClient             *client,
                                      const char           *extension,
                                      const char           *number,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  fd_call_back_finish        (FdClient             *client,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
