/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Reached later": a missed call whose number later got through leaves
 * the inbox (fd_journal_mark_reached_later(), FdInbox). */
#include "config.h"

#include "fd-inbox.h"
#include "fd-simulator.h"
#include "gui-test-utils.h"
#include "journal-test-util.h"

#include <glib/gstdio.h>

static FdJournalEntry *
entry (Fixture *f,
       gint64   id)
{
  g_autoptr(GError) error = NULL;
  FdJournalEntry *e = fd_journal_lookup (f->journal, id, &error);

  g_assert_no_error (error);
  return e;
}

static void
assert_reached (Fixture  *f,
                gint64    id,
                gboolean  reached)
{
  g_autoptr(FdJournalEntry) e = entry (f, id);

  g_assert_cmpint (fd_journal_entry_get_handled (e), ==, reached);
  if (reached)
    g_assert_cmpstr (fd_journal_entry_get_handled_by (e), ==, FD_JOURNAL_REACHED_LATER);
}

static guint
mark (Fixture    *f,
      FdCall     *answered,
      int         until_minutes)
{
  g_autoptr(GDateTime) until = time_at (until_minutes);
  g_autoptr(GError) error = NULL;
  guint n = 99;

  g_assert_true (fd_journal_mark_reached_later (f->journal, answered, until, "HU", &n, &error));
  g_assert_no_error (error);
  return n;
}

/* The caller calls again and gets through: every earlier missed call of
 * that number, however it was written, is settled; other numbers, an
 * extension that is the tail of the number, and later calls are not. */
static void
test_caller_got_through (Fixture       *f,
                         gconstpointer  data)
{
  gint64 national = add_simple (f, "m1", NULL, "06 1 234 5678", FD_CALL_OUTCOME_MISSED, 0);
  gint64 e164 = add_simple (f, "m2", NULL, "+3612345678", FD_CALL_OUTCOME_MISSED, 1);
  gint64 other = add_simple (f, "m3", NULL, "+3699999999", FD_CALL_OUTCOME_MISSED, 2);
  gint64 tail = add_simple (f, "m4", NULL, "5678", FD_CALL_OUTCOME_MISSED, 3);
  gint64 later = add_simple (f, "m5", NULL, "+3612345678", FD_CALL_OUTCOME_MISSED, 10);
  g_autoptr(FdCall) answered = make_call ("a1", "InCall", NULL, "+36 1 234 5678", "1001", 2, 30);

  g_assert_cmpuint (mark (f, answered, 5), ==, 2);
  assert_reached (f, national, TRUE);
  assert_reached (f, e164, TRUE);
  assert_reached (f, other, FALSE);
  assert_reached (f, tail, FALSE);
  assert_reached (f, later, FALSE);
  g_assert_cmpuint (count_unhandled (f), ==, 3);
  /* Once is enough: a second answered call marks nothing more. */
  g_assert_cmpuint (mark (f, answered, 5), ==, 0);
}

/* The desk called the number back (it is the callee), and someone
 * answered: settled too. A call handled by a person keeps their name. */
static void
test_called_back (Fixture       *f,
                  gconstpointer  data)
{
  gint64 missed = add_simple (f, "m1", NULL, "+3699999999", FD_CALL_OUTCOME_MISSED, 0);
  gint64 by_kati = add_simple (f, "m2", NULL, "+3699999999", FD_CALL_OUTCOME_MISSED, 1);
  g_autoptr(FdCall) callback = make_call ("a1", "InCall", NULL, "1001", "06 99 999 999", 2, 30);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournalEntry) kati = NULL;

  g_assert_true (fd_journal_set_handled_by (f->journal, by_kati, "Kati Nagy", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mark (f, callback, 5), ==, 1);
  assert_reached (f, missed, TRUE);
  kati = entry (f, by_kati);
  g_assert_cmpstr (fd_journal_entry_get_handled_by (kati), ==, "Kati Nagy");
}

/* The simulator plays a missed call, then the same caller again,
 * answered: the desk journals both, FdInbox settles the first. */
static const char scenario[] =
  "0.0 ring c1 id=miss1 from=+3612345678 to=1001\n"
  "0.6 end c1\n"
  "1.2 ring c2 id=back1 from=+3612345678 to=1002\n"
  "1.6 answer c2\n"
  "2.2 end c2\n";

static void
on_ended (FdDesk        *desk,
          FdCall        *call,
          FdCallOutcome  outcome,
          gint64         journal_id,
          gint64        *missed_id)
{
  if (outcome == FD_CALL_OUTCOME_MISSED)
    *missed_id = journal_id;
}

static void
test_inbox_follows_desk (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FdSimulator) simulator = fd_simulator_new ();
  g_autoptr(FdClient) client = NULL;
  g_autoptr(FdDesk) desk = NULL;
  g_autoptr(FdInbox) inbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 missed_id = 0;

  url = fd_simulator_listen (simulator, 0, &error);
  g_assert_no_error (error);
  client = fd_client_new (url);
  desk = fd_desk_new (client);
  fd_desk_set_journal (desk, f->journal);
  inbox = fd_inbox_new (desk);
  g_signal_connect (desk, "call-ended", G_CALLBACK (on_ended), &missed_id);
  fd_poller_set_interval (fd_desk_get_poller (desk), 0.2);
  fd_poller_start (fd_desk_get_poller (desk));
  FD_TEST_WAIT_FOR (fd_poller_get_n_polls (fd_desk_get_poller (desk)) >= 1, 5);
  fd_simulator_load_scenario_data (simulator, scenario, &error);
  g_assert_no_error (error);

  FD_TEST_WAIT_FOR (missed_id > 0 && fd_desk_get_missed_count (desk) == 1, 5);
  FD_TEST_WAIT_FOR (fd_inbox_get_n_reached (inbox) == 1, 5);
  assert_reached (f, missed_id, TRUE);
  g_assert_cmpuint (fd_desk_get_missed_count (desk), ==, 0);

  fd_poller_stop (fd_desk_get_poller (desk));
  fd_simulator_stop (simulator);
}

/* One row per number: national and international spellings meet, a
 * caller without a number stands alone. */
static void
test_repeat_key (void)
{
  g_autoptr(FdCall) a = make_call ("a", "Ringing", NULL, "06 1 234 5678", "1001", 1, 0);
  g_autoptr(FdCall) b = make_call ("b", "Ringing", "+3612345678", NULL, "1001", 1, 0);
  g_autoptr(FdCall) none = make_call ("c", "Ringing", NULL, NULL, "1001", 1, 0);
  g_autofree char *ka = fd_inbox_dup_repeat_key (a, "HU");
  g_autofree char *kb = fd_inbox_dup_repeat_key (b, "HU");

  g_assert_cmpstr (ka, ==, "+3612345678");
  g_assert_cmpstr (ka, ==, kb);
  g_assert_null (fd_inbox_dup_repeat_key (none, "HU"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/frontdesk/reached-later/caller-got-through", Fixture, NULL, setup_open,
              test_caller_got_through, teardown);
  g_test_add ("/frontdesk/reached-later/called-back", Fixture, NULL, setup_open, test_called_back, teardown);
  g_test_add ("/frontdesk/reached-later/inbox-follows-desk", Fixture, NULL, setup_open,
              test_inbox_follows_desk, teardown);
  g_test_add_func ("/frontdesk/reached-later/repeat-key", test_repeat_key);
  return g_test_run ();
}
