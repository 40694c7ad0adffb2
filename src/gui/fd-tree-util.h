/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What both pages' GtkTreeViews share: their text columns and their
 * context menus. A leaf: it knows no page and no window. */

typedef enum {
  FD_COLUMN_TEXT,
  FD_COLUMN_MARKUP,    /* the caller: ellipsized, takes the spare width */
  FD_COLUMN_NUMERIC,   /* times: right-aligned, tabular digits */
} FdColumnKind;

int                fd_tree_text_width         (GtkWidget      *widget,
                                               const char     *text,
                                               gboolean        bold);
GtkTreeViewColumn *fd_tree_add_text_column    (GtkTreeView    *view,
                                               const char     *title,
                                               int             text_column,
                                               int             sort_column,
                                               int             weight_column,
                                               FdColumnKind    kind);
/* An icon before a text (a call's state, an entry's outcome), sorted by
 * @sort_column unless it is -1. */
GtkTreeViewColumn *fd_tree_add_icon_text_column (GtkTreeView *view,
                                                 const char  *title,
                                                 int          icon_column,
                                                 int          text_column,
                                                 int          weight_column,
                                                 int          sort_column,
                                                 int          min_width);

/* The context menu of @view, built from @model the first time it opens;
 * *popup is a weak pointer to it. For "button-press-event" and
 * "popup-menu" handlers: they return what those signals want. */
gboolean           fd_tree_popup_at_pointer   (GtkTreeView    *view,
                                               GdkEventButton *event,
                                               GMenuModel     *model,
                                               GtkWidget     **popup);
gboolean           fd_tree_popup_at_selection (GtkTreeView    *view,
                                               GMenuModel     *model,
                                               GtkWidget     **popup);

G_END_DECLS
