/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the simulator's test programs share: a simulator listening on a free
 * port with a session to talk to it, requests whose answers are awaited
 * with a deadline, and an XML reader independent of fd-parser.
 */
#pragma once

#include "fd-parser.h"
#include "fd-simulator.h"

#include <libsoup/soup.h>

#define REQUEST_SECONDS 5.0

typedef struct {
  FdSimulator *sim;
  SoupSession *session;
  char        *url;
  GPtrArray   *events;
  gboolean     finished;
  gboolean     finished_quit;
} Fixture;

typedef struct {
  gboolean  done;
  guint     status;
  char     *content_type;
  GBytes   *body;
  GError   *error;
} Reply;

/* The server side of a message: Code, Message and the calls, each call
 * as its element name and its children in document order. */
typedef struct {
  int        code;
  char      *message;
  gboolean   has_active_calls;
  GPtrArray *calls;             /* element-type GPtrArray of "Name=text" */
  GPtrArray *call_elements;     /* element-type char*: CallInfo or Call */
} Doc;

void     reply_free        (Reply       *reply);
void     doc_free          (Doc         *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Doc, doc_free)

/* Waiting: iterate the main context until a condition holds or the
 * deadline passes; each returns whether it holds. */
typedef gboolean (*Condition) (gconstpointer data);

gboolean wait_until        (Condition      condition,
                            gconstpointer  data,
                            double         seconds);
gboolean wait_for          (gboolean      *flag,
                            double         seconds);
void     pause_for         (double         seconds);

/* Requests: the answer must be complete within REQUEST_SECONDS. read_cb
 * fills the Reply given as its data, for requests sent by hand. */
void     read_cb           (GObject       *source,
                            GAsyncResult  *result,
                            gpointer       data);
Reply   *send_message      (Fixture       *fixture,
                            SoupMessage   *msg);
Reply   *get               (Fixture       *fixture,
                            const char    *path_and_query);
Reply   *post              (Fixture       *fixture,
                            const char    *form);

/* Reading the XML. */
Doc     *read_doc          (Reply         *reply);
void     assert_code       (Reply         *reply,
                            int            code,
                            const char    *message);
const char *field          (GPtrArray     *call,
                            const char    *name);
char    *field_names       (GPtrArray     *call);
FdResponse *parse_reply    (Reply         *reply);
FdCall  *find_parsed_call  (FdResponse    *response,
                            const char    *id);
const char *state_of       (Fixture       *fixture,
                            const char    *id);

/* The fixture: a seeded simulator that records its events; event_cb is
 * the "event" handler that records them. */
void     event_cb          (FdSimulator   *sim,
                            const char    *line,
                            Fixture       *fixture);
void     fixture_set_up    (Fixture       *fixture,
                            gconstpointer  data);
void     fixture_tear_down (Fixture       *fixture,
                            gconstpointer  data);
void     play              (Fixture       *fixture,
                            const char    *scenario);
gboolean has_event         (Fixture       *fixture,
                            const char    *line);
gboolean wait_for_event    (Fixture       *fixture,
                            const char    *line,
                            double         seconds);
gboolean has_events        (gconstpointer  data);
