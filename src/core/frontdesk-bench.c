/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdBench"

#include "config.h"

#include "fd-call-tracker.h"
#include "fd-directory.h"
#include "fd-phone-number.h"
#include "fd-parser.h"

#include <libxml/parser.h>

#include <glib/gstdio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * What one poll costs: our SAX parser plus the tracker's diff, against a
 * bare libxml2 DOM parse of the same bytes. For each size it prints
 *   calls=N bytes=B parse_ms=P pipeline_ms=Q ratio=R
 * with medians over repeated runs.
 */

static const guint sizes[] = { 100, 1000, 10000, 100000 };

static const char * const names[] = {
  "John Smith", "Thomas M.", "Anna Nagy", "Zolt\u00e1n Kov\u00e1cs", "Eszter Szab\u00f3",
  "Reception", "Peter Horv\u00e1th", "Maria Garcia", "Support Line", "Dr. K\u00e1roly T\u00f3th",
  "Acme Kft.", "Bal\u00e1zs Varga", "Front Desk", "Judit Moln\u00e1r", "Oliver Brown",
};

/* Two second-by-second snapshots: a PBX body as bytes, and how many calls
 * it holds. */
typedef struct {
  GBytes *body;
  guint   n_calls;
} Snapshot;

typedef struct {
  guint64     serial;         /* source of a unique CallId */
  const char *state;
  char       *source;
  const char *caller_id;      /* NULL: the number is shown */
  guint       destination;
  gint64      start;          /* seconds since the epoch */
  guint       fraction;       /* 1/10000 s, .NET trims to this often */
  guint       ring;
  guint       talk;
  gboolean    removed;
} BenchCall;

/* Distinct serials give distinct ids: 2654435761 is odd and not a
 * multiple of 31, so it is invertible modulo 62^6 = 2^6 * 31^6. */
static void
format_call_id (guint64  serial,
                char    *out)
{
  static const char digits[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const guint64 modulus = G_GUINT64_CONSTANT (56800235584);
  guint64 value = (serial * G_GUINT64_CONSTANT (2654435761)) % modulus;
  guint i;

  for (i = 0; i < 6; i++, value /= 62)
    out[i] = digits[value % 62];
  out[6] = '\0';
}

static void
random_call (GRand     *rand,
             guint64    serial,
             BenchCall *call)
{
  double pick = g_rand_double (rand);

  memset (call, 0, sizeof *call);
  call->serial = serial;
  call->state = pick < 0.3 ? FD_CALL_STATE_RINGING : pick < 0.9 ? FD_CALL_STATE_IN_CALL : FD_CALL_STATE_HOLD;
  if (g_rand_boolean (rand))
    call->source = g_strdup_printf ("+3630%07d", g_rand_int_range (rand, 0, 10000000));
  else
    call->source = g_strdup_printf ("%d", g_rand_int_range (rand, 1000, 2000));
  call->caller_id = g_rand_int_range (rand, 0, 4) == 0 ? NULL
                    : names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))];
  call->destination = g_rand_int_range (rand, 1000, 2000);
  call->start = 1372668547 - g_rand_int_range (rand, 0, 3600);
  call->fraction = g_rand_int_range (rand, 0, 10000);
  call->ring = g_rand_int_range (rand, 0, 30);
  call->talk = pick < 0.3 ? 0 : g_rand_int_range (rand, 1, 3000);
}

static void
append_call (GString         *xml,
             const BenchCall *call)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (call->start);
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) start = g_date_time_to_timezone (utc, zone);
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S");
  char id[8];

  format_call_id (call->serial, id);
  g_string_append_printf (xml,
                          "    <CallInfo>\n"
                          "      <CallState>%s</CallState>\n"
                          "      <CallId>%s</CallId>\n"
                          "      <Source>%s</Source>\n"
                          "      <CallerId>%s</CallerId>\n"
                          "      <Destination>%u</Destination>\n"
                          "      <StartTime>%s.%04u+02:00</StartTime>\n"
                          "      <RingDuration>%u</RingDuration>\n"
                          "      <TalkDuration>%u</TalkDuration>\n"
                          "    </CallInfo>\n",
                          call->state, id, call->source,
                          call->caller_id != NULL ? call->caller_id : call->source,
                          call->destination, start_text, call->fraction, call->ring, call->talk);
}

static Snapshot
render (GArray *calls)
{
  GString *xml = g_string_sized_new (calls->len * 420 + 512);
  Snapshot snapshot = { NULL, 0 };
  guint i;

  g_string_append (xml,
                   "<?xml version=\"1.0\"?>\n"
                   "<Response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                   " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n"
                   "  <Code>200</Code>\n"
                   "  <Message>Command successfully executed</Message>\n"
                   "  <ActiveCalls>\n");
  for (i = 0; i < calls->len; i++)
    {
      const BenchCall *call = &g_array_index (calls, BenchCall, i);

      if (call->removed)
        continue;
      append_call (xml, call);
      snapshot.n_calls++;
    }
  g_string_append (xml, "  </ActiveCalls>\n</Response>\n");
  snapshot.body = g_string_free_to_bytes (xml);
  return snapshot;
}

