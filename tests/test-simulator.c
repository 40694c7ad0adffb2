/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator's answers: the list shapes of both dialects and the
 * commands (authentication, bad and mixed-case commands, forms, call
 * control). Faults are in test-simulator-fault.c, scenarios, random
 * traffic and the frontdesk-sim program in test-simulator-scenario.c.
 */
#include "config.h"

#include "sim-test-util.h"

#include <string.h>

/* ---- list shapes -------------------------------------------------------- */

static void
test_list_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *paths[] = { "/?command=ListActiveCalls", "/api?command=ListActiveCalls" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) reply = get (fixture, paths[i]);
      g_autoptr(Doc) doc = read_doc (reply);
      const char *body = g_bytes_get_data (reply->body, NULL);

      g_assert_cmpint (doc->code, ==, 200);
      g_assert_cmpstr (doc->message, ==, "Command successfully executed");
      g_assert_true (doc->has_active_calls);
      g_assert_cmpuint (doc->calls->len, ==, 0);
      g_assert_nonnull (g_strstr_len (body, g_bytes_get_size (reply->body), "<ActiveCalls />"));
      g_assert_true (g_str_has_prefix (body, "<?xml version=\"1.0\"?>\n<Response xmlns:xsi="));
    }
  g_assert_cmpuint (fd_simulator_get_n_requests (fixture->sim), ==, 2);
}

static const char two_calls[] =
  "0 ring a from=1000 name=\"John Smith\" to=1001 id=uteom\n"
  "0 ring b from=+36301234567 name=\"Zoltán Kovács\" to=101 id=23Xdz7\n"
  "0 answer a\n";

static void
test_list_xe (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GRegex) time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?"
                                        "[+-]\\d\\d:\\d\\d$", 0, 0, NULL);
  g_autofree char *names = NULL;
  GPtrArray *call;

  play (fixture, two_calls);
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  g_assert_cmpint (doc->code, ==, 200);
  g_assert_cmpuint (doc->calls->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (doc->call_elements, 0), ==, "CallInfo");

  call = g_ptr_array_index (doc->calls, 0);
  names = field_names (call);
  g_assert_cmpstr (names, ==, "CallState,CallId,Source,CallerId,Destination,StartTime,"
                              "RingDuration,TalkDuration");
  g_assert_cmpstr (field (call, "CallState"), ==, "InCall");
  g_assert_cmpstr (field (call, "CallId"), ==, "uteom");
  g_assert_cmpstr (field (call, "Source"), ==, "1000");
  g_assert_cmpstr (field (call, "CallerId"), ==, "John Smith");
  g_assert_cmpstr (field (call, "Destination"), ==, "1001");
  g_assert_true (g_regex_match (time, field (call, "StartTime"), 0, NULL));
  g_assert_cmpstr (field (call, "RingDuration"), ==, "0");
  g_assert_cmpstr (field (call, "TalkDuration"), ==, "0");

  call = g_ptr_array_index (doc->calls, 1);
  g_assert_cmpstr (field (call, "CallState"), ==, "Ringing");
  g_assert_cmpstr (field (call, "CallerId"), ==, "Zoltán Kovács");
  g_assert_cmpstr (field (call, "Source"), ==, "+36301234567");

  /* And the project's own parser agrees. */
  response = parse_reply (reply);
  g_assert_cmpint (response->code, ==, 200);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_XE);
  g_assert_cmpuint (response->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_caller_id (g_ptr_array_index (response->calls, 1)), ==,
                   "Zoltán Kovács");
  g_assert_nonnull (fd_call_get_start_time (g_ptr_array_index (response->calls, 0)));
}

