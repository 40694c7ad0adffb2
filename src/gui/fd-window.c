/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdWindow"

#include "config.h"

#include "fd-call-drag.h"
#include "fd-format.h"
#include "fd-window-private.h"
#include "fd-window.h"
#include "frontdesk-resources.h"

#include <glib/gi18n.h>

enum {
  PROP_0,
  PROP_DESK,
  PROP_HIDE_ON_CLOSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FdWindow, fd_window, GTK_TYPE_APPLICATION_WINDOW)

/* The calls in progress, or on the History page the calls it lists. */
void
_fd_window_update_count (FdWindow *self)
{
  g_autofree char *count = NULL;
  guint n_calls;

  if (self->main_stack == NULL || self->calls_page == NULL || self->history_page == NULL)
    return;
  if (_fd_window_is_history_visible (self))
    n_calls = fd_history_page_get_n_shown (self->history_page);
  else
    n_calls = fd_calls_page_get_n_shown (self->calls_page);
  if (_fd_window_is_history_visible (self) && fd_history_page_get_has_more (self->history_page))
    /* Translators: the number of calls listed, in the status line, when
     * the history has older calls that scrolling down reads */
    count = g_strdup_printf (ngettext ("%u call, more below", "%u calls, more below", n_calls), n_calls);
  else
    /* Translators: the number of calls listed, in the status line */
    count = g_strdup_printf (ngettext ("%u call", "%u calls", n_calls), n_calls);
  gtk_label_set_text (self->count_label, count);
}

static char *
dup_connection_text (FdWindow *self)
{
  g_autofree char *url = fd_client_dup_display_url (fd_desk_get_client (self->desk));
  const char *error = fd_desk_get_connection_error (self->desk);

  switch (fd_desk_get_connection_state (self->desk))
    {
    case FD_CONNECTION_ONLINE:
      /* Translators: %s is the address of the phone system */
      return g_strdup_printf (_("Connected to %s"), url);
    case FD_CONNECTION_CONNECTING:
      /* Translators: %s is the address of the phone system */
      return g_strdup_printf (_("Connecting to %s…"), url);
    case FD_CONNECTION_OFFLINE:
      /* Translators: %s is a sentence saying what went wrong */
      return g_strdup_printf (_("Offline: %s"), error != NULL ? error : url);
    case FD_CONNECTION_AUTH_FAILED:
      /* Translators: %s is a sentence saying what went wrong */
      return g_strdup_printf (_("Credentials refused: %s"), error != NULL ? error : url);
    case FD_CONNECTION_STOPPED:
    default:
      return g_strdup (_("Not connected"));
    }
}

/* The connection, and the journal when the history cannot be kept. */
static char *
dup_status_text (FdWindow *self)
{
  g_autofree char *connection = dup_connection_text (self);
  const char *journal_error = fd_history_page_get_journal_error (self->history_page);

  /* A journal that is open but cannot be written now (a PostgreSQL
   * server away, with calls waiting in the outbox) says so as it is. */
  if (journal_error == NULL && fd_desk_get_journal_error (self->desk) != NULL)
    /* Translators: the first %s is the connection state ("Connected to …"),
     * the second a sentence on the call journal ("Journal offline: …") */
    return g_strdup_printf (_("%s · %s"), connection, fd_desk_get_journal_error (self->desk));
  if (journal_error == NULL)
    return g_steal_pointer (&connection);
  /* Translators: the first %s is the connection state ("Connected to …"),
   * the second a sentence saying why the call journal cannot be used */
  return g_strdup_printf (_("%s · The call history is not being kept: %s"), connection, journal_error);
}

void
_fd_window_update_status (FdWindow *self)
{
  g_autofree char *text = dup_status_text (self);

  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  gtk_image_set_from_icon_name (self->status_image,
                                fd_connection_state_icon_name (fd_desk_get_connection_state (self->desk)),
                                GTK_ICON_SIZE_MENU);
}

/* One search entry for both pages. */
static void
on_search_changed (FdWindow       *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

  fd_calls_page_set_search_text (self->calls_page, text);
  fd_history_page_set_search_text (self->history_page, text);
}

