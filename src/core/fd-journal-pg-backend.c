/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal-outbox.h"
#include "fd-journal-pg-private.h"
#include "fd-journal-private.h"
#include "fd-journal-uri.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

/* The journal in PostgreSQL, shared by every desktop and recorder. Each
 * operation is one statement, so it is its own transaction, and replaying
 * it after a reconnect cannot double anything: the write statements are
 * idempotent (an upsert on the call's key, or UPDATEs to fixed values).
 * Each write NOTIFYs FD_JOURNAL_PG_CHANNEL in the same statement, so the
 * notice goes out exactly when the write commits. */

typedef struct {
  FdJournalBackend     parent;

  /* Owned. The connection every statement runs on; NULL while the
   * server is away (the journal opened offline, or a reconnect failed):
   * the next statement connects again. */
  PGconn              *conn;
  /* Owned, for connecting again; they may hold the password: never
   * shown, the password wiped when freed. */
  char                *uri;
  char                *password;
  /* Owned. A second connection, only LISTENing: the first one may be
   * busy (or, later, owned by a worker thread) when a notice arrives. */
  FdJournalPgListener *listener;
  /* Owned; NULL when the URI cannot be shown without its password (so
   * it cannot name a file either). */
  FdJournalOutbox     *outbox;
  /* Owned. The rows last read from the server, or written to it, by any
   * journal on this URI in the process: a call marked while the server is
   * away can wait in the outbox and still shows, marked. */
  FdJournalPgSeen     *seen;
  /* Whether the last statement failed because the server was away. */
  gboolean             unreachable;
  /* While away: no read tries to connect before then (monotonic µs). */
  gint64               next_read_connect;
  gboolean             replaying;
  /* Replaying runs the connection, so only in the thread that opened
   * the journal (the listener's context may be another thread's). */
  GThread             *opener;
} FdJournalPg;

#define NOTIFY_EACH(cte) \
  "SELECT count(*) FROM (SELECT pg_notify ('" FD_JOURNAL_PG_CHANNEL "', id::text) FROM " cte ") n"
/* One notice, "0", however many rows changed; counts 1 or 0. */
#define NOTIFY_ONCE(cte) \
  "SELECT count(*) FROM (SELECT pg_notify ('" FD_JOURNAL_PG_CHANNEL "', '0') " \
  "FROM (SELECT 1 FROM " cte " LIMIT 1) one) n"

/* The merge rule of fd-journal-sqlite.c's merge_into(), in SQL so that two
 * writers racing on one call still give one row: answered wins over
 * missed, the longest durations and the later end win, a name either
 * sighting knew is kept. search_text holds one folded field a line, names
 * first, so a kept name keeps its line. */
static const char sql_upsert[] =
  "WITH up AS (INSERT INTO calls (call_id, state, source, caller_id, destination, caller_dialed, "
  "callee_dialed, start_time, end_time, ring_seconds, talk_seconds, outcome, handled, "
  "entry_source, recorded_by, pbx, caller_name, callee_name, caller_name_source, "
  "callee_name_source, search_text) "
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $15, $16, $17, "
  "$18, $19, $20) "
  "ON CONFLICT (call_id, start_time, pbx) DO UPDATE SET state = EXCLUDED.state, "
  "source = EXCLUDED.source, caller_id = EXCLUDED.caller_id, "
  "destination = EXCLUDED.destination, caller_dialed = EXCLUDED.caller_dialed, "
  "callee_dialed = EXCLUDED.callee_dialed, "
  "end_time = GREATEST (calls.end_time, EXCLUDED.end_time), "
  "ring_seconds = GREATEST (calls.ring_seconds, EXCLUDED.ring_seconds), "
  "talk_seconds = GREATEST (calls.talk_seconds, EXCLUDED.talk_seconds), "
  "outcome = CASE WHEN calls.outcome = 'answered' THEN 'answered' ELSE EXCLUDED.outcome END, "
  "caller_name = COALESCE (EXCLUDED.caller_name, calls.caller_name), "
  "callee_name = COALESCE (EXCLUDED.callee_name, calls.callee_name), "
  "caller_name_source = CASE WHEN EXCLUDED.caller_name IS NULL "
  " THEN calls.caller_name_source ELSE EXCLUDED.caller_name_source END, "
  "callee_name_source = CASE WHEN EXCLUDED.callee_name IS NULL "
  " THEN calls.callee_name_source ELSE EXCLUDED.callee_name_source END, "
  "search_text = split_part (CASE WHEN EXCLUDED.caller_name IS NULL "
  " THEN calls.search_text ELSE EXCLUDED.search_text END, E'\\n', 1) || E'\\n' || "
  " split_part (CASE WHEN EXCLUDED.callee_name IS NULL "
  " THEN calls.search_text ELSE EXCLUDED.search_text END, E'\\n', 2) || E'\\n' || "
  " regexp_replace (EXCLUDED.search_text, E'^[^\\n]*\\n[^\\n]*\\n', '') "
  "RETURNING id) "
  "SELECT id, pg_notify ('" FD_JOURNAL_PG_CHANNEL "', id::text) FROM up";