static void
test_list_ozeki10 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GRegex) time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$", 0, 0, NULL);
  g_autoptr(GRegex) seconds = g_regex_new ("^\\d+\\.\\d{3}$", 0, 0, NULL);
  g_autofree char *names = NULL;
  GPtrArray *call;

  fd_simulator_set_dialect (fixture->sim, FD_DIALECT_OZEKI10);
  play (fixture, two_calls);
  reply = get (fixture, "/api?command=ListActiveCalls");
  doc = read_doc (reply);
  g_assert_cmpuint (doc->calls->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (doc->call_elements, 0), ==, "Call");

  call = g_ptr_array_index (doc->calls, 0);
  names = field_names (call);
  g_assert_cmpstr (names, ==, "CallId,Source,CallerId,Destination,CallerDialed,CalleeDialed,"
                              "StartTime,RingDuration,TalkDuration,CallState");
  g_assert_cmpstr (field (call, "CallId"), ==, "uteom");
  g_assert_cmpstr (field (call, "CallerDialed"), ==, "1001");
  g_assert_cmpstr (field (call, "CalleeDialed"), ==, "1001");
  g_assert_cmpstr (field (call, "CallState"), ==, "InCall");
  g_assert_true (g_regex_match (time, field (call, "StartTime"), 0, NULL));
  g_assert_true (g_regex_match (seconds, field (call, "RingDuration"), 0, NULL));
  g_assert_true (g_regex_match (seconds, field (call, "TalkDuration"), 0, NULL));

  response = parse_reply (reply);
  g_assert_cmpint (response->dialect, ==, FD_DIALECT_OZEKI10);
  g_assert_cmpuint (response->calls->len, ==, 2);
  g_assert_cmpstr (fd_call_get_state (g_ptr_array_index (response->calls, 1)), ==, "Ringing");
}

/* RingDuration stops at the answer, TalkDuration runs on through Hold. */
static void
test_durations (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(FdResponse) answered = NULL;
  g_autoptr(FdResponse) held = NULL;
  FdCall *a, *b;

  fd_simulator_set_dialect (fixture->sim, FD_DIALECT_OZEKI10);
  fd_simulator_load_scenario_data (fixture->sim,
                                   "0 ring c from=1000 to=1001 id=dur01\n"
                                   "0.3 answer c\n"
                                   "0.7 hold c\n", &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_event (fixture, "answer dur01", 5.0));
  first = get (fixture, "/?command=ListActiveCalls");
  answered = parse_reply (first);
  g_assert_true (wait_for (&fixture->finished, 5.0));
  second = get (fixture, "/?command=ListActiveCalls");
  held = parse_reply (second);

  a = find_parsed_call (answered, "dur01");
  b = find_parsed_call (held, "dur01");
  g_assert_cmpstr (fd_call_get_state (b), ==, "Hold");
  g_assert_cmpfloat (fd_call_get_ring_seconds (a), >=, 0.29);
  g_assert_cmpfloat (fd_call_get_ring_seconds (a), <, 1.5);
  g_assert_cmpfloat (fd_call_get_ring_seconds (b), ==, fd_call_get_ring_seconds (a));
  /* Talk time ran from the answer (0.3 s) past the hold (0.7 s). */
  g_assert_cmpfloat (fd_call_get_talk_seconds (b), >=, 0.39);
  g_assert_cmpfloat (fd_call_get_talk_seconds (a), <, fd_call_get_talk_seconds (b));
}

static void
test_escaping (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;

  play (fixture, "0 ring a from=1000 name=\"<Tom> & \\\"Jerry\\\" 'Ltd'\" to=1001 id=esc01\n");
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  g_assert_cmpstr (field (g_ptr_array_index (doc->calls, 0), "CallerId"), ==,
                   "<Tom> & \"Jerry\" 'Ltd'");
  g_assert_true (has_event (fixture, "ring esc01 from=1000 name=\"<Tom> & \\\"Jerry\\\" 'Ltd'\" to=1001"));

  /* Request text echoed in a message is escaped too. */
  g_clear_pointer (&reply, reply_free);
  reply = get (fixture, "/?command=%3Cb%3E%26");
  assert_code (reply, 301, "Not implemented command: '<b>&'");
}

