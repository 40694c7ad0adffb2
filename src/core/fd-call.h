/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FD_TYPE_CALL (fd_call_get_type ())
G_DECLARE_FINAL_TYPE (FdCall, fd_call, FD, CALL, GObject)

/* The call states of docs/ozeki-api.md §4 that this program acts on; any other
 * state is kept as the PBX sent it. Compare states with g_strcmp0. */
#define FD_CALL_STATE_RINGING     "Ringing"
#define FD_CALL_STATE_IN_CALL     "InCall"
#define FD_CALL_STATE_HOLD        "Hold"
#define FD_CALL_STATE_ANSWERED    "Answered"
#define FD_CALL_STATE_TRANSFERRED "Transferred"

/* Where a name shown for a party came from. The strings are
 * the CLI's `caller_name_source` / `callee_name_source` values. */
typedef enum {
  FD_NAME_SOURCE_NONE,       /* no name: JSON null */
  FD_NAME_SOURCE_DIRECTORY,  /* a vCard, CSV or address-book contact */
  FD_NAME_SOURCE_LABEL,      /* the local extension label table */
  FD_NAME_SOURCE_LEARNED,    /* an extension's display name seen on an earlier call */
  FD_NAME_SOURCE_PBX,        /* the PBX's own CallerId */
} FdNameSource;

const char  *fd_name_source_to_string   (FdNameSource source);
FdNameSource fd_name_source_from_string (const char  *string);

/* A duration the PBX left out. */
#define FD_CALL_NO_DURATION (-1.0)

FdCall      *fd_call_new                (const char *id);
FdCall      *fd_call_copy               (FdCall     *self);

const char  *fd_call_get_id             (FdCall     *self);
const char  *fd_call_get_state          (FdCall     *self);
const char  *fd_call_get_source         (FdCall     *self);
const char  *fd_call_get_caller_id      (FdCall     *self);
const char  *fd_call_get_destination    (FdCall     *self);
const char  *fd_call_get_caller_dialed  (FdCall     *self);
const char  *fd_call_get_callee_dialed  (FdCall     *self);
GDateTime   *fd_call_get_start_time     (FdCall     *self);
const char  *fd_call_get_start_time_raw (FdCall     *self);
double       fd_call_get_ring_seconds   (FdCall     *self);
double       fd_call_get_talk_seconds   (FdCall     *self);
const char  *fd_call_get_caller_name    (FdCall     *self);
FdNameSource fd_call_get_caller_name_source (FdCall *self);
const char  *fd_call_get_callee_name    (FdCall     *self);
FdNameSource fd_call_get_callee_name_source (FdCall *self);

void         fd_call_set_state          (FdCall     *self,
                                         const char *state);
void         fd_call_set_source         (FdCall     *self,
                                         const char *source);
void         fd_call_set_caller_id      (FdCall     *self,
                                         const char *caller_id);
void         fd_call_set_destination    (FdCall     *self,
                                         const char *destination);
void         fd_call_set_caller_dialed  (FdCall     *self,
                                         const char *number);
void         fd_call_set_callee_dialed  (FdCall     *self,
                                         const char *number);
void         fd_call_set_start_time     (FdCall     *self,
                                         const char *raw,
                                         GDateTime  *start_time);
void         fd_call_set_ring_seconds   (FdCall     *self,
                                         double      seconds);
void         fd_call_set_talk_seconds   (FdCall     *self,
                                         double      seconds);
/* Names are not the PBX's data: a resolver sets them on each snapshot's
 * calls before the tracker sees them. NULL clears (source is then NONE). */
void         fd_call_set_caller_name    (FdCall      *self,
                                         const char  *name,
                                         FdNameSource source);
void         fd_call_set_callee_name    (FdCall      *self,
                                         const char  *name,
                                         FdNameSource source);

gboolean     fd_call_is_ringing         (FdCall     *self);
gboolean     fd_call_state_is_answered  (const char *state);
gboolean     fd_call_same_content       (FdCall     *a,
                                         FdCall     *b);
void         fd_call_assign             (FdCall     *self,
                                         FdCall     *other);
gboolean     fd_call_matches            (FdCall     *self,
                                         const char *needle);
char        *fd_call_dup_caller_display (FdCall     *self);

G_END_DECLS
