/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdTreeUtil"

#include "config.h"

#include "fd-tree-util.h"

int
fd_tree_text_width (GtkWidget  *widget,
                    const char *text,
                    gboolean    bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* A column of text; sort_column and weight_column may be -1 for none. */
GtkTreeViewColumn *
fd_tree_add_text_column (GtkTreeView  *view,
                         const char   *title,
                         int           text_column,
                         int           sort_column,
                         int           weight_column,
                         FdColumnKind  kind)
{
  GtkCellRenderer *renderer = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();

  gtk_tree_view_column_set_title (column, title);
  gtk_tree_view_column_pack_start (column, renderer, TRUE);
  if (kind == FD_COLUMN_MARKUP)
    {
      gtk_tree_view_column_add_attribute (column, renderer, "markup", text_column);
      g_object_set (renderer, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
      gtk_tree_view_column_set_expand (column, TRUE);
      gtk_tree_view_column_set_min_width (column, 180);
    }
  else
    gtk_tree_view_column_add_attribute (column, renderer, "text", text_column);
  if (kind == FD_COLUMN_NUMERIC)
    {
      /* Tabular digits keep ticking times from jittering sideways. */
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      g_object_set (renderer, "xalign", 1.0, "attributes", attrs, NULL);
      gtk_tree_view_column_set_alignment (column, 1.0);
    }
  g_object_set (renderer, "xpad", 6, "ypad", 3, NULL);
  if (weight_column >= 0)
    gtk_tree_view_column_add_attribute (column, renderer, "weight", weight_column);
  if (sort_column >= 0)
    gtk_tree_view_column_set_sort_column_id (column, sort_column);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_append_column (view, column);
  return column;
}

static GtkWidget *
ensure_popup (GtkTreeView  *view,
              GMenuModel   *model,
              GtkWidget   **popup)
{
  if (*popup == NULL)
    {
      /* Attached, the menu finds the window's actions. */
      *popup = gtk_menu_new_from_model (model);
      gtk_menu_attach_to_widget (GTK_MENU (*popup), GTK_WIDGET (view), NULL);
      g_object_add_weak_pointer (G_OBJECT (*popup), (gpointer *) popup);
    }
  return *popup;
}

gboolean
fd_tree_popup_at_pointer (GtkTreeView     *view,
                          GdkEventButton  *event,
                          GMenuModel      *model,
                          GtkWidget      **popup)
{
  g_autoptr(GtkTreePath) path = NULL;

  if (!gdk_event_triggers_context_menu ((GdkEvent *) event) ||
      event->window != gtk_tree_view_get_bin_window (view))
    return GDK_EVENT_PROPAGATE;
  if (!gtk_tree_view_get_path_at_pos (view, (int) event->x, (int) event->y, &path, NULL, NULL, NULL))
    return GDK_EVENT_PROPAGATE;

  gtk_tree_view_set_cursor (view, path, NULL, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_menu_popup_at_pointer (GTK_MENU (ensure_popup (view, model, popup)), (GdkEvent *) event);
  return GDK_EVENT_STOP;
}

/* The Menu key and Shift+F10: the menu opens under the selected row. */
gboolean
fd_tree_popup_at_selection (GtkTreeView  *view,
                            GMenuModel   *model,
                            GtkWidget   **popup)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
  g_autoptr(GtkTreePath) path = NULL;
  GtkTreeModel *tree_model;
  GtkTreeIter iter;
  GdkRectangle rect;

  if (!gtk_tree_selection_get_selected (selection, &tree_model, &iter))
    return FALSE;
  path = gtk_tree_model_get_path (tree_model, &iter);
  gtk_tree_view_get_cell_area (view, path, NULL, &rect);
  gtk_tree_view_convert_bin_window_to_widget_coords (view, rect.x, rect.y, &rect.x, &rect.y);
  rect.width = MAX (rect.width, 1);
  gtk_menu_popup_at_rect (GTK_MENU (ensure_popup (view, model, popup)), gtk_widget_get_window (GTK_WIDGET (view)),
                          &rect, GDK_GRAVITY_SOUTH_WEST, GDK_GRAVITY_NORTH_WEST, NULL);
  return TRUE;
}

GtkTreeViewColumn *
fd_tree_add_icon_text_column (GtkTreeView *view,
                              const char  *title,
                              int          icon_column,
                              int          text_column,
                              int          weight_column,
                              int          sort_column,
                              int          min_width)
{
  GtkCellRenderer *icon = gtk_cell_renderer_pixbuf_new ();
  GtkCellRenderer *text = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();

  gtk_tree_view_column_set_title (column, title);
  g_object_set (icon, "xpad", 6, NULL);
  g_object_set (text, "ypad", 3, NULL);
  gtk_tree_view_column_pack_start (column, icon, FALSE);
  gtk_tree_view_column_pack_start (column, text, TRUE);
  gtk_tree_view_column_add_attribute (column, icon, "icon-name", icon_column);
  gtk_tree_view_column_add_attribute (column, text, "text", text_column);
  gtk_tree_view_column_add_attribute (column, text, "weight", weight_column);
  if (sort_column >= 0)
    gtk_tree_view_column_set_sort_column_id (column, sort_column);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_min_width (column, min_width);
  gtk_tree_view_append_column (view, column);
  return column;
}
