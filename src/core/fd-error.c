/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdError"

#include "config.h"

#include "fd-error.h"

G_DEFINE_QUARK (fd-error-quark, fd_error)
G_DEFINE_QUARK (fd-api-error-quark, fd_api_error)

/* 304 to 307: authentication required or failed, user or address refused. */
gboolean
fd_api_code_is_auth (int code)
{
  return code >= 304 && code <= 307;
}

/* The exit statuses of docs/cli-contract.md. */
int
fd_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;

  if (error->domain == FD_API_ERROR)
    return fd_api_code_is_auth (error->code) ? 4 : 5;

  if (error->domain == FD_ERROR)
    {
      switch ((FdError) error->code)
        {
        case FD_ERROR_UNREACHABLE:
        case FD_ERROR_TIMEOUT:
        case FD_ERROR_TLS:
          return 3;
        case FD_ERROR_INVALID:
          return 2;
        case FD_ERROR_HTTP:
        case FD_ERROR_PARSE:
        case FD_ERROR_TOO_LARGE:
        default:
          return 5;
        }
    }

  return 5;
}