static const char sql_set_handled[] =
  "WITH u AS (UPDATE calls SET handled = $2::integer, handled_time = $3, handled_by = NULL "
  "WHERE id = $1::bigint AND handled <> $2::integer RETURNING id) "
  "SELECT (" NOTIFY_EACH ("u") "), EXISTS (SELECT 1 FROM calls WHERE id = $1::bigint)";
static const char sql_set_handled_by[] =
  "WITH u AS (UPDATE calls SET handled = 1, handled_time = $3, handled_by = $2 "
  "WHERE id = $1::bigint RETURNING id) " NOTIFY_EACH ("u");
static const char sql_set_note[] =
  "WITH u AS (UPDATE calls SET note = $2 WHERE id = $1::bigint RETURNING id) " NOTIFY_EACH ("u");
static const char sql_mark_all_handled[] =
  "WITH u AS (UPDATE calls SET handled = 1, handled_time = $1, handled_by = NULL "
  "WHERE outcome = 'missed' AND handled = 0 RETURNING id) " NOTIFY_ONCE ("u");
static const char sql_prune[] =
  "WITH u AS (DELETE FROM calls WHERE end_time < $1 RETURNING id) " NOTIFY_ONCE ("u");

static void
set_query_error (const PGresult  *res,
                 GError         **error)
{
  const char *detail = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);

  /* The server's message names a table or a value, never the password. */
  g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
               _("The journal database refused the request: %s."),
               detail != NULL ? detail : "?");
}

/* Connects again after the server was away, and brings the schema up to
 * date (a journal opened offline may be the database's first user). */
/* While the server is away, a read (the window's list, the tray's count)
 * tries to connect at most every READ_RETRY_USEC, since an address that
 * swallows packets blocks each try for connect_timeout; a write always
 * tries, and the listener says at once when the server is back. */
#define READ_RETRY_USEC (5 * G_USEC_PER_SEC)

static gboolean
reconnect (FdJournalPg  *self,
           const char   *sql,
           GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_str_has_prefix (sql, "SELECT ") && g_get_monotonic_time () < self->next_read_connect)
    {
      self->unreachable = TRUE;
      fd_journal_pg_set_connect_error (NULL, error);
      return FALSE;
    }
  self->conn = fd_journal_pg_connect_full (self->uri, self->password, &self->unreachable,
                                           &local_error);
  if (self->conn != NULL && !fd_journal_pg_migrate (self->conn, &local_error))
    g_clear_pointer (&self->conn, PQfinish);
  if (self->conn == NULL)
    {
      self->next_read_connect = g_get_monotonic_time () + READ_RETRY_USEC;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_debug ("Connected to the journal database again.");
  return TRUE;
}

