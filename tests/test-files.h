/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Files under a test's private HOME: removing them, and proving that a
 * secret reached none of them. */

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static inline void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Binary-safe: a keyring or settings file may hold NUL bytes. */
static inline gboolean
holds (const char *contents,
       gsize       length,
       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    {
      if (memcmp (contents + i, needle, n) == 0)
        return TRUE;
    }
  return FALSE;
}

static inline gboolean
tree_contains (const char *dir,
               const char *needle,
               guint      *n_files)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle, n_files))
            return TRUE;
          continue;
        }
      (*n_files)++;
      if (g_file_get_contents (path, &contents, &length, NULL) &&
          holds (contents, length, needle))
        {
          g_test_message ("%s holds what was looked for", path);
          return TRUE;
        }
    }
  return FALSE;
}
