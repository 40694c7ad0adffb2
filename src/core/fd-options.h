/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fd-client.h"
#include "fd-poller.h"

G_BEGIN_DECLS

/* The connection options of docs/cli-contract.md, as given on the command line.
 * Unset fields (NULL, or a negative number) mean "use the saved setting". */
typedef struct {
  char    *url;
  char    *username;
  char    *password;   /* from FRONTDESK_PASSWORD or --password-file only */
  double   interval;
  double   timeout;
  gboolean verbose;
  char    *journal;    /* --journal: a path or sqlite:PATH; NULL for the setting */
  char   **directories; /* --directory, repeatable; NULL for the setting */
  char    *region;     /* --region CC; NULL for the setting */
} FdOptions;

FdOptions *fd_options_new              (void);
void       fd_options_free             (FdOptions  *options);
void       fd_options_apply_to_client  (FdOptions  *options,
                                        FdClient   *client);
void       fd_options_apply_to_poller  (FdOptions  *options,
                                        FdPoller   *poller);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdOptions, fd_options_free)

G_END_DECLS
