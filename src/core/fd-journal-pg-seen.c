/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-pg-private.h"

/*
 * The rows last read from (or written to) one PostgreSQL journal, by id,
 * for when its server is away: a call known to exist can then be marked
 * offline (the mark waits in the outbox) and shown marked.
 *
 * One store per journal URI in this process, shared by every FdJournal
 * open on it: the desk reads its pages through a worker thread's journal
 * and writes marks through the same worker, while the window refreshes a
 * changed row through the main thread's journal. A store of its own per
 * object made a mark refused for a call the window showed, and a mark
 * made invisible to the other object. Entries are never changed once
 * built, so sharing them across threads is safe; the store's own table is
 * behind its lock.
 *
 * It keeps the FD_JOURNAL_PG_SEEN_MAX rows it learnt of last: scrolling
 * through a million calls must not keep a million for the life of the
 * process. A row dropped can be marked offline again once read again;
 * a mark of a row deleted meanwhile (pruned) is dropped when the outbox
 * is sent, so a row kept too long costs nothing.
 */
#define FD_JOURNAL_PG_SEEN_MAX 20000

struct _FdJournalPgSeen
{
  gatomicrefcount  ref_count;
  char            *key;       /* nullable: NULL for a store of its own */
  GMutex           lock;
  GHashTable      *entries;   /* gint64 * → FdJournalEntry */
  GQueue           order;     /* the entries' keys, oldest learnt first */
};

G_LOCK_DEFINE_STATIC (registry);
static GHashTable *registry;  /* key → FdJournalPgSeen, not owned */

static FdJournalPgSeen *
seen_new (const char *key)
{
  FdJournalPgSeen *self = g_new0 (FdJournalPgSeen, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_queue_init (&self->order);
  self->key = g_strdup (key);
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  return self;
}

/**
 * fd_journal_pg_seen_get:
 * @key: (nullable): the journal's URI as shown (fd_journal_uri_dup_shown());
 *   NULL for a store nobody else shares
 *
 * Returns: (transfer full): the store every journal on @key shares
 */
FdJournalPgSeen *
fd_journal_pg_seen_get (const char *key)
{
  FdJournalPgSeen *self;

  if (key == NULL)
    return seen_new (NULL);
  G_LOCK (registry);
  if (registry == NULL)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  if ((self = g_hash_table_lookup (registry, key)) != NULL)
    g_atomic_ref_count_inc (&self->ref_count);
  else
    {
      self = seen_new (key);
      g_hash_table_insert (registry, self->key, self);
    }
  G_UNLOCK (registry);
  return self;
}

void
fd_journal_pg_seen_unref (FdJournalPgSeen *self)
{
  gboolean last;

  /* Under the registry's lock, so that a get() cannot take a store
   * that is being freed. */
  G_LOCK (registry);
  last = g_atomic_ref_count_dec (&self->ref_count);
  if (last && self->key != NULL)
    g_hash_table_remove (registry, self->key);
  if (last && registry != NULL && g_hash_table_size (registry) == 0)
    g_clear_pointer (&registry, g_hash_table_unref);
  G_UNLOCK (registry);
  if (!last)
    return;
  g_queue_clear (&self->order);
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);
  g_free (self->key);
  g_free (self);
}

void
fd_journal_pg_seen_add (FdJournalPgSeen *self,
                        FdJournalEntry  *entry)
{
  gint64 id = fd_journal_entry_get_id (entry);
  gint64 *key = g_memdup2 (&id, sizeof id);

  g_mutex_lock (&self->lock);
  /* insert, not replace: a known row keeps its key, which order holds. */
  if (g_hash_table_insert (self->entries, key, g_object_ref (entry)))
    g_queue_push_tail (&self->order, key);
  if (g_queue_get_length (&self->order) > FD_JOURNAL_PG_SEEN_MAX)
    g_hash_table_remove (self->entries, g_queue_pop_head (&self->order));
  g_mutex_unlock (&self->lock);
}

/* Returns: (transfer full) (nullable): the row @id as last seen */
FdJournalEntry *
fd_journal_pg_seen_lookup (FdJournalPgSeen *self,
                           gint64           id)
{
  FdJournalEntry *entry;

  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->entries, &id);
  if (entry != NULL)
    g_object_ref (entry);
  g_mutex_unlock (&self->lock);
  return entry;
}

gboolean
fd_journal_pg_seen_contains (FdJournalPgSeen *self,
                             gint64           id)
{
  gboolean found;

  g_mutex_lock (&self->lock);
  found = g_hash_table_contains (self->entries, &id);
  g_mutex_unlock (&self->lock);
  return found;
}
