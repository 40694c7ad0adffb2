/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCli"

#include "config.h"

#include "fd-call-control.h"
#include "fd-call-tracker.h"
#include "fd-cli.h"
#include "fd-cli-journal.h"
#include "fd-cli-names.h"
#include "fd-client.h"
#include "fd-error.h"
#include "fd-history-recovery.h"
#include "fd-journal.h"
#include "fd-journal-uri.h"
#include "fd-cli-extensions.h"
#include "fd-json.h"
#include "fd-poller.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define EXIT_USAGE 2

typedef struct {
  gboolean  list;
  gboolean  extensions;
  gboolean  watch;
  gboolean  json;
  gboolean  history;
  gboolean  missed;
  gboolean  demo;
  gboolean  hidden;
  gboolean  verbose;
  gboolean  version;
  gboolean  record;
  char     *hangup;
  char     *hold;
  char     *unhold;
  char     *forward;
  char     *transfer;
  char     *to;
  char     *party;
  char     *url;
  char     *username;
  char     *password_file;
  char     *interval;
  char     *timeout;
  char     *mark_handled;
  char     *as;
  char     *note;
  char     *journal;
  char    **directories;
  char     *region;
} CliArgs;

/* One call-control command from the command line. */
typedef struct {
  const char   *command;
  const char   *call_id;
  const char   *option;
  FdCallAction  action;
} Control;

static void
cli_args_clear (CliArgs *args)
{
  g_free (args->hangup);
  g_free (args->hold);
  g_free (args->unhold);
  g_free (args->forward);
  g_free (args->transfer);
  g_free (args->to);
  g_free (args->party);
  g_free (args->url);
  g_free (args->username);
  g_free (args->password_file);
  g_free (args->interval);
  g_free (args->timeout);
  g_free (args->mark_handled);
  g_free (args->as);
  g_free (args->note);
  g_free (args->journal);
  g_strfreev (args->directories);
  g_free (args->region);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliArgs, cli_args_clear)

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line, like every other failure: scripts read the first line. */
  fprintf (stderr, "frontdesk: %s (see frontdesk --help)\n", message);
  return EXIT_USAGE;
}

static int
fail (const GError *error)
{
  fprintf (stderr, "frontdesk: %s\n", error->message);
  return fd_error_exit_status (error);
}

/* ---- Options ---------------------------------------------------------- */

