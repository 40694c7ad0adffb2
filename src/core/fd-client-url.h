/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The URL with the Password parameter masked and no userinfo. */
char       *fd_redact_url                (const char          *url);
gboolean    fd_client_validate_url       (const char          *url,
                                          GError             **error);

/* @url's path asked ?command=@command&<params>&Username=…&Password=…;
 * params is a NULL-terminated list of name, value pairs. The result
 * holds the password: the caller wipes it after use. */
char       *fd_client_build_request_url  (const char          *url,
                                          const char          *username,
                                          const char          *password,
                                          const char          *command,
                                          const char * const  *params);

G_END_DECLS
