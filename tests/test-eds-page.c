/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* Preferences → Names with a real Evolution Data Server (eds-test-wrapper.sh):
 * FdPeople reads GNOME's address books, the page lists each with a tick,
 * and unticking one saves it in hidden-address-books and takes its names
 * away at once; ticking it again brings them back. */

#include "fd-people.h"
#include "fd-people-page.h"
#include "gui-test-utils.h"

#include <string.h>

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook/libebook.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#define DEADLINE 30

static ESource *
commit_book (ESourceRegistry *registry,
             const char      *uid)
{
  g_autoptr(GError) error = NULL;
  ESource *source = e_source_new_with_uid (uid, NULL, &error);
  ESourceBackend *extension;

  g_assert_no_error (error);
  e_source_set_display_name (source, "Front Desk Test");
  e_source_set_parent (source, "local-stub");
  extension = e_source_get_extension (source, E_SOURCE_EXTENSION_ADDRESS_BOOK);
  e_source_backend_set_backend_name (extension, "local");
  e_source_registry_commit_source_sync (registry, source, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (source);
  return e_source_registry_ref_source (registry, uid);
}

static void
add_contact (ESource *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EClient) client = e_book_client_connect_sync (source, (guint32) -1, NULL, &error);
  EContact *contact = e_contact_new_from_vcard ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Weber\r\n"
                                                "TEL:+36 1 234 5678\r\nEND:VCARD\r\n");

  g_assert_no_error (error);
  e_book_client_add_contact_sync (E_BOOK_CLIENT (client), contact, E_BOOK_OPERATION_FLAG_NONE, NULL, NULL, &error);
  g_object_unref (contact);
  g_assert_no_error (error);
}

static gboolean
names_anna (FdPeople *people)
{
  g_autofree char *name = fd_namer_dup_name (fd_people_get_namer (people), "+36 1 234 5678", NULL);

  return g_strcmp0 (name, "Anna Weber") == 0;
}

static void
test_check_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ESourceRegistry) registry = e_source_registry_new_sync (NULL, &error);
  g_autoptr(ESource) source = NULL;
  g_autoptr(FdSettings) settings = fd_settings_new ();
  g_autoptr(FdClient) client = fd_client_new ("http://127.0.0.1:9/");
  g_autoptr(FdDesk) desk = fd_desk_new (client);
  g_autoptr(FdPeople) people = NULL;
  g_autoptr(GtkWidget) page = NULL;
  GtkToggleButton *check;
  const char *uid = "frontdesk-page-test";

  g_assert_no_error (error);
  source = commit_book (registry, uid);
  add_contact (source);
  fd_settings_set_region (settings, "HU");
  fd_settings_set_hidden_address_books (settings, NULL);
  people = fd_people_new (desk, settings, NULL);
  g_assert_nonnull (fd_people_get_address_books (people));
  FD_TEST_WAIT_FOR (names_anna (people), DEADLINE);

  page = g_object_ref_sink (fd_people_page_new (settings, fd_people_get_directory (people)));
  fd_people_page_set_address_books (FD_PEOPLE_PAGE (page), fd_people_get_address_books (people));
  g_assert_nonnull (strstr (fd_people_page_get_address_books_note (FD_PEOPLE_PAGE (page)), "GNOME Contacts"));
  check = fd_people_page_get_address_book_check (FD_PEOPLE_PAGE (page), uid);
  g_assert_nonnull (check);
  g_assert_true (gtk_toggle_button_get_active (check));
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (check)), "Front Desk Test"));

  gtk_toggle_button_set_active (check, FALSE);
  g_assert_true (g_strv_contains (fd_settings_get_hidden_address_books (settings), uid));
  FD_TEST_WAIT_FOR (!names_anna (people), DEADLINE);
  /* The same check, not a new one: the focus stays on it. */
  g_assert_true (fd_people_page_get_address_book_check (FD_PEOPLE_PAGE (page), uid) == check);

  fd_settings_set_hidden_address_books (settings, NULL);
  g_assert_true (gtk_toggle_button_get_active (check));
  FD_TEST_WAIT_FOR (names_anna (people), DEADLINE);

  g_clear_object (&people);
  e_source_remove_sync (source, NULL, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/eds-page/check-list", test_check_list);
  return g_test_run ();
}
