/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCallTracker"

#include "config.h"

#include "fd-call-tracker.h"

enum {
  CALL_STARTED,
  CALL_CHANGED,
  CALL_UPDATED,
  CALL_ENDED,
  CALL_WITHDRAWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  FdCall  *call;        /* the tracker's own copy, stable for the call's life */
  guint64  generation;  /* the snapshot that last contained it */
  gboolean answered;    /* ever InCall, Hold, Answered, Transferred or talking */
} Entry;

/* What one snapshot did, gathered before any signal is emitted so that
 * handlers always see a tracker that is already consistent. */
typedef struct {
  guint          signal_id;
  FdCall        *call;
  char          *previous;   /* owned: the call's own state string changes */
  FdCallOutcome  outcome;
} Event;

struct _FdCallTracker
{
  GObject     parent_instance;

  GHashTable *entries;     /* CallId -> Entry */
  guint64     generation;
};

G_DEFINE_FINAL_TYPE (FdCallTracker, fd_call_tracker, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->call);
  g_free (entry);
}

static gboolean
call_shows_answer (FdCall *call)
{
  return fd_call_state_is_answered (fd_call_get_state (call)) ||
         fd_call_get_talk_seconds (call) > 0;
}

static void
push_event (GArray        *events,
            guint          signal_id,
            FdCall        *call,
            const char    *previous,
            FdCallOutcome  outcome)
{
  Event event = { signal_id, g_object_ref (call), g_strdup (previous), outcome };

  g_array_append_val (events, event);
}

static void
track_call (FdCallTracker *self,
            FdCall        *call,
            GArray        *events)
{
  const char *id = fd_call_get_id (call);
  Entry *entry = g_hash_table_lookup (self->entries, id);
  g_autofree char *previous = NULL;

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->call = fd_call_copy (call);
      entry->generation = self->generation;
      entry->answered = call_shows_answer (call);
      g_hash_table_insert (self->entries, (char *) fd_call_get_id (entry->call), entry);
      push_event (events, signals[CALL_STARTED], entry->call, NULL, 0);
      return;
    }

  /* The same CallId twice in one snapshot: the first one wins. */
  if (entry->generation == self->generation)
    {
      g_debug ("Ignoring a duplicate of call %s in one snapshot", id);
      return;
    }

  entry->generation = self->generation;
  if (fd_call_same_content (entry->call, call))
    return;

  previous = g_strdup (fd_call_get_state (entry->call));
  fd_call_assign (entry->call, call);
  entry->answered |= call_shows_answer (call);

  if (g_strcmp0 (previous, fd_call_get_state (entry->call)) != 0)
    push_event (events, signals[CALL_CHANGED], entry->call, previous, 0);
  else
    push_event (events, signals[CALL_UPDATED], entry->call, NULL, 0);
}

static void
collect_ended (FdCallTracker *self,
               GArray        *events)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      FdCallOutcome outcome;

      if (entry->generation == self->generation)
        continue;

      outcome = entry->answered ? FD_CALL_OUTCOME_ANSWERED : FD_CALL_OUTCOME_MISSED;
      push_event (events, signals[CALL_ENDED], entry->call, NULL, outcome);
      g_hash_table_iter_remove (&iter);
    }
}

static void
emit_event (FdCallTracker *self,
            Event         *event)
{
  if (event->signal_id == signals[CALL_CHANGED])
    g_signal_emit (self, event->signal_id, 0, event->call, event->previous);
  else if (event->signal_id == signals[CALL_ENDED])
    g_signal_emit (self, event->signal_id, 0, event->call, event->outcome);
  else
    g_signal_emit (self, event->signal_id, 0, event->call);
}

static void
fd_call_tracker_finalize (GObject *object)
{
  FdCallTracker *self = (FdCallTracker *) object;

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (fd_call_tracker_parent_class)->finalize (object);
}

