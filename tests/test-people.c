/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names in the window, the colleagues panel and calls handed to
 * colleagues: a desk named from a CSV book and a label table, against
 * the simulator in its Ozeki 10 dialect (which says who is offline). */
#include "config.h"

#include "fd-call-control.h"
#include "fd-colleagues-panel.h"
#include "fd-desk.h"
#include "fd-format.h"
#include "fd-journal-entry.h"
#include "fd-number-dialog.h"
#include "fd-people.h"
#include "fd-people-page.h"
#include "fd-simulator.h"
#include "fd-window.h"
#include "gui-test-utils.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include <string.h>

static const char scenario[] =
  "0.0 ring a id=anna from=+3612345678 to=1001\n"
  "0.0 ring b id=bob from=1004 name=\"Bob Builder\" to=1008\n"
  "0.0 ring c id=cecil from=+3612345679 to=107\n"
  "0.0 answer c\n"
  "0.0 ring e id=eva from=+3612345670 to=105\n"
  "0.0 answer e\n"
  "0.0 hold e\n"
  "0.0 ring d id=dora from=+3612345671 to=1001\n"
  "1.0 answer b\n"
  "2.0 end b\n"
  "2.0 end d\n";

static const char contacts[] =
  "Name,Phone 1 - Type,Phone 1 - Value\n"
  "Anna Kovács,Work,+36 1 234 5678\n"
  "Cecil Szabó,Mobile,+3612345679\n"
  "Dóra Tóth,Work,06 1 234 5671\n";

typedef struct {
  char        *dir;
  FdSimulator *simulator;
  FdClient    *client;
  FdDesk      *desk;
  FdJournal   *journal;
  FdSettings  *settings;
  FdPeople    *people;
  FdWindow    *window;
  GPtrArray   *events;
} Fixture;

static void
on_event (Fixture    *f,
          const char *line)
{
  g_ptr_array_add (f->events, g_strdup (line));
}

static gboolean
has_event (Fixture    *f,
           const char *line)
{
  for (guint i = 0; i < f->events->len; i++)
    if (g_str_equal (g_ptr_array_index (f->events, i), line))
      return TRUE;
  return FALSE;
}

static FdCall *
call (Fixture    *f,
      const char *id)
{
  return fd_call_tracker_lookup (fd_desk_get_tracker (f->desk), id);
}

/* Whether the desk's namer knows a name for @number (freed at once). */
static gboolean
has_learned (Fixture    *f,
             const char *number)
{
  g_autofree char *name = fd_namer_dup_name (fd_desk_get_namer (f->desk), number, NULL);

  return name != NULL;
}

