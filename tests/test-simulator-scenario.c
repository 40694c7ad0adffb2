/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Scenarios (events, skipped lines, errors, files), random traffic, and
 * the frontdesk-sim program that runs them.
 */
#include "config.h"

#include "fd-error.h"
#include "sim-test-util.h"

#include <glib/gstdio.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

/* ---- scenarios ---------------------------------------------------------- */

static void
test_scenario_events (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char scenario[] =
    "# a comment, then a blank line\n"
    "\n"
    "0.0 ring a from=1000 name=\"Anna Weber\" to=1001 id=evt01   # trailing comment\n"
    "0.0 RING b from=+447700900123 to=101 id=evt02\n"
    "0.1 answer a\n"
    "0.2 hold a\n"
    "0.3 resume a\n"
    "0.35 fault 305\n"
    "0.4 fault none\n"
    "0.45 end a\n"
    "0.45 hangup b\n";
  const char *expected[] = {
    "ring evt01 from=1000 name=\"Anna Weber\" to=1001",
    "ring evt02 from=+447700900123 name=+447700900123 to=101",
    "answer evt01",
    "hold evt01",
    "resume evt01",
    "fault 305",
    "fault none",
    "end evt01 answered",
    "end evt02 missed",
  };
  gint64 start = g_get_monotonic_time ();

  play (fixture, scenario);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 440000);
  g_assert_false (fixture->finished_quit);
  g_assert_cmpuint (fixture->events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->events, i), ==, expected[i]);
  g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 0);
  g_assert_null (state_of (fixture, "evt01"));
}

/* A line for a call the client already hung up is skipped. */
static void
test_scenario_skips (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) reply = NULL;

  fd_simulator_load_scenario_data (fixture->sim,
                                   "0 ring a from=1000 to=1001 id=skip1\n"
                                   "0 ring b from=1000 to=1001\n"
                                   "0.3 answer a\n"
                                   "0.3 hold b\n"
                                   "0.3 quit\n", &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_event (fixture, "ring skip1 from=1000 name=1000 to=1001", 5.0));
  reply = get (fixture, "/?command=Hangup&CallId=skip1");
  assert_code (reply, 200, "Command successfully executed");
  g_assert_true (wait_for (&fixture->finished, 5.0));
  g_assert_true (fixture->finished_quit);
  g_assert_cmpuint (fixture->events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->events, 2), ==, "end skip1 missed");
  /* Generated CallIds look like Ozeki's. */
  g_assert_true (g_regex_match_simple ("^ring [A-Za-z0-9]{5,6} from=1000 name=1000 to=1001$",
                                       g_ptr_array_index (fixture->events, 1), 0, 0));
}

static void
test_scenario_errors (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "0 ring a from=1 to=2\nx ring b from=1 to=2\n", "line 2: 'x' is not a time in seconds" },
    { "-1 ring a from=1 to=2\n", "line 1: '-1' is not a time in seconds" },
    { "0 rnig a from=1 to=2\n", "line 1: unknown action 'rnig'" },
    { "0\n", "line 1: unknown action ''" },
    { "0 ring a to=2\n", "line 1: from= is missing" },
    { "0 ring a from=1\n", "line 1: to= is missing" },
    { "0 ring a from=1 to=2 colour=red\n", "line 1: unknown key 'colour' for this action" },
    { "0 ring a from=1 to=2 to=3\n", "line 1: to= appears twice" },
    { "0 ring a from=1 to=2 name=\"open\n", "line 1: a quoted value is not closed" },
    { "0 ring a from=1 to=2 noequals\n", "line 1: expected key=value, got 'noequals'" },
    { "0 ring from=1 to=2\n", "line 1: expected a call name before 'from=1'" },
    { "0 ring\n", "line 1: ring needs a call name" },
    { "0 ring a from=\"1 2\" to=2\n", "line 1: '1 2' is not a phone number" },
    { "0 ring a from=1 to=2 id=ab-c\n", "line 1: id= must be 1 to 32 letters and digits" },
    { "0 ring a from=1 to=2\n1 ring a from=1 to=2\n", "line 2: call 'a' already rang on line 1" },
    { "0 ring a from=1 to=2 id=x1\n0 ring b from=1 to=2 id=x1\n",
      "line 2: id x1 is already used on line 1" },
    { "0 answer a\n", "line 1: call 'a' has not rung on an earlier line" },
    { "0 ring a from=1 to=2\n1 end a\n2 hold a\n", "line 3: call 'a' already ended on line 2" },
    { "2 ring a from=1 to=2\n1 end a\n", "line 2: time 1 is earlier than the line before (2)" },
    { "0 ring a from=1 to=2\n1 forward a\n", "line 2: to= is missing" },
    { "0 ring a from=1 to=2\n1 transfer a to=3 party=boss\n",
      "line 2: party= must be caller or callee" },
    { "0 answer\n", "line 1: answer needs a call name" },
    { "0 fault\n", "line 1: fault needs a fault mode" },
    { "0 fault sometimes\n", "line 1: unknown fault 'sometimes'" },
    { "0 quit\n1 ring a from=1 to=2\n", "line 2: nothing may follow quit (line 1)" },
    { "0 quit now\n", "line 1: expected key=value, got 'now'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FdSimulator) sim = fd_simulator_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_false (fd_simulator_load_scenario_data (sim, cases[i].text, &error));
      g_assert_error (error, FD_ERROR, FD_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

static void
test_scenario_file (void)
{
  g_autoptr(FdSimulator) sim = fd_simulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("fd-sim-XXXXXX.txt", &path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "0 ring a from=1 to=2\n0 bogus a\n", -1, NULL));
  close (fd);
  g_assert_false (fd_simulator_load_scenario (sim, path, &error));
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, ": line 2: unknown action 'bogus'"));
  g_clear_error (&error);
  g_unlink (path);
  g_assert_false (fd_simulator_load_scenario (sim, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* ---- random traffic ----------------------------------------------------- */

static void
test_random (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(FdResponse) response = NULL;
  FdCall *call;

  fd_simulator_start_random (fixture->sim, 6.0);
  while (TRUE)
    {
      g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");

      response = parse_reply (reply);
      if (response->calls->len > 0)
        break;
      g_clear_pointer (&response, fd_response_free);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
      pause_for (0.1);
    }
  call = g_ptr_array_index (response->calls, 0);
  g_assert_cmpstr (fd_call_get_state (call), ==, "Ringing");
  g_assert_true (g_regex_match_simple ("^[A-Za-z0-9]{5,6}$", fd_call_get_id (call), 0, 0));
  g_assert_nonnull (fd_call_get_source (call));
  g_assert_nonnull (fd_call_get_caller_id (call));
  g_assert_true (g_regex_match_simple ("^(10[0-9]|110|10[01][0-9])$",
                                       fd_call_get_destination (call), 0, 0));
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->events, 0), "ring "));
}

