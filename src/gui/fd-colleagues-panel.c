/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdColleagues"

#include "config.h"

#include "fd-colleagues-panel.h"

#include "fd-call-drag.h"
#include "fd-format.h"

#include <glib/gi18n.h>

#define EXTENSION_KEY "fd-extension"

struct _FdColleaguesPanel
{
  GtkBox       parent_instance;

  GtkListBox  *list_box;
  GtkLabel    *empty_label;

  FdPeople    *people;    /* nullable */
  /* extension id -> Row, the rows kept and updated in place */
  GHashTable  *rows;
  GPtrArray   *order;     /* element-type utf8: the ids shown, in order */
};

/* The widgets of one colleague's row. */
typedef struct {
  GtkWidget  *row;       /* GtkListBoxRow, owned by the list box */
  GtkLabel   *lamp;
  GtkLabel   *name;
  GtkLabel   *status;
  FdPresence  presence;
} Row;

G_DEFINE_FINAL_TYPE (FdColleaguesPanel, fd_colleagues_panel, GTK_TYPE_BOX)

enum {
  CALL_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
presence_class (FdPresence presence)
{
  static const char * const classes[] = {
    [FD_PRESENCE_UNKNOWN] = "fd-lamp-unknown",
    [FD_PRESENCE_FREE] = "fd-lamp-free",
    [FD_PRESENCE_RINGING] = "fd-lamp-ringing",
    [FD_PRESENCE_BUSY] = "fd-lamp-busy",
    [FD_PRESENCE_HOLD] = "fd-lamp-hold",
    [FD_PRESENCE_OFFLINE] = "fd-lamp-offline",
  };

  return classes[presence <= FD_PRESENCE_OFFLINE ? presence : FD_PRESENCE_UNKNOWN];
}

static const char *
presence_describe (FdPresence presence)
{
  switch (presence)
    {
    case FD_PRESENCE_FREE:
      return _("Free");
    case FD_PRESENCE_RINGING:
      return _("Ringing");
    case FD_PRESENCE_BUSY:
      return _("In a call");
    case FD_PRESENCE_HOLD:
      return _("On hold");
    case FD_PRESENCE_OFFLINE:
      return _("Offline");
    case FD_PRESENCE_UNKNOWN:
    default:
      return _("Unknown");
    }
}

/* Colours that read on light and dark themes alike; the lamp's text
 * (a filled or an empty circle) tells the states apart without colour. */
static void
install_css (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider,
                                       ".fd-lamp-free { color: #26a269; }\n"
                                       ".fd-lamp-ringing { color: #e66100; }\n"
                                       ".fd-lamp-busy { color: #c01c28; }\n"
                                       ".fd-lamp-hold { color: #c64600; }\n"
                                       ".fd-lamp-offline, .fd-lamp-unknown { color: #77767b; }\n",
                                       -1, NULL);
      gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (provider),
                                                 GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&done, 1);
    }
}

static void
on_row_drag_data_received (GtkWidget         *widget,
                           GdkDragContext    *context,
                           int                x,
                           int                y,
                           GtkSelectionData  *data,
                           guint              info,
                           guint              time,
                           FdColleaguesPanel *self)
{
  g_autofree char *call_id = fd_call_drag_dup_call_id (data);

  if (call_id == NULL ||
      !fd_colleagues_panel_drop (self, g_object_get_data (G_OBJECT (widget), EXTENSION_KEY), call_id))
    g_debug ("A drop that carried no active call");
}

static Row *
row_new (FdColleaguesPanel *self,
         const char        *id)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *grid = gtk_grid_new ();

  row->lamp = GTK_LABEL (gtk_label_new (NULL));
  row->name = GTK_LABEL (gtk_label_new (NULL));
  row->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->name, 0);
  gtk_label_set_xalign (row->status, 0);
  gtk_label_set_ellipsize (row->name, PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (row->status, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (row->name), TRUE);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (row->status)), "dim-label");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  g_object_set (grid, "margin", 4, NULL);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->lamp), 0, 0, 1, 2);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->name), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->status), 1, 1, 1, 1);

  row->row = gtk_list_box_row_new ();
  row->presence = FD_PRESENCE_UNKNOWN;
  gtk_container_add (GTK_CONTAINER (row->row), grid);
  gtk_widget_show_all (row->row);
  g_object_set_data_full (G_OBJECT (row->row), EXTENSION_KEY, g_strdup (id), g_free);
  fd_call_drag_dest_set (row->row);
  g_signal_connect_object (row->row, "drag-data-received", G_CALLBACK (on_row_drag_data_received), self, 0);
  gtk_container_add (GTK_CONTAINER (self->list_box), row->row);
  return row;
}

