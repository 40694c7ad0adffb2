/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNotifier"

#include "config.h"

#include "fd-format.h"
#include "fd-notifier-private.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#define DEFAULT_LINGER_MS      4000
#define DEFAULT_DOWN_AFTER_MS  30000

enum {
  PROP_0,
  PROP_DESK,
  PROP_ACTIONS,
  PROP_PAUSED,
  PROP_LINGER,
  PROP_DOWN_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FdNotifier, fd_notifier, G_TYPE_OBJECT)

/* ---- Main thread ------------------------------------------------------ */

/* Each request becomes an idle source on the worker's context: a FIFO
 * queue that the worker drains in order. */
void
_fd_notifier_post (FdNotifier *self,
                   Request    *request)
{
  request->self = self;
  if (self->thread == NULL)
    {
      _fd_notifier_request_free (request);
      return;
    }
  g_main_context_invoke_full (self->worker_context, G_PRIORITY_DEFAULT, _fd_notifier_run_request, request,
                              _fd_notifier_request_free);
}

void
_fd_notifier_close (FdNotifier *self,
                    const char *call_id)
{
  Request *request = g_new0 (Request, 1);

  request->op = OP_CLOSE;
  request->call_id = g_strdup (call_id);
  _fd_notifier_post (self, request);
}

static char *
dup_body (FdCall *call,
          Kind    kind)
{
  g_autofree char *parties = fd_format_dup_parties (call);
  g_autofree char *talk = NULL;

  if (kind == KIND_ENDED && fd_call_get_talk_seconds (call) > 0)
    {
      g_autofree char *duration = fd_format_duration (fd_call_get_talk_seconds (call));

      /* Translators: %s is a duration such as 3:05 */
      talk = g_strdup_printf (_("talked for %s"), duration);
    }
  if (talk != NULL)
    return g_markup_printf_escaped ("<b>%s</b>\n%s", parties, talk);
  return g_markup_printf_escaped ("<b>%s</b>", parties);
}

static const char *
summary_for (Kind kind)
{
  switch (kind)
    {
    case KIND_RINGING:
      return _("Incoming Call");
    case KIND_ANSWERED:
      return _("Call Answered");
    case KIND_MISSED:
      return _("Missed Call");
    case KIND_ENDED:
      return _("Call Ended");
    default:
      g_assert_not_reached ();
    }
}

/* The settings' word on @call: on the watch-list, and @kind switched on. */
static gboolean
wanted (FdNotifier *self,
        FdCall     *call,
        Kind        kind)
{
  static const FdNotifyKind kinds[] = {
    [KIND_RINGING] = FD_NOTIFY_RINGING,
    [KIND_ANSWERED] = FD_NOTIFY_ANSWERED,
    [KIND_MISSED] = FD_NOTIFY_MISSED,
    [KIND_ENDED] = FD_NOTIFY_ENDED,
  };

  return self->settings == NULL || fd_settings_should_notify (self->settings, call, kinds[kind]);
}

static void
notify_call (FdNotifier *self,
             FdCall     *call,
             Kind        kind)
{
  Request *request;

  if (self->paused || !wanted (self, call, kind))
    return;
  request = g_new0 (Request, 1);
  request->standalone = self->settings != NULL && !fd_settings_get_notify (self->settings, FD_NOTIFY_RINGING);
  request->op = OP_SHOW;
  request->kind = kind;
  request->call_id = g_strdup (fd_call_get_id (call));
  request->number = fd_call_dup_number (call);
  request->summary = g_strdup (summary_for (kind));
  request->body = dup_body (call, kind);
  request->linger = self->linger;
  if (kind == KIND_MISSED)
    request->journal_id = self->ending_id;
  if (kind == KIND_MISSED && self->ending_id > 0)
    g_hash_table_insert (self->missed_bubbles, g_memdup2 (&self->ending_id, sizeof (gint64)),
                         g_strdup (request->call_id));
  _fd_notifier_post (self, request);
}

