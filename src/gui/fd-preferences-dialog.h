/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-secret-store.h"
#include "fd-settings.h"

G_BEGIN_DECLS

/* What "Test connection" found out. */
typedef enum {
  FD_CONNECTION_TEST_NONE,                  /* not run yet */
  FD_CONNECTION_TEST_RUNNING,
  FD_CONNECTION_TEST_CONNECTED,
  FD_CONNECTION_TEST_INVALID_URL,
  FD_CONNECTION_TEST_UNREACHABLE,
  FD_CONNECTION_TEST_TIMEOUT,
  FD_CONNECTION_TEST_AUTH_REFUSED,          /* the PBX's code is in the sentence */
  FD_CONNECTION_TEST_API_ERROR,             /* another PBX code */
  FD_CONNECTION_TEST_NOT_OZEKI,             /* HTTP error, HTML, garbage, too large */
  FD_CONNECTION_TEST_UNTRUSTED_CERTIFICATE, /* fingerprint offered */
  FD_CONNECTION_TEST_CERTIFICATE_CHANGED,   /* not the pinned one; fingerprint offered */
  FD_CONNECTION_TEST_TLS_FAILED,
} FdConnectionTest;

#define FD_TYPE_PREFERENCES_DIALOG (fd_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FdPreferencesDialog, fd_preferences_dialog, FD, PREFERENCES_DIALOG, GtkDialog)

/*
 * Edits "settings" and the password in "secret-store"; every change
 * applies at once (a text field when Enter is pressed or it loses the
 * focus). "Test connection" runs one ListActiveCalls with what is typed,
 * saved or not, and says what happened in words; an untrusted certificate
 * can be trusted from there (the pin is saved in "settings").
 */

GtkWidget        *fd_preferences_dialog_new              (GtkWindow           *parent,
                                                          FdSettings          *settings,
                                                          FdSecretStore       *secret_store);
void              fd_preferences_dialog_add_page         (FdPreferencesDialog *self,
                                                          GtkWidget           *page,
                                                          const char          *title);
void              fd_preferences_dialog_set_note         (FdPreferencesDialog *self,
                                                          const char          *note);

void              fd_preferences_dialog_test_connection  (FdPreferencesDialog *self);
void              fd_preferences_dialog_trust_certificate (FdPreferencesDialog *self);

/* For tests: the test's deadline (default FD_CLIENT_DEFAULT_TIMEOUT), its
 * outcome, the sentence and the details shown, the refused certificate's
 * SHA-256 (lower-case hex) when one can be trusted, and whether a
 * password is still being looked up or saved. */
void              fd_preferences_dialog_set_test_timeout (FdPreferencesDialog *self,
                                                          double               seconds);
FdConnectionTest  fd_preferences_dialog_get_test_result  (FdPreferencesDialog *self);
const char       *fd_preferences_dialog_get_test_message (FdPreferencesDialog *self);
const char       *fd_preferences_dialog_get_test_detail  (FdPreferencesDialog *self);
const char       *fd_preferences_dialog_get_test_fingerprint (FdPreferencesDialog *self);
gboolean          fd_preferences_dialog_is_busy          (FdPreferencesDialog *self);

G_END_DECLS