/* Runs one statement with text parameters. A broken connection (the
 * server restarted, a network blip) is reset once and the statement run
 * again; only then is it an error, and the connection is dropped, so the
 * next statement connects afresh. Each attempt blocks at most
 * connect_timeout. Returns: (nullable): the result. */
static PGresult *
run (FdJournalPg        *self,
     const char         *sql,
     int                 n_params,
     const char *const  *values,
     GError            **error)
{
  if (self->conn == NULL && !reconnect (self, sql, error))
    return NULL;
  for (guint attempt = 0; ; attempt++)
    {
      PGresult *res = PQexecParams (self->conn, sql, n_params, NULL, values, NULL, NULL, 0);
      ExecStatusType status = PQresultStatus (res);

      self->unreachable = FALSE;
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        return res;
      if (PQstatus (self->conn) != CONNECTION_BAD)
        {
          set_query_error (res, error);
          PQclear (res);
          return NULL;
        }
      PQclear (res);
      if (attempt == 0)
        {
          g_debug ("The journal database connection broke; reconnecting.");
          PQreset (self->conn);
          if (PQstatus (self->conn) == CONNECTION_OK)
            continue;
        }
      self->unreachable = TRUE;
      fd_journal_pg_set_connect_error (self->conn, error);
      g_clear_pointer (&self->conn, PQfinish);
      self->next_read_connect = g_get_monotonic_time () + READ_RETRY_USEC;
      return NULL;
    }
}

/* The first column of the first row as a number; -1 with @error set. */
static gint64
run_count (FdJournalPg        *self,
           const char         *sql,
           int                 n_params,
           const char *const  *values,
           GError            **error)
{
  PGresult *res = run (self, sql, n_params, values, error);
  gint64 n = -1;

  if (res != NULL && PQntuples (res) > 0)
    n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return n;
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND,
               _("The call journal has no call %lld."), (long long) id);
  return FALSE;
}

static void
emit_changed (FdJournalPg *self,
              gint64       id)
{
  fd_journal_emit_changed (self->parent.owner, id);
}

/* The upsert alone: the row's id, or 0 with @error set. */
static gint64
upsert (FdJournalPg      *self,
        FdCall           *call,
        FdCallOutcome     outcome,
        GDateTime        *ended_time,
        FdJournalSource   source,
        const char       *pbx,
        GError          **error)
{
  char *values[FD_JOURNAL_PG_N_CALL_PARAMS];
  gint64 id;

  fd_journal_pg_call_params (call, outcome, ended_time, values);
  values[12] = g_strdup (fd_journal_source_to_string (source));
  values[13] = fd_journal_dup_recorder_name ();
  values[14] = g_strdup (pbx);
  id = run_count (self, sql_upsert, FD_JOURNAL_PG_N_CALL_PARAMS, (const char *const *) values,
                  error);
  for (guint i = 0; i < FD_JOURNAL_PG_N_CALL_PARAMS; i++)
    g_free (values[i]);
  return MAX (id, 0);
}

static gboolean
not_found (gint64   id,
           GError **error);

/* One mark on the server, as made (maybe earlier, offline): $1 the id,
 * $2 the flag or the text ("" stored as NULL), $3 when. */
static gboolean
send_mark_online (FdJournalPg                *self,
                  const FdJournalOutboxMark  *mark,
                  GError                    **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, mark->target);
  const char *text = mark->text != NULL && *mark->text != '\0' ? mark->text : NULL;
  gboolean flag = strcmp (mark->kind, "handled") == 0;
  gboolean by = strcmp (mark->kind, "handled-by") == 0;
  const char *values[] = { id_text, flag ? (mark->handled ? "1" : "0") : text, mark->time };
  PGresult *res;
  gint64 n;

  if (flag)
    {
      gboolean exists, changed;

      if ((res = run (self, sql_set_handled, 3, values, error)) == NULL)
        return FALSE;
      changed = atoi (PQgetvalue (res, 0, 0)) > 0;
      exists = PQgetvalue (res, 0, 1)[0] == 't';
      PQclear (res);
      n = exists ? changed : -2;
    }
  else if ((n = run_count (self, by ? sql_set_handled_by : sql_set_note, by ? 3 : 2, values,
                           error)) < 0)
    return FALSE;
  else if (n == 0)
    n = -2;
  if (n == -2)
    return not_found (mark->target, error);
  if (n > 0)
    emit_changed (self, mark->target);
  return TRUE;
}