static GOptionContext *
build_context (CliArgs *a)
{
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &a->list, N_("Print the active calls once and exit"), NULL },
    { "extensions", 0, 0, G_OPTION_ARG_NONE, &a->extensions, N_("Print the extensions and who is in a call, once"), NULL },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &a->watch, N_("Print call events until interrupted"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a->json, N_("Print JSON instead of text"), NULL },
    { "history", 0, 0, G_OPTION_ARG_NONE, &a->history, N_("Print the call journal, newest first"), NULL },
    { "missed", 0, 0, G_OPTION_ARG_NONE, &a->missed, N_("With --history: only missed calls"), NULL },
    { "hangup", 0, 0, G_OPTION_ARG_STRING, &a->hangup, N_("Hang up a call"), N_("ID") },
    { "hold", 0, 0, G_OPTION_ARG_STRING, &a->hold, N_("Put a call on hold"), N_("ID") },
    { "unhold", 0, 0, G_OPTION_ARG_STRING, &a->unhold, N_("Resume a held call"), N_("ID") },
    { "forward", 0, 0, G_OPTION_ARG_STRING, &a->forward, N_("Forward a ringing call (with --to)"), N_("ID") },
    { "transfer", 0, 0, G_OPTION_ARG_STRING, &a->transfer, N_("Blind-transfer a call (with --to)"), N_("ID") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &a->to, N_("Number to forward or transfer to"), N_("NUMBER") },
    { "party", 0, 0, G_OPTION_ARG_STRING, &a->party, N_("Who leaves a transfer: caller or callee (default)"), N_("PARTY") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &a->url, N_("Base URL of the Ozeki HTTP API"), N_("URL") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &a->username, N_("API user name"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &a->password_file, N_("Read the password from the first line of FILE"), N_("FILE") },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &a->interval, N_("Seconds between polls (default 1, at least 0.2)"), N_("SECONDS") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &a->timeout, N_("Deadline for one whole request (default 10)"), N_("SECONDS") },
    { "record", 0, 0, G_OPTION_ARG_NONE, &a->record, N_("With --watch: write every ended call to the journal"), NULL },
    { "mark-handled", 0, 0, G_OPTION_ARG_STRING, &a->mark_handled, N_("Mark a journal entry handled"), N_("ENTRY_ID") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &a->as, N_("With --mark-handled: who handled it (default: your name)"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &a->note, N_("With --mark-handled: a note to keep with the call"), N_("TEXT") },
    { "journal", 0, 0, G_OPTION_ARG_STRING, &a->journal, N_("The journal to use: a file path, sqlite:PATH or a postgresql:// URI"), N_("URI") },
    { "directory", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a->directories, N_("Show names from this vCard or CSV file or folder (repeatable)"), N_("FILE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &a->region, N_("Country in which numbers without a country code are read, such as HU"), N_("CC") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &a->demo, N_("Run on a simulated PBX with random calls"), NULL },
    { "hidden", 0, 0, G_OPTION_ARG_NONE, &a->hidden, N_("Start in the tray only"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &a->verbose, N_("Print debug messages"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &a->version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Watch the active calls of an Ozeki Phone System PBX.\n"
                                           "The password comes from FRONTDESK_PASSWORD or --password-file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
parse_seconds (const char *text,
               double      minimum,
               double     *seconds)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return FALSE;
  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(value >= minimum) || value > 86400)
    return FALSE;
  *seconds = value;
  return TRUE;
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  char *newline;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                   "the password file %s could not be read: %s", path, local_error->message);
      return NULL;
    }
  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  return g_steal_pointer (&contents);
}

static int
count_modes (CliArgs *a)
{
  return !!a->list + !!a->extensions + !!a->watch + !!a->history + (a->hangup != NULL) + (a->hold != NULL) +
         (a->unhold != NULL) + (a->forward != NULL) + (a->transfer != NULL) +
         (a->mark_handled != NULL);
}

static int
check_combinations (CliArgs *a)
{
  int modes = count_modes (a);

  if (modes > 1)
    return usage_error ("choose one of --list, --watch, --history, --hangup, --hold, --unhold, "
                        "--forward, --transfer and --mark-handled");
  if ((a->demo || a->hidden) && modes > 0)
    return usage_error ("--demo and --hidden start the desktop app; they cannot go with %s",
                        a->list ? "--list" : a->watch ? "--watch" : "a headless command");
  if (a->json && modes == 0)
    return usage_error ("--json goes with --list, --watch, --history or a call command");
  if (a->missed && !a->history)
    return usage_error ("--missed goes with --history");
  if ((a->as != NULL || a->note != NULL) && a->mark_handled == NULL)
    return usage_error ("%s goes with --mark-handled", a->as != NULL ? "--as" : "--note");
  if (a->record && !a->watch)
    return usage_error ("--record goes with --watch");
  if (a->journal != NULL && modes > 0 && !a->history && a->mark_handled == NULL && !a->record)
    return usage_error ("--journal goes with --history, --mark-handled, --watch --record "
                        "or the desktop app");
  if ((a->forward != NULL || a->transfer != NULL) && (a->to == NULL || *a->to == '\0'))
    return usage_error ("%s needs the number to send the call to: --to NUMBER",
                        a->forward != NULL ? "--forward" : "--transfer");
  if (a->to != NULL && a->forward == NULL && a->transfer == NULL)
    return usage_error ("--to goes with --forward or --transfer");
  if (a->party != NULL && a->transfer == NULL)
    return usage_error ("--party goes with --transfer");
  if (a->party != NULL && g_strcmp0 (a->party, "caller") != 0 && g_strcmp0 (a->party, "callee") != 0)
    return usage_error ("--party must be caller or callee, not “%s”", a->party);
  return 0;
}

/* The saved URL and user name, when the settings schema is installed: a
 * headless machine may well have none, and then the defaults apply. */
static void
apply_saved_settings (FdClient *client)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;

  if (source == NULL)
    return;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  url = g_settings_get_string (settings, "url");
  username = g_settings_get_string (settings, "username");
  if (url != NULL && *url != '\0')
    fd_client_set_url (client, url);
  if (username != NULL && *username != '\0')
    fd_client_set_username (client, username);
}

/* The saved `journal` setting, NULL when it is empty or there is no
 * schema: a recorder and the desktops of one office share it. */
static char *
dup_saved_journal (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *journal = NULL;

  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "journal"))
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  journal = g_settings_get_string (settings, "journal");
  return *journal != '\0' ? g_steal_pointer (&journal) : NULL;
}