static void
clear_call (gpointer data)
{
  g_free (((BenchCall *) data)->source);
}

/* The next second: 5% of the calls change state, 2% end, 2% start. */
static void
advance (GRand  *rand,
         GArray *calls,
         guint64 *serial)
{
  guint n = calls->len;
  guint changes = n * 5 / 100, removals = n * 2 / 100, additions = n * 2 / 100;
  guint i;

  for (i = 0; i < changes + removals; i++)
    {
      BenchCall *call = &g_array_index (calls, BenchCall, g_rand_int_range (rand, 0, n));

      if (call->removed)
        continue;
      if (i >= changes)
        call->removed = TRUE;
      else if (strcmp (call->state, FD_CALL_STATE_RINGING) == 0)
        call->state = FD_CALL_STATE_IN_CALL;
      else if (strcmp (call->state, FD_CALL_STATE_IN_CALL) == 0)
        call->state = FD_CALL_STATE_HOLD;
      else
        call->state = FD_CALL_STATE_IN_CALL;
    }
  for (i = 0; i < additions; i++)
    {
      BenchCall call;

      random_call (rand, (*serial)++, &call);
      call.state = FD_CALL_STATE_RINGING;
      call.talk = 0;
      g_array_append_val (calls, call);
    }
}

static void
make_snapshots (guint     n,
                Snapshot *first,
                Snapshot *second)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20130701 + n);
  g_autoptr(GArray) calls = g_array_sized_new (FALSE, FALSE, sizeof (BenchCall), n + n / 10);
  guint64 serial = 1;
  guint i;

  g_array_set_clear_func (calls, clear_call);
  for (i = 0; i < n; i++)
    {
      BenchCall call;

      random_call (rand, serial++, &call);
      g_array_append_val (calls, call);
    }
  *first = render (calls);
  advance (rand, calls, &serial);
  *second = render (calls);
}

static double
time_bare (const Snapshot *snapshot)
{
  gsize length;
  const char *data = g_bytes_get_data (snapshot->body, &length);
  gint64 start = g_get_monotonic_time ();
  xmlDocPtr doc = xmlReadMemory (data, (int) length, NULL, NULL, XML_PARSE_NONET);

  if (doc == NULL)
    {
      fprintf (stderr, "frontdesk-bench: libxml2 refused the generated body\n");
      exit (1);
    }
  xmlFreeDoc (doc);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_pipeline (FdCallTracker  *tracker,
               const Snapshot *snapshot)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  FdResponse *response = fd_parser_parse_bytes (snapshot->body, &error);

  if (response == NULL || response->calls->len != snapshot->n_calls)
    {
      fprintf (stderr, "frontdesk-bench: the parser failed on the generated body: %s\n",
               error != NULL ? error->message : "wrong number of calls");
      exit (1);
    }
  fd_call_tracker_apply (tracker, response->calls);
  fd_response_free (response);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Enough runs for a stable median, fewer where one run takes long. */
static guint
default_runs (guint n)
{
  if (n <= 100)
    return 301;
  if (n <= 1000)
    return 101;
  if (n <= 10000)
    return 31;
  return 7;
}

static void
bench_size (guint n,
            guint runs)
{
  g_autoptr(FdCallTracker) tracker = fd_call_tracker_new ();
  g_autofree double *bare = g_new (double, runs);
  g_autofree double *pipeline = g_new (double, runs);
  Snapshot snapshots[2];
  double bare_ms, pipeline_ms;
  guint i;

  make_snapshots (n, &snapshots[0], &snapshots[1]);

  /* Warm up; the tracker has seen the first snapshot, so every timed
   * apply below is a real diff against the other one. */
  time_bare (&snapshots[0]);
  time_pipeline (tracker, &snapshots[0]);

  for (i = 0; i < runs; i++)
    {
      const Snapshot *snapshot = &snapshots[(i + 1) % 2];

      /* Alternate the order so neither side always gets a warm cache. */
      if (i % 2 == 0)
        {
          bare[i] = time_bare (snapshot);
          pipeline[i] = time_pipeline (tracker, snapshot);
        }
      else
        {
          pipeline[i] = time_pipeline (tracker, snapshot);
          bare[i] = time_bare (snapshot);
        }
    }

  bare_ms = median (bare, runs);
  pipeline_ms = median (pipeline, runs);
  printf ("calls=%u bytes=%" G_GSIZE_FORMAT " parse_ms=%.3f pipeline_ms=%.3f ratio=%.2f\n",
          n, g_bytes_get_size (snapshots[0].body), bare_ms, pipeline_ms,
          bare_ms > 0 ? pipeline_ms / bare_ms : 0.0);
  fflush (stdout);

  g_bytes_unref (snapshots[0].body);
  g_bytes_unref (snapshots[1].body);
}

/* ---- --case directory ---------------------------------------------------
 * Loading N contacts from one vCard or CSV file, the cost of a lookup, and
 * the memory each contact holds. Prints
 *   directory format=F contacts=N load_ms=L lookup_ns=K lookup_with_normalize_ns=M rss_per_contact=B
 * lookup_ns is the hash lookup of an already normalised number;
 * lookup_with_normalize_ns includes fd_phone_number_normalize() of the query. */

static gint64
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  long long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lld %lld", &pages, &resident) != 2)
    return 0;
  return resident * (gint64) sysconf (_SC_PAGESIZE);
}