/* ---- commands ----------------------------------------------------------- */

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  static const struct {
    const char *query;
    int         code;
  } cases[] = {
    { "/?command=ListActiveCalls", 304 },
    { "/?command=ListActiveCalls&Username=admin", 304 },
    { "/?command=ListActiveCalls&Password=s3cr%26t", 304 },
    { "/?command=ListActiveCalls&Username=admin&Password=wrong", 305 },
    { "/?command=ListActiveCalls&Username=Admin&Password=s3cr%26t", 305 },
    { "/?command=ListActiveCalls&Username=admin&Password=s3cr%26", 305 },
    { "/?command=ListActiveCalls&Username=admin&Password=s3cr%26t", 200 },
    { "/?command=ListActiveCalls&USERNAME=admin&password=s3cr%26t", 200 },
    { "/?command=Bogus&Username=admin&Password=wrong", 305 },
  };

  fd_simulator_set_credentials (fixture->sim, "admin", "s3cr&t");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = get (fixture, cases[i].query);
      g_autoptr(Doc) doc = read_doc (reply);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpint (doc->code, ==, cases[i].code);
    }
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Reply) wrong = get (fixture, "/?command=ListActiveCalls&Username=a&Password=b");

    assert_code (reply, 304, "Authentication required");
    assert_code (wrong, 305, "Authentication failed, bad username or password");
  }
  fd_simulator_set_credentials (fixture->sim, NULL, NULL);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
  }
}

static void
test_bad_commands (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    const char *query;
    int         code;
    const char *message;
  } cases[] = {
    { "/?command=Dial", 301, "Not implemented command: 'Dial'" },
    { "/api?command=Call&Dialed=103", 301, "Not implemented command: 'Call'" },
    { "/", 302, "Missing or invalid parameter 'command' for command ''" },
    { "/?command=", 302, "Missing or invalid parameter 'command' for command ''" },
    { "/?CallId=abc", 302, "Missing or invalid parameter 'command' for command ''" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = get (fixture, cases[i].query);

      assert_code (reply, cases[i].code, cases[i].message);
    }
  {
    g_autoptr(Reply) reply = get (fixture, "/other?command=ListActiveCalls");

    g_assert_cmpuint (reply->status, ==, 404);
  }
}

static void
test_case_insensitive (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *queries[] = {
    "/?command=ListActiveCalls", "/?Command=ListActiveCalls", "/?COMMAND=listactivecalls",
    "/api?cOmMaNd=LISTACTIVECALLS",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(Reply) reply = get (fixture, queries[i]);
      g_autoptr(Doc) doc = read_doc (reply);

      g_assert_cmpint (doc->code, ==, 200);
      g_assert_true (doc->has_active_calls);
    }
}

static void
test_post_form (Fixture       *fixture,
                gconstpointer  data)
{
  play (fixture, "0 ring a from=1000 to=1001 id=post1\n");
  {
    g_autoptr(Reply) reply = post (fixture, "Command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpint (doc->code, ==, 200);
    g_assert_cmpuint (doc->calls->len, ==, 1);
  }
  {
    g_autoptr(Reply) reply = post (fixture, "command=Hangup&callid=post1");

    assert_code (reply, 200, "Command successfully executed");
    g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 0);
  }
  {
    g_autoptr(Reply) reply = post (fixture, "command=Hangup");

    assert_code (reply, 302, "Missing or invalid parameter 'CallId' for command 'Hangup'");
  }
}

typedef struct {
  const char *query;
  int         code;
  const char *message;
  const char *id;               /* the call to look at afterwards */
  const char *state;            /* its state then; NULL: gone */
} ControlCase;

static void
run_control_cases (Fixture           *fixture,
                   const ControlCase *cases,
                   guint              n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(Reply) reply = get (fixture, cases[i].query);

      g_test_message ("%s", cases[i].query);
      assert_code (reply, cases[i].code, cases[i].message);
      if (cases[i].id != NULL)
        g_assert_cmpstr (state_of (fixture, cases[i].id), ==, cases[i].state);
    }
}

