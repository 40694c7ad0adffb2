/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdTray"

#include "config.h"

#include "fd-format.h"
#include "fd-tray.h"

#include <glib/gi18n.h>
#ifdef HAVE_AYATANA
#include <libayatana-appindicator/app-indicator.h>
#endif

enum {
  PROP_0,
  PROP_ACTIONS,
  PROP_DESK,
  PROP_AVAILABLE,
  PROP_MISSED_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdTray
{
  GObject           parent_instance;

  /* Owned */
  GActionGroup     *actions;
  FdDesk           *desk;
  GtkWidget        *menu;
  GtkCheckMenuItem *pause_item;
#ifdef HAVE_AYATANA
  AppIndicator     *indicator;
#else
  GtkStatusIcon    *status_icon;
#endif

  FdTrayState       state;
  const char       *icon_name;
  char             *title;
  gboolean          demo;
  guint             missed_count;
  gboolean          available;
};

G_DEFINE_FINAL_TYPE (FdTray, fd_tray, G_TYPE_OBJECT)

static const char *
state_icon_name (FdTrayState state)
{
  switch (state)
    {
    case FD_TRAY_STATE_ACTIVE:
      return FD_ICON_ACTIVE;
    case FD_TRAY_STATE_RINGING:
      return FD_ICON_RINGING;
    case FD_TRAY_STATE_MISSED:
      return FD_ICON_MISSED;
    case FD_TRAY_STATE_OFFLINE:
      return FD_ICON_OFFLINE;
    case FD_TRAY_STATE_AUTH_FAILED:
      return FD_ICON_AUTH;
    case FD_TRAY_STATE_IDLE:
    default:
      return FD_ICON_IDLE;
    }
}

static void
count_calls (FdTray *self,
             guint  *n_ringing,
             guint  *n_calls)
{
  *n_calls = fd_desk_get_n_calls (self->desk);
  *n_ringing = fd_desk_get_n_ringing (self->desk);
}

/* What matters most wins: the connection, then a ringing phone, then the
 * missed calls nobody has looked at yet. */
static FdTrayState
compute_state (FdTray *self,
               guint   n_ringing,
               guint   n_calls)
{
  switch (fd_desk_get_connection_state (self->desk))
    {
    case FD_CONNECTION_AUTH_FAILED:
      return FD_TRAY_STATE_AUTH_FAILED;
    case FD_CONNECTION_OFFLINE:
      return FD_TRAY_STATE_OFFLINE;
    case FD_CONNECTION_STOPPED:
    case FD_CONNECTION_CONNECTING:
    case FD_CONNECTION_ONLINE:
    default:
      break;
    }
  if (n_ringing > 0)
    return FD_TRAY_STATE_RINGING;
  if (self->missed_count > 0)
    return FD_TRAY_STATE_MISSED;
  if (n_calls > 0)
    return FD_TRAY_STATE_ACTIVE;
  return FD_TRAY_STATE_IDLE;
}

static char *
dup_description (FdTray *self,
                 guint   n_ringing,
                 guint   n_calls)
{
  switch (self->state)
    {
    case FD_TRAY_STATE_AUTH_FAILED:
      return g_strdup (_("Credentials refused"));
    case FD_TRAY_STATE_OFFLINE:
      return g_strdup (_("Offline"));
    case FD_TRAY_STATE_RINGING:
      /* Translators: the tray icon's state; %u is the number of ringing calls */
      return g_strdup_printf (ngettext ("%u call ringing", "%u calls ringing", n_ringing), n_ringing);
    case FD_TRAY_STATE_MISSED:
      return g_strdup_printf (ngettext ("%u missed call", "%u missed calls", self->missed_count),
                              self->missed_count);
    case FD_TRAY_STATE_ACTIVE:
      /* Translators: the tray icon's state; %u is the number of calls in progress */
      return g_strdup_printf (ngettext ("%u call in progress", "%u calls in progress", n_calls), n_calls);
    case FD_TRAY_STATE_IDLE:
    default:
      if (fd_desk_get_connection_state (self->desk) != FD_CONNECTION_ONLINE)
        return g_strdup (_("Connecting…"));
      return g_strdup (_("No active calls"));
    }
}

static void
on_show_activate (FdTray *self)
{
  g_action_group_activate_action (self->actions, "show-calls", NULL);
}

static void
on_preferences_activate (FdTray *self)
{
  g_action_group_activate_action (self->actions, "preferences", NULL);
}

static void
on_quit_activate (FdTray *self)
{
  g_action_group_activate_action (self->actions, "quit", NULL);
}

#ifdef HAVE_AYATANA
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
show_state (FdTray *self)
{
  AppIndicatorStatus status = self->state == FD_TRAY_STATE_RINGING ? APP_INDICATOR_STATUS_ATTENTION
                                                                   : APP_INDICATOR_STATUS_ACTIVE;

  app_indicator_set_icon_full (self->indicator, self->icon_name, self->title);
  app_indicator_set_title (self->indicator, self->title);
  app_indicator_set_status (self->indicator, status);
}

static void
on_connection_changed (AppIndicator *indicator,
                       gboolean      connected,
                       FdTray       *self)
{
  g_debug ("Tray host %s", connected ? "connected" : "gone");
  if (self->available == !!connected)
    return;
  self->available = !!connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* Hosts look icons up by name in their own theme: an uninstalled build
 * points them at the source tree. */
static void
create_icon (FdTray    *self,
             GtkWidget *show_item)
{
  self->indicator = app_indicator_new (APP_ID, FD_ICON_IDLE, APP_INDICATOR_CATEGORY_COMMUNICATIONS);
#ifdef FD_SOURCE_DATADIR
  if (!fd_icons_are_installed () && g_file_test (FD_SOURCE_DATADIR "/icons", G_FILE_TEST_IS_DIR))
    {
      /* libayatana-appindicator 0.5.92 reads past the end of the theme's
       * search path unless it finds the path there already. */
      gtk_icon_theme_append_search_path (gtk_icon_theme_get_default (), FD_SOURCE_DATADIR "/icons");
      app_indicator_set_icon_theme_path (self->indicator, FD_SOURCE_DATADIR "/icons");
    }
#endif
  app_indicator_set_attention_icon_full (self->indicator, FD_ICON_RINGING, _("A phone is ringing"));
  app_indicator_set_menu (self->indicator, GTK_MENU (self->menu));
  /* No left-click callback over SNI: middle click shows the calls. */
  app_indicator_set_secondary_activate_target (self->indicator, show_item);
  g_signal_connect_object (self->indicator, APP_INDICATOR_SIGNAL_CONNECTION_CHANGED,
                           G_CALLBACK (on_connection_changed), self, 0);
}

static void
destroy_icon (FdTray *self)
{
  if (self->indicator != NULL)
    app_indicator_set_status (self->indicator, APP_INDICATOR_STATUS_PASSIVE);
  g_clear_object (&self->indicator);
}

G_GNUC_END_IGNORE_DEPRECATIONS
#else
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
show_state (FdTray *self)
{
  gtk_status_icon_set_from_icon_name (self->status_icon, self->icon_name);
  gtk_status_icon_set_title (self->status_icon, self->title);
  gtk_status_icon_set_tooltip_text (self->status_icon, self->title);
}

static void
on_embedded_changed (FdTray *self)
{
  gboolean embedded = gtk_status_icon_is_embedded (self->status_icon);

  if (self->available == embedded)
    return;
  self->available = embedded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
on_status_icon_popup (FdTray *self)
{
  gtk_menu_popup_at_pointer (GTK_MENU (self->menu), NULL);
}

static void
create_icon (FdTray    *self,
             GtkWidget *show_item)
{
  self->status_icon = gtk_status_icon_new_from_icon_name (FD_ICON_IDLE);
  gtk_status_icon_set_name (self->status_icon, APP_ID);
  g_signal_connect_object (self->status_icon, "notify::embedded", G_CALLBACK (on_embedded_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_icon, "activate", G_CALLBACK (on_show_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_icon, "popup-menu", G_CALLBACK (on_status_icon_popup), self,
                           G_CONNECT_SWAPPED);
}

static void
destroy_icon (FdTray *self)
{
  if (self->status_icon != NULL)
    gtk_status_icon_set_visible (self->status_icon, FALSE);
  g_clear_object (&self->status_icon);
}

G_GNUC_END_IGNORE_DEPRECATIONS
#endif

static void
update (FdTray *self)
{
  guint n_ringing;
  guint n_calls;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;

  count_calls (self, &n_ringing, &n_calls);
  self->state = compute_state (self, n_ringing, n_calls);
  description = dup_description (self, n_ringing, n_calls);
  if (self->demo)
    /* Translators: the tray icon's title while connected to the demo phone system */
    title = g_strdup_printf (_("Frontdesk (Demo): %s"), description);
  else
    /* Translators: the tray icon's title: the app name, then its state */
    title = g_strdup_printf (_("Frontdesk: %s"), description);

  if (self->icon_name == state_icon_name (self->state) && g_strcmp0 (self->title, title) == 0)
    return;
  self->icon_name = state_icon_name (self->state);
  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_debug ("Tray: %s (%s)", self->title, self->icon_name);
  show_state (self);
}

static GtkWidget *
add_item (FdTray     *self,
          const char *label,
          GCallback   callback)
{
  GtkWidget *item = gtk_menu_item_new_with_mnemonic (label);

  g_signal_connect_object (item, "activate", callback, self, G_CONNECT_SWAPPED);
  gtk_menu_shell_append (GTK_MENU_SHELL (self->menu), item);
  return item;
}

static void
on_pause_toggled (FdTray           *self,
                  GtkCheckMenuItem *item)
{
  gboolean active = gtk_check_menu_item_get_active (item);
  g_autoptr(GVariant) state = g_action_group_get_action_state (self->actions, "pause-notifications");

  if (state != NULL && g_variant_get_boolean (state) != active)
    g_action_group_change_action_state (self->actions, "pause-notifications", g_variant_new_boolean (active));
}

static void
on_pause_state_changed (FdTray       *self,
                        const char   *action,
                        GVariant     *state,
                        GActionGroup *actions)
{
  if (g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN))
    gtk_check_menu_item_set_active (self->pause_item, g_variant_get_boolean (state));
}

static GtkWidget *
create_menu (FdTray *self)
{
  GtkWidget *show_item;
  GtkWidget *pause;

  self->menu = g_object_ref_sink (gtk_menu_new ());
  show_item = add_item (self, _("_Show Calls"), G_CALLBACK (on_show_activate));
  gtk_menu_shell_append (GTK_MENU_SHELL (self->menu), gtk_separator_menu_item_new ());

  pause = gtk_check_menu_item_new_with_mnemonic (_("_Pause Notifications"));
  self->pause_item = GTK_CHECK_MENU_ITEM (pause);
  gtk_menu_shell_append (GTK_MENU_SHELL (self->menu), pause);
  g_signal_connect_object (pause, "toggled", G_CALLBACK (on_pause_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->actions, "action-state-changed::pause-notifications",
                           G_CALLBACK (on_pause_state_changed), self, G_CONNECT_SWAPPED);

  add_item (self, _("P_references"), G_CALLBACK (on_preferences_activate));
  gtk_menu_shell_append (GTK_MENU_SHELL (self->menu), gtk_separator_menu_item_new ());
  add_item (self, _("_Quit"), G_CALLBACK (on_quit_activate));
  gtk_widget_show_all (self->menu);
  return show_item;
}

static void
fd_tray_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FdTray *self = FD_TRAY (object);

  switch (prop_id)
    {
    case PROP_ACTIONS:
      g_value_set_object (value, self->actions);
      break;
    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_MISSED_COUNT:
      g_value_set_uint (value, self->missed_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_tray_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FdTray *self = FD_TRAY (object);

  switch (prop_id)
    {
    case PROP_ACTIONS:
      self->actions = g_value_dup_object (value);
      break;
    case PROP_DESK:
      self->desk = g_value_dup_object (value);
      break;
    case PROP_MISSED_COUNT:
      fd_tray_set_missed_count (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_tray_constructed (GObject *object)
{
  FdTray *self = FD_TRAY (object);
  g_autoptr(GVariant) paused = NULL;
  GtkWidget *show_item;

  G_OBJECT_CLASS (fd_tray_parent_class)->constructed (object);

  g_assert (G_IS_ACTION_GROUP (self->actions));
  g_assert (FD_IS_DESK (self->desk));

  show_item = create_menu (self);
  paused = g_action_group_get_action_state (self->actions, "pause-notifications");
  if (paused != NULL && g_variant_is_of_type (paused, G_VARIANT_TYPE_BOOLEAN))
    gtk_check_menu_item_set_active (self->pause_item, g_variant_get_boolean (paused));
  create_icon (self, show_item);

  g_signal_connect_object (self->desk, "notify::n-calls", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::n-ringing", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::connection-state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
fd_tray_dispose (GObject *object)
{
  FdTray *self = FD_TRAY (object);

  destroy_icon (self);
  if (self->menu != NULL)
    gtk_widget_destroy (self->menu);
  g_clear_object (&self->menu);
  g_clear_object (&self->desk);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (fd_tray_parent_class)->dispose (object);
}

static void
fd_tray_finalize (GObject *object)
{
  FdTray *self = FD_TRAY (object);

  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (fd_tray_parent_class)->finalize (object);
}

static void
fd_tray_class_init (FdTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_tray_get_property;
  object_class->set_property = fd_tray_set_property;
  object_class->constructed = fd_tray_constructed;
  object_class->dispose = fd_tray_dispose;
  object_class->finalize = fd_tray_finalize;

  properties[PROP_ACTIONS] =
    g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, FD_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSED_COUNT] =
    g_param_spec_uint ("missed-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_tray_init (FdTray *self)
{
}

FdTray *
fd_tray_new (GActionGroup *actions,
             FdDesk       *desk)
{
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);
  g_return_val_if_fail (FD_IS_DESK (desk), NULL);

  return g_object_new (FD_TYPE_TRAY, "actions", actions, "desk", desk, NULL);
}

gboolean
fd_tray_is_available (FdTray *self)
{
  g_return_val_if_fail (FD_IS_TRAY (self), FALSE);
  return self->available;
}

/* Missed calls nobody has looked at yet; the journal (a later issue) will
 * own this number, for now the application counts them. */
void
fd_tray_set_missed_count (FdTray *self,
                          guint   count)
{
  g_return_if_fail (FD_IS_TRAY (self));

  if (self->missed_count == count)
    return;
  self->missed_count = count;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED_COUNT]);
}

guint
fd_tray_get_missed_count (FdTray *self)
{
  g_return_val_if_fail (FD_IS_TRAY (self), 0);
  return self->missed_count;
}

FdTrayState
fd_tray_get_state (FdTray *self)
{
  g_return_val_if_fail (FD_IS_TRAY (self), FD_TRAY_STATE_IDLE);
  return self->state;
}

const char *
fd_tray_get_icon_name (FdTray *self)
{
  g_return_val_if_fail (FD_IS_TRAY (self), NULL);
  return self->icon_name;
}

const char *
fd_tray_get_title (FdTray *self)
{
  g_return_val_if_fail (FD_IS_TRAY (self), NULL);
  return self->title;
}

/* A demo run says so in its title and tooltip, so a screenshot or a
 * glance can never take made-up calls for real ones. */
void
fd_tray_set_demo (FdTray   *self,
                  gboolean  demo)
{
  g_return_if_fail (FD_IS_TRAY (self));

  self->demo = !!demo;
  update (self);
}
