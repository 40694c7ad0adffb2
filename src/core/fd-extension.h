/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-call.h"

G_BEGIN_DECLS

#define FD_TYPE_EXTENSION (fd_extension_get_type ())
G_DECLARE_FINAL_TYPE (FdExtension, fd_extension, FD, EXTENSION, GObject)

/* XE never says whether a phone is registered, so the third value is
 * needed: it is what an XE answer always gives. */
typedef enum {
  FD_REGISTERED_UNKNOWN,
  FD_REGISTERED_NO,
  FD_REGISTERED_YES,
} FdRegistered;

typedef enum {
  FD_PRESENCE_UNKNOWN,
  FD_PRESENCE_FREE,
  FD_PRESENCE_RINGING,
  FD_PRESENCE_BUSY,
  FD_PRESENCE_HOLD,
  FD_PRESENCE_OFFLINE,
} FdPresence;

FdExtension  *fd_extension_new              (const char   *id,
                                             const char   *type,
                                             const char   *phone_number,
                                             FdRegistered  registered);
const char   *fd_extension_get_id           (FdExtension  *self);
const char   *fd_extension_get_ext_type     (FdExtension  *self);
const char   *fd_extension_get_phone_number (FdExtension  *self);
FdRegistered  fd_extension_get_registered   (FdExtension  *self);

/* "free", "ringing", …: the names of the command-line contract. */
const char   *fd_presence_to_string         (FdPresence    presence);

/* One extension's lamp: computed, never stored. */
typedef struct {
  FdExtension *extension;   /* owned reference */
  FdPresence   presence;
  GPtrArray   *call_ids;    /* element-type utf8: the calls it is in */
} FdExtensionStatus;

void          fd_extension_status_free      (FdExtensionStatus *status);

/* Combines extensions (element-type FdExtension) with the active calls
 * (element-type FdCall; NULL when they are not known). Returns
 * element-type FdExtensionStatus, in the order of extensions. */
GPtrArray    *fd_extension_compute_presence (GPtrArray    *extensions,
                                             GPtrArray    *calls);

/* The name a label table ("1001=Reception" entries) gives id, or NULL. */
const char   *fd_extension_label_lookup     (const char * const *labels,
                                             const char   *id,
                                             char        **out_name);

G_END_DECLS