static FdColleaguesPanel *
panel (Fixture *f)
{
  return fd_window_get_colleagues_panel (f->window);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *journal_path = NULL;
  const char *labels[] = { "1001=Reception", NULL };

  f->dir = g_dir_make_tmp ("frontdesk-people-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (f->dir, "contacts.csv", NULL);
  g_assert_true (g_file_set_contents (csv, contacts, -1, NULL));
  journal_path = g_build_filename (f->dir, "journal.db", NULL);
  f->journal = fd_journal_open (journal_path, &error);
  g_assert_no_error (error);

  f->events = g_ptr_array_new_with_free_func (g_free);
  f->simulator = fd_simulator_new ();
  fd_simulator_set_dialect (f->simulator, FD_DIALECT_OZEKI10);
  g_signal_connect_swapped (f->simulator, "event", G_CALLBACK (on_event), f);
  url = fd_simulator_listen (f->simulator, 0, &error);
  g_assert_no_error (error);

  f->settings = fd_settings_new ();
  fd_settings_set_region (f->settings, "HU");
  fd_settings_set_directories (f->settings, (const char * const[]) { csv, NULL });
  fd_settings_set_extension_labels (f->settings, labels);
  f->client = fd_client_new (url);
  f->desk = fd_desk_new (f->client);
  fd_desk_set_journal (f->desk, f->journal);
  f->people = fd_people_new (f->desk, f->settings, NULL);
  fd_poller_set_interval (fd_desk_get_poller (f->desk), 0.2);
  f->window = g_object_ref_sink (fd_window_new (NULL, f->desk));
  fd_window_set_people (f->window, f->people);
  gtk_widget_show (GTK_WIDGET (f->window));
  fd_poller_start (fd_desk_get_poller (f->desk));
  /* The scenario's clock starts once the desk polls: a slow start (the
   * sanitizer build) must not let a call ring and end unseen. */
  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (fd_desk_get_poller (f->desk)) >= 1, 5);
  fd_simulator_load_scenario_data (f->simulator, scenario, &error);
  g_assert_no_error (error);

  FD_TEST_WAIT_FOR (call (f, "anna") != NULL && call (f, "bob") == NULL && call (f, "dora") == NULL &&
                    fd_call_tracker_get_n_calls (fd_desk_get_tracker (f->desk)) == 3, 5);
  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_n_rows (panel (f)) > 0, 5);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  fd_poller_stop (fd_desk_get_poller (f->desk));
  fd_people_stop (f->people);
  fd_simulator_stop (f->simulator);
  g_signal_handlers_disconnect_by_data (f->simulator, f);
  gtk_widget_destroy (GTK_WIDGET (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->people);
  g_clear_object (&f->desk);
  g_clear_object (&f->journal);
  g_clear_object (&f->settings);
  g_clear_object (&f->client);
  g_clear_object (&f->simulator);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
cell (Fixture    *f,
      const char *id,
      int         column)
{
  FdCallsPage *page = fd_window_get_calls_page (f->window);
  GtkTreeIter iter;
  char *text = NULL;

  g_assert_true (fd_calls_page_lookup_row (page, call (f, id), &iter));
  gtk_tree_model_get (GTK_TREE_MODEL (fd_calls_page_get_store (page)), &iter, column, &text, -1);
  return text;
}

static FdJournalEntry *
journalled (Fixture    *f,
            const char *id)
{
  g_autoptr(GPtrArray) entries = fd_journal_list (f->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      FdJournalEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (fd_call_get_id (fd_journal_entry_get_call (entry)), id) == 0)
        return g_object_ref (entry);
    }
  return NULL;
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *caller = cell (f, "anna", FD_CALLS_COLUMN_CALLER_MARKUP);
  g_autofree char *called = cell (f, "anna", FD_CALLS_COLUMN_CALLED);
  g_autofree char *parties = fd_format_dup_parties (call (f, "anna"));
  g_autoptr(FdJournalEntry) dora = NULL;
  g_autofree char *learned = NULL;
  FdNameSource source;

  /* Name over number, the number on a line of its own. */
  g_assert_cmpstr (caller, ==, "Anna Kovács\n<span alpha=\"60%\">+36 1 234 5678</span>");
  g_assert_cmpstr (called, ==, "Reception\n<span alpha=\"60%\">1001</span>");
  g_assert_cmpstr (parties, ==, "Anna Kovács (+36 1 234 5678) → Reception (1001)");
  g_assert_cmpint (fd_call_get_caller_name_source (call (f, "anna")), ==, FD_NAME_SOURCE_DIRECTORY);
  g_assert_cmpint (fd_call_get_callee_name_source (call (f, "anna")), ==, FD_NAME_SOURCE_LABEL);

  /* The journal keeps the names shown at the time (06… read in HU). */
  FD_TEST_WAIT_FOR ((dora = journalled (f, "dora")) != NULL, 5);
  g_assert_cmpstr (fd_call_get_caller_name (fd_journal_entry_get_call (dora)), ==, "Dóra Tóth");
  g_assert_cmpstr (fd_call_get_callee_name (fd_journal_entry_get_call (dora)), ==, "Reception");

  /* 1004 placed a call as "Bob Builder": learned, and kept in the journal. */
  learned = fd_namer_dup_name (fd_desk_get_namer (f->desk), "1004", &source);
  g_assert_cmpstr (learned, ==, "Bob Builder");
  g_assert_cmpint (source, ==, FD_NAME_SOURCE_LEARNED);
  g_free (learned);
  learned = fd_journal_dup_meta (f->journal, "learned-name:1004", NULL);
  g_assert_cmpstr (learned, ==, "Bob Builder");
  /* A long number never takes a learned name by its tail. */
  g_assert_null (fd_namer_dup_name (fd_desk_get_namer (f->desk), "+3611004", NULL));
}