static int
build_options (CliArgs    *a,
               FdOptions **out)
{
  g_autoptr(FdOptions) options = fd_options_new ();
  g_autoptr(GError) error = NULL;
  const char *env_password = g_getenv ("FRONTDESK_PASSWORD");

  if (a->interval != NULL && !parse_seconds (a->interval, FD_POLLER_MIN_INTERVAL, &options->interval))
    return usage_error ("--interval must be a number of seconds, at least 0.2, not “%s”", a->interval);
  if (a->timeout != NULL && !parse_seconds (a->timeout, 0.1, &options->timeout))
    return usage_error ("--timeout must be a number of seconds, at least 0.1, not “%s”", a->timeout);
  if (a->url != NULL && !fd_client_validate_url (a->url, &error))
    return usage_error ("%s", error->message);

  if (a->region != NULL && *a->region != '\0' &&
      (strlen (a->region) != 2 || !g_ascii_isalpha (a->region[0]) || !g_ascii_isalpha (a->region[1])))
    return usage_error ("--region must be a two-letter country code such as HU, not “%s”", a->region);

  options->directories = g_strdupv (a->directories);
  options->region = g_strdup (a->region);
  options->url = g_strdup (a->url);
  options->username = g_strdup (a->username);
  options->verbose = a->verbose;
  if (a->password_file != NULL)
    {
      options->password = read_password_file (a->password_file, &error);
      if (options->password == NULL)
        return usage_error ("%s", error->message);
    }
  else if (env_password != NULL)
    options->password = g_strdup (env_password);

  *out = g_steal_pointer (&options);
  return 0;
}

/* ---- Output ----------------------------------------------------------- */

/* Every line goes out at once: scripts read --watch as it happens. */
static gboolean
emit_line (const char *line)
{
  if (fputs (line, stdout) == EOF || fputc ('\n', stdout) == EOF || fflush (stdout) == EOF)
    return FALSE;
  return TRUE;
}

static char *
now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return fd_json_format_time (now);
}

static char *
format_duration (double seconds)
{
  if (seconds < 0)
    return g_strdup ("-");
  return g_strdup_printf ("%d:%02d", (int) seconds / 60, (int) seconds % 60);
}

static char *
format_call_text (FdCall *call)
{
  g_autofree char *caller = fd_call_dup_caller_display (call);
  g_autofree char *ring = format_duration (fd_call_get_ring_seconds (call));
  g_autofree char *talk = format_duration (fd_call_get_talk_seconds (call));
  const char *destination = fd_call_get_destination (call);

  return g_strdup_printf ("%-10s %-12s %-32s → %-16s ring %s talk %s",
                          fd_call_get_id (call),
                          fd_call_get_state (call) ? fd_call_get_state (call) : "?",
                          caller ? caller : "(unknown caller)",
                          destination ? destination : "?", ring, talk);
}

