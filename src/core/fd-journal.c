/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-journal.h"
#include "fd-journal-backend.h"
#include "fd-journal-uri.h"
#include "fd-client.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <string.h>

/* The journal's public face: checks the arguments, then hands each call
 * to its backend (SQLite file or PostgreSQL database). */

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_N_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdJournal
{
  GObject           parent_instance;

  /* Owned */
  FdJournalBackend *backend;
  /* What fd_journal_open_uri() was given, for fd_journal_reopen() only:
   * it may hold the database password, so it is never shown or logged. */
  char             *uri;
  /* Nullable, likewise: the password given beside the URI; wiped. */
  char             *password;
};

G_DEFINE_FINAL_TYPE (FdJournal, fd_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (fd-journal-error-quark, fd_journal_error)

/* A password must not linger in freed memory, where a core dump shows it. */
static void
fd_journal_wipe_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

void
fd_journal_emit_changed (FdJournal *self,
                         gint64     id)
{
  g_object_ref (self);
  g_signal_emit (self, signals[CHANGED], 0, id);
  g_object_unref (self);
}

FdJournalBackend *
fd_journal_get_backend (FdJournal *self)
{
  return self->backend;
}

void
fd_journal_notify_n_waiting (FdJournal *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
}

/**
 * fd_journal_get_n_waiting:
 *
 * The calls that ended while the PostgreSQL server could not be reached,
 * kept in the outbox on this machine (by this process or an earlier
 * one) until they are sent; notified as "n-waiting". Always 0 for an
 * SQLite journal.
 */
guint
fd_journal_get_n_waiting (FdJournal *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);

  if (self->backend->ops->get_n_waiting == NULL)
    return 0;
  return self->backend->ops->get_n_waiting (self->backend);
}

/**
 * fd_journal_get_n_marks_waiting:
 *
 * The marks (handled, who handled, notes) made while the PostgreSQL
 * server could not be reached, by any journal object or process on this
 * machine, kept in the outbox until they are sent. Counted afresh on each
 * call; not notified. Always 0 for an SQLite journal.
 */
guint
fd_journal_get_n_marks_waiting (FdJournal *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);

  if (self->backend->ops->get_n_marks_waiting == NULL)
    return 0;
  return self->backend->ops->get_n_marks_waiting (self->backend);
}

static void
fd_journal_finalize (GObject *object)
{
  FdJournal *self = (FdJournal *) object;

  if (self->backend != NULL)
    self->backend->ops->free (self->backend);
  g_free (self->uri);
  fd_journal_wipe_password (self->password);

  G_OBJECT_CLASS (fd_journal_parent_class)->finalize (object);
}

static void
fd_journal_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FdJournal *self = FD_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_N_WAITING: g_value_set_uint (value, fd_journal_get_n_waiting (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_journal_class_init (FdJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_journal_finalize;
  object_class->get_property = fd_journal_get_property;

  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
fd_journal_init (FdJournal *self)
{
}

FdJournal *
fd_journal_new_for_backend (FdJournalBackend *backend)
{
  FdJournal *self = g_object_new (FD_TYPE_JOURNAL, NULL);

  self->backend = backend;
  backend->owner = self;
  return self;
}

static char *
dup_default_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "frontdesk", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_FAILED,
                   _("Could not create the folder %s for the call journal: %s."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/**
 * fd_journal_dup_default_path:
 *
 * Returns: $XDG_DATA_HOME/frontdesk/journal.db
 */
char *
fd_journal_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "frontdesk", "journal.db", NULL);
}

/**
 * fd_journal_open:
 * @path: (nullable): the SQLite database file; NULL for the default, whose
 *   folder is created (mode 0700: phone numbers are personal data)
 *
 * Opens the journal, creating it or updating its schema as needed. A file
 * that is not a journal, or one from a newer Frontdesk, is refused with a
 * sentence and left untouched.
 */
FdJournal *
fd_journal_open (const char  *path,
                 GError     **error)
{
  g_autofree char *default_path = NULL;
  FdJournalBackend *backend;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    {
      g_autofree char *dir = dup_default_dir (error);

      if (dir == NULL)
        return NULL;
      path = default_path = g_build_filename (dir, "journal.db", NULL);
    }
  if ((backend = fd_journal_sqlite_open (path, error)) == NULL)
    return NULL;
  return fd_journal_new_for_backend (backend);
}

/**
 * fd_journal_get_path:
 *
 * Returns: (nullable): the SQLite file, or the PostgreSQL URI without its
 *   password (for showing, not for connecting: reopen with the setting)
 */
const char *
fd_journal_get_path (FdJournal *self)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  return self->backend->path;
}

void
fd_journal_set_uri (FdJournal  *self,
                    const char *uri,
                    const char *password)
{
  g_free (self->uri);
  self->uri = g_strdup (uri);
  fd_journal_wipe_password (self->password);
  self->password = g_strdup (password);
}

/**
 * fd_journal_reopen:
 *
 * Opens the journal @self is again, as an object of its own: the same
 * SQLite file, or the same PostgreSQL server with the same credentials
 * (fd_journal_get_path() leaves the password out, so it cannot be used to
 * connect). For another thread, which must not share @self's statements.
 * Safe to call from any thread while @self is alive.
 *
 * Returns: (transfer full): a new journal, or NULL with @error set
 */
FdJournal *
fd_journal_reopen (FdJournal  *self,
                   GError    **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);

  if (self->uri != NULL)
    return fd_journal_open_uri_with_password (self->uri, self->password, error);
  return fd_journal_open (self->backend->path, error);
}