static void
on_call_started (FdNotifier    *self,
                 FdCall        *call,
                 FdCallTracker *tracker)
{
  if (!fd_call_is_ringing (call) || self->paused)
    return;
  /* A call off the watch-list is listed, never notified. */
  if (self->settings != NULL && !fd_settings_call_is_watched (self->settings, call))
    return;
  g_hash_table_add (self->notified, g_strdup (fd_call_get_id (call)));
  notify_call (self, call, KIND_RINGING);
}

static void
on_call_changed (FdNotifier    *self,
                 FdCall        *call,
                 const char    *previous,
                 FdCallTracker *tracker)
{
  if (fd_call_is_ringing (call))
    {
      on_call_started (self, call, tracker);
      return;
    }
  if (g_strcmp0 (previous, FD_CALL_STATE_RINGING) == 0 &&
      fd_call_state_is_answered (fd_call_get_state (call)) &&
      g_hash_table_contains (self->notified, fd_call_get_id (call)))
    notify_call (self, call, KIND_ANSWERED);
}

static void
call_ended (FdNotifier    *self,
            FdCall        *call,
            FdCallOutcome  outcome,
            gint64         journal_id)
{
  gboolean notified = g_hash_table_remove (self->notified, fd_call_get_id (call));

  self->ending_id = journal_id;
  if (outcome == FD_CALL_OUTCOME_MISSED)
    notify_call (self, call, KIND_MISSED);
  else if (notified)
    notify_call (self, call, KIND_ENDED);
  self->ending_id = 0;
}

/* The desk writes the journal first and hands over the entry's id, so a
 * missed call's bubble can offer "Mark Handled". */
static void
on_desk_call_ended (FdNotifier    *self,
                    FdCall        *call,
                    FdCallOutcome  outcome,
                    gint64         journal_id,
                    FdDesk        *desk)
{
  call_ended (self, call, outcome, journal_id);
}

/* A call of the PBX the user left: no "missed" or "ended" bubble, and
 * nothing kept that a later call with the same id could pick up. */
static void
on_call_withdrawn (FdNotifier    *self,
                   FdCall        *call,
                   FdCallTracker *tracker)
{
  g_hash_table_remove (self->notified, fd_call_get_id (call));
}

/* An installed app icon is found by name by any notification server; an
 * uninstalled build sends the picture itself. */
static void
load_icon (FdNotifier *self)
{
  g_autoptr(GError) error = NULL;

  if (fd_icons_are_installed ())
    {
      self->icon_name = g_strdup (FD_ICON_APP);
      return;
    }
  self->image = gdk_pixbuf_new_from_resource_at_scale ("/io/github/frontdesk/Frontdesk/icons/scalable/apps/"
                                                       FD_ICON_APP ".svg", 64, 64, TRUE, &error);
  if (self->image == NULL)
    g_debug ("No application icon for notifications: %s", error->message);
}

