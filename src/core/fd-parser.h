/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-call.h"

G_BEGIN_DECLS

typedef enum {
  FD_DIALECT_UNKNOWN,
  FD_DIALECT_XE,        /* <CallInfo>, ISO 8601 with offset, whole seconds */
  FD_DIALECT_OZEKI10,   /* <Call>, "yyyy-mm-dd hh:mm:ss" local, decimals */
} FdDialect;

/* One parsed <Response>: whatever the <Code>, the parse succeeded. */
typedef struct {
  int        code;
  char      *message;   /* nullable */
  GPtrArray *calls;     /* element-type FdCall, in the server's order; never NULL */
  FdDialect  dialect;
  /* What a parser for another command (ListExtensions, GetCallHistory)
   * built from the body; freed with payload_free. NULL for ListActiveCalls. */
  gpointer        payload;
  GDestroyNotify  payload_free;
} FdResponse;

/* Parses one whole body into a response; fd_parser_parse() is the one
 * for ListActiveCalls and call control. */
typedef FdResponse *(*FdBodyParser) (const char  *data,
                                     gsize        length,
                                     GError     **error);

/* The parser refuses bodies larger than this whatever the caller's cap. */
#define FD_PARSER_MAX_INPUT (256 * 1024 * 1024)

FdResponse *fd_response_new         (void);
void        fd_response_free        (FdResponse  *response);
gboolean    fd_response_check       (FdResponse  *response,
                                     GError     **error);

FdResponse *fd_parser_parse         (const char  *data,
                                     gsize        length,
                                     GError     **error);
FdResponse *fd_parser_parse_bytes   (GBytes      *bytes,
                                     GError     **error);

GDateTime  *fd_parser_parse_time    (const char  *text);
gboolean    fd_parser_parse_seconds (const char  *text,
                                     double      *seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdResponse, fd_response_free)

G_END_DECLS