static char *
redact_pbx (const char *pbx)
{
  /* "" rather than NULL: NULL marks the rows of schema 1, never merged. */
  return pbx != NULL && *pbx != '\0' ? fd_redact_url (pbx) : g_strdup ("");
}

/**
 * fd_journal_add_full:
 * @call: the call as last seen
 * @ended_time: (nullable): when it ended; NULL for now
 * @source: who saw it end
 * @pbx: (nullable): the PBX's URL; it is stored redacted (no password,
 *   no userinfo). NULL or "" when not known.
 *
 * Records an ended call in a transaction of its own: once this returns,
 * the call survives the process being killed. The same call (CallId,
 * start time and PBX) recorded again, by this or another writer, is
 * merged into its row: answered wins over missed, the longest durations
 * win, the later end wins, and a name either one knew is kept.
 *
 * On PostgreSQL, a call that cannot be sent because the server cannot be
 * reached waits in a local outbox instead (fd_journal_get_n_waiting()),
 * sent on the next write that succeeds, when the listening connection is
 * back, or when the journal is next opened; then no "changed" is emitted.
 *
 * Returns: the entry's id (> 0): the existing one for a merge; minus the
 *   outbox row's id (< 0) for a call waiting in the outbox, which has no
 *   journal entry yet (nothing to look up or mark handled); or 0 with
 *   @error set
 */
gint64
fd_journal_add_full (FdJournal        *self,
                     FdCall           *call,
                     FdCallOutcome     outcome,
                     GDateTime        *ended_time,
                     FdJournalSource   source,
                     const char       *pbx,
                     GError          **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *redacted = NULL;

  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);
  g_return_val_if_fail (FD_IS_CALL (call), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (ended_time == NULL)
    ended_time = now = g_date_time_new_now_utc ();
  redacted = redact_pbx (pbx);
  return self->backend->ops->add_full (self->backend, call, outcome, ended_time, source,
                                       redacted, error);
}

/**
 * fd_journal_add:
 *
 * fd_journal_add_full() for a call the poller saw end, from a PBX not
 * named.
 */
gint64
fd_journal_add (FdJournal      *self,
                FdCall         *call,
                FdCallOutcome   outcome,
                GDateTime      *ended_time,
                GError        **error)
{
  return fd_journal_add_full (self, call, outcome, ended_time, FD_JOURNAL_SOURCE_POLL, NULL,
                              error);
}

/**
 * fd_journal_dup_recorder_name:
 *
 * Who writes a row (`recorded_by`): user@host, the login and the machine,
 * because a row is written by a process, not chosen by a person: the
 * settable user name belongs to handled_by.
 */
