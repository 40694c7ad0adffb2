/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNamer"

#include "config.h"

#include "fd-namer.h"

#include "fd-extension.h"

#include <string.h>

/* The journal's meta key for an extension's learned name. */
#define LEARNED_PREFIX "learned-name:"

struct _FdNamer
{
  GObject      parent_instance;

  FdDirectory *directory;  /* nullable */
  char       **labels;     /* "1001=Reception" */
  FdJournal   *journal;    /* nullable: learned names then last this run */
  /* extension -> learned name: the journal's, read in one query when it
   * is set, and those learned since (written through). Naming a snapshot
   * runs on the main thread at every poll: it never asks the journal, a
   * round trip to the server for PostgreSQL. */
  GHashTable  *learned;
  gboolean     loaded;     /* the journal's names are in @learned */
  gint64       next_load;  /* monotonic µs: a failed read waits till then */
};

/* A journal that could not be read is asked again at most this often. */
#define RELOAD_INTERVAL_US (60 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (FdNamer, fd_namer, G_TYPE_OBJECT)

static void ensure_loaded (FdNamer *self);

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (FdNamer *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
fd_namer_dispose (GObject *object)
{
  FdNamer *self = FD_NAMER (object);

  if (self->directory != NULL)
    g_signal_handlers_disconnect_by_data (self->directory, self);
  g_clear_object (&self->directory);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (fd_namer_parent_class)->dispose (object);
}

static void
fd_namer_finalize (GObject *object)
{
  FdNamer *self = FD_NAMER (object);

  g_strfreev (self->labels);
  g_hash_table_unref (self->learned);

  G_OBJECT_CLASS (fd_namer_parent_class)->finalize (object);
}

static void
fd_namer_class_init (FdNamerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_namer_dispose;
  object_class->finalize = fd_namer_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_namer_init (FdNamer *self)
{
  self->labels = g_new0 (char *, 1);
  self->learned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FdNamer *
fd_namer_new (void)
{
  return g_object_new (FD_TYPE_NAMER, NULL);
}

void
fd_namer_set_directory (FdNamer     *self,
                        FdDirectory *directory)
{
  g_return_if_fail (FD_IS_NAMER (self));
  g_return_if_fail (directory == NULL || FD_IS_DIRECTORY (directory));

  if (self->directory == directory)
    return;
  if (self->directory != NULL)
    g_signal_handlers_disconnect_by_data (self->directory, self);
  g_set_object (&self->directory, directory);
  if (directory != NULL)
    g_signal_connect_swapped (directory, "changed", G_CALLBACK (emit_changed), self);
  emit_changed (self);
}

FdDirectory *
fd_namer_get_directory (FdNamer *self)
{
  g_return_val_if_fail (FD_IS_NAMER (self), NULL);
  return self->directory;
}

void
fd_namer_set_labels (FdNamer            *self,
                     const char * const *labels)
{
  const char * const empty[] = { NULL };

  g_return_if_fail (FD_IS_NAMER (self));
  if (labels == NULL)
    labels = empty;
  if (g_strv_equal ((const char * const *) self->labels, labels))
    return;
  g_strfreev (self->labels);
  self->labels = g_strdupv ((char **) labels);
  emit_changed (self);
}

void
fd_namer_set_journal (FdNamer   *self,
                      FdJournal *journal)
{
  g_return_if_fail (FD_IS_NAMER (self));

  if (!g_set_object (&self->journal, journal))
    return;
  /* Names learned this run stay; the new journal's are read at once. */
  self->loaded = FALSE;
  self->next_load = 0;
  ensure_loaded (self);
  emit_changed (self);
}

gboolean
fd_namer_is_extension (const char *number)
{
  gsize length;

  if (number == NULL)
    return FALSE;
  length = strlen (number);
  if (length == 0 || length > 6)
    return FALSE;
  for (const char *p = number; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* The journal's learned names, in one query; a name learned this run
 * (the journal was away, or another) is newer than the stored one. */
static void
ensure_loaded (FdNamer *self)
{
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer extension, name;

  if (self->loaded || self->journal == NULL || g_get_monotonic_time () < self->next_load)
    return;
  stored = fd_journal_dup_meta_with_prefix (self->journal, LEARNED_PREFIX, &error);
  if (stored == NULL)
    {
      g_debug ("No learned names from the journal: %s", error->message);
      self->next_load = g_get_monotonic_time () + RELOAD_INTERVAL_US;
      return;
    }
  self->loaded = TRUE;
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &extension, &name))
    if (name != NULL && *(const char *) name != '\0' && !g_hash_table_contains (self->learned, extension))
      {
        g_hash_table_iter_steal (&iter);
        g_hash_table_insert (self->learned, extension, name);
      }
}

static const char *
lookup_learned (FdNamer    *self,
                const char *extension)
{
  ensure_loaded (self);
  return g_hash_table_lookup (self->learned, extension);
}

/* A label or a learned name for an extension, or NULL. */
static char *
dup_extension_name (FdNamer      *self,
                    const char   *extension,
                    FdNameSource *source)
{
  char *label = NULL;
  const char *learned;

  if (!fd_namer_is_extension (extension))
    return NULL;
  if (fd_extension_label_lookup ((const char * const *) self->labels, extension, &label) != NULL)
    {
      *source = FD_NAME_SOURCE_LABEL;
      return label;
    }
  if ((learned = lookup_learned (self, extension)) != NULL)
    {
      *source = FD_NAME_SOURCE_LEARNED;
      return g_strdup (learned);
    }
  return NULL;
}

char *
fd_namer_dup_name (FdNamer      *self,
                   const char   *number,
                   FdNameSource *source)
{
  FdNameSource ignored;
  const char *name;

  g_return_val_if_fail (FD_IS_NAMER (self), NULL);
  if (source == NULL)
    source = &ignored;
  *source = FD_NAME_SOURCE_NONE;
  if (number == NULL || *number == '\0')
    return NULL;
  if (self->directory != NULL && (name = fd_directory_lookup (self->directory, number, NULL)) != NULL)
    {
      *source = FD_NAME_SOURCE_DIRECTORY;
      return g_strdup (name);
    }
  return dup_extension_name (self, number, source);
}

void
fd_namer_learn (FdNamer    *self,
                const char *extension,
                const char *name)
{
  const char *known;

  g_return_if_fail (FD_IS_NAMER (self));
  if (!fd_namer_is_extension (extension) || name == NULL || *name == '\0')
    return;
  known = lookup_learned (self, extension);
  if (g_strcmp0 (known, name) == 0)
    return;
  g_hash_table_insert (self->learned, g_strdup (extension), g_strdup (name));
  if (self->journal != NULL)
    {
      g_autofree char *key = g_strconcat (LEARNED_PREFIX, extension, NULL);
      g_autoptr(GError) error = NULL;

      if (!fd_journal_set_meta (self->journal, key, name, &error))
        g_debug ("Cannot keep the name of %s: %s", extension, error->message);
    }
  emit_changed (self);
}

/* The PBX's CallerId for a call an extension placed is that extension's
 * display name (fd_directory_name_call() has marked it "pbx"). Only while
 * it rings: after a transfer the Source can be the new party while the
 * CallerId still names the first one. */
static void
learn_from (FdNamer *self,
            FdCall  *call)
{
  if (fd_call_get_caller_name_source (call) == FD_NAME_SOURCE_PBX && fd_call_is_ringing (call))
    fd_namer_learn (self, fd_call_get_source (call), fd_call_get_caller_name (call));
}

void
fd_namer_name_call (FdNamer *self,
                    FdCall  *call)
{
  FdNameSource source = FD_NAME_SOURCE_NONE;
  g_autofree char *caller = NULL;
  g_autofree char *callee = NULL;

  g_return_if_fail (FD_IS_NAMER (self));
  g_return_if_fail (FD_IS_CALL (call));

  fd_directory_name_call (self->directory, call);
  learn_from (self, call);
  /* A label the user gave wins over what the phone calls itself; a
   * learned name only fills a gap. */
  source = fd_call_get_caller_name_source (call);
  if (source != FD_NAME_SOURCE_DIRECTORY &&
      (caller = dup_extension_name (self, fd_call_get_source (call), &source)) != NULL &&
      (source == FD_NAME_SOURCE_LABEL || fd_call_get_caller_name_source (call) == FD_NAME_SOURCE_NONE))
    fd_call_set_caller_name (call, caller, source);
  if (fd_call_get_callee_name_source (call) == FD_NAME_SOURCE_NONE &&
      (callee = dup_extension_name (self, fd_call_get_destination (call), &source)) != NULL)
    fd_call_set_callee_name (call, callee, source);
}

void
fd_namer_name_calls (FdNamer   *self,
                     GPtrArray *calls)
{
  g_return_if_fail (FD_IS_NAMER (self));

  for (guint i = 0; calls != NULL && i < calls->len; i++)
    fd_namer_name_call (self, g_ptr_array_index (calls, i));
}