/* The other party of a call @extension is in, as a sentence names it. */
static char *
dup_other_party (FdCall     *call,
                 const char *extension)
{
  if (g_strcmp0 (fd_call_get_source (call), extension) == 0)
    return fd_format_dup_callee (call);
  return fd_format_dup_caller (call);
}

static char *
dup_status_text (FdColleaguesPanel *self,
                 FdExtensionStatus *status)
{
  const char *id = fd_extension_get_id (status->extension);
  FdCallTracker *tracker = fd_desk_get_tracker (fd_people_get_desk (self->people));
  FdCall *call = NULL;
  g_autofree char *other = NULL;

  if (status->call_ids->len > 0)
    call = fd_call_tracker_lookup (tracker, g_ptr_array_index (status->call_ids, 0));
  if (call != NULL)
    other = dup_other_party (call, id);
  if (other == NULL)
    return g_strdup (presence_describe (status->presence));
  switch (status->presence)
    {
    case FD_PRESENCE_BUSY:
      /* Busy dialling: its phone is off the hook, but nobody answered yet. */
      if (g_strcmp0 (fd_call_get_state (call), FD_CALL_STATE_RINGING) == 0)
        /* Translators: %s is the party called, "Anna Kovács (+3612345678)" */
        return g_strdup_printf (_("Calling %s"), other);
      /* Translators: %s is the other party, "Anna Kovács (+3612345678)" */
      return g_strdup_printf (_("In a call with %s"), other);
    case FD_PRESENCE_HOLD:
      /* Translators: %s is the other party, "Anna Kovács (+3612345678)" */
      return g_strdup_printf (_("On hold with %s"), other);
    case FD_PRESENCE_RINGING:
      /* Translators: %s is the other party, "Anna Kovács (+3612345678)" */
      return g_strdup_printf (_("Ringing: %s"), other);
    default:
      return g_strdup (presence_describe (status->presence));
    }
}

static void
row_update (FdColleaguesPanel *self,
            Row               *row,
            FdExtensionStatus *status)
{
  GtkStyleContext *lamp_style = gtk_widget_get_style_context (GTK_WIDGET (row->lamp));
  const char *id = fd_extension_get_id (status->extension);
  g_autofree char *name = fd_namer_dup_name (fd_people_get_namer (self->people), id, NULL);
  g_autofree char *title = fd_format_dup_party (name, id);
  g_autofree char *text = dup_status_text (self, status);
  g_autofree char *tooltip = NULL;

  gtk_style_context_remove_class (lamp_style, presence_class (row->presence));
  gtk_style_context_add_class (lamp_style, presence_class (status->presence));
  row->presence = status->presence;
  gtk_label_set_text (row->lamp, status->presence == FD_PRESENCE_FREE || status->presence == FD_PRESENCE_OFFLINE ||
                                 status->presence == FD_PRESENCE_UNKNOWN ? "○" : "●");
  gtk_label_set_text (row->name, title);
  gtk_label_set_text (row->status, text);
  /* Translators: a colleague, then how they are: "Reception (1001): Free" */
  tooltip = g_strdup_printf (_("%s: %s"), title, text);
  gtk_widget_set_tooltip_text (row->row, tooltip);
}

static GPtrArray *
dup_active_calls (FdColleaguesPanel *self)
{
  GListModel *calls = fd_desk_get_calls (fd_people_get_desk (self->people));
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    g_ptr_array_add (array, g_list_model_get_item (calls, i));
  return array;
}

