/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading FdSimulator scenario files: text in, a checked list of steps out,
 * no I/O. The format is described at the top of fd-simulator.c.
 */

#define G_LOG_DOMAIN "FdSimulator"

#include "config.h"

#include "fd-error.h"
#include "fd-simulator-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Limits on the values a scenario may hold. */
#define MAX_NUMBER_LENGTH 64
#define MAX_NAME_LENGTH 128
#define MAX_ID_LENGTH 32

void
_fd_simulator_step_clear (gpointer data)
{
  FdSimStep *step = data;

  g_clear_pointer (&step->ref, g_free);
  g_clear_pointer (&step->id, g_free);
  g_clear_pointer (&step->from, g_free);
  g_clear_pointer (&step->name, g_free);
  g_clear_pointer (&step->to, g_free);
  g_clear_pointer (&step->dialed, g_free);
  g_clear_pointer (&step->party, g_free);
}

/* Splits a line into tokens; quotes may appear anywhere in a token. */
static GPtrArray *
tokenize (const char  *line,
          GError     **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  while (TRUE)
    {
      g_autoptr(GString) token = NULL;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0' || *p == '#')
        break;
      token = g_string_new (NULL);
      while (*p != '\0' && !g_ascii_isspace (*p))
        {
          if (*p != '"')
            {
              g_string_append_c (token, *p++);
              continue;
            }
          for (p++; *p != '"'; p++)
            {
              if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                p++;
              if (*p == '\0')
                {
                  g_set_error_literal (error, FD_ERROR, FD_ERROR_INVALID,
                                       _("a quoted value is not closed"));
                  return NULL;
                }
              g_string_append_c (token, *p);
            }
          p++;
        }
      g_ptr_array_add (tokens, g_string_free (g_steal_pointer (&token), FALSE));
    }
  return g_steal_pointer (&tokens);
}

static gboolean
parse_action (const char      *word,
              FdSimStepAction *action)
{
  static const struct {
    const char      *name;
    FdSimStepAction  action;
  } names[] = {
    { "ring", FD_SIM_STEP_RING },
    { "answer", FD_SIM_STEP_ANSWER },
    { "hold", FD_SIM_STEP_HOLD },
    { "resume", FD_SIM_STEP_RESUME },
    { "unhold", FD_SIM_STEP_RESUME },
    { "end", FD_SIM_STEP_END },
    { "hangup", FD_SIM_STEP_END },
    { "forward", FD_SIM_STEP_FORWARD },
    { "transfer", FD_SIM_STEP_TRANSFER },
    { "fault", FD_SIM_STEP_FAULT },
    { "quit", FD_SIM_STEP_QUIT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (word, names[i].name) == 0)
      {
        *action = names[i].action;
        return TRUE;
      }
  return FALSE;
}

gboolean
_fd_simulator_is_valid_number (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > MAX_NUMBER_LENGTH)
    return FALSE;
  for (const char *p = text; *p; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == '&' || *p == '"')
      return FALSE;
  return g_utf8_validate (text, -1, NULL);
}

static gboolean
is_valid_name (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > MAX_NAME_LENGTH)
    return FALSE;
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
is_valid_id (const char *text)
{
  if (*text == '\0' || strlen (text) > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* The keys each action takes, the required ones first. */
static gboolean
check_keys (const FdSimStep  *step,
            GHashTable       *pairs,
            GError          **error)
{
  static const char *ring_keys[] = { "from", "to", "name", "id", "dialed", NULL };
  static const char *forward_keys[] = { "to", NULL };
  static const char *transfer_keys[] = { "to", "party", NULL };
  static const char *no_keys[] = { NULL };
  const char **keys = no_keys;
  guint n_required = 0;
  GHashTableIter iter;
  gpointer key;

  if (step->action == FD_SIM_STEP_RING)
    {
      keys = ring_keys;
      n_required = 2;
    }
  else if (step->action == FD_SIM_STEP_FORWARD || step->action == FD_SIM_STEP_TRANSFER)
    {
      keys = step->action == FD_SIM_STEP_FORWARD ? forward_keys : transfer_keys;
      n_required = 1;
    }

  for (guint i = 0; i < n_required; i++)
    if (!g_hash_table_contains (pairs, keys[i]))
      {
        g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("%s= is missing"), keys[i]);
        return FALSE;
      }
  g_hash_table_iter_init (&iter, pairs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (keys, key))
      {
        g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                     _("unknown key '%s' for this action"), (const char *) key);
        return FALSE;
      }
  return TRUE;
}