static const char control_calls[] =
  "0 ring r from=+447700900123 name=\"Oliver Smith\" to=1001 id=ring1\n"
  "0 ring t from=1004 to=1002 id=talk1\n"
  "0 answer t\n";

static void
test_control (Fixture       *fixture,
              gconstpointer  data)
{
  static const ControlCase cases[] = {
    { "/?command=Hold&CallId=ring1", 303, "Command 'Hold' cannot be used here", "ring1", "Ringing" },
    { "/?command=Hold", 302, "Missing or invalid parameter 'CallId' for command 'Hold'" },
    { "/?command=Hold&CallId=nope", 601, "Call not found with ID 'nope'" },
    { "/?command=Hold&CallId=TALK1", 601, "Call not found with ID 'TALK1'" },
    { "/?command=hold&callid=talk1", 200, "Command successfully executed", "talk1", "Hold" },
    { "/?command=Hold&CallId=talk1", 303, "Command 'Hold' cannot be used here", "talk1", "Hold" },
    { "/?command=Unhold&CallId=talk1", 200, "Command successfully executed", "talk1", "InCall" },
    { "/?command=Unhold&CallId=talk1", 303, "Command 'Unhold' cannot be used here", "talk1", "InCall" },
    { "/?command=Unhold&CallId=ring1", 303, "Command 'Unhold' cannot be used here", "ring1", "Ringing" },
    { "/?command=Unhold", 302, "Missing or invalid parameter 'CallId' for command 'Unhold'" },
    { "/?command=Unhold&CallId=zz9", 601, "Call not found with ID 'zz9'" },
    { "/?command=Forward&CallId=talk1&Destination=1009", 303,
      "Command 'Forward' cannot be used here", "talk1", "InCall" },
    { "/?command=Forward&CallId=ring1", 302,
      "Missing or invalid parameter 'Destination' for command 'Forward'", "ring1", "Ringing" },
    { "/?command=Forward&CallId=ring1&Destination=10%2009", 302,
      "Missing or invalid parameter 'Destination' for command 'Forward'", "ring1", "Ringing" },
    { "/?command=Forward&Destination=1009", 302,
      "Missing or invalid parameter 'CallId' for command 'Forward'" },
    { "/?command=Forward&CallId=gone&Destination=1009", 601, "Call not found with ID 'gone'" },
    { "/?command=Forward&CallId=ring1&Destination=1009", 200,
      "Command successfully executed", "ring1", "Ringing" },
    { "/api?command=ForwardCall&CallId=ring1&Destination=1010", 200,
      "Command successfully executed", "ring1", "Ringing" },
    { "/?command=Hangup", 302, "Missing or invalid parameter 'CallId' for command 'Hangup'" },
    { "/?command=Hangup&CallId=nope", 601, "Call not found with ID 'nope'" },
    { "/?command=Hangup&CallId=ring1", 200, "Command successfully executed", "ring1", NULL },
    { "/?command=Hangup&CallId=ring1", 601, "Call not found with ID 'ring1'" },
    { "/?command=Hangup&CallId=talk1", 200, "Command successfully executed", "talk1", NULL },
  };

  play (fixture, control_calls);
  run_control_cases (fixture, cases, 11);
  /* Forward keeps ringing, at the new destination. */
  run_control_cases (fixture, cases + 11, 7);
  {
    g_autoptr(Reply) reply = get (fixture, "/?command=ListActiveCalls");
    g_autoptr(Doc) doc = read_doc (reply);

    g_assert_cmpstr (field (g_ptr_array_index (doc->calls, 0), "Destination"), ==, "1010");
  }
  run_control_cases (fixture, cases + 18, G_N_ELEMENTS (cases) - 18);
  g_assert_cmpuint (fd_simulator_get_n_calls (fixture->sim), ==, 0);

  g_assert_true (has_event (fixture, "hold talk1"));
  g_assert_true (has_event (fixture, "resume talk1"));
  g_assert_true (has_event (fixture, "forward ring1 to=1009"));
  g_assert_true (has_event (fixture, "forward ring1 to=1010"));
  g_assert_true (has_event (fixture, "end ring1 missed"));
  g_assert_true (has_event (fixture, "end talk1 answered"));
}

