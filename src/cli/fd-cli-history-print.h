/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-journal-entry.h"

G_BEGIN_DECLS

/* Whole lists, as `frontdesk --history` prints them. */
char *fd_cli_history_to_json (GPtrArray *entries);
char *fd_cli_history_to_text (GPtrArray *entries);

G_END_DECLS