static void
fd_call_tracker_class_init (FdCallTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_call_tracker_finalize;

  signals[CALL_STARTED] =
    g_signal_new ("call-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_CALL);
  /* The previous state stays valid for the whole emission, hence STATIC_SCOPE. */
  signals[CALL_CHANGED] =
    g_signal_new ("call-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, FD_TYPE_CALL,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CALL_UPDATED] =
    g_signal_new ("call-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_CALL);
  signals[CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, FD_TYPE_CALL, G_TYPE_INT);
  signals[CALL_WITHDRAWN] =
    g_signal_new ("call-withdrawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_CALL);
}

static void
fd_call_tracker_init (FdCallTracker *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
}

FdCallTracker *
fd_call_tracker_new (void)
{
  return g_object_new (FD_TYPE_CALL_TRACKER, NULL);
}

/**
 * fd_call_tracker_apply:
 * @snapshot: (element-type FdCall): one good ListActiveCalls answer
 *
 * Diffs @snapshot against the previous one, linear in the number of calls.
 * Only call this with a snapshot that was read in full: a failed poll must
 * end no call.
 */
void
fd_call_tracker_apply (FdCallTracker *self,
                       GPtrArray     *snapshot)
{
  g_autoptr(GArray) events = NULL;

  g_return_if_fail (FD_IS_CALL_TRACKER (self));
  g_return_if_fail (snapshot != NULL);

  events = g_array_new (FALSE, FALSE, sizeof (Event));
  self->generation++;

  for (guint i = 0; i < snapshot->len; i++)
    track_call (self, g_ptr_array_index (snapshot, i), events);
  collect_ended (self, events);

  g_object_ref (self);
  for (guint i = 0; i < events->len; i++)
    {
      Event *event = &g_array_index (events, Event, i);

      emit_event (self, event);
      g_object_unref (event->call);
      g_free (event->previous);
    }
  g_object_unref (self);
}

FdCall *
fd_call_tracker_lookup (FdCallTracker *self,
                        const char    *id)
{
  Entry *entry;

  g_return_val_if_fail (FD_IS_CALL_TRACKER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, id);
  return entry != NULL ? entry->call : NULL;
}

GPtrArray *
fd_call_tracker_dup_calls (FdCallTracker *self)
{
  GPtrArray *calls;
  GHashTableIter iter;
  Entry *entry;

  g_return_val_if_fail (FD_IS_CALL_TRACKER (self), NULL);

  calls = g_ptr_array_new_full (g_hash_table_size (self->entries), g_object_unref);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_ptr_array_add (calls, g_object_ref (entry->call));
  return calls;
}

guint
fd_call_tracker_get_n_calls (FdCallTracker *self)
{
  g_return_val_if_fail (FD_IS_CALL_TRACKER (self), 0);
  return g_hash_table_size (self->entries);
}

gboolean
fd_call_tracker_was_answered (FdCallTracker *self,
                              const char    *id)
{
  Entry *entry;

  g_return_val_if_fail (FD_IS_CALL_TRACKER (self), FALSE);

  entry = g_hash_table_lookup (self->entries, id);
  return entry != NULL && entry->answered;
}

/* Forgets every call without emitting "call-ended": used when the user
 * points the app at another PBX, whose calls are not the old ones and did
 * not end (nothing is journalled, nothing is missed). Views hear
 * "call-withdrawn" for each, after the tracker has forgotten them all. */
void
fd_call_tracker_clear (FdCallTracker *self)
{
  g_autoptr(GPtrArray) calls = NULL;

  g_return_if_fail (FD_IS_CALL_TRACKER (self));

  calls = fd_call_tracker_dup_calls (self);
  g_hash_table_remove_all (self->entries);
  for (guint i = 0; i < calls->len; i++)
    g_signal_emit (self, signals[CALL_WITHDRAWN], 0, g_ptr_array_index (calls, i));
}

const char *
fd_call_outcome_to_string (FdCallOutcome outcome)
{
  switch (outcome)
    {
    case FD_CALL_OUTCOME_ANSWERED:
      return "answered";
    case FD_CALL_OUTCOME_MISSED:
      return "missed";
    default:
      g_return_val_if_reached ("missed");
    }
}
