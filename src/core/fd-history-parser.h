/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-parser.h"

G_BEGIN_DECLS

/* A history page is a few dozen calls; a body past this is not one. */
#define FD_HISTORY_MAX_INPUT (4 * 1024 * 1024)
/* The most calls one page may hold (we ask for far fewer). */
#define FD_HISTORY_MAX_CALLS 1000

/* What a GetCallHistory / ListCallHistory answer says besides its calls:
 * the FdResponse's payload. */
typedef struct {
  gint64    total;     /* NumberOfCalls or TotalRecords; -1 when absent */
  FdDialect dialect;   /* XE: <NumberOfCalls>, <Calls>; OZEKI10: <TotalRecords>, <CallHistory> */
} FdHistoryInfo;

/*
 * An FdBodyParser for the PBX's call history (docs/ozeki-api.md §5).
 * The response's calls are the ended calls of the page, in the server's
 * order: CallId, State (verbatim, whatever it says), Source, Destination,
 * CallerId, Dialed (as caller-dialed) and StartTime. A non-200 Code is
 * returned as parsed, for the client to report. Errors are FD_ERROR
 * sentences: too large, not an Ozeki answer, no list of calls, a call
 * without CallId or readable StartTime, too many calls.
 */
FdResponse          *fd_history_parse          (const char  *data,
                                                gsize        length,
                                                GError     **error);
const FdHistoryInfo *fd_history_response_info  (FdResponse  *response);

G_END_DECLS
