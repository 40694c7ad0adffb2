/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallControl"

#include "config.h"

#include "fd-call-control.h"
#include "fd-call.h"
#include "fd-error.h"

#include <glib/gi18n.h>
#include <string.h>

/* One command on its way; ozeki10 once the fallback spelling is sent. */
typedef struct {
  FdCallAction  action;
  char         *call_id;
  char         *number;
  char         *party;
  gboolean      ozeki10;
} Control;

static void
control_free (gpointer data)
{
  Control *control = data;

  g_free (control->call_id);
  g_free (control->number);
  g_free (control->party);
  g_free (control);
}

/* Fills @params (name, value pairs, NULL-terminated) and returns the
 * command name, in the XE spelling or, after a fallback, Ozeki 10's. */
static const char *
fill_params (Control    *control,
             const char *params[7])
{
  guint n = 0;

  params[n++] = "CallId";
  params[n++] = control->call_id;
  switch (control->action)
    {
    case FD_CALL_ACTION_FORWARD:
      params[n++] = "Destination";
      params[n++] = control->number;
      break;
    case FD_CALL_ACTION_TRANSFER:
      params[n++] = control->ozeki10 ? "TranferorParty" : "TransferorParty";
      params[n++] = control->party;
      params[n++] = "Target";
      params[n++] = control->number;
      break;
    case FD_CALL_ACTION_HANGUP:
    case FD_CALL_ACTION_HOLD:
    case FD_CALL_ACTION_UNHOLD:
    default:
      break;
    }
  params[n] = NULL;

  if (control->action == FD_CALL_ACTION_FORWARD && control->ozeki10)
    return "ForwardCall";
  return fd_call_action_get_command (control->action);
}

/* Ozeki 10 renamed Forward to ForwardCall (unknown command: 301) and
 * spells BlindTransfer's party "TranferorParty" (it then misses that
 * parameter: 302). The choice rests on the API code alone, never on the
 * message's wording, which differs between versions and languages. We
 * always send every parameter XE documents, so a 302 to BlindTransfer is
 * worth one try in the other spelling; if that fails too, its error is
 * the one the user reads. */
