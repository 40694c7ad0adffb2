/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdSettings"

#include "config.h"

#include "fd-client.h"
#include "fd-poller.h"
#include "fd-settings.h"

#define MAX_POLL_INTERVAL 60.0

enum {
  PROP_0,
  PROP_URL,
  PROP_USERNAME,
  PROP_POLL_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdSettings
{
  GObject    parent_instance;

  GSettings *settings;   /* NULL when no schema could be found */
  char      *url;
  char      *username;
  double     poll_interval;
};

G_DEFINE_FINAL_TYPE (FdSettings, fd_settings, G_TYPE_OBJECT)

/* An uninstalled build has its compiled schema in <build>/data: look there
 * when the schema is not installed, so that build/src/frontdesk just works
 * without meson devenv or GSETTINGS_SCHEMA_DIR. */
static GSettingsSchema *
lookup_build_schema (GSettingsSchemaSource *parent)
{
#ifdef FD_BUILD_DATADIR
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (FD_BUILD_DATADIR "/gschemas.compiled", G_FILE_TEST_IS_REGULAR))
    return NULL;
  source = g_settings_schema_source_new_from_directory (FD_BUILD_DATADIR, parent, FALSE, &error);
  if (source == NULL)
    {
      g_debug ("Cannot read the schemas in %s: %s", FD_BUILD_DATADIR, error->message);
      return NULL;
    }
  g_debug ("Using the uninstalled schema in %s", FD_BUILD_DATADIR);
  return g_settings_schema_source_lookup (source, APP_ID, FALSE);
#else
  return NULL;
#endif
}

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    schema = lookup_build_schema (source);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed: settings will not be saved", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
fd_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FdSettings *self = FD_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_double (value, self->poll_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FdSettings *self = FD_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_URL:
      fd_settings_set_url (self, g_value_get_string (value));
      break;
    case PROP_USERNAME:
      fd_settings_set_username (self, g_value_get_string (value));
      break;
    case PROP_POLL_INTERVAL:
      fd_settings_set_poll_interval (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_settings_constructed (GObject *object)
{
  FdSettings *self = FD_SETTINGS (object);

  G_OBJECT_CLASS (fd_settings_parent_class)->constructed (object);

  self->settings = create_settings ();
  if (self->settings == NULL)
    return;
  g_settings_bind (self->settings, "url", self, "url", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "username", self, "username", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "poll-interval", self, "poll-interval", G_SETTINGS_BIND_DEFAULT);
}

static void
fd_settings_dispose (GObject *object)
{
  FdSettings *self = FD_SETTINGS (object);

  if (self->settings != NULL)
    {
      g_settings_unbind (self, "url");
      g_settings_unbind (self, "username");
      g_settings_unbind (self, "poll-interval");
    }
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_settings_parent_class)->dispose (object);
}

static void
fd_settings_finalize (GObject *object)
{
  FdSettings *self = FD_SETTINGS (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->username, g_free);

  G_OBJECT_CLASS (fd_settings_parent_class)->finalize (object);
}

static void
fd_settings_class_init (FdSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_settings_get_property;
  object_class->set_property = fd_settings_set_property;
  object_class->constructed = fd_settings_constructed;
  object_class->dispose = fd_settings_dispose;
  object_class->finalize = fd_settings_finalize;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         FD_CLIENT_DEFAULT_URL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_double ("poll-interval", NULL, NULL,
                         FD_POLLER_MIN_INTERVAL, MAX_POLL_INTERVAL, FD_POLLER_DEFAULT_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_settings_init (FdSettings *self)
{
  self->url = g_strdup (FD_CLIENT_DEFAULT_URL);
  self->username = g_strdup ("");
  self->poll_interval = FD_POLLER_DEFAULT_INTERVAL;
}

FdSettings *
fd_settings_new (void)
{
  return g_object_new (FD_TYPE_SETTINGS, NULL);
}

const char *
fd_settings_get_url (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return self->url;
}

void
fd_settings_set_url (FdSettings *self,
                     const char *url)
{
  g_return_if_fail (FD_IS_SETTINGS (self));

  if (url == NULL)
    url = FD_CLIENT_DEFAULT_URL;
  if (g_strcmp0 (self->url, url) == 0)
    return;
  g_free (self->url);
  self->url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
fd_settings_get_username (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return self->username;
}

void
fd_settings_set_username (FdSettings *self,
                          const char *username)
{
  g_return_if_fail (FD_IS_SETTINGS (self));

  if (username == NULL)
    username = "";
  if (g_strcmp0 (self->username, username) == 0)
    return;
  g_free (self->username);
  self->username = g_strdup (username);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

double
fd_settings_get_poll_interval (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), FD_POLLER_DEFAULT_INTERVAL);
  return self->poll_interval;
}

void
fd_settings_set_poll_interval (FdSettings *self,
                               double      seconds)
{
  g_return_if_fail (FD_IS_SETTINGS (self));

  seconds = CLAMP (seconds, FD_POLLER_MIN_INTERVAL, MAX_POLL_INTERVAL);
  if (self->poll_interval == seconds)
    return;
  self->poll_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

/* FALSE when changes only live until the program exits. */
gboolean
fd_settings_is_persistent (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), FALSE);
  return self->settings != NULL;
}
