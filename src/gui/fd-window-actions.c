/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWindow"

#include "config.h"

#include "fd-call-control.h"
#include "fd-format.h"
#include "fd-history-call-back.h"
#include "fd-journal-entry.h"
#include "fd-number-dialog.h"
#include "fd-window-private.h"

#include <glib/gi18n.h>


/* A success stays this long; a failure until closed or replaced. */
#define RESULT_SECONDS 6

/* One command on its way to the PBX. The window cancels it when it goes:
 * self is only touched after a check for that. */
typedef struct {
  FdWindow     *self;
  FdCallAction  action;
  char         *number;   /* as the result names it: "Reception (1001)" */
  char         *caller;   /* as the result names it: "Anna Kovács (+3612345678)" */
} Command;

static void
command_free (Command *command)
{
  g_free (command->number);
  g_free (command->caller);
  g_free (command);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Command, command_free)

static void
set_enabled (FdWindow   *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static gboolean
hide_result (gpointer data)
{
  FdWindow *self = data;

  self->result_timeout_id = 0;
  gtk_info_bar_set_revealed (self->result_bar, FALSE);
  return G_SOURCE_REMOVE;
}

void
_fd_window_show_result (FdWindow   *self,
                        const char *text,
                        gboolean    failed)
{
  g_clear_handle_id (&self->result_timeout_id, g_source_remove);
  gtk_label_set_text (self->result_label, text);
  gtk_info_bar_set_message_type (self->result_bar, failed ? GTK_MESSAGE_ERROR : GTK_MESSAGE_INFO);
  gtk_info_bar_set_revealed (self->result_bar, TRUE);
  if (!failed)
    self->result_timeout_id = g_timeout_add_seconds (RESULT_SECONDS, hide_result, self);
}

static void
on_command_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(Command) command = data;
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  response = fd_call_control_finish (FD_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("%s cancelled", fd_call_action_get_command (command->action));
      return;
    }
  if (response != NULL && command->action == FD_CALL_ACTION_HANGUP && command->caller != NULL)
    /* Translators: %s is the caller, "Anna Kovács (+3612345678)" */
    text = g_strdup_printf (_("Ended the call from %s."), command->caller);
  else if (response != NULL)
    text = fd_call_control_describe_success (command->action, command->number);
  else
    text = fd_call_control_describe_error (command->action, error);
  _fd_window_show_result (command->self, text, response == NULL);
  /* Show the command's effect now rather than at the next poll. */
  fd_poller_poll_now (fd_desk_get_poller (command->self->desk));
}

/* A number with the name the app knows for it, for the result. */
static char *
dup_target_display (FdWindow   *self,
                    const char *number)
{
  g_autofree char *name = NULL;

  if (number == NULL)
    return NULL;
  if (self->people != NULL)
    name = fd_namer_dup_name (fd_people_get_namer (self->people), number, NULL);
  return fd_format_dup_party (name, number);
}

static void
send_command (FdWindow     *self,
              FdCallAction  action,
              FdCall       *call,
              const char   *number,
              const char   *party)
{
  Command *command = g_new0 (Command, 1);

  command->self = self;
  command->action = action;
  command->number = dup_target_display (self, number);
  command->caller = fd_format_dup_caller (call);
  g_debug ("%s for call %s", fd_call_action_get_command (action), fd_call_get_id (call));
  fd_call_control_async (fd_desk_get_client (self->desk), action, fd_call_get_id (call), number, party,
                         self->cancellable, on_command_done, command);
}

/* The selected active call, if @action fits its state now. */
static FdCall *
dup_call_for (FdWindow     *self,
              FdCallAction  action)
{
  g_autoptr(FdCall) call = NULL;

  if (_fd_window_is_history_visible (self) || !_fd_window_get_selected_call (self, &call))
    return NULL;
  if (!fd_call_action_fits_state (action, fd_call_get_state (call)))
    return NULL;
  return g_steal_pointer (&call);
}

static void
run_simple_command (FdWindow     *self,
                    FdCallAction  action)
{
  g_autoptr(FdCall) call = dup_call_for (self, action);

  if (call != NULL)
    send_command (self, action, call, NULL, NULL);
}

