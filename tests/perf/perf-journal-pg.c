/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPerfJournalPg"

#include "config.h"

#include "fd-call.h"
#include "fd-history-page.h"
#include "fd-journal-uri.h"
#include "pg-test-util.h"

#include <gtk/gtk.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * A shared journal a year or two old: ROWS calls (default 1,000,000) in a
 * throwaway PostgreSQL server, then what the history view asks of it.
 * Prints one line:
 *   rows=N load_s=… first_page_ms_median=… first_page_ms_max=…
 *   missed_page_ms_median=… search_ms_median=… search_hits=H
 *   search_index_scans=S search_seq_scans=Q deep_page_ms_median=…
 *   view_first_page_ms_median=… view_first_page_ms_max=…
 *   view_search_ms_median=… view_rows=R
 * first_page: fd_journal_list (ALL, no search, 50), newest first;
 * missed_page: the inbox's first page; search: a name found in 0.1 % of
 * the rows. index_scans/seq_scans are PostgreSQL's own counters
 * (pg_stat_user_tables) across the searches: the proof that the search
 * used an index rather than reading the table. deep_page: the page after
 * the row half-way down (fd_journal_list_after), as scrolling reads it.
 * view_first_page: the desktop's History page, in a window, from
 * fd_history_page_set_journal() until the view has drawn its rows (so a
 * display is needed: run it under xvfb-run); view_search: the same page
 * from typing a search until it has drawn what the journal found.
 *
 * The bulk of the rows is written by one INSERT … SELECT in the server
 * (the write path would take an hour for a million rows); their
 * search_text is what fd_journal_search_text_for() gives for ASCII names
 * and numbers (lower case, no spaces, one field per line). The last
 * thousand go through fd_journal_add_full(), so the read path meets rows
 * written by the real code too.
 */

#define PAGE 50
#define ROUNDS 15

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "perf-journal-pg: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      fprintf (stderr, "perf-journal-pg: %s\n", PQerrorMessage (conn));
      exit (1);
    }
  PQclear (res);
}

/* Rows 1 … n - 1000, ending one per 30 s back from now; every 1000th
 * caller is "Zoltán Kovács" (as ASCII "zoltan kovacs" in search_text). */
static void
bulk_load (PGconn *conn,
           guint   n)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO calls (call_id, state, source, caller_id, destination, start_time,"
    " end_time, ring_seconds, talk_seconds, outcome, handled, entry_source, recorded_by,"
    " pbx, caller_name, search_text)"
    " SELECT 'b' || i, CASE WHEN i %% 4 = 0 THEN 'Ringing' ELSE 'Completed' END,"
    "  '+3630' || lpad((i %% 10000000)::text, 7, '0'), '+3630' || lpad((i %% 10000000)::text, 7, '0'),"
    "  '10' || lpad((i %% 100)::text, 2, '0'),"
    "  to_char((now() - make_interval(secs => (%u - i) * 30 + 40)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
    "  to_char((now() - make_interval(secs => (%u - i) * 30)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
    "  10, CASE WHEN i %% 4 = 0 THEN 0 ELSE 30 END,"
    "  CASE WHEN i %% 4 = 0 THEN 'missed' ELSE 'answered' END, (i %% 8 = 0)::int, 'poll',"
    "  'bench@localhost', 'http://pbx:7780',"
    "  CASE WHEN i %% 1000 = 0 THEN 'Zolt\u00e1n Kov\u00e1cs' ELSE 'Caller ' || i END,"
    "  CASE WHEN i %% 1000 = 0 THEN 'zoltankovacs' ELSE 'caller' || i END || E'\\n\\n'"
    "   || '+3630' || lpad((i %% 10000000)::text, 7, '0') || E'\\n'"
    "   || '+3630' || lpad((i %% 10000000)::text, 7, '0') || E'\\n'"
    "   || '10' || lpad((i %% 100)::text, 2, '0') || E'\\n\\n\\n'"
    " FROM generate_series(1, %u) AS i",
    n, n, n - 1000);

  exec_or_die (conn, sql);
}