static gboolean
fill_values (FdSimStep   *step,
             GHashTable  *pairs,
             GError     **error)
{
  step->from = g_strdup (g_hash_table_lookup (pairs, "from"));
  step->to = g_strdup (g_hash_table_lookup (pairs, "to"));
  step->name = g_strdup (g_hash_table_lookup (pairs, "name"));
  step->id = g_strdup (g_hash_table_lookup (pairs, "id"));
  step->dialed = g_strdup (g_hash_table_lookup (pairs, "dialed"));
  step->party = g_ascii_strdown (g_hash_table_contains (pairs, "party") ?
                                 g_hash_table_lookup (pairs, "party") : "callee", -1);

  if (step->from != NULL && !_fd_simulator_is_valid_number (step->from))
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("'%s' is not a phone number"), step->from);
  else if (step->to != NULL && !_fd_simulator_is_valid_number (step->to))
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("'%s' is not a phone number"), step->to);
  else if (step->dialed != NULL && !_fd_simulator_is_valid_number (step->dialed))
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("'%s' is not a phone number"), step->dialed);
  else if (step->name != NULL && !is_valid_name (step->name))
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("name= must be UTF-8 text of at most %d bytes"), MAX_NAME_LENGTH);
  else if (step->id != NULL && !is_valid_id (step->id))
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("id= must be 1 to %d letters and digits"), MAX_ID_LENGTH);
  else if (strcmp (step->party, "caller") != 0 && strcmp (step->party, "callee") != 0)
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("party= must be caller or callee"));
  else
    return TRUE;
  return FALSE;
}

static gboolean
parse_pairs (FdSimStep  *step,
             GPtrArray  *tokens,
             guint       first,
             GError    **error)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = first; i < tokens->len; i++)
    {
      char *token = g_ptr_array_index (tokens, i);
      char *equals = strchr (token, '=');

      if (equals == NULL || equals == token)
        {
          g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("expected key=value, got '%s'"), token);
          return FALSE;
        }
      *equals = '\0';
      if (!g_hash_table_insert (pairs, g_ascii_strdown (token, -1), equals + 1))
        {
          g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("%s= appears twice"), token);
          return FALSE;
        }
    }
  return check_keys (step, pairs, error) && fill_values (step, pairs, error);
}

static gboolean
parse_step (FdSimStep  *step,
            GPtrArray  *tokens,
            GError    **error)
{
  const char *time_text = g_ptr_array_index (tokens, 0);
  char *end = NULL;

  step->time = g_ascii_strtod (time_text, &end);
  if (end == time_text || *end != '\0' || !isfinite (step->time) || step->time < 0)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                   _("'%s' is not a time in seconds"), time_text);
      return FALSE;
    }
  if (tokens->len < 2 || !parse_action (g_ptr_array_index (tokens, 1), &step->action))
    {
      g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("unknown action '%s'"),
                   tokens->len < 2 ? "" : (const char *) g_ptr_array_index (tokens, 1));
      return FALSE;
    }
  if (step->action == FD_SIM_STEP_QUIT)
    return parse_pairs (step, tokens, 2, error);
  if (tokens->len < 3)
    {
      /* Translators: %s is the scenario's action, "fault" */
      if (step->action == FD_SIM_STEP_FAULT)
        g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("%s needs a fault mode"),
                     (const char *) g_ptr_array_index (tokens, 1));
      else
        /* Translators: %s is the scenario's action, "answer" */
        g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("%s needs a call name"),
                     (const char *) g_ptr_array_index (tokens, 1));
      return FALSE;
    }
  if (step->action == FD_SIM_STEP_FAULT)
    return fd_simulator_parse_fault (g_ptr_array_index (tokens, 2), &step->fault,
                                     &step->api_code, error) &&
           parse_pairs (step, tokens, 3, error);
  step->ref = g_strdup (g_ptr_array_index (tokens, 2));
  if (strchr (step->ref, '=') != NULL)
    {
      g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                   _("expected a call name before '%s'"), step->ref);
      return FALSE;
    }
  return parse_pairs (step, tokens, 3, error);
}

