/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define FD_TYPE_SECRET_STORE (fd_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (FdSecretStore, fd_secret_store, FD, SECRET_STORE, GObject)

/*
 * PBX passwords, keyed by server URL and user name, in the Secret Service
 * (the desktop keyring) through libsecret's asynchronous API.
 *
 * When there is no Secret Service, or it cannot be unlocked, a stored
 * password is kept in this object's memory for this run only:
 * "keyring-available" turns FALSE and "problem" says why, in a sentence
 * for the user. A password is never written anywhere else, and never
 * logged.
 *
 * Signal "changed" (url, username): the password of that account was
 * stored or cleared.
 *
 * Cancelling a lookup or a store discards its answer (the callback gets
 * G_IO_ERROR_CANCELLED); the keyring's own request runs to its end.
 */

FdSecretStore      *fd_secret_store_new                   (void);
const SecretSchema *fd_secret_store_get_schema            (void);

gboolean            fd_secret_store_get_keyring_available (FdSecretStore        *self);
const char         *fd_secret_store_get_problem           (FdSecretStore        *self);

/* Finishes with the password, or NULL and no error when none is saved
 * (or the keyring cannot be asked: see "problem"). Only a cancellation is
 * an error. Free the password with fd_secret_store_password_free(). */
void                fd_secret_store_lookup_async          (FdSecretStore        *self,
                                                           const char           *url,
                                                           const char           *username,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char               *fd_secret_store_lookup_finish         (FdSecretStore        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* An empty or NULL password clears the saved one. Finishes TRUE also when
 * the password could only be kept in memory; only a cancellation is an
 * error. */
void                fd_secret_store_store_async           (FdSecretStore        *self,
                                                           const char           *url,
                                                           const char           *username,
                                                           const char           *password,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            fd_secret_store_store_finish          (FdSecretStore        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void                fd_secret_store_password_free         (char                 *password);

G_END_DECLS
