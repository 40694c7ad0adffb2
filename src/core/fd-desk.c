/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-list.h"
#include "fd-desk.h"
#include "fd-journal-worker.h"

#include <glib/gi18n.h>

struct _FdDesk
{
  GObject        parent_instance;

  FdClient      *client;
  FdCallTracker *tracker;
  FdPoller      *poller;
  FdJournal     *journal;       /* the main thread's: reads, and the views' "changed" */
  FdJournalWorker *worker;      /* every write of the desk, off the main thread */
  FdNamer       *namer;
  FdCallList    *calls;
  char          *journal_error;
  char          *user_name;     /* who marks calls handled here; NULL: the account's real name */
  guint          n_ringing;
  guint          missed_count;
};

G_DEFINE_FINAL_TYPE (FdDesk, fd_desk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_TRACKER,
  PROP_POLLER,
  PROP_JOURNAL,
  PROP_CALLS,
  PROP_CONNECTION_STATE,
  PROP_CONNECTION_ERROR,
  PROP_N_CALLS,
  PROP_N_RINGING,
  PROP_MISSED_COUNT,
  PROP_JOURNAL_ERROR,
  N_PROPS
};

enum {
  CALL_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_missed_count (FdDesk *self,
                  guint   count)
{
  if (self->missed_count == count)
    return;
  self->missed_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED_COUNT]);
}

static void
count_ringing (FdDesk *self)
{
  guint n = fd_call_list_get_n_ringing (self->calls);

  if (self->n_ringing == n)
    return;
  self->n_ringing = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RINGING]);
}

static void
on_call_started (FdDesk *self,
                 FdCall *call)
{
  fd_call_list_append (self->calls, call);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CALLS]);
  count_ringing (self);
}

static void
on_call_changed (FdDesk *self,
                 FdCall *call)
{
  fd_call_list_update (self->calls, call);
  count_ringing (self);
}

static void
forget_call (FdDesk *self,
             FdCall *call)
{
  if (!fd_call_list_remove (self->calls, call))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CALLS]);
  count_ringing (self);
}

/* What waits in the outbox on this computer, counted there (so calls
 * kept by an earlier run, or by a recorder on this account, count too):
 * the calls first, since a call nobody sees is the loss to fear; FALSE,
 * saying nothing, when nothing waits. */
static gboolean
say_waiting (FdDesk *self)
{
  g_autofree char *sentence = NULL;
  guint n_calls = fd_journal_get_n_waiting (self->journal);
  guint n_marks = fd_journal_get_n_marks_waiting (self->journal);

  if (n_calls > 0)
    sentence = g_strdup_printf (ngettext ("Journal offline: %u call waits on this computer and is sent when the database is back.",
                                          "Journal offline: %u calls wait on this computer and are sent when the database is back.",
                                          n_calls),
                                n_calls);
  if (sentence != NULL && n_marks > 0)
    {
      g_autofree char *calls = g_steal_pointer (&sentence);

      /* TRANSLATORS: %s is the sentence on the calls waiting, %u the
       * marks handled and notes that wait with them. */
      sentence = g_strdup_printf (ngettext ("%s So does %u change.", "%s So do %u changes.", n_marks),
                                  calls, n_marks);
    }
  else if (n_marks > 0)
    sentence = g_strdup_printf (ngettext ("Journal offline: %u change waits on this computer and is sent when the database is back.",
                                          "Journal offline: %u changes wait on this computer and are sent when the database is back.",
                                          n_marks),
                                n_marks);
  if (sentence == NULL)
    return FALSE;
  fd_desk_set_journal_error (self, sentence);
  return TRUE;
}

typedef struct {
  FdDesk        *self;
  FdCall        *call;
  FdCallOutcome  outcome;
} Ended;

static void
on_call_recorded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GError) error = NULL;
  Ended *ended = data;
  gint64 id = fd_journal_worker_add_finish (FD_JOURNAL_WORKER (source), result, &error);

  if (id == 0)
    fd_desk_set_journal_error (ended->self, error->message);
  /* Waiting in the outbox (see fd_journal_add_full()): said until the
   * server answers again, when the next "changed" refreshes the line. */
  else if (id < 0)
    say_waiting (ended->self);
  g_signal_emit (ended->self, signals[CALL_ENDED], 0, ended->call, ended->outcome, id);
  g_object_unref (ended->call);
  g_object_unref (ended->self);
  g_free (ended);
}

