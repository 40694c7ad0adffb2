/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdFormat"

#include "config.h"

#include "fd-format.h"
#include "fd-phone-number.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include <string.h>

/* A state the PBX documents gets words; anything else is shown exactly as
 * sent (docs/ozeki-api.md §4: display unknown values gracefully). */
const char *
fd_call_state_describe (const char *state)
{
  if (state == NULL || *state == '\0')
    return _("Unknown");
  if (g_str_equal (state, FD_CALL_STATE_RINGING))
    return _("Ringing");
  if (g_str_equal (state, FD_CALL_STATE_IN_CALL))
    return _("In call");
  if (g_str_equal (state, FD_CALL_STATE_HOLD))
    return _("On hold");
  if (g_str_equal (state, FD_CALL_STATE_ANSWERED))
    return _("Answered");
  if (g_str_equal (state, FD_CALL_STATE_TRANSFERRED))
    return _("Transferred");
  return state;
}

const char *
fd_call_state_icon_name (const char *state)
{
  if (g_strcmp0 (state, FD_CALL_STATE_RINGING) == 0)
    return FD_ICON_RINGING;
  if (g_strcmp0 (state, FD_CALL_STATE_HOLD) == 0)
    return FD_ICON_HOLD;
  if (fd_call_state_is_answered (state))
    return FD_ICON_ACTIVE;
  return FD_ICON_IDLE;
}

const char *
fd_connection_state_icon_name (FdConnectionState state)
{
  switch (state)
    {
    case FD_CONNECTION_OFFLINE:
      return FD_ICON_OFFLINE;
    case FD_CONNECTION_AUTH_FAILED:
      return FD_ICON_AUTH;
    case FD_CONNECTION_ONLINE:
      return FD_ICON_ACTIVE;
    case FD_CONNECTION_STOPPED:
    case FD_CONNECTION_CONNECTING:
    default:
      return FD_ICON_IDLE;
    }
}

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The number that was called, with what the caller dialed when the PBX
 * routed it elsewhere (Ozeki 10 sends both). */
char *
fd_call_dup_called_display (FdCall *call)
{
  const char *destination = fd_call_get_destination (call);
  const char *dialed = fd_call_get_callee_dialed (call);

  if (is_set (destination) && is_set (dialed) && g_strcmp0 (destination, dialed) != 0)
    /* Translators: the extension that rings, then the number the caller dialed */
    return g_strdup_printf (_("%s (dialed %s)"), destination, dialed);
  if (is_set (destination))
    return g_strdup (destination);
  if (is_set (dialed))
    return g_strdup (dialed);
  return NULL;
}

/* The caller's number for the clipboard: the Source, else a CallerId that
 * may well be the number itself. */
char *
fd_call_dup_number (FdCall *call)
{
  if (is_set (fd_call_get_source (call)))
    return g_strdup (fd_call_get_source (call));
  if (is_set (fd_call_get_caller_id (call)))
    return g_strdup (fd_call_get_caller_id (call));
  return NULL;
}

/* A sentence from GLib or the journal, without its final full stop, to
 * go inside one of ours. */
char *
fd_format_reason (const GError *error)
{
  char *reason = g_strdup (error->message);
  gsize length = strlen (reason);

  if (length > 0 && reason[length - 1] == '.')
    reason[length - 1] = '\0';
  return reason;
}

/* libphonenumber's parse costs about 14 us a number, and every poll
 * formats every row's numbers again to compare them: the answers are kept
 * (a number's grouping never changes). The lock: notifications format on
 * their own thread. Emptied when it grows past a day's worth of numbers. */
#define SPACED_CACHE_MAX 20000

static char *
dup_spaced (const char *number)
{
  static GMutex lock;
  static GHashTable *cache;
  const char *known;
  char *spaced;
  gboolean found;

  if (number == NULL || number[0] != '+')
    return NULL;
  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  found = g_hash_table_lookup_extended (cache, number, NULL, (gpointer *) &known);
  spaced = found ? g_strdup (known) : NULL;
  g_mutex_unlock (&lock);
  if (found)
    return spaced;

  spaced = fd_phone_number_format_international (number);
  g_mutex_lock (&lock);
  if (g_hash_table_size (cache) >= SPACED_CACHE_MAX)
    g_hash_table_remove_all (cache);
  g_hash_table_insert (cache, g_strdup (number), g_strdup (spaced));
  g_mutex_unlock (&lock);
  return spaced;
}

/* A person as a sentence reads them: "Anna Kovács (+36 1 234 5678)", the
 * number alone without a name, NULL when neither is known. */
