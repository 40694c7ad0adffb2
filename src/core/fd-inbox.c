/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdInbox"

#include "config.h"

#include "fd-inbox.h"
#include "fd-phone-number.h"

enum {
  PROP_0,
  PROP_DESK,
  PROP_REGION,
  PROP_N_REACHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdInbox
{
  GObject  parent_instance;

  FdDesk  *desk;
  char    *region;     /* nullable */
  guint    n_reached;
};

G_DEFINE_FINAL_TYPE (FdInbox, fd_inbox, G_TYPE_OBJECT)

/* After the desk journalled @call: only then is its own row written, so
 * an answered call never marks itself, and a missed one is never marked
 * by the answered call that ended before it. */
static void
on_call_ended (FdInbox       *self,
               FdCall        *call,
               FdCallOutcome  outcome,
               gint64         journal_id,
               FdDesk        *desk)
{
  FdJournal *journal = fd_desk_get_journal (desk);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  guint marked = 0;

  if (outcome != FD_CALL_OUTCOME_ANSWERED || journal == NULL)
    return;
  if (!fd_journal_mark_reached_later (journal, call, now, self->region, &marked, &error))
    {
      g_message ("Cannot mark the calls that were reached later: %s", error->message);
      return;
    }
  if (marked == 0)
    return;
  self->n_reached += marked;
  fd_desk_refresh_missed (desk);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REACHED]);
}

static void
fd_inbox_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FdInbox *self = FD_INBOX (object);

  switch (prop_id)
    {
    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_N_REACHED:
      g_value_set_uint (value, self->n_reached);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_inbox_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FdInbox *self = FD_INBOX (object);

  switch (prop_id)
    {
    case PROP_DESK:
      self->desk = g_value_dup_object (value);
      break;
    case PROP_REGION:
      fd_inbox_set_region (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_inbox_constructed (GObject *object)
{
  FdInbox *self = FD_INBOX (object);

  G_OBJECT_CLASS (fd_inbox_parent_class)->constructed (object);

  g_assert (FD_IS_DESK (self->desk));
  g_signal_connect_object (self->desk, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
}

static void
fd_inbox_dispose (GObject *object)
{
  FdInbox *self = FD_INBOX (object);

  g_clear_object (&self->desk);

  G_OBJECT_CLASS (fd_inbox_parent_class)->dispose (object);
}

static void
fd_inbox_finalize (GObject *object)
{
  FdInbox *self = FD_INBOX (object);

  g_free (self->region);

  G_OBJECT_CLASS (fd_inbox_parent_class)->finalize (object);
}

static void
fd_inbox_class_init (FdInboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fd_inbox_get_property;
  object_class->set_property = fd_inbox_set_property;
  object_class->constructed = fd_inbox_constructed;
  object_class->dispose = fd_inbox_dispose;
  object_class->finalize = fd_inbox_finalize;

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, FD_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REACHED] =
    g_param_spec_uint ("n-reached", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_inbox_init (FdInbox *self)
{
}

FdInbox *
fd_inbox_new (FdDesk *desk)
{
  g_return_val_if_fail (FD_IS_DESK (desk), NULL);

  return g_object_new (FD_TYPE_INBOX, "desk", desk, NULL);
}

void
fd_inbox_set_region (FdInbox    *self,
                     const char *region)
{
  g_return_if_fail (FD_IS_INBOX (self));

  if (g_strcmp0 (self->region, region) == 0)
    return;
  g_free (self->region);
  self->region = g_strdup (region);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

guint
fd_inbox_get_n_reached (FdInbox *self)
{
  g_return_val_if_fail (FD_IS_INBOX (self), 0);
  return self->n_reached;
}

char *
fd_inbox_dup_repeat_key (FdCall     *call,
                         const char *region)
{
  const char *number;

  g_return_val_if_fail (FD_IS_CALL (call), NULL);

  number = fd_call_get_source (call);
  if (number == NULL || *number == '\0')
    number = fd_call_get_caller_id (call);
  if (number == NULL || *number == '\0')
    return NULL;
  return fd_phone_number_normalize (number, region);
}