static void
hangup_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  run_simple_command (FD_WINDOW (data), FD_CALL_ACTION_HANGUP);
}

static void
hold_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  run_simple_command (FD_WINDOW (data), FD_CALL_ACTION_HOLD);
}

static void
resume_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  run_simple_command (FD_WINDOW (data), FD_CALL_ACTION_UNHOLD);
}

static void
on_number_dialog_response (FdWindow       *self,
                           int             response,
                           FdNumberDialog *dialog)
{
  g_autofree char *number = fd_number_dialog_dup_number (dialog);

  if (response == GTK_RESPONSE_OK && number != NULL)
    send_command (self, fd_number_dialog_get_action (dialog), fd_number_dialog_get_call (dialog), number,
                  fd_number_dialog_get_party (dialog));
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

/* A type-ahead of a whole company's book would be slow to filter at
 * every key; the first contacts are offered, any number can be typed. */
#define MAX_CONTACT_CHOICES 5000

static void
offer_contact (const char *number,
               const char *name,
               gpointer    dialog)
{
  fd_number_dialog_add_choice (dialog, name, number);
}

/* The type-ahead knows every extension, by the name the app gives it,
 * and the address books' contacts. */
static void
offer_colleagues (FdWindow       *self,
                  FdNumberDialog *dialog)
{
  GPtrArray *extensions;

  if (self->people == NULL)
    return;
  fd_directory_foreach (fd_people_get_directory (self->people), offer_contact, dialog, MAX_CONTACT_CHOICES);
  extensions = fd_extension_watch_get_extensions (fd_people_get_watch (self->people));
  for (guint i = 0; extensions != NULL && i < extensions->len; i++)
    {
      const char *id = fd_extension_get_id (g_ptr_array_index (extensions, i));
      g_autofree char *name = fd_namer_dup_name (fd_people_get_namer (self->people), id, NULL);

      fd_number_dialog_add_choice (dialog, name, id);
    }
}

static void
ask_number (FdWindow     *self,
            FdCallAction  action)
{
  g_autoptr(FdCall) call = dup_call_for (self, action);

  if (call == NULL)
    return;
  if (self->number_dialog != NULL)
    gtk_widget_destroy (self->number_dialog);
  self->number_dialog = fd_number_dialog_new (GTK_WINDOW (self), action, call);
  offer_colleagues (self, FD_NUMBER_DIALOG (self->number_dialog));
  g_object_add_weak_pointer (G_OBJECT (self->number_dialog), (gpointer *) &self->number_dialog);
  g_signal_connect_object (self->number_dialog, "response", G_CALLBACK (on_number_dialog_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->number_dialog));
}

static void
forward_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  ask_number (FD_WINDOW (data), FD_CALL_ACTION_FORWARD);
}

static void
transfer_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  ask_number (FD_WINDOW (data), FD_CALL_ACTION_TRANSFER);
}

/* A call dropped on a colleague: a ringing one is forwarded there, one
 * being talked on is transferred (the caller stays on it). */
void
_fd_window_drop_call (FdWindow   *self,
                      FdCall     *call,
                      const char *extension)
{
  const char *state = fd_call_get_state (call);

  if (fd_call_action_fits_state (FD_CALL_ACTION_FORWARD, state))
    send_command (self, FD_CALL_ACTION_FORWARD, call, extension, NULL);
  else if (fd_call_action_fits_state (FD_CALL_ACTION_TRANSFER, state))
    send_command (self, FD_CALL_ACTION_TRANSFER, call, extension, FD_TRANSFER_PARTY_CALLEE);
  else
    _fd_window_show_result (self, _("This call can be neither forwarded nor transferred now."), TRUE);
}

/* The caller's number of the selected call on the page shown. */
static char *
dup_selected_number (FdWindow *self)
{
  g_autoptr(FdCall) call = NULL;
  FdJournalEntry *entry;

  if (!_fd_window_is_history_visible (self))
    return _fd_window_get_selected_call (self, &call) ? fd_call_dup_number (call) : NULL;
  entry = fd_history_page_get_selected_entry (self->history_page);
  if (entry == NULL)
    return NULL;
  return fd_call_dup_number (fd_journal_entry_get_call (entry));
}

