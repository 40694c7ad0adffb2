/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-private.h"
#include "fd-json.h"

#include <math.h>

/* Between a row of the calls table and an FdCall or FdJournalEntry. */

typedef sqlite3_stmt Stmt;

/* The stored form of a time: UTC, fixed width, so text order is time order. */
char *
fd_journal_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

void
fd_journal_bind_time (Stmt      *stmt,
           int        index,
           GDateTime *time)
{
  if (time == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  sqlite3_bind_text (stmt, index, fd_journal_format_time (time), -1, g_free);
}

void
fd_journal_bind_duration (Stmt   *stmt,
               int     index,
               double  seconds)
{
  if (seconds < 0 || !isfinite (seconds))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, seconds);
}

static const char *
column_text (Stmt *stmt,
             int   column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static GDateTime *
column_time (Stmt *stmt,
             int   column)
{
  const char *text = column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static double
column_duration (Stmt *stmt,
                 int   column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return FD_CALL_NO_DURATION;
  return sqlite3_column_double (stmt, column);
}

static FdCall *
call_from_row (Stmt *stmt)
{
  const char *call_id = column_text (stmt, COL_CALL_ID);
  g_autoptr(FdCall) call = fd_call_new (call_id != NULL ? call_id : "");
  g_autoptr(GDateTime) start = column_time (stmt, COL_START_TIME);

  fd_call_set_state (call, column_text (stmt, COL_STATE));
  fd_call_set_source (call, column_text (stmt, COL_SOURCE));
  fd_call_set_caller_id (call, column_text (stmt, COL_CALLER_ID));
  fd_call_set_destination (call, column_text (stmt, COL_DESTINATION));
  fd_call_set_caller_dialed (call, column_text (stmt, COL_CALLER_DIALED));
  fd_call_set_callee_dialed (call, column_text (stmt, COL_CALLEE_DIALED));
  if (start != NULL)
    fd_call_set_start_time (call, column_text (stmt, COL_START_TIME), start);
  fd_call_set_ring_seconds (call, column_duration (stmt, COL_RING_SECONDS));
  fd_call_set_talk_seconds (call, column_duration (stmt, COL_TALK_SECONDS));
  fd_call_set_caller_name (call, column_text (stmt, COL_CALLER_NAME),
                           fd_name_source_from_string (column_text (stmt, COL_CALLER_NAME_SOURCE)));
  fd_call_set_callee_name (call, column_text (stmt, COL_CALLEE_NAME),
                           fd_name_source_from_string (column_text (stmt, COL_CALLEE_NAME_SOURCE)));
  return g_steal_pointer (&call);
}

const char *
fd_journal_source_to_string (FdJournalSource source)
{
  return source == FD_JOURNAL_SOURCE_PBX_HISTORY ? "pbx-history" : "poll";
}

FdJournalSource
fd_journal_source_from_string (const char *text)
{
  if (g_strcmp0 (text, "pbx-history") == 0)
    return FD_JOURNAL_SOURCE_PBX_HISTORY;
  return FD_JOURNAL_SOURCE_POLL;
}

FdJournalEntry *
fd_journal_entry_from_row (Stmt *stmt)
{
  g_autoptr(FdCall) call = call_from_row (stmt);
  g_autoptr(GDateTime) ended = column_time (stmt, COL_END_TIME);
  g_autoptr(GDateTime) handled_time = column_time (stmt, COL_HANDLED_TIME);
  FdCallOutcome outcome = FD_CALL_OUTCOME_MISSED;
  FdJournalEntry *entry;

  if (g_strcmp0 (column_text (stmt, COL_OUTCOME), "answered") == 0)
    outcome = FD_CALL_OUTCOME_ANSWERED;
  /* Only a hand-edited file can get here; show the call rather than fail. */
  if (ended == NULL)
    ended = g_date_time_new_from_unix_utc (0);

  entry = fd_journal_entry_new (sqlite3_column_int64 (stmt, COL_ID), call, outcome, ended,
                                sqlite3_column_int (stmt, COL_HANDLED) != 0, handled_time);
  fd_journal_entry_set_details (entry, column_text (stmt, COL_NOTE),
                                column_text (stmt, COL_HANDLED_BY),
                                fd_journal_source_from_string (column_text (stmt, COL_ENTRY_SOURCE)),
                                column_text (stmt, COL_RECORDED_BY), column_text (stmt, COL_PBX));
  return entry;
}


/* Binds the parameters STMT_INSERT and STMT_UPDATE_MERGED share. */
void
fd_journal_bind_call (Stmt          *stmt,
           FdCall        *call,
           FdCallOutcome  outcome,
           GDateTime     *ended_time)
{
  FdNameSource caller_source = fd_call_get_caller_name_source (call);
  FdNameSource callee_source = fd_call_get_callee_name_source (call);

  sqlite3_bind_text (stmt, 1, fd_call_get_id (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fd_call_get_state (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fd_call_get_source (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, fd_call_get_caller_id (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, fd_call_get_destination (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, fd_call_get_caller_dialed (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, fd_call_get_callee_dialed (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, fd_json_format_call_time (call), -1, g_free);
  fd_journal_bind_time (stmt, 9, ended_time);
  fd_journal_bind_duration (stmt, 10, fd_call_get_ring_seconds (call));
  fd_journal_bind_duration (stmt, 11, fd_call_get_talk_seconds (call));
  sqlite3_bind_text (stmt, 12, fd_call_outcome_to_string (outcome), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, fd_call_get_caller_name (call), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 17, fd_call_get_callee_name (call), -1, SQLITE_TRANSIENT);
  if (caller_source != FD_NAME_SOURCE_NONE)
    sqlite3_bind_text (stmt, 18, fd_name_source_to_string (caller_source), -1, SQLITE_STATIC);
  if (callee_source != FD_NAME_SOURCE_NONE)
    sqlite3_bind_text (stmt, 19, fd_name_source_to_string (callee_source), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 20, fd_journal_search_text_for (call), -1, g_free);
}
