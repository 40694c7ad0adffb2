/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdSettings"

#include "config.h"

#include "fd-client.h"
#include "fd-poller.h"
#include "fd-settings.h"
#include "fd-watch-list.h"

#include <string.h>

#define SHA256_HEX_LENGTH 64

enum {
  PROP_0,
  PROP_URL,
  PROP_USERNAME,
  PROP_POLL_INTERVAL,
  PROP_WATCH_LIST,
  PROP_NOTIFY_RINGING,
  PROP_NOTIFY_ANSWERED,
  PROP_NOTIFY_MISSED,
  PROP_NOTIFY_ENDED,
  PROP_PINNED_CERTIFICATE,
  PROP_JOURNAL_RETENTION_DAYS,
  PROP_DIRECTORIES,
  PROP_REGION,
  PROP_EXTENSION_LABELS,
  PROP_JOURNAL,
  PROP_USER_NAME,
  PROP_HIDDEN_ADDRESS_BOOKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Each property is bound to the key of the same name. */
static const char * const bound_keys[] = {
  "url", "username", "poll-interval", "watch-list",
  "notify-ringing", "notify-answered", "notify-missed", "notify-ended",
  "pinned-certificate", "journal-retention-days",
  "directories", "region", "extension-labels", "journal", "user-name",
  "hidden-address-books",
};
G_STATIC_ASSERT (G_N_ELEMENTS (bound_keys) == N_PROPS - 1);

struct _FdSettings
{
  GObject    parent_instance;

  GSettings *settings;   /* NULL when no schema could be found */
  char      *url;
  char      *username;
  double     poll_interval;
  char     **watch_list;
  gboolean   notify[FD_NOTIFY_N_KINDS];
  char      *pinned_certificate;
  guint      journal_retention_days;
  char     **directories;
  char      *region;
  char     **extension_labels;
  char      *journal;
  char      *user_name;
  char     **hidden_address_books;
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
    case PROP_WATCH_LIST:
      g_value_set_boxed (value, self->watch_list);
      break;
    case PROP_DIRECTORIES:
      g_value_set_boxed (value, self->directories);
      break;
    case PROP_HIDDEN_ADDRESS_BOOKS:
      g_value_set_boxed (value, self->hidden_address_books);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_JOURNAL:
      g_value_set_string (value, self->journal);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_EXTENSION_LABELS:
      g_value_set_boxed (value, self->extension_labels);
      break;
    case PROP_NOTIFY_RINGING:
    case PROP_NOTIFY_ANSWERED:
    case PROP_NOTIFY_MISSED:
    case PROP_NOTIFY_ENDED:
      g_value_set_boolean (value, self->notify[prop_id - PROP_NOTIFY_RINGING]);
      break;
    case PROP_PINNED_CERTIFICATE:
      g_value_set_string (value, self->pinned_certificate);
      break;
    case PROP_JOURNAL_RETENTION_DAYS:
      g_value_set_uint (value, self->journal_retention_days);
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
    case PROP_WATCH_LIST:
      fd_settings_set_watch_list (self, g_value_get_boxed (value));
      break;
    case PROP_NOTIFY_RINGING:
    case PROP_NOTIFY_ANSWERED:
    case PROP_NOTIFY_MISSED:
    case PROP_NOTIFY_ENDED:
      fd_settings_set_notify (self, prop_id - PROP_NOTIFY_RINGING, g_value_get_boolean (value));
      break;
    case PROP_PINNED_CERTIFICATE:
      fd_settings_set_pinned_certificate (self, g_value_get_string (value));
      break;
    case PROP_JOURNAL_RETENTION_DAYS:
      fd_settings_set_journal_retention_days (self, g_value_get_uint (value));
      break;
    case PROP_DIRECTORIES:
      fd_settings_set_directories (self, g_value_get_boxed (value));
      break;
    case PROP_HIDDEN_ADDRESS_BOOKS:
      fd_settings_set_hidden_address_books (self, g_value_get_boxed (value));
      break;
    case PROP_REGION:
      fd_settings_set_region (self, g_value_get_string (value));
      break;
    case PROP_JOURNAL:
      fd_settings_set_journal (self, g_value_get_string (value));
      break;
    case PROP_USER_NAME:
      fd_settings_set_user_name (self, g_value_get_string (value));
      break;
    case PROP_EXTENSION_LABELS:
      fd_settings_set_extension_labels (self, g_value_get_boxed (value));
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
  for (guint i = 0; i < G_N_ELEMENTS (bound_keys); i++)
    g_settings_bind (self->settings, bound_keys[i], self, bound_keys[i], G_SETTINGS_BIND_DEFAULT);
}

static void
fd_settings_dispose (GObject *object)
{
  FdSettings *self = FD_SETTINGS (object);

  if (self->settings != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (bound_keys); i++)
        g_settings_unbind (self, bound_keys[i]);
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
  g_clear_pointer (&self->watch_list, g_strfreev);
  g_clear_pointer (&self->pinned_certificate, g_free);
  g_clear_pointer (&self->directories, g_strfreev);
  g_clear_pointer (&self->hidden_address_books, g_strfreev);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->journal, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->extension_labels, g_strfreev);

