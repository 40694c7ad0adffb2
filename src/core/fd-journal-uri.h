/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-journal.h"

G_BEGIN_DECLS

FdJournal *fd_journal_open_uri (const char  *uri,
                                GError     **error);

G_END_DECLS
