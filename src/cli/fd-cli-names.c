/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCli"

#include "config.h"

#include "fd-cli-names.h"

#include <gio/gio.h>

#include <stdio.h>

static GSettings *
saved_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "directories") ||
      !g_settings_schema_has_key (schema, "extension-labels"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static FdDirectory *
open_directory (FdOptions *options,
                GSettings *settings)
{
  g_auto(GStrv) saved = NULL;
  g_autofree char *region = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  const char * const *paths;
  FdDirectory *directory;

  if (options->directories == NULL && settings != NULL)
    saved = g_settings_get_strv (settings, "directories");
  paths = options->directories != NULL ? (const char * const *) options->directories
                                        : (const char * const *) saved;
  if (paths == NULL || paths[0] == NULL)
    return NULL;

  if (options->region == NULL && settings != NULL)
    region = g_settings_get_string (settings, "region");
  directory = fd_directory_new (options->region != NULL ? options->region : region);
  fd_directory_set_sources (directory, paths);
  errors = fd_directory_get_errors (directory);
  for (guint i = 0; i < errors->len; i++)
    fprintf (stderr, "frontdesk: %s\n", (const char *) g_ptr_array_index (errors, i));
  return directory;
}

FdNamer *
fd_cli_open_namer (FdOptions *options)
{
  g_autoptr(GSettings) settings = saved_settings ();
  g_autoptr(FdDirectory) directory = open_directory (options, settings);
  FdNamer *namer = fd_namer_new ();

  fd_namer_set_directory (namer, directory);
  if (settings != NULL)
    {
      g_auto(GStrv) labels = g_settings_get_strv (settings, "extension-labels");

      fd_namer_set_labels (namer, (const char * const *) labels);
    }
  return namer;
}

FdCall *
fd_cli_named_call (FdNamer *namer,
                   FdCall  *call)
{
  FdCall *copy = fd_call_copy (call);

  fd_namer_name_call (namer, copy);
  return copy;
}