static void
add_real_rows (FdJournal *journal)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", i);
      g_autofree char *number = g_strdup_printf ("+36201%06u", i);
      g_autoptr(GDateTime) start = g_date_time_add_seconds (now, -40.0 - (1000 - i));
      g_autoptr(GDateTime) end = g_date_time_add_seconds (now, -(double) (1000 - i));
      g_autoptr(FdCall) call = fd_call_new (id);
      g_autoptr(GError) error = NULL;

      fd_call_set_caller_id (call, number);
      fd_call_set_source (call, number);
      fd_call_set_destination (call, "1001");
      fd_call_set_state (call, i % 3 == 0 ? "Ringing" : "Completed");
      fd_call_set_start_time (call, NULL, start);
      fd_call_set_ring_seconds (call, 10);
      if (i % 500 == 0)
        fd_call_set_caller_name (call, "Zolt\u00e1n Kov\u00e1cs", FD_NAME_SOURCE_DIRECTORY);
      if (fd_journal_add_full (journal, call,
                               i % 3 == 0 ? FD_CALL_OUTCOME_MISSED : FD_CALL_OUTCOME_ANSWERED,
                               end, FD_JOURNAL_SOURCE_POLL, "http://pbx:7780", &error) <= 0)
        die ("fd_journal_add_full", error);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of ROUNDS timings, in ms; *max the slowest. */
static double
median_of (double *ms,
           double *max)
{
  qsort (ms, ROUNDS, sizeof ms[0], compare_doubles);
  if (max != NULL)
    *max = ms[ROUNDS - 1];
  return ms[ROUNDS / 2];
}

/* The median of ROUNDS runs of one list query, in ms; *max the slowest,
 * *hits the rows the last one returned. */
static double
time_list (FdJournal       *journal,
           FdJournalFilter  filter,
           const char      *search,
           gint64           after_id,
           double          *max,
           guint           *hits)
{
  double ms[ROUNDS];

  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      gint64 t0 = g_get_monotonic_time ();

      entries = fd_journal_list_after (journal, filter, search, after_id, PAGE, &error);
      ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      if (entries == NULL)
        die ("fd_journal_list", error);
      if (hits != NULL)
        *hits = entries->len;
    }
  return median_of (ms, max);
}

/* PostgreSQL's counters of index and sequential scans of calls. */
static void
scan_counts (PGconn *conn,
             gint64 *index_scans,
             gint64 *seq_scans)
{
  PGresult *res;

  /* The statistics collector reports with a delay; ask it to flush. */
  exec_or_die (conn, "SELECT pg_stat_clear_snapshot()");
  res = PQexec (conn, "SELECT coalesce(idx_scan, 0), coalesce(seq_scan, 0)"
                      " FROM pg_stat_user_tables WHERE relname = 'calls'");
  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    {
      fprintf (stderr, "perf-journal-pg: %s\n", PQerrorMessage (conn));
      exit (1);
    }
  *index_scans = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  *seq_scans = g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10);
  PQclear (res);
}

/* Another backend's statistics become visible when it flushes them, and
 * an idle backend does so only after PGSTAT_IDLE_INTERVAL (10 s in
 * PostgreSQL 15). So the counters are read once they have stood still
 * for longer than that: every scan before has been counted, and nothing
 * but what runs next moves them. */
static void
wait_for_quiet_stats (PGconn *conn,
                      gint64 *index_scans,
                      gint64 *seq_scans)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  gint64 still_since = g_get_monotonic_time ();
  gint64 idx = -1, seq = -1;

  while (g_get_monotonic_time () < deadline)
    {
      scan_counts (conn, index_scans, seq_scans);
      if (*index_scans != idx || *seq_scans != seq)
        {
          idx = *index_scans;
          seq = *seq_scans;
          still_since = g_get_monotonic_time ();
        }
      else if (g_get_monotonic_time () - still_since > 11 * G_USEC_PER_SEC)
        return;
      g_usleep (250 * 1000);
    }
  fprintf (stderr, "perf-journal-pg: the scan counters never stood still\n");
  exit (1);
}


static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_drawn (GtkWidget *view,
          cairo_t   *cr,
          gboolean  *drawn)
{
  *drawn = TRUE;
  return FALSE;
}

/* Runs the main loop until the view has drawn itself again. */
static void
wait_for_draw (GtkWidget *view,
               gboolean  *drawn)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add_seconds (60, on_deadline, &expired);

  gtk_widget_queue_draw (view);
  while (!*drawn && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!*drawn)
    die ("the History page never drew", NULL);
  g_source_remove (source);
}

