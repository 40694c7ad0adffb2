/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-call.h"

G_BEGIN_DECLS

/* Just enough JSON writing for docs/cli-contract.md, without a library. */

void   fd_json_append_string    (GString    *out,
                                 const char *value);
void   fd_json_append_number    (GString    *out,
                                 double      value);
void   fd_json_append_time      (GString    *out,
                                 GDateTime  *time);
void   fd_json_append_call      (GString    *out,
                                 FdCall     *call);
char  *fd_json_format_time      (GDateTime  *time);
char  *fd_json_format_call_time (FdCall     *call);

G_END_DECLS
