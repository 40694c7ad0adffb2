/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-simulator.h"

G_BEGIN_DECLS

/* Shared by fd-simulator.c (running scenarios) and fd-simulator-scenario.c
 * (reading them). */

typedef enum {
  FD_SIM_STEP_RING,
  FD_SIM_STEP_ANSWER,
  FD_SIM_STEP_HOLD,
  FD_SIM_STEP_RESUME,
  FD_SIM_STEP_END,
  FD_SIM_STEP_FORWARD,
  FD_SIM_STEP_TRANSFER,
  FD_SIM_STEP_FAULT,
  FD_SIM_STEP_QUIT,
} FdSimStepAction;

/* One scenario line, or one planned step of a random call. */
typedef struct {
  double           time;
  FdSimStepAction  action;
  guint            line;
  char            *ref;
  char            *id;
  char            *from;
  char            *name;
  char            *to;
  char            *dialed;
  char            *party;
  FdSimFault       fault;
  int              api_code;
} FdSimStep;

void      _fd_simulator_step_clear      (gpointer     step);
GArray   *_fd_simulator_parse_scenario  (const char  *text,
                                         GError     **error);
gboolean  _fd_simulator_is_valid_number (const char  *text);

G_END_DECLS
