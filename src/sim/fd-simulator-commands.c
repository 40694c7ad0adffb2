/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A request's parameters, its authentication, and the commands: the
 * dispatch by name and the call-control commands with the API codes they
 * answer (302 missing parameter, 303 wrong state, 601 unknown call).
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-call.h"
#include "fd-simulator-private.h"

#include <string.h>

static void
add_lowercased (GHashTable *params,
                GHashTable *source)
{
  GHashTableIter iter;
  gpointer key, value;

  if (source == NULL)
    return;
  g_hash_table_iter_init (&iter, source);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (params, g_ascii_strdown (key, -1), g_strdup (value));
}

/* Query and form parameters, names lowercased: Ozeki's own examples mix
 * command, Command and COMMAND (docs/ozeki-api.md §1). */
GHashTable *
_fd_simulator_collect_params (SoupServerMessage *msg,
                              GHashTable        *query)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) form = NULL;

  add_lowercased (params, query);
  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0 ||
      (type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0))
    return params;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  form = soup_form_decode (text);
  add_lowercased (params, form);
  return params;
}

const char *
_fd_simulator_param (GHashTable *params,
                     const char *name)
{
  const char *value = g_hash_table_lookup (params, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* Compares without an early exit, so timing does not leak the password. */
static gboolean
secret_equal (const char *a,
              const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guchar diff = la != lb;

  for (gsize i = 0; i < la; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i % MAX (lb, 1)];
  return diff == 0;
}

static char *
check_auth (FdSimulator *self,
            GHashTable  *params)
{
  const char *username = _fd_simulator_param (params, "username");
  const char *password = _fd_simulator_param (params, "password");

  if (self->username == NULL)
    return NULL;
  if (username == NULL || password == NULL)
    return _fd_simulator_error_body (304, NULL, NULL);
  if (!secret_equal (username, self->username) || !secret_equal (password, self->password))
    return _fd_simulator_error_body (305, NULL, NULL);
  return NULL;
}

static char *
cmd_list_extensions (FdSimulator *self,
                     const char  *command,
                     GHashTable  *params)
{
  return _fd_simulator_extensions_body (self);
}

static char *
cmd_list_active_calls (FdSimulator *self,
                       const char  *command,
                       GHashTable  *params)
{
  return _fd_simulator_active_calls_body (self->calls, self->dialect);
}

static gboolean
read_count (GHashTable *params,
            const char *name,
            guint64     fallback,
            guint64    *out)
{
  const char *text = _fd_simulator_param (params, name);

  *out = fallback;
  return text == NULL || g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, out, NULL);
}

/* The ended calls that started at From= or later, oldest first, one
 * page of them. From= is "yyyy-mm-dd hh:mm:ss" in local time. */
static char *
cmd_call_history (FdSimulator *self,
                  const char  *command,
                  GHashTable  *params)
{
  const char *from_text = _fd_simulator_param (params, "from");
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  guint64 number, rows;
  guint total = 0;

  if (!read_count (params, "pagenumber", 0, &number))
    return _fd_simulator_error_body (302, "PageNumber", command);
  if (!read_count (params, "rowsperpage", 20, &rows) || rows == 0)
    return _fd_simulator_error_body (302, "RowsPerPage", command);
  if (from_text != NULL)
    {
      g_autofree char *iso = g_strdelimit (g_strdup (from_text), " ", 'T');
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      if ((from = g_date_time_new_from_iso8601 (iso, local)) == NULL)
        return _fd_simulator_error_body (302, "From", command);
    }
  for (guint i = 0; i < self->ended->len; i++)
    {
      SimEnded *ended = g_ptr_array_index (self->ended, i);

      /* The history shows whole seconds, so From= compares on them too. */
      if (from != NULL && g_date_time_to_unix (ended->start_time) < g_date_time_to_unix (from))
        continue;
      if (total >= number * rows && total < (number + 1) * rows)
        g_ptr_array_add (page, ended);
      total++;
    }
  return _fd_simulator_history_body (page, total, self->dialect);
}

/* Each product answers only its own name of the command. */
static char *
cmd_get_call_history (FdSimulator *self,
                      const char  *command,
                      GHashTable  *params)
{
  if (self->dialect == FD_DIALECT_OZEKI10)
    return _fd_simulator_error_body (301, command, NULL);
  return cmd_call_history (self, command, params);
}

static char *
cmd_list_call_history (FdSimulator *self,
                       const char  *command,
                       GHashTable  *params)
{
  if (self->dialect != FD_DIALECT_OZEKI10)
    return _fd_simulator_error_body (301, command, NULL);
  return cmd_call_history (self, command, params);
}

/* Finds the call named by CallId, or says why not in *reply. */
static SimCall *
call_param (FdSimulator  *self,
            const char   *command,
            GHashTable   *params,
            char        **reply)
{
  const char *id = _fd_simulator_param (params, "callid");
  SimCall *call;

  if (id == NULL)
    {
      *reply = _fd_simulator_error_body (302, "CallId", command);
      return NULL;
    }
  call = _fd_simulator_find_call (self, id);
  if (call == NULL)
    *reply = _fd_simulator_error_body (601, id, NULL);
  return call;
}

static char *
cmd_hangup (FdSimulator *self,
            const char  *command,
            GHashTable  *params)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);

  if (call == NULL)
    return reply;
  _fd_simulator_end_call (self, call);
  return _fd_simulator_ok_body ();
}

