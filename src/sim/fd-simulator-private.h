/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-simulator.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The simulator's files call down this list, never up, so none of them
 * calls back into one that uses it:
 *
 *   fd-simulator.c           the GObject, the public API, listening, running
 *                            scenarios
 *   fd-simulator-http.c      routes, fault answers, hung and trickled replies
 *   fd-simulator-commands.c  parameters, authentication, the commands
 *   fd-simulator-random.c    random traffic
 *   fd-simulator-actions.c   what happens to a call, and its event line
 *   fd-simulator-xml.c       the XML answers in both dialects
 *   fd-simulator-extensions.c  the ListExtensions answer
 *   fd-simulator-call.c      one call and its clock; timers
 *   fd-simulator-scenario.c, fd-simulator-fault.c
 *                            leaves: reading scenarios, fault names
 */

/* ---- scenario steps (fd-simulator-scenario.c reads them) ---------------- */

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

#define XML_HEADER \
  "<?xml version=\"1.0\"?>\n" \
  "<Response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" \
  " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n"

/* ---- the simulator and its calls ---------------------------------------- */

typedef struct _SimCall SimCall;

struct _SimCall {
  FdSimulator *sim;             /* borrowed: the simulator owns its calls */
  char        *id;
  const char  *state;           /* interned FD_CALL_STATE_* */
  char        *source;
  char        *caller_id;
  char        *destination;
  char        *dialed;
  GDateTime   *start_time;
  gint64       phase_start;     /* monotonic µs when the current state began */
  gint64       ring_us;         /* finished Ringing phases */
  gint64       talk_us;         /* finished InCall and Hold phases */
  gboolean     answered;
  /* Random traffic: what this call will still do, in order. */
  GArray      *plan;            /* element-type FdSimStep, only action and time */
  guint        plan_index;
  GSource     *plan_timer;
  GSource     *transfer_timer;
};

/* One ended call as the PBX's own history keeps it (GetCallHistory). */
typedef struct {
  char        *id;
  char        *state;           /* CalleeHungUp, CallerHangUp */
  char        *source;
  char        *caller_id;
  char        *destination;
  char        *dialed;
  GDateTime   *start_time;
} SimEnded;

/* The history keeps the newest this many calls. */
#define FD_SIM_MAX_ENDED 10000

struct _FdSimulator {
  GObject       parent_instance;

  /* Owned */
  GMainContext *context;
  SoupServer   *server;
  GRand        *rand;
  GPtrArray    *calls;          /* element-type SimCall, in ring order */
  GPtrArray    *ended;          /* element-type SimEnded, oldest first */
  GHashTable   *used_ids;       /* every CallId handed out, never reused */
  GPtrArray    *deliveries;     /* element-type Delivery */
  char         *username;
  char         *password;

  /* Scenario */
  GArray       *steps;          /* element-type FdSimStep */
  guint         step_index;
  GHashTable   *refs;           /* call-ref -> CallId */
  gint64        scenario_t0;    /* 0: not started */
  GSource      *scenario_timer;

  /* Random traffic */
  double        rate;
  GSource      *arrival_timer;

  FdDialect     dialect;
  FdSimFault    fault;
  int           fault_code;
  guint         port;
  gboolean      listening;      /* between listen() and stop() */
  gboolean      bound;          /* false while the refuse fault is on */
  guint64       n_requests;
};

/* fd-simulator-call.c */
GSource  *_fd_simulator_schedule        (FdSimulator  *self,
                                         double        seconds,
                                         GSourceFunc   func,
                                         gpointer      data);
void      _fd_simulator_cancel_source   (GSource     **source);
void      _fd_simulator_call_free       (gpointer      data);
gboolean  _fd_simulator_state_is_talking (const char  *state);
gboolean  _fd_simulator_call_is         (SimCall      *call,
                                         const char   *state);
gint64    _fd_simulator_call_ring_us    (SimCall      *call,
                                         gint64        now);
gint64    _fd_simulator_call_talk_us    (SimCall      *call,
                                         gint64        now);
void      _fd_simulator_call_set_state  (SimCall      *call,
                                         const char   *state);
SimCall  *_fd_simulator_find_call       (FdSimulator  *self,
                                         const char   *id);
char     *_fd_simulator_new_call_id     (FdSimulator  *self);

/* fd-simulator-xml.c */
char     *_fd_simulator_error_body      (int           code,
                                         const char   *arg0,
                                         const char   *arg1);
char     *_fd_simulator_ok_body         (void);
char     *_fd_simulator_active_calls_body (GPtrArray  *calls,
                                         FdDialect     dialect);
/* @page: element-type SimEnded, one page of @total matching calls. */
char     *_fd_simulator_history_body    (GPtrArray    *page,
                                         guint         total,
                                         FdDialect     dialect);

/* fd-simulator-extensions.c */
char     *_fd_simulator_extensions_body (FdSimulator *self);

/* fd-simulator-actions.c */
void      _fd_simulator_emit_fault_event (FdSimulator *self);
SimCall  *_fd_simulator_add_call        (FdSimulator  *self,
                                         const char   *id,
                                         const char   *source,
                                         const char   *caller_id,
                                         const char   *destination,
                                         const char   *dialed);
void      _fd_simulator_end_call        (FdSimulator  *self,
                                         SimCall      *call);
void      _fd_simulator_ended_free      (gpointer      data);
void      _fd_simulator_change_call     (SimCall      *call,
                                         const char   *state,
                                         const char   *verb);
void      _fd_simulator_forward_call    (SimCall      *call,
                                         const char   *destination);
void      _fd_simulator_transfer_call   (SimCall      *call,
                                         gboolean      transferor_is_caller,
                                         const char   *target);
gboolean  _fd_simulator_apply_step      (FdSimulator     *self,
                                         SimCall         *call,
                                         const FdSimStep *step);

/* fd-simulator-random.c */
void      _fd_simulator_schedule_arrival (FdSimulator *self,
                                         double        delay);

/* fd-simulator-commands.c */
GHashTable *_fd_simulator_collect_params (SoupServerMessage *msg,
                                          GHashTable        *query);
const char *_fd_simulator_param         (GHashTable   *params,
                                         const char   *name);
char     *_fd_simulator_handle_command  (FdSimulator  *self,
                                         GHashTable   *params);

/* fd-simulator-http.c */
GPtrArray *_fd_simulator_deliveries_new (void);
void      _fd_simulator_server_cb       (SoupServer        *server,
                                         SoupServerMessage *msg,
                                         const char        *path,
                                         GHashTable        *query,
                                         gpointer           user_data);
void      _fd_simulator_release_deliveries (FdSimulator *self);

G_END_DECLS
