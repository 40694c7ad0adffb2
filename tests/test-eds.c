/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* FdEdsBooks against a real Evolution Data Server (eds-test-wrapper.sh
 * gives each run its own): a local address book's contacts name calls
 * however their numbers are written, and what is added, changed or
 * removed later is seen without a restart; a book that cannot be opened
 * gives one sentence and leaves the others alone; hidden books are not
 * read; no registry on the bus is no error. */

#include "fd-call.h"
#include "fd-directory.h"
#include "fd-eds-books.h"
#include "fd-namer.h"
#include "gui-test-utils.h"

#include <string.h>

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook/libebook.h>
G_GNUC_END_IGNORE_DEPRECATIONS

/* The first use activates the registry and the factory: seconds, not ms. */
#define DEADLINE 30

typedef struct {
  ESourceRegistry *registry;
  ESource         *source;     /* the test's own local book */
  EBookClient     *client;
  FdDirectory     *directory;
  FdNamer         *namer;
  FdEdsBooks      *books;
} Fixture;

static ESource *
commit_book (ESourceRegistry *registry,
             const char      *uid,
             const char      *title,
             const char      *backend)
{
  g_autoptr(GError) error = NULL;
  ESource *source = e_source_new_with_uid (uid, NULL, &error);
  ESourceBackend *extension;

  g_assert_no_error (error);
  e_source_set_display_name (source, title);
  e_source_set_parent (source, "local-stub");
  extension = e_source_get_extension (source, E_SOURCE_EXTENSION_ADDRESS_BOOK);
  e_source_backend_set_backend_name (extension, backend);
  e_source_registry_commit_source_sync (registry, source, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (source);
  /* The registry's own object: only that one can be removed. */
  source = e_source_registry_ref_source (registry, uid);
  g_assert_nonnull (source);
  return source;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = g_strdup_printf ("frontdesk-test-%u", g_random_int ());

  f->registry = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  f->source = commit_book (f->registry, uid, "Front Desk Test", "local");
  f->client = E_BOOK_CLIENT (e_book_client_connect_sync (f->source, (guint32) -1, NULL, &error));
  g_assert_no_error (error);
  f->directory = fd_directory_new ("HU");
  f->namer = fd_namer_new ();
  fd_namer_set_directory (f->namer, f->directory);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->books);
  g_clear_object (&f->namer);
  g_clear_object (&f->directory);
  g_clear_object (&f->client);
  e_source_remove_sync (f->source, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->source);
  g_clear_object (&f->registry);
}

static char *
add_contact (Fixture    *f,
             const char *name,
             const char *tels)
{
  g_autofree char *vcard = g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\n%sEND:VCARD\r\n", name, tels);
  EContact *contact = e_contact_new_from_vcard (vcard);
  g_autoptr(GError) error = NULL;
  char *uid = NULL;

  e_book_client_add_contact_sync (f->client, contact, E_BOOK_OPERATION_FLAG_NONE, &uid, NULL, &error);
  g_object_unref (contact);
  g_assert_no_error (error);
  g_assert_nonnull (uid);
  return uid;
}

/* The name FdNamer gives a call from @number, or NULL. */
static char *
caller_name (Fixture    *f,
             const char *number)
{
  g_autoptr(FdCall) call = fd_call_new ("eds-test");

  fd_call_set_source (call, number);
  fd_namer_name_call (f->namer, call);
  return g_strdup (fd_call_get_caller_name (call));
}

static gboolean
names (Fixture    *f,
       const char *number,
       const char *name)
{
  g_autofree char *got = caller_name (f, number);

  return g_strcmp0 (got, name) == 0;
}