/* Whole-script checks: calls ring before anything else happens to them,
 * nothing happens after they end, times do not go backwards. */
typedef struct {
  GHashTable *rung;             /* ref -> line of its ring */
  GHashTable *ended;            /* ref -> line of its end */
  GHashTable *ids;              /* forced CallId -> line */
  double      last_time;
  guint       quit_line;
} ScriptCheck;

static gboolean
check_step (ScriptCheck      *check,
            const FdSimStep  *step,
            GError          **error)
{
  guint rung = GPOINTER_TO_UINT (step->ref ? g_hash_table_lookup (check->rung, step->ref) : NULL);
  guint ended = GPOINTER_TO_UINT (step->ref ? g_hash_table_lookup (check->ended, step->ref) : NULL);

  if (check->quit_line)
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("nothing may follow quit (line %u)"), check->quit_line);
  else if (step->time < check->last_time)
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("time %g is earlier than the line before (%g)"), step->time, check->last_time);
  else if (step->action == FD_SIM_STEP_RING && rung)
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("call '%s' already rang on line %u"), step->ref, rung);
  else if (step->action == FD_SIM_STEP_RING && step->id && g_hash_table_contains (check->ids, step->id))
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("id %s is already used on line %u"), step->id,
                 GPOINTER_TO_UINT (g_hash_table_lookup (check->ids, step->id)));
  else if (step->ref && step->action != FD_SIM_STEP_RING && !rung)
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("call '%s' has not rung on an earlier line"), step->ref);
  else if (step->ref && ended)
    g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
                 _("call '%s' already ended on line %u"), step->ref, ended);
  else
    {
      check->last_time = step->time;
      if (step->action == FD_SIM_STEP_QUIT)
        check->quit_line = step->line;
      if (step->action == FD_SIM_STEP_RING)
        g_hash_table_insert (check->rung, step->ref, GUINT_TO_POINTER (step->line));
      if (step->action == FD_SIM_STEP_RING && step->id)
        g_hash_table_insert (check->ids, step->id, GUINT_TO_POINTER (step->line));
      if (step->action == FD_SIM_STEP_END)
        g_hash_table_insert (check->ended, step->ref, GUINT_TO_POINTER (step->line));
      return TRUE;
    }
  return FALSE;
}

GArray *
_fd_simulator_parse_scenario (const char  *text,
                GError     **error)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, TRUE, sizeof (FdSimStep));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  ScriptCheck check = { 0, };
  gboolean ok = TRUE;

  g_array_set_clear_func (steps, _fd_simulator_step_clear);
  check.rung = g_hash_table_new (g_str_hash, g_str_equal);
  check.ended = g_hash_table_new (g_str_hash, g_str_equal);
  check.ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) tokens = tokenize (lines[i], &local_error);
      FdSimStep step = { 0, };

      if (tokens != NULL && tokens->len == 0)
        continue;
      step.line = i + 1;
      if (tokens == NULL || !parse_step (&step, tokens, &local_error))
        ok = FALSE;
      g_array_append_val (steps, step);
      if (ok && !check_step (&check, &g_array_index (steps, FdSimStep, steps->len - 1), &local_error))
        ok = FALSE;
      if (!ok)
        /* Translators: a scenario file's line number, then what is wrong with it */
        g_set_error (error, FD_ERROR, FD_ERROR_INVALID, _("line %u: %s"), i + 1, local_error->message);
    }

  g_hash_table_unref (check.rung);
  g_hash_table_unref (check.ended);
  g_hash_table_unref (check.ids);
  return ok ? g_steal_pointer (&steps) : NULL;
}