  G_OBJECT_CLASS (fd_settings_parent_class)->finalize (object);
}

static void
fd_settings_class_init (FdSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = fd_settings_get_property;
  object_class->set_property = fd_settings_set_property;
  object_class->constructed = fd_settings_constructed;
  object_class->dispose = fd_settings_dispose;
  object_class->finalize = fd_settings_finalize;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, FD_CLIENT_DEFAULT_URL, flags);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, "", flags);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_double ("poll-interval", NULL, NULL,
                         FD_POLLER_MIN_INTERVAL, FD_SETTINGS_MAX_POLL_INTERVAL, FD_POLLER_DEFAULT_INTERVAL,
                         flags);
  properties[PROP_WATCH_LIST] =
    g_param_spec_boxed ("watch-list", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_NOTIFY_RINGING] =
    g_param_spec_boolean ("notify-ringing", NULL, NULL, TRUE, flags);
  properties[PROP_NOTIFY_ANSWERED] =
    g_param_spec_boolean ("notify-answered", NULL, NULL, TRUE, flags);
  properties[PROP_NOTIFY_MISSED] =
    g_param_spec_boolean ("notify-missed", NULL, NULL, TRUE, flags);
  properties[PROP_NOTIFY_ENDED] =
    g_param_spec_boolean ("notify-ended", NULL, NULL, TRUE, flags);
  properties[PROP_PINNED_CERTIFICATE] =
    g_param_spec_string ("pinned-certificate", NULL, NULL, "", flags);
  properties[PROP_JOURNAL_RETENTION_DAYS] =
    g_param_spec_uint ("journal-retention-days", NULL, NULL,
                       0, FD_SETTINGS_MAX_RETENTION, FD_SETTINGS_DEFAULT_RETENTION, flags);
  properties[PROP_DIRECTORIES] =
    g_param_spec_boxed ("directories", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_HIDDEN_ADDRESS_BOOKS] =
    g_param_spec_boxed ("hidden-address-books", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, "", flags);
  properties[PROP_JOURNAL] =
    g_param_spec_string ("journal", NULL, NULL, "", flags);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, "", flags);
  properties[PROP_EXTENSION_LABELS] =
    g_param_spec_boxed ("extension-labels", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_settings_init (FdSettings *self)
{
  self->url = g_strdup (FD_CLIENT_DEFAULT_URL);
  self->username = g_strdup ("");
  self->poll_interval = FD_POLLER_DEFAULT_INTERVAL;
  self->watch_list = g_new0 (char *, 1);
  for (guint i = 0; i < FD_NOTIFY_N_KINDS; i++)
    self->notify[i] = TRUE;
  self->pinned_certificate = g_strdup ("");
  self->journal_retention_days = FD_SETTINGS_DEFAULT_RETENTION;
  self->directories = g_new0 (char *, 1);
  self->hidden_address_books = g_new0 (char *, 1);
  self->region = g_strdup ("");
  self->journal = g_strdup ("");
  self->user_name = g_strdup ("");
  self->extension_labels = g_new0 (char *, 1);
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

  seconds = CLAMP (seconds, FD_POLLER_MIN_INTERVAL, FD_SETTINGS_MAX_POLL_INTERVAL);
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

const char * const *
fd_settings_get_watch_list (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return (const char * const *) self->watch_list;
}

void
fd_settings_set_watch_list (FdSettings         *self,
                            const char * const *list)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (FD_IS_SETTINGS (self));

  if (list == NULL)
    list = empty;
  if (g_strv_equal ((const char * const *) self->watch_list, list))
    return;
  g_strfreev (self->watch_list);
  self->watch_list = g_strdupv ((char **) list);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_LIST]);
}

gboolean
fd_settings_get_notify (FdSettings   *self,
                        FdNotifyKind  kind)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), TRUE);
  g_return_val_if_fail (kind < FD_NOTIFY_N_KINDS, TRUE);
  return self->notify[kind];
}

void
fd_settings_set_notify (FdSettings   *self,
                        FdNotifyKind  kind,
                        gboolean      enabled)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  g_return_if_fail (kind < FD_NOTIFY_N_KINDS);

  enabled = !!enabled;
  if (self->notify[kind] == enabled)
    return;
  self->notify[kind] = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFY_RINGING + kind]);
}

const char *
fd_settings_get_pinned_certificate (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), "");
  return self->pinned_certificate;
}