/* Hold and Unhold: one state to another, 303 from any other state. */
static char *
move_call (FdSimulator *self,
           const char  *command,
           GHashTable  *params,
           const char  *from,
           const char  *to,
           const char  *event)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);

  if (call == NULL)
    return reply;
  if (!_fd_simulator_call_is (call, from))
    return _fd_simulator_error_body (303, command, NULL);
  _fd_simulator_change_call (call, to, event);
  return _fd_simulator_ok_body ();
}

static char *
cmd_hold (FdSimulator *self,
          const char  *command,
          GHashTable  *params)
{
  return move_call (self, command, params, FD_CALL_STATE_IN_CALL, FD_CALL_STATE_HOLD, "hold");
}

static char *
cmd_unhold (FdSimulator *self,
            const char  *command,
            GHashTable  *params)
{
  return move_call (self, command, params, FD_CALL_STATE_HOLD, FD_CALL_STATE_IN_CALL, "resume");
}

static char *
cmd_forward (FdSimulator *self,
             const char  *command,
             GHashTable  *params)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);
  const char *destination = _fd_simulator_param (params, "destination");

  if (call == NULL)
    return reply;
  if (!_fd_simulator_is_valid_number (destination))
    return _fd_simulator_error_body (302, "Destination", command);
  if (!_fd_simulator_call_is (call, FD_CALL_STATE_RINGING))
    return _fd_simulator_error_body (303, command, NULL);
  _fd_simulator_forward_call (call, destination);
  return _fd_simulator_ok_body ();
}

static char *
cmd_blind_transfer (FdSimulator *self,
                    const char  *command,
                    GHashTable  *params)
{
  char *reply = NULL;
  SimCall *call = call_param (self, command, params, &reply);
  /* Ozeki 10 spells the parameter TranferorParty. */
  const char *party = _fd_simulator_param (params, "transferorparty");
  const char *target = _fd_simulator_param (params, "target");
  gboolean is_caller;

  if (party == NULL)
    party = _fd_simulator_param (params, "tranferorparty");
  is_caller = party != NULL && g_ascii_strcasecmp (party, "caller") == 0;
  if (call == NULL)
    return reply;
  if (!is_caller && (party == NULL || g_ascii_strcasecmp (party, "callee") != 0))
    return _fd_simulator_error_body (302, "TransferorParty", command);
  if (!_fd_simulator_is_valid_number (target))
    return _fd_simulator_error_body (302, "Target", command);
  if (!_fd_simulator_state_is_talking (call->state))
    return _fd_simulator_error_body (303, command, NULL);
  _fd_simulator_transfer_call (call, is_caller, target);
  return _fd_simulator_ok_body ();
}

/* Ozeki 10's CallSetup: the Caller's phone rings first, then it is
 * connected to the Callee; here a call from Caller to Callee rings. XE
 * has no such command, and says so as it does for any unknown one. */
static char *
cmd_call_setup (FdSimulator *self,
                const char  *command,
                GHashTable  *params)
{
  const char *caller = _fd_simulator_param (params, "caller");
  const char *callee = _fd_simulator_param (params, "callee");

  if (self->dialect != FD_DIALECT_OZEKI10)
    return _fd_simulator_error_body (301, command, NULL);
  if (!_fd_simulator_is_valid_number (caller))
    return _fd_simulator_error_body (302, "Caller", command);
  if (!_fd_simulator_is_valid_number (callee))
    return _fd_simulator_error_body (302, "Callee", command);
  _fd_simulator_add_call (self, NULL, caller, caller, callee, callee);
  return _fd_simulator_ok_body ();
}

typedef char *(*CommandFunc) (FdSimulator *self,
                              const char  *command,
                              GHashTable  *params);

static const struct {
  const char  *name;
  CommandFunc  func;
} commands[] = {
  { "ListActiveCalls", cmd_list_active_calls },
  { "ListExtensions", cmd_list_extensions },
  { "Hangup", cmd_hangup },
  { "Hold", cmd_hold },
  { "Unhold", cmd_unhold },
  { "Forward", cmd_forward },
  { "ForwardCall", cmd_forward },
  { "BlindTransfer", cmd_blind_transfer },
  { "CallSetup", cmd_call_setup },
  { "GetCallHistory", cmd_get_call_history },
  { "ListCallHistory", cmd_list_call_history },
};

char *
_fd_simulator_handle_command (FdSimulator *self,
                              GHashTable  *params)
{
  const char *command = _fd_simulator_param (params, "command");
  char *reply = check_auth (self, params);

  if (reply != NULL)
    return reply;
  if (command == NULL)
    return _fd_simulator_error_body (302, "command", "");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strcasecmp (command, commands[i].name) == 0)
      {
        g_debug ("command %s", commands[i].name);
        return commands[i].func (self, commands[i].name, params);
      }
  return _fd_simulator_error_body (301, command, NULL);
}
