/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-outbox.h"
#include "fd-journal-private.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <string.h>

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
  guint      n_marks;
};

/* Beside the calls: the marks made while the server was away, in the
 * order they were made, and which outbox call became which server row
 * (a mark may name a call by its outbox id after it was sent). AUTOINCREMENT
 * never gives an outbox id twice, so that map stays right. */
static const char sql_tables[] =
  "CREATE TABLE IF NOT EXISTS outbox_marks (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  " target INTEGER NOT NULL, kind TEXT NOT NULL, handled INTEGER NOT NULL, text TEXT, time TEXT);"
  "CREATE TABLE IF NOT EXISTS outbox_sent (outbox_id INTEGER PRIMARY KEY,"
  " server_id INTEGER NOT NULL)";

char *
fd_journal_outbox_dup_path (const char *redacted_uri)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, redacted_uri, -1);
  g_autofree char *name = g_strdup_printf ("outbox-%s.db", hash);

  return g_build_filename (g_get_user_cache_dir (), "frontdesk", name, NULL);
}

static sqlite3 *
get_db (FdJournalOutbox *self)
{
  return fd_journal_sqlite_get_db (fd_journal_get_backend (self->journal));
}

/* One integer from @sql with ?1 = @arg; @fallback when there is no row. */
static gint64
query_int (FdJournalOutbox *self,
           const char      *sql,
           gint64           arg,
           gint64           fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = fallback;

  if (sqlite3_prepare_v2 (get_db (self), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_bind_int64 (stmt, 1, arg) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
recount (FdJournalOutbox *self)
{
  self->n_waiting = (guint) query_int (self, "SELECT count(*) FROM calls WHERE ?1 = ?1", 0,
                                       self->n_waiting);
  self->n_marks = (guint) query_int (self, "SELECT count(*) FROM outbox_marks WHERE ?1 = ?1", 0,
                                     self->n_marks);
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
  if (sqlite3_exec (get_db (self), sql_tables, NULL, NULL, NULL) != SQLITE_OK)
    return fd_journal_set_sqlite_error (get_db (self), self->path, error, "creating the outbox");
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

/* Counted afresh: another journal object or process on this outbox (the
 * desk's worker, a recorder) may have queued calls or marks since, or an
 * earlier run left them; and a new mark must not overtake those. */
static void
count_afresh (FdJournalOutbox *self)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL && !ensure_open (self, FALSE, &error))
    g_debug ("The journal's outbox cannot be read: %s", error->message);
  if (self->journal != NULL)
    recount (self);
}

guint
fd_journal_outbox_get_n_waiting (FdJournalOutbox *self)
{
  count_afresh (self);
  return self->n_waiting;
}

/* Runs @sql with ?1 = @a and ?2 = @b. */
static gboolean
exec_ids (FdJournalOutbox *self,
          const char      *sql,
          gint64           a,
          gint64           b)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (get_db (self), sql, -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_bind_int64 (stmt, 1, a) == SQLITE_OK &&
       sqlite3_bind_int64 (stmt, 2, b) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok;
}

/* The call went to the server as @server_id: the marks that name it by
 * its outbox id name the server's row now, and it leaves the outbox, in
 * one transaction. */
static gboolean
delete_row (FdJournalOutbox *self,
            gint64           id,
            gint64           server_id)
{
  gboolean ok;

  if (sqlite3_exec (get_db (self), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  ok = exec_ids (self, "INSERT OR REPLACE INTO outbox_sent VALUES (?1, ?2)", id, server_id) &&
       exec_ids (self, "UPDATE outbox_marks SET target = ?2 WHERE target = -?1", id, server_id) &&
       exec_ids (self, "DELETE FROM calls WHERE id = ?1 AND ?2 = ?2", id, 0);
  sqlite3_exec (get_db (self), ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  return ok;
}

gboolean
fd_journal_outbox_has_call (FdJournalOutbox *self,
                            gint64           outbox_id)
{
  if (self->journal == NULL)
    return FALSE;
  return query_int (self, "SELECT count(*) FROM calls WHERE id = ?1", outbox_id, 0) > 0;
}

gint64
fd_journal_outbox_lookup_sent (FdJournalOutbox *self,
                               gint64           outbox_id)
{
  if (self->journal == NULL)
    return 0;
  return query_int (self, "SELECT server_id FROM outbox_sent WHERE outbox_id = ?1", outbox_id, 0);
}

guint
fd_journal_outbox_get_n_marks (FdJournalOutbox *self)
{
  count_afresh (self);
  return self->n_marks;
}

gboolean
fd_journal_outbox_add_mark (FdJournalOutbox            *self,
                            const FdJournalOutboxMark  *mark,
                            GError                    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!ensure_open (self, TRUE, error))
    return FALSE;
  ok = sqlite3_prepare_v2 (get_db (self), "INSERT INTO outbox_marks (target, kind, handled, text, time)"
                           " VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_bind_int64 (stmt, 1, mark->target) == SQLITE_OK &&
       sqlite3_bind_text (stmt, 2, mark->kind, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
       sqlite3_bind_int (stmt, 3, mark->handled) == SQLITE_OK &&
       sqlite3_bind_text (stmt, 4, mark->text, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
       sqlite3_bind_text (stmt, 5, mark->time, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    return fd_journal_set_sqlite_error (get_db (self), self->path, error, "keeping a mark");
  recount (self);
  return TRUE;
}

/* Calls @func for each waiting mark on @target (0: every mark), oldest
 * first, until it returns FALSE; the mark's seq in @seq. */
typedef gboolean (*MarkVisit) (FdJournalOutbox *self, const FdJournalOutboxMark *mark,
                               gint64 seq, gpointer data);

static void
foreach_mark (FdJournalOutbox *self,
              gint64           target,
              MarkVisit        func,
              gpointer         data)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (get_db (self), "SELECT seq, target, kind, handled, text, time"
                          " FROM outbox_marks WHERE ?1 = 0 OR target = ?1 ORDER BY seq", -1,
                          &stmt, NULL) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 1, target) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FdJournalOutboxMark mark = {
        sqlite3_column_int64 (stmt, 1), (const char *) sqlite3_column_text (stmt, 2),
        sqlite3_column_int (stmt, 3), (const char *) sqlite3_column_text (stmt, 4),
        (const char *) sqlite3_column_text (stmt, 5),
      };

      if (!func (self, &mark, sqlite3_column_int64 (stmt, 0), data))
        break;
    }
  sqlite3_finalize (stmt);
}

static gboolean
apply_one (FdJournalOutbox            *self,
           const FdJournalOutboxMark  *mark,
           gint64                      seq,
           gpointer                    data)
{
  FdJournalEntry **entry = data;
  FdJournalEntry *old = *entry;
  gboolean is_note = g_strcmp0 (mark->kind, "note") == 0;
  gboolean by = g_strcmp0 (mark->kind, "handled-by") == 0;
  gboolean handled = is_note ? fd_journal_entry_get_handled (old) : by || mark->handled;
  g_autoptr(GDateTime) time = mark->time != NULL ? g_date_time_new_from_iso8601 (mark->time, NULL) : NULL;
  GDateTime *handled_time = is_note ? fd_journal_entry_get_handled_time (old) : time;

  *entry = fd_journal_entry_new (fd_journal_entry_get_id (old), fd_journal_entry_get_call (old),
                                 fd_journal_entry_get_outcome (old),
                                 fd_journal_entry_get_ended_time (old), handled,
                                 handled ? handled_time : NULL);
  fd_journal_entry_set_details (*entry, is_note ? mark->text : fd_journal_entry_get_note (old),
                                is_note ? fd_journal_entry_get_handled_by (old) : mark->text,
                                fd_journal_entry_get_source (old),
                                fd_journal_entry_get_recorded_by (old),
                                fd_journal_entry_get_pbx (old));
  g_object_unref (old);
  return TRUE;
}

FdJournalEntry *
fd_journal_outbox_apply_marks (FdJournalOutbox *self,
                               FdJournalEntry  *entry)
{
  g_object_ref (entry);
  if (self->journal != NULL && self->n_marks > 0)
    foreach_mark (self, fd_journal_entry_get_id (entry), apply_one, &entry);
  return entry;
}

typedef struct {
  gint64              seq;
  FdJournalOutboxMark mark;
} FirstMark;

/* The oldest waiting mark, copied out (sending it may read the outbox
 * again, through "changed"); seq stays 0 when none waits. */
static gboolean
copy_first (FdJournalOutbox            *self,
            const FdJournalOutboxMark  *mark,
            gint64                      seq,
            gpointer                    data)
{
  FirstMark *first = data;

  first->seq = seq;
  first->mark.target = mark->target;
  first->mark.kind = g_strdup (mark->kind);
  first->mark.handled = mark->handled;
  first->mark.text = g_strdup (mark->text);
  first->mark.time = g_strdup (mark->time);
  return FALSE;
}

static void
first_mark_clear (FirstMark *first)
{
  g_free ((char *) first->mark.kind);
  g_free ((char *) first->mark.text);
  g_free ((char *) first->mark.time);
  memset (first, 0, sizeof *first);
}

/* Sends the oldest waiting mark, holding the outbox's write lock until it
 * is sent and deleted: another journal or process replaying the same
 * file meanwhile waits, so an older mark is never sent after a newer one.
 * Returns: whether a mark went (or was dropped, its call deleted). */
static gboolean
replay_first_mark (FdJournalOutbox         *self,
                   FdJournalOutboxMarkFunc  send_mark,
                   gpointer                 data)
{
  g_autoptr(GError) error = NULL;
  FirstMark first = { 0 };
  gboolean gone = FALSE;

  if (sqlite3_exec (get_db (self), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  foreach_mark (self, 0, copy_first, &first);
  if (first.seq > 0 && first.mark.target > 0)
    gone = send_mark (data, &first.mark, &error) ||
           g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  if (gone)
    exec_ids (self, "DELETE FROM outbox_marks WHERE seq = ?1 AND ?2 = ?2", first.seq, 0);
  else if (first.seq > 0)
    g_debug ("A waiting mark stays in the outbox: %s",
             error != NULL ? error->message : "its call waits");
  /* COMMIT, not ROLLBACK, when it stays: sending may have queued another
   * mark through "changed", in this transaction. */
  sqlite3_exec (get_db (self), "COMMIT", NULL, NULL, NULL);
  first_mark_clear (&first);
  return gone;
}

/* Sends the marks oldest first; stops at one whose call still waits or
 * that fails (the server is away again). A mark of a deleted call is
 * dropped. */
static void
replay_marks (FdJournalOutbox         *self,
              FdJournalOutboxMarkFunc  send_mark,
              gpointer                 data)
{
  while (replay_first_mark (self, send_mark, data))
    ;
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
                          FdJournalOutboxMarkFunc  send_mark,
                          gpointer                 data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint before = self->n_waiting;
  guint marks_before = self->n_marks;
  gint64 server_id;

  if (self->journal == NULL && !ensure_open (self, FALSE, &error))
    g_debug ("The journal's outbox cannot be read: %s", error->message);
  if (self->journal == NULL)
    return FALSE;
  /* Newest first, so read backwards. */
  entries = fd_journal_list (self->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  for (guint i = entries != NULL ? entries->len : 0; i > 0; i--)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i - 1);

      if ((server_id = send (data, entry, &error)) == 0)
        {
          g_debug ("A waiting call stays in the outbox: %s", error->message);
          break;
        }
      if (!delete_row (self, fd_journal_entry_get_id (entry), server_id))
        g_warning ("A call sent to the journal database stays in the outbox too.");
    }
  if (error != NULL && entries == NULL)
    g_warning ("The journal's outbox cannot be read: %s", error->message);
  /* Marks after the calls they may name; they change no call's row the
   * calls' upserts touch, so this order gives what the original did. */
  if (error == NULL)
    replay_marks (self, send_mark, data);
  recount (self);
  return self->n_waiting != before || self->n_marks != marks_before;
}
