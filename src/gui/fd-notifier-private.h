/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* FdNotifier spans two files along its thread seam: fd-notifier.c (the
 * main thread: the tracker's and the desk's signals, what to say, the
 * type itself) and fd-notifier-worker.c (the worker thread: libnotify, the
 * bubbles on screen and their buttons). They meet only in Request, which
 * the main thread builds and the worker consumes, and in the struct
 * below, whose fields say which thread may touch them. */

#include "fd-notifier.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  OP_SHOW,
  OP_CLOSE_ALL,
  OP_CLOSE,      /* the bubble of call_id, if it is on screen */
  OP_QUIT,
} Op;

typedef enum {
  KIND_RINGING,
  KIND_ANSWERED,
  KIND_MISSED,
  KIND_ENDED,
  KIND_PBX_DOWN, /* not a call: the PBX has not answered for "down-after" ms */
  KIND_PBX_BACK, /* replaces the KIND_PBX_DOWN bubble */
} Kind;

/* The key of the PBX's own bubble among the CallIds: not a CallId, which
 * the PBX writes without a colon. */
#define FD_NOTIFIER_PBX_KEY "frontdesk:pbx"

/* What the main thread asks of the worker. Built on the main thread, so
 * the worker never touches an FdCall. */
typedef struct {
  FdNotifier *self;
  Op          op;
  Kind        kind;
  char       *call_id;
  char       *number;     /* nullable: no "Copy number" button then */
  char       *summary;
  char       *body;       /* markup; everything from the PBX escaped */
  guint       linger;
  gint64      journal_id; /* a missed call's journal entry; 0: no "Mark Handled" */
  gboolean    standalone; /* answered/ended without a ringing notification first */
} Request;


struct _FdNotifier
{
  GObject        parent_instance;

  /* Main thread */
  FdCallTracker *tracker;
  GActionGroup  *actions;        /* nullable; read by the worker, never changed */
  GHashTable    *notified;       /* CallIds that have a notification */
  FdDesk        *desk;           /* nullable: then no journal ids */
  gint64         ending_id;      /* the journal entry of the call ending now */
  FdSettings    *settings;       /* nullable: every call, every kind */
  GHashTable    *missed_bubbles; /* journal id (gint64*) -> CallId of its missed bubble */
  FdPoller      *poller;         /* nullable: then no "PBX is down" */
  guint          down_after;     /* ms offline before "PBX is down" */
  guint          down_timer_id;
  gboolean       down_notified;  /* "PBX is down" is out: say when it is back */
  gboolean       paused;
  guint          linger;
  GMainContext  *main_context;
  GThread       *thread;

  /* Read-only once the worker runs */
  GMainContext  *worker_context;
  GdkPixbuf     *image;          /* the app icon when it is not installed */
  char          *icon_name;      /* the app icon when it is */

  /* Worker thread only */
  GHashTable    *entries;        /* CallId -> Entry */
  gboolean       quit;
  gboolean       server_ok;
  gboolean       server_actions;
  gboolean       server_markup;
  gint64         server_retry;   /* monotonic µs */
};

/* fd-notifier.c */
void     _fd_notifier_post         (FdNotifier *self,
                                    Request    *request);
void     _fd_notifier_close        (FdNotifier *self,
                                    const char *call_id);

/* fd-notifier-outage.c: the PBX's down and back bubbles */
void     _fd_notifier_outage_follow  (FdNotifier *self,
                                      FdPoller   *poller);
void     _fd_notifier_outage_dispose (FdNotifier *self);

/* fd-notifier-journal.c: a handled entry's missed bubble closes */
void     _fd_notifier_journal_follow (FdNotifier *self,
                                      FdDesk     *desk);

/* fd-notifier-worker.c */
void     _fd_notifier_request_free (gpointer data);
/* A GSourceFunc on the worker's context, for one Request. */
gboolean _fd_notifier_run_request  (gpointer data);
gpointer _fd_notifier_worker_main  (gpointer data);

G_END_DECLS
