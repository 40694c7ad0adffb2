/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdSecretStore"

#include "config.h"

#include "fd-client.h"
#include "fd-secret-store.h"

#include <glib/gi18n.h>

#include <string.h>

enum {
  PROP_0,
  PROP_KEYRING_AVAILABLE,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _FdSecretStore
{
  GObject     parent_instance;

  /* "url\nusername" -> password, for this run only, wiped when dropped */
  GHashTable *memory;
  gboolean    keyring_available;
  char       *problem;
};

G_DEFINE_FINAL_TYPE (FdSecretStore, fd_secret_store, G_TYPE_OBJECT)

/* libsecret never sees the caller's GCancellable: operations that run at
 * the same time share its connection to the Secret Service, and one
 * caller's cancellation would fail the others with G_IO_ERROR_CANCELLED
 * (seen as "keyring locked" here). A cancelled task still finishes with
 * G_IO_ERROR_CANCELLED (GTask checks), once libsecret has answered. */

/* What one store or lookup needs to remember until libsecret answers. */
typedef struct {
  char *url;
  char *username;
  char *password;   /* store only; wiped */
} Request;

void
fd_secret_store_password_free (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->url);
  g_free (request->username);
  fd_secret_store_password_free (request->password);
  g_free (request);
}

static Request *
request_new (const char *url,
             const char *username,
             const char *password)
{
  Request *request = g_new0 (Request, 1);

  request->url = g_strdup (url != NULL ? url : "");
  request->username = g_strdup (username != NULL ? username : "");
  request->password = g_strdup (password);
  return request;
}

static char *
memory_key (Request *request)
{
  return g_strdup_printf ("%s\n%s", request->url, request->username);
}

const SecretSchema *
fd_secret_store_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Pbx", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static void
set_keyring_state (FdSecretStore *self,
                   gboolean       available,
                   const char    *problem)
{
  if (self->keyring_available != available)
    {
      self->keyring_available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_AVAILABLE]);
    }
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
}

/* A sentence for the user about why the keyring cannot be used. */
static char *
describe_failure (const GError *error)
{
  if (error == NULL)
    return g_strdup (_("The keyring was not unlocked."));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND))
    return g_strdup (_("No keyring (Secret Service) is running on this desktop."));
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("The keyring is locked and was not unlocked."));
  /* Translators: %s is the reason the keyring (Secret Service) gave */
  return g_strdup_printf (_("The keyring cannot be used: %s"), error->message);
}

/* Anything but the caller's own cancellation means the keyring is not
 * usable for now. */
static gboolean
keyring_failed (GTask        *task,
                const GError *error)
{
  FdSecretStore *self = g_task_get_source_object (task);
  g_autofree char *problem = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return FALSE;
    }
  problem = describe_failure (error);
  g_debug ("The keyring cannot be used: %s", error != NULL ? error->message : "not unlocked");
  set_keyring_state (self, FALSE, problem);
  return TRUE;
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FdSecretStore *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = memory_key (request);

  if (secret_password_store_finish (result, &error))
    {
      g_hash_table_remove (self->memory, key);
      set_keyring_state (self, TRUE, NULL);
    }
  else if (keyring_failed (task, error))
    {
      g_debug ("Keeping the password in memory for this run only");
      g_hash_table_replace (self->memory, g_steal_pointer (&key), g_steal_pointer (&request->password));
    }
  else
    return;

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, request->url, request->username);
  g_task_return_boolean (task, TRUE);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FdSecretStore *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL && !keyring_failed (task, error))
    return;
  if (error == NULL)
    set_keyring_state (self, TRUE, NULL);

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, request->url, request->username);
  g_task_return_boolean (task, TRUE);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FdSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (keyring_failed (task, error))
        g_task_return_pointer (task, NULL, NULL);
      return;
    }
  set_keyring_state (self, TRUE, NULL);
  g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify) fd_secret_store_password_free);
  secret_password_free (secret);
}

static void
fd_secret_store_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FdSecretStore *self = FD_SECRET_STORE (object);

  switch (prop_id)
    {
    case PROP_KEYRING_AVAILABLE:
      g_value_set_boolean (value, self->keyring_available);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_secret_store_finalize (GObject *object)
{
  FdSecretStore *self = FD_SECRET_STORE (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (fd_secret_store_parent_class)->finalize (object);
}

static void
fd_secret_store_class_init (FdSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_secret_store_get_property;
  object_class->finalize = fd_secret_store_finalize;

  properties[PROP_KEYRING_AVAILABLE] =
    g_param_spec_boolean ("keyring-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
fd_secret_store_init (FdSecretStore *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) fd_secret_store_password_free);
  self->keyring_available = TRUE;
}

FdSecretStore *
fd_secret_store_new (void)
{
  return g_object_new (FD_TYPE_SECRET_STORE, NULL);
}

gboolean
fd_secret_store_get_keyring_available (FdSecretStore *self)
{
  g_return_val_if_fail (FD_IS_SECRET_STORE (self), FALSE);
  return self->keyring_available;
}

/* Why the keyring cannot be used, or NULL while it can. */
const char *
fd_secret_store_get_problem (FdSecretStore *self)
{
  g_return_val_if_fail (FD_IS_SECRET_STORE (self), NULL);
  return self->problem;
}

void
fd_secret_store_lookup_async (FdSecretStore       *self,
                              const char          *url,
                              const char          *username,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  Request *request;
  const char *kept;

  g_return_if_fail (FD_IS_SECRET_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_secret_store_lookup_async);
  request = request_new (url, username, NULL);
  g_task_set_task_data (task, request, request_free);

  /* What this run had to keep in memory is newer than the keyring. */
  key = memory_key (request);
  kept = g_hash_table_lookup (self->memory, key);
  if (kept != NULL)
    {
      g_task_return_pointer (task, g_strdup (kept), (GDestroyNotify) fd_secret_store_password_free);
      return;
    }
  secret_password_lookup (fd_secret_store_get_schema (), NULL, on_looked_up, g_steal_pointer (&task),
                          "server", request->url, "user", request->username, NULL);
}

char *
fd_secret_store_lookup_finish (FdSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (FD_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fd_secret_store_store_async (FdSecretStore       *self,
                             const char          *url,
                             const char          *username,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  g_autofree char *shown_url = NULL;
  g_autofree char *label = NULL;
  Request *request;

  g_return_if_fail (FD_IS_SECRET_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_secret_store_store_async);
  request = request_new (url, username, password);
  g_task_set_task_data (task, request, request_free);

  if (password == NULL || *password == '\0')
    {
      key = memory_key (request);
      g_hash_table_remove (self->memory, key);
      secret_password_clear (fd_secret_store_get_schema (), NULL, on_cleared, g_steal_pointer (&task),
                             "server", request->url, "user", request->username, NULL);
      return;
    }

  shown_url = fd_redact_url (request->url);
  /* Translators: the name of the password in the keyring (Passwords and
   * Keys); %s is a user name, %s the phone system's address */
  label = g_strdup_printf (_("Frontdesk: password of %s at %s"), request->username, shown_url);
  secret_password_store (fd_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT, label, request->password,
                         NULL, on_stored, g_steal_pointer (&task),
                         "server", request->url, "user", request->username, NULL);
}

gboolean
fd_secret_store_store_finish (FdSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (FD_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
