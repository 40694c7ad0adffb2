/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-uri.h"
#include "fd-journal-backend.h"

#include <glib/gi18n.h>
#include <string.h>

/* A URI-looking value that is not a path: a scheme of letters, digits,
 * "+", "-" or "." followed by ":" (RFC 3986), "postgresql://host/db". */
static gboolean
has_scheme (const char *uri,
            const char *scheme)
{
  gsize n = strlen (scheme);

  return g_ascii_strncasecmp (uri, scheme, n) == 0 && uri[n] == ':';
}

/**
 * fd_journal_uri_is_postgresql:
 *
 * Whether @uri names a PostgreSQL journal (postgresql:// or postgres://).
 */
gboolean
fd_journal_uri_is_postgresql (const char *uri)
{
  return uri != NULL && (has_scheme (uri, "postgresql") || has_scheme (uri, "postgres"));
}

/**
 * fd_journal_uri_dup_shown:
 *
 * For showing, and as the keyring's key for the database password:
 * scheme, user, host, port and database; the password and the query
 * (which may hold password=) left out.
 *
 * Returns: (nullable): NULL when @uri is not a PostgreSQL URI GUri reads
 *   (several hosts, say)
 */
char *
fd_journal_uri_dup_shown (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (!fd_journal_uri_is_postgresql (uri) ||
      (parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD, NULL)) == NULL)
    return NULL;
  return g_uri_join_with_user (G_URI_FLAGS_NONE, g_uri_get_scheme (parsed),
                               g_uri_get_user (parsed), NULL, NULL, g_uri_get_host (parsed),
                               g_uri_get_port (parsed), g_uri_get_path (parsed), NULL, NULL);
}

/**
 * fd_journal_uri_dup_user:
 *
 * Returns: (nullable): the user name in a PostgreSQL @uri; NULL when it
 *   names none (libpq then takes PGUSER or the login name)
 */
char *
fd_journal_uri_dup_user (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (!fd_journal_uri_is_postgresql (uri) ||
      (parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD, NULL)) == NULL)
    return NULL;
  return g_strdup (g_uri_get_user (parsed));
}

/**
 * fd_journal_open_uri:
 * @uri: (nullable): where the journal is, as the `journal` setting or
 *   `--journal` give it: NULL or "" for the default file, a path,
 *   `sqlite:PATH`, or a libpq URI (`postgresql://` or `postgres://`)
 *
 * Opens the journal @uri names. A PostgreSQL journal is shared: its
 * "changed" signal reports other writers' changes too (see fd-journal.h).
 */
FdJournal *
fd_journal_open_uri (const char  *uri,
                     GError     **error)
{
  return fd_journal_open_uri_with_password (uri, NULL, error);
}

/**
 * fd_journal_open_uri_with_password:
 * @uri: (nullable): as fd_journal_open_uri() takes it
 * @password: (nullable): the PostgreSQL database's password (the desktop
 *   keeps it in the keyring), ignored for a file; NULL or "" leave it to
 *   the URI, PGPASSFILE or ~/.pgpass
 *
 * Opens the journal as fd_journal_open_uri() does. The password goes to
 * libpq as a connection parameter of its own, never into the URI, a
 * message or fd_journal_get_path(); fd_journal_reopen() uses it again.
 */
FdJournal *
fd_journal_open_uri_with_password (const char  *uri,
                                   const char  *password,
                                   GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (uri == NULL || *uri == '\0')
    return fd_journal_open (NULL, error);
  if (has_scheme (uri, "sqlite"))
    {
      const char *path = uri + strlen ("sqlite:");

      if (*path == '\0')
        {
          g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                       _("The journal “%s” names no file: write sqlite:/path/to/journal.db."),
                       uri);
          return NULL;
        }
      return fd_journal_open (path, error);
    }
  if (fd_journal_uri_is_postgresql (uri))
    {
      /* Errors never echo the URI: it may carry a password. */
      FdJournalBackend *backend = fd_journal_pg_open (uri, password, error);
      FdJournal *journal;

      if (backend == NULL)
        return NULL;
      journal = fd_journal_new_for_backend (backend);
      fd_journal_set_uri (journal, uri, password);
      fd_journal_pg_replay_outbox (backend);
      return journal;
    }
  return fd_journal_open (uri, error);
}
