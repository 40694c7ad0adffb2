/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-directory.h"
#include "fd-namer.h"
#include "fd-options.h"

G_BEGIN_DECLS

/* The names for --list and --watch, as the desktop gives them: the
 * address books (--directory and --region, else the saved `directories`
 * and `region` settings; each unreadable book gets one line on stderr and
 * the command goes on), the `extension-labels` setting, and extension
 * names learned during this run. Never NULL. */
FdNamer     *fd_cli_open_namer     (FdOptions   *options);

/* A copy of @call with its names set, so that the tracker's own call
 * stays as the PBX sent it. */
FdCall      *fd_cli_named_call     (FdNamer     *namer,
                                    FdCall      *call);

G_END_DECLS
