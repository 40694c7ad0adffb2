/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-outbox.h"
#include "fd-journal-private.h"

#include <glib/gi18n.h>

#include <errno.h>

/* A call that ends while the shared journal's server is away must not be
 * lost: it waits here, in an SQLite journal of its own under the user's
 * cache folder, until the server is back. The file is named after a hash
 * of the journal's URI without its password, so that every process (and
 * every FdJournal object) on the same journal shares one outbox, and a
 * restart finds what the last run could not send. Sending goes through
 * the server's normal upsert, oldest first, and a row leaves the outbox
 * only after its upsert committed: a crash in between sends it twice,
 * which the call's unique key merges into one row. */

struct _FdJournalOutbox
{
  /* Owned. */
  char      *path;
  /* Owned; NULL until the file exists (most journals never need one). */
  FdJournal *journal;
  /* The rows in the file when last looked, this process's and others'. */
  guint      n_waiting;
};

char *
fd_journal_outbox_dup_path (const char *redacted_uri)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, redacted_uri, -1);
  g_autofree char *name = g_strdup_printf ("outbox-%s.db", hash);

  return g_build_filename (g_get_user_cache_dir (), "frontdesk", name, NULL);
}

static void
recount (FdJournalOutbox *self)
{
  sqlite3 *db = fd_journal_sqlite_get_db (fd_journal_get_backend (self->journal));
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM calls", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    self->n_waiting = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
}

static gboolean
ensure_open (FdJournalOutbox  *self,
             gboolean          create,
             GError          **error)
{
  g_autofree char *dir = NULL;

  if (self->journal != NULL)
    return TRUE;
  if (!create && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;
  dir = g_path_get_dirname (self->path);
  /* 0700: phone numbers are personal data. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                   _("Could not create the folder %s for the call journal: %s."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }
  if ((self->journal = fd_journal_open (self->path, error)) == NULL)
    return FALSE;
  recount (self);
  return TRUE;
}

/* Opens the outbox if a file is left from before; creates none. */
FdJournalOutbox *
fd_journal_outbox_new (const char *redacted_uri)
{
  g_autoptr(GError) error = NULL;
  FdJournalOutbox *self = g_new0 (FdJournalOutbox, 1);

  self->path = fd_journal_outbox_dup_path (redacted_uri);
  if (!ensure_open (self, FALSE, &error))
    g_warning ("The journal's outbox cannot be read: %s", error->message);
  return self;
}

void
fd_journal_outbox_free (FdJournalOutbox *self)
{
  g_clear_object (&self->journal);
  g_free (self->path);
  g_free (self);
}

/* Returns: minus the outbox row's id (< 0), or 0 with @error set. */
gint64
fd_journal_outbox_add (FdJournalOutbox  *self,
                       FdCall           *call,
                       FdCallOutcome     outcome,
                       GDateTime        *ended_time,
                       FdJournalSource   source,
                       const char       *pbx,
                       GError          **error)
{
  gint64 id;

  if (!ensure_open (self, TRUE, error))
    return 0;
  id = fd_journal_add_full (self->journal, call, outcome, ended_time, source, pbx, error);
  recount (self);
  return -id;
}

guint
fd_journal_outbox_get_n_waiting (FdJournalOutbox *self)
{
  return self->n_waiting;
}

static gboolean
delete_row (FdJournalOutbox *self,
            gint64           id)
{
  sqlite3 *db = fd_journal_sqlite_get_db (fd_journal_get_backend (self->journal));
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (db, "DELETE FROM calls WHERE id = ?", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_bind_int64 (stmt, 1, id) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok;
}

/**
 * fd_journal_outbox_replay:
 *
 * Sends the waiting calls, oldest first, stopping at the first that fails
 * (the server is still away: the rest would fail too, and the order is
 * kept). Another process may be sending the same rows meanwhile: the
 * server merges them, and deleting a row already gone deletes nothing.
 *
 * Returns: whether the number waiting changed
 */
gboolean
fd_journal_outbox_replay (FdJournalOutbox         *self,
                          FdJournalOutboxSendFunc  send,
                          gpointer                 data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint before = self->n_waiting;

  if (self->journal == NULL && !ensure_open (self, FALSE, &error))
    g_debug ("The journal's outbox cannot be read: %s", error->message);
  if (self->journal == NULL)
    return FALSE;
  /* Newest first, so read backwards. */
  entries = fd_journal_list (self->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  for (guint i = entries != NULL ? entries->len : 0; i > 0; i--)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i - 1);

      if (send (data, entry, &error) == 0)
        {
          g_debug ("A waiting call stays in the outbox: %s", error->message);
          break;
        }
      if (!delete_row (self, fd_journal_entry_get_id (entry)))
        g_warning ("A call sent to the journal database stays in the outbox too.");
    }
  if (error != NULL && entries == NULL)
    g_warning ("The journal's outbox cannot be read: %s", error->message);
  recount (self);
  return self->n_waiting != before;
}
