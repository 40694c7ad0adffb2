/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdHistoryRecovery"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-error.h"
#include "fd-history-parser.h"
#include "fd-history-recovery.h"

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_JOURNAL,
  PROP_TRACKER,
  PROP_PBX,
  PROP_INTERVAL,
  PROP_ERROR,
  PROP_RUNNING,
  PROP_N_ADDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _FdHistoryRecovery
{
  GObject        parent_instance;

  FdClient      *client;
  FdJournal     *journal;
  FdCallTracker *tracker;       /* nullable */
  char          *pbx;           /* nullable */
  double         interval;
  char          *error;
  guint64        n_added;
  guint          timer;
  gboolean       ozeki10;       /* the PBX answered GetCallHistory with 301 */
  FdConnectionState poller_state;
  gboolean       poller_online_once;

  /* The read in flight; calls gather over its pages and are journaled
   * only once every page came, so a bad page adds nothing. */
  GCancellable  *cancellable;
  gboolean       again;         /* a read was asked for during this one */
  GDateTime     *began;
  GDateTime     *from;
  guint          page;
  GPtrArray     *calls;
};

G_DEFINE_FINAL_TYPE (FdHistoryRecovery, fd_history_recovery, G_TYPE_OBJECT)

static void send_page (FdHistoryRecovery *self);

/* One key per PBX, by its redacted URL: a journal may outlive a change
 * of PBX, and another PBX's history starts afresh. */
static char *
dup_meta_key (FdHistoryRecovery *self)
{
  g_autofree char *url = fd_client_dup_display_url (self->client);

  return g_strconcat ("history-checked ", url, NULL);
}

static GDateTime *
dup_from_time (FdHistoryRecovery *self)
{
  g_autofree char *key = dup_meta_key (self);
  g_autofree char *stored = fd_journal_dup_meta (self->journal, key, NULL);
  g_autoptr(GDateTime) last = stored != NULL ? g_date_time_new_from_iso8601 (stored, NULL) : NULL;

  if (last == NULL)
    return g_date_time_add_seconds (self->began, -FD_HISTORY_RECOVERY_FIRST_LOOK_BACK);
  return g_date_time_add_seconds (last, -FD_HISTORY_RECOVERY_OVERLAP);
}

static void
set_error (FdHistoryRecovery *self,
           const char        *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
clear_read (FdHistoryRecovery *self)
{
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->began, g_date_time_unref);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
}

static gboolean
on_again (gpointer data)
{
  fd_history_recovery_run (data);
  return G_SOURCE_REMOVE;
}

/* @message NULL: the read went well. */
static void
finish_read (FdHistoryRecovery *self,
             const char        *message,
             guint              added)
{
  clear_read (self);
  if (message != NULL)
    g_debug ("%s", message);
  set_error (self, message);
  if (added > 0)
    {
      self->n_added += added;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ADDED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, added);
  if (self->again)
    {
      self->again = FALSE;
      g_idle_add_full (G_PRIORITY_DEFAULT, on_again, g_object_ref (self), g_object_unref);
    }
}

static void
fail_read (FdHistoryRecovery *self,
           const GError      *error)
{
  g_autofree char *message = g_strdup_printf (_("The PBX's call history could not be read: %s"),
                                              error->message);

  finish_read (self, message, 0);
}

/* The history has no end time and no durations: only a state that can
 * only follow an answer makes a call answered [inferred, docs/ozeki-api.md
 * §5]. Any other state, unknown ones included, is kept as the PBX spelled
 * it and the call counts as missed, so a person looks at it. */
static FdCallOutcome
outcome_for (FdCall *call)
{
  static const char *const answered[] = { "CalleeHungUp", "TransferCompleted", "Completed" };
  const char *state = fd_call_get_state (call);

  if (fd_call_state_is_answered (state) || g_strv_contains (answered, state))
    return FD_CALL_OUTCOME_ANSWERED;
  return FD_CALL_OUTCOME_MISSED;
}

static gboolean
is_new (FdHistoryRecovery  *self,
        FdCall             *call,
        gboolean           *fresh,
        GError            **error)
{
  *fresh = FALSE;
  /* A PBX that ignores From= sends older calls too. */
  if (g_date_time_compare (fd_call_get_start_time (call), self->from) < 0)
    return TRUE;
  /* Still in the poller's hands: it journals the call when it ends. */
  if (self->tracker != NULL && fd_call_tracker_lookup (self->tracker, fd_call_get_id (call)) != NULL)
    return TRUE;
  if (!fd_journal_has_call_near (self->journal, call, self->pbx, fresh, error))
    return FALSE;
  *fresh = !*fresh;
  return TRUE;
}

/* Returns how many calls were added; 0 with @error on a journal error. */
static guint
journal_calls (FdHistoryRecovery  *self,
               GError            **error)
{
  guint added = 0;

  for (guint i = 0; i < self->calls->len; i++)
    {
      FdCall *call = g_ptr_array_index (self->calls, i);
      gboolean fresh;

      if (!is_new (self, call, &fresh, error))
        return added;
      if (!fresh)
        continue;
      if (fd_journal_add_full (self->journal, call, outcome_for (call), fd_call_get_start_time (call),
                               FD_JOURNAL_SOURCE_PBX_HISTORY, self->pbx, error) == 0)
        return added;
      added++;
    }
  return added;
}