/* Same seed, same calls. */
static void
test_random_seed (void)
{
  char *lines[2] = { NULL, NULL };

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(FdSimulator) sim = fd_simulator_new ();
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
      Fixture fixture = { .events = events };

      fd_simulator_set_seed (sim, 7);
      g_signal_connect (sim, "event", G_CALLBACK (event_cb), &fixture);
      fd_simulator_start_random (sim, 60.0);
      g_assert_true (wait_until (has_events, events, 2.0));
      lines[run] = g_strdup (g_ptr_array_index (events, 0));
      fd_simulator_stop (sim);
    }
  g_assert_cmpstr (lines[0], ==, lines[1]);
  g_free (lines[0]);
  g_free (lines[1]);
}

/* ---- the frontdesk-sim program ------------------------------------------ */

static const char *
sim_binary (void)
{
  const char *path = g_getenv ("FRONTDESK_SIM_BINARY");

  if (path == NULL)
    g_test_skip ("FRONTDESK_SIM_BINARY is not set");
  return path;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
wait_exit (GSubprocess *process,
           double       seconds)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  if (!wait_for (&done, seconds))
    {
      g_subprocess_force_exit (process);
      g_assert_true (wait_for (&done, 5.0));
      g_assert_not_reached ();
    }
}

static char *
read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
test_program (void)
{
  const char *binary = sim_binary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;
  g_autofree char *password_file = NULL;
  Fixture fixture = { 0, };

  if (binary == NULL)
    return;
  dir = g_dir_make_tmp ("fd-sim-XXXXXX", &error);
  g_assert_no_error (error);
  scenario = g_build_filename (dir, "scenario.txt", NULL);
  log_path = g_build_filename (dir, "events.log", NULL);
  password_file = g_build_filename (dir, "password", NULL);
  g_assert_true (g_file_set_contents (scenario,
                                      "0 ring a from=1000 name=\"Éva Szabó\" to=1001 id=prog1\n"
                                      "0.2 answer a\n0.3 end a\n", -1, NULL));
  g_assert_true (g_file_set_contents (password_file, "pa55 word\nignored\n", -1, NULL));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                              "--dialect", "ozeki10", "--scenario", scenario, "--log", log_path,
                              "--username", "desk", "--password-file", password_file,
                              "--quit-after-scenario", NULL);
  g_assert_no_error (error);
  fixture.url = read_first_line (process);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+$", fixture.url, 0, 0));
  fixture.session = soup_session_new ();
  {
    g_autoptr(Reply) reply = get (&fixture, "/api?command=ListActiveCalls&Username=desk&Password=pa55+word");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
  {
    g_autoptr(Reply) reply = get (&fixture, "/api?command=ListActiveCalls&Username=desk&Password=pa55");

    assert_code (reply, 305, "Authentication failed, bad username or password");
  }
  g_clear_object (&fixture.session);
  wait_exit (process, 5.0);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_true (g_regex_match_simple ("^\\S+ ring prog1 from=1000 name=\"Éva Szabó\" to=1001\n"
                                       "\\S+ answer prog1\n"
                                       "\\S+ end prog1 answered\n$", log, 0, 0));
  g_unlink (scenario);
  g_unlink (log_path);
  g_unlink (password_file);
  g_rmdir (dir);
  g_free (fixture.url);
}

