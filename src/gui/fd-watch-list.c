/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWatchList"

#include "config.h"

#include "fd-watch-list.h"

#include <string.h>

/* What people put between digits when they write a number down. */
#define IGNORED_CHARACTERS " \t-./()[]"

char *
fd_watch_list_normalize (const char *number)
{
  GString *normal;

  if (number == NULL)
    return g_strdup ("");

  normal = g_string_sized_new (strlen (number));
  for (const char *p = number; *p != '\0'; p++)
    {
      if (strchr (IGNORED_CHARACTERS, *p) == NULL)
        g_string_append_c (normal, g_ascii_tolower (*p));
    }
  return g_string_free (normal, FALSE);
}

gboolean
fd_watch_list_contains (const char * const *list,
                        const char         *number)
{
  g_autofree char *wanted = fd_watch_list_normalize (number);

  /* A call without a number matches no entry, not an empty one. */
  if (list == NULL || *wanted == '\0')
    return FALSE;

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *entry = fd_watch_list_normalize (list[i]);

      if (*entry != '\0' && strcmp (entry, wanted) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
list_is_empty (const char * const *list)
{
  if (list == NULL)
    return TRUE;
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *entry = fd_watch_list_normalize (list[i]);

      if (*entry != '\0')
        return FALSE;
    }
  return TRUE;
}

gboolean
fd_watch_list_matches (const char * const *list,
                       FdCall             *call)
{
  g_return_val_if_fail (FD_IS_CALL (call), FALSE);

  if (list_is_empty (list))
    return TRUE;
  return fd_watch_list_contains (list, fd_call_get_source (call)) ||
         fd_watch_list_contains (list, fd_call_get_destination (call));
}

static gboolean
array_contains (GPtrArray  *entries,
                const char *normal)
{
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *other = fd_watch_list_normalize (g_ptr_array_index (entries, i));

      if (strcmp (other, normal) == 0)
        return TRUE;
    }
  return FALSE;
}

char **
fd_watch_list_parse (const char *text)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  parts = g_strsplit_set (text != NULL ? text : "", ",;\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *entry = g_strstrip (parts[i]);
      g_autofree char *normal = fd_watch_list_normalize (entry);

      if (*normal != '\0' && !array_contains (entries, normal))
        g_ptr_array_add (entries, g_strdup (entry));
    }
  g_ptr_array_add (entries, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&entries), FALSE);
}

char *
fd_watch_list_to_string (const char * const *list)
{
  if (list == NULL)
    return g_strdup ("");
  return g_strjoinv (", ", (char **) list);
}