char *
fd_format_dup_party (const char *name,
                     const char *number)
{
  g_autofree char *spaced = dup_spaced (number);

  /* A name the PBX sent is often just the number again. */
  if (g_strcmp0 (name, number) == 0)
    name = NULL;
  if (spaced != NULL)
    number = spaced;
  if (is_set (name) && is_set (number))
    /* Translators: a person's name, then their number */
    return g_strdup_printf (_("%s (%s)"), name, number);
  if (is_set (name))
    return g_strdup (name);
  if (is_set (number))
    return g_strdup (number);
  return NULL;
}

/* The caller's name: the directory's, a label, a learned one, else the
 * PBX's CallerId when it is not just the number. */
static const char *
caller_name (FdCall *call)
{
  const char *name = fd_call_get_caller_name (call);

  if (is_set (name))
    return name;
  name = fd_call_get_caller_id (call);
  return g_strcmp0 (name, fd_call_get_source (call)) != 0 ? name : NULL;
}

char *
fd_format_dup_caller (FdCall *call)
{
  const char *number = is_set (fd_call_get_source (call)) ? fd_call_get_source (call)
                                                           : fd_call_get_caller_id (call);

  return fd_format_dup_party (caller_name (call), number);
}

char *
fd_format_dup_callee (FdCall *call)
{
  g_autofree char *called = fd_call_dup_called_display (call);

  return fd_format_dup_party (fd_call_get_callee_name (call), called);
}

/* "Anna Kovács (+36 1 234 5678) → Reception (1001)": the notifications'
 * line, the parties as sentences name them. */
char *
fd_format_dup_parties (FdCall *call)
{
  g_autofree char *caller = fd_format_dup_caller (call);
  g_autofree char *callee = fd_format_dup_callee (call);

  if (caller == NULL)
    caller = g_strdup (_("Unknown caller"));
  if (callee == NULL)
    return g_steal_pointer (&caller);
  /* Translators: who calls, then whom they call */
  return g_strdup_printf (_("%s → %s"), caller, callee);
}

/* Name over number, two lines for every row (the list's rows have one
 * fixed height): each line is cut on its own, so a long name is cut while
 * the number below it stays whole. */
static char *
dup_two_lines (const char *name,
               const char *number,
               const char *unknown)
{
  g_autofree char *spaced = dup_spaced (number);

  if (g_strcmp0 (name, number) == 0)
    name = NULL;
  if (spaced != NULL)
    number = spaced;
  if (is_set (name) && is_set (number) && g_strcmp0 (name, number) != 0)
    return g_markup_printf_escaped ("%s\n<span alpha=\"60%%\">%s</span>", name, number);
  if (is_set (name) || is_set (number))
    return g_markup_printf_escaped ("%s\n ", is_set (name) ? name : number);
  return g_markup_printf_escaped ("<i>%s</i>\n ", unknown);
}

char *
fd_call_dup_caller_markup (FdCall *call)
{
  const char *number = is_set (fd_call_get_source (call)) ? fd_call_get_source (call)
                                                           : fd_call_get_caller_id (call);

  return dup_two_lines (caller_name (call), number, _("Unknown caller"));
}

char *
fd_call_dup_called_markup (FdCall *call)
{
  g_autofree char *called = fd_call_dup_called_display (call);

  return dup_two_lines (fd_call_get_callee_name (call), called, "–");
}

/* Today's times alone; the date too for older ones. */
char *
fd_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup ("–");
  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%X");
  return g_date_time_format (local, "%x %X");
}

/* "0:42", "12:05", "1:02:03"; a duration the PBX left out is a dash. */
char *
fd_format_duration (double seconds)
{
  guint64 total;

  /* Also catches NaN; an absurd value is not worth a wrapped integer. */
  if (!(seconds >= 0) || seconds > 1e9)
    return g_strdup ("–");
  total = (guint64) seconds;
  if (total >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u",
                            total / 3600, (guint) (total / 60 % 60), (guint) (total % 60));
  return g_strdup_printf ("%u:%02u", (guint) (total / 60), (guint) (total % 60));
}

gboolean
fd_icons_are_installed (void)
{
  static gsize installed = 0;

  /* A fresh theme: the default one also searches our GResource. */
  if (g_once_init_enter (&installed))
    {
      g_autoptr(GtkIconTheme) theme = gtk_icon_theme_new ();

      g_once_init_leave (&installed, gtk_icon_theme_has_icon (theme, FD_ICON_RINGING) ? 2 : 1);
    }
  return installed == 2;
}

/* The core's error sentences start in lower case so that the command line
 * can prefix them with "frontdesk: "; standing alone they want a capital. */
char *
fd_format_sentence (const char *text)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (text == NULL || *text == '\0')
    return g_strdup (text);

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);
  return g_strconcat (first, rest, NULL);
}