static void
test_program_signal (void)
{
  const char *binary = sim_binary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *url = NULL;

  if (binary == NULL)
    return;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--port", "0",
                              "--random", "30", "--seed", "1", NULL);
  g_assert_no_error (error);
  url = read_first_line (process);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_subprocess_send_signal (process, SIGTERM);
  wait_exit (process, 5.0);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_program_usage (void)
{
  static const struct {
    const char *args[4];
    const char *message;
  } cases[] = {
    { { "--fault", "bogus" }, "frontdesk-sim: unknown fault 'bogus'" },
    { { "--dialect", "xml" }, "frontdesk-sim: unknown dialect 'xml' (expected xe or ozeki10)\n" },
    { { "--port", "70000" }, "frontdesk-sim: --port must be between 0 and 65535, not 70000\n" },
    { { "--username", "desk" }, "frontdesk-sim: --username needs a password" },
    { { "--quit-after-scenario" }, "frontdesk-sim: --quit-after-scenario needs --scenario\n" },
    { { "--scenario", "/nonexistent/scenario.txt" }, "frontdesk-sim: bad scenario: " },
    { { "--seed", "x" }, "frontdesk-sim: --seed must be a whole number" },
    { { "--random", "-1" }, "frontdesk-sim: --random must be between 0 and 6000" },
    { { "--bogus" }, "frontdesk-sim: Unknown option --bogus\n" },
    { { "extra" }, "frontdesk-sim: unexpected argument 'extra' (see --help)\n" },
  };
  const char *binary = sim_binary ();

  if (binary == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (char *) binary);
      g_ptr_array_add (argv, (char *) "--port");
      g_ptr_array_add (argv, (char *) "0");
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j]; j++)
        g_ptr_array_add (argv, (char *) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);
      process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_test_message ("stderr: %s", err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, cases[i].message));
      /* One line. */
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
    }
}

/* A bad scenario line is reported with its file and line number. */
static void
test_program_bad_scenario (void)
{
  const char *binary = sim_binary ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int fd;

  if (binary == NULL)
    return;
  fd = g_file_open_tmp ("fd-sim-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "0 ring a from=1 to=2\n\n1 answr a\n", -1, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary, "--port", "0",
                              "--scenario", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  expected = g_strdup_printf ("frontdesk-sim: bad scenario: %s: line 3: unknown action 'answr'\n", path);
  g_assert_cmpstr (err, ==, expected);
  g_unlink (path);
}

/* The program speaks the user's language: its sentences come from the
 * catalog of the build's po/ folder. */
static void
test_program_translated (void)
{
  const char *binary = sim_binary ();
  const char *localedir = g_getenv ("FRONTDESK_TEST_LOCALEDIR");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int fd;

  if (binary == NULL)
    return;
  if (localedir == NULL)
    {
      g_test_skip ("FRONTDESK_TEST_LOCALEDIR is not set");
      return;
    }
  fd = g_file_open_tmp ("fd-sim-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "0 ring a from=1 to=2\n1 answr a\n", -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "de", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "FRONTDESK_LOCALEDIR", localedir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "--port", "0", "--scenario", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  expected = g_strdup_printf ("frontdesk-sim: fehlerhaftes Szenario: %s: Zeile 2: unbekannte Aktion „answr“\n", path);
  g_assert_cmpstr (err, ==, expected);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/frontdesk/simulator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("scenario/events", test_scenario_events);
  ADD ("scenario/skips", test_scenario_skips);
  g_test_add_func ("/frontdesk/simulator/scenario/errors", test_scenario_errors);
  g_test_add_func ("/frontdesk/simulator/scenario/file", test_scenario_file);
  ADD ("random/first-call", test_random);
  g_test_add_func ("/frontdesk/simulator/random/seed", test_random_seed);
  g_test_add_func ("/frontdesk/simulator/program/scenario", test_program);
  g_test_add_func ("/frontdesk/simulator/program/signal", test_program_signal);
  g_test_add_func ("/frontdesk/simulator/program/usage", test_program_usage);
  g_test_add_func ("/frontdesk/simulator/program/bad-scenario", test_program_bad_scenario);
  g_test_add_func ("/frontdesk/simulator/program/translated", test_program_translated);

#undef ADD

  return g_test_run ();
}