/* The newest start read: after a capped read, the next one goes on from
 * there instead of reading the same first pages again. */
static GDateTime *
newest_start (FdHistoryRecovery *self)
{
  GDateTime *newest = self->from;

  for (guint i = 0; i < self->calls->len; i++)
    {
      GDateTime *start = fd_call_get_start_time (g_ptr_array_index (self->calls, i));

      if (g_date_time_compare (start, newest) > 0)
        newest = start;
    }
  return newest;
}

static gboolean
remember_check (FdHistoryRecovery  *self,
                gboolean            capped,
                GError            **error)
{
  g_autofree char *key = dup_meta_key (self);
  g_autofree char *value = g_date_time_format_iso8601 (capped ? newest_start (self) : self->began);

  return fd_journal_set_meta (self->journal, key, value, error);
}

static void
complete_read (FdHistoryRecovery *self,
               gboolean           capped)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint added = journal_calls (self, &error);

  if (error == NULL)
    remember_check (self, capped, &error);
  if (error != NULL)
    message = g_strdup_printf (_("The PBX's call history could not be journaled: %s"), error->message);
  else if (capped)
    message = g_strdup_printf (_("The PBX's call history holds more than %u pages of calls; "
                                 "only the first %u were read."),
                               FD_HISTORY_RECOVERY_MAX_PAGES, FD_HISTORY_RECOVERY_MAX_PAGES);
  g_debug ("history read: %u calls, %u added", self->calls->len, added);
  finish_read (self, message, added);
}

static gboolean
is_last_page (FdHistoryRecovery *self,
              FdResponse        *response)
{
  const FdHistoryInfo *info = fd_history_response_info (response);
  guint rows = FD_HISTORY_RECOVERY_ROWS_PER_PAGE;

  if (response->calls->len < rows)
    return TRUE;
  return info->total >= 0 && (gint64) (self->page + 1) * rows >= info->total;
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FdHistoryRecovery) self = user_data;
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = fd_client_send_finish (FD_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Ozeki 10 calls the command ListCallHistory; XE's name gets 301. */
  if (g_error_matches (error, FD_API_ERROR, 301) && !self->ozeki10 && self->page == 0)
    {
      self->ozeki10 = TRUE;
      send_page (self);
      return;
    }
  if (response == NULL)
    {
      fail_read (self, error);
      return;
    }
  g_ptr_array_extend (self->calls, response->calls, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  if (is_last_page (self, response))
    complete_read (self, FALSE);
  else if (self->page + 1 == FD_HISTORY_RECOVERY_MAX_PAGES)
    complete_read (self, TRUE);
  else
    {
      self->page++;
      send_page (self);
    }
}

static void
send_page (FdHistoryRecovery *self)
{
  g_autofree char *page = g_strdup_printf ("%u", self->page);
  g_autofree char *rows = g_strdup_printf ("%u", FD_HISTORY_RECOVERY_ROWS_PER_PAGE);
  g_autoptr(GDateTime) local = g_date_time_to_local (self->from);
  /* "2013-01-17 13:32:12", the PBX's local time, as both products
   * document From= [inferred for XE]. */
  g_autofree char *from = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  const char *params[] = { "PageNumber", page, "RowsPerPage", rows, "From", from, NULL };

  fd_client_send_with_parser_async (self->client, self->ozeki10 ? "ListCallHistory" : "GetCallHistory",
                                    params, fd_history_parse, self->cancellable, on_page,
                                    g_object_ref (self));
}

static gboolean
on_timer (gpointer data)
{
  fd_history_recovery_run (data);
  return G_SOURCE_CONTINUE;
}

static void
on_poller_state (FdPoller          *poller,
                 GParamSpec        *pspec,
                 FdHistoryRecovery *self)
{
  FdConnectionState state = fd_poller_get_state (poller);
  FdConnectionState before = self->poller_state;

  self->poller_state = state;
  if (state != FD_CONNECTION_ONLINE || before == FD_CONNECTION_ONLINE)
    return;
  /* The first read waits for the first good poll: before it the
   * password may still be on its way from the keyring. */
  if (!self->poller_online_once)
    {
      self->poller_online_once = TRUE;
      fd_history_recovery_start (self);
    }
  else if (before == FD_CONNECTION_OFFLINE || before == FD_CONNECTION_AUTH_FAILED)
    fd_history_recovery_connection_restored (self);
}

static void
fd_history_recovery_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FdHistoryRecovery *self = FD_HISTORY_RECOVERY (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_TRACKER:
      g_value_set_object (value, self->tracker);
      break;
    case PROP_PBX:
      g_value_set_string (value, self->pbx);
      break;
    case PROP_INTERVAL:
      g_value_set_double (value, self->interval);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, fd_history_recovery_is_running (self));
      break;
    case PROP_N_ADDED:
      g_value_set_uint64 (value, self->n_added);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_recovery_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FdHistoryRecovery *self = FD_HISTORY_RECOVERY (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    case PROP_TRACKER:
      fd_history_recovery_set_tracker (self, g_value_get_object (value));
      break;
    case PROP_PBX:
      fd_history_recovery_set_pbx (self, g_value_get_string (value));
      break;
    case PROP_INTERVAL:
      fd_history_recovery_set_interval (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_recovery_dispose (GObject *object)
{
  FdHistoryRecovery *self = FD_HISTORY_RECOVERY (object);

  fd_history_recovery_stop (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  clear_read (self);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  g_clear_object (&self->tracker);
  G_OBJECT_CLASS (fd_history_recovery_parent_class)->dispose (object);
}

static void
fd_history_recovery_finalize (GObject *object)
{
  FdHistoryRecovery *self = FD_HISTORY_RECOVERY (object);

  g_free (self->pbx);
  g_free (self->error);
  G_OBJECT_CLASS (fd_history_recovery_parent_class)->finalize (object);
}

static void
fd_history_recovery_class_init (FdHistoryRecoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_history_recovery_get_property;
  object_class->set_property = fd_history_recovery_set_property;
  object_class->dispose = fd_history_recovery_dispose;
  object_class->finalize = fd_history_recovery_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, FD_TYPE_JOURNAL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACKER] =
    g_param_spec_object ("tracker", NULL, NULL, FD_TYPE_CALL_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PBX] =
    g_param_spec_string ("pbx", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_double ("interval", NULL, NULL, 0.01, 24 * 3600.0, FD_HISTORY_RECOVERY_DEFAULT_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ADDED] =
    g_param_spec_uint64 ("n-added", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fd_history_recovery_init (FdHistoryRecovery *self)
{
  self->interval = FD_HISTORY_RECOVERY_DEFAULT_INTERVAL;
  self->poller_state = FD_CONNECTION_STOPPED;
}

FdHistoryRecovery *
fd_history_recovery_new (FdClient  *client,
                         FdJournal *journal)
{
  g_return_val_if_fail (FD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FD_IS_JOURNAL (journal), NULL);

  return g_object_new (FD_TYPE_HISTORY_RECOVERY, "client", client, "journal", journal, NULL);
}

void
fd_history_recovery_set_tracker (FdHistoryRecovery *self,
                                 FdCallTracker     *tracker)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));

  if (g_set_object (&self->tracker, tracker))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACKER]);
}

void
fd_history_recovery_set_pbx (FdHistoryRecovery *self,
                             const char        *pbx)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));

  if (g_strcmp0 (self->pbx, pbx) == 0)
    return;
  g_free (self->pbx);
  self->pbx = g_strdup (pbx);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PBX]);
}