static void
test_learned_survives (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FdNamer) namer = fd_namer_new ();
  g_autofree char *name = NULL;

  FD_TEST_WAIT_FOR (has_learned (f, "1004"), 5);
  /* Another run, the same journal. */
  fd_namer_set_journal (namer, f->journal);
  name = fd_namer_dup_name (namer, "1004", NULL);
  g_assert_cmpstr (name, ==, "Bob Builder");
}

static gboolean
row_is (Fixture    *f,
        const char *extension,
        const char *text)
{
  g_autofree char *shown = fd_colleagues_panel_dup_row_text (panel (f), extension);

  return g_strcmp0 (shown, text) == 0;
}

static void
test_panel (Fixture       *f,
            gconstpointer  data)
{
  FdColleaguesPanel *p = panel (f);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (p)));
  /* The office (105, 107, 1004, 1008, 1009) and 1001, which a call rings. */
  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_row (p, "1001") != NULL, 5);
  g_assert_cmpuint (fd_colleagues_panel_get_n_rows (p), ==, 6);
  g_assert_cmpint (fd_colleagues_panel_get_presence (p, "1001"), ==, FD_PRESENCE_RINGING);
  g_assert_cmpint (fd_colleagues_panel_get_presence (p, "107"), ==, FD_PRESENCE_BUSY);
  g_assert_cmpint (fd_colleagues_panel_get_presence (p, "105"), ==, FD_PRESENCE_HOLD);
  g_assert_cmpint (fd_colleagues_panel_get_presence (p, "1009"), ==, FD_PRESENCE_OFFLINE);
  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_presence (p, "1004") == FD_PRESENCE_FREE, 5);
  g_assert_true (row_is (f, "1001", "Reception (1001): Ringing: Anna Kovács (+36 1 234 5678)"));
  g_assert_true (row_is (f, "107", "107: In a call with Cecil Szabó (+36 1 234 5679)"));
  g_assert_true (row_is (f, "105", "105: On hold with +36 1 234 5670"));
  g_assert_true (row_is (f, "1004", "Bob Builder (1004): Free"));
  g_assert_true (row_is (f, "1009", "1009: Offline"));

  /* Every poll: the talk on 107 ends and its lamp goes free. */
  fd_call_control_async (f->client, FD_CALL_ACTION_HANGUP, "cecil", NULL, NULL, NULL, NULL, NULL);
  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_presence (p, "107") == FD_PRESENCE_FREE, 5);
  g_assert_true (row_is (f, "107", "107: Free"));
}

/* An extension that dialled out and waits is busy, not ringing (its phone
 * is off the hook), and its row says whom it calls. */
static void
test_panel_dialling (Fixture       *f,
                     gconstpointer  data)
{
  FdColleaguesPanel *p = panel (f);
  g_autoptr(GError) error = NULL;

  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_presence (p, "1009") == FD_PRESENCE_OFFLINE, 5);
  fd_simulator_load_scenario_data (f->simulator, "0.0 ring f id=fay from=1009 to=107\n", &error);
  g_assert_no_error (error);
  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_presence (p, "1009") == FD_PRESENCE_BUSY, 5);
  g_assert_true (row_is (f, "1009", "1009: Calling 107"));
  /* 107 talks with Cecil: that outweighs the second call ringing there. */
  g_assert_cmpint (fd_colleagues_panel_get_presence (p, "107"), ==, FD_PRESENCE_BUSY);
}

