/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The victim of test-journal-crash: adds calls to the journal given on the
 * command line, forever, and prints each row id on a line of its own right
 * after fd_journal_add() returned it, so that every id printed is a call
 * the journal promised to keep. The test kills it with SIGKILL. */
#include "config.h"

#include "fd-journal.h"

#include <stdio.h>

static FdCall *
make_call (guint n)
{
  g_autofree char *call_id = g_strdup_printf ("%u", n % 40);   /* the PBX reuses CallIds */
  g_autofree char *number = g_strdup_printf ("+3630%07u", n);
  g_autoptr(GString) name = g_string_new ("Caller, \"Nº\" ");
  FdCall *call = fd_call_new (call_id);

  /* Now and then a long name, so rows spill onto overflow pages and the
   * B-trees split: more pages written in one commit. */
  if (n % 7 == 0)
    for (guint i = 0; i < 300; i++)
      g_string_append (name, "Ábel ");
  g_string_append_printf (name, "%u", n);

  fd_call_set_state (call, n % 3 ? FD_CALL_STATE_IN_CALL : FD_CALL_STATE_RINGING);
  fd_call_set_caller_id (call, name->str);
  fd_call_set_source (call, number);
  fd_call_set_destination (call, "1001");
  fd_call_set_ring_seconds (call, n % 11);
  fd_call_set_talk_seconds (call, n % 3 ? n % 97 : 0);
  return call;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdJournal) journal = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: journal-writer FILE\n");
      return 2;
    }

  journal = fd_journal_open (argv[1], &error);
  if (journal == NULL)
    {
      fprintf (stderr, "journal-writer: %s\n", error->message);
      return 1;
    }

  for (guint n = 0;; n++)
    {
      g_autoptr(FdCall) call = make_call (n);
      FdCallOutcome outcome = n % 3 ? FD_CALL_OUTCOME_ANSWERED : FD_CALL_OUTCOME_MISSED;
      gint64 id = fd_journal_add (journal, call, outcome, NULL, &error);

      if (id == 0)
        {
          fprintf (stderr, "journal-writer: %s\n", error->message);
          return 1;
        }
      printf ("%" G_GINT64_FORMAT "\n", id);
      fflush (stdout);

      /* Updates get killed halfway too. */
      if (n % 5 == 0 && !fd_journal_set_handled (journal, id, TRUE, &error))
        {
          fprintf (stderr, "journal-writer: %s\n", error->message);
          return 1;
        }
    }
}
