/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPoller"

#include "config.h"

#include "fd-error.h"
#include "fd-poller.h"

#include <math.h>

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_TRACKER,
  PROP_INTERVAL,
  PROP_STATE,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  SNAPSHOT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _FdPoller
{
  GObject            parent_instance;

  /* Owned */
  FdClient          *client;
  FdCallTracker     *tracker;
  GCancellable      *cancellable;   /* of the request in flight, if any */
  GError            *error;         /* the last failure, while not online */
  GRand             *rand;

  double             interval;
  FdConnectionState  state;
  guint              timer_id;
  guint              failures;      /* in a row, for the backoff */
  guint64            n_polls;
  gint64             next_try;      /* monotonic µs of the scheduled poll; 0: none */
  GDateTime         *last_seen;     /* local time of the last good poll; nullable */
  gint64             started_at;    /* monotonic time the current poll began */
  gboolean           running;
  gboolean           in_flight;
  gboolean           poll_again;    /* poll_now() came while a request ran */
  FdPollerResolver   resolver;      /* names a snapshot's calls; nullable */
  gpointer           resolver_data;
};

G_DEFINE_FINAL_TYPE (FdPoller, fd_poller, G_TYPE_OBJECT)

static void poll_once (FdPoller *self);

static void
set_state (FdPoller          *self,
           FdConnectionState  state,
           const GError      *error)
{
  gboolean error_changed;

  error_changed = (error == NULL) != (self->error == NULL) ||
                  (error != NULL && g_strcmp0 (error->message, self->error->message) != 0);
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  g_object_freeze_notify (G_OBJECT (self));
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  if (state != self->state)
    {
      g_debug ("Connection %s -> %s", fd_connection_state_to_string (self->state),
               fd_connection_state_to_string (state));
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_timer (gpointer user_data)
{
  FdPoller *self = user_data;

  self->timer_id = 0;
  poll_once (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (FdPoller *self,
          double    delay)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->next_try = 0;
  if (!self->running)
    return;
  self->next_try = g_get_monotonic_time () + (gint64) (MAX (delay, 0) * G_USEC_PER_SEC);
  self->timer_id = g_timeout_add ((guint) (MAX (delay, 0) * 1000), on_timer, self);
}

/* Exponential backoff with "equal jitter": half the delay is fixed, half
 * random, so many desks restarting together do not poll in lockstep. */
static double
backoff_delay (FdPoller *self)
{
  double delay = self->interval * pow (2, MIN (self->failures, 16) - 1);

  delay = MIN (delay, FD_POLLER_MAX_BACKOFF);
  return delay / 2 + g_rand_double_range (self->rand, 0, delay / 2);
}

static double
elapsed_seconds (FdPoller *self)
{
  return (g_get_monotonic_time () - self->started_at) / (double) G_USEC_PER_SEC;
}

static void
handle_success (FdPoller  *self,
                GPtrArray *calls)
{
  self->failures = 0;
  self->n_polls++;
  g_clear_pointer (&self->last_seen, g_date_time_unref);
  self->last_seen = g_date_time_new_now_local ();
  set_state (self, FD_CONNECTION_ONLINE, NULL);
  if (self->resolver != NULL)
    self->resolver (calls, self->resolver_data);
  fd_call_tracker_apply (self->tracker, calls);
  g_signal_emit (self, signals[SNAPSHOT], 0, calls);
  /* A steady cadence: the interval runs from the start of this poll. */
  schedule (self, self->interval - elapsed_seconds (self));
}

static void
handle_failure (FdPoller     *self,
                const GError *error)
{
  gboolean auth = error->domain == FD_API_ERROR && fd_api_code_is_auth (error->code);
  double delay;

  self->failures++;
  delay = backoff_delay (self);
  g_debug ("Poll failed (%u in a row), next try in %.1f s: %s", self->failures, delay, error->message);
  /* Calls are left as they were: a failed poll ends no call. */
  set_state (self, auth ? FD_CONNECTION_AUTH_FAILED : FD_CONNECTION_OFFLINE, error);
  schedule (self, delay);
}

static void
on_calls_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FdPoller *self;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled means stopped or disposed: self may be gone already. */
  calls = fd_client_list_calls_finish (FD_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Poll cancelled");
      return;
    }
  self = FD_POLLER (user_data);

  self->in_flight = FALSE;
  g_clear_object (&self->cancellable);

  if (calls != NULL)
    handle_success (self, calls);
  else
    handle_failure (self, error);

  if (self->poll_again && self->running)
    {
      self->poll_again = FALSE;
      fd_poller_poll_now (self);
    }
}

static void
poll_once (FdPoller *self)
{
  g_assert (!self->in_flight);

  self->next_try = 0;
  if (!self->running)
    return;

  self->in_flight = TRUE;
  self->started_at = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  fd_client_list_calls_async (self->client, self->cancellable, on_calls_listed, self);
}

static void
cancel_in_flight (FdPoller *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->in_flight = FALSE;
  self->poll_again = FALSE;
}

static void
fd_poller_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FdPoller *self = FD_POLLER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_TRACKER:
      g_value_set_object (value, self->tracker);
      break;
    case PROP_INTERVAL:
      g_value_set_double (value, self->interval);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, fd_poller_get_last_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_poller_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FdPoller *self = FD_POLLER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_TRACKER:
      self->tracker = g_value_dup_object (value);
      break;
    case PROP_INTERVAL:
      fd_poller_set_interval (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A new address is a new PBX: until it answers, the status names it as
 * being connected to, never the old one as connected. */
static void
on_url_changed (FdPoller *self)
{
  if (self->state == FD_CONNECTION_STOPPED)
    return;
  self->failures = 0;
  set_state (self, FD_CONNECTION_CONNECTING, NULL);
}

static void
fd_poller_constructed (GObject *object)
{
  FdPoller *self = FD_POLLER (object);

  G_OBJECT_CLASS (fd_poller_parent_class)->constructed (object);

  if (self->client == NULL)
    self->client = fd_client_new (NULL);
  if (self->tracker == NULL)
    self->tracker = fd_call_tracker_new ();
  g_signal_connect_object (self->client, "notify::url", G_CALLBACK (on_url_changed), self, G_CONNECT_SWAPPED);
}

static void
fd_poller_dispose (GObject *object)
{
  FdPoller *self = (FdPoller *) object;

  fd_poller_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (fd_poller_parent_class)->dispose (object);
}

static void
fd_poller_finalize (GObject *object)
{
  FdPoller *self = (FdPoller *) object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->last_seen, g_date_time_unref);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (fd_poller_parent_class)->finalize (object);
}

static void
fd_poller_class_init (FdPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_poller_get_property;
  object_class->set_property = fd_poller_set_property;
  object_class->constructed = fd_poller_constructed;
  object_class->dispose = fd_poller_dispose;
  object_class->finalize = fd_poller_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACKER] =
    g_param_spec_object ("tracker", NULL, NULL, FD_TYPE_CALL_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_double ("interval", NULL, NULL, FD_POLLER_MIN_INTERVAL, 3600,
                         FD_POLLER_DEFAULT_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, FD_CONNECTION_STOPPED, FD_CONNECTION_AUTH_FAILED,
                      FD_CONNECTION_STOPPED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SNAPSHOT] =
    g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
fd_poller_init (FdPoller *self)
{
  self->interval = FD_POLLER_DEFAULT_INTERVAL;
  self->state = FD_CONNECTION_STOPPED;
  self->rand = g_rand_new ();
}

FdPoller *
fd_poller_new (FdClient      *client,
               FdCallTracker *tracker)
{
  return g_object_new (FD_TYPE_POLLER, "client", client, "tracker", tracker, NULL);
}

FdClient *
fd_poller_get_client (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), NULL);
  return self->client;
}

FdCallTracker *
fd_poller_get_tracker (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), NULL);
  return self->tracker;
}