static gboolean
result_is (Fixture    *f,
           const char *text)
{
  return g_strcmp0 (fd_window_get_result_text (f->window), text) == 0;
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  FdColleaguesPanel *p = panel (f);

  FD_TEST_WAIT_FOR (fd_colleagues_panel_get_row (p, "1004") != NULL, 5);
  /* Ringing: forwarded. */
  g_assert_true (fd_colleagues_panel_drop (p, "1008", "anna"));
  FD_TEST_WAIT_FOR (has_event (f, "forward anna to=1008"), 5);
  FD_TEST_WAIT_FOR (result_is (f, "Call forwarded to 1008."), 5);
  /* Talking: transferred, the caller stays on the line. */
  FD_TEST_WAIT_FOR (has_learned (f, "1004"), 5);
  g_assert_true (fd_colleagues_panel_drop (p, "1004", "cecil"));
  FD_TEST_WAIT_FOR (has_event (f, "transfer cecil party=callee to=1004"), 5);
  FD_TEST_WAIT_FOR (result_is (f, "Call transferred to Bob Builder (1004)."), 5);
  /* Neither a call that is gone nor a colleague not shown. */
  g_assert_false (fd_colleagues_panel_drop (p, "1004", "no-such-call"));
  g_assert_false (fd_colleagues_panel_drop (p, "9999", "anna"));
}

/* A real drop's last step: "drag-data-received" on the row with the
 * CallId. GTK 3 has no public constructor for GtkSelectionData, so the
 * text comes back through a selection of our own, as a drop's would. */
static void
test_drop_signal (Fixture       *f,
                  gconstpointer  data)
{
  GtkClipboard *clipboard = gtk_clipboard_get (gdk_atom_intern_static_string ("FD_TEST_DROP"));
  GtkSelectionData *selection;
  GtkWidget *row;

  FD_TEST_WAIT_FOR ((row = fd_colleagues_panel_get_row (panel (f), "1008")) != NULL, 5);
  gtk_clipboard_set_text (clipboard, "anna", -1);
  selection = gtk_clipboard_wait_for_contents (clipboard, gdk_atom_intern_static_string ("UTF8_STRING"));
  g_assert_nonnull (selection);
  g_signal_emit_by_name (row, "drag-data-received", NULL, 0, 0, selection, 0, GDK_CURRENT_TIME);
  gtk_selection_data_free (selection);
  FD_TEST_WAIT_FOR (has_event (f, "forward anna to=1008"), 5);
}

