/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fd-call-control.h"
#include "fd-call.h"

G_BEGIN_DECLS

#define FD_TYPE_NUMBER_DIALOG (fd_number_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FdNumberDialog, fd_number_dialog, FD, NUMBER_DIALOG, GtkDialog)

/*
 * Asks where to send "call": the number to forward it to ("action"
 * FD_CALL_ACTION_FORWARD) or to transfer it to, and then also which side
 * stays on the call (FD_CALL_ACTION_TRANSFER). Responds GTK_RESPONSE_OK,
 * which needs a number, or GTK_RESPONSE_CANCEL; the owner destroys it.
 */

GtkWidget    *fd_number_dialog_new             (GtkWindow      *parent,
                                                FdCallAction    action,
                                                FdCall         *call);
/* Offers @number, shown with @name (nullable), to the type-ahead: typing
 * any part of either proposes it, and a whole name typed sends @number. */
void          fd_number_dialog_add_choice      (FdNumberDialog *self,
                                                const char     *name,
                                                const char     *number);
GtkTreeModel *fd_number_dialog_get_choices     (FdNumberDialog *self);
FdCallAction  fd_number_dialog_get_action      (FdNumberDialog *self);
FdCall       *fd_number_dialog_get_call        (FdNumberDialog *self);
char         *fd_number_dialog_dup_number      (FdNumberDialog *self);
void          fd_number_dialog_set_number      (FdNumberDialog *self,
                                                const char     *number);
gboolean      fd_number_dialog_get_keep_caller (FdNumberDialog *self);
void          fd_number_dialog_set_keep_caller (FdNumberDialog *self,
                                                gboolean        keep_caller);
const char   *fd_number_dialog_get_party       (FdNumberDialog *self);

G_END_DECLS
