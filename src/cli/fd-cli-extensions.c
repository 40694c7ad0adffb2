/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCli"

/* --extensions: ListExtensions and ListActiveCalls, fetched at once, and
 * the presence of each extension computed from the two. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-cli-extensions.h"
#include "fd-error.h"
#include "fd-extension.h"
#include "fd-extensions-parser.h"
#include "fd-json.h"

#include <stdio.h>

typedef struct {
  GMainLoop  *loop;
  guint       pending;
  GPtrArray  *extensions;
  GPtrArray  *calls;
  GError     *error;       /* the first failure */
} Fetch;

static void
done_one (Fetch  *fetch,
          GError *error)
{
  if (error != NULL && fetch->error == NULL)
    fetch->error = error;
  else
    g_clear_error (&error);
  if (--fetch->pending == 0)
    g_main_loop_quit (fetch->loop);
}

static void
on_extensions (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;
  g_autoptr(FdResponse) response = fd_client_send_finish (FD_CLIENT (source), result, &error);

  if (response != NULL && fd_response_check (response, &error))
    fetch->extensions = fd_extensions_response_steal (response);
  done_one (fetch, error);
}

static void
on_calls (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;

  fetch->calls = fd_client_list_calls_finish (FD_CLIENT (source), result, &error);
  done_one (fetch, error);
}

/* The user's names for extensions, when the settings schema is installed
 * and knows the key; a headless machine may have neither. */
static GStrv
load_labels (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "extension-labels"))
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_strv (settings, "extension-labels");
}

static void
append_status_json (GString           *out,
                    FdExtensionStatus *status,
                    const char        *name)
{
  FdExtension *ext = status->extension;
  FdRegistered registered = fd_extension_get_registered (ext);

  g_string_append (out, "{\"id\":");
  fd_json_append_string (out, fd_extension_get_id (ext));
  g_string_append (out, ",\"type\":");
  fd_json_append_string (out, fd_extension_get_ext_type (ext));
  g_string_append (out, ",\"phone_number\":");
  fd_json_append_string (out, fd_extension_get_phone_number (ext));
  g_string_append (out, ",\"name\":");
  fd_json_append_string (out, name);
  g_string_append_printf (out, ",\"registered\":%s,\"presence\":",
                          registered == FD_REGISTERED_YES ? "true"
                          : registered == FD_REGISTERED_NO ? "false" : "null");
  fd_json_append_string (out, fd_presence_to_string (status->presence));
  g_string_append (out, ",\"call_ids\":[");
  for (guint i = 0; i < status->call_ids->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      fd_json_append_string (out, g_ptr_array_index (status->call_ids, i));
    }
  g_string_append (out, "]}");
}

static void
append_status_text (GString           *out,
                    FdExtensionStatus *status,
                    const char        *name)
{
  FdExtension *ext = status->extension;
  g_autofree char *calls = NULL;

  g_ptr_array_add (status->call_ids, NULL);
  calls = g_strjoinv (",", (char **) status->call_ids->pdata);
  g_ptr_array_remove_index (status->call_ids, status->call_ids->len - 1);
  g_string_append_printf (out, "%-8s %-20s %-8s %-8s %s\n", fd_extension_get_id (ext),
                          name ? name : "-", fd_presence_to_string (status->presence),
                          fd_extension_get_ext_type (ext) ? fd_extension_get_ext_type (ext) : "-",
                          *calls != '\0' ? calls : "-");
}

static void
print_statuses (GPtrArray *statuses,
                gboolean   json)
{
  g_auto(GStrv) labels = load_labels ();
  g_autoptr(GString) out = g_string_new (json ? "[" : NULL);

  if (!json && statuses->len == 0)
    {
      printf ("%s\n", _("The PBX lists no extensions."));
      return;
    }
  if (!json)
    g_string_append_printf (out, "%-8s %-20s %-8s %-8s %s\n", "ID", "NAME", "PRESENCE", "TYPE", "CALLS");
  for (guint i = 0; i < statuses->len; i++)
    {
      FdExtensionStatus *status = g_ptr_array_index (statuses, i);
      g_autofree char *name = NULL;

      fd_extension_label_lookup ((const char * const *) labels,
                                 fd_extension_get_id (status->extension), &name);
      if (json)
        {
          if (i > 0)
            g_string_append (out, ",\n ");
          append_status_json (out, status, name);
        }
      else
        append_status_text (out, status, name);
    }
  if (json)
    g_string_append (out, "]\n");
  fputs (out->str, stdout);
  fflush (stdout);
}

int
fd_cli_run_extensions (FdClient *client,
                       gboolean  json)
{
  Fetch fetch = { g_main_loop_new (NULL, FALSE), 2, NULL, NULL, NULL };
  int status = 0;

  fd_client_send_with_parser_async (client, "ListExtensions", NULL, fd_extensions_parse,
                                    NULL, on_extensions, &fetch);
  fd_client_list_calls_async (client, NULL, on_calls, &fetch);
  g_main_loop_run (fetch.loop);

  if (fetch.error == NULL)
    {
      g_autoptr(GPtrArray) statuses = fd_extension_compute_presence (fetch.extensions, fetch.calls);
      print_statuses (statuses, json);
    }
  else
    {
      fprintf (stderr, "frontdesk: %s\n", fetch.error->message);
      status = fd_error_exit_status (fetch.error);
    }
  g_clear_pointer (&fetch.extensions, g_ptr_array_unref);
  g_clear_pointer (&fetch.calls, g_ptr_array_unref);
  g_clear_error (&fetch.error);
  g_main_loop_unref (fetch.loop);
  return status;
}