static gboolean
wants_ozeki10 (Control      *control,
               const GError *error)
{
  if (control->ozeki10)
    return FALSE;
  if (control->action == FD_CALL_ACTION_FORWARD)
    return g_error_matches (error, FD_API_ERROR, 301);
  if (control->action == FD_CALL_ACTION_TRANSFER)
    return g_error_matches (error, FD_API_ERROR, 302);
  return FALSE;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Control *control = g_task_get_task_data (task);
  FdResponse *response;
  GError *error = NULL;

  response = fd_client_send_finish (FD_CLIENT (source), result, &error);
  if (response != NULL)
    {
      g_task_return_pointer (task, response, (GDestroyNotify) fd_response_free);
      return;
    }
  if (wants_ozeki10 (control, error))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      const char *params[7];
      const char *command;

      g_debug ("Trying the Ozeki 10 form after: %s", error->message);
      g_clear_error (&error);
      control->ozeki10 = TRUE;
      command = fill_params (control, params);
      fd_client_send_async (FD_CLIENT (source), command, params, cancellable, on_sent, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[strspn (text, " \t")] != '\0';
}

/**
 * fd_call_action_get_command:
 *
 * Returns: the command's name as Ozeki XE documents it ("Hangup", …)
 */
const char *
fd_call_action_get_command (FdCallAction action)
{
  switch (action)
    {
    case FD_CALL_ACTION_HANGUP:
      return "Hangup";
    case FD_CALL_ACTION_HOLD:
      return "Hold";
    case FD_CALL_ACTION_UNHOLD:
      return "Unhold";
    case FD_CALL_ACTION_FORWARD:
      return "Forward";
    case FD_CALL_ACTION_TRANSFER:
      return "BlindTransfer";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * fd_call_action_fits_state:
 * @state: (nullable): the call's CallState
 *
 * Whether the PBX accepts @action for a call in @state (docs/ozeki-api.md §5):
 * Hold only InCall, Unhold only on hold, Forward only while ringing, a
 * transfer only once answered. Any live call can be hung up.
 */
gboolean
fd_call_action_fits_state (FdCallAction  action,
                           const char   *state)
{
  switch (action)
    {
    case FD_CALL_ACTION_HANGUP:
      return TRUE;
    case FD_CALL_ACTION_HOLD:
      return g_strcmp0 (state, FD_CALL_STATE_IN_CALL) == 0;
    case FD_CALL_ACTION_UNHOLD:
      return g_strcmp0 (state, FD_CALL_STATE_HOLD) == 0;
    case FD_CALL_ACTION_FORWARD:
      return g_strcmp0 (state, FD_CALL_STATE_RINGING) == 0;
    case FD_CALL_ACTION_TRANSFER:
      return g_strcmp0 (state, FD_CALL_STATE_IN_CALL) == 0 || g_strcmp0 (state, FD_CALL_STATE_HOLD) == 0;
    default:
      return FALSE;
    }
}

void
fd_call_control_async (FdClient            *client,
                       FdCallAction         action,
                       const char          *call_id,
                       const char          *number,
                       const char          *party,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *params[7];
  const char *command;
  Control *control;

  g_return_if_fail (FD_IS_CLIENT (client));
  g_return_if_fail (call_id != NULL);
  g_return_if_fail (fd_call_action_get_command (action) != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_call_control_async);

  if (!has_text (call_id))
    {
      g_task_return_new_error (task, FD_ERROR, FD_ERROR_INVALID, "a call ID is needed");
      return;
    }
  if ((action == FD_CALL_ACTION_FORWARD || action == FD_CALL_ACTION_TRANSFER) && !has_text (number))
    {
      g_task_return_new_error (task, FD_ERROR, FD_ERROR_INVALID, "a number to send the call to is needed");
      return;
    }
  if (action == FD_CALL_ACTION_TRANSFER && party != NULL &&
      g_strcmp0 (party, FD_TRANSFER_PARTY_CALLER) != 0 && g_strcmp0 (party, FD_TRANSFER_PARTY_CALLEE) != 0)
    {
      g_task_return_new_error (task, FD_ERROR, FD_ERROR_INVALID,
                               "the side that leaves a transfer is caller or callee, not “%s”", party);
      return;
    }

  control = g_new0 (Control, 1);
  control->action = action;
  control->call_id = g_strdup (call_id);
  control->number = g_strdup (number);
  control->party = g_strdup (party != NULL ? party : FD_TRANSFER_PARTY_CALLEE);
  g_task_set_task_data (task, control, control_free);

  command = fill_params (control, params);
  fd_client_send_async (client, command, params, cancellable, on_sent, g_steal_pointer (&task));
}

/**
 * fd_call_control_finish:
 *
 * Returns: (transfer full): the PBX's answer (Code 200), or NULL with @error
 */
FdResponse *
fd_call_control_finish (FdClient      *client,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fd_call_control_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
fd_call_control_describe_success (FdCallAction  action,
                                  const char   *number)
{
  switch (action)
    {
    case FD_CALL_ACTION_HANGUP:
      return g_strdup (_("Call hung up."));
    case FD_CALL_ACTION_HOLD:
      return g_strdup (_("Call on hold."));
    case FD_CALL_ACTION_UNHOLD:
      return g_strdup (_("Call resumed."));
    case FD_CALL_ACTION_FORWARD:
      /* Translators: %s is the number the call now rings at */
      return g_strdup_printf (_("Call forwarded to %s."), number);
    case FD_CALL_ACTION_TRANSFER:
      /* Translators: %s is the number the call was transferred to */
      return g_strdup_printf (_("Call transferred to %s."), number);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The reason, in words; the codes a receptionist can act on get their own
 * sentence, everything else (unreachable, credentials) is the client's. */
static char *
dup_reason (const GError *error)
{
  if (error->domain == FD_API_ERROR)
    switch (error->code)
      {
      case 601:
        return g_strdup (_("the PBX no longer knows this call (601)"));
      case 303:
        return g_strdup (_("the call’s state does not allow this now (303)"));
      case 302:
        return g_strdup (_("the PBX found the number or another value missing or invalid (302)"));
      case 301:
        return g_strdup (_("the PBX does not know this command (301)"));
      default:
        break;
      }
  return g_strdup (error->message);
}

char *
fd_call_control_describe_error (FdCallAction  action,
                                const GError *error)
{
  g_autofree char *reason = NULL;
  gsize length;

  g_return_val_if_fail (error != NULL, NULL);

  reason = dup_reason (error);
  length = strlen (reason);
  if (length > 0 && reason[length - 1] == '.')
    reason[length - 1] = '\0';

  switch (action)
    {
    case FD_CALL_ACTION_HANGUP:
      /* Translators: %s says why, e.g. "the PBX no longer knows this call (601)" */
      return g_strdup_printf (_("Could not hang up the call: %s."), reason);
    case FD_CALL_ACTION_HOLD:
      /* Translators: %s says why, e.g. "the PBX no longer knows this call (601)" */
      return g_strdup_printf (_("Could not put the call on hold: %s."), reason);
    case FD_CALL_ACTION_UNHOLD:
      /* Translators: %s says why, e.g. "the PBX no longer knows this call (601)" */
      return g_strdup_printf (_("Could not resume the call: %s."), reason);
    case FD_CALL_ACTION_FORWARD:
      /* Translators: %s says why, e.g. "the PBX no longer knows this call (601)" */
      return g_strdup_printf (_("Could not forward the call: %s."), reason);
    case FD_CALL_ACTION_TRANSFER:
      /* Translators: %s says why, e.g. "the PBX no longer knows this call (601)" */
      return g_strdup_printf (_("Could not transfer the call: %s."), reason);
    default:
      g_return_val_if_reached (NULL);
    }
}