gboolean
_fd_window_get_selected_call (FdWindow  *self,
                              FdCall   **call)
{
  FdCall *selected = fd_calls_page_get_selected_call (self->calls_page);

  *call = selected != NULL ? g_object_ref (selected) : NULL;
  return selected != NULL;
}

gboolean
_fd_window_is_history_visible (FdWindow *self)
{
  return gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->history_page);
}

static void
on_page_changed (FdWindow *self)
{
  GAction *page = g_action_map_lookup_action (G_ACTION_MAP (self), "page");

  if (page != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (page),
                               g_variant_new_string (gtk_stack_get_visible_child_name (self->main_stack)));
  _fd_window_update_count (self);
  _fd_window_update_actions (self);
}

enum {
  MISSED_RESPONSE_SHOW = 1,
  MISSED_RESPONSE_MARK_ALL,
};

static void
on_missed_bar_response (FdWindow *self,
                        int       response)
{
  if (response == MISSED_RESPONSE_MARK_ALL)
    {
      fd_history_page_mark_all_handled (self->history_page);
      return;
    }
  fd_history_page_set_filter (self->history_page, FD_JOURNAL_FILTER_MISSED);
  fd_window_show_page (self, "history");
}

/* The inbox: the info bar, and the History switcher's title and dot. */
static void
on_missed_count_changed (FdWindow *self)
{
  guint count = fd_history_page_get_missed_count (self->history_page);
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  /* Translators: the unhandled missed calls, in the bar above the calls */
  text = g_strdup_printf (ngettext ("%u missed call", "%u missed calls", count), count);
  gtk_label_set_text (self->missed_label, text);
  gtk_info_bar_set_revealed (self->missed_bar, count > 0);

  /* Translators: the History page's title while %u missed calls wait */
  title = count > 0 ? g_strdup_printf (_("History (%u)"), count) : g_strdup (_("History"));
  gtk_container_child_set (GTK_CONTAINER (self->main_stack), GTK_WIDGET (self->history_page),
                           "title", title, "needs-attention", count > 0, NULL);
  _fd_window_update_actions (self);
}

static void
on_history_filter_changed (FdWindow *self)
{
  static const char * const names[] = { "all", "missed", "answered" };
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "history-filter");
  FdJournalFilter kind = fd_history_page_get_filter (self->history_page);

  g_assert (kind < G_N_ELEMENTS (names));
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (names[kind]));
}

static void
on_status_message (FdWindow      *self,
                   const char    *text,
                   gboolean       failed,
                   FdHistoryPage *page)
{
  _fd_window_show_result (self, text, failed);
}

/* Enter or a double click on any call copies its number; @call is an
 * FdCall of Active Calls or an FdJournalEntry of the history. */
static void
on_call_activated (FdWindow  *self,
                   GObject   *call,
                   GtkWidget *page)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "copy-number", NULL);
}

static void
on_result_bar_response (FdWindow *self,
                        int       response)
{
  gtk_info_bar_set_revealed (self->result_bar, FALSE);
}

static gboolean
fd_window_delete_event (GtkWidget   *widget,
                        GdkEventAny *event)
{
  FdWindow *self = FD_WINDOW (widget);

  /* Never destroyed: without a tray the window must stay reachable from
   * the task bar, so it only hides when a tray icon can bring it back. */
  if (self->hide_on_close)
    gtk_widget_hide (widget);
  else
    gtk_window_iconify (GTK_WINDOW (widget));
  return GDK_EVENT_STOP;
}

