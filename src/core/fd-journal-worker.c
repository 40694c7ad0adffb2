/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-uri.h"
#include "fd-journal-worker.h"

enum {
  PROP_0,
  PROP_LOCATION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _FdJournalWorker
{
  GObject       parent_instance;

  char         *location;
  FdJournal    *origin;    /* nullable: reopened in the thread, credentials and all */
  GMainContext *context;   /* where "changed" is emitted */
  GThreadPool  *pool;      /* one exclusive thread: the only user of journal */
  FdJournal    *journal;   /* the worker thread's; NULL until the first write opens it */
  GMutex        lock;      /* guards pending, for fd_journal_worker_wait() */
  GCond         idle;
  guint         pending;   /* asked for and not yet written */
  guint         in_flight; /* main context only: asked for, callback not yet run */
};

G_DEFINE_FINAL_TYPE (FdJournalWorker, fd_journal_worker, G_TYPE_OBJECT)

typedef enum {
  JOB_OPEN,
  JOB_ADD,
  JOB_SET_HANDLED,
  JOB_SET_NOTE,
  JOB_SET_HANDLED_BY,
  JOB_MARK_ALL_HANDLED,
  JOB_PRUNE,
  JOB_LIST,
} JobKind;

/* One write, or a read (JOB_LIST: the page of @filter and @note as the
 * search after @id, @days rows at most, into @entries). The worker thread
 * sees only this: a copy of the call, not the
 * tracker's object, which the main thread goes on using. */
typedef struct {
  FdJournalWorker *self;
  GTask           *task;
  JobKind          kind;
  FdCall          *call;
  FdCallOutcome    outcome;
  FdJournalSource  source;
  GDateTime       *ended;
  char            *pbx;
  char            *note;
  gint64           id;
  gboolean         handled;
  guint            days;
  FdJournalFilter  filter;
  GPtrArray       *entries;
  gboolean         ok;
  GError          *error;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->call);
  g_clear_pointer (&job->ended, g_date_time_unref);
  g_free (job->pbx);
  g_free (job->note);
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_clear_object (&job->task);
  /* Last: the worker may finalize here, always in the main context. */
  g_object_unref (job->self);
  g_free (job);
}

static gboolean
run_write (FdJournalWorker *self,
           Job             *job)
{
  switch (job->kind)
    {
    case JOB_OPEN:
      return TRUE;   /* run_job opened it */
    case JOB_ADD:
      job->id = fd_journal_add_full (self->journal, job->call, job->outcome, job->ended, job->source, job->pbx,
                                     &job->error);
      return job->id != 0;
    case JOB_SET_HANDLED:
      return fd_journal_set_handled (self->journal, job->id, job->handled, &job->error);
    case JOB_SET_NOTE:
      return fd_journal_set_note (self->journal, job->id, job->note, &job->error);
    case JOB_SET_HANDLED_BY:
      return fd_journal_set_handled_by (self->journal, job->id, job->note, &job->error);
    case JOB_MARK_ALL_HANDLED:
      return fd_journal_mark_all_handled (self->journal, &job->error);
    case JOB_PRUNE:
      return fd_journal_prune (self->journal, job->days, &job->error);
    case JOB_LIST:
      job->entries = fd_journal_list_after (self->journal, job->filter, job->note, job->id, job->days, &job->error);
      return job->entries != NULL;
    default:
      g_assert_not_reached ();
    }
}

/* Back in the main context: first "changed", so that anyone counting or
 * listing reads the new row, then the caller's callback. */
static gboolean
job_done (gpointer data)
{
  Job *job = data;

  job->self->in_flight--;
  /* A negative id is a call waiting in the PostgreSQL journal's outbox:
   * no row changed yet. */
  if (job->ok && job->id >= 0 && job->kind != JOB_OPEN && job->kind != JOB_LIST)
    g_signal_emit (job->self, signals[CHANGED], 0, job->id);
  if (!job->ok)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->kind == JOB_LIST)
    g_task_return_pointer (job->task, g_steal_pointer (&job->entries), (GDestroyNotify) g_ptr_array_unref);
  else if (job->kind == JOB_ADD)
    g_task_return_int (job->task, job->id);
  else
    g_task_return_boolean (job->task, TRUE);
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* In the worker thread. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  FdJournalWorker *self = job->self;

  if (self->journal == NULL && self->origin != NULL)
    self->journal = fd_journal_reopen (self->origin, &job->error);
  else if (self->journal == NULL)
    self->journal = fd_journal_open_uri (self->location, &job->error);
  job->ok = self->journal != NULL && run_write (self, job);
  g_mutex_lock (&self->lock);
  self->pending--;
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, job_done, job, NULL);
}

static Job *
job_new (FdJournalWorker     *self,
         JobKind              kind,
         gint64               id,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->task = g_task_new (self, cancellable, callback, user_data);
  job->kind = kind;
  job->id = id;
  return job;
}

static void
submit (FdJournalWorker *self,
        Job             *job)
{
  self->in_flight++;
  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  /* An exclusive pool of one never fails to take a job. */
  g_thread_pool_push (self->pool, job, NULL);
}

static void
fd_journal_worker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FdJournalWorker *self = FD_JOURNAL_WORKER (object);

  switch (prop_id)
    {
    case PROP_LOCATION: g_value_set_string (value, self->location); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_journal_worker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FdJournalWorker *self = FD_JOURNAL_WORKER (object);

  switch (prop_id)
    {
    case PROP_LOCATION: self->location = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Every job holds a reference, so no write is queued or running here. */
static void
fd_journal_worker_finalize (GObject *object)
{
  FdJournalWorker *self = FD_JOURNAL_WORKER (object);

  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->journal);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self->location);
  g_clear_object (&self->origin);

  G_OBJECT_CLASS (fd_journal_worker_parent_class)->finalize (object);
}