/* ---- --list ----------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  GPtrArray *calls;
  FdResponse *response;
  GError    *error;
} Wait;

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->calls = fd_client_list_calls_finish (FD_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
print_calls (GPtrArray   *calls,
             gboolean     json,
             FdNamer     *namer)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (json)
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < calls->len; i++)
        {
          g_autoptr(FdCall) named = fd_cli_named_call (namer, g_ptr_array_index (calls, i));

          if (i > 0)
            g_string_append (out, ",\n ");
          fd_json_append_call (out, named);
        }
      g_string_append_c (out, ']');
      emit_line (out->str);
      return;
    }

  if (calls->len == 0)
    {
      emit_line (_("No active calls."));
      return;
    }
  for (guint i = 0; i < calls->len; i++)
    {
      g_autofree char *line = format_call_text (g_ptr_array_index (calls, i));
      emit_line (line);
    }
}

static int
run_list (FdClient  *client,
          FdOptions *options,
          gboolean   json)
{
  g_autoptr(FdNamer) namer = fd_cli_open_namer (options);
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };
  int status = 0;

  fd_client_list_calls_async (client, NULL, on_listed, &wait);
  g_main_loop_run (wait.loop);

  if (wait.calls != NULL)
    print_calls (wait.calls, json, namer);
  else
    status = fail (wait.error);

  g_clear_pointer (&wait.calls, g_ptr_array_unref);
  g_clear_error (&wait.error);
  g_main_loop_unref (wait.loop);
  return status;
}

/* ---- Call control ----------------------------------------------------- */

