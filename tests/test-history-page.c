/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-history-page.h"
#include "fd-history-rows.h"
#include "fd-journal.h"
#include "test-files.h"

#include <gtk/gtk.h>

/* FdHistoryPage on its own, with no window: everything it tells goes
 * through its properties and signals. */

typedef struct {
  char          *dir;
  FdJournal     *journal;
  FdHistoryPage *page;
  guint          n_missed_notified;
  guint          n_shown_notified;
  GPtrArray     *activated;   /* FdJournalEntry, from "call-activated" */
} Fixture;

static gint64
add_call (FdJournal     *journal,
          const char    *id,
          const char    *name,
          FdCallOutcome  outcome)
{
  g_autoptr(FdCall) call = fd_call_new (id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  fd_call_set_state (call, outcome == FD_CALL_OUTCOME_MISSED ? FD_CALL_STATE_RINGING : FD_CALL_STATE_IN_CALL);
  fd_call_set_source (call, "2000");
  fd_call_set_caller_id (call, name);
  fd_call_set_destination (call, "1001");
  entry_id = fd_journal_add (journal, call, outcome, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry_id, >, 0);
  return entry_id;
}

static void
on_missed_notify (Fixture *f)
{
  f->n_missed_notified++;
}

static void
on_shown_notify (Fixture *f)
{
  f->n_shown_notified++;
}

static void
on_call_activated (FdHistoryPage  *page,
                   FdJournalEntry *entry,
                   Fixture        *f)
{
  g_ptr_array_add (f->activated, g_object_ref (entry));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("frontdesk-history-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "journal.db", NULL);
  f->journal = fd_journal_open (path, &error);
  g_assert_no_error (error);
  f->activated = g_ptr_array_new_with_free_func (g_object_unref);

  f->page = g_object_ref_sink (FD_HISTORY_PAGE (fd_history_page_new ()));
  g_signal_connect_swapped (f->page, "notify::missed-count", G_CALLBACK (on_missed_notify), f);
  g_signal_connect_swapped (f->page, "notify::n-shown", G_CALLBACK (on_shown_notify), f);
  g_signal_connect (f->page, "call-activated", G_CALLBACK (on_call_activated), f);
  g_object_set (f->page, "journal", f->journal, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_widget_destroy (GTK_WIDGET (f->page));
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->journal);
  g_ptr_array_unref (f->activated);
  remove_tree (f->dir);
  g_free (f->dir);
}

static guint
get_missed_count (Fixture *f)
{
  guint count = G_MAXUINT;

  g_object_get (f->page, "missed-count", &count, NULL);
  return count;
}

/* A call ends: its row appears, and the inbox count is notified. */
static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  GtkTreeModel *store = GTK_TREE_MODEL (fd_history_page_get_store (f->page));
  g_autofree char *markup = NULL;
  GtkTreeIter iter;
  gint64 id;

  g_assert_true (fd_history_page_get_journal (f->page) == f->journal);
  g_assert_cmpint (gtk_tree_model_iter_n_children (store, NULL), ==, 0);
  g_assert_cmpuint (get_missed_count (f), ==, 0);
  g_assert_cmpstr (fd_history_page_get_empty_title (f->page), ==, "No Calls Yet");
  f->n_missed_notified = 0;
  f->n_shown_notified = 0;

  id = add_call (f->journal, "miss1", "Mia Missed", FD_CALL_OUTCOME_MISSED);
  g_assert_true (fd_history_page_lookup_row (f->page, id, &iter));
  gtk_tree_model_get (store, &iter, FD_HISTORY_COLUMN_CALLER_MARKUP, &markup, -1);
  g_assert_nonnull (strstr (markup, "Mia Missed"));
  g_assert_cmpint (gtk_tree_model_iter_n_children (store, NULL), ==, 1);
  g_assert_null (fd_history_page_get_empty_title (f->page));

  g_assert_cmpuint (get_missed_count (f), ==, 1);
  g_assert_cmpuint (f->n_missed_notified, ==, 1);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 1);
  g_assert_cmpuint (f->n_shown_notified, ==, 1);

  /* An answered call is no missed one: no notification for an unchanged count. */
  add_call (f->journal, "ans1", "Anna Answered", FD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpuint (get_missed_count (f), ==, 1);
  g_assert_cmpuint (f->n_missed_notified, ==, 1);

  fd_history_page_mark_all_handled (f->page);
  g_assert_cmpuint (get_missed_count (f), ==, 0);
  g_assert_cmpuint (f->n_missed_notified, ==, 2);
}

/* The filter and the search are the page's own properties. */
static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  gint64 missed = add_call (f->journal, "miss1", "Mia Missed", FD_CALL_OUTCOME_MISSED);

  add_call (f->journal, "ans1", "Anna Answered", FD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 2);

  g_object_set (f->page, "filter", FD_JOURNAL_FILTER_ANSWERED, NULL);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 1);
  /* Hidden, a call cannot be selected: the window decides what to clear. */
  g_assert_false (fd_history_page_select (f->page, missed));
  fd_history_page_set_filter (f->page, FD_JOURNAL_FILTER_ALL);
  g_assert_true (fd_history_page_select (f->page, missed));
  g_assert_cmpint (fd_journal_entry_get_id (fd_history_page_get_selected_entry (f->page)), ==, missed);

  g_object_set (f->page, "search-text", "nobody", NULL);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 0);
  g_assert_cmpstr (fd_history_page_get_empty_title (f->page), ==, "No Matching Calls");
  fd_history_page_set_search_text (f->page, "");
  g_assert_null (fd_history_page_get_search_text (f->page));
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 2);
}

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the view has its size, or 5 s passed. */
static GtkAdjustment *
wait_for_size (Fixture *f)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fd_history_page_get_view (f->page)));
  gboolean expired = FALSE;
  guint source = g_timeout_add (5000, on_deadline, &expired);

  while (gtk_adjustment_get_page_size (adjustment) <= 0 && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (source);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return adjustment;
}

