/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-call.h"
#include "fd-journal.h"

G_BEGIN_DECLS

/* The journal's side of the command line: --history, --mark-handled, and
 * what --watch --record writes. @journal_uri is --journal's value or NULL
 * for the default (fd_journal_open_uri()). Each returns the exit status. */
int         fd_cli_run_history       (const char    *journal_uri,
                                      gboolean       json,
                                      gboolean       missed);
int         fd_cli_run_mark_handled  (const char    *journal_uri,
                                      const char    *entry_id,
                                      const char    *as_name,
                                      const char    *note);
char       *fd_cli_dup_handler_name  (void);

/* --watch --record: one ended call into @journal, a sentence on stderr
 * when that fails (the watch goes on). */
void        fd_cli_record_call       (FdJournal     *journal,
                                      FdCall        *call,
                                      FdCallOutcome  outcome,
                                      const char    *pbx_url);

G_END_DECLS
