/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-client-url.h"
#include "fd-parser.h"

G_BEGIN_DECLS

#define FD_TYPE_CLIENT (fd_client_get_type ())
G_DECLARE_FINAL_TYPE (FdClient, fd_client, FD, CLIENT, GObject)

#define FD_CLIENT_DEFAULT_URL      "http://localhost:7780"
#define FD_CLIENT_DEFAULT_TIMEOUT  10.0
#define FD_CLIENT_DEFAULT_MAX_BODY (16 * 1024 * 1024)

/*
 * Properties: "url" (base URL, may carry a path such as /api), "username",
 * "password" (write-only, never logged), "timeout" (seconds for the whole
 * request, connect to last byte), "max-body-size" (bytes),
 * "pinned-certificate" (SHA-256 hex of a certificate the user chose to trust).
 *
 * Every error is a sentence that names the PBX by its redacted URL, in the
 * FD_ERROR domain (transport, format) or FD_API_ERROR (the PBX's own code).
 */

FdClient   *fd_client_new                   (const char          *url);

const char *fd_client_get_url               (FdClient            *self);
void        fd_client_set_url               (FdClient            *self,
                                             const char          *url);
const char *fd_client_get_username          (FdClient            *self);
void        fd_client_set_username          (FdClient            *self,
                                             const char          *username);
void        fd_client_set_password          (FdClient            *self,
                                             const char          *password);
gboolean    fd_client_has_password          (FdClient            *self);
double      fd_client_get_timeout           (FdClient            *self);
void        fd_client_set_timeout           (FdClient            *self,
                                             double               seconds);
gsize       fd_client_get_max_body_size     (FdClient            *self);
void        fd_client_set_max_body_size     (FdClient            *self,
                                             gsize                bytes);
const char *fd_client_get_pinned_certificate (FdClient           *self);
void        fd_client_set_pinned_certificate (FdClient           *self,
                                             const char          *sha256_hex);

/* The URL as it may be shown: no password, no userinfo. */
char       *fd_client_dup_display_url       (FdClient            *self);

/* Any command: params is a NULL-terminated list of name, value pairs. */
void        fd_client_send_async            (FdClient            *self,
                                             const char          *command,
                                             const char * const  *params,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
void        fd_client_send_with_parser_async (FdClient       *self,
                                             const char          *command,
                                             const char * const  *params,
                                             FdBodyParser         parser,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
FdResponse *fd_client_send_finish           (FdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* ListActiveCalls; returns the calls (element-type FdCall). */
void        fd_client_list_calls_async      (FdClient            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray  *fd_client_list_calls_finish     (FdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* When the last failure was an untrusted certificate: its SHA-256 (hex),
 * so that a dialog can offer to pin it. NULL otherwise. */
char       *fd_client_dup_rejected_certificate (FdClient         *self);

G_END_DECLS