static gboolean
send_mark (gpointer                    data,
           const FdJournalOutboxMark  *mark,
           GError                    **error)
{
  return send_mark_online (data, mark, error);
}

static gint64
send_waiting (gpointer         data,
              FdJournalEntry  *entry,
              GError         **error)
{
  FdJournalPg *self = data;
  gint64 id = upsert (self, fd_journal_entry_get_call (entry), fd_journal_entry_get_outcome (entry),
                      fd_journal_entry_get_ended_time (entry), fd_journal_entry_get_source (entry),
                      fd_journal_entry_get_pbx (entry), error);

  if (id > 0)
    emit_changed (self, id);
  return id;
}

/* Sends what waits in the outbox, now that the server answers. */
static void
replay_outbox (FdJournalPg *self)
{
  if (self->outbox == NULL || self->replaying || g_thread_self () != self->opener)
    return;
  self->replaying = TRUE;
  if (fd_journal_outbox_replay (self->outbox, send_waiting, send_mark, self))
    fd_journal_notify_n_waiting (self->parent.owner);
  self->replaying = FALSE;
}

/* Not while offline: the open has just found the server away, and the
 * listener says when it is back. */
void
fd_journal_pg_replay_outbox (FdJournalBackend *backend)
{
  FdJournalPg *self = (FdJournalPg *) backend;

  if (self->conn != NULL)
    replay_outbox (self);
}

static FdJournalEntry *
pg_lookup (FdJournalBackend  *backend,
           gint64             id,
           GError           **error);

/* A row just written, read back: a mark on it (a notification's "Mark
 * handled") can then wait if the server goes away before it is made. */
static void
remember_written (FdJournalPg *self,
                  gint64       id)
{
  g_autoptr(FdJournalEntry) entry = pg_lookup (&self->parent, id, NULL);
}

