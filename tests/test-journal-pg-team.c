/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several Frontdesks on one PostgreSQL journal: a throwaway server for the
 * program, two FdJournal objects on it playing two desks or recorders. */
#include "fd-desk.h"
#include "fd-journal-outbox.h"
#include "fd-journal-pg.h"
#include "fd-journal-uri.h"
#include "fd-journal-worker.h"
#include "fd-journal.h"
#include "fd-simulator.h"
#include "pg-test-util.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define PBX "http://admin:pbxpass@pbx.example:7777"

static FdPgTestServer *server;
/* XDG_CACHE_HOME for the program: where the outboxes go. */
static char *cache_dir;

typedef struct {
  char      *uri;
  FdJournal *a;
  FdJournal *b;
  GArray    *a_changes;   /* gint64 ids from a's "changed", in order */
  GArray    *b_changes;
} Fixture;

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, FD_PG_TEST_PASSWORD));
  g_assert_null (strstr (text, "pbxpass"));
}

/* In a file's bytes, NULs and all. */
static void
assert_no_secret_in (const char *bytes,
                     gsize       length)
{
  const char *secrets[] = { FD_PG_TEST_PASSWORD, "pbxpass" };

  for (guint s = 0; s < G_N_ELEMENTS (secrets); s++)
    for (gsize i = 0; i + strlen (secrets[s]) <= length; i++)
      g_assert_false (memcmp (bytes + i, secrets[s], strlen (secrets[s])) == 0);
}

static void
raw_exec (const char *sql)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  PGconn *conn = fd_journal_pg_connect (uri, NULL);
  PGresult *res;

  g_assert_nonnull (conn);
  res = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  PQfinish (conn);
}

static gint64
raw_count (const char *sql)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  PGconn *conn = fd_journal_pg_connect (uri, NULL);
  PGresult *res;
  gint64 n;

  g_assert_nonnull (conn);
  res = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  PQfinish (conn);
  return n;
}

static void
on_changed (FdJournal *journal,
            gint64     id,
            gpointer   data)
{
  g_array_append_val ((GArray *) data, id);
}

static FdJournal *
open_journal (Fixture *f,
              GArray  *changes)
{
  g_autoptr(GError) error = NULL;
  FdJournal *journal = fd_journal_open_uri (f->uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (journal);
  g_signal_connect (journal, "changed", G_CALLBACK (on_changed), changes);
  return journal;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  f->a_changes = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->b_changes = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->a = open_journal (f, f->a_changes);
  raw_exec ("TRUNCATE calls, meta RESTART IDENTITY");
  f->b = open_journal (f, f->b_changes);
}

static char *
dup_outbox_path (void)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, NULL, "");
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  /* As the journal shows it: no password, no query. */
  g_autofree char *shown = g_uri_join_with_user (G_URI_FLAGS_NONE, g_uri_get_scheme (parsed),
                                                 g_uri_get_user (parsed), NULL, NULL,
                                                 g_uri_get_host (parsed), g_uri_get_port (parsed),
                                                 g_uri_get_path (parsed), NULL, NULL);

  return fd_journal_outbox_dup_path (shown);
}

static void
remove_outbox (void)
{
  g_autofree char *path = dup_outbox_path ();

  g_unlink (path);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_array_unref (f->a_changes);
  g_array_unref (f->b_changes);
  g_free (f->uri);
  remove_outbox ();
}

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @changes holds @n ids or @timeout_ms passed. */
static gboolean
wait_for_changes (GArray *changes,
                  guint   n,
                  guint   timeout_ms)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (timeout_ms, on_deadline, &expired);

  while (changes->len < n && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return changes->len >= n;
}

