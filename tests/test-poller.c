/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-error.h"
#include "fd-poller.h"

#include <libsoup/soup.h>
#include <string.h>

typedef enum { MODE_OK, MODE_500, MODE_AUTH, MODE_HANG } Mode;

typedef struct {
  SoupServer    *server;
  FdClient      *client;
  FdCallTracker *tracker;
  FdPoller      *poller;
  Mode           mode;
  const char    *state;       /* of the one call served, or NULL for none */
  GArray        *arrivals;    /* monotonic times of requests */
  GPtrArray     *paused;
  guint          in_flight;   /* requests the server holds right now */
  guint          max_in_flight;
  GString       *events;
  guint          snapshots;
} Fixture;

static void
respond_body (SoupServerMessage *msg,
              const char        *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
serve_calls (Fixture           *f,
             SoupServerMessage *msg)
{
  g_autofree char *body = NULL;

  if (f->state == NULL)
    body = g_strdup ("<Response><Code>200</Code><Message>ok</Message><ActiveCalls /></Response>");
  else
    body = g_strdup_printf ("<Response><Code>200</Code><Message>ok</Message><ActiveCalls><CallInfo>"
                            "<CallId>c1</CallId><CallState>%s</CallState><Source>1000</Source>"
                            "<Destination>1001</Destination></CallInfo></ActiveCalls></Response>",
                            f->state);
  respond_body (msg, body);
}

static void
on_finished (SoupServerMessage *msg,
             Fixture           *f)
{
  f->in_flight--;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (f->arrivals, now);
  f->in_flight++;
  f->max_in_flight = MAX (f->max_in_flight, f->in_flight);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), f);

  switch (f->mode)
    {
    case MODE_OK:
      serve_calls (f, msg);
      break;
    case MODE_500:
      soup_server_message_set_status (msg, 500, NULL);
      break;
    case MODE_AUTH:
      respond_body (msg, "<Response><Code>305</Code><Message>Authentication failed, bad username or password</Message></Response>");
      break;
    case MODE_HANG:
      soup_server_pause_message (server, msg);
      g_ptr_array_add (f->paused, g_object_ref (msg));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_event (Fixture    *f,
          const char *what)
{
  g_string_append_printf (f->events, "%s;", what);
}

static void on_started (FdCallTracker *t, FdCall *c, Fixture *f) { on_event (f, "started"); }
static void on_ended (FdCallTracker *t, FdCall *c, int o, Fixture *f) { on_event (f, "ended"); }
static void on_snapshot (FdPoller *p, GPtrArray *calls, Fixture *f) { f->snapshots++; }

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  f->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->events = g_string_new (NULL);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = fd_client_new (url);
  f->tracker = fd_call_tracker_new ();
  f->poller = fd_poller_new (f->client, f->tracker);
  fd_poller_set_interval (f->poller, 0.2);
  g_signal_connect (f->poller, "snapshot", G_CALLBACK (on_snapshot), f);
  g_signal_connect (f->tracker, "call-started", G_CALLBACK (on_started), f);
  g_signal_connect (f->tracker, "call-ended", G_CALLBACK (on_ended), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  fd_poller_stop (f->poller);
  g_assert_finalize_object (f->poller);
  g_assert_finalize_object (f->tracker);
  for (guint i = 0; i < f->paused->len; i++)
    {
      soup_server_message_set_status (g_ptr_array_index (f->paused, i), 500, NULL);
      soup_server_unpause_message (f->server, g_ptr_array_index (f->paused, i));
    }
  /* A cancelled request still holds the client until its callback ran. */
  while (G_OBJECT (f->client)->ref_count > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (f->client);
  g_ptr_array_unref (f->paused);
  soup_server_disconnect (f->server);
  g_object_unref (f->server);
  g_array_unref (f->arrivals);
  g_string_free (f->events, TRUE);
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *f);

static void
wait_until (Fixture   *f,
            Condition  condition,
            double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (20, wake, NULL);

  while (!condition (f) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_true (condition (f));
}

static gboolean is_online (Fixture *f) { return fd_poller_get_state (f->poller) == FD_CONNECTION_ONLINE; }
static gboolean is_offline (Fixture *f) { return fd_poller_get_state (f->poller) == FD_CONNECTION_OFFLINE; }
static gboolean is_auth_failed (Fixture *f) { return fd_poller_get_state (f->poller) == FD_CONNECTION_AUTH_FAILED; }
static gboolean five_snapshots (Fixture *f) { return f->snapshots >= 5; }
static gboolean five_arrivals (Fixture *f) { return f->arrivals->len >= 5; }
static gboolean has_paused (Fixture *f) { return f->paused->len >= 1; }

static void
test_steady (Fixture *f, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();

  f->state = "Ringing";
  fd_poller_start (f->poller);
  g_assert_cmpint (fd_poller_get_state (f->poller), ==, FD_CONNECTION_CONNECTING);
  wait_until (f, five_snapshots, 5);
  g_assert_true (is_online (f));
  g_assert_null (fd_poller_get_last_error (f->poller));
  g_assert_cmpstr (f->events->str, ==, "started;");
  /* Five polls 0.2 s apart take about 0.8 s: the interval is honoured. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 0.75 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->max_in_flight, ==, 1);
}

/* A PBX that fails for a while ends no call, backs off, and is back to the
 * normal interval as soon as it answers again. */
static void
test_blip_and_backoff (Fixture *f, gconstpointer data)
{
  gint64 gap1, gap2, gap3;
  guint first_failure;

  f->state = "InCall";
  fd_poller_start (f->poller);
  wait_until (f, is_online, 5);
  f->mode = MODE_500;
  first_failure = f->arrivals->len;
  wait_until (f, is_offline, 5);
  g_assert_nonnull (strstr (fd_poller_get_last_error (f->poller), "HTTP error 500"));
  while (f->arrivals->len < first_failure + 4)
    g_main_context_iteration (NULL, TRUE);
  gap1 = g_array_index (f->arrivals, gint64, first_failure + 1) - g_array_index (f->arrivals, gint64, first_failure);
  gap2 = g_array_index (f->arrivals, gint64, first_failure + 2) - g_array_index (f->arrivals, gint64, first_failure + 1);
  gap3 = g_array_index (f->arrivals, gint64, first_failure + 3) - g_array_index (f->arrivals, gint64, first_failure + 2);
  /* Equal jitter: failure n waits between half and all of interval·2^(n-1). */
  g_assert_cmpint (gap1, >=, 0.09 * G_USEC_PER_SEC);
  g_assert_cmpint (gap2, >=, 0.19 * G_USEC_PER_SEC);
  g_assert_cmpint (gap3, >=, 0.39 * G_USEC_PER_SEC);
  g_assert_cmpint (gap3, <=, 1.2 * G_USEC_PER_SEC);
  g_assert_cmpstr (f->events->str, ==, "started;");

  f->mode = MODE_OK;
  fd_poller_poll_now (f->poller);
  wait_until (f, is_online, 5);
  g_assert_null (fd_poller_get_last_error (f->poller));
  g_assert_cmpstr (f->events->str, ==, "started;");
  f->state = NULL;
  f->snapshots = 0;
  wait_until (f, five_snapshots, 5);
  g_assert_cmpstr (f->events->str, ==, "started;ended;");
}

static void
test_auth_failed (Fixture *f, gconstpointer data)
{
  f->mode = MODE_AUTH;
  fd_poller_start (f->poller);
  wait_until (f, is_auth_failed, 5);
  g_assert_nonnull (strstr (fd_poller_get_last_error (f->poller), "code 305"));
  g_assert_error (fd_poller_get_error (f->poller), FD_API_ERROR, 305);
}

/* A new address makes the state "connecting" at once, so no status line
 * goes on naming the old PBX as connected; the next answer makes it online. */
static void
test_new_url_connects (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strdup (fd_client_get_url (f->client));

  fd_poller_start (f->poller);
  wait_until (f, is_online, 5);
  fd_client_set_url (f->client, "http://127.0.0.1:1/");
  g_assert_cmpint (fd_poller_get_state (f->poller), ==, FD_CONNECTION_CONNECTING);
  fd_client_set_url (f->client, url);
  fd_poller_poll_now (f->poller);
  wait_until (f, is_online, 5);
}

/* However long the PBX has been failing, the next try is never more than
 * FD_POLLER_MAX_BACKOFF away: with a 3 s interval the third failure would
 * wait 6 to 12 s uncapped. */
static void
test_backoff_cap (Fixture *f, gconstpointer data)
{
  guint first_failure;
  gint64 gap = 0;

  fd_poller_set_interval (f->poller, 3.0);
  f->mode = MODE_500;
  first_failure = f->arrivals->len;
  fd_poller_start (f->poller);
  while (f->arrivals->len < first_failure + 4)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = first_failure + 1; i < first_failure + 4; i++)
    {
      gap = g_array_index (f->arrivals, gint64, i) - g_array_index (f->arrivals, gint64, i - 1);
      g_assert_cmpint (gap, <=, (FD_POLLER_MAX_BACKOFF + 0.3) * G_USEC_PER_SEC);
    }
  /* Equal jitter keeps at least half of the capped delay. */
  g_assert_cmpint (gap, >=, (FD_POLLER_MAX_BACKOFF / 2 - 0.05) * G_USEC_PER_SEC);
}

/* However short the interval, a hanging PBX never gets a second request
 * while the first is open. */
static void
test_one_in_flight (Fixture *f, gconstpointer data)
{
  fd_client_set_timeout (f->client, 0.3);
  f->mode = MODE_HANG;
  fd_poller_start (f->poller);
  wait_until (f, has_paused, 5);
  wait_until (f, is_offline, 5);
  g_assert_nonnull (strstr (fd_poller_get_last_error (f->poller), "did not answer within"));
  fd_poller_poll_now (f->poller);
  fd_poller_poll_now (f->poller);
  wait_until (f, five_arrivals, 10);
  g_assert_cmpuint (f->max_in_flight, >=, 1);
  /* Each request timed out before the next one was sent. */
  for (guint i = 1; i < f->arrivals->len; i++)
    g_assert_cmpint (g_array_index (f->arrivals, gint64, i) - g_array_index (f->arrivals, gint64, i - 1),
                     >=, 0.25 * G_USEC_PER_SEC);
}

static void
test_stop (Fixture *f, gconstpointer data)
{
  guint count;

  fd_poller_start (f->poller);
  wait_until (f, is_online, 5);
  fd_poller_stop (f->poller);
  g_assert_cmpint (fd_poller_get_state (f->poller), ==, FD_CONNECTION_STOPPED);
  count = f->arrivals->len;
  /* Nothing is scheduled any more: the context runs dry. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->arrivals->len, ==, count);
  g_assert_false (fd_poller_is_running (f->poller));
}

static void
test_interval_minimum (Fixture *f, gconstpointer data)
{
  fd_poller_set_interval (f->poller, 0.01);
  g_assert_cmpfloat (fd_poller_get_interval (f->poller), ==, FD_POLLER_MIN_INTERVAL);
}

/* The window's stale list and countdown read these: the last good poll's
 * time stays while offline, and the next try is the backoff's, in the
 * future and no further than FD_POLLER_MAX_BACKOFF; poll_now() clears it. */
static void
test_last_seen_next_try (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) seen = NULL;
  gint64 next;

  g_assert_null (fd_poller_get_last_seen (f->poller));
  g_assert_cmpint (fd_poller_get_next_try (f->poller), ==, 0);
  fd_poller_start (f->poller);
  wait_until (f, is_online, 5);
  g_assert_nonnull (fd_poller_get_last_seen (f->poller));
  seen = g_date_time_ref (fd_poller_get_last_seen (f->poller));
  f->mode = MODE_500;
  wait_until (f, is_offline, 5);
  g_assert_true (g_date_time_equal (seen, fd_poller_get_last_seen (f->poller)) ||
                 g_date_time_compare (seen, fd_poller_get_last_seen (f->poller)) < 0);
  next = fd_poller_get_next_try (f->poller);
  g_assert_cmpint (next, >, g_get_monotonic_time ());
  g_assert_cmpint (next, <=, g_get_monotonic_time () + (gint64) (FD_POLLER_MAX_BACKOFF * G_USEC_PER_SEC));
  f->mode = MODE_OK;
  fd_poller_poll_now (f->poller);
  g_assert_cmpint (fd_poller_get_next_try (f->poller), ==, 0);
  wait_until (f, is_online, 5);
  g_assert_cmpint (g_date_time_compare (fd_poller_get_last_seen (f->poller), seen), >=, 0);
  fd_poller_stop (f->poller);
  g_assert_cmpint (fd_poller_get_next_try (f->poller), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/frontdesk/poller/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("steady", test_steady);
  ADD ("blip-and-backoff", test_blip_and_backoff);
  ADD ("last-seen-next-try", test_last_seen_next_try);
  ADD ("backoff-cap", test_backoff_cap);
  ADD ("new-url-connects", test_new_url_connects);
  ADD ("auth-failed", test_auth_failed);
  ADD ("one-in-flight", test_one_in_flight);
  ADD ("stop", test_stop);
  ADD ("interval-minimum", test_interval_minimum);
#undef ADD

  return g_test_run ();
}