/* One implementation of "copy": the application's copy-number action,
 * which notifications use too. */
static void
copy_number_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  FdWindow *self = FD_WINDOW (data);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *number = dup_selected_number (self);

  if (application != NULL && number != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "copy-number",
                                    g_variant_new_string (number));
}

static void
on_call_back_done (const char *sentence,
                   gboolean    failed,
                   gpointer    data)
{
  _fd_window_show_result (FD_WINDOW (data), sentence, failed);
}

/* A missed call of the history: the PBX calls back where it can, else
 * the number is copied (fd-history-call-back.h). */
static void
call_back_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       data)
{
  FdWindow *self = FD_WINDOW (data);
  FdJournalEntry *entry = fd_history_page_get_selected_entry (self->history_page);

  if (entry != NULL && fd_journal_entry_is_missed (entry))
    fd_history_call_back (fd_desk_get_client (self->desk), entry, self->cancellable,
                          on_call_back_done, self);
}

static void
mark_handled_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       data)
{
  fd_history_page_mark_selected (FD_WINDOW (data)->history_page, TRUE);
}

static void
mark_unhandled_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       data)
{
  fd_history_page_mark_selected (FD_WINDOW (data)->history_page, FALSE);
}

static void
mark_all_handled_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       data)
{
  fd_history_page_mark_all_handled (FD_WINDOW (data)->history_page);
}

static void
export_history_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       data)
{
  fd_history_page_choose_export_file (FD_WINDOW (data)->history_page);
}

static void
history_filter_changed (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       data)
{
  const char *name = g_variant_get_string (state, NULL);
  FdJournalFilter kind = FD_JOURNAL_FILTER_ALL;

  if (g_str_equal (name, "missed"))
    kind = FD_JOURNAL_FILTER_MISSED;
  else if (g_str_equal (name, "answered"))
    kind = FD_JOURNAL_FILTER_ANSWERED;
  /* The page notifies only a change; the state is set here either way. */
  g_simple_action_set_state (action, state);
  fd_history_page_set_filter (FD_WINDOW (data)->history_page, kind);
}

static void
page_changed (GSimpleAction *action,
              GVariant      *state,
              gpointer       data)
{
  const char *name = g_variant_get_string (state, NULL);

  if (g_str_equal (name, "active") || g_str_equal (name, "history"))
    fd_window_show_page (FD_WINDOW (data), name);
}

/* Hang Up says whose call it ends, so that nobody ends the wrong one. */
static void
name_hangup (FdWindow *self,
             FdCall   *call)
{
  GtkWidget *button = fd_calls_page_get_hangup_button (self->calls_page);
  g_autofree char *caller = call != NULL ? fd_format_dup_caller (call) : NULL;
  g_autofree char *tooltip = NULL;

  if (caller != NULL)
    /* Translators: %s is the caller, "Anna Kovács (+3612345678)" */
    tooltip = g_strdup_printf (_("Hang up the call from %s (Ctrl+E)"), caller);
  gtk_widget_set_tooltip_text (button, tooltip != NULL ? tooltip : _("End the selected call (Ctrl+E)"));
}

/* Commands fit the selected active call's state, and only while the
 * active calls are shown: a shortcut never acts on a call out of sight. */