static gboolean
choices_contain (FdNumberDialog *dialog,
                 const char     *text)
{
  GtkTreeModel *model = fd_number_dialog_get_choices (dialog);
  GtkTreeIter iter;

  for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok; ok = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *shown = NULL;

      gtk_tree_model_get (model, &iter, 0, &shown, -1);
      if (g_strcmp0 (shown, text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  FdNumberDialog *dialog;
  g_autofree char *number = NULL;

  FD_TEST_WAIT_FOR (has_learned (f, "1004"), 5);
  g_assert_true (fd_window_select_call (f->window, "anna"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "forward", NULL);
  dialog = FD_NUMBER_DIALOG (fd_window_get_number_dialog (f->window));
  g_assert_nonnull (dialog);
  g_assert_true (choices_contain (dialog, "Reception (1001)"));
  g_assert_true (choices_contain (dialog, "Bob Builder (1004)"));
  /* The address book's contacts too, grouped as people write them. */
  g_assert_true (choices_contain (dialog, "Cecil Szabó (+36 1 234 5679)"));
  fd_number_dialog_set_number (dialog, "cecil szabó");
  number = fd_number_dialog_dup_number (dialog);
  g_assert_cmpstr (number, ==, "+3612345679");
  g_free (number);
  /* A whole name typed, in any case, sends its number. */
  fd_number_dialog_set_number (dialog, "bob builder");
  number = fd_number_dialog_dup_number (dialog);
  g_assert_cmpstr (number, ==, "1004");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  FD_TEST_WAIT_FOR (has_event (f, "forward anna to=1004"), 5);

  /* A typed number still works. */
  g_assert_true (fd_window_select_call (f->window, "cecil"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "transfer", NULL);
  dialog = FD_NUMBER_DIALOG (fd_window_get_number_dialog (f->window));
  fd_number_dialog_set_number (dialog, "4444");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  FD_TEST_WAIT_FOR (has_event (f, "transfer cecil party=callee to=4444"), 5);
}

static gboolean
hangup_enabled (Fixture *f)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "hangup");
}

static const char *
hangup_tooltip (Fixture *f)
{
  static char *text;

  g_free (text);
  text = gtk_widget_get_tooltip_text (fd_calls_page_get_hangup_button (fd_window_get_calls_page (f->window)));
  return text;
}

static void
test_hangup_names_call (Fixture       *f,
                        gconstpointer  data)
{
  g_assert_true (fd_window_select_call (f->window, "anna"));
  g_assert_cmpstr (hangup_tooltip (f), ==, "Hang up the call from Anna Kovács (+36 1 234 5678) (Ctrl+E)");
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "hangup", NULL);
  FD_TEST_WAIT_FOR (call (f, "anna") == NULL, 5);
  FD_TEST_WAIT_FOR (result_is (f, "Ended the call from Anna Kovács (+36 1 234 5678)."), 5);
  g_assert_null (fd_window_get_selected_call (f->window));
  g_assert_false (hangup_enabled (f));
}

/* The selected call ends on the PBX (another desk, the caller): the
 * selection does not move on to the next row with Hang Up armed. */
static void
test_selection_does_not_jump (Fixture       *f,
                              gconstpointer  data)
{
  g_assert_true (fd_window_select_call (f->window, "cecil"));
  g_assert_true (hangup_enabled (f));
  fd_call_control_async (f->client, FD_CALL_ACTION_HANGUP, "cecil", NULL, NULL, NULL, NULL, NULL);
  FD_TEST_WAIT_FOR (call (f, "cecil") == NULL, 5);
  g_assert_cmpuint (fd_call_tracker_get_n_calls (fd_desk_get_tracker (f->desk)), ==, 2);
  g_assert_null (fd_window_get_selected_call (f->window));
  g_assert_false (hangup_enabled (f));
  g_assert_cmpstr (hangup_tooltip (f), ==, "End the selected call (Ctrl+E)");
}

/* Preferences: books added and removed through the settings the desk
 * reads, each broken book's sentence shown, labels one a line. */
static void
test_preferences_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("frontdesk-people-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(FdSettings) settings = fd_settings_new ();
  g_autoptr(FdClient) client = fd_client_new ("http://127.0.0.1:9/");
  g_autoptr(FdDesk) desk = fd_desk_new (client);
  g_autoptr(FdPeople) people = fd_people_new (desk, settings, NULL);
  GtkWidget *page;
  FdPeoplePage *p;
  g_autofree char *name = NULL;
  const char *errors;

  g_assert_no_error (error);
  /* The memory backend outlives the other tests' settings objects. */
  fd_settings_set_directories (settings, NULL);
  fd_settings_set_extension_labels (settings, NULL);
  fd_settings_set_region (settings, "");
  g_assert_true (g_file_set_contents (good, contacts, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "Name,E-mail 1 - Value\nAnna,a@example.com\n", -1, NULL));
  page = g_object_ref_sink (fd_people_page_new (settings, fd_people_get_directory (people)));
  p = FD_PEOPLE_PAGE (page);
  g_assert_cmpuint (fd_people_page_get_n_sources (p), ==, 0);
  g_assert_null (fd_people_page_get_errors_text (p));
#ifndef HAVE_EDS
  /* A build without Evolution Data Server says what GNOME's books need. */
  g_assert_null (fd_people_get_address_books (people));
  g_assert_nonnull (strstr (fd_people_page_get_address_books_note (p), "Evolution Data Server"));
#endif

  fd_people_page_add_source (p, good);
  fd_people_page_add_source (p, bad);
  fd_people_page_add_source (p, good);
  g_assert_cmpuint (g_strv_length ((char **) fd_settings_get_directories (settings)), ==, 2);
  g_assert_cmpuint (fd_people_page_get_n_sources (p), ==, 2);
  /* The good book loads whatever the other says. */
  name = fd_namer_dup_name (fd_desk_get_namer (desk), "+3612345679", NULL);
  g_assert_cmpstr (name, ==, "Cecil Szabó");
  errors = fd_people_page_get_errors_text (p);
  g_assert_nonnull (errors);
  g_assert_nonnull (strstr (errors, "bad.csv"));
  g_assert_null (strstr (errors, "good.csv"));

  fd_people_page_remove_source (p, bad);
  g_assert_cmpstrv (fd_settings_get_directories (settings), ((const char * const[]) { good, NULL }));
  g_assert_cmpuint (fd_people_page_get_n_sources (p), ==, 1);
  g_assert_null (fd_people_page_get_errors_text (p));

  /* Lines without "=" are not labels (yet). */
  gtk_text_buffer_set_text (fd_people_page_get_labels_buffer (p), "1001=Reception\n1002\n 1003 = Sales \n", -1);
  g_assert_cmpstrv (fd_settings_get_extension_labels (settings),
                    ((const char * const[]) { "1001=Reception", "1003=Sales", NULL }));
  g_free (name);
  name = fd_namer_dup_name (fd_desk_get_namer (desk), "1003", NULL);
  g_assert_cmpstr (name, ==, "Sales");

  /* Only a whole code is a region. */
  gtk_entry_set_text (fd_people_page_get_region_entry (p), "d");
  g_assert_cmpstr (fd_settings_get_region (settings), ==, "");
  gtk_entry_set_text (fd_people_page_get_region_entry (p), "de");
  g_assert_cmpstr (fd_settings_get_region (settings), ==, "DE");
  g_assert_cmpstr (fd_directory_get_region (fd_people_get_directory (people)), ==, "DE");

  gtk_widget_destroy (page);
  g_object_unref (page);
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

/* A name is learned from a call the extension places (it rings), never
 * from a call it joined by a transfer, where the CallerId may still be
 * the first party's. */
static void
test_learn_only_placed_calls (void)
{
  g_autoptr(FdNamer) namer = fd_namer_new ();
  g_autoptr(FdCall) transferred = fd_call_new ("t1");
  g_autoptr(FdCall) placed = fd_call_new ("p1");
  g_autofree char *name = NULL;
  FdNameSource source;

  fd_call_set_source (transferred, "4444");
  fd_call_set_caller_id (transferred, "Tom Talk");
  fd_call_set_state (transferred, FD_CALL_STATE_IN_CALL);
  fd_namer_name_call (namer, transferred);
  g_assert_null (fd_namer_dup_name (namer, "4444", NULL));
  g_assert_cmpstr (fd_call_get_caller_name (transferred), ==, "Tom Talk");
  g_assert_cmpint (fd_call_get_caller_name_source (transferred), ==, FD_NAME_SOURCE_PBX);

  fd_call_set_source (placed, "4444");
  fd_call_set_caller_id (placed, "Una Other");
  fd_call_set_state (placed, FD_CALL_STATE_RINGING);
  fd_namer_name_call (namer, placed);
  name = fd_namer_dup_name (namer, "4444", &source);
  g_assert_cmpstr (name, ==, "Una Other");
  g_assert_cmpint (source, ==, FD_NAME_SOURCE_LEARNED);
  /* A label wins over a learned name. */
  fd_namer_set_labels (namer, (const char * const[]) { "4444=Sales desk", NULL });
  fd_namer_name_call (namer, placed);
  g_assert_cmpstr (fd_call_get_caller_name (placed), ==, "Sales desk");
  g_assert_cmpint (fd_call_get_caller_name_source (placed), ==, FD_NAME_SOURCE_LABEL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/frontdesk/people/" name, Fixture, NULL, fixture_set_up, func, \
                                    fixture_tear_down)
  ADD ("names", test_names);
  ADD ("learned-survives", test_learned_survives);
  ADD ("panel", test_panel);
  ADD ("panel-dialling", test_panel_dialling);
  ADD ("drop", test_drop);
  ADD ("drop-signal", test_drop_signal);
  ADD ("keyboard", test_keyboard);
  ADD ("hangup-names-call", test_hangup_names_call);
  ADD ("selection-does-not-jump", test_selection_does_not_jump);
#undef ADD
  g_test_add_func ("/frontdesk/people/preferences-page", test_preferences_page);
  g_test_add_func ("/frontdesk/people/learn-only-placed-calls", test_learn_only_placed_calls);

  return g_test_run ();
}
