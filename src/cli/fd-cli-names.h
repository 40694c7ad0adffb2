/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-directory.h"
#include "fd-options.h"

G_BEGIN_DECLS

/* The directory for --list and --watch: --directory and --region, else the
 * saved `directories` and `region` settings. Each unreadable book gets one
 * line on stderr; the command goes on. NULL when there is no book at all. */
FdDirectory *fd_cli_open_directory (FdOptions   *options);

/* A copy of @call with its names set (from the directory, else the PBX's
 * CallerId), so that the tracker's own call stays as the PBX sent it. */
FdCall      *fd_cli_named_call     (FdDirectory *directory,
                                    FdCall      *call);

G_END_DECLS
