/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdOfflineBar"

#include "config.h"

#include "fd-offline-bar.h"

#include <glib/gi18n.h>

#define STALE_OPACITY  0.5
#define TICK_MS        250
#define STALE_CLASS    "stale"

enum {
  PROP_0,
  PROP_POLLER,
  PROP_STALE_WIDGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdOfflineBar
{
  GtkInfoBar  parent_instance;

  GtkLabel   *seen_label;
  GtkLabel   *retry_label;
  FdPoller   *poller;
  GtkWidget  *stale_widget;   /* weak: the window owns both */
  guint       tick_id;        /* the countdown, while shown */
  gboolean    stale;
};

G_DEFINE_FINAL_TYPE (FdOfflineBar, fd_offline_bar, GTK_TYPE_INFO_BAR)

enum {
  RESPONSE_RETRY = 1,
};

static void
update_seen (FdOfflineBar *self)
{
  GDateTime *seen = fd_poller_get_last_seen (self->poller);
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (seen == NULL)
    {
      gtk_label_set_text (self->seen_label, _("The phone system has not answered yet."));
      return;
    }
  time = g_date_time_format (seen, "%H:%M:%S");
  /* Translators: %s is the time of the last good answer (14:05:09) */
  text = g_strdup_printf (_("Last seen %s"), time);
  gtk_label_set_text (self->seen_label, text);
}

/* The countdown rounds up: "in 1 s" until the very try. */
static gboolean
update_retry (gpointer data)
{
  FdOfflineBar *self = data;
  gint64 next = fd_poller_get_next_try (self->poller);
  gint64 left = next - g_get_monotonic_time ();
  g_autofree char *text = NULL;

  if (next == 0 || left <= 0)
    {
      gtk_label_set_text (self->retry_label, _("Trying again now…"));
      return G_SOURCE_CONTINUE;
    }
  /* Translators: %u is a number of seconds */
  text = g_strdup_printf (_("Trying again in %u s"), (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  gtk_label_set_text (self->retry_label, text);
  return G_SOURCE_CONTINUE;
}

static void
set_stale (FdOfflineBar *self,
           gboolean      stale)
{
  GtkStyleContext *context;

  self->stale = stale;
  gtk_widget_set_visible (GTK_WIDGET (self), stale);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (stale)
    self->tick_id = g_timeout_add (TICK_MS, update_retry, self);
  if (self->stale_widget == NULL)
    return;
  context = gtk_widget_get_style_context (self->stale_widget);
  gtk_widget_set_opacity (self->stale_widget, stale ? STALE_OPACITY : 1.0);
  if (stale)
    gtk_style_context_add_class (context, STALE_CLASS);
  else
    gtk_style_context_remove_class (context, STALE_CLASS);
}

static void
on_state (FdOfflineBar *self)
{
  FdConnectionState state = fd_poller_get_state (self->poller);
  gboolean stale = state == FD_CONNECTION_OFFLINE || state == FD_CONNECTION_AUTH_FAILED;

  if (stale)
    {
      update_seen (self);
      update_retry (self);
    }
  if (stale != self->stale)
    set_stale (self, stale);
}

static void
on_response (FdOfflineBar *self,
             int           response)
{
  if (response == RESPONSE_RETRY)
    fd_offline_bar_retry (self);
}

static void
build (FdOfflineBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *area = gtk_info_bar_get_content_area (GTK_INFO_BAR (self));

  self->seen_label = GTK_LABEL (gtk_label_new (NULL));
  self->retry_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->seen_label, 0);
  gtk_label_set_xalign (self->retry_label, 0);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->retry_label)), "dim-label");
  gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (self->seen_label));
  gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (self->retry_label));
  gtk_widget_show_all (box);
  gtk_container_add (GTK_CONTAINER (area), box);
  gtk_info_bar_add_button (GTK_INFO_BAR (self), _("_Retry Now"), RESPONSE_RETRY);
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self), GTK_MESSAGE_WARNING);
  gtk_widget_set_no_show_all (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "response", G_CALLBACK (on_response), NULL);
}

static void
fd_offline_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdOfflineBar *self = FD_OFFLINE_BAR (object);

  switch (prop_id)
    {
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    case PROP_STALE_WIDGET:
      g_value_set_object (value, self->stale_widget);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_offline_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdOfflineBar *self = FD_OFFLINE_BAR (object);

  switch (prop_id)
    {
    case PROP_POLLER:
      self->poller = g_value_dup_object (value);
      break;
    case PROP_STALE_WIDGET:
      g_set_weak_pointer (&self->stale_widget, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_offline_bar_constructed (GObject *object)
{
  FdOfflineBar *self = FD_OFFLINE_BAR (object);

  G_OBJECT_CLASS (fd_offline_bar_parent_class)->constructed (object);

  g_assert (FD_IS_POLLER (self->poller));
  build (self);
  g_signal_connect_object (self->poller, "notify::state", G_CALLBACK (on_state), self, G_CONNECT_SWAPPED);
  on_state (self);
}

static void
fd_offline_bar_dispose (GObject *object)
{
  FdOfflineBar *self = FD_OFFLINE_BAR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->poller);
  g_clear_weak_pointer (&self->stale_widget);

  G_OBJECT_CLASS (fd_offline_bar_parent_class)->dispose (object);
}

static void
fd_offline_bar_class_init (FdOfflineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_offline_bar_get_property;
  object_class->set_property = fd_offline_bar_set_property;
  object_class->constructed = fd_offline_bar_constructed;
  object_class->dispose = fd_offline_bar_dispose;

  properties[PROP_POLLER] =
    g_param_spec_object ("poller", NULL, NULL, FD_TYPE_POLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALE_WIDGET] =
    g_param_spec_object ("stale-widget", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_offline_bar_init (FdOfflineBar *self)
{
}

GtkWidget *
fd_offline_bar_new (FdPoller  *poller,
                    GtkWidget *stale_widget)
{
  g_return_val_if_fail (FD_IS_POLLER (poller), NULL);
  g_return_val_if_fail (stale_widget == NULL || GTK_IS_WIDGET (stale_widget), NULL);

  return g_object_new (FD_TYPE_OFFLINE_BAR, "poller", poller, "stale-widget", stale_widget, NULL);
}

gboolean
fd_offline_bar_is_stale (FdOfflineBar *self)
{
  g_return_val_if_fail (FD_IS_OFFLINE_BAR (self), FALSE);
  return self->stale;
}

const char *
fd_offline_bar_get_last_seen_text (FdOfflineBar *self)
{
  g_return_val_if_fail (FD_IS_OFFLINE_BAR (self), NULL);
  return gtk_label_get_text (self->seen_label);
}

const char *
fd_offline_bar_get_retry_text (FdOfflineBar *self)
{
  g_return_val_if_fail (FD_IS_OFFLINE_BAR (self), NULL);
  return gtk_label_get_text (self->retry_label);
}

/* Asks the PBX now instead of waiting out the backoff. */
void
fd_offline_bar_retry (FdOfflineBar *self)
{
  g_return_if_fail (FD_IS_OFFLINE_BAR (self));

  fd_poller_poll_now (self->poller);
  update_retry (self);
}
