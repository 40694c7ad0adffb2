/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdExtensionWatch"

/* Extensions change rarely (a phone registers, one is added), so a slow
 * poll of its own keeps ListExtensions off the fast ListActiveCalls loop. */

#include "config.h"

#include "fd-extension-watch.h"
#include "fd-extensions-parser.h"

#include <string.h>

struct _FdExtensionWatch {
  GObject       parent_instance;
  FdClient     *client;
  double        interval;
  guint         timer_id;
  GCancellable *cancellable;    /* of the fetch in flight, or NULL */
  gint64        last_fetch;     /* monotonic µs of the latest fetch's start */
  double        notice_gap;     /* seconds, see fd_extension_watch_notice_calls() */
  GPtrArray    *extensions;
  char         *error;
};

enum { PROP_0, PROP_INTERVAL, N_PROPS };
enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FdExtensionWatch, fd_extension_watch, G_TYPE_OBJECT)

static void fetch (FdExtensionWatch *self);

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdResponse) response = fd_client_send_finish (FD_CLIENT (source), result, &error);
  FdExtensionWatch *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* stopped or disposed: self may be gone */
  self = FD_EXTENSION_WATCH (user_data);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);
  if (response != NULL && fd_response_check (response, &error))
    {
      g_clear_pointer (&self->extensions, g_ptr_array_unref);
      self->extensions = fd_extensions_response_steal (response);
    }
  else
    self->error = g_strdup (error->message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
fetch (FdExtensionWatch *self)
{
  if (self->cancellable != NULL)
    return;   /* the last one is still on its way: never two at once */
  self->cancellable = g_cancellable_new ();
  self->last_fetch = g_get_monotonic_time ();
  fd_client_send_with_parser_async (self->client, "ListExtensions", NULL, fd_extensions_parse,
                                    self->cancellable, on_fetched, self);
}

/* An internal extension as the PBX writes it: 2 to 6 digits, the rule of
 * fd-phone-number.h; anything longer is an outside number. */
static gboolean
looks_like_extension (const char *number)
{
  gsize n = number != NULL ? strlen (number) : 0;

  if (n < 2 || n > 6)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (number[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_known (FdExtensionWatch *self,
          const char       *number)
{
  for (guint i = 0; i < self->extensions->len; i++)
    if (g_strcmp0 (fd_extension_get_id (g_ptr_array_index (self->extensions, i)), number) == 0)
      return TRUE;
  return FALSE;
}

/**
 * fd_extension_watch_notice_calls:
 * @calls: (element-type FdCall): a snapshot of the active calls
 *
 * A call to or from an extension the last list did not have (a phone
 * added since, or one the list leaves out until it is in use) is fetched
 * again at once rather than at the next tick, so that its colleague's lamp
 * lights while the call is on; at most once every notice gap
 * (FD_EXTENSION_WATCH_NOTICE_GAP seconds unless set), so a number the PBX never lists
 * does not turn the slow poll into a fast one.
 */
void
fd_extension_watch_notice_calls (FdExtensionWatch *self,
                                 GPtrArray        *calls)
{
  g_return_if_fail (FD_IS_EXTENSION_WATCH (self));
  g_return_if_fail (calls != NULL);

  if (self->extensions == NULL || self->timer_id == 0 || self->cancellable != NULL ||
      g_get_monotonic_time () - self->last_fetch < self->notice_gap * G_USEC_PER_SEC)
    return;
  for (guint i = 0; i < calls->len; i++)
    {
      FdCall *call = g_ptr_array_index (calls, i);
      const char *ends[] = { fd_call_get_source (call), fd_call_get_destination (call) };

      for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
        if (looks_like_extension (ends[e]) && !is_known (self, ends[e]))
          {
            g_debug ("Extension %s is not in the list yet: asking again", ends[e]);
            fetch (self);
            return;
          }
    }
}

void
fd_extension_watch_set_notice_gap (FdExtensionWatch *self,
                                   double            seconds)
{
  g_return_if_fail (FD_IS_EXTENSION_WATCH (self));
  self->notice_gap = MAX (seconds, 0.0);
}

static gboolean
on_timer (gpointer user_data)
{
  fetch (FD_EXTENSION_WATCH (user_data));
  return G_SOURCE_CONTINUE;
}

static void
arm_timer (FdExtensionWatch *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add ((guint) (self->interval * 1000.0), on_timer, self);
}

void
fd_extension_watch_start (FdExtensionWatch *self)
{
  g_return_if_fail (FD_IS_EXTENSION_WATCH (self));
  fetch (self);
  arm_timer (self);
}

void
fd_extension_watch_stop (FdExtensionWatch *self)
{
  g_return_if_fail (FD_IS_EXTENSION_WATCH (self));
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

double
fd_extension_watch_get_interval (FdExtensionWatch *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION_WATCH (self), 0);
  return self->interval;
}

void
fd_extension_watch_set_interval (FdExtensionWatch *self,
                                 double            seconds)
{
  g_return_if_fail (FD_IS_EXTENSION_WATCH (self));
  seconds = CLAMP (seconds, 0.01, 86400.0);
  if (seconds == self->interval)
    return;
  self->interval = seconds;
  if (self->timer_id != 0)
    arm_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

GPtrArray *
fd_extension_watch_get_extensions (FdExtensionWatch *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION_WATCH (self), NULL);
  return self->extensions;
}

const char *
fd_extension_watch_get_error (FdExtensionWatch *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION_WATCH (self), NULL);
  return self->error;
}

static void
fd_extension_watch_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FdExtensionWatch *self = FD_EXTENSION_WATCH (object);

  if (prop_id == PROP_INTERVAL)
    g_value_set_double (value, self->interval);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fd_extension_watch_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FdExtensionWatch *self = FD_EXTENSION_WATCH (object);

  if (prop_id == PROP_INTERVAL)
    fd_extension_watch_set_interval (self, g_value_get_double (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fd_extension_watch_dispose (GObject *object)
{
  FdExtensionWatch *self = FD_EXTENSION_WATCH (object);

  fd_extension_watch_stop (self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (fd_extension_watch_parent_class)->dispose (object);
}

static void
fd_extension_watch_finalize (GObject *object)
{
  FdExtensionWatch *self = FD_EXTENSION_WATCH (object);

  g_clear_pointer (&self->extensions, g_ptr_array_unref);
  g_free (self->error);
  G_OBJECT_CLASS (fd_extension_watch_parent_class)->finalize (object);
}

static void
fd_extension_watch_class_init (FdExtensionWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_extension_watch_get_property;
  object_class->set_property = fd_extension_watch_set_property;
  object_class->dispose = fd_extension_watch_dispose;
  object_class->finalize = fd_extension_watch_finalize;

  properties[PROP_INTERVAL] =
    g_param_spec_double ("interval", NULL, NULL, 0.01, 86400.0, FD_EXTENSION_WATCH_DEFAULT_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_extension_watch_init (FdExtensionWatch *self)
{
  self->notice_gap = FD_EXTENSION_WATCH_NOTICE_GAP;
  self->interval = FD_EXTENSION_WATCH_DEFAULT_INTERVAL;
}

FdExtensionWatch *
fd_extension_watch_new (FdClient *client)
{
  FdExtensionWatch *self;

  g_return_val_if_fail (FD_IS_CLIENT (client), NULL);
  self = g_object_new (FD_TYPE_EXTENSION_WATCH, NULL);
  self->client = g_object_ref (client);
  return self;
}
