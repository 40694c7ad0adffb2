/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdJournal"

#include "config.h"

#include "fd-history-model.h"

enum {
  PROP_0,
  PROP_JOURNAL,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdHistoryModel
{
  GObject    parent_instance;

  FdJournal *journal;
  GPtrArray *entries;   /* of FdJournalEntry, newest first */
  char      *error;
};

static void fd_history_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdHistoryModel, fd_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fd_history_model_list_init))

static GType
get_item_type (GListModel *list)
{
  return FD_TYPE_JOURNAL_ENTRY;
}

static guint
get_n_items (GListModel *list)
{
  return FD_HISTORY_MODEL (list)->entries->len;
}

static gpointer
get_item (GListModel *list,
          guint       position)
{
  FdHistoryModel *self = FD_HISTORY_MODEL (list);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
fd_history_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_error (FdHistoryModel *self,
           const char     *sentence)
{
  if (g_strcmp0 (self->error, sentence) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (sentence);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static gboolean
find_entry (FdHistoryModel *self,
            gint64          id,
            guint          *position)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (fd_journal_entry_get_id (g_ptr_array_index (self->entries, i)) == id)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

static void
remove_entry (FdHistoryModel *self,
              gint64          id)
{
  guint position;

  if (!find_entry (self, id, &position))
    return;
  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* One row: in place when the list has it, else a call that just ended,
 * which is the newest. */
static void
refresh_entry (FdHistoryModel *self,
               gint64          id)
{
  g_autoptr(GError) error = NULL;
  FdJournalEntry *entry = fd_journal_lookup (self->journal, id, &error);
  guint position;

  if (entry == NULL)
    {
      if (g_error_matches (error, FD_JOURNAL_ERROR, FD_JOURNAL_ERROR_NOT_FOUND))
        remove_entry (self, id);
      else
        set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  if (find_entry (self, id, &position))
    {
      g_object_unref (g_ptr_array_index (self->entries, position));
      g_ptr_array_index (self->entries, position) = entry;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }
  g_ptr_array_insert (self->entries, 0, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
}

static void
on_journal_changed (FdHistoryModel *self,
                    gint64          id)
{
  if (id == 0)
    fd_history_model_reload (self);
  else
    refresh_entry (self, id);
}

static void
fd_history_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FdHistoryModel *self = FD_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_JOURNAL: g_value_set_object (value, self->journal); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FdHistoryModel *self = FD_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_JOURNAL: self->journal = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_model_constructed (GObject *object)
{
  FdHistoryModel *self = FD_HISTORY_MODEL (object);

  G_OBJECT_CLASS (fd_history_model_parent_class)->constructed (object);

  g_assert (FD_IS_JOURNAL (self->journal));
  g_signal_connect_object (self->journal, "changed", G_CALLBACK (on_journal_changed), self, G_CONNECT_SWAPPED);
  fd_history_model_reload (self);
}

static void
fd_history_model_dispose (GObject *object)
{
  FdHistoryModel *self = FD_HISTORY_MODEL (object);

  g_clear_object (&self->journal);

  G_OBJECT_CLASS (fd_history_model_parent_class)->dispose (object);
}

static void
fd_history_model_finalize (GObject *object)
{
  FdHistoryModel *self = FD_HISTORY_MODEL (object);

  g_ptr_array_unref (self->entries);
  g_free (self->error);

  G_OBJECT_CLASS (fd_history_model_parent_class)->finalize (object);
}

static void
fd_history_model_class_init (FdHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fd_history_model_constructed;
  object_class->dispose = fd_history_model_dispose;
  object_class->finalize = fd_history_model_finalize;
  object_class->get_property = fd_history_model_get_property;
  object_class->set_property = fd_history_model_set_property;

  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, FD_TYPE_JOURNAL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_history_model_init (FdHistoryModel *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
}

FdHistoryModel *
fd_history_model_new (FdJournal *journal)
{
  g_return_val_if_fail (FD_IS_JOURNAL (journal), NULL);

  return g_object_new (FD_TYPE_HISTORY_MODEL, "journal", journal, NULL);
}

FdJournal *
fd_history_model_get_journal (FdHistoryModel *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_MODEL (self), NULL);
  return self->journal;
}

const char *
fd_history_model_get_error (FdHistoryModel *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_MODEL (self), NULL);
  return self->error;
}

/* The whole journal again, for a change of several rows. A failed read
 * keeps the rows there were and says why in "error". */
void
fd_history_model_reload (FdHistoryModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint removed;

  g_return_if_fail (FD_IS_HISTORY_MODEL (self));

  entries = fd_journal_list (self->journal, FD_JOURNAL_FILTER_ALL, NULL, 0, &error);
  if (entries == NULL)
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  removed = self->entries->len;
  g_ptr_array_unref (self->entries);
  self->entries = g_steal_pointer (&entries);
  g_ptr_array_set_free_func (self->entries, g_object_unref);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->entries->len);
}
