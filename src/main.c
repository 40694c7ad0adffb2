/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Frontdesk"

#include "config.h"

#include "fd-application.h"
#include "fd-cli.h"
#include "fd-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FdApplication) app = NULL;
  FdDesktopRequest desktop = { 0 };
  char *app_argv[] = { argv[0], NULL };
  int status;

  fd_i18n_init ();

  status = fd_cli_run (argc, argv, &desktop);
  if (status != FD_CLI_RUN_DESKTOP)
    return status;

  /* Options are parsed already; GApplication only needs to know whether
   * this is the first instance, so it gets no arguments of its own. */
  app = fd_application_new (g_steal_pointer (&desktop.options), desktop.demo, desktop.hidden);
  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
