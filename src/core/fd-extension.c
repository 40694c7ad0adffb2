/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdExtension"

/* One extension of the PBX as ListExtensions lists it, and the presence
 * lamp computed from it and the active calls. */

#include "config.h"

#include "fd-extension.h"

#include <string.h>

struct _FdExtension {
  GObject       parent_instance;
  char         *id;
  char         *type;
  char         *phone_number;
  FdRegistered  registered;
};

G_DEFINE_FINAL_TYPE (FdExtension, fd_extension, G_TYPE_OBJECT)

static void
fd_extension_finalize (GObject *object)
{
  FdExtension *self = FD_EXTENSION (object);

  g_free (self->id);
  g_free (self->type);
  g_free (self->phone_number);
  G_OBJECT_CLASS (fd_extension_parent_class)->finalize (object);
}

static void
fd_extension_class_init (FdExtensionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_extension_finalize;
}

static void
fd_extension_init (FdExtension *self)
{
}

FdExtension *
fd_extension_new (const char   *id,
                  const char   *type,
                  const char   *phone_number,
                  FdRegistered  registered)
{
  FdExtension *self;

  g_return_val_if_fail (id != NULL, NULL);
  self = g_object_new (FD_TYPE_EXTENSION, NULL);
  self->id = g_strdup (id);
  self->type = g_strdup (type);
  self->phone_number = g_strdup (phone_number);
  self->registered = registered;
  return self;
}

const char *
fd_extension_get_id (FdExtension *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION (self), NULL);
  return self->id;
}

const char *
fd_extension_get_ext_type (FdExtension *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION (self), NULL);
  return self->type;
}

const char *
fd_extension_get_phone_number (FdExtension *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION (self), NULL);
  return self->phone_number;
}

FdRegistered
fd_extension_get_registered (FdExtension *self)
{
  g_return_val_if_fail (FD_IS_EXTENSION (self), FD_REGISTERED_UNKNOWN);
  return self->registered;
}

const char *
fd_presence_to_string (FdPresence presence)
{
  switch (presence)
    {
    case FD_PRESENCE_FREE:    return "free";
    case FD_PRESENCE_RINGING: return "ringing";
    case FD_PRESENCE_BUSY:    return "busy";
    case FD_PRESENCE_HOLD:    return "hold";
    case FD_PRESENCE_OFFLINE: return "offline";
    case FD_PRESENCE_UNKNOWN:
    default:                  return "unknown";
    }
}

void
fd_extension_status_free (FdExtensionStatus *status)
{
  if (status == NULL)
    return;
  g_clear_object (&status->extension);
  g_ptr_array_unref (status->call_ids);
  g_free (status);
}

/* The PBX may name a party by its extension id or by the phone number
 * Ozeki 10 lists for it. */
static gboolean
is_party (FdExtension *ext,
          const char  *number)
{
  if (number == NULL || *number == '\0')
    return FALSE;
  return strcmp (number, ext->id) == 0 ||
         (ext->phone_number != NULL && strcmp (number, ext->phone_number) == 0);
}

/* How loud a call makes the lamp: a talking call outweighs one on hold,
 * which outweighs a phone that only rings. */
static FdPresence
call_presence (FdCall  *call,
               gboolean is_callee)
{
  const char *state = fd_call_get_state (call);

  /* The caller of a ringing call is busy dialling: its phone is off the
   * hook, so it cannot take a forwarded call, and a receptionist must not
   * read it as free. "ringing" is for the phone that rings, one a colleague
   * may pick up: a dialling extension's lamp never says so. (A call between
   * two extensions makes the callee ring and the caller busy.) */
  if (g_strcmp0 (state, FD_CALL_STATE_RINGING) == 0)
    return is_callee ? FD_PRESENCE_RINGING : FD_PRESENCE_BUSY;
  if (g_strcmp0 (state, FD_CALL_STATE_HOLD) == 0)
    return FD_PRESENCE_HOLD;
  if (g_strcmp0 (state, FD_CALL_STATE_IN_CALL) == 0 ||
      g_strcmp0 (state, FD_CALL_STATE_ANSWERED) == 0 ||
      g_strcmp0 (state, FD_CALL_STATE_TRANSFERRED) == 0)
    return FD_PRESENCE_BUSY;
  return FD_PRESENCE_UNKNOWN;
}

static int
weight (FdPresence presence)
{
  switch (presence)
    {
    case FD_PRESENCE_BUSY:    return 4;
    case FD_PRESENCE_HOLD:    return 3;
    case FD_PRESENCE_RINGING: return 2;
    case FD_PRESENCE_UNKNOWN: return 1;
    default:                  return 0;
    }
}

static FdExtensionStatus *
compute_one (FdExtension *ext,
             GPtrArray   *calls)
{
  FdExtensionStatus *status = g_new0 (FdExtensionStatus, 1);
  FdPresence best = FD_PRESENCE_FREE;

  status->extension = g_object_ref (ext);
  status->call_ids = g_ptr_array_new_with_free_func (g_free);
  if (calls == NULL)
    {
      status->presence = ext->registered == FD_REGISTERED_NO ? FD_PRESENCE_OFFLINE
                                                             : FD_PRESENCE_UNKNOWN;
      return status;
    }
  for (guint i = 0; i < calls->len; i++)
    {
      FdCall *call = g_ptr_array_index (calls, i);
      gboolean is_caller = is_party (ext, fd_call_get_source (call));
      gboolean is_callee = is_party (ext, fd_call_get_destination (call));
      FdPresence p;

      if (!is_caller && !is_callee)
        continue;
      g_ptr_array_add (status->call_ids, g_strdup (fd_call_get_id (call)));
      p = call_presence (call, is_callee);
      if (best == FD_PRESENCE_FREE || weight (p) > weight (best))
        best = p;
    }
  /* A phone in a call is reachable whatever its registration said a
   * minute ago; an idle, unregistered one is offline. */
  if (best == FD_PRESENCE_FREE && ext->registered == FD_REGISTERED_NO)
    best = FD_PRESENCE_OFFLINE;
  status->presence = best;
  return status;
}

GPtrArray *
fd_extension_compute_presence (GPtrArray *extensions,
                               GPtrArray *calls)
{
  GPtrArray *result;

  g_return_val_if_fail (extensions != NULL, NULL);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_extension_status_free);
  for (guint i = 0; i < extensions->len; i++)
    g_ptr_array_add (result, compute_one (g_ptr_array_index (extensions, i), calls));
  return result;
}

const char *
fd_extension_label_lookup (const char * const *labels,
                           const char         *id,
                           char              **out_name)
{
  gsize id_len;

  g_return_val_if_fail (id != NULL && out_name != NULL, NULL);
  *out_name = NULL;
  if (labels == NULL)
    return NULL;
  id_len = strlen (id);
  for (guint i = 0; labels[i] != NULL; i++)
    if (strncmp (labels[i], id, id_len) == 0 && labels[i][id_len] == '=')
      {
        *out_name = g_strstrip (g_strdup (labels[i] + id_len + 1));
        if (**out_name != '\0')
          return *out_name;
        g_clear_pointer (out_name, g_free);
      }
  return NULL;
}
