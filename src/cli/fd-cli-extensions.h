/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-client.h"

G_BEGIN_DECLS

/* --extensions: every extension with its presence lamp, once. Returns the
 * exit status, with the rules of --list for connection and auth errors. */
int fd_cli_run_extensions (FdClient *client,
                           gboolean  json);

G_END_DECLS