static gboolean
fd_window_key_press_event (GtkWidget   *widget,
                           GdkEventKey *event)
{
  FdWindow *self = FD_WINDOW (widget);

  if (GTK_WIDGET_CLASS (fd_window_parent_class)->key_press_event (widget, event))
    return GDK_EVENT_STOP;
  if (gtk_search_bar_handle_event (self->search_bar, (GdkEvent *) event))
    return GDK_EVENT_STOP;
  if (event->keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;

  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  else
    gtk_window_close (GTK_WINDOW (self));
  return GDK_EVENT_STOP;
}

static void
fd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FdWindow *self = FD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;
    case PROP_HIDE_ON_CLOSE:
      g_value_set_boolean (value, self->hide_on_close);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FdWindow *self = FD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DESK:
      self->desk = g_value_dup_object (value);
      break;
    case PROP_HIDE_ON_CLOSE:
      fd_window_set_hide_on_close (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Just above the pages, below the other bars: it dims the active calls. */
static void
add_offline_bar (FdWindow *self)
{
  GtkWidget *stale = GTK_WIDGET (fd_calls_page_get_tree_view (self->calls_page));
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->main_stack));
  GValue position = G_VALUE_INIT;

  self->offline_bar = FD_OFFLINE_BAR (fd_offline_bar_new (fd_desk_get_poller (self->desk), stale));
  g_value_init (&position, G_TYPE_INT);
  gtk_container_child_get_property (GTK_CONTAINER (box), GTK_WIDGET (self->main_stack), "position", &position);
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (self->offline_bar), FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (box), GTK_WIDGET (self->offline_bar), g_value_get_int (&position));
}

static void
fd_window_constructed (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  G_OBJECT_CLASS (fd_window_parent_class)->constructed (object);

  g_assert (FD_IS_DESK (self->desk));

  fd_calls_page_set_desk (self->calls_page, self->desk);
  fd_history_page_set_desk (self->history_page, self->desk);
  add_offline_bar (self);
  fd_call_drag_source_attach (self->calls_page);
  g_signal_connect_object (self->desk, "notify::connection-state", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::connection-error", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->desk, "notify::journal-error", G_CALLBACK (_fd_window_update_status), self,
                           G_CONNECT_SWAPPED);
  _fd_window_update_status (self);
  _fd_window_update_count (self);
  _fd_window_update_actions (self);
}

static void
fd_window_dispose (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  _fd_window_actions_dispose (self);
  g_clear_object (&self->desk);
  g_clear_object (&self->people);

  G_OBJECT_CLASS (fd_window_parent_class)->dispose (object);
}

static void
fd_window_class_init (FdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_window_get_property;
  object_class->set_property = fd_window_set_property;
  object_class->constructed = fd_window_constructed;
  object_class->dispose = fd_window_dispose;
  widget_class->delete_event = fd_window_delete_event;
  widget_class->key_press_event = fd_window_key_press_event;

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, FD_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDE_ON_CLOSE] =
    g_param_spec_boolean ("hide-on-close", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A static library brings in only objects that something refers to: this
   * links the GResource, whose constructor registers it. */
  (void) fd_get_resource ();
  g_type_ensure (FD_TYPE_CALLS_PAGE);
  g_type_ensure (FD_TYPE_HISTORY_PAGE);
  g_type_ensure (FD_TYPE_COLLEAGUES_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/frontdesk/Frontdesk/fd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FdWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, missed_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, missed_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, result_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, result_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, calls_page);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, colleagues_panel);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, status_image);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_missed_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_result_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_missed_count_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_message);
  gtk_widget_class_bind_template_callback (widget_class, on_call_activated);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_call_dropped",
                                                G_CALLBACK (_fd_window_drop_call));
  gtk_widget_class_bind_template_callback_full (widget_class, "update_status",
                                                G_CALLBACK (_fd_window_update_status));
  gtk_widget_class_bind_template_callback_full (widget_class, "update_count",
                                                G_CALLBACK (_fd_window_update_count));
  gtk_widget_class_bind_template_callback_full (widget_class, "update_actions",
                                                G_CALLBACK (_fd_window_update_actions));
}

static void
fd_window_init (FdWindow *self)
{
  g_autoptr(GPropertyAction) search = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_info_bar_add_button (self->missed_bar, _("_Show"), MISSED_RESPONSE_SHOW);
  gtk_info_bar_add_button (self->missed_bar, _("_Mark All Handled"), MISSED_RESPONSE_MARK_ALL);

  self->cancellable = g_cancellable_new ();
  gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));

  search = g_property_action_new ("search", self->search_bar, "search-mode-enabled");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (search));
  _fd_window_actions_init (self);
  on_missed_count_changed (self);
}