static char *
bench_number (guint i)
{
  return g_strdup_printf ("+3630%07u", i * 7 % 10000000);
}

static char *
write_contacts (guint    n,
                gboolean vcard)
{
  g_autoptr(GString) text = g_string_new (vcard ? "" : "Name,Phone 1 - Type,Phone 1 - Value\n");
  char *path = g_build_filename (g_get_tmp_dir (), vcard ? "frontdesk-bench.vcf" : "frontdesk-bench.csv", NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = bench_number (i);
      const char *name = names[i % G_N_ELEMENTS (names)];

      if (vcard)
        g_string_append_printf (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s %u\r\nTEL;TYPE=work:%s\r\nEND:VCARD\r\n",
                                name, i, number);
      else
        g_string_append_printf (text, "%s %u,Work,%s\n", name, i, number);
    }
  if (!g_file_set_contents (path, text->str, text->len, NULL))
    g_error ("could not write %s", path);
  return path;
}

static void
bench_directory (guint    n,
                 gboolean vcard)
{
  const guint lookups = 1000000;
  g_autofree char *path = write_contacts (n, vcard);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FdDirectory) directory = NULL;
  gint64 rss_before, rss_after, start, load_us, lookup_us, normalize_us;
  guint found = 0;

  for (guint i = 0; i < 1000; i++)
    g_ptr_array_add (keys, fd_phone_number_normalize (bench_number (i * 97 % n), "HU"));

  rss_before = resident_bytes ();
  start = g_get_monotonic_time ();
  directory = fd_directory_new ("HU");
  fd_directory_add_source (directory, path);
  load_us = g_get_monotonic_time () - start;
  rss_after = resident_bytes ();
  if (fd_directory_get_n_numbers (directory) != n)
    g_error ("loaded %u numbers of %u", fd_directory_get_n_numbers (directory), n);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < lookups; i++)
    found += fd_directory_lookup_normalized (directory, g_ptr_array_index (keys, i % keys->len), NULL) != NULL;
  lookup_us = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < lookups / 10; i++)
    found += fd_directory_lookup (directory, g_ptr_array_index (keys, i % keys->len), NULL) != NULL;
  normalize_us = g_get_monotonic_time () - start;
  if (found != lookups + lookups / 10)
    g_error ("a lookup missed");

  printf ("directory format=%s contacts=%u load_ms=%.1f lookup_ns=%.1f lookup_with_normalize_ns=%.1f "
          "rss_per_contact=%.0f\n", vcard ? "vcard" : "csv", n, load_us / 1000.0,
          lookup_us * 1000.0 / lookups, normalize_us * 1000.0 / (lookups / 10),
          (double) (rss_after - rss_before) / n);
  fflush (stdout);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int max_calls = -1, runs = -1, contacts = 100000;
  g_autofree char *which = NULL;
  GOptionEntry entries[] = {
    { "max", 0, 0, G_OPTION_ARG_INT, &max_calls, "Stop after this number of calls", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs per size (default: by size)", "K" },
    { "case", 0, 0, G_OPTION_ARG_STRING, &which, "pipeline (default) or directory", "CASE" },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, "With --case directory: contacts (default 100000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the ListActiveCalls pipeline");
  g_autoptr(GError) error = NULL;
  guint i;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "frontdesk-bench: %s\n", error->message);
      return 2;
    }
  if (argc > 1 || runs == 0 || runs < -1 || (max_calls != -1 && max_calls < (int) sizes[0]))
    {
      fprintf (stderr, "frontdesk-bench: --runs takes a positive number and --max at least %u\n",
               sizes[0]);
      return 2;
    }

  if (g_strcmp0 (which, "directory") == 0 && contacts > 0)
    {
      /* Each format in a fresh process would be fairer for RSS; in one,
       * the CSV runs first so the vCard's EVCard allocations do not warm it. */
      bench_directory ((guint) contacts, FALSE);
      bench_directory ((guint) contacts, TRUE);
      return 0;
    }
  if (which != NULL && g_strcmp0 (which, "pipeline") != 0)
    {
      fprintf (stderr, "frontdesk-bench: --case is pipeline or directory\n");
      return 2;
    }

  xmlInitParser ();
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      if (max_calls != -1 && sizes[i] > (guint) max_calls)
        break;
      bench_size (sizes[i], runs > 0 ? (guint) runs : default_runs (sizes[i]));
    }
  return 0;
}