/* The journal is written before anyone hears of the end, so that every
 * listener (the notifier's "Mark Handled", the history) gets the entry id
 * with the signal, whatever the order they connected in. The write runs on
 * the worker's thread; the signal follows in the main context when it is
 * done. With the PBX's address (the journal keeps it without credentials),
 * so that a recorder and every desk on this PBX merge into one row a call. */
static void
on_call_ended (FdDesk        *self,
               FdCall        *call,
               FdCallOutcome  outcome)
{
  Ended *ended;

  g_object_ref (call);
  forget_call (self, call);
  if (self->worker == NULL)
    {
      if (outcome == FD_CALL_OUTCOME_MISSED)
        set_missed_count (self, self->missed_count + 1);
      g_signal_emit (self, signals[CALL_ENDED], 0, call, outcome, (gint64) 0);
      g_object_unref (call);
      return;
    }
  ended = g_new0 (Ended, 1);
  ended->self = g_object_ref (self);
  ended->call = call;
  ended->outcome = outcome;
  fd_journal_worker_add_async (self->worker, call, outcome, FD_JOURNAL_SOURCE_POLL,
                               fd_client_get_url (self->client), NULL, on_call_recorded, ended);
}

/* The worker writes through a journal object of its own, whose "changed"
 * fires in its thread where nobody listens; the main thread's journal says
 * it instead, so the history, the counts and every view that follows that
 * journal read the new row, as they do after a write of their own. */
static void
on_worker_changed (FdDesk *self,
                   gint64  id)
{
  if (self->journal != NULL)
    g_signal_emit_by_name (self->journal, "changed", id);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(FdDesk) self = data;
  g_autoptr(GError) error = NULL;

  if (!fd_journal_worker_write_finish (FD_JOURNAL_WORKER (source), result, &error))
    fd_desk_set_journal_error (self, error->message);
  /* A mark of a call that itself waits in the outbox has no row anyone
   * shows, so no "changed" follows it; the count of what waits must. */
  else if (self->journal_error != NULL)
    fd_desk_refresh_missed (self);
}

static void
on_call_withdrawn (FdDesk *self,
                   FdCall *call)
{
  forget_call (self, call);
}

static void
on_state_changed (FdDesk *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
}

/* Named before the tracker sees them: the journal keeps the name that
 * was shown at the time. */
static void
name_snapshot (GPtrArray *calls,
               gpointer   data)
{
  FdDesk *self = data;

  fd_namer_name_calls (self->namer, calls);
}

static void
on_last_error_changed (FdDesk *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_ERROR]);
}