double
fd_history_recovery_get_interval (FdHistoryRecovery *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_RECOVERY (self), 0);
  return self->interval;
}

void
fd_history_recovery_set_interval (FdHistoryRecovery *self,
                                  double             seconds)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));

  if (self->interval == seconds)
    return;
  self->interval = seconds;
  if (self->timer != 0)
    {
      g_clear_handle_id (&self->timer, g_source_remove);
      self->timer = g_timeout_add ((guint) (seconds * 1000), on_timer, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

const char *
fd_history_recovery_get_error (FdHistoryRecovery *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_RECOVERY (self), NULL);
  return self->error;
}

gboolean
fd_history_recovery_is_running (FdHistoryRecovery *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_RECOVERY (self), FALSE);
  return self->cancellable != NULL;
}

guint64
fd_history_recovery_get_n_added (FdHistoryRecovery *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_RECOVERY (self), 0);
  return self->n_added;
}

void
fd_history_recovery_start (FdHistoryRecovery *self)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));

  if (self->timer == 0)
    self->timer = g_timeout_add ((guint) (self->interval * 1000), on_timer, self);
  fd_history_recovery_run (self);
}

void
fd_history_recovery_stop (FdHistoryRecovery *self)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));
  g_clear_handle_id (&self->timer, g_source_remove);
}

void
fd_history_recovery_run (FdHistoryRecovery *self)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));

  if (fd_history_recovery_is_running (self))
    {
      self->again = TRUE;
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->began = g_date_time_new_now_utc ();
  self->from = dup_from_time (self);
  self->page = 0;
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  send_page (self);
}

void
fd_history_recovery_connection_restored (FdHistoryRecovery *self)
{
  g_debug ("connection back: reading the PBX's history");
  fd_history_recovery_run (self);
}

void
fd_history_recovery_follow_poller (FdHistoryRecovery *self,
                                   FdPoller          *poller)
{
  g_return_if_fail (FD_IS_HISTORY_RECOVERY (self));
  g_return_if_fail (FD_IS_POLLER (poller));

  fd_history_recovery_set_tracker (self, fd_poller_get_tracker (poller));
  self->poller_state = FD_CONNECTION_STOPPED;
  g_signal_connect_object (poller, "notify::state", G_CALLBACK (on_poller_state), self, 0);
  on_poller_state (poller, NULL, self);
}