static void
on_controlled (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->response = fd_call_control_finish (FD_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The command building, and the Ozeki 10 fallbacks, are fd-call-control's:
 * the window sends the same requests. */
static FdResponse *
send_control (FdClient  *client,
              CliArgs   *a,
              Control   *control,
              GError   **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };

  fd_call_control_async (client, control->action, control->call_id, a->to, a->party, NULL,
                         on_controlled, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.response;
}

static void
describe_control (CliArgs    *a,
                  Control    *control,
                  FdResponse *response,
                  gboolean    json)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (json)
    {
      g_string_append (out, "{\"command\": ");
      fd_json_append_string (out, control->command);
      g_string_append (out, ", \"call_id\": ");
      fd_json_append_string (out, control->call_id);
      g_string_append_printf (out, ", \"code\": %d, \"message\": ", response->code);
      fd_json_append_string (out, response->message);
      g_string_append_c (out, '}');
    }
  else if (a->forward != NULL || a->transfer != NULL)
    /* Translators: a CallId, then the number the call was forwarded or transferred to */
    g_string_printf (out, _("Call %s sent to %s."), control->call_id, a->to);
  else
    /* Translators: an Ozeki API command ("Hangup", "Hold"…), then a CallId */
    g_string_printf (out, _("%s of call %s done."), control->command, control->call_id);
  emit_line (out->str);
}

static gboolean
find_control (CliArgs *a,
              Control *control)
{
  const Control table[] = {
    { "Hangup", a->hangup, "--hangup", FD_CALL_ACTION_HANGUP },
    { "Hold", a->hold, "--hold", FD_CALL_ACTION_HOLD },
    { "Unhold", a->unhold, "--unhold", FD_CALL_ACTION_UNHOLD },
    { "Forward", a->forward, "--forward", FD_CALL_ACTION_FORWARD },
    { "BlindTransfer", a->transfer, "--transfer", FD_CALL_ACTION_TRANSFER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].call_id != NULL)
      {
        *control = table[i];
        return TRUE;
      }
  return FALSE;
}

static int
run_control (FdClient *client,
             CliArgs  *a)
{
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Control control;

  if (!find_control (a, &control))
    return EXIT_USAGE;
  if (control.call_id[strspn (control.call_id, " \t")] == '\0')
    return usage_error ("%s needs a call ID, as --list shows it", control.option);

  response = send_control (client, a, &control, &error);
  if (response == NULL)
    return fail (error);
  describe_control (a, &control, response, a->json);
  return 0;
}

/* ---- --watch ---------------------------------------------------------- */

typedef struct {
  FdPoller          *poller;
  GMainLoop         *loop;
  gboolean           json;
  FdConnectionState  reported;
  int                status;
  FdJournal         *journal;   /* with --record */
  FdNamer           *namer;     /* names for the calls */
} Watch;

static void
watch_emit (Watch   *watch,
            GString *line)
{
  if (!emit_line (line->str))
    {
      /* Nobody reads any more (a closed pipe): stop quietly. */
      watch->status = 0;
      g_main_loop_quit (watch->loop);
    }
}

static GString *
begin_event (Watch      *watch,
             const char *event)
{
  g_autofree char *now = now_rfc3339 ();
  GString *line = g_string_new (NULL);

  if (watch->json)
    g_string_append_printf (line, "{\"event\": \"%s\", \"time\": \"%s\"", event, now);
  else
    g_string_append_printf (line, "%s %-10s", now, event);
  return line;
}

static void
append_named_call (Watch   *watch,
                   GString *line,
                   FdCall  *call)
{
  g_autoptr(FdCall) named = fd_cli_named_call (watch->namer, call);

  g_string_append (line, ", \"call\": ");
  fd_json_append_call (line, named);
}

static void
on_call_started (Watch  *watch,
                 FdCall *call)
{
  g_autoptr(GString) line = begin_event (watch, "started");

  if (watch->json)
    {
      append_named_call (watch, line, call);
      g_string_append_c (line, '}');
    }
  else
    {
      g_autofree char *text = format_call_text (call);
      g_string_append_printf (line, " %s", text);
    }
  watch_emit (watch, line);
}

static void
on_call_changed (Watch      *watch,
                 FdCall     *call,
                 const char *previous)
{
  g_autoptr(GString) line = begin_event (watch, "changed");

  if (watch->json)
    {
      append_named_call (watch, line, call);
      g_string_append (line, ", \"previous_state\": ");
      fd_json_append_string (line, previous);
      g_string_append_c (line, '}');
    }
  else
    {
      g_autofree char *text = format_call_text (call);
      g_string_append_printf (line, " %s (was %s)", text, previous ? previous : "?");
    }
  watch_emit (watch, line);
}

static void
on_call_ended (Watch         *watch,
               FdCall        *call,
               FdCallOutcome  outcome)
{
  g_autoptr(GString) line = begin_event (watch, "ended");

  if (watch->json)
    {
      append_named_call (watch, line, call);
      g_string_append_printf (line, ", \"outcome\": \"%s\"}", fd_call_outcome_to_string (outcome));
    }
  else
    {
      g_autofree char *text = format_call_text (call);
      g_string_append_printf (line, " %s %s", text, fd_call_outcome_to_string (outcome));
    }
  watch_emit (watch, line);
  if (watch->journal != NULL)
    fd_cli_record_call (watch->journal, call, outcome,
                        fd_client_get_url (fd_poller_get_client (watch->poller)));
}

static void
on_state_changed (Watch *watch)
{
  FdConnectionState state = fd_poller_get_state (watch->poller);
  const char *error = fd_poller_get_last_error (watch->poller);
  g_autoptr(GString) line = NULL;

  if (state == watch->reported ||
      (state != FD_CONNECTION_ONLINE && state != FD_CONNECTION_OFFLINE &&
       state != FD_CONNECTION_AUTH_FAILED))
    return;
  watch->reported = state;

  line = begin_event (watch, "connection");
  if (watch->json)
    {
      g_string_append_printf (line, ", \"state\": \"%s\", \"error\": ",
                              fd_connection_state_to_string (state));
      fd_json_append_string (line, error);
      g_string_append_c (line, '}');
    }
  else
    g_string_append_printf (line, " %s%s%s", fd_connection_state_to_string (state),
                            error ? ": " : "", error ? error : "");
  watch_emit (watch, line);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Watch *watch = user_data;

  g_debug ("Stopping on a signal");
  g_main_loop_quit (watch->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_recovery_error (FdHistoryRecovery *recovery)
{
  if (fd_history_recovery_get_error (recovery) != NULL)
    fprintf (stderr, "frontdesk: %s\n", fd_history_recovery_get_error (recovery));
}

/* With --record, the calls only the PBX's history shows (they rang and
 * ended between two polls, or during an outage) are recorded too; stdout
 * stays the poller's. */
static FdHistoryRecovery *
follow_history (FdClient  *client,
                FdPoller  *poller,
                FdJournal *journal)
{
  FdHistoryRecovery *recovery;

  if (journal == NULL)
    return NULL;
  recovery = fd_history_recovery_new (client, journal);
  fd_history_recovery_set_pbx (recovery, fd_client_get_url (client));
  g_signal_connect (recovery, "notify::error", G_CALLBACK (on_recovery_error), NULL);
  fd_history_recovery_follow_poller (recovery, poller);
  return recovery;
}

/* With --record the journal opens before the first poll: a recorder that
 * cannot write must say so at once, not after the first call is lost. */
static int
run_watch (FdClient   *client,
           FdOptions  *options,
           gboolean    json,
           FdJournal  *journal)
{
  g_autoptr(FdCallTracker) tracker = fd_call_tracker_new ();
  g_autoptr(FdPoller) poller = fd_poller_new (client, tracker);
  g_autoptr(FdHistoryRecovery) recovery = follow_history (client, poller, journal);
  g_autoptr(FdNamer) namer = fd_cli_open_namer (options);
  Watch watch = { poller, g_main_loop_new (NULL, FALSE), json, FD_CONNECTION_STOPPED, 0,
                  journal, namer };
  guint sigint = g_unix_signal_add (SIGINT, on_quit_signal, &watch);
  guint sigterm = g_unix_signal_add (SIGTERM, on_quit_signal, &watch);

  fd_options_apply_to_poller (options, poller);
  g_signal_connect_swapped (tracker, "call-started", G_CALLBACK (on_call_started), &watch);
  g_signal_connect_swapped (tracker, "call-changed", G_CALLBACK (on_call_changed), &watch);
  g_signal_connect_swapped (tracker, "call-ended", G_CALLBACK (on_call_ended), &watch);
  g_signal_connect_swapped (poller, "notify::state", G_CALLBACK (on_state_changed), &watch);

  fd_poller_start (poller);
  g_main_loop_run (watch.loop);
  fd_poller_stop (poller);

  g_signal_handlers_disconnect_by_data (tracker, &watch);
  g_signal_handlers_disconnect_by_data (poller, &watch);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (watch.loop);
  return watch.status;
}

/* ---- Entry point ------------------------------------------------------ */

static int
run_headless (CliArgs   *a,
              FdOptions *options)
{
  g_autoptr(FdClient) client = fd_client_new (NULL);

  apply_saved_settings (client);
  fd_options_apply_to_client (options, client);

  if (a->list)
    return run_list (client, options, a->json);
  if (a->extensions)
    return fd_cli_run_extensions (client, a->json);
  if (a->watch && a->record)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdJournal) journal = fd_journal_open_uri (a->journal, &error);

      if (journal == NULL)
        {
          fprintf (stderr, "frontdesk: %s\n", error->message);
          return 1;
        }
      return run_watch (client, options, a->json, journal);
    }
  if (a->watch)
    return run_watch (client, options, a->json, NULL);
  return run_control (client, a);
}

void
fd_desktop_request_clear (FdDesktopRequest *desktop)
{
  g_clear_pointer (&desktop->options, fd_options_free);
}

int
fd_cli_run (int               argc,
            char            **argv,
            FdDesktopRequest *desktop)
{
  g_auto(CliArgs) args = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FdOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_return_val_if_fail (desktop != NULL, EXIT_USAGE);

  /* stdout carries the calls and events that scripts parse: debug output,
   * even with G_MESSAGES_DEBUG=all, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = build_context (&args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if (args.version)
    {
      emit_line ("frontdesk " PACKAGE_VERSION);
      return 0;
    }
  if ((status = check_combinations (&args)) != 0)
    return status;
  if ((status = build_options (&args, &options)) != 0)
    return status;
  if (args.verbose)
    g_log_set_debug_enabled (TRUE);

  /* A reader that went away must not kill --watch with SIGPIPE. */
  signal (SIGPIPE, SIG_IGN);

  if (args.journal == NULL && (args.history || args.mark_handled != NULL || args.record))
    args.journal = dup_saved_journal ();
  if (args.history)
    return fd_cli_run_history (args.journal, args.json, args.missed);
  if (args.mark_handled != NULL)
    return fd_cli_run_mark_handled (args.journal, args.mark_handled, args.as, args.note);
  if (count_modes (&args) > 0)
    return run_headless (&args, options);

  options->journal = g_steal_pointer (&args.journal);
  desktop->options = g_steal_pointer (&options);
  desktop->demo = args.demo;
  desktop->hidden = args.hidden;
  return FD_CLI_RUN_DESKTOP;
}
