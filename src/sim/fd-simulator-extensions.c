/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdSimulator"

/* ListExtensions (docs/ozeki-api.md §5): a fixed office of phones plus
 * every short number the current calls use, so the presence lamps of a
 * client have something to light. In the Ozeki 10 dialect each carries a
 * PhoneNumber and a State; 1009 is always Disconnected so that the
 * offline lamp can be seen and tested. */

#include "config.h"

#include "fd-simulator-private.h"

#include <string.h>

#define DISCONNECTED_EXTENSION "1009"

static const char *const office[] = { "105", "107", "1004", "1008", DISCONNECTED_EXTENSION };

/* Internal extensions are 3 or 4 digits; anything longer is an outside line. */
static gboolean
is_extension_number (const char *number)
{
  gsize n = number != NULL ? strlen (number) : 0;

  if (n < 3 || n > 4)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (number[i]))
      return FALSE;
  return TRUE;
}

static void
add_unique (GPtrArray  *ids,
            const char *id)
{
  if (!is_extension_number (id))
    return;
  for (guint i = 0; i < ids->len; i++)
    if (strcmp (g_ptr_array_index (ids, i), id) == 0)
      return;
  g_ptr_array_add (ids, (gpointer) id);
}

static void
append_summary (GString    *xml,
                const char *id,
                FdDialect   dialect)
{
  g_string_append_printf (xml, "    <ExtensionSummary>\n      <Id>%s</Id>\n"
                               "      <Type>SIP</Type>\n", id);
  if (dialect == FD_DIALECT_OZEKI10)
    g_string_append_printf (xml, "      <PhoneNumber>%s</PhoneNumber>\n      <State>%s</State>\n",
                            id, strcmp (id, DISCONNECTED_EXTENSION) == 0 ? "Disconnected"
                                                                         : "Connected");
  g_string_append (xml, "    </ExtensionSummary>\n");
}

char *
_fd_simulator_extensions_body (FdSimulator *self)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  GString *xml = g_string_new (XML_HEADER);

  for (guint i = 0; i < G_N_ELEMENTS (office); i++)
    add_unique (ids, office[i]);
  for (guint i = 0; i < self->calls->len; i++)
    {
      SimCall *call = g_ptr_array_index (self->calls, i);
      add_unique (ids, call->source);
      add_unique (ids, call->destination);
    }
  g_string_append (xml, "  <Code>200</Code>\n  <Message>OK</Message>\n  <Extensions>\n");
  for (guint i = 0; i < ids->len; i++)
    append_summary (xml, g_ptr_array_index (ids, i), self->dialect);
  g_string_append (xml, "  </Extensions>\n</Response>\n");
  return g_string_free (xml, FALSE);
}
