/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-client.h"
#include "fd-parser.h"

G_BEGIN_DECLS

/* Third-party call control (docs/ozeki-api.md §5). */
typedef enum {
  FD_CALL_ACTION_HANGUP,
  FD_CALL_ACTION_HOLD,
  FD_CALL_ACTION_UNHOLD,
  FD_CALL_ACTION_FORWARD,    /* needs a number; only while Ringing */
  FD_CALL_ACTION_TRANSFER,   /* blind transfer; needs a number and a party */
} FdCallAction;

/* BlindTransfer's TransferorParty: the side that LEAVES the call. */
#define FD_TRANSFER_PARTY_CALLER "caller"
#define FD_TRANSFER_PARTY_CALLEE "callee"

const char *fd_call_action_get_command    (FdCallAction   action);
gboolean    fd_call_action_fits_state     (FdCallAction   action,
                                           const char    *state);

/*
 * Sends @action for @call_id. @number is the Destination of a forward or
 * the Target of a transfer (ignored otherwise); @party is the transfer's
 * TransferorParty, NULL for "callee". Falls back to the Ozeki 10 spelling
 * (ForwardCall, TranferorParty) when the PBX does not understand the
 * documented XE one. Every failure is an FD_ERROR or FD_API_ERROR sentence,
 * as fd_client_send_finish() reports it.
 */
void        fd_call_control_async         (FdClient            *client,
                                           FdCallAction         action,
                                           const char          *call_id,
                                           const char          *number,
                                           const char          *party,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FdResponse *fd_call_control_finish        (FdClient            *client,
                                           GAsyncResult        *result,
                                           GError             **error);

/* What the window says about a command's outcome: one sentence each. */
char       *fd_call_control_describe_success (FdCallAction   action,
                                              const char    *number);
char       *fd_call_control_describe_error   (FdCallAction   action,
                                              const GError  *error);

G_END_DECLS