/* Lets pending notices arrive: runs the loop for @ms. */
static void
drain (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, on_deadline, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static gint64
last_change (GArray *changes)
{
  return g_array_index (changes, gint64, changes->len - 1);
}

/* A call that started at 08:@minute UTC on 2024-01-31. */
static FdCall *
make_call (const char *id,
           int         minute,
           double      ring,
           double      talk)
{
  FdCall *call = fd_call_new (id);
  g_autofree char *raw = g_strdup_printf ("2024-01-31T08:%02d:00Z", minute);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (raw, NULL);

  fd_call_set_start_time (call, raw, start);
  fd_call_set_caller_id (call, "+36 30 111 2222");
  fd_call_set_source (call, "+36301112222");
  fd_call_set_destination (call, "100");
  fd_call_set_ring_seconds (call, ring);
  fd_call_set_talk_seconds (call, talk);
  return call;
}

static gint64
add (FdJournal     *journal,
     FdCall        *call,
     FdCallOutcome  outcome,
     int            end_minute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 1, 31, 8, 0, 0);
  g_autoptr(GDateTime) ended = g_date_time_add_minutes (base, end_minute);
  gint64 id = fd_journal_add_full (journal, call, outcome, ended, FD_JOURNAL_SOURCE_POLL, PBX,
                                   &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Two recorders see the same call: one row, answered (one of them saw it
 * answered), the longest ring and talk, the name one of them knew. */
static void
test_two_recorders (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FdCall) seen_by_a = make_call ("c1", 0, 12, FD_CALL_NO_DURATION);
  g_autoptr(FdCall) seen_by_b = make_call ("c1", 0, 4, 95);
  g_autoptr(FdCall) other = make_call ("c2", 5, 3, FD_CALL_NO_DURATION);
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id_a, id_b;
  FdCall *merged;

  fd_call_set_caller_name (seen_by_a, "Szabó-Ágnes", FD_NAME_SOURCE_DIRECTORY);
  id_a = add (f->a, seen_by_a, FD_CALL_OUTCOME_MISSED, 1);
  id_b = add (f->b, seen_by_b, FD_CALL_OUTCOME_ANSWERED, 3);
  add (f->a, other, FD_CALL_OUTCOME_MISSED, 6);
  /* The second writer's missed sighting must not undo the answer. */
  add (f->a, seen_by_a, FD_CALL_OUTCOME_MISSED, 1);

  g_assert_cmpint (id_a, ==, id_b);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 2);
  entry = fd_journal_lookup (f->b, id_a, &error);
  g_assert_no_error (error);
  merged = fd_journal_entry_get_call (entry);
  g_assert_cmpint (fd_journal_entry_get_outcome (entry), ==, FD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpfloat (fd_call_get_ring_seconds (merged), ==, 12);
  g_assert_cmpfloat (fd_call_get_talk_seconds (merged), ==, 95);
  g_assert_cmpstr (fd_call_get_caller_name (merged), ==, "Szabó-Ágnes");
  g_assert_cmpstr (fd_journal_entry_get_pbx (entry), ==, "http://pbx.example:7777");
  /* The kept name stays searchable, accents and punctuation ignored. */
  found = fd_journal_list (f->b, FD_JOURNAL_FILTER_ALL, "szabo agnes", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (fd_journal_entry_get_id (g_ptr_array_index (found, 0)), ==, id_a);
}

/* Marked on desk A, seen on desk B within a second, through NOTIFY. */
static void
test_handled_live (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FdCall) call = make_call ("c1", 0, 20, FD_CALL_NO_DURATION);
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, started, elapsed_ms;

  id = add (f->a, call, FD_CALL_OUTCOME_MISSED, 1);
  g_assert_true (wait_for_changes (f->b_changes, 1, 1000));
  g_assert_cmpint (last_change (f->b_changes), ==, id);
  g_assert_cmpuint (fd_journal_count_unhandled_missed (f->b, &error), ==, 1);

  started = g_get_monotonic_time ();
  g_assert_true (fd_journal_set_handled_by (f->a, id, "Anna", &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_changes (f->b_changes, 2, 1000));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("B saw A's mark after %lld ms", (long long) elapsed_ms);
  g_assert_cmpint (elapsed_ms, <, 1000);
  g_assert_cmpint (last_change (f->b_changes), ==, id);
  entry = fd_journal_lookup (f->b, id, &error);
  g_assert_true (fd_journal_entry_get_handled (entry));
  g_assert_cmpstr (fd_journal_entry_get_handled_by (entry), ==, "Anna");
  g_assert_cmpuint (fd_journal_count_unhandled_missed (f->b, &error), ==, 0);

  /* A's own writes are announced once, not again by its listener. */
  drain (200);
  g_assert_cmpuint (f->a_changes->len, ==, 2);
}

/* Every operation of the API against the server. */
static void
test_operations (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FdCall) missed = make_call ("m1", 0, 20, FD_CALL_NO_DURATION);
  g_autoptr(FdCall) answered = make_call ("a1", 10, 2, 30);
  g_autoptr(FdCall) near = make_call ("m1", 0, 0, 0);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gboolean found = FALSE;
  gint64 id_missed, id_answered;

  fd_call_set_destination (answered, "2050_x%");
  id_missed = add (f->a, missed, FD_CALL_OUTCOME_MISSED, 1);
  id_answered = add (f->a, answered, FD_CALL_OUTCOME_ANSWERED, 12);

  list = fd_journal_list (f->a, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (fd_journal_entry_get_id (g_ptr_array_index (list, 0)), ==, id_answered);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fd_journal_list (f->a, FD_JOURNAL_FILTER_MISSED, NULL, 1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (fd_journal_entry_get_id (g_ptr_array_index (list, 0)), ==, id_missed);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* LIKE's own characters are literal text; a CallId is found too. */
  list = fd_journal_list (f->a, FD_JOURNAL_FILTER_ALL, "x%", 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fd_journal_list (f->a, FD_JOURNAL_FILTER_ALL, "A1", 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fd_journal_list (f->a, FD_JOURNAL_FILTER_ALL, "+36 30 111", 0, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (fd_journal_set_note (f->a, id_missed, "call back after 3", &error));
  g_assert_true (fd_journal_set_handled (f->a, id_missed, TRUE, &error));
  g_assert_cmpuint (fd_journal_count_unhandled_missed (f->a, &error), ==, 0);
  g_assert_true (fd_journal_set_handled (f->a, id_missed, FALSE, &error));
  g_assert_cmpuint (fd_journal_count_unhandled_missed (f->a, &error), ==, 1);
  g_assert_true (fd_journal_mark_all_handled (f->a, &error));
  g_assert_cmpuint (fd_journal_count_unhandled_missed (f->a, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (fd_journal_set_handled (f->a, 9999, TRUE, &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fd_journal_set_note (f->a, 9999, "x", &error));
  g_assert_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (fd_journal_set_meta (f->a, "history-cursor", "42", &error));
  value = fd_journal_dup_meta (f->b, "history-cursor", &error);
  g_assert_cmpstr (value, ==, "42");
  g_assert_true (fd_journal_has_call_near (f->b, near, PBX, &found, &error));
  g_assert_true (found);

  /* 2024 is far more than a day ago: both go. */
  g_assert_true (fd_journal_prune (f->a, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 0);
}

/* The server dies mid-day and comes back: a write while it is down waits
 * in the outbox, the next after it is back reconnects and sends it; calls written
 * again are merged, none lost or doubled; B listens again. */
static void
test_server_restart (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(FdCall) down = make_call ("d1", 30, 1, FD_CALL_NO_DURATION);
  guint b_before;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("r%d", i);
      g_autoptr(FdCall) call = make_call (call_id, i, 5, FD_CALL_NO_DURATION);

      add (f->a, call, FD_CALL_OUTCOME_MISSED, i + 1);
    }
  g_assert_true (wait_for_changes (f->b_changes, 3, 1000));
  g_assert_true (fd_pg_test_server_crash (server, &error));
  g_assert_no_error (error);

  g_assert_cmpint (fd_journal_add_full (f->a, down, FD_CALL_OUTCOME_MISSED, NULL,
                                        FD_JOURNAL_SOURCE_POLL, PBX, &error), <, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (fd_journal_get_n_waiting (f->a), ==, 1);

  g_assert_true (fd_pg_test_server_restart (server, &error));
  g_assert_no_error (error);
  b_before = f->b_changes->len;
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("r%d", i);
      g_autoptr(FdCall) call = make_call (call_id, i, 5, FD_CALL_NO_DURATION);
      gint64 id = add (f->a, call, FD_CALL_OUTCOME_MISSED, i + 1);

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  /* The call that waited went with the first write. */
  g_assert_cmpuint (g_hash_table_size (ids), ==, 5);
  g_assert_cmpuint (fd_journal_get_n_waiting (f->a), ==, 0);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 6);
  g_assert_cmpuint (fd_journal_count_unhandled_missed (f->b, &error), ==, 6);
  g_assert_no_error (error);

  /* B's listener retries every second; once back it says "changed" (0):
   * it may have missed notices meanwhile, as it did A's five writes. */
  g_assert_true (wait_for_changes (f->b_changes, b_before + 1, 10000));
  g_assert_cmpint (last_change (f->b_changes), ==, 0);
  g_assert_true (fd_journal_set_handled (f->a, 1, TRUE, &error));
  b_before = f->b_changes->len;
  g_assert_true (wait_for_changes (f->b_changes, b_before + 1, 1000));
}

static char *
raw_plan (const char *sql)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  PGconn *conn = fd_journal_pg_connect (uri, NULL);
  GString *plan = g_string_new (NULL);
  PGresult *res;

  g_assert_nonnull (conn);
  /* Few rows: the planner would rightly scan; forbid it to see whether
   * an index can serve the search at all. */
  PQclear (PQexec (conn, "SET enable_seqscan = off"));
  res = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int row = 0; row < PQntuples (res); row++)
    g_string_append_printf (plan, "%s\n", PQgetvalue (res, row, 0));
  PQclear (res);
  PQfinish (conn);
  return g_string_free (plan, FALSE);
}

/* The search's condition (fd-journal-pg-backend.c's pg_list()) can use
 * the trigram indexes: text anywhere in a name or number. */
static void
test_search_index (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *plan = raw_plan ("EXPLAIN SELECT id FROM calls WHERE TRUE AND "
                                    "(search_text LIKE '%szabo%' OR call_id ILIKE '%szabo%') "
                                    "ORDER BY end_time DESC, id DESC LIMIT 100");

  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "calls_search_trgm"));
  g_assert_nonnull (strstr (plan, "calls_call_id_trgm"));
}

static char *
ids_of (GPtrArray *entries)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                            fd_call_get_id (fd_journal_entry_get_call (g_ptr_array_index (entries, i))));
  return g_string_free (out, FALSE);
}

/* Pages of 4 rows, one after the other, give the whole listing in its
 * order, ties of end time included; a later page is found through the
 * end-time index, not by reading the rows before it. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) paged = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *plan = NULL;
  gint64 after = 0;

  for (int i = 0; i < 25; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%d", i);
      g_autoptr(FdCall) call = make_call (id, i, 5, i % 3 == 0 ? 0 : 30);
      g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 1, 31, 9, 0, 0);
      g_autoptr(GDateTime) ended = g_date_time_add_minutes (base, i / 2);

      g_assert_cmpint (fd_journal_add_full (f->a, call, i % 3 == 0 ? FD_CALL_OUTCOME_MISSED : FD_CALL_OUTCOME_ANSWERED,
                                            ended, FD_JOURNAL_SOURCE_POLL, PBX, &error), >, 0);
      g_assert_no_error (error);
    }
  whole = fd_journal_list (f->b, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->len, ==, 25);
  for (;;)
    {
      g_autoptr(GPtrArray) page = fd_journal_list_after (f->b, FD_JOURNAL_FILTER_ALL, NULL, after, 4, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (paged, g_object_ref (g_ptr_array_index (page, i)));
      if (page->len < 4)
        break;
      after = fd_journal_entry_get_id (g_ptr_array_index (page, 3));
    }
  expected = ids_of (whole);
  got = ids_of (paged);
  g_assert_cmpstr (got, ==, expected);

  plan = raw_plan ("EXPLAIN SELECT id FROM calls WHERE TRUE AND (end_time, id) < "
                   "(SELECT end_time, id FROM calls WHERE id = 7) ORDER BY end_time DESC, id DESC LIMIT 200");
  g_test_message ("%s", plan);
  /* The index is entered at the last row's end time, however deep. */
  g_assert_nonnull (strstr (plan, " on calls_end_time"));
  g_assert_nonnull (strstr (plan, "Index Cond: (end_time <= $0)"));
}

/* A wrong password gives one sentence without it; the shown path has no
 * password either. */
static void
test_password_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *wrong = fd_pg_test_server_uri (server, "wrong-" FD_PG_TEST_PASSWORD,
                                                  "?sslmode=disable");
  g_autofree char *expected = g_strdup_printf ("postgresql://" FD_PG_TEST_USER "@127.0.0.1:%u/postgres",
                                               fd_pg_test_server_port (server));
  g_autoptr(GError) error = NULL;

  g_assert_null (fd_journal_open_uri (wrong, &error));
  g_assert_cmpstr (error->message, ==, "The journal database refused the user name or password.");
  assert_no_secret (error->message);
  g_assert_cmpstr (fd_journal_get_path (f->a), ==, expected);
  assert_no_secret (fd_journal_get_path (f->a));
}


static void
on_worker_added (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(gint64 *) data = fd_journal_worker_add_finish (FD_JOURNAL_WORKER (source), result, &error);
  g_assert_no_error (error);
}

/* The desk writes through a worker thread with a journal of its own.
 * fd_journal_get_path() leaves the password out of a PostgreSQL URI, so
 * the worker must reopen the journal from the URI it was opened with:
 * here the password is only in the URI (no PGPASSFILE). */
static void
test_worker_reopens (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FdJournalWorker) worker = NULL;
  g_autoptr(FdJournal) again = NULL;
  g_autoptr(FdCall) call = make_call ("w1", 5, 9, 30);
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_null (g_getenv ("PGPASSFILE"));
  g_assert_null (strstr (fd_journal_get_path (f->a), FD_PG_TEST_PASSWORD));
  again = fd_journal_reopen (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (add (again, call, FD_CALL_OUTCOME_ANSWERED, 6), >, 0);

  worker = fd_journal_worker_new_for_journal (f->a);
  g_clear_object (&call);
  call = make_call ("w2", 7, 4, FD_CALL_NO_DURATION);
  fd_journal_worker_add_async (worker, call, FD_CALL_OUTCOME_MISSED, FD_JOURNAL_SOURCE_POLL, PBX,
                               NULL, on_worker_added, &id);
  {
    gboolean expired = FALSE;
    guint source = g_timeout_add (5000, on_deadline, &expired);

    while (id == 0 && !expired)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (expired);
    g_source_remove (source);
  }
  g_assert_cmpint (id, >, 0);
  entry = fd_journal_lookup (f->b, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_call_get_id (fd_journal_entry_get_call (entry)), ==, "w2");
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 2);
}

