/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdClient"

/* The PBX's URL as text: checked, shown without secrets, and the request
 * URL built from it. Plain functions over strings: fd-client.c calls
 * them, they never call it back. */

#include "config.h"

#include <glib/gi18n.h>

#include "fd-client-url.h"
#include "fd-error.h"

#include <string.h>

char *
fd_redact_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) query = NULL;
  GUriParamsIter iter;
  char *name;
  char *value;
  const char *raw_query;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return g_strdup ("(an invalid URL)");

  raw_query = g_uri_get_query (uri);
  if (raw_query != NULL)
    {
      query = g_string_new (NULL);
      g_uri_params_iter_init (&iter, raw_query, -1, "&", G_URI_PARAMS_NONE);
      while (g_uri_params_iter_next (&iter, &name, &value, NULL))
        {
          g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

          g_string_append_printf (query, "%s%s=%s", query->len ? "&" : "", name,
                                  g_ascii_strcasecmp (name, "password") == 0 ? "****" : escaped);
          g_free (name);
          g_free (value);
        }
    }

  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                     query != NULL ? query->str : NULL, NULL);
}

gboolean
fd_client_validate_url (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("no PBX address is set"));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_autofree char *shown = fd_redact_url (url);

      g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                   _("“%s” is not a PBX address: it should look like http://pbx:7780"), shown);
      return FALSE;
    }
  return TRUE;
}

/* The command goes in the query of the base URL's path: http://pbx:7780
 * is asked /?command=…, http://pbx:9509/api is asked /api?command=…. */
char *
fd_client_build_request_url (const char         *url,
                             const char         *username,
                             const char         *password,
                             const char         *command,
                             const char * const *params)
{
  g_autoptr(GUri) base = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GString) query = g_string_new (NULL);
  const char *path;

  g_assert (base != NULL);

  if (g_uri_get_query (base) != NULL && *g_uri_get_query (base) != '\0')
    g_string_append_printf (query, "%s&", g_uri_get_query (base));
  g_string_append (query, "command=");
  g_string_append_uri_escaped (query, command, NULL, FALSE);

  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      g_string_append_printf (query, "&%s=", params[i]);
      g_string_append_uri_escaped (query, params[i + 1], NULL, FALSE);
    }
  if (username != NULL && *username != '\0')
    {
      g_string_append (query, "&Username=");
      g_string_append_uri_escaped (query, username, NULL, FALSE);
    }
  if (password != NULL && *password != '\0')
    {
      g_string_append (query, "&Password=");
      g_string_append_uri_escaped (query, password, NULL, FALSE);
    }

  path = g_uri_get_path (base);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), NULL,
                     g_uri_get_host (base), g_uri_get_port (base),
                     (path == NULL || *path == '\0') ? "/" : path, query->str, NULL);
}
