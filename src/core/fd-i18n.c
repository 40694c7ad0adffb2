/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdI18n"

#include "config.h"

#include "fd-i18n.h"

#include <glib/gi18n.h>
#include <locale.h>

/*
 * The locale and the message catalog of every executable (frontdesk,
 * frontdesk-sim): the catalogs of the install, or those of
 * FRONTDESK_LOCALEDIR (a build's po/ folder), so that tests of an
 * uninstalled build read their translated sentences.
 */
void
fd_i18n_init (void)
{
  const char *dir = g_getenv ("FRONTDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