static void
count_ended (FdDesk        *desk,
             FdCall        *call,
             FdCallOutcome  outcome,
             gint64         id,
             guint         *n)
{
  (*n)++;
}

/* Runs the loop until @cond holds, for 20 s at most. */
#define WAIT_UNTIL(cond)                                                  \
  G_STMT_START {                                                          \
    gint64 deadline_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;    \
    while (!(cond) && g_get_monotonic_time () < deadline_)               \
      g_main_context_iteration (NULL, FALSE), g_usleep (5000);           \
    g_assert_true (cond);                                                 \
  } G_STMT_END

/* The desk's status line while the server is down names how many calls
 * wait on this computer, and clears once they went through. */
static void
test_desk_says_waiting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fd_simulator_listen (sim, 0, &error);
  guint n_ended = 0;

  g_assert_no_error (error);
  client = fd_client_new (url);
  desk = fd_desk_new (client);
  fd_desk_set_journal (desk, f->a);
  g_signal_connect (desk, "call-ended", G_CALLBACK (count_ended), &n_ended);
  fd_poller_set_interval (fd_desk_get_poller (desk), 0.2);
  fd_poller_start (fd_desk_get_poller (desk));
  WAIT_UNTIL (fd_poller_get_n_polls (fd_desk_get_poller (desk)) >= 1);
  /* The worker opens its journal while the server answers (a desk that
   * starts during an outage: test-journal-pg-offline.c). */
  fd_desk_wait_for_writes (desk);

  g_assert_true (fd_pg_test_server_crash (server, &error));
  g_assert_no_error (error);
  fd_simulator_load_scenario_data (sim,
                                   "0.0 ring a id=o1 from=+3612345001 to=1001\n"
                                   "0.0 ring b id=o2 from=+3612345002 to=1001\n"
                                   "0.6 end a\n"
                                   "0.6 end b\n", &error);
  g_assert_no_error (error);
  WAIT_UNTIL (n_ended == 2);
  if (fd_desk_get_journal_error (desk) == NULL ||
      strstr (fd_desk_get_journal_error (desk), "2 calls wait") == NULL)
    g_error ("The desk says “%s”, not that 2 calls wait.", fd_desk_get_journal_error (desk));
  assert_no_secret (fd_desk_get_journal_error (desk));

  g_assert_true (fd_pg_test_server_restart (server, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (fd_desk_get_journal_error (desk) == NULL);
  WAIT_UNTIL (raw_count ("SELECT count(*) FROM calls WHERE call_id IN ('o1', 'o2')") == 2);
  fd_poller_stop (fd_desk_get_poller (desk));
  fd_desk_wait_for_writes (desk);
  fd_simulator_stop (sim);
}

static int
run_cli (const char  *passfile,
         char       **out,
         const char  *first,
         ...)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, NULL, "?sslmode=disable");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PGPASSFILE", passfile, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) FRONTDESK_BIN);
  g_ptr_array_add (argv, (gpointer) "--journal");
  g_ptr_array_add (argv, uri);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  assert_no_secret (err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* frontdesk --journal postgresql://… with the password in PGPASSFILE, not
 * on the command line (where the process list would show it). */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(FdCall) call = make_call ("cli1", 0, 20, FD_CALL_NO_DURATION);
  g_autofree char *dir = g_dir_make_tmp ("frontdesk-pgpass-XXXXXX", NULL);
  g_autofree char *passfile = g_build_filename (dir, "pgpass", NULL);
  g_autofree char *line = g_strdup_printf ("127.0.0.1:%u:*:" FD_PG_TEST_USER ":" FD_PG_TEST_PASSWORD "\n",
                                           fd_pg_test_server_port (server));
  g_autofree char *expected = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *out = NULL;
  g_autoptr(FdJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (g_file_set_contents (passfile, line, -1, NULL));
  g_assert_cmpint (g_chmod (passfile, 0600), ==, 0);
  id = add (f->a, call, FD_CALL_OUTCOME_MISSED, 1);
  id_text = g_strdup_printf ("%lld", (long long) id);
  expected = g_strdup_printf ("\"entry_id\": %lld", (long long) id);

  g_assert_cmpint (run_cli (passfile, &out, "--history", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, expected));
  g_assert_nonnull (strstr (out, "cli1"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (passfile, &out, "--mark-handled", id_text, "--as", "Bea", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (passfile, &out, "--mark-handled", "999999", NULL), ==, 2);
  g_clear_pointer (&out, g_free);

  g_assert_true (wait_for_changes (f->b_changes, 2, 1000));
  entry = fd_journal_lookup (f->b, id, &error);
  g_assert_no_error (error);
  g_assert_true (fd_journal_entry_get_handled (entry));
  g_assert_cmpstr (fd_journal_entry_get_handled_by (entry), ==, "Bea");
  g_unlink (passfile);
  g_rmdir (dir);
}

static void
on_n_waiting (FdJournal  *journal,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

static void
add_waiting (FdJournal *journal,
             FdCall    *call,
             int        end_minute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 1, 31, 8, 0, 0);
  g_autoptr(GDateTime) ended = g_date_time_add_minutes (base, end_minute);

  g_assert_cmpint (fd_journal_add_full (journal, call, FD_CALL_OUTCOME_MISSED, ended,
                                        FD_JOURNAL_SOURCE_POLL, PBX, &error), <, 0);
  g_assert_no_error (error);
}

static char *
raw_call_ids (void)
{
  g_autofree char *uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  PGconn *conn = fd_journal_pg_connect (uri, NULL);
  PGresult *res;
  char *ids;

  g_assert_nonnull (conn);
  res = PQexec (conn, "SELECT string_agg (call_id, ',' ORDER BY id) FROM calls");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  ids = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  PQfinish (conn);
  return ids;
}

/* Never lose a call: three calls end while the server is down; they wait
 * in the outbox, which outlives the process (a new object finds them),
 * and reach the server, oldest first, when the journal is opened again.
 * An outbox sent twice (a crash after the upserts, before the deletes)
 * merges into the same rows; one left while the journal stays open goes
 * when the listening connection is back. */
static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dup_outbox_path ();
  g_autofree char *copy = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(FdJournal) again = NULL;
  g_autoptr(FdJournal) local = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(FdCall) late = make_call ("o3", 40, 2, FD_CALL_NO_DURATION);
  gsize length;
  guint notified = 0;
  gboolean expired = FALSE;

  g_clear_object (&f->b);
  g_signal_connect (f->a, "notify::n-waiting", G_CALLBACK (on_n_waiting), &notified);
  g_assert_true (fd_pg_test_server_crash (server, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("o%d", i);
      g_autoptr(FdCall) call = make_call (call_id, i, 5, FD_CALL_NO_DURATION);

      add_waiting (f->a, call, i + 1);
    }
  g_assert_cmpuint (fd_journal_get_n_waiting (f->a), ==, 3);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpuint (f->a_changes->len, ==, 0);

  /* The process ends: the calls are in the file, without the passwords. */
  g_clear_object (&f->a);
  local = fd_journal_open (path, &error);
  g_assert_no_error (error);
  waiting = fd_journal_list (local, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 3);
  g_assert_cmpstr (fd_journal_entry_get_pbx (g_ptr_array_index (waiting, 0)), ==,
                   "http://pbx.example:7777");
  g_clear_object (&local);
  g_assert_true (g_file_get_contents (path, &copy, &length, &error));
  assert_no_secret_in (copy, length);

  g_assert_true (fd_pg_test_server_restart (server, &error));
  g_assert_no_error (error);
  again = open_journal (f, f->a_changes);
  g_assert_cmpuint (fd_journal_get_n_waiting (again), ==, 0);
  ids = raw_call_ids ();
  g_assert_cmpstr (ids, ==, "o0,o1,o2");
  g_clear_object (&again);

  g_assert_true (g_file_set_contents (path, copy, length, &error));
  again = open_journal (f, f->a_changes);
  g_assert_cmpuint (fd_journal_get_n_waiting (again), ==, 0);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 3);

  /* Down again with the journal open; back, the listener sends it. */
  notified = 0;
  g_signal_connect (again, "notify::n-waiting", G_CALLBACK (on_n_waiting), &notified);
  g_assert_true (fd_pg_test_server_crash (server, &error));
  g_assert_no_error (error);
  add_waiting (again, late, 41);
  g_assert_cmpuint (fd_journal_get_n_waiting (again), ==, 1);
  g_assert_true (fd_pg_test_server_restart (server, &error));
  g_assert_no_error (error);
  g_timeout_add (10000, on_deadline, &expired);
  while (fd_journal_get_n_waiting (again) > 0 && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (raw_count ("SELECT count(*) FROM calls"), ==, 4);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The outboxes go there, not into the user's cache. */
  cache_dir = g_dir_make_tmp ("fd-pg-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  server = fd_pg_test_server_start (FALSE, &error);
  g_assert_no_error (error);
  g_test_add ("/journal-pg-team/two-recorders", Fixture, NULL, setup, test_two_recorders, teardown);
  g_test_add ("/journal-pg-team/handled-live", Fixture, NULL, setup, test_handled_live, teardown);
  g_test_add ("/journal-pg-team/operations", Fixture, NULL, setup, test_operations, teardown);
  g_test_add ("/journal-pg-team/server-restart", Fixture, NULL, setup, test_server_restart, teardown);
  g_test_add ("/journal-pg-team/search-index", Fixture, NULL, setup, test_search_index, teardown);
  g_test_add ("/journal-pg-team/pages", Fixture, NULL, setup, test_pages, teardown);
  g_test_add ("/journal-pg-team/password-kept", Fixture, NULL, setup, test_password_kept, teardown);
  g_test_add ("/journal-pg-team/worker-reopens", Fixture, NULL, setup, test_worker_reopens, teardown);
  g_test_add ("/journal-pg-team/desk-says-waiting", Fixture, NULL, setup, test_desk_says_waiting, teardown);
  g_test_add ("/journal-pg-team/cli", Fixture, NULL, setup, test_cli, teardown);
  g_test_add ("/journal-pg-team/outbox", Fixture, NULL, setup, test_outbox, teardown);
  status = g_test_run ();
  fd_pg_test_server_stop (server);
  {
    g_autofree char *frontdesk = g_build_filename (cache_dir, "frontdesk", NULL);

    g_rmdir (frontdesk);
    g_rmdir (cache_dir);
    g_free (cache_dir);
  }
  return status;
}