static gboolean
same_order (GPtrArray *order,
            GPtrArray *statuses)
{
  if (order->len != statuses->len)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      FdExtensionStatus *status = g_ptr_array_index (statuses, i);

      if (g_strcmp0 (g_ptr_array_index (order, i), fd_extension_get_id (status->extension)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* A new list of extensions: the rows are made again, in its order. */
static void
rebuild_rows (FdColleaguesPanel *self,
              GPtrArray         *statuses)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_widget_destroy (((Row *) value)->row);
  g_hash_table_remove_all (self->rows);
  g_ptr_array_set_size (self->order, 0);
  for (guint i = 0; i < statuses->len; i++)
    {
      const char *id = fd_extension_get_id (((FdExtensionStatus *) g_ptr_array_index (statuses, i))->extension);

      if (g_hash_table_contains (self->rows, id))
        continue;
      g_hash_table_insert (self->rows, g_strdup (id), row_new (self, id));
      g_ptr_array_add (self->order, g_strdup (id));
    }
}

void
fd_colleagues_panel_refresh (FdColleaguesPanel *self)
{
  FdExtensionWatch *watch;
  GPtrArray *extensions;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) statuses = NULL;

  g_return_if_fail (FD_IS_COLLEAGUES_PANEL (self));
  if (self->people == NULL || self->list_box == NULL)
    return;
  watch = fd_people_get_watch (self->people);
  extensions = fd_extension_watch_get_extensions (watch);
  if (fd_extension_watch_get_error (watch) != NULL)
    gtk_label_set_text (self->empty_label, fd_extension_watch_get_error (watch));
  if (extensions == NULL)
    return;
  calls = dup_active_calls (self);
  statuses = fd_extension_compute_presence (extensions, calls);
  if (!same_order (self->order, statuses))
    rebuild_rows (self, statuses);
  for (guint i = 0; i < statuses->len; i++)
    {
      FdExtensionStatus *status = g_ptr_array_index (statuses, i);
      Row *row = g_hash_table_lookup (self->rows, fd_extension_get_id (status->extension));

      if (row != NULL)
        row_update (self, row, status);
    }
}

static void
fd_colleagues_panel_dispose (GObject *object)
{
  FdColleaguesPanel *self = FD_COLLEAGUES_PANEL (object);

  g_clear_object (&self->people);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  self->list_box = NULL;

  G_OBJECT_CLASS (fd_colleagues_panel_parent_class)->dispose (object);
}

static void
fd_colleagues_panel_class_init (FdColleaguesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_colleagues_panel_dispose;

  signals[CALL_DROPPED] = g_signal_new ("call-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, FD_TYPE_CALL, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/fd-colleagues-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FdColleaguesPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, FdColleaguesPanel, empty_label);
}

static void
fd_colleagues_panel_init (FdColleaguesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  install_css ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->order = g_ptr_array_new_with_free_func (g_free);
}

void
fd_colleagues_panel_set_people (FdColleaguesPanel *self,
                                FdPeople          *people)
{
  g_return_if_fail (FD_IS_COLLEAGUES_PANEL (self));
  g_return_if_fail (people == NULL || FD_IS_PEOPLE (people));

  if (!g_set_object (&self->people, people) || people == NULL)
    return;
  g_signal_connect_object (fd_people_get_watch (people), "changed", G_CALLBACK (fd_colleagues_panel_refresh),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fd_desk_get_poller (fd_people_get_desk (people)), "snapshot",
                           G_CALLBACK (fd_colleagues_panel_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fd_people_get_namer (people), "changed", G_CALLBACK (fd_colleagues_panel_refresh),
                           self, G_CONNECT_SWAPPED);
  fd_colleagues_panel_refresh (self);
}

gboolean
fd_colleagues_panel_drop (FdColleaguesPanel *self,
                          const char        *extension,
                          const char        *call_id)
{
  FdCall *call;

  g_return_val_if_fail (FD_IS_COLLEAGUES_PANEL (self), FALSE);
  if (self->people == NULL || extension == NULL || call_id == NULL ||
      !g_hash_table_contains (self->rows, extension))
    return FALSE;
  call = fd_call_tracker_lookup (fd_desk_get_tracker (fd_people_get_desk (self->people)), call_id);
  if (call == NULL)
    return FALSE;
  g_signal_emit (self, signals[CALL_DROPPED], 0, call, extension);
  return TRUE;
}

guint
fd_colleagues_panel_get_n_rows (FdColleaguesPanel *self)
{
  g_return_val_if_fail (FD_IS_COLLEAGUES_PANEL (self), 0);
  return self->order->len;
}

GtkWidget *
fd_colleagues_panel_get_row (FdColleaguesPanel *self,
                             const char        *extension)
{
  Row *row;

  g_return_val_if_fail (FD_IS_COLLEAGUES_PANEL (self), NULL);
  row = g_hash_table_lookup (self->rows, extension);
  return row != NULL ? row->row : NULL;
}

FdPresence
fd_colleagues_panel_get_presence (FdColleaguesPanel *self,
                                  const char        *extension)
{
  Row *row;

  g_return_val_if_fail (FD_IS_COLLEAGUES_PANEL (self), FD_PRESENCE_UNKNOWN);
  row = g_hash_table_lookup (self->rows, extension);
  return row != NULL ? row->presence : FD_PRESENCE_UNKNOWN;
}

char *
fd_colleagues_panel_dup_row_text (FdColleaguesPanel *self,
                                  const char        *extension)
{
  Row *row;

  g_return_val_if_fail (FD_IS_COLLEAGUES_PANEL (self), NULL);
  row = g_hash_table_lookup (self->rows, extension);
  if (row == NULL)
    return NULL;
  return g_strdup_printf ("%s: %s", gtk_label_get_text (row->name), gtk_label_get_text (row->status));
}