char *
fd_journal_dup_recorder_name (void)
{
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

/**
 * fd_journal_dup_handler_name:
 * @user_name: (nullable): the name the person set (the `user-name`
 *   setting, `--as`); NULL or "" when none was
 *
 * Who marks a call handled (`handled_by`) is a person: @user_name, else
 * the account's real name, else the login.
 */
char *
fd_journal_dup_handler_name (const char *user_name)
{
  const char *real_name = g_get_real_name ();

  if (user_name != NULL && *user_name != '\0')
    return g_strdup (user_name);
  if (real_name != NULL && *real_name != '\0' && g_strcmp0 (real_name, "Unknown") != 0)
    return g_strdup (real_name);
  return g_strdup (g_get_user_name ());
}

/**
 * fd_journal_lookup:
 *
 * Returns: (transfer full): the entry, or NULL with FD_JOURNAL_ERROR_NOT_FOUND
 *   when there is none with @id (pruned, say)
 */
FdJournalEntry *
fd_journal_lookup (FdJournal  *self,
                   gint64      id,
                   GError    **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return self->backend->ops->lookup (self->backend, id, error);
}

/**
 * fd_journal_list:
 * @search: (nullable): text to find in any name or number, ignoring case
 *   (Unicode case folding, as the active-call search), accents, spaces and
 *   punctuation; NULL or "" for all
 * @limit: the most entries to return; 0 for no limit
 *
 * Returns: (transfer full) (element-type FdJournalEntry): newest first, or
 *   NULL with @error set
 */
GPtrArray *
fd_journal_list (FdJournal        *self,
                 FdJournalFilter   filter,
                 const char       *search,
                 guint             limit,
                 GError          **error)
{
  return fd_journal_list_after (self, filter, search, 0, limit, error);
}

/**
 * fd_journal_list_after:
 * @after_id: the id of the last entry of the page before (the oldest it
 *   showed); 0 for the first page
 *
 * One page of fd_journal_list(): the entries that come after @after_id's
 * in its order (newest first), so that a view reads a long journal a page
 * at a time, each page costing the same however deep it is. When
 * @after_id's entry is gone (pruned, with every older one), the page is
 * empty.
 *
 * Returns: (transfer full) (element-type FdJournalEntry): newest first, or
 *   NULL with @error set
 */
GPtrArray *
fd_journal_list_after (FdJournal        *self,
                       FdJournalFilter   filter,
                       const char       *search,
                       gint64            after_id,
                       guint             limit,
                       GError          **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return self->backend->ops->list (self->backend, filter, search, after_id, limit, error);
}

/**
 * fd_journal_set_handled:
 *
 * Marks one entry handled (with the time now) or not handled. Setting the
 * flag it already has changes nothing and emits nothing.
 */
gboolean
fd_journal_set_handled (FdJournal  *self,
                        gint64      id,
                        gboolean    handled,
                        GError    **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->backend->ops->set_handled (self->backend, id, handled, error);
}

/**
 * fd_journal_set_handled_by:
 * @handled_by: (nullable): who handled it, as a person names themselves
 *   (the app passes its `user-name` setting); NULL for nobody in particular
 *
 * Marks an entry handled now by @handled_by, again if it already was: the
 * last person to handle it is the one to ask.
 */
gboolean
fd_journal_set_handled_by (FdJournal   *self,
                           gint64       id,
                           const char  *handled_by,
                           GError     **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->backend->ops->set_handled_by (self->backend, id, handled_by, error);
}

/**
 * fd_journal_set_note:
 * @note: (nullable): free text; NULL or "" removes the note
 */
gboolean
fd_journal_set_note (FdJournal   *self,
                     gint64       id,
                     const char  *note,
                     GError     **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->backend->ops->set_note (self->backend, id, note, error);
}

/**
 * fd_journal_mark_all_handled:
 *
 * Marks every unhandled missed call handled, with the time now.
 */
gboolean
fd_journal_mark_all_handled (FdJournal  *self,
                             GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->backend->ops->mark_all_handled (self->backend, now, error);
}

/**
 * fd_journal_count_unhandled_missed:
 *
 * Returns: the missed calls not marked handled; 0 with @error set on failure
 */
guint
fd_journal_count_unhandled_missed (FdJournal  *self,
                                   GError    **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return self->backend->ops->count_unhandled_missed (self->backend, error);
}

/**
 * fd_journal_prune:
 * @retention_days: keep calls that ended less than this many days ago;
 *   0 keeps everything
 *
 * Deletes older calls, unhandled missed ones included: the retention
 * setting is a promise to the people who called, too.
 */
gboolean
fd_journal_prune (FdJournal  *self,
                  guint       retention_days,
                  GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff = NULL;

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (retention_days == 0)
    return TRUE;
  cutoff = g_date_time_add_days (now, -(gint) MIN (retention_days, 365u * 1000u));
  return self->backend->ops->prune (self->backend, cutoff, error);
}

/**
 * fd_journal_dup_meta:
 *
 * Returns: (nullable): the value stored under @key; NULL when there is
 *   none (then @error is not set) or on error
 */
char *
fd_journal_dup_meta (FdJournal   *self,
                     const char  *key,
                     GError     **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return self->backend->ops->dup_meta (self->backend, key, error);
}

/* @value NULL removes the key. */
gboolean
fd_journal_set_meta (FdJournal   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return self->backend->ops->set_meta (self->backend, key, value, error);
}

/**
 * fd_journal_has_call_near:
 * @found: (out): whether a row of the same CallId and PBX starts within
 *   one second of @call's start
 *
 * The poller keeps the PBX's StartTime as it came (XE gives fractions of
 * a second, "…07.9558+02:00"), the history gives whole seconds
 * ("… 08:02:50"), so fd_journal_add_full()'s exact key would see two
 * calls. A CallId reused within a second is not a case worth a double.
 */
gboolean
fd_journal_has_call_near (FdJournal   *self,
                          FdCall      *call,
                          const char  *pbx,
                          gboolean    *found,
                          GError     **error)
{
  g_autofree char *redacted = NULL;

  g_return_val_if_fail (FD_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (FD_IS_CALL (call), FALSE);

  *found = FALSE;
  if (fd_call_get_start_time (call) == NULL)
    return TRUE;
  redacted = redact_pbx (pbx);
  return self->backend->ops->has_call_near (self->backend, call, redacted, found, error);
}
