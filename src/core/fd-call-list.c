/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fd-call-list.h"

/* What the list knows of one call: where it is, and whether it rang when
 * last counted, so that a change moves the count by one. */
typedef struct {
  FdCall        *call;
  GSequenceIter *iter;
  gboolean       ringing;
} Entry;

struct _FdCallList
{
  GObject     parent_instance;

  GSequence  *calls;     /* of FdCall, owned */
  GHashTable *entries;   /* FdCall * → Entry * */
  guint       n_ringing;
};

static void fd_call_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdCallList, fd_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fd_call_list_model_init))

static GType
get_item_type (GListModel *list)
{
  return FD_TYPE_CALL;
}

static guint
get_n_items (GListModel *list)
{
  return (guint) g_sequence_get_length (FD_CALL_LIST (list)->calls);
}

static gpointer
get_item (GListModel *list,
          guint       position)
{
  FdCallList *self = FD_CALL_LIST (list);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->calls, (gint) position);

  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (g_sequence_get (iter));
}

static void
fd_call_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
fd_call_list_finalize (GObject *object)
{
  FdCallList *self = FD_CALL_LIST (object);

  g_hash_table_unref (self->entries);
  g_sequence_free (self->calls);

  G_OBJECT_CLASS (fd_call_list_parent_class)->finalize (object);
}

static void
fd_call_list_class_init (FdCallListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_call_list_finalize;
}

static void
fd_call_list_init (FdCallList *self)
{
  self->calls = g_sequence_new (g_object_unref);
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

FdCallList *
fd_call_list_new (void)
{
  return g_object_new (FD_TYPE_CALL_LIST, NULL);
}

/* A call already in the list stays where it is. */
void
fd_call_list_append (FdCallList *self,
                     FdCall     *call)
{
  Entry *entry;

  g_return_if_fail (FD_IS_CALL_LIST (self));
  g_return_if_fail (FD_IS_CALL (call));

  if (g_hash_table_contains (self->entries, call))
    return;
  entry = g_new0 (Entry, 1);
  entry->call = call;
  entry->iter = g_sequence_append (self->calls, g_object_ref (call));
  entry->ringing = fd_call_is_ringing (call);
  self->n_ringing += entry->ringing ? 1 : 0;
  g_hash_table_insert (self->entries, call, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), (guint) g_sequence_iter_get_position (entry->iter), 0, 1);
}

/* FALSE when the list does not hold @call. */
gboolean
fd_call_list_remove (FdCallList *self,
                     FdCall     *call)
{
  Entry *entry;
  guint position;

  g_return_val_if_fail (FD_IS_CALL_LIST (self), FALSE);

  entry = g_hash_table_lookup (self->entries, call);
  if (entry == NULL)
    return FALSE;
  position = (guint) g_sequence_iter_get_position (entry->iter);
  self->n_ringing -= entry->ringing ? 1 : 0;
  g_sequence_remove (entry->iter);
  g_hash_table_remove (self->entries, call);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

/* After @call changed state: counts it again. The list's order and items
 * stay, so no items-changed. */
void
fd_call_list_update (FdCallList *self,
                     FdCall     *call)
{
  Entry *entry;
  gboolean ringing;

  g_return_if_fail (FD_IS_CALL_LIST (self));

  entry = g_hash_table_lookup (self->entries, call);
  if (entry == NULL)
    return;
  ringing = fd_call_is_ringing (call);
  if (ringing == entry->ringing)
    return;
  entry->ringing = ringing;
  if (ringing)
    self->n_ringing++;
  else
    self->n_ringing--;
}

guint
fd_call_list_get_n_ringing (FdCallList *self)
{
  g_return_val_if_fail (FD_IS_CALL_LIST (self), 0);
  return self->n_ringing;
}