static void
test_transfer (Fixture       *fixture,
               gconstpointer  data)
{
  static const ControlCase cases[] = {
    { "/?command=BlindTransfer&CallId=ring1&TransferorParty=callee&Target=1005", 303,
      "Command 'BlindTransfer' cannot be used here", "ring1", "Ringing" },
    { "/?command=BlindTransfer&CallId=talk1&Target=1005", 302,
      "Missing or invalid parameter 'TransferorParty' for command 'BlindTransfer'", "talk1", "InCall" },
    { "/?command=BlindTransfer&CallId=talk1&TransferorParty=nobody&Target=1005", 302,
      "Missing or invalid parameter 'TransferorParty' for command 'BlindTransfer'", "talk1", "InCall" },
    { "/?command=BlindTransfer&CallId=talk1&TransferorParty=callee", 302,
      "Missing or invalid parameter 'Target' for command 'BlindTransfer'", "talk1", "InCall" },
    { "/?command=BlindTransfer&TransferorParty=callee&Target=1005", 302,
      "Missing or invalid parameter 'CallId' for command 'BlindTransfer'" },
    { "/?command=BlindTransfer&CallId=nope&TransferorParty=callee&Target=1005", 601,
      "Call not found with ID 'nope'" },
    { "/?command=BlindTransfer&CallId=talk1&TransferorParty=Callee&Target=1005", 200,
      "Command successfully executed", "talk1", "Ringing" },
  };
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Doc) doc = NULL;
  GPtrArray *call;

  play (fixture, control_calls);
  run_control_cases (fixture, cases, G_N_ELEMENTS (cases));
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  call = g_ptr_array_index (doc->calls, 1);
  g_assert_cmpstr (field (call, "Destination"), ==, "1005");
  g_assert_cmpstr (field (call, "Source"), ==, "1004");
  g_assert_true (has_event (fixture, "transfer talk1 party=callee to=1005"));

  /* The target answers by itself a moment later. */
  g_ptr_array_set_size (fixture->events, 0);
  g_assert_true (wait_for_event (fixture, "answer talk1", 5.0));
  g_assert_cmpstr (state_of (fixture, "talk1"), ==, "InCall");

  /* Ozeki 10's spelling; the caller leaves, the callee now talks to 1006. */
  g_clear_pointer (&reply, reply_free);
  reply = get (fixture, "/api?command=BlindTransfer&CallId=talk1&TranferorParty=caller&Target=1006");
  assert_code (reply, 200, "Command successfully executed");
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&doc, doc_free);
  reply = get (fixture, "/?command=ListActiveCalls");
  doc = read_doc (reply);
  call = g_ptr_array_index (doc->calls, 1);
  g_assert_cmpstr (field (call, "Source"), ==, "1006");
  g_assert_cmpstr (field (call, "CallerId"), ==, "1006");
  g_assert_cmpstr (field (call, "Destination"), ==, "1005");
  g_assert_cmpstr (field (call, "CallState"), ==, "Ringing");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/frontdesk/simulator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("list/empty", test_list_empty);
  ADD ("list/xe", test_list_xe);
  ADD ("list/ozeki10", test_list_ozeki10);
  ADD ("list/durations", test_durations);
  ADD ("list/escaping", test_escaping);
  ADD ("command/auth", test_auth);
  ADD ("command/bad", test_bad_commands);
  ADD ("command/case-insensitive", test_case_insensitive);
  ADD ("command/post-form", test_post_form);
  ADD ("command/control", test_control);
  ADD ("command/transfer", test_transfer);

#undef ADD

  return g_test_run ();
}
