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
  if (has_scheme (uri, "postgresql") || has_scheme (uri, "postgres"))
    {
      /* Errors never echo the URI: it may carry a password. */
      FdJournalBackend *backend = fd_journal_pg_open (uri, error);
      FdJournal *journal;

      if (backend == NULL)
        return NULL;
      journal = fd_journal_new_for_backend (backend);
      fd_journal_set_uri (journal, uri);
      fd_journal_pg_replay_outbox (backend);
      return journal;
    }
  return fd_journal_open (uri, error);
}