static gint64
pg_add_full (FdJournalBackend  *backend,
             FdCall            *call,
             FdCallOutcome      outcome,
             GDateTime         *ended_time,
             FdJournalSource    source,
             const char        *pbx,
             GError           **error)
{
  FdJournalPg *self = (FdJournalPg *) backend;
  g_autoptr(GError) local_error = NULL;
  gint64 id = upsert (self, call, outcome, ended_time, source, pbx, &local_error);

  if (id > 0)
    {
      remember_written (self, id);
      emit_changed (self, id);
      replay_outbox (self);
      return id;
    }
  if (self->unreachable && self->outbox != NULL)
    {
      g_autoptr(GError) outbox_error = NULL;

      g_debug ("The journal database cannot be reached; the call waits in the outbox.");
      id = fd_journal_outbox_add (self->outbox, call, outcome, ended_time, source, pbx,
                                  &outbox_error);
      if (id != 0)
        {
          fd_journal_notify_n_waiting (self->parent.owner);
          return id;
        }
      g_warning ("The journal's outbox cannot be written: %s", outbox_error->message);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return 0;
}

static gboolean
has_marks_waiting (FdJournalPg *self);

/* @entry as read from the server, kept for when it is away; with the
 * marks still waiting for it applied if @marks_waiting (asked once per
 * read: it counts the outbox afresh). (transfer full) */
static FdJournalEntry *
remember (FdJournalPg    *self,
          FdJournalEntry *entry,
          gboolean        marks_waiting)
{
  FdJournalEntry *shown;

  fd_journal_pg_seen_add (self->seen, entry);
  if (!marks_waiting)
    return entry;
  shown = fd_journal_outbox_apply_marks (self->outbox, entry);
  g_object_unref (entry);
  return shown;
}

static FdJournalEntry *
pg_lookup (FdJournalBackend  *backend,
           gint64             id,
           GError           **error)
{
  FdJournalPg *self = (FdJournalPg *) backend;
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *values[] = { id_text };
  g_autoptr(GError) local_error = NULL;
  PGresult *res = run (self, SELECT_ENTRY "WHERE id = $1::bigint", 1, values, &local_error);
  g_autoptr(FdJournalEntry) last = NULL;
  FdJournalEntry *entry = NULL;

  if (res != NULL && PQntuples (res) > 0)
    entry = remember (self, fd_journal_pg_entry_at (res, 0), has_marks_waiting (self));
  else if (res != NULL)
    not_found (id, error);
  else if (self->unreachable && self->outbox != NULL &&
           (last = fd_journal_pg_seen_lookup (self->seen, id)) != NULL)
    /* As last read, with what was marked since, here or by another
     * journal object on this outbox (the desk's worker). */
    entry = has_marks_waiting (self) ? fd_journal_outbox_apply_marks (self->outbox, last) : g_object_ref (last);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  PQclear (res);
  return entry;
}

/* LIKE's own characters taken literally. */
static char *
like_pattern (const char *text)
{
  GString *out = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

static const char *
filter_sql (FdJournalFilter filter)
{
  switch (filter)
    {
    case FD_JOURNAL_FILTER_MISSED:
      return "outcome = 'missed'";
    case FD_JOURNAL_FILTER_ANSWERED:
      return "outcome = 'answered'";
    case FD_JOURNAL_FILTER_ALL:
    default:
      return "TRUE";
    }
}

/*
 * The search of fd-journal-sqlite.c, in SQL so that a trigram index
 * serves it and LIMIT stays in the database: the folded text anywhere in
 * search_text (accents, case, spaces and punctuation ignored), or the raw
 * text in the CallId (fd_call_matches() looks there too). A search that
 * folds to nothing (" ", "-") is matched in C, as SQLite does.
 */
static GPtrArray *
pg_list (FdJournalBackend  *backend,
         FdJournalFilter    filter,
         const char        *search,
         gint64             after_id,
         guint              limit,
         GError           **error)
{
  g_autofree char *folded = search != NULL ? fd_journal_fold_text (search) : NULL;
  gboolean in_sql = folded != NULL && *folded != '\0';
  gboolean in_c = !in_sql && search != NULL && *search != '\0';
  g_autofree char *folded_like = in_sql ? like_pattern (folded) : NULL;
  g_autofree char *raw_like = in_sql ? like_pattern (search) : NULL;
  g_autofree char *limit_text = g_strdup_printf ("%u", limit > 0 && !in_c ? limit : G_MAXINT);
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after_id);
  const char *values[] = { limit_text, after_text, folded_like, raw_like };
  g_autofree char *sql = NULL;
  gboolean marks_waiting;
  GPtrArray *entries;
  PGresult *res;

  /* A later page starts after the row of $2 in the same order, through
   * the (end_time) index: no OFFSET, which would read every row before. */
  sql = g_strconcat (SELECT_ENTRY "WHERE ", filter_sql (filter),
                     after_id != 0 ? " AND (end_time, id) < (SELECT end_time, id FROM calls WHERE id = $2::bigint)"
                                   : " AND $2::bigint = 0",
                     in_sql ? " AND (search_text LIKE $3 OR call_id ILIKE $4)" : "",
                     " ORDER BY end_time DESC, id DESC LIMIT $1::bigint", NULL);
  if ((res = run ((FdJournalPg *) backend, sql, in_sql ? 4 : 2, values, error)) == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func (g_object_unref);
  marks_waiting = has_marks_waiting ((FdJournalPg *) backend);
  for (int row = 0; row < PQntuples (res) && (limit == 0 || entries->len < limit); row++)
    {
      g_autoptr(FdJournalEntry) entry = remember ((FdJournalPg *) backend,
                                                  fd_journal_pg_entry_at (res, row), marks_waiting);

      if (!in_c || fd_call_matches (fd_journal_entry_get_call (entry), search))
        g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  PQclear (res);
  return entries;
}

/* A server id for @id: an outbox call's (< 0) once it was sent. */
static gint64
translate (FdJournalPg *self,
           gint64       id)
{
  gint64 sent = id < 0 && self->outbox != NULL ? fd_journal_outbox_lookup_sent (self->outbox, -id) : 0;

  return sent > 0 ? sent : id;
}

/* Whether a mark of @target can wait in the outbox: a call waiting there,
 * or one a journal on this URI in this process has read from the server
 * or written to it (so it is known to exist and the view can show it
 * marked). */
static gboolean
can_wait (FdJournalPg *self,
          gint64       target)
{
  if (self->outbox == NULL)
    return FALSE;
  if (target < 0)
    return fd_journal_outbox_has_call (self->outbox, -target);
  return fd_journal_pg_seen_contains (self->seen, target);
}

/* A mark that can neither go nor wait: the server's refusal, an outbox
 * call that is not there, or, while the server is away, a call no journal
 * on this URI in this process has read. */
static gboolean
refuse_mark (gint64    id,
             gint64    target,
             GError  **online_error,
             GError  **error)
{
  if (*online_error != NULL)
    g_propagate_error (error, g_steal_pointer (online_error));
  else if (target < 0)
    not_found (id, error);
  else
    fd_journal_pg_set_connect_error (NULL, error);
  return FALSE;
}

static gboolean
has_marks_waiting (FdJournalPg *self)
{
  return self->outbox != NULL && fd_journal_outbox_get_n_marks (self->outbox) > 0;
}

/*
 * A mark, online if it can be: else, while the server is away, it waits
 * in the outbox behind the calls and marks before it, and the view shows
 * it at once ("changed"; pg_lookup() applies it). Marks that already wait
 * go first, so a newer one is never overtaken.
 */
static gboolean
mark (FdJournalPg  *self,
      const char   *kind,
      gint64        id,
      gboolean      handled,
      const char   *text,
      GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean timed = strcmp (kind, "handled-by") == 0 || (strcmp (kind, "handled") == 0 && handled);
  g_autofree char *time_text = timed ? fd_journal_format_time (now) : NULL;
  FdJournalOutboxMark m = { 0, kind, handled, text, time_text };
  g_autoptr(GError) online_error = NULL;

  if (id < 0 || has_marks_waiting (self))
    replay_outbox (self);
  m.target = translate (self, id);
  if (m.target > 0 && !has_marks_waiting (self))
    {
      if (send_mark_online (self, &m, &online_error))
        return TRUE;
      if (!self->unreachable)
        return refuse_mark (id, m.target, &online_error, error);
    }
  if (!can_wait (self, m.target))
    return refuse_mark (id, m.target, &online_error, error);
  if (!fd_journal_outbox_add_mark (self->outbox, &m, error))
    return FALSE;
  g_debug ("The journal database cannot be reached; the mark waits in the outbox.");
  if (m.target > 0)
    emit_changed (self, m.target);
  return TRUE;
}

static gboolean
pg_set_handled (FdJournalBackend  *backend,
                gint64             id,
                gboolean           handled,
                GError           **error)
{
  return mark ((FdJournalPg *) backend, "handled", id, handled, NULL, error);
}

static gboolean
pg_set_handled_by (FdJournalBackend  *backend,
                   gint64             id,
                   const char        *handled_by,
                   GError           **error)
{
  return mark ((FdJournalPg *) backend, "handled-by", id, TRUE, handled_by, error);
}

static gboolean
pg_set_note (FdJournalBackend  *backend,
             gint64             id,
             const char        *note,
             GError           **error)
{
  return mark ((FdJournalPg *) backend, "note", id, FALSE, note, error);
}

/* A write of many rows whose $1 is @time; "changed" (0) if any changed. */
static gboolean
run_bulk_write (FdJournalPg  *self,
                const char   *sql,
                GDateTime    *time,
                GError      **error)
{
  g_autofree char *time_text = fd_journal_format_time (time);
  const char *values[] = { time_text };
  gint64 n = run_count (self, sql, 1, values, error);

  if (n < 0)
    return FALSE;
  if (n > 0)
    emit_changed (self, 0);
  return TRUE;
}

static gboolean
pg_mark_all_handled (FdJournalBackend  *backend,
                     GDateTime         *now,
                     GError           **error)
{
  return run_bulk_write ((FdJournalPg *) backend, sql_mark_all_handled, now, error);
}

static gboolean
pg_prune (FdJournalBackend  *backend,
          GDateTime         *cutoff,
          GError           **error)
{
  return run_bulk_write ((FdJournalPg *) backend, sql_prune, cutoff, error);
}

static guint
pg_count_unhandled_missed (FdJournalBackend  *backend,
                           GError           **error)
{
  gint64 n = run_count ((FdJournalPg *) backend,
                        "SELECT count(*) FROM calls WHERE outcome = 'missed' AND handled = 0",
                        0, NULL, error);

  return n > 0 ? (guint) n : 0;
}

static char *
pg_dup_meta (FdJournalBackend  *backend,
             const char        *key,
             GError           **error)
{
  const char *values[] = { key };
  PGresult *res = run ((FdJournalPg *) backend, "SELECT value FROM meta WHERE key = $1", 1,
                       values, error);
  char *value = NULL;

  if (res != NULL && PQntuples (res) > 0)
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

static gboolean
pg_set_meta (FdJournalBackend  *backend,
             const char        *key,
             const char        *value,
             GError           **error)
{
  const char *values[] = { key, value };
  PGresult *res;

  if (value != NULL)
    res = run ((FdJournalPg *) backend, "INSERT INTO meta (key, value) VALUES ($1, $2) "
               "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", 2, values, error);
  else
    res = run ((FdJournalPg *) backend, "DELETE FROM meta WHERE key = $1", 1, values, error);
  PQclear (res);
  return res != NULL;
}

/* left(), not LIKE: a prefix may hold '_' or '%'. */
static GHashTable *
pg_dup_meta_with_prefix (FdJournalBackend  *backend,
                         const char        *prefix,
                         GError           **error)
{
  const char *values[] = { prefix };
  PGresult *res = run ((FdJournalPg *) backend, "SELECT key, value FROM meta "
                       "WHERE left(key, length($1::text)) = $1::text", 1, values, error);
  gsize length = strlen (prefix);
  GHashTable *meta;

  if (res == NULL)
    return NULL;
  meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_hash_table_insert (meta, g_strdup (PQgetvalue (res, i, 0) + length),
                         g_strdup (PQgetvalue (res, i, 1)));
  PQclear (res);
  return meta;
}

static gboolean
pg_has_call_near (FdJournalBackend  *backend,
                  FdCall            *call,
                  const char        *pbx,
                  gboolean          *found,
                  GError           **error)
{
  const char *values[] = { fd_call_get_id (call), pbx };
  PGresult *res = run ((FdJournalPg *) backend, "SELECT start_time FROM calls WHERE call_id = $1 "
                       "AND pbx = $2 AND start_time IS NOT NULL", 2, values, error);

  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res) && !*found; row++)
    *found = fd_journal_within_a_second (PQgetvalue (res, row, 0), fd_call_get_start_time (call));
  PQclear (res);
  return TRUE;
}

static guint
pg_get_n_waiting (FdJournalBackend *backend)
{
  FdJournalPg *self = (FdJournalPg *) backend;

  return self->outbox != NULL ? fd_journal_outbox_get_n_waiting (self->outbox) : 0;
}

static guint
pg_get_n_marks_waiting (FdJournalBackend *backend)
{
  FdJournalPg *self = (FdJournalPg *) backend;

  return self->outbox != NULL ? fd_journal_outbox_get_n_marks (self->outbox) : 0;
}

static void
pg_free (FdJournalBackend *backend)
{
  FdJournalPg *self = (FdJournalPg *) backend;

  g_clear_pointer (&self->listener, fd_journal_pg_listener_free);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->outbox, fd_journal_outbox_free);
  g_clear_pointer (&self->seen, fd_journal_pg_seen_unref);
  g_free (self->uri);
  fd_journal_pg_wipe_password (self->password);
  g_free (self->parent.path);
  g_free (self);
}

static const FdJournalBackendOps pg_ops = {
  .free = pg_free,
  .add_full = pg_add_full,
  .lookup = pg_lookup,
  .list = pg_list,
  .set_handled = pg_set_handled,
  .set_handled_by = pg_set_handled_by,
  .set_note = pg_set_note,
  .mark_all_handled = pg_mark_all_handled,
  .count_unhandled_missed = pg_count_unhandled_missed,
  .prune = pg_prune,
  .dup_meta = pg_dup_meta,
  .set_meta = pg_set_meta,
  .dup_meta_with_prefix = pg_dup_meta_with_prefix,
  .has_call_near = pg_has_call_near,
  .get_n_waiting = pg_get_n_waiting,
  .get_n_marks_waiting = pg_get_n_marks_waiting,
};

/* Another process's write (ours were announced when made); or (0, 0),
 * the listener back after the server was away: time to send what waits. */
static void
on_notify (gpointer data,
           int      pid,
           gint64   id)
{
  FdJournalPg *self = data;

  if (pid != 0 && pid == PQbackendPID (self->conn))
    return;
  if (pid == 0 && id == 0)
    self->next_read_connect = 0;
  emit_changed (self, id);
  if (pid == 0 && id == 0)
    replay_outbox (self);
}

/* The server did not answer: with an outbox to keep the calls in, the
 * journal opens all the same and connects later. */
static gboolean
open_offline (FdJournalPg  *self,
              gboolean      unreachable,
              GError      **error)
{
  if (!unreachable || self->parent.path == NULL)
    return FALSE;
  g_debug ("The journal database cannot be reached; starting offline: %s", (*error)->message);
  g_clear_error (error);
  self->listener = fd_journal_pg_listener_new_offline (self->uri, self->password, on_notify, self);
  return TRUE;
}

/**
 * fd_journal_pg_open:
 * @uri: a postgresql:// connection URI
 * @password: (nullable): the database password, when it is neither in @uri
 *   nor in a file libpq reads (the desktop's keyring)
 *
 * Connects twice (one connection to write and read, one to LISTEN for
 * the other writers, watched in the thread-default main context) and
 * brings the schema up to date. A server that does not answer (down,
 * restarting, no network) is no error: the journal opens offline, the
 * calls wait in the outbox, and the next statement, or the listener once
 * the server is back, connects and sends them. A refused password or
 * certificate is an error still.
 */
FdJournalBackend *
fd_journal_pg_open (const char  *uri,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  FdJournalPg *self = g_new0 (FdJournalPg, 1);
  gboolean unreachable = FALSE;
  gboolean ok;

  self->parent.ops = &pg_ops;
  self->parent.path = fd_journal_uri_dup_shown (uri);
  self->uri = g_strdup (uri);
  self->password = g_strdup (password);
  self->opener = g_thread_self ();
  self->conn = fd_journal_pg_connect_full (uri, password, &unreachable, &local_error);
  if (self->conn == NULL)
    ok = open_offline (self, unreachable, &local_error);
  else
    ok = fd_journal_pg_migrate (self->conn, &local_error) &&
         (self->listener = fd_journal_pg_listener_new (uri, password, on_notify, self,
                                                       &local_error)) != NULL;
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      pg_free (&self->parent);
      return NULL;
    }
  if (self->parent.path != NULL)
    self->outbox = fd_journal_outbox_new (self->parent.path);
  self->seen = fd_journal_pg_seen_get (self->parent.path);
  return &self->parent;
}
