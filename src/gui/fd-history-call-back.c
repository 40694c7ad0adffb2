/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWindow"

#include "config.h"

#include "fd-call-back.h"
#include "fd-error.h"
#include "fd-format.h"
#include "fd-history-call-back.h"

#include <glib/gi18n.h>

typedef struct {
  FdCallBackDone  done;
  gpointer        data;
  char           *number;
  char           *extension;
} CallBack;

static void
call_back_free (CallBack *call_back)
{
  g_free (call_back->number);
  g_free (call_back->extension);
  g_free (call_back);
}

static void
copy_number (const char *number)
{
  gtk_clipboard_set_text (gtk_clipboard_get_default (gdk_display_get_default ()), number, -1);
}

static void
on_call_set_up (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CallBack *call_back = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reason = NULL;

  if (fd_call_back_finish (FD_CLIENT (source), result, &error))
    /* Translators: %s is a phone number, then an extension (1001) */
    text = g_strdup_printf (_("Calling %s back: the phone of extension %s rings first."),
                            call_back->number, call_back->extension);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      copy_number (call_back->number);
      reason = fd_format_reason (error);
      /* Translators: %s is a sentence saying what went wrong, then a phone number */
      text = g_strdup_printf (_("The phone system did not place the call (%s). Copied %s: dial it to call back."),
                              reason, call_back->number);
    }
  if (text != NULL)
    call_back->done (text, error != NULL, call_back->data);
  call_back_free (call_back);
}

void
fd_history_call_back (FdClient       *client,
                      FdJournalEntry *entry,
                      GCancellable   *cancellable,
                      FdCallBackDone  done,
                      gpointer        data)
{
  FdCall *call = fd_journal_entry_get_call (entry);
  g_autofree char *number = fd_call_dup_number (call);
  g_autofree char *extension = fd_call_back_dup_extension (call);
  g_autofree char *text = NULL;
  CallBack *call_back;

  if (number == NULL)
    {
      done (_("This call has no number to call back."), TRUE, data);
      return;
    }
  if (extension == NULL)
    {
      copy_number (number);
      /* Translators: %s is a phone number */
      text = g_strdup_printf (_("Copied %s: dial it to call back."), number);
      done (text, FALSE, data);
      return;
    }
  call_back = g_new0 (CallBack, 1);
  call_back->done = done;
  call_back->data = data;
  call_back->number = g_steal_pointer (&number);
  call_back->extension = g_steal_pointer (&extension);
  fd_call_back_async (client, call_back->extension, call_back->number, cancellable, on_call_set_up, call_back);
}
