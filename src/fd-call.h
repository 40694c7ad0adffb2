/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FD_TYPE_CALL (fd_call_get_type ())
G_DECLARE_FINAL_TYPE (FdCall, fd_call, FD, CALL, GObject)

/* The call states of ozeki-api.md §4 that this program acts on; any other
 * state is kept as the PBX sent it. Compare states with g_strcmp0. */
#define FD_CALL_STATE_RINGING     "Ringing"
#define FD_CALL_STATE_IN_CALL     "InCall"
#define FD_CALL_STATE_HOLD        "Hold"
#define FD_CALL_STATE_ANSWERED    "Answered"
#define FD_CALL_STATE_TRANSFERRED "Transferred"

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
