/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-parser.h"

G_BEGIN_DECLS

/* How the simulated PBX misbehaves (docs/ozeki-api.md §8). */
typedef enum {
  FD_SIM_FAULT_NONE,
  FD_SIM_FAULT_REFUSE,      /* stop listening: connections are refused */
  FD_SIM_FAULT_HANG,        /* accept the request, never answer */
  FD_SIM_FAULT_TRICKLE,     /* answer one byte every 0.5 s */
  FD_SIM_FAULT_HTTP_500,
  FD_SIM_FAULT_HTML,        /* an HTML error page with HTTP 200 */
  FD_SIM_FAULT_TRUNCATED,   /* valid XML cut in the middle */
  FD_SIM_FAULT_GARBAGE,     /* random bytes */
  FD_SIM_FAULT_HUGE,        /* a 64 MiB body */
  FD_SIM_FAULT_API_CODE,    /* a <Response> with fault-code (300, 301, 305, 601…) */
} FdSimFault;

#define FD_TYPE_SIMULATOR (fd_simulator_get_type ())
G_DECLARE_FINAL_TYPE (FdSimulator, fd_simulator, FD, SIMULATOR, GObject)

/*
 * A simulated Ozeki Phone System HTTP API on a SoupServer, on 127.0.0.1
 * only. Create it, listen and run it on one thread: its server and timers
 * use that thread's thread-default main context.
 * Signal "event" (const char *line): one line of its own log per thing that
 * happened to a call ("ring <id> …", "answer <id>", "end <id> missed"…).
 * Signal "scenario-finished" (gboolean quit): the loaded scenario's last
 * line has run; quit is TRUE if that line was `quit`.
 * The scenario format and the event lines are described at the top of
 * fd-simulator.c and in README.md, "The simulated PBX".
 */

FdSimulator *fd_simulator_new               (void);
void         fd_simulator_set_dialect       (FdSimulator  *self,
                                             FdDialect     dialect);
void         fd_simulator_set_credentials   (FdSimulator  *self,
                                             const char   *username,
                                             const char   *password);
void         fd_simulator_set_fault         (FdSimulator  *self,
                                             FdSimFault    fault,
                                             int           api_code);
const char  *fd_sim_fault_to_string       (FdSimFault    fault);
gboolean     fd_simulator_parse_fault       (const char   *text,
                                             FdSimFault   *fault,
                                             int          *api_code,
                                             GError      **error);
gboolean     fd_simulator_load_scenario     (FdSimulator  *self,
                                             const char   *path,
                                             GError      **error);
gboolean     fd_simulator_load_scenario_data (FdSimulator *self,
                                             const char   *text,
                                             GError      **error);
/* Random traffic: `rate` new calls per minute on average. */
void         fd_simulator_start_random      (FdSimulator  *self,
                                             double        rate);
/* Makes CallIds and random traffic the same from run to run. */
void         fd_simulator_set_seed          (FdSimulator  *self,
                                             guint32       seed);
/* Listens on 127.0.0.1:port (0 picks one) and returns the base URL. */
char        *fd_simulator_listen            (FdSimulator  *self,
                                             guint         port,
                                             GError      **error);
void         fd_simulator_stop              (FdSimulator  *self);
/* The port listened on (also while the refuse fault has it closed). */
guint        fd_simulator_get_port          (FdSimulator  *self);
guint        fd_simulator_get_n_calls       (FdSimulator  *self);
guint64      fd_simulator_get_n_requests    (FdSimulator  *self);
/* A call only the PBX's history (GetCallHistory) ever shows. */
char        *fd_simulator_ring_briefly      (FdSimulator  *self,
                                             const char   *source,
                                             const char   *destination,
                                             gboolean      answered);

G_END_DECLS
