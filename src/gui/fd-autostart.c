/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdAutostart"

#include "config.h"

#include "fd-autostart.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <errno.h>

char *
fd_autostart_dup_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

gboolean
fd_autostart_is_enabled (void)
{
  g_autofree char *path = fd_autostart_dup_path ();
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *enabled = NULL;

  if (!g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error))
    return FALSE;
  if (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_HIDDEN, NULL))
    return FALSE;
  enabled = g_key_file_get_value (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", NULL);
  return enabled == NULL || g_strcmp0 (enabled, "false") != 0;
}

static char *
build_entry (void)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  const char *group = G_KEY_FILE_DESKTOP_GROUP;

  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_TYPE, G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_NAME, "Frontdesk");
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Watch the phone system's calls from the tray"));
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_EXEC, FD_AUTOSTART_COMMAND);
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (entry, group, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_boolean (entry, group, "X-GNOME-Autostart-enabled", TRUE);
  return g_key_file_to_data (entry, NULL, NULL);
}

static gboolean
write_entry (GError **error)
{
  g_autofree char *path = fd_autostart_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = build_entry ();

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: a folder, then why it cannot be made */
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static gboolean
remove_entry (GError **error)
{
  g_autofree char *path = fd_autostart_dup_path ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: a file, then why it cannot be removed */
                   _("Cannot remove %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
fd_autostart_set_enabled (gboolean   enabled,
                          GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (enabled)
    return write_entry (error);
  return remove_entry (error);
}
