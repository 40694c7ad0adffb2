/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNotifier"

/* FdNotifier's word on the PBX itself: one "PBX is down" bubble once the
 * poller has been offline for "down-after" ms, and one "PBX is back" when
 * it answers again, replacing it. A blip shorter than that says nothing;
 * the window's status line shows it anyway. The address is the client's
 * display URL, which never holds the password. */

#include "config.h"

#include "fd-notifier-private.h"

#include <glib/gi18n.h>

static void
post_pbx (FdNotifier *self,
          Kind        kind,
          const char *summary,
          char       *body)
{
  Request *request = g_new0 (Request, 1);

  request->op = OP_SHOW;
  request->kind = kind;
  request->call_id = g_strdup (FD_NOTIFIER_PBX_KEY);
  request->summary = g_strdup (summary);
  request->body = body;
  request->standalone = TRUE;
  _fd_notifier_post (self, request);
}

static char *
dup_address (FdNotifier *self)
{
  return fd_client_dup_display_url (fd_poller_get_client (self->poller));
}

static gboolean
on_down_timer (gpointer data)
{
  FdNotifier *self = data;
  g_autofree char *url = dup_address (self);
  g_autofree char *since = NULL;
  GDateTime *seen = fd_poller_get_last_seen (self->poller);

  self->down_timer_id = 0;
  if (self->paused)
    return G_SOURCE_REMOVE;
  self->down_notified = TRUE;
  if (seen != NULL)
    {
      since = g_date_time_format (seen, "%H:%M:%S");
      /* Translators: %s is the address of the phone system, then a time (14:05:09) */
      post_pbx (self, KIND_PBX_DOWN, _("PBX is down"),
                g_markup_printf_escaped (_("The phone system at %s has not answered since %s."), url, since));
    }
  else
    /* Translators: %s is the address of the phone system */
    post_pbx (self, KIND_PBX_DOWN, _("PBX is down"),
              g_markup_printf_escaped (_("The phone system at %s does not answer."), url));
  return G_SOURCE_REMOVE;
}

static void
on_state (FdNotifier *self)
{
  FdConnectionState state = fd_poller_get_state (self->poller);
  g_autofree char *url = NULL;

  if (state == FD_CONNECTION_OFFLINE)
    {
      if (self->down_timer_id == 0 && !self->down_notified)
        self->down_timer_id = g_timeout_add (self->down_after, on_down_timer, self);
      return;
    }
  g_clear_handle_id (&self->down_timer_id, g_source_remove);
  if (!self->down_notified)
    return;
  self->down_notified = FALSE;
  if (state != FD_CONNECTION_ONLINE)
    {
      /* Stopped, or another PBX: this one's outage is no longer news. */
      _fd_notifier_close (self, FD_NOTIFIER_PBX_KEY);
      return;
    }
  url = dup_address (self);
  /* Translators: %s is the address of the phone system */
  post_pbx (self, KIND_PBX_BACK, _("PBX is back"),
            g_markup_printf_escaped (_("The phone system at %s answers again."), url));
}

void
_fd_notifier_outage_follow (FdNotifier *self,
                            FdPoller   *poller)
{
  g_set_object (&self->poller, poller);
  g_signal_connect_object (poller, "notify::state", G_CALLBACK (on_state), self, G_CONNECT_SWAPPED);
  on_state (self);
}

void
_fd_notifier_outage_dispose (FdNotifier *self)
{
  g_clear_handle_id (&self->down_timer_id, g_source_remove);
  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->poller);
}
