/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdNumberDialog"

#include "config.h"

#include "fd-format.h"
#include "fd-number-dialog.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

#include <string.h>

enum {
  PROP_0,
  PROP_ACTION,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdNumberDialog
{
  GtkDialog       parent_instance;

  /* Template widgets */
  GtkLabel       *prompt_label;
  GtkEntry       *number_entry;
  GtkWidget      *party_box;
  GtkRadioButton *keep_caller_radio;
  GtkRadioButton *keep_callee_radio;
  GtkButton      *send_button;

  /* Owned */
  FdCall         *call;
  FdCallAction    action;
  /* The chooser's names and numbers (CHOICE_*), for the entry's completion */
  GtkListStore   *choices;
};

enum {
  CHOICE_TEXT,    /* "Reception (1001)" */
  CHOICE_NAME,
  CHOICE_NUMBER,
  CHOICE_KEY,     /* the text folded, for the type-ahead */
  CHOICE_N_COLUMNS
};

G_DEFINE_FINAL_TYPE (FdNumberDialog, fd_number_dialog, GTK_TYPE_DIALOG)

static void
on_number_changed (FdNumberDialog *self)
{
  g_autofree char *number = fd_number_dialog_dup_number (self);

  gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_OK, number != NULL);
}

static void
describe_forward (FdNumberDialog *self,
                  const char     *caller)
{
  g_autofree char *prompt = NULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Forward Call"));
  gtk_button_set_label (self->send_button, _("_Forward"));
  /* Translators: %s is the caller, e.g. "John Smith (1000)"; the number
   * entry follows. The underscore marks the access key. */
  prompt = g_strdup_printf (_("_Forward the ringing call from %s to:"), caller);
  gtk_label_set_text_with_mnemonic (self->prompt_label, prompt);
}

static void
describe_transfer (FdNumberDialog *self,
                   const char     *caller)
{
  g_autofree char *called = fd_call_dup_called_display (self->call);
  g_autofree char *prompt = NULL;
  g_autofree char *keep_caller = NULL;
  g_autofree char *keep_callee = NULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Transfer Call"));
  gtk_button_set_label (self->send_button, _("_Transfer"));
  /* Translators: %s is the caller, e.g. "John Smith (1000)"; the number
   * entry follows. The underscore marks the access key. */
  prompt = g_strdup_printf (_("_Transfer the call from %s to:"), caller);
  gtk_label_set_text_with_mnemonic (self->prompt_label, prompt);

  /* Translators: %s is the caller, e.g. "John Smith (1000)"; the person
   * who was called leaves the call */
  keep_caller = g_strdup_printf (_("The c_aller, %s"), caller);
  /* Translators: %s is the number that was called; the caller leaves */
  keep_callee = g_strdup_printf (_("The ca_lled person, %s"), called != NULL ? called : _("unknown"));
  gtk_button_set_label (GTK_BUTTON (self->keep_caller_radio), keep_caller);
  gtk_button_set_label (GTK_BUTTON (self->keep_callee_radio), keep_callee);
  gtk_widget_show (self->party_box);
}

static void
fd_number_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FdNumberDialog *self = FD_NUMBER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_int (value, self->action);
      break;
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_number_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FdNumberDialog *self = FD_NUMBER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      self->action = g_value_get_int (value);
      break;
    case PROP_CALL:
      self->call = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_number_dialog_constructed (GObject *object)
{
  FdNumberDialog *self = FD_NUMBER_DIALOG (object);
  g_autofree char *caller = NULL;

  G_OBJECT_CLASS (fd_number_dialog_parent_class)->constructed (object);

  g_assert (FD_IS_CALL (self->call));
  g_assert (self->action == FD_CALL_ACTION_FORWARD || self->action == FD_CALL_ACTION_TRANSFER);

  caller = fd_format_dup_caller (self->call);
  if (caller == NULL)
    caller = g_strdup (_("an unknown caller"));
  if (self->action == FD_CALL_ACTION_FORWARD)
    describe_forward (self, caller);
  else
    describe_transfer (self, caller);
  on_number_changed (self);
}

static void
fd_number_dialog_dispose (GObject *object)
{
  FdNumberDialog *self = FD_NUMBER_DIALOG (object);

  g_clear_object (&self->call);
  g_clear_object (&self->choices);

  G_OBJECT_CLASS (fd_number_dialog_parent_class)->dispose (object);
}

static void
fd_number_dialog_class_init (FdNumberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_number_dialog_get_property;
  object_class->set_property = fd_number_dialog_set_property;
  object_class->constructed = fd_number_dialog_constructed;
  object_class->dispose = fd_number_dialog_dispose;

  properties[PROP_ACTION] =
    g_param_spec_int ("action", NULL, NULL, FD_CALL_ACTION_HANGUP, FD_CALL_ACTION_TRANSFER,
                      FD_CALL_ACTION_FORWARD,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, FD_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) fd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontdesk/Frontdesk/fd-number-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FdNumberDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, FdNumberDialog, number_entry);
  gtk_widget_class_bind_template_child (widget_class, FdNumberDialog, party_box);
  gtk_widget_class_bind_template_child (widget_class, FdNumberDialog, keep_caller_radio);
  gtk_widget_class_bind_template_child (widget_class, FdNumberDialog, keep_callee_radio);
  gtk_widget_class_bind_template_child (widget_class, FdNumberDialog, send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed);
}

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : text, -1);
}