static void
test_names_calls (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *anna = add_contact (f, "Anna Weber", "TEL;TYPE=WORK:+36 1 234 5678\r\n");
  g_autofree char *peter = add_contact (f, "Peter Nagy", "TEL;TYPE=CELL:06 (30) 123-4567\r\nTEL;TYPE=HOME:0036-1-765-4321\r\n");
  g_autofree char *kati = add_contact (f, "Kati Kovács", "TEL;VALUE=uri:tel:+36-1-222-3333\r\n");
  g_autofree char *nobody = add_contact (f, "No Number", "EMAIL:no@example.com\r\n");
  g_autoptr(GPtrArray) errors = NULL;

  f->books = fd_eds_books_new (f->directory);
  FD_TEST_WAIT_FOR (names (f, "+36 1 234 5678", "Anna Weber"), DEADLINE);
  g_assert_true (names (f, "+3612345678", "Anna Weber"));
  g_assert_true (names (f, "0612345678", "Anna Weber"));
  g_assert_true (names (f, "+36301234567", "Peter Nagy"));
  g_assert_true (names (f, "+36 1 765 4321", "Peter Nagy"));
  g_assert_true (names (f, "0036 1 222 3333", "Kati Kovács"));
  g_assert_true (names (f, "+36 1 999 9999", NULL));
  g_assert_cmpint (fd_eds_books_get_n_contacts (f->books, e_source_get_uid (f->source)), ==, 3);
  errors = fd_directory_get_errors (f->directory);
  g_assert_cmpuint (errors->len, ==, 0);
}

static void
test_follows_changes (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *anna = add_contact (f, "Anna Weber", "TEL:+36 1 234 5678\r\n");
  EContact *contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *later = NULL;

  f->books = fd_eds_books_new (f->directory);
  FD_TEST_WAIT_FOR (names (f, "+36 1 234 5678", "Anna Weber"), DEADLINE);

  /* Added after the start. */
  later = add_contact (f, "Late Comer", "TEL:+36 1 555 0000\r\n");
  FD_TEST_WAIT_FOR (names (f, "+36 1 555 0000", "Late Comer"), DEADLINE);

  /* Renamed and given another number. */
  e_book_client_get_contact_sync (f->client, anna, &contact, NULL, &error);
  g_assert_no_error (error);
  e_contact_set (contact, E_CONTACT_FULL_NAME, "Anna Nagy");
  e_contact_set (contact, E_CONTACT_PHONE_MOBILE, "+36 20 111 2222");
  e_book_client_modify_contact_sync (f->client, contact, E_BOOK_OPERATION_FLAG_NONE, NULL, &error);
  g_object_unref (contact);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (names (f, "+36 20 111 2222", "Anna Nagy"), DEADLINE);
  g_assert_true (names (f, "+36 1 234 5678", "Anna Nagy"));

  /* Removed: no name any more, the other contact stays. */
  e_book_client_remove_contact_by_uid_sync (f->client, anna, E_BOOK_OPERATION_FLAG_NONE, NULL, &error);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (names (f, "+36 1 234 5678", NULL), DEADLINE);
  g_assert_true (names (f, "+36 20 111 2222", NULL));
  g_assert_true (names (f, "+36 1 555 0000", "Late Comer"));
}

static gboolean
has_error_about (FdDirectory *directory,
                 const char  *title)
{
  g_autoptr(GPtrArray) errors = fd_directory_get_errors (directory);

  return errors->len == 1 && strstr (g_ptr_array_index (errors, 0), title) != NULL;
}

static void
test_broken_book (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *uid = g_strdup_printf ("frontdesk-broken-%u", g_random_int ());
  g_autoptr(ESource) broken = commit_book (f->registry, uid, "Broken Book", "frontdesk-no-such-backend");
  g_autofree char *anna = add_contact (f, "Anna Weber", "TEL:+36 1 234 5678\r\n");
  g_autoptr(GError) error = NULL;

  f->books = fd_eds_books_new (f->directory);
  FD_TEST_WAIT_FOR (has_error_about (f->directory, "Broken Book"), DEADLINE);
  FD_TEST_WAIT_FOR (names (f, "+36 1 234 5678", "Anna Weber"), DEADLINE);
  g_assert_cmpint (fd_eds_books_get_n_contacts (f->books, uid), ==, -1);

  /* The book gone, its sentence goes too. */
  e_source_remove_sync (broken, NULL, &error);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (!has_error_about (f->directory, "Broken Book"), DEADLINE);
  g_assert_true (names (f, "+36 1 234 5678", "Anna Weber"));
}