/* Lower-case hex without separators, or "" when @text is not a SHA-256
 * fingerprint at all: a mistyped pin must not pin anything. */
static char *
normalize_fingerprint (const char *text)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_tolower (*p));
      else if (*p != ':' && *p != ' ')
        return g_strdup ("");
    }
  if (hex->len != 0 && hex->len != SHA256_HEX_LENGTH)
    return g_strdup ("");
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

void
fd_settings_set_pinned_certificate (FdSettings *self,
                                    const char *sha256_hex)
{
  g_autofree char *normal = NULL;

  g_return_if_fail (FD_IS_SETTINGS (self));

  normal = normalize_fingerprint (sha256_hex);
  if (sha256_hex != NULL && *sha256_hex != '\0' && *normal == '\0')
    g_debug ("Ignoring a pinned certificate that is not a SHA-256 fingerprint");
  if (strcmp (self->pinned_certificate, normal) == 0)
    return;
  g_free (self->pinned_certificate);
  self->pinned_certificate = g_steal_pointer (&normal);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_CERTIFICATE]);
}

guint
fd_settings_get_journal_retention_days (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), FD_SETTINGS_DEFAULT_RETENTION);
  return self->journal_retention_days;
}

void
fd_settings_set_journal_retention_days (FdSettings *self,
                                        guint       days)
{
  g_return_if_fail (FD_IS_SETTINGS (self));

  days = MIN (days, FD_SETTINGS_MAX_RETENTION);
  if (self->journal_retention_days == days)
    return;
  self->journal_retention_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_RETENTION_DAYS]);
}

gboolean
fd_settings_call_is_watched (FdSettings *self,
                             FdCall     *call)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), TRUE);
  g_return_val_if_fail (FD_IS_CALL (call), FALSE);

  return fd_watch_list_matches ((const char * const *) self->watch_list, call);
}

gboolean
fd_settings_should_notify (FdSettings   *self,
                           FdCall       *call,
                           FdNotifyKind  kind)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), TRUE);
  g_return_val_if_fail (kind < FD_NOTIFY_N_KINDS, FALSE);

  return self->notify[kind] && fd_settings_call_is_watched (self, call);
}

/* Replaces *@slot by a copy of @list; FALSE when nothing changed. */
static gboolean
replace_strv (char             ***slot,
              const char * const *list)
{
  const char * const empty[] = { NULL };

  if (list == NULL)
    list = empty;
  if (g_strv_equal ((const char * const *) *slot, list))
    return FALSE;
  g_strfreev (*slot);
  *slot = g_strdupv ((char **) list);
  return TRUE;
}

const char * const *
fd_settings_get_directories (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return (const char * const *) self->directories;
}

void
fd_settings_set_directories (FdSettings         *self,
                             const char * const *paths)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  if (replace_strv (&self->directories, paths))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORIES]);
}

const char * const *
fd_settings_get_hidden_address_books (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return (const char * const *) self->hidden_address_books;
}

void
fd_settings_set_hidden_address_books (FdSettings         *self,
                                      const char * const *uids)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  if (replace_strv (&self->hidden_address_books, uids))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN_ADDRESS_BOOKS]);
}

const char *
fd_settings_get_region (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return self->region;
}

void
fd_settings_set_region (FdSettings *self,
                        const char *region)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  if (region == NULL)
    region = "";
  if (g_strcmp0 (self->region, region) == 0)
    return;
  g_free (self->region);
  self->region = g_strdup (region);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

/* "" for the local SQLite file, a path, sqlite:PATH or a postgresql://
 * URI (fd_journal_open_uri()); read at start. */
const char *
fd_settings_get_journal (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return self->journal;
}

void
fd_settings_set_journal (FdSettings *self,
                         const char *journal)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  if (journal == NULL)
    journal = "";
  if (g_strcmp0 (self->journal, journal) == 0)
    return;
  g_free (self->journal);
  self->journal = g_strdup (journal);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL]);
}

/* Who marks calls handled at this desk; "" for the account's real name. */
const char *
fd_settings_get_user_name (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return self->user_name;
}

void
fd_settings_set_user_name (FdSettings *self,
                           const char *name)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->user_name, name) == 0)
    return;
  g_free (self->user_name);
  self->user_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
}

const char * const *
fd_settings_get_extension_labels (FdSettings *self)
{
  g_return_val_if_fail (FD_IS_SETTINGS (self), NULL);
  return (const char * const *) self->extension_labels;
}

void
fd_settings_set_extension_labels (FdSettings         *self,
                                  const char * const *labels)
{
  g_return_if_fail (FD_IS_SETTINGS (self));
  if (replace_strv (&self->extension_labels, labels))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTENSION_LABELS]);
}
