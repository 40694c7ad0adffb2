/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdMinimalGtk"

#include "config.h"

#include <gtk/gtk.h>

/*
 * The baseline of rss.sh: the least a GTK 3 program with a window costs,
 * a GtkWindow with a label, shown, until killed.
 */

int
main (int    argc,
      char **argv)
{
  GtkWidget *window;

  gtk_init (&argc, &argv);
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_container_add (GTK_CONTAINER (window), gtk_label_new ("A minimal GTK 3 window"));
  g_signal_connect (window, "destroy", G_CALLBACK (gtk_main_quit), NULL);
  gtk_widget_show_all (window);
  gtk_main ();
  return 0;
}