static void
fd_journal_worker_class_init (FdJournalWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_journal_worker_finalize;
  object_class->get_property = fd_journal_worker_get_property;
  object_class->set_property = fd_journal_worker_set_property;

  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
fd_journal_worker_init (FdJournalWorker *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->context = g_main_context_ref_thread_default ();
  self->pool = g_thread_pool_new (run_job, self, 1, TRUE, NULL);
}

FdJournalWorker *
fd_journal_worker_new (const char *location)
{
  return g_object_new (FD_TYPE_JOURNAL_WORKER, "location", location, NULL);
}

/**
 * fd_journal_worker_new_for_journal:
 *
 * A worker whose thread opens @journal again with fd_journal_reopen():
 * the way for a PostgreSQL journal whose password only the URI it was
 * opened from holds.
 */
FdJournalWorker *
fd_journal_worker_new_for_journal (FdJournal *journal)
{
  FdJournalWorker *self;

  g_return_val_if_fail (FD_IS_JOURNAL (journal), NULL);
  self = fd_journal_worker_new (fd_journal_get_path (journal));
  self->origin = g_object_ref (journal);
  /* Opened now, while the server that just let @journal open answers:
   * a worker that opened at its first write, during an outage, would
   * have no outbox to keep that call in. */
  submit (self, job_new (self, JOB_OPEN, 0, NULL, NULL, NULL));
  return self;
}

const char *
fd_journal_worker_get_location (FdJournalWorker *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL_WORKER (self), NULL);
  return self->location;
}

/* The end time is taken now, not when the thread gets to the write. */
void
fd_journal_worker_add_async (FdJournalWorker     *self,
                             FdCall              *call,
                             FdCallOutcome        outcome,
                             FdJournalSource      source,
                             const char          *pbx,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));
  g_return_if_fail (FD_IS_CALL (call));

  job = job_new (self, JOB_ADD, 0, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_add_async);
  job->call = fd_call_copy (call);
  job->outcome = outcome;
  job->source = source;
  job->pbx = g_strdup (pbx);
  job->ended = g_date_time_new_now_utc ();
  submit (self, job);
}

gint64
fd_journal_worker_add_finish (FdJournalWorker  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  /* g_task_propagate_int() says -1 on an error, which is how a call
   * waiting in the outbox reads: a failure must read 0. */
  if (g_task_had_error (G_TASK (result)))
    {
      g_task_propagate_int (G_TASK (result), error);
      return 0;
    }
  return g_task_propagate_int (G_TASK (result), error);
}

void
fd_journal_worker_set_handled_async (FdJournalWorker     *self,
                                     gint64               id,
                                     gboolean             handled,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  job = job_new (self, JOB_SET_HANDLED, id, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_set_handled_async);
  job->handled = handled;
  submit (self, job);
}

void
fd_journal_worker_set_note_async (FdJournalWorker     *self,
                                  gint64               id,
                                  const char          *note,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  job = job_new (self, JOB_SET_NOTE, id, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_set_note_async);
  job->note = g_strdup (note);
  submit (self, job);
}

/* @handled_by: (nullable): as fd_journal_set_handled_by() takes it; the
 * job keeps it where a note's text would be. */
void
fd_journal_worker_set_handled_by_async (FdJournalWorker     *self,
                                        gint64               id,
                                        const char          *handled_by,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  job = job_new (self, JOB_SET_HANDLED_BY, id, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_set_handled_by_async);
  job->note = g_strdup (handled_by);
  submit (self, job);
}

/* A page of fd_journal_list_after(), read on the worker's thread behind
 * every write asked for before it, so it sees them. */
void
fd_journal_worker_list_async (FdJournalWorker     *self,
                              FdJournalFilter      filter,
                              const char          *search,
                              gint64               after_id,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  job = job_new (self, JOB_LIST, after_id, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_list_async);
  job->filter = filter;
  job->note = g_strdup (search);
  job->days = limit;
  submit (self, job);
}

/* Returns: (transfer full) (element-type FdJournalEntry): the page, or
 *   NULL with @error set (also G_IO_ERROR_CANCELLED) */
GPtrArray *
fd_journal_worker_list_finish (FdJournalWorker  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Both change several rows: "changed" carries 0, as FdJournal's does. */
void
fd_journal_worker_mark_all_handled_async (FdJournalWorker     *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  job = job_new (self, JOB_MARK_ALL_HANDLED, 0, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_mark_all_handled_async);
  submit (self, job);
}

void
fd_journal_worker_prune_async (FdJournalWorker     *self,
                               guint                retention_days,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  job = job_new (self, JOB_PRUNE, 0, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, fd_journal_worker_prune_async);
  job->days = retention_days;
  submit (self, job);
}

gboolean
fd_journal_worker_write_finish (FdJournalWorker  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocks until every write asked for so far is on disk, then runs their
 * callbacks: for a quitting app, so that no call is lost and no job is
 * left holding the worker. Call it from the main context. */
void
fd_journal_worker_wait (FdJournalWorker *self)
{
  g_autoptr(FdJournalWorker) hold = NULL;

  g_return_if_fail (FD_IS_JOURNAL_WORKER (self));

  hold = g_object_ref (self);
  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->idle, &self->lock);
  g_mutex_unlock (&self->lock);
  while (self->in_flight > 0)
    g_main_context_iteration (self->context, TRUE);
}
