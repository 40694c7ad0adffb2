/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * frontdesk-sim: a simulated Ozeki Phone System PBX on 127.0.0.1, for tests
 * and demos. The first line on stdout is the base URL. See README.md, "The simulated PBX".
 *
 * Exit status: 0 stopped by SIGINT/SIGTERM or at the scenario's end,
 * 1 cannot listen, 2 bad usage.
 */

#define G_LOG_DOMAIN "FrontdeskSim"

#include "config.h"

#include "fd-error.h"
#include "fd-i18n.h"
#include "fd-simulator.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* --quit-after-scenario: let clients poll the final state once more. */
#define QUIT_DELAY_MS 1000

typedef struct {
  /* Options */
  int        port;
  char      *dialect;
  char      *username;
  char      *password;
  char      *password_file;
  char      *scenario;
  double     random;
  char      *fault;
  char      *seed;
  char      *log_path;
  gboolean   quit_after_scenario;
  gboolean   print_events;

  /* State */
  GMainLoop *loop;
  FILE      *log;
  guint      quit_source;
} Sim;

static gboolean G_GNUC_PRINTF (2, 3)
usage_error (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FD_ERROR, FD_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
quit_cb (gpointer data)
{
  Sim *sim = data;

  sim->quit_source = 0;
  g_main_loop_quit (sim->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer data)
{
  Sim *sim = data;

  g_main_loop_quit (sim->loop);
  return G_SOURCE_CONTINUE;
}

static void
event_cb (FdSimulator *simulator,
          const char  *line,
          Sim         *sim)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* RFC 3339, like the times in frontdesk's JSON output. */
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f%:z");

  if (sim->log != NULL)
    {
      fprintf (sim->log, "%s %s\n", stamp, line);
      fflush (sim->log);
    }
  if (sim->print_events)
    {
      /* Raw UTF-8, as in the log: g_print would convert to the locale. */
      printf ("%s %s\n", stamp, line);
      fflush (stdout);
    }
}

static void
scenario_finished_cb (FdSimulator *simulator,
                      gboolean     quit,
                      Sim         *sim)
{
  if ((quit || sim->quit_after_scenario) && sim->quit_source == 0)
    sim->quit_source = g_timeout_add (QUIT_DELAY_MS, quit_cb, sim);
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  char *newline;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      usage_error (error, _("cannot read the password file: %s"), local_error->message);
      return NULL;
    }
  newline = strpbrk (text, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  if (*text == '\0')
    {
      usage_error (error, _("the password file %s is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* The password from --password-file, --password or FRONTDESK_SIM_PASSWORD
 * (only with --username: a variable left in the environment must not
 * switch authentication on), in that order; *password stays NULL if there
 * is none. */
static gboolean
resolve_password (Sim     *sim,
                  char   **password,
                  GError **error)
{
  const char *env = g_getenv ("FRONTDESK_SIM_PASSWORD");

  if (sim->password_file != NULL && sim->password != NULL)
    return usage_error (error, _("give --password or --password-file, not both"));
  if (sim->password_file != NULL)
    *password = read_password_file (sim->password_file, error);
  else if (sim->password != NULL)
    *password = g_strdup (sim->password);
  else if (sim->username != NULL && env != NULL && *env != '\0')
    *password = g_strdup (env);
  return sim->password_file == NULL || *password != NULL;
}

static gboolean
parse_options (Sim      *sim,
               int      *argc,
               char   ***argv,
               GError  **error)
{
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &sim->port,
      N_("TCP port on 127.0.0.1 (default 7780, 0 picks a free one)"), "N" },
    { "dialect", 0, 0, G_OPTION_ARG_STRING, &sim->dialect,
      N_("Response shape: xe (default) or ozeki10"), "DIALECT" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &sim->username,
      N_("Require this Username (and a password)"), "NAME" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &sim->password,
      N_("Require this Password (visible to other users; prefer --password-file "
      "or FRONTDESK_SIM_PASSWORD)"), "PASSWORD" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &sim->password_file,
      N_("Read the Password from the first line of FILE"), "FILE" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &sim->scenario,
      N_("Play the timed call script in FILE"), "FILE" },
    { "random", 0, 0, G_OPTION_ARG_DOUBLE, &sim->random,
      N_("Random traffic: RATE new calls per minute"), "RATE" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &sim->fault,
      N_("Misbehave: refuse, hang, trickle, http-500, html, truncated, garbage, huge, "
      "or an API code such as 305"), "MODE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &sim->seed,
      N_("Seed for CallIds and random traffic"), "N" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &sim->log_path,
      N_("Append a timestamped line per call event to FILE"), "FILE" },
    { "quit-after-scenario", 0, 0, G_OPTION_ARG_NONE, &sim->quit_after_scenario,
      N_("Exit a second after the scenario's last line"), NULL },
    { "print-events", 0, 0, G_OPTION_ARG_NONE, &sim->print_events,
      N_("Also print the call events on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("- simulated Ozeki Phone System PBX"));

  /* The entries, the parameter string and the description are msgids. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    N_("Serves the Ozeki HTTP API (ListActiveCalls, ListExtensions, Hangup, Hold,\n"
       "Unhold, Forward, BlindTransfer) on 127.0.0.1 and prints its base URL as the first line."));
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    return usage_error (error, _("unexpected argument '%s' (see --help)"), (*argv)[1]);
  return TRUE;
}

static gboolean
configure_access (Sim          *sim,
                  FdSimulator  *simulator,
                  GError      **error)
{
  g_autofree char *password = NULL;
  gboolean ok = TRUE;

  if (!resolve_password (sim, &password, error))
    return FALSE;
  if (sim->username != NULL && password == NULL)
    ok = usage_error (error, _("--username needs a password (--password-file, --password or "
                             "FRONTDESK_SIM_PASSWORD)"));
  else if (sim->username == NULL && password != NULL)
    ok = usage_error (error, _("a password needs --username"));
  else
    fd_simulator_set_credentials (simulator, sim->username, password);
  if (password != NULL)
    memset (password, 0, strlen (password));
  return ok;
}

static gboolean
configure_behaviour (Sim          *sim,
                     FdSimulator  *simulator,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  FdSimFault fault;
  int api_code;
  guint64 seed;

  if (sim->dialect != NULL && g_ascii_strcasecmp (sim->dialect, "ozeki10") == 0)
    fd_simulator_set_dialect (simulator, FD_DIALECT_OZEKI10);
  else if (sim->dialect != NULL && g_ascii_strcasecmp (sim->dialect, "xe") != 0)
    return usage_error (error, _("unknown dialect '%s' (expected xe or ozeki10)"), sim->dialect);
  if (sim->seed != NULL)
    {
      if (!g_ascii_string_to_unsigned (sim->seed, 10, 0, G_MAXUINT32, &seed, NULL))
        return usage_error (error, _("--seed must be a whole number from 0 to %u, not '%s'"),
                            G_MAXUINT32, sim->seed);
      fd_simulator_set_seed (simulator, (guint32) seed);
    }
  if (sim->fault != NULL)
    {
      if (!fd_simulator_parse_fault (sim->fault, &fault, &api_code, error))
        return FALSE;
      fd_simulator_set_fault (simulator, fault, api_code);
    }
  if (!isfinite (sim->random) || sim->random < 0 || sim->random > 6000)
    return usage_error (error, _("--random must be between 0 and 6000 calls per minute"));
  if (sim->quit_after_scenario && sim->scenario == NULL)
    return usage_error (error, _("--quit-after-scenario needs --scenario"));
  if (sim->scenario != NULL && !fd_simulator_load_scenario (simulator, sim->scenario, &local_error))
    /* Translators: %s says what is wrong with the scenario file, after its name */
    return usage_error (error, _("bad scenario: %s"), local_error->message);
  return TRUE;
}

static gboolean
configure (Sim          *sim,
           FdSimulator  *simulator,
           GError      **error)
{
  if (sim->port < 0 || sim->port > 65535)
    return usage_error (error, _("--port must be between 0 and 65535, not %d"), sim->port);
  if (!configure_access (sim, simulator, error) ||
      !configure_behaviour (sim, simulator, error))
    return FALSE;
  if (sim->log_path != NULL && (sim->log = fopen (sim->log_path, "a")) == NULL)
    return usage_error (error, _("cannot open the log file %s: %s"), sim->log_path, g_strerror (errno));
  return TRUE;
}

/* Listens, announces the URL and serves until told to stop. */
static int
serve (Sim         *sim,
       FdSimulator *simulator)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint sigint, sigterm;

  /* Before the URL goes out: whoever reads it may signal us at once. */
  sigint = g_unix_signal_add (SIGINT, signal_cb, sim);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, sim);

  url = fd_simulator_listen (simulator, sim->port, &error);
  if (url == NULL)
    {
      /* Translators: %s says why, "Address already in use" */
      g_autofree char *message = g_strdup_printf (_("cannot listen: %s"), error->message);

      g_printerr ("frontdesk-sim: %s\n", message);
    }
  else
    {
      printf ("%s\n", url);
      fflush (stdout);
      if (sim->random > 0)
        fd_simulator_start_random (simulator, sim->random);
      g_main_loop_run (sim->loop);
      fd_simulator_stop (simulator);
    }

  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (sim->quit_source != 0)
    g_source_remove (sim->quit_source);
  return url != NULL ? 0 : 1;
}

static void
sim_clear (Sim *sim)
{
  if (sim->password != NULL)
    memset (sim->password, 0, strlen (sim->password));
  g_clear_pointer (&sim->dialect, g_free);
  g_clear_pointer (&sim->username, g_free);
  g_clear_pointer (&sim->password, g_free);
  g_clear_pointer (&sim->password_file, g_free);
  g_clear_pointer (&sim->scenario, g_free);
  g_clear_pointer (&sim->fault, g_free);
  g_clear_pointer (&sim->seed, g_free);
  g_clear_pointer (&sim->log_path, g_free);
  g_clear_pointer (&sim->loop, g_main_loop_unref);
  g_clear_pointer (&sim->log, fclose);
}

int
main (int    argc,
      char **argv)
{
  Sim sim = { .port = 7780 };
  g_autoptr(FdSimulator) simulator = NULL;
  g_autoptr(GError) error = NULL;
  int status = 2;

  fd_i18n_init ();
  sim.loop = g_main_loop_new (NULL, FALSE);
  simulator = fd_simulator_new ();
  g_signal_connect (simulator, "event", G_CALLBACK (event_cb), &sim);
  g_signal_connect (simulator, "scenario-finished", G_CALLBACK (scenario_finished_cb), &sim);

  if (parse_options (&sim, &argc, &argv, &error) && configure (&sim, simulator, &error))
    status = serve (&sim, simulator);
  else
    g_printerr ("frontdesk-sim: %s\n", error->message);

  g_clear_object (&simulator);
  /* Closing connections finishes in idle callbacks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sim_clear (&sim);
  return status;
}