double
fd_poller_get_interval (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), FD_POLLER_DEFAULT_INTERVAL);
  return self->interval;
}

/* A new interval applies at once to a poller that is waiting while online;
 * a poller backing off keeps its current wait. */
void
fd_poller_set_interval (FdPoller *self,
                        double    seconds)
{
  g_return_if_fail (FD_IS_POLLER (self));

  seconds = MAX (seconds, FD_POLLER_MIN_INTERVAL);
  if (seconds == self->interval)
    return;
  self->interval = seconds;
  if (self->running && !self->in_flight && self->failures == 0 && self->timer_id != 0)
    schedule (self, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

FdConnectionState
fd_poller_get_state (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), FD_CONNECTION_STOPPED);
  return self->state;
}

const char *
fd_poller_get_last_error (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

const GError *
fd_poller_get_error (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), NULL);
  return self->error;
}

guint64
fd_poller_get_n_polls (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), 0);
  return self->n_polls;
}

gboolean
fd_poller_is_running (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), FALSE);
  return self->running;
}

void
fd_poller_start (FdPoller *self)
{
  g_return_if_fail (FD_IS_POLLER (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->failures = 0;
  set_state (self, FD_CONNECTION_CONNECTING, NULL);
  poll_once (self);
}

void
fd_poller_stop (FdPoller *self)
{
  g_return_if_fail (FD_IS_POLLER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->next_try = 0;
  cancel_in_flight (self);
  set_state (self, FD_CONNECTION_STOPPED, NULL);
}

/* "Refresh now", and the re-poll after a call-control command. Also the
 * way out of a long backoff once the user fixed something. */
void
fd_poller_poll_now (FdPoller *self)
{
  g_return_if_fail (FD_IS_POLLER (self));

  if (!self->running)
    return;
  if (self->in_flight)
    {
      self->poll_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->timer_id, g_source_remove);
  poll_once (self);
}

const char *
fd_connection_state_to_string (FdConnectionState state)
{
  switch (state)
    {
    case FD_CONNECTION_STOPPED:
      return "stopped";
    case FD_CONNECTION_CONNECTING:
      return "connecting";
    case FD_CONNECTION_ONLINE:
      return "online";
    case FD_CONNECTION_OFFLINE:
      return "offline";
    case FD_CONNECTION_AUTH_FAILED:
      return "auth-failed";
    default:
      g_return_val_if_reached ("offline");
    }
}

/**
 * fd_poller_get_next_try:
 *
 * Returns: the monotonic time (µs) at which the next poll is due, or 0
 *   while none is scheduled (stopped, or a request is in flight). While
 *   offline this is when the backoff asks the PBX again.
 */
gint64
fd_poller_get_next_try (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), 0);
  return self->next_try;
}

/**
 * fd_poller_get_last_seen:
 *
 * Returns: (transfer none) (nullable): the local time of the last good
 *   poll, NULL before the first one. The calls the tracker holds are as
 *   the PBX described them then.
 */
GDateTime *
fd_poller_get_last_seen (FdPoller *self)
{
  g_return_val_if_fail (FD_IS_POLLER (self), NULL);
  return self->last_seen;
}

void
fd_poller_set_resolver (FdPoller         *self,
                        FdPollerResolver  resolver,
                        gpointer          data)
{
  g_return_if_fail (FD_IS_POLLER (self));

  self->resolver = resolver;
  self->resolver_data = data;
}