/* The History page in a window, as the desktop shows it: the median ms
 * from giving it the journal (or a search) to its rows drawn. */
static void
time_view (FdJournal *journal,
           double    *first,
           double    *first_max,
           double    *search,
           guint     *rows)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  FdHistoryPage *page = FD_HISTORY_PAGE (fd_history_page_new ());
  /* The page draws its stack's child: the list once it has rows. */
  GtkWidget *view = GTK_WIDGET (page);
  double open_ms[ROUNDS], search_ms[ROUNDS];
  gboolean drawn = FALSE;

  g_signal_connect_after (view, "draw", G_CALLBACK (on_drawn), &drawn);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (page));
  gtk_widget_show_all (window);
  wait_for_draw (view, &drawn);
  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 t0;

      fd_history_page_set_search_text (page, NULL);
      fd_history_page_set_journal (page, NULL, NULL);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      drawn = FALSE;
      t0 = g_get_monotonic_time ();
      fd_history_page_set_journal (page, journal, NULL);
      wait_for_draw (view, &drawn);
      open_ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      *rows = fd_history_page_get_n_shown (page);

      drawn = FALSE;
      t0 = g_get_monotonic_time ();
      fd_history_page_set_search_text (page, "kov\u00e1cs");
      wait_for_draw (view, &drawn);
      search_ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  *first = median_of (open_ms, first_max);
  *search = median_of (search_ms, NULL);
  gtk_widget_destroy (window);
}

/* The id of the row half-way down the journal, newest first. */
static gint64
middle_id (PGconn *conn,
           guint   n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM calls ORDER BY end_time DESC, id DESC"
                                          " OFFSET %u LIMIT 1", n / 2);
  PGresult *res = PQexec (conn, sql);
  gint64 id;

  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    die ("finding the middle row", NULL);
  id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return id;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournal) journal = NULL;
  g_autofree char *uri = NULL;
  FdPgTestServer *server;
  PGconn *admin;
  gint64 t0, idx0, seq0, idx1, seq1;
  double first_max, first, missed, search, deep, view_first, view_first_max, view_search;
  guint hits = 0, view_rows = 0;

  if (!gtk_init_check (&argc, &argv))
    die ("no display (run it under xvfb-run)", NULL);
  if (n < 2000)
    n = 2000;
  if ((server = fd_pg_test_server_start (FALSE, &error)) == NULL)
    die ("starting PostgreSQL", error);
  uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  /* Opening creates the schema: the bulk rows go into the real table. */
  if ((journal = fd_journal_open_uri (uri, &error)) == NULL)
    die ("opening the journal", error);
  admin = PQconnectdb (uri);
  if (PQstatus (admin) != CONNECTION_OK)
    die ("connecting", NULL);

  t0 = g_get_monotonic_time ();
  bulk_load (admin, n);
  add_real_rows (journal);
  exec_or_die (admin, "ANALYZE calls");
  printf ("rows=%u load_s=%.1f", n, (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);

  first = time_list (journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &first_max, NULL);
  missed = time_list (journal, FD_JOURNAL_FILTER_MISSED, NULL, 0, NULL, NULL);
  deep = time_list (journal, FD_JOURNAL_FILTER_ALL, NULL, middle_id (admin, n), NULL, NULL);
  wait_for_quiet_stats (admin, &idx0, &seq0);
  search = time_list (journal, FD_JOURNAL_FILTER_ALL, "kov\u00e1cs", 0, NULL, &hits);
  wait_for_quiet_stats (admin, &idx1, &seq1);
  printf (" first_page_ms_median=%.2f first_page_ms_max=%.2f missed_page_ms_median=%.2f"
          " search_ms_median=%.2f search_hits=%u search_index_scans=%" G_GINT64_FORMAT
          " search_seq_scans=%" G_GINT64_FORMAT " ",
          first, first_max, missed, search, hits, idx1 - idx0, seq1 - seq0);
  time_view (journal, &view_first, &view_first_max, &view_search, &view_rows);
  printf ("deep_page_ms_median=%.2f view_first_page_ms_median=%.1f view_first_page_ms_max=%.1f"
          " view_search_ms_median=%.1f view_rows=%u\n",
          deep, view_first, view_first_max, view_search, view_rows);

  PQfinish (admin);
  g_clear_object (&journal);
  fd_pg_test_server_stop (server);
  return 0;
}
