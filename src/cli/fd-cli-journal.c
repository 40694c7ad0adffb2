/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCli"

#include "config.h"

#include "fd-cli-journal.h"
#include "fd-cli-history-print.h"
#include "fd-journal-uri.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>

#define EXIT_LOCAL_FAILURE 1
#define EXIT_UNKNOWN_ENTRY 2

static int
print_text (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  if (fputs (g_strchomp (copy), stdout) == EOF || fputc ('\n', stdout) == EOF ||
      fflush (stdout) == EOF)
    return EXIT_LOCAL_FAILURE;
  return 0;
}

/* Reads the journal the desktop app writes; WAL lets it do so while the
 * app is running. A journal that cannot be read is a local failure, not
 * the PBX's: exit status 1. */
int
fd_cli_run_history (const char *journal_uri,
                    gboolean    json,
                    gboolean    missed)
{
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  journal = fd_journal_open_uri (journal_uri, &error);
  if (journal != NULL)
    entries = fd_journal_list (journal, missed ? FD_JOURNAL_FILTER_MISSED : FD_JOURNAL_FILTER_ALL,
                               NULL, 0, &error);
  if (entries == NULL)
    {
      fprintf (stderr, "frontdesk: %s\n", error->message);
      return EXIT_LOCAL_FAILURE;
    }

  if (json)
    text = fd_cli_history_to_json (entries);
  else if (entries->len == 0)
    text = g_strdup (missed ? _("No missed calls in the journal.") : _("The journal is empty."));
  else
    text = fd_cli_history_to_text (entries);
  return print_text (text);
}

/* The `user-name` setting when the schema is installed and it is set,
 * else the account's real name, else the login: who marked a call handled
 * is a person, and a headless machine may have no settings at all. */
char *
fd_cli_dup_handler_name (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *name = NULL;

  if (source != NULL &&
      (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL &&
      g_settings_schema_has_key (schema, "user-name"))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      name = g_settings_get_string (settings, "user-name");
    }
  return fd_journal_dup_handler_name (name);
}

static gboolean
parse_entry_id (const char *text,
                gint64     *id)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

/* Exit 0 when marked, 2 for an id the journal does not have (or one that
 * is not an id at all), 1 when the journal cannot be opened or written. */
int
fd_cli_run_mark_handled (const char *journal_uri,
                         const char *entry_id,
                         const char *as_name,
                         const char *note)
{
  g_autoptr(FdJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;

  if (!parse_entry_id (entry_id, &id))
    {
      fprintf (stderr, "frontdesk: “%s” is not a journal entry id: --mark-handled takes the "
               "entry_id that --history --json prints\n", entry_id);
      return EXIT_UNKNOWN_ENTRY;
    }
  name = as_name != NULL && *as_name != '\0' ? g_strdup (as_name) : fd_cli_dup_handler_name ();
  journal = fd_journal_open_uri (journal_uri, &error);
  if (journal != NULL && fd_journal_set_handled_by (journal, id, name, &error) &&
      (note == NULL || fd_journal_set_note (journal, id, note, &error)))
    return 0;

  fprintf (stderr, "frontdesk: %s\n", error->message);
  return g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND)
         ? EXIT_UNKNOWN_ENTRY : EXIT_LOCAL_FAILURE;
}

void
fd_cli_record_call (FdJournal     *journal,
                    FdCall        *call,
                    FdCallOutcome  outcome,
                    const char    *pbx_url)
{
  g_autoptr(GError) error = NULL;

  if (fd_journal_add_full (journal, call, outcome, NULL, FD_JOURNAL_SOURCE_POLL, pbx_url,
                           &error) == 0)
    fprintf (stderr, "frontdesk: the call %s was not recorded: %s\n",
             fd_call_get_id (call), error->message);
}
