/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-pg-private.h"
#include "fd-journal-private.h"
#include "fd-json.h"

#include <math.h>
#include <stdlib.h>

/* Between a row of the PostgreSQL calls table and an FdJournalEntry, and
 * an FdCall's fields as text parameters: the same columns and stored
 * forms as the SQLite rows (fd-journal-row.c), so a journal moved from one
 * to the other reads the same. */

static char *
duration_text (double seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (seconds < 0 || !isfinite (seconds))
    return NULL;
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, seconds));
}

static char *
name_source_text (FdNameSource source)
{
  return source != FD_NAME_SOURCE_NONE ? g_strdup (fd_name_source_to_string (source)) : NULL;
}

/* $1–$12 and $16–$20 as STMT_INSERT of fd-journal-sqlite.c numbers them;
 * $13–$15 are left NULL for the caller. */
void
fd_journal_pg_call_params (FdCall        *call,
                           FdCallOutcome  outcome,
                           GDateTime     *ended_time,
                           char          *values[FD_JOURNAL_PG_N_CALL_PARAMS])
{
  values[0] = g_strdup (fd_call_get_id (call));
  values[1] = g_strdup (fd_call_get_state (call));
  values[2] = g_strdup (fd_call_get_source (call));
  values[3] = g_strdup (fd_call_get_caller_id (call));
  values[4] = g_strdup (fd_call_get_destination (call));
  values[5] = g_strdup (fd_call_get_caller_dialed (call));
  values[6] = g_strdup (fd_call_get_callee_dialed (call));
  values[7] = fd_json_format_call_time (call);
  values[8] = fd_journal_format_time (ended_time);
  values[9] = duration_text (fd_call_get_ring_seconds (call));
  values[10] = duration_text (fd_call_get_talk_seconds (call));
  values[11] = g_strdup (fd_call_outcome_to_string (outcome));
  values[12] = values[13] = values[14] = NULL;
  values[15] = g_strdup (fd_call_get_caller_name (call));
  values[16] = g_strdup (fd_call_get_callee_name (call));
  values[17] = name_source_text (fd_call_get_caller_name_source (call));
  values[18] = name_source_text (fd_call_get_callee_name_source (call));
  values[19] = fd_journal_search_text_for (call);
}

static const char *
text (const PGresult *res,
      int             row,
      int             column)
{
  return PQgetisnull (res, row, column) ? NULL : PQgetvalue (res, row, column);
}

static GDateTime *
time_at (const PGresult *res,
         int             row,
         int             column)
{
  const char *value = text (res, row, column);

  return value != NULL ? g_date_time_new_from_iso8601 (value, NULL) : NULL;
}

static double
duration_at (const PGresult *res,
             int             row,
             int             column)
{
  const char *value = text (res, row, column);

  return value != NULL ? g_ascii_strtod (value, NULL) : FD_CALL_NO_DURATION;
}

static FdCall *
call_at (const PGresult *res,
         int             row)
{
  const char *call_id = text (res, row, COL_CALL_ID);
  g_autoptr(FdCall) call = fd_call_new (call_id != NULL ? call_id : "");
  g_autoptr(GDateTime) start = time_at (res, row, COL_START_TIME);

  fd_call_set_state (call, text (res, row, COL_STATE));
  fd_call_set_source (call, text (res, row, COL_SOURCE));
  fd_call_set_caller_id (call, text (res, row, COL_CALLER_ID));
  fd_call_set_destination (call, text (res, row, COL_DESTINATION));
  fd_call_set_caller_dialed (call, text (res, row, COL_CALLER_DIALED));
  fd_call_set_callee_dialed (call, text (res, row, COL_CALLEE_DIALED));
  if (start != NULL)
    fd_call_set_start_time (call, text (res, row, COL_START_TIME), start);
  fd_call_set_ring_seconds (call, duration_at (res, row, COL_RING_SECONDS));
  fd_call_set_talk_seconds (call, duration_at (res, row, COL_TALK_SECONDS));
  fd_call_set_caller_name (call, text (res, row, COL_CALLER_NAME),
                           fd_name_source_from_string (text (res, row, COL_CALLER_NAME_SOURCE)));
  fd_call_set_callee_name (call, text (res, row, COL_CALLEE_NAME),
                           fd_name_source_from_string (text (res, row, COL_CALLEE_NAME_SOURCE)));
  return g_steal_pointer (&call);
}

/* Row @row of a SELECT_ENTRY result. */
FdJournalEntry *
fd_journal_pg_entry_at (const PGresult *res,
                        int             row)
{
  g_autoptr(FdCall) call = call_at (res, row);
  g_autoptr(GDateTime) ended = time_at (res, row, COL_END_TIME);
  g_autoptr(GDateTime) handled_time = time_at (res, row, COL_HANDLED_TIME);
  FdCallOutcome outcome = FD_CALL_OUTCOME_MISSED;
  FdJournalEntry *entry;

  if (g_strcmp0 (text (res, row, COL_OUTCOME), "answered") == 0)
    outcome = FD_CALL_OUTCOME_ANSWERED;
  if (ended == NULL)
    ended = g_date_time_new_from_unix_utc (0);
  entry = fd_journal_entry_new (g_ascii_strtoll (PQgetvalue (res, row, COL_ID), NULL, 10), call,
                                outcome, ended, atoi (PQgetvalue (res, row, COL_HANDLED)) != 0,
                                handled_time);
  fd_journal_entry_set_details (entry, text (res, row, COL_NOTE), text (res, row, COL_HANDLED_BY),
                                fd_journal_source_from_string (text (res, row, COL_ENTRY_SOURCE)),
                                text (res, row, COL_RECORDED_BY), text (res, row, COL_PBX));
  return entry;
}