/* A book that failed is tried again (here, its backend fixed meanwhile):
 * once it opens, its sentence goes from the directory. */
static void
test_broken_book_retried (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *uid = g_strdup_printf ("frontdesk-later-%u", g_random_int ());
  g_autoptr(ESource) later = commit_book (f->registry, uid, "Later Book", "frontdesk-no-such-backend");
  g_autoptr(GError) error = NULL;
  ESourceBackend *extension;

  f->books = fd_eds_books_new (f->directory);
  FD_TEST_WAIT_FOR (has_error_about (f->directory, "Later Book"), DEADLINE);
  g_assert_cmpint (fd_eds_books_get_n_contacts (f->books, uid), ==, -1);
  extension = e_source_get_extension (later, E_SOURCE_EXTENSION_ADDRESS_BOOK);
  e_source_backend_set_backend_name (extension, "local");
  e_source_write_sync (later, NULL, &error);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (!has_error_about (f->directory, "Later Book") &&
                    fd_eds_books_get_n_contacts (f->books, uid) == 0, DEADLINE);
  e_source_remove_sync (later, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
lists (FdEdsBooks *books,
       const char *uid)
{
  g_auto(GStrv) uids = fd_eds_books_dup_uids (books);

  return g_strv_contains ((const char * const *) uids, uid);
}

static void
test_hidden (Fixture       *f,
             gconstpointer  data)
{
  const char *uid = e_source_get_uid (f->source);
  const char * const hidden[] = { uid, NULL };
  g_autofree char *anna = add_contact (f, "Anna Weber", "TEL:+36 1 234 5678\r\n");
  g_autofree char *title = NULL;

  f->books = fd_eds_books_new (f->directory);
  FD_TEST_WAIT_FOR (names (f, "+36 1 234 5678", "Anna Weber"), DEADLINE);
  fd_eds_books_set_hidden (f->books, hidden);
  g_assert_true (names (f, "+36 1 234 5678", NULL));
  /* Still offered in Preferences, by its name. */
  g_assert_true (lists (f->books, uid));
  title = fd_eds_books_dup_title (f->books, uid);
  g_assert_nonnull (strstr (title, "Front Desk Test"));
  fd_eds_books_set_hidden (f->books, NULL);
  FD_TEST_WAIT_FOR (names (f, "+36 1 234 5678", "Anna Weber"), DEADLINE);
}

/* A bus without Evolution Data Server: ready, no books, no sentence. */
static void
test_no_registry (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_autoptr(FdDirectory) directory = NULL;
      g_autoptr(FdEdsBooks) books = NULL;
      g_autoptr(GPtrArray) errors = NULL;
      g_auto(GStrv) uids = NULL;

      g_test_dbus_up (bus);
      directory = fd_directory_new ("HU");
      books = fd_eds_books_new (directory);
      FD_TEST_WAIT_FOR (fd_eds_books_is_ready (books), DEADLINE);
      uids = fd_eds_books_dup_uids (books);
      g_assert_cmpuint (g_strv_length (uids), ==, 0);
      errors = fd_directory_get_errors (directory);
      g_assert_cmpuint (errors->len, ==, 0);
      g_clear_object (&books);
      /* Not _down(): that waits for the bus connection to go, and
       * libedataserver keeps its own reference to it. */
      g_test_dbus_stop (bus);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/eds/names-calls", Fixture, NULL, setup, test_names_calls, teardown);
  g_test_add ("/eds/follows-changes", Fixture, NULL, setup, test_follows_changes, teardown);
  g_test_add ("/eds/broken-book", Fixture, NULL, setup, test_broken_book, teardown);
  g_test_add ("/eds/broken-book-retried", Fixture, NULL, setup, test_broken_book_retried, teardown);
  g_test_add ("/eds/hidden", Fixture, NULL, setup, test_hidden, teardown);
  g_test_add_func ("/eds/no-registry", test_no_registry);
  return g_test_run ();
}