static void
fd_desk_constructed (GObject *object)
{
  FdDesk *self = FD_DESK (object);

  G_OBJECT_CLASS (fd_desk_parent_class)->constructed (object);

  g_assert (FD_IS_CLIENT (self->client));
  self->tracker = fd_call_tracker_new ();
  self->poller = fd_poller_new (self->client, self->tracker);
  self->namer = fd_namer_new ();
  fd_poller_set_resolver (self->poller, name_snapshot, self);
  g_signal_connect_object (self->tracker, "call-started", G_CALLBACK (on_call_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-changed", G_CALLBACK (on_call_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-withdrawn", G_CALLBACK (on_call_withdrawn), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::state", G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::last-error", G_CALLBACK (on_last_error_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
fd_desk_dispose (GObject *object)
{
  FdDesk *self = FD_DESK (object);

  if (self->poller != NULL)
    {
      fd_poller_stop (self->poller);
      fd_poller_set_resolver (self->poller, NULL, NULL);
    }
  g_clear_object (&self->namer);
  g_clear_object (&self->poller);
  g_clear_object (&self->tracker);
  g_clear_object (&self->worker);
  g_clear_object (&self->journal);
  g_clear_object (&self->client);
  g_clear_object (&self->calls);

  G_OBJECT_CLASS (fd_desk_parent_class)->dispose (object);
}

static void
fd_desk_finalize (GObject *object)
{
  FdDesk *self = FD_DESK (object);

  g_free (self->journal_error);
  g_free (self->user_name);

  G_OBJECT_CLASS (fd_desk_parent_class)->finalize (object);
}

static void
fd_desk_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FdDesk *self = FD_DESK (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_TRACKER: g_value_set_object (value, self->tracker); break;
    case PROP_POLLER: g_value_set_object (value, self->poller); break;
    case PROP_JOURNAL: g_value_set_object (value, self->journal); break;
    case PROP_CALLS: g_value_set_object (value, self->calls); break;
    case PROP_CONNECTION_STATE: g_value_set_enum (value, fd_desk_get_connection_state (self)); break;
    case PROP_CONNECTION_ERROR: g_value_set_string (value, fd_desk_get_connection_error (self)); break;
    case PROP_N_CALLS: g_value_set_uint (value, fd_desk_get_n_calls (self)); break;
    case PROP_N_RINGING: g_value_set_uint (value, self->n_ringing); break;
    case PROP_MISSED_COUNT: g_value_set_uint (value, self->missed_count); break;
    case PROP_JOURNAL_ERROR: g_value_set_string (value, self->journal_error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_desk_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FdDesk *self = FD_DESK (object);

  switch (prop_id)
    {
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_desk_class_init (FdDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = fd_desk_constructed;
  object_class->dispose = fd_desk_dispose;
  object_class->finalize = fd_desk_finalize;
  object_class->get_property = fd_desk_get_property;
  object_class->set_property = fd_desk_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACKER] = g_param_spec_object ("tracker", NULL, NULL, FD_TYPE_CALL_TRACKER, ro);
  properties[PROP_POLLER] = g_param_spec_object ("poller", NULL, NULL, FD_TYPE_POLLER, ro);
  properties[PROP_JOURNAL] = g_param_spec_object ("journal", NULL, NULL, FD_TYPE_JOURNAL, ro);
  properties[PROP_CALLS] = g_param_spec_object ("calls", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_CONNECTION_STATE] =
    g_param_spec_enum ("connection-state", NULL, NULL, FD_TYPE_CONNECTION_STATE, FD_CONNECTION_STOPPED, ro);
  properties[PROP_CONNECTION_ERROR] = g_param_spec_string ("connection-error", NULL, NULL, NULL, ro);
  properties[PROP_N_CALLS] = g_param_spec_uint ("n-calls", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_RINGING] = g_param_spec_uint ("n-ringing", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MISSED_COUNT] = g_param_spec_uint ("missed-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_JOURNAL_ERROR] = g_param_spec_string ("journal-error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, FD_TYPE_CALL, FD_TYPE_CALL_OUTCOME, G_TYPE_INT64);
}

static void
fd_desk_init (FdDesk *self)
{
  self->calls = fd_call_list_new ();
}

FdDesk *
fd_desk_new (FdClient *client)
{
  g_return_val_if_fail (FD_IS_CLIENT (client), NULL);

  return g_object_new (FD_TYPE_DESK, "client", client, NULL);
}

FdClient *
fd_desk_get_client (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return self->client;
}

FdCallTracker *
fd_desk_get_tracker (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return self->tracker;
}

FdPoller *
fd_desk_get_poller (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return self->poller;
}

FdJournal *
fd_desk_get_journal (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return self->journal;
}

/* The count follows every write, here or by another process. The desk's
 * own writes go to a worker on the same file (or URI), which opens its own
 * connection, since an FdJournal serves one thread. */
void
fd_desk_set_journal (FdDesk    *self,
                     FdJournal *journal)
{
  g_return_if_fail (FD_IS_DESK (self));
  g_return_if_fail (journal == NULL || FD_IS_JOURNAL (journal));

  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  if (!g_set_object (&self->journal, journal))
    return;
  fd_namer_set_journal (self->namer, journal);
  if (self->worker != NULL)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  g_clear_object (&self->worker);
  if (journal != NULL)
    {
      g_signal_connect_object (journal, "changed", G_CALLBACK (fd_desk_refresh_missed), self, G_CONNECT_SWAPPED);
      self->worker = fd_journal_worker_new_for_journal (journal);
      g_signal_connect_object (self->worker, "changed", G_CALLBACK (on_worker_changed), self, G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL]);
  fd_desk_refresh_missed (self);
}

static void
on_history_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  GPtrArray *entries = fd_journal_worker_list_finish (FD_JOURNAL_WORKER (source), result, &error);

  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fd_desk_read_history_async:
 *
 * A page of the journal, as fd_journal_list_after() reads it, on the
 * worker's thread (behind the writes asked for before), so that a slow
 * disk or database never holds the window. Without a journal it fails
 * with G_IO_ERROR_NOT_FOUND.
 */
void
fd_desk_read_history_async (FdDesk              *self,
                            FdJournalFilter      filter,
                            const char          *search,
                            gint64               after_id,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FD_IS_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_desk_read_history_async);
  if (self->worker == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               self->journal_error != NULL ? self->journal_error : "no journal");
      return;
    }
  fd_journal_worker_list_async (self->worker, filter, search, after_id, limit, cancellable, on_history_read,
                                g_steal_pointer (&task));
}

/* Returns: (transfer full) (element-type FdJournalEntry): the page, or
 *   NULL with @error set */
GPtrArray *
fd_desk_read_history_finish (FdDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The writes a view asks for, on the worker's thread; a failure lands in
 * "journal-error", success in the journal's "changed". */
void
fd_desk_set_handled (FdDesk   *self,
                     gint64    id,
                     gboolean  handled)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (self->worker == NULL)
    return;
  /* Colleagues sharing the journal see whom to ask about the call. */
  if (handled)
    {
      g_autofree char *name = fd_journal_dup_handler_name (self->user_name);

      fd_journal_worker_set_handled_by_async (self->worker, id, name, NULL, on_written, g_object_ref (self));
    }
  else
    fd_journal_worker_set_handled_async (self->worker, id, FALSE, NULL, on_written, g_object_ref (self));
}

/* @name: (nullable): the `user-name` setting; NULL or "" for the real name
 * of the account. */
void
fd_desk_set_user_name (FdDesk     *self,
                       const char *name)
{
  g_return_if_fail (FD_IS_DESK (self));

  g_free (self->user_name);
  self->user_name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
}

void
fd_desk_set_note (FdDesk     *self,
                  gint64      id,
                  const char *note)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (self->worker != NULL)
    fd_journal_worker_set_note_async (self->worker, id, note, NULL, on_written, g_object_ref (self));
}

/* Old calls that stay a while longer keep the history working: a log line
 * only, not "journal-error". */
static void
on_pruned (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!fd_journal_worker_write_finish (FD_JOURNAL_WORKER (source), result, &error))
    g_message ("Cannot remove old calls from the call history: %s", error->message);
}

void
fd_desk_mark_all_handled (FdDesk *self)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (self->worker != NULL)
    fd_journal_worker_mark_all_handled_async (self->worker, NULL, on_written, g_object_ref (self));
}

void
fd_desk_prune (FdDesk *self,
               guint   retention_days)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (self->worker != NULL)
    fd_journal_worker_prune_async (self->worker, retention_days, NULL, on_pruned, NULL);
}