FdWindow *
fd_window_new (GtkApplication *application,
               FdDesk         *desk)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FD_IS_DESK (desk), NULL);

  return g_object_new (FD_TYPE_WINDOW,
                       "application", application,
                       "desk", desk,
                       NULL);
}

void
fd_window_set_hide_on_close (FdWindow *self,
                             gboolean  hide_on_close)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  hide_on_close = !!hide_on_close;
  if (self->hide_on_close == hide_on_close)
    return;
  self->hide_on_close = hide_on_close;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDE_ON_CLOSE]);
}

gboolean
fd_window_get_hide_on_close (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);
  return self->hide_on_close;
}

/* The call on the selected row of Active Calls, or NULL. Transfer none:
 * the row holds the call, and it is the tracker's object for that call. */
FdCall *
fd_window_get_selected_call (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return fd_calls_page_get_selected_call (self->calls_page);
}

/* Selects the call's row and scrolls to it; a search that hides it is
 * cleared first. FALSE when the call is gone. */
gboolean
fd_window_select_call (FdWindow   *self,
                       const char *call_id)
{
  FdCall *call;

  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  call = fd_call_tracker_lookup (fd_desk_get_tracker (self->desk), call_id);
  if (call == NULL || !fd_calls_page_lookup_row (self->calls_page, call, NULL))
    return FALSE;
  if (fd_calls_page_select_call (self->calls_page, call))
    return TRUE;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
  on_search_changed (self, self->search_entry);
  return fd_calls_page_select_call (self->calls_page, call);
}

void
fd_window_start_search (FdWindow   *self,
                        const char *text)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_entry_set_text (GTK_ENTRY (self->search_entry), text != NULL ? text : "");
  /* Apply at once rather than after the entry's typing delay. */
  on_search_changed (self, self->search_entry);
}

FdCallsPage *
fd_window_get_calls_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->calls_page;
}

FdOfflineBar *
fd_window_get_offline_bar (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->offline_bar;
}

const char *
fd_window_get_status_text (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

/* "active" or "history". */
void
fd_window_show_page (FdWindow   *self,
                     const char *name)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (g_strcmp0 (name, "active") == 0 || g_strcmp0 (name, "history") == 0);

  gtk_stack_set_visible_child_name (self->main_stack, name);
}

const char *
fd_window_get_visible_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * fd_window_set_journal:
 * @journal: (nullable): the journal the history shows
 * @error_message: (nullable): with no journal, why: the history page and
 *   the status line show it
 */
void
fd_window_set_journal (FdWindow   *self,
                       FdJournal  *journal,
                       const char *error_message)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  fd_history_page_set_journal (self->history_page, journal, error_message);
}

FdJournal *
fd_window_get_journal (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return fd_history_page_get_journal (self->history_page);
}

/* Shows the History page with that call selected, clearing a filter or a
 * search that hides it. FALSE when the journal has no such call. */
gboolean
fd_window_select_history (FdWindow *self,
                          gint64    id)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  if (!fd_history_page_has_call (self->history_page, id))
    return FALSE;
  fd_window_show_page (self, "history");
  if (fd_history_page_select (self->history_page, id))
    return TRUE;
  fd_window_start_search (self, NULL);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  fd_history_page_set_filter (self->history_page, FD_JOURNAL_FILTER_ALL);
  return fd_history_page_select (self->history_page, id);
}

FdHistoryPage *
fd_window_get_history_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->history_page;
}

/* The inbox's text while it shows, else NULL. */
const char *
fd_window_get_missed_text (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (self->missed_bar))
    return NULL;
  return gtk_label_get_text (self->missed_label);
}

void
fd_window_set_people (FdWindow *self,
                      FdPeople *people)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (people == NULL || FD_IS_PEOPLE (people));

  if (!g_set_object (&self->people, people))
    return;
  fd_colleagues_panel_set_people (self->colleagues_panel, people);
  gtk_widget_set_visible (GTK_WIDGET (self->colleagues_panel), people != NULL);
}

FdColleaguesPanel *
fd_window_get_colleagues_panel (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);
  return self->colleagues_panel;
}