static void
fd_notifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FdNotifier *self = FD_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;
    case PROP_ACTIONS:
      g_value_set_object (value, self->actions);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_LINGER:
      g_value_set_uint (value, self->linger);
      break;
    case PROP_DOWN_AFTER:
      g_value_set_uint (value, self->down_after);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_notifier_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FdNotifier *self = FD_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_DESK:
      self->desk = g_value_dup_object (value);
      break;
    case PROP_ACTIONS:
      self->actions = g_value_dup_object (value);
      break;
    case PROP_PAUSED:
      fd_notifier_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_LINGER:
      fd_notifier_set_linger (self, g_value_get_uint (value));
      break;
    case PROP_DOWN_AFTER:
      self->down_after = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_notifier_constructed (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  G_OBJECT_CLASS (fd_notifier_parent_class)->constructed (object);

  g_assert (FD_IS_DESK (self->desk));
  self->tracker = g_object_ref (fd_desk_get_tracker (self->desk));

  load_icon (self);
  self->main_context = g_main_context_ref_thread_default ();
  self->worker_context = g_main_context_new ();
  self->thread = g_thread_new ("fd-notifier", _fd_notifier_worker_main, self);

  g_signal_connect_object (self->tracker, "call-started", G_CALLBACK (on_call_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-changed", G_CALLBACK (on_call_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "call-ended", G_CALLBACK (on_desk_call_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tracker, "call-withdrawn", G_CALLBACK (on_call_withdrawn), self, G_CONNECT_SWAPPED);
  _fd_notifier_outage_follow (self, fd_desk_get_poller (self->desk));
  _fd_notifier_journal_follow (self, self->desk);
}

static void
fd_notifier_dispose (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  _fd_notifier_outage_dispose (self);
  fd_notifier_shutdown (self);
  g_clear_object (&self->tracker);
  g_clear_object (&self->desk);
  g_clear_object (&self->actions);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_notifier_parent_class)->dispose (object);
}

static void
fd_notifier_finalize (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_pointer (&self->missed_bubbles, g_hash_table_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->worker_context, g_main_context_unref);
  g_clear_object (&self->image);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (fd_notifier_parent_class)->finalize (object);
}

static void
fd_notifier_class_init (FdNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_notifier_get_property;
  object_class->set_property = fd_notifier_set_property;
  object_class->constructed = fd_notifier_constructed;
  object_class->dispose = fd_notifier_dispose;
  object_class->finalize = fd_notifier_finalize;

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, FD_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINGER] =
    g_param_spec_uint ("linger", NULL, NULL, 0, 60000, DEFAULT_LINGER_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How long the PBX may fail to answer before "PBX is down" (tests
   * shorten it; a blip of a few seconds is not worth a bubble). */
  properties[PROP_DOWN_AFTER] =
    g_param_spec_uint ("down-after", NULL, NULL, 0, G_MAXUINT, DEFAULT_DOWN_AFTER_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_notifier_init (FdNotifier *self)
{
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->linger = DEFAULT_LINGER_MS;
  self->down_after = DEFAULT_DOWN_AFTER_MS;
  self->missed_bubbles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

FdNotifier *
fd_notifier_new_for_desk (FdDesk       *desk,
                          GActionGroup *actions)
{
  g_return_val_if_fail (FD_IS_DESK (desk), NULL);
  g_return_val_if_fail (actions == NULL || G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (FD_TYPE_NOTIFIER, "desk", desk, "actions", actions, NULL);
}

gboolean
fd_notifier_get_paused (FdNotifier *self)
{
  g_return_val_if_fail (FD_IS_NOTIFIER (self), FALSE);
  return self->paused;
}

/* Pausing closes what is on screen: a ringing bubble would otherwise stay
 * forever, since its call is no longer followed. */
void
fd_notifier_set_paused (FdNotifier *self,
                        gboolean    paused)
{
  Request *request;

  g_return_if_fail (FD_IS_NOTIFIER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    {
      g_hash_table_remove_all (self->notified);
      request = g_new0 (Request, 1);
      request->op = OP_CLOSE_ALL;
      _fd_notifier_post (self, request);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

guint
fd_notifier_get_linger (FdNotifier *self)
{
  g_return_val_if_fail (FD_IS_NOTIFIER (self), 0);
  return self->linger;
}

/* How long an "answered" notification stays before it is closed. */
void
fd_notifier_set_linger (FdNotifier *self,
                        guint       milliseconds)
{
  g_return_if_fail (FD_IS_NOTIFIER (self));

  if (self->linger == milliseconds)
    return;
  self->linger = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINGER]);
}

/* Stops the worker after it has done what was asked before; idempotent.
 * Blocks while a slow server answers what is still queued. Calls that
 * change later notify nothing. */
void
fd_notifier_shutdown (FdNotifier *self)
{
  Request *request;

  g_return_if_fail (FD_IS_NOTIFIER (self));

  if (self->thread == NULL)
    return;
  request = g_new0 (Request, 1);
  request->op = OP_QUIT;
  _fd_notifier_post (self, request);
  g_thread_join (g_steal_pointer (&self->thread));
  /* The D-Bus proxy's last clean-up was queued on the worker's context. */
  while (g_main_context_iteration (self->worker_context, FALSE))
    ;
}

void
fd_notifier_set_settings (FdNotifier *self,
                          FdSettings *settings)
{
  g_return_if_fail (FD_IS_NOTIFIER (self));
  g_return_if_fail (settings == NULL || FD_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}
