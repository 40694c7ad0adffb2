/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdOptions"

#include "config.h"

#include "fd-options.h"

#include <string.h>

FdOptions *
fd_options_new (void)
{
  FdOptions *self = g_new0 (FdOptions, 1);

  self->interval = -1;
  self->timeout = -1;
  return self;
}

void
fd_options_free (FdOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->url);
  g_free (options->username);
  g_free (options->journal);
  g_strfreev (options->directories);
  g_free (options->region);
  /* The password is wiped, not just freed: it should not linger in a core dump. */
  if (options->password != NULL)
    {
      explicit_bzero (options->password, strlen (options->password));
      g_free (options->password);
    }
  g_free (options);
}

void
fd_options_apply_to_client (FdOptions *options,
                            FdClient  *client)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (FD_IS_CLIENT (client));

  if (options->url != NULL)
    fd_client_set_url (client, options->url);
  if (options->username != NULL)
    fd_client_set_username (client, options->username);
  if (options->password != NULL)
    fd_client_set_password (client, options->password);
  if (options->timeout > 0)
    fd_client_set_timeout (client, options->timeout);
}

void
fd_options_apply_to_poller (FdOptions *options,
                            FdPoller  *poller)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (FD_IS_POLLER (poller));

  if (options->interval > 0)
    fd_poller_set_interval (poller, options->interval);
}
