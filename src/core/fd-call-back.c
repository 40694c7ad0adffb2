/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallBack"

#include "config.h"

#include "fd-call-back.h"

#include <string.h>

#define MAX_EXTENSION_DIGITS 6

char *
fd_call_back_dup_extension (FdCall *missed)
{
  const char *destination;
  gsize length;

  g_return_val_if_fail (FD_IS_CALL (missed), NULL);

  destination = fd_call_get_destination (missed);
  if (destination == NULL)
    return NULL;
  length = strlen (destination);
  if (length == 0 || length > MAX_EXTENSION_DIGITS)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (destination[i]))
      return NULL;
  return g_strdup (destination);
}

void
fd_call_back_async (FdClient            *client,
                    const char          *extension,
                    const char          *number,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  const char *params[] = { "Caller", extension, "Callee", number, NULL };

  g_return_if_fail (FD_IS_CLIENT (client));
  g_return_if_fail (extension != NULL && number != NULL);

  fd_client_send_async (client, "CallSetup", params, cancellable, callback, user_data);
}

gboolean
fd_call_back_finish (FdClient      *client,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_autoptr(FdResponse) response = fd_client_send_finish (client, result, error);

  return response != NULL;
}
