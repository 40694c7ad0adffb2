/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FdNamer's learned names against both journals: read once, in memory
 * while polls name their snapshots, written through when learned. */
#include "config.h"

#include "fd-journal-backend.h"
#include "fd-journal-uri.h"
#include "fd-namer.h"
#include "pg-test-util.h"

#include <glib/gstdio.h>

#define N_POLLS      100
#define N_EXTENSIONS 50

static FdPgTestServer *server;  /* NULL: no PostgreSQL here */

/* The namer's reads of the meta table, counted between it and the backend. */
static guint n_meta_reads;
static const FdJournalBackendOps *real_ops;

static char *
counting_dup_meta (FdJournalBackend  *backend,
                   const char        *key,
                   GError           **error)
{
  n_meta_reads++;
  return real_ops->dup_meta (backend, key, error);
}

static GHashTable *
counting_dup_meta_with_prefix (FdJournalBackend  *backend,
                               const char        *prefix,
                               GError           **error)
{
  n_meta_reads++;
  return real_ops->dup_meta_with_prefix (backend, prefix, error);
}

static void
count_meta_reads (FdJournal *journal)
{
  static FdJournalBackendOps counting;
  FdJournalBackend *backend = fd_journal_get_backend (journal);

  real_ops = backend->ops;
  counting = *real_ops;
  counting.dup_meta = counting_dup_meta;
  counting.dup_meta_with_prefix = counting_dup_meta_with_prefix;
  backend->ops = &counting;
  n_meta_reads = 0;
}

static void
stop_counting (FdJournal *journal)
{
  fd_journal_get_backend (journal)->ops = real_ops;
}

static FdCall *
make_call (const char *id,
           const char *state,
           const char *source,
           const char *caller_id,
           const char *destination)
{
  FdCall *call = fd_call_new (id);

  fd_call_set_state (call, state);
  fd_call_set_source (call, source);
  fd_call_set_caller_id (call, caller_id);
  fd_call_set_destination (call, destination);
  return call;
}

/* One poll's snapshot, new objects as the parser makes them: calls
 * between extensions nobody named, one to 1001, and 3000 dialling out. */
static GPtrArray *
make_snapshot (void)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_EXTENSIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *from = g_strdup_printf ("%u", 2000 + i);
      g_autofree char *to = g_strdup_printf ("%u", 100 + i);

      g_ptr_array_add (calls, make_call (id, FD_CALL_STATE_IN_CALL, from, from, to));
    }
  g_ptr_array_add (calls, make_call ("r1", FD_CALL_STATE_IN_CALL, "+3612345678", "+3612345678", "1001"));
  g_ptr_array_add (calls, make_call ("k1", FD_CALL_STATE_RINGING, "3000", "Kati Kovács", "+3630111222"));
  return calls;
}

static void
check_learned (FdNamer    *namer,
               const char *extension,
               const char *expected)
{
  FdNameSource source = FD_NAME_SOURCE_NONE;
  g_autofree char *name = fd_namer_dup_name (namer, extension, &source);

  g_assert_cmpstr (name, ==, expected);
  g_assert_cmpint (source, ==, FD_NAME_SOURCE_LEARNED);
}

static void
check_journal (FdJournal *journal)
{
  g_autoptr(FdNamer) namer = fd_namer_new ();
  g_autoptr(FdNamer) next_run = fd_namer_new ();
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  /* A previous run learned 1001; keys of other kinds are no names. */
  g_assert_true (fd_journal_set_meta (journal, "learned-name:1001", "Anna Recepció", &error));
  g_assert_true (fd_journal_set_meta (journal, "learned-names", "not one", &error));
  g_assert_true (fd_journal_set_meta (journal, "history-read:x", "2024", &error));
  g_assert_no_error (error);

  count_meta_reads (journal);
  fd_namer_set_journal (namer, journal);
  for (guint poll = 0; poll < N_POLLS; poll++)
    {
      g_autoptr(GPtrArray) snapshot = make_snapshot ();

      fd_namer_name_calls (namer, snapshot);
      g_assert_cmpstr (fd_call_get_callee_name (g_ptr_array_index (snapshot, N_EXTENSIONS)), ==,
                       "Anna Recepció");
    }
  g_test_message ("%u meta reads for %u polls of %u unknown extensions", n_meta_reads, N_POLLS,
                  2 * N_EXTENSIONS);
  g_assert_cmpuint (n_meta_reads, ==, 1);
  check_learned (namer, "1001", "Anna Recepció");
  check_learned (namer, "3000", "Kati Kovács");
  g_assert_null (fd_namer_dup_name (namer, "2000", NULL));
  stop_counting (journal);

  /* Written through: the journal has it, and the next run knows it. */
  kept = fd_journal_dup_meta (journal, "learned-name:3000", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "Kati Kovács");
  stored = fd_journal_dup_meta_with_prefix (journal, "learned-name:", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (stored), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (stored, "1001"), ==, "Anna Recepció");
  fd_namer_set_journal (next_run, journal);
  check_learned (next_run, "3000", "Kati Kovács");
}

static void
test_sqlite (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-namer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autoptr(FdJournal) journal = NULL;

  g_assert_no_error (error);
  journal = fd_journal_open (path, &error);
  g_assert_no_error (error);
  check_journal (journal);
  g_clear_object (&journal);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_unlink (file);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_postgresql (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server could be started");
      return;
    }
  uri = fd_pg_test_server_uri (server, FD_PG_TEST_PASSWORD, "?sslmode=disable");
  journal = fd_journal_open_uri (uri, &error);
  g_assert_no_error (error);
  check_journal (journal);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = fd_pg_test_server_start (FALSE, &error);
  if (server == NULL)
    g_test_message ("PostgreSQL: %s", error->message);
  g_test_add_func ("/namer/learned/sqlite", test_sqlite);
  g_test_add_func ("/namer/learned/postgresql", test_postgresql);
  status = g_test_run ();
  if (server != NULL)
    fd_pg_test_server_stop (server);
  return status;
}
