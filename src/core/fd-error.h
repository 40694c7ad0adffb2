/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Failures of the transport and of the response format: everything that
 * goes wrong before or instead of a well-formed <Response>. */
#define FD_ERROR (fd_error_quark ())

typedef enum {
  FD_ERROR_UNREACHABLE,   /* refused, unknown host, network down */
  FD_ERROR_TIMEOUT,       /* the whole-request deadline passed */
  FD_ERROR_TLS,           /* certificate not trusted, handshake failed */
  FD_ERROR_HTTP,          /* an HTTP status other than 2xx */
  FD_ERROR_PARSE,         /* not an Ozeki <Response>: HTML, truncated, garbage */
  FD_ERROR_TOO_LARGE,     /* the body is over the size cap */
  FD_ERROR_INVALID,       /* bad input from the user: URL, options */
} FdError;

/* A well-formed <Response> whose <Code> is not 200. The GError code is the
 * PBX's own code (300, 305, 601, …) and the message is a sentence. */
#define FD_API_ERROR (fd_api_error_quark ())

#define FD_API_CODE_OK 200

GQuark   fd_error_quark              (void);
GQuark   fd_api_error_quark          (void);
gboolean fd_api_code_is_auth         (int           code);
int      fd_error_exit_status        (const GError *error);

G_END_DECLS
