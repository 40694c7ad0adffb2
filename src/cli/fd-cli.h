/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-options.h"

G_BEGIN_DECLS

/* What fd_cli_run() leaves for main() when no headless mode was asked for. */
typedef struct {
  FdOptions *options;
  gboolean   demo;
  gboolean   hidden;
} FdDesktopRequest;

#define FD_CLI_RUN_DESKTOP (-1)

/* The headless modes of docs/cli-contract.md. Returns the exit status, or
 * FD_CLI_RUN_DESKTOP with @desktop filled in for the desktop app. */
int  fd_cli_run                (int               argc,
                                char            **argv,
                                FdDesktopRequest *desktop);
void fd_desktop_request_clear  (FdDesktopRequest *desktop);

G_END_DECLS