/* A name or a number that contains what was typed, anywhere. */
static gboolean
choice_matches (GtkEntryCompletion *completion,
                const char         *key,
                GtkTreeIter        *iter,
                gpointer            data)
{
  FdNumberDialog *self = data;
  g_autofree char *typed = fold (gtk_entry_get_text (self->number_entry));
  g_autofree char *text = NULL;

  gtk_tree_model_get (GTK_TREE_MODEL (self->choices), iter, CHOICE_KEY, &text, -1);
  return *typed != '\0' && text != NULL && strstr (text, typed) != NULL;
}

/* A chosen name puts its number in the entry: that is what is sent. */
static gboolean
on_choice_selected (FdNumberDialog     *self,
                    GtkTreeModel       *model,
                    GtkTreeIter        *iter)
{
  g_autofree char *number = NULL;

  gtk_tree_model_get (model, iter, CHOICE_NUMBER, &number, -1);
  gtk_entry_set_text (self->number_entry, number);
  gtk_editable_set_position (GTK_EDITABLE (self->number_entry), -1);
  return TRUE;
}

static void
fd_number_dialog_init (FdNumberDialog *self)
{
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->choices = gtk_list_store_new (CHOICE_N_COLUMNS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->choices));
  gtk_entry_completion_set_text_column (completion, CHOICE_TEXT);
  gtk_entry_completion_set_match_func (completion, choice_matches, self, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  g_signal_connect_object (completion, "match-selected", G_CALLBACK (on_choice_selected), self,
                           G_CONNECT_SWAPPED);
  gtk_entry_set_completion (self->number_entry, completion);
}

void
fd_number_dialog_add_choice (FdNumberDialog *self,
                             const char     *name,
                             const char     *number)
{
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (FD_IS_NUMBER_DIALOG (self));
  g_return_if_fail (number != NULL && *number != '\0');

  text = fd_format_dup_party (name, number);
  key = fold (text);
  gtk_list_store_insert_with_values (self->choices, NULL, -1, CHOICE_TEXT, text, CHOICE_NAME, name,
                                     CHOICE_NUMBER, number, CHOICE_KEY, key, -1);
}

/* A whole name typed (or a choice's text) stands for its number. */
static char *
dup_chosen_number (FdNumberDialog *self,
                   const char     *typed)
{
  g_autofree char *key = fold (typed);
  GtkTreeModel *model = GTK_TREE_MODEL (self->choices);
  GtkTreeIter iter;

  for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok; ok = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *number = NULL;
      g_autofree char *folded_name = NULL;

      gtk_tree_model_get (model, &iter, CHOICE_KEY, &text, CHOICE_NAME, &name, CHOICE_NUMBER, &number, -1);
      folded_name = name != NULL ? fold (name) : NULL;
      if (g_strcmp0 (text, key) == 0 || g_strcmp0 (folded_name, key) == 0)
        return g_steal_pointer (&number);
    }
  return NULL;
}

GtkWidget *
fd_number_dialog_new (GtkWindow    *parent,
                      FdCallAction  action,
                      FdCall       *call)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (action == FD_CALL_ACTION_FORWARD || action == FD_CALL_ACTION_TRANSFER, NULL);
  g_return_val_if_fail (FD_IS_CALL (call), NULL);

  return g_object_new (FD_TYPE_NUMBER_DIALOG,
                       "transient-for", parent,
                       "action", action,
                       "call", call,
                       NULL);
}

FdCallAction
fd_number_dialog_get_action (FdNumberDialog *self)
{
  g_return_val_if_fail (FD_IS_NUMBER_DIALOG (self), FD_CALL_ACTION_FORWARD);
  return self->action;
}

FdCall *
fd_number_dialog_get_call (FdNumberDialog *self)
{
  g_return_val_if_fail (FD_IS_NUMBER_DIALOG (self), NULL);
  return self->call;
}

/* The number as typed, without surrounding blanks; NULL while empty. */
char *
fd_number_dialog_dup_number (FdNumberDialog *self)
{
  g_autofree char *number = NULL;
  char *chosen;

  g_return_val_if_fail (FD_IS_NUMBER_DIALOG (self), NULL);

  number = g_strstrip (g_strdup (gtk_entry_get_text (self->number_entry)));
  if (*number == '\0')
    return NULL;
  chosen = dup_chosen_number (self, number);
  return chosen != NULL ? chosen : g_steal_pointer (&number);
}

void
fd_number_dialog_set_number (FdNumberDialog *self,
                             const char     *number)
{
  g_return_if_fail (FD_IS_NUMBER_DIALOG (self));

  gtk_entry_set_text (self->number_entry, number != NULL ? number : "");
}

gboolean
fd_number_dialog_get_keep_caller (FdNumberDialog *self)
{
  g_return_val_if_fail (FD_IS_NUMBER_DIALOG (self), TRUE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->keep_caller_radio));
}

void
fd_number_dialog_set_keep_caller (FdNumberDialog *self,
                                  gboolean        keep_caller)
{
  g_return_if_fail (FD_IS_NUMBER_DIALOG (self));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (keep_caller ? self->keep_caller_radio
                                                               : self->keep_callee_radio), TRUE);
}

/* BlindTransfer's TransferorParty names the side that LEAVES: keeping the
 * caller sends "callee" away, and the other way round. */
const char *
fd_number_dialog_get_party (FdNumberDialog *self)
{
  g_return_val_if_fail (FD_IS_NUMBER_DIALOG (self), NULL);

  return fd_number_dialog_get_keep_caller (self) ? FD_TRANSFER_PARTY_CALLEE : FD_TRANSFER_PARTY_CALLER;
}

/* For tests: the type-ahead's rows, the shown text in column 0. */
GtkTreeModel *
fd_number_dialog_get_choices (FdNumberDialog *self)
{
  g_return_val_if_fail (FD_IS_NUMBER_DIALOG (self), NULL);
  return GTK_TREE_MODEL (self->choices);
}