static void
scroll_to_end (GtkAdjustment *adjustment)
{
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A long journal is read a page at a time: the first page at once, the
 * next as the view is scrolled to its end; a search finds an old call
 * in the journal however deep (ignoring its accents), and selecting an
 * old call reads the pages down to it. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  guint n = FD_HISTORY_ROWS_PAGE * 2 + 50;
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkAdjustment *adjustment;
  gint64 oldest = 0, szabo = 0;

  fd_history_page_set_journal (f->page, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      gint64 entry = add_call (f->journal, id, i == 3 ? "Szabó Ágnes" : "Someone",
                               i % 2 ? FD_CALL_OUTCOME_MISSED : FD_CALL_OUTCOME_ANSWERED);

      oldest = oldest != 0 ? oldest : entry;
      szabo = i == 3 ? entry : szabo;
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (f->page));
  fd_history_page_set_journal (f->page, f->journal, NULL);
  gtk_widget_show_all (window);
  adjustment = wait_for_size (f);

  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, FD_HISTORY_ROWS_PAGE);
  g_assert_true (fd_history_page_get_has_more (f->page));
  /* How many pages one scroll reads depends on when GTK lays the rows
   * out; that scrolling reads more, and in the end all, does not. */
  scroll_to_end (adjustment);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), >=, 2 * FD_HISTORY_ROWS_PAGE);
  for (guint i = 0; i < 10 && fd_history_page_get_has_more (f->page); i++)
    scroll_to_end (adjustment);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, n);
  g_assert_false (fd_history_page_get_has_more (f->page));

  fd_history_page_set_search_text (f->page, "szabo agnes");
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 1);
  g_assert_false (fd_history_page_get_has_more (f->page));
  g_assert_true (fd_history_page_select (f->page, szabo));

  fd_history_page_set_search_text (f->page, NULL);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, FD_HISTORY_ROWS_PAGE);
  g_assert_true (fd_history_page_has_call (f->page, oldest));
  g_assert_true (fd_history_page_select (f->page, oldest));
  g_assert_cmpint (fd_journal_entry_get_id (fd_history_page_get_selected_entry (f->page)), ==, oldest);

  g_object_ref (f->page);
  gtk_container_remove (GTK_CONTAINER (window), GTK_WIDGET (f->page));
  gtk_widget_destroy (window);
  g_object_unref (f->page);
}

/* Enter on a row hands its entry to whoever listens. */
static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = add_call (f->journal, "miss1", "Mia Missed", FD_CALL_OUTCOME_MISSED);
  g_autoptr(GtkTreePath) path = gtk_tree_path_new_first ();

  g_assert_true (fd_history_page_select (f->page, id));
  gtk_tree_view_row_activated (fd_history_page_get_view (f->page), path, NULL);
  g_assert_cmpuint (f->activated->len, ==, 1);
  g_assert_cmpint (fd_journal_entry_get_id (g_ptr_array_index (f->activated, 0)), ==, id);
}

/* No journal: the page says why, through "journal-error". */
static void
test_no_journal (Fixture       *f,
                 gconstpointer  data)
{
  static const char reason[] = "/x/journal.db is not a Frontdesk call journal.";
  g_autofree char *error = NULL;

  add_call (f->journal, "miss1", "Mia Missed", FD_CALL_OUTCOME_MISSED);
  fd_history_page_set_journal (f->page, NULL, reason);
  g_object_get (f->page, "journal-error", &error, NULL);
  g_assert_cmpstr (error, ==, reason);
  g_assert_cmpstr (fd_history_page_get_empty_title (f->page), ==, "No Call History");
  g_assert_cmpuint (get_missed_count (f), ==, 0);
  g_assert_cmpuint (fd_history_page_get_n_shown (f->page), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/history-page/add", Fixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/history-page/filter", Fixture, NULL, fixture_set_up, test_filter, fixture_tear_down);
  g_test_add ("/history-page/pages", Fixture, NULL, fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/history-page/activate", Fixture, NULL, fixture_set_up, test_activate, fixture_tear_down);
  g_test_add ("/history-page/no-journal", Fixture, NULL, fixture_set_up, test_no_journal, fixture_tear_down);
  return g_test_run ();
}