void
_fd_window_update_actions (FdWindow *self)
{
  static const struct {
    const char   *name;
    FdCallAction  action;
  } commands[] = {
    { "hangup", FD_CALL_ACTION_HANGUP },
    { "hold", FD_CALL_ACTION_HOLD },
    { "resume", FD_CALL_ACTION_UNHOLD },
    { "forward", FD_CALL_ACTION_FORWARD },
    { "transfer", FD_CALL_ACTION_TRANSFER },
  };
  g_autoptr(FdCall) call = NULL;
  FdJournalEntry *entry = NULL;
  g_autofree char *number = NULL;
  const char *state = NULL;
  gboolean history;
  gboolean missed;
  gboolean journal;

  /* Destroyed: the template's widgets are gone. */
  if (self->main_stack == NULL || self->calls_page == NULL || self->history_page == NULL)
    return;
  history = _fd_window_is_history_visible (self);
  number = dup_selected_number (self);
  if (!history && _fd_window_get_selected_call (self, &call))
    state = fd_call_get_state (call);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    set_enabled (self, commands[i].name, call != NULL && fd_call_action_fits_state (commands[i].action, state));
  name_hangup (self, call);

  journal = fd_history_page_get_journal (self->history_page) != NULL;
  if (history && journal)
    entry = fd_history_page_get_selected_entry (self->history_page);
  missed = entry != NULL && fd_journal_entry_is_missed (entry);
  set_enabled (self, "mark-handled", missed && !fd_journal_entry_get_handled (entry));
  set_enabled (self, "mark-unhandled", missed && fd_journal_entry_get_handled (entry));
  set_enabled (self, "mark-all-handled", journal && fd_history_page_get_missed_count (self->history_page) > 0);
  set_enabled (self, "export-history", journal);
  set_enabled (self, "copy-number", number != NULL);
  set_enabled (self, "call-back", missed && number != NULL);
}

/* ---- Setup -------------------------------------------------------------- */

void
_fd_window_actions_init (FdWindow *self)
{
  static const GActionEntry entries[] = {
    { "hangup", hangup_activated, NULL, NULL, NULL, { 0 } },
    { "hold", hold_activated, NULL, NULL, NULL, { 0 } },
    { "resume", resume_activated, NULL, NULL, NULL, { 0 } },
    { "forward", forward_activated, NULL, NULL, NULL, { 0 } },
    { "transfer", transfer_activated, NULL, NULL, NULL, { 0 } },
    { "copy-number", copy_number_activated, NULL, NULL, NULL, { 0 } },
    { "call-back", call_back_activated, NULL, NULL, NULL, { 0 } },
    { "mark-handled", mark_handled_activated, NULL, NULL, NULL, { 0 } },
    { "mark-unhandled", mark_unhandled_activated, NULL, NULL, NULL, { 0 } },
    { "mark-all-handled", mark_all_handled_activated, NULL, NULL, NULL, { 0 } },
    { "export-history", export_history_activated, NULL, NULL, NULL, { 0 } },
    { "history-filter", NULL, "s", "'all'", history_filter_changed, { 0 } },
    { "page", NULL, "s", "'active'", page_changed, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  /* "application" is set after construction. */
  g_signal_connect (self, "notify::application", G_CALLBACK (_fd_window_set_accels), NULL);
}

void
_fd_window_actions_dispose (FdWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->result_timeout_id, g_source_remove);
  if (self->number_dialog != NULL)
    gtk_widget_destroy (self->number_dialog);
}

/* Listed in gtk/help-overlay.ui. */
void
_fd_window_set_accels (FdWindow *self)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "win.hangup", { "<Primary>e", NULL } },
    { "win.hold", { "<Primary>h", NULL } },
    { "win.resume", { "<Primary>u", NULL } },
    { "win.forward", { "<Primary><Shift>f", NULL } },
    { "win.transfer", { "<Primary>t", NULL } },
    { "win.mark-handled", { "<Primary>m", NULL } },
    { "win.mark-all-handled", { "<Primary><Shift>m", NULL } },
    { "win.page::active", { "<Alt>1", NULL } },
    { "win.page::history", { "<Alt>2", NULL } },
  };
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (application, accels[i].action, accels[i].accels);
}

const char *
fd_window_get_result_text (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (self->result_bar))
    return NULL;
  return gtk_label_get_text (self->result_label);
}

/* The open forward or transfer dialog (an FdNumberDialog), or NULL. */
GtkWidget *
fd_window_get_number_dialog (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->number_dialog;
}

/* The context menu of the page shown, once it has been opened. */
GtkWidget *
fd_window_get_context_menu (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  if (_fd_window_is_history_visible (self))
    return fd_history_page_get_context_menu (self->history_page);
  return fd_calls_page_get_context_menu (self->calls_page);
}