/* Blocks until the writes asked for so far are on disk: for quitting. */
void
fd_desk_wait_for_writes (FdDesk *self)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (self->worker != NULL)
    fd_journal_worker_wait (self->worker);
}

GListModel *
fd_desk_get_calls (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return G_LIST_MODEL (self->calls);
}

FdConnectionState
fd_desk_get_connection_state (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), FD_CONNECTION_STOPPED);
  return fd_poller_get_state (self->poller);
}

/* The poller's last sentence: why the PBX cannot be reached or read. */
const char *
fd_desk_get_connection_error (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return fd_poller_get_last_error (self->poller);
}

guint
fd_desk_get_n_calls (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->calls));
}

guint
fd_desk_get_n_ringing (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), 0);
  return self->n_ringing;
}

guint
fd_desk_get_missed_count (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), 0);
  return self->missed_count;
}

const char *
fd_desk_get_journal_error (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return self->journal_error;
}

void
fd_desk_set_journal_error (FdDesk     *self,
                           const char *sentence)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (g_strcmp0 (self->journal_error, sentence) == 0)
    return;
  g_free (self->journal_error);
  self->journal_error = g_strdup (sentence);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_ERROR]);
}

/* Without a journal the count is this session's, and the user clears it
 * by looking at the list; with one, only marking handled does. */
void
fd_desk_reset_missed (FdDesk *self)
{
  g_return_if_fail (FD_IS_DESK (self));

  if (self->journal == NULL)
    set_missed_count (self, 0);
}

/* @error; or, while the server is away and calls or marks wait in the
 * outbox (from this desk, an earlier run or another window on this
 * computer), that they are kept and will be sent, so nobody marks a call
 * twice or thinks it lost. A refused password or certificate is said as
 * it is. */
static void
set_offline_error (FdDesk       *self,
                   const GError *error)
{
  if (!g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_UNREACHABLE) ||
      !say_waiting (self))
    fd_desk_set_journal_error (self, error->message);
}

void
fd_desk_refresh_missed (FdDesk *self)
{
  g_autoptr(GError) error = NULL;
  guint count;

  g_return_if_fail (FD_IS_DESK (self));

  if (self->journal == NULL)
    return;
  count = fd_journal_count_unhandled_missed (self->journal, &error);
  if (error != NULL)
    {
      set_offline_error (self, error);
      return;
    }
  fd_desk_set_journal_error (self, NULL);
  set_missed_count (self, count);
}

FdNamer *
fd_desk_get_namer (FdDesk *self)
{
  g_return_val_if_fail (FD_IS_DESK (self), NULL);
  return self->namer;
}
