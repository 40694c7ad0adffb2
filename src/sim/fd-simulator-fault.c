/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator's fault names: a leaf that both the scenario reader and
 * the simulator use, so neither calls back into the other for them.
 */

#include "config.h"

#include "fd-error.h"
#include "fd-simulator.h"

#include <glib/gi18n.h>

static const struct {
  FdSimFault  fault;
  const char *name;
} fault_names[] = {
  { FD_SIM_FAULT_NONE, "none" },
  { FD_SIM_FAULT_REFUSE, "refuse" },
  { FD_SIM_FAULT_HANG, "hang" },
  { FD_SIM_FAULT_TRICKLE, "trickle" },
  { FD_SIM_FAULT_HTTP_500, "http-500" },
  { FD_SIM_FAULT_HTML, "html" },
  { FD_SIM_FAULT_TRUNCATED, "truncated" },
  { FD_SIM_FAULT_GARBAGE, "garbage" },
  { FD_SIM_FAULT_HUGE, "huge" },
};

/* The name a fault has in scenarios, --fault and the event log. */
const char *
fd_sim_fault_to_string (FdSimFault fault)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (fault_names[i].fault == fault)
      return fault_names[i].name;
  return "api-code";
}

/**
 * fd_simulator_parse_fault:
 * @text: a fault name (none, refuse, hang, trickle, http-500, html,
 *   truncated, garbage, huge) or an API code (300, 305, 601…)
 *
 * Returns: TRUE and sets @fault (and @api_code for a number), or FALSE with
 *   a sentence in @error.
 */
gboolean
fd_simulator_parse_fault (const char  *text,
                          FdSimFault  *fault,
                          int         *api_code,
                          GError     **error)
{
  guint64 code = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);

  if (api_code != NULL)
    *api_code = 0;
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (g_ascii_strcasecmp (text, fault_names[i].name) == 0)
      {
        *fault = fault_names[i].fault;
        return TRUE;
      }
  if (g_ascii_string_to_unsigned (text, 10, 100, 999, &code, NULL) && code != FD_API_CODE_OK)
    {
      *fault = FD_SIM_FAULT_API_CODE;
      if (api_code != NULL)
        *api_code = code;
      return TRUE;
    }
  g_set_error (error, FD_ERROR, FD_ERROR_INVALID,
               _("unknown fault '%s' (expected none, refuse, hang, trickle, http-500, html, "
               "truncated, garbage, huge or an API code such as 305)"), text);
  return FALSE;
}
