/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the fault matrix's programs share: the cases' shape, the fixture,
 * the fake PBX (fault-matrix-pbx.c) and the harness that runs a case
 * (fault-matrix-harness.c). Each program only lists its cases.
 */
#pragma once

#include "fd-error.h"
#include "fd-poller.h"

#include <libsoup/soup.h>

#define INTERVAL        0.2
#define CLIENT_TIMEOUT  1.0
#define MAX_BODY        (1024 * 1024)
#define HUGE_BODY       (3 * MAX_BODY)
#define FAULT_HOST      "frontdesk-fault.invalid"

#define UNKNOWN_STATE "Parked"

typedef enum {
  FAULT_NONE,
  FAULT_REFUSED,
  FAULT_UNKNOWN_HOST,
  FAULT_HANG,
  FAULT_TRICKLE,
  FAULT_HTTP_500,
  FAULT_HTML,
  FAULT_TRUNCATED,
  FAULT_GARBAGE,
  FAULT_HUGE,
  FAULT_HUGE_CHUNKED,
  FAULT_BILLION_LAUGHS,
  FAULT_XXE,
  FAULT_CODE_300,
  FAULT_CODE_301,
  FAULT_CODE_305,
  FAULT_CODE_601,
  FAULT_UNKNOWN_STATE,
  FAULT_DUPLICATE_ID,
  FAULT_NOT_UTF8,
} Fault;

typedef enum {
  KIND_FAILURE,     /* every poll fails */
  KIND_SNAPSHOT,    /* a good snapshot with something odd in it */
} Kind;

typedef struct {
  const char        *name;
  Fault              fault;
  Kind               kind;
  FdConnectionState  state;
  gboolean           api;        /* FD_API_ERROR rather than FD_ERROR */
  int                code;
  int                alt_code;   /* another acceptable code, or -1 */
  const char        *words;      /* the cause, as the sentence names it */
  const char        *alt_words;  /* or, with alt_code, this */
  gboolean           slow;
} FaultCase;

/* Bodies, made once before any case so that none of them counts against
 * a case's memory. */
typedef struct {
  char   *good;
  char   *unknown_state;
  char   *duplicate;
  char   *not_utf8;
  char   *truncated;
  char   *laughs;
  char   *xxe[4];
  GBytes *garbage;
  GBytes *huge;
  char   *marker;        /* the secret in the local file */
  char   *marker_path;
} Bodies;

/* A response the server holds open: hung, or trickling. */
typedef struct {
  SoupServerMessage *msg;
  guint              source;
  gsize              sent;
  gboolean           over;   /* finished or disconnected */
} Held;

typedef struct {
  const FaultCase *fc;
  SoupServer      *server;
  guint            port;
  char            *url;
  char            *where;        /* 127.0.0.1:PORT, as sentences name it */
  FdClient        *client;
  FdCallTracker   *tracker;
  FdPoller        *poller;
  FdCall          *talk;         /* the tracker's own objects, borrowed */
  FdCall          *ring;

  Fault            fault;
  guint            n_fault_served;
  GPtrArray       *held;

  GString         *events;       /* tracker signals, in order */
  GString         *errors;       /* every last-error seen */
  GString         *logs;         /* every log line of this case */
  guint            n_online_entries;
  guint            n_good_snapshots;
  guint            n_fault_snapshots;
  guint            n_snapshots;
  guint            failures_in_row;
  guint            n_failures;
  double           last_delay;   /* the poller's backoff after the last failure */
  gsize            rss_max;
} Fixture;

/* The case running now: the log writer and the fake PBX's timers find
 * it here (fault-matrix-harness.c). */
extern Fixture *current;
/* Made by make_bodies() (fault-matrix-pbx.c). */
extern Bodies bodies;

/* fault-matrix-pbx.c: the in-process PBX whose behaviour set_fault()
 * switches. */
void make_bodies     (void);
void free_bodies     (void);
void release_held    (Fixture           *f);
void server_callback (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data);
void server_listen   (Fixture           *f);
void set_fault       (Fixture           *f,
                      Fault              fault);

/* fault-matrix-harness.c: adds one test per case under
 * /frontdesk/fault-matrix/ and runs them. */
int  fault_matrix_run (int               *argc,
                       char            ***argv,
                       const FaultCase   *cases,
                       guint              n_cases);
