/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-journal.h"

G_BEGIN_DECLS

FdJournal *fd_journal_open_uri               (const char  *uri,
                                              GError     **error);
FdJournal *fd_journal_open_uri_with_password (const char  *uri,
                                              const char  *password,
                                              GError     **error);
gboolean   fd_journal_uri_is_postgresql      (const char  *uri);
char      *fd_journal_uri_dup_shown          (const char  *uri);
char      *fd_journal_uri_dup_user           (const char  *uri);

G_END_DECLS
