/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdCall"

#include "config.h"

#include "fd-call.h"

#include <string.h>

/* A call as the PBX last described it. Plain fields rather than GObject
 * properties: a snapshot of 100,000 calls must parse in milliseconds, and
 * the tracker, not the call, is what announces changes. */
struct _FdCall
{
  GObject     parent_instance;

  char       *id;
  const char *state;          /* a known state's static string, or state_owned */
  char       *state_owned;    /* a state this program does not know */
  char       *source;
  char       *caller_id;
  char       *destination;
  char       *caller_dialed;
  char       *callee_dialed;
  char       *start_time_raw;
  GDateTime  *start_time;
  double      ring_seconds;
  double      talk_seconds;
  char       *caller_name;
  char       *callee_name;
  FdNameSource caller_name_source;
  FdNameSource callee_name_source;
};

G_DEFINE_FINAL_TYPE (FdCall, fd_call, G_TYPE_OBJECT)

static void
fd_call_finalize (GObject *object)
{
  FdCall *self = (FdCall *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->state_owned, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->caller_id, g_free);
  g_clear_pointer (&self->destination, g_free);
  g_clear_pointer (&self->caller_dialed, g_free);
  g_clear_pointer (&self->callee_dialed, g_free);
  g_clear_pointer (&self->start_time_raw, g_free);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->caller_name, g_free);
  g_clear_pointer (&self->callee_name, g_free);

  G_OBJECT_CLASS (fd_call_parent_class)->finalize (object);
}

static void
fd_call_class_init (FdCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_call_finalize;
}

static void
fd_call_init (FdCall *self)
{
  self->ring_seconds = FD_CALL_NO_DURATION;
  self->talk_seconds = FD_CALL_NO_DURATION;
}

FdCall *
fd_call_new (const char *id)
{
  FdCall *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (FD_TYPE_CALL, NULL);
  self->id = g_strdup (id);
  return self;
}

FdCall *
fd_call_copy (FdCall *self)
{
  FdCall *copy;

  g_return_val_if_fail (FD_IS_CALL (self), NULL);

  copy = fd_call_new (self->id);
  fd_call_set_state (copy, self->state);
  copy->source = g_strdup (self->source);
  copy->caller_id = g_strdup (self->caller_id);
  copy->destination = g_strdup (self->destination);
  copy->caller_dialed = g_strdup (self->caller_dialed);
  copy->callee_dialed = g_strdup (self->callee_dialed);
  fd_call_set_start_time (copy, self->start_time_raw, self->start_time);
  copy->ring_seconds = self->ring_seconds;
  copy->talk_seconds = self->talk_seconds;
  fd_call_set_caller_name (copy, self->caller_name, self->caller_name_source);
  fd_call_set_callee_name (copy, self->callee_name, self->callee_name_source);
  return copy;
}

const char *
fd_call_get_id (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->id;
}

const char *
fd_call_get_state (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->state;
}

const char *
fd_call_get_source (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->source;
}

const char *
fd_call_get_caller_id (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->caller_id;
}

const char *
fd_call_get_destination (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->destination;
}

const char *
fd_call_get_caller_dialed (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->caller_dialed;
}

const char *
fd_call_get_callee_dialed (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->callee_dialed;
}

GDateTime *
fd_call_get_start_time (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->start_time;
}

const char *
fd_call_get_start_time_raw (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->start_time_raw;
}

double
fd_call_get_ring_seconds (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), FD_CALL_NO_DURATION);
  return self->ring_seconds;
}

double
fd_call_get_talk_seconds (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), FD_CALL_NO_DURATION);
  return self->talk_seconds;
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* The call states of docs/ozeki-api.md §4. */
static const char * const known_states[] = {
  FD_CALL_STATE_RINGING, FD_CALL_STATE_IN_CALL, FD_CALL_STATE_HOLD, "Error", "Cancelled",
  FD_CALL_STATE_TRANSFERRED, "Busy", "Completed", FD_CALL_STATE_ANSWERED,
};

/* Known states share one static string; an unknown one is kept as sent in
 * a copy of the call's own. Interning every string a PBX sends would let a
 * broken PBX grow memory for as long as the app runs. */
void
fd_call_set_state (FdCall     *self,
                   const char *state)
{
  g_return_if_fail (FD_IS_CALL (self));

  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (known_states); i++)
    if (strcmp (state, known_states[i]) == 0)
      {
        self->state = known_states[i];
        g_clear_pointer (&self->state_owned, g_free);
        return;
      }

  if (state != self->state_owned)
    replace_string (&self->state_owned, state);
  self->state = self->state_owned;
}

void
fd_call_set_source (FdCall     *self,
                    const char *source)
{
  g_return_if_fail (FD_IS_CALL (self));
  replace_string (&self->source, source);
}

void
fd_call_set_caller_id (FdCall     *self,
                       const char *caller_id)
{
  g_return_if_fail (FD_IS_CALL (self));
  replace_string (&self->caller_id, caller_id);
}

void
fd_call_set_destination (FdCall     *self,
                         const char *destination)
{
  g_return_if_fail (FD_IS_CALL (self));
  replace_string (&self->destination, destination);
}

void
fd_call_set_caller_dialed (FdCall     *self,
                           const char *number)
{
  g_return_if_fail (FD_IS_CALL (self));
  replace_string (&self->caller_dialed, number);
}

void
fd_call_set_callee_dialed (FdCall     *self,
                           const char *number)
{
  g_return_if_fail (FD_IS_CALL (self));
  replace_string (&self->callee_dialed, number);
}

/* The raw text is kept beside the parsed time so that output can repeat
 * exactly what the PBX sent when it already is RFC 3339. */
void
fd_call_set_start_time (FdCall     *self,
                        const char *raw,
                        GDateTime  *start_time)
{
  g_return_if_fail (FD_IS_CALL (self));

  replace_string (&self->start_time_raw, raw);
  if (start_time != NULL)
    g_date_time_ref (start_time);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  self->start_time = start_time;
}

void
fd_call_set_ring_seconds (FdCall *self,
                          double  seconds)
{
  g_return_if_fail (FD_IS_CALL (self));
  self->ring_seconds = seconds;
}

void
fd_call_set_talk_seconds (FdCall *self,
                          double  seconds)
{
  g_return_if_fail (FD_IS_CALL (self));
  self->talk_seconds = seconds;
}

gboolean
fd_call_is_ringing (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), FALSE);
  return g_strcmp0 (self->state, FD_CALL_STATE_RINGING) == 0;
}

/* The states that prove somebody picked up (docs/cli-contract.md, "ended"). */
gboolean
fd_call_state_is_answered (const char *state)
{
  return g_strcmp0 (state, FD_CALL_STATE_IN_CALL) == 0 ||
         g_strcmp0 (state, FD_CALL_STATE_HOLD) == 0 ||
         g_strcmp0 (state, FD_CALL_STATE_ANSWERED) == 0 ||
         g_strcmp0 (state, FD_CALL_STATE_TRANSFERRED) == 0;
}

/* Everything but the id, so the tracker can tell a tick from a no-op. */
gboolean
fd_call_same_content (FdCall *a,
                      FdCall *b)
{
  g_return_val_if_fail (FD_IS_CALL (a), FALSE);
  g_return_val_if_fail (FD_IS_CALL (b), FALSE);

  return g_strcmp0 (a->state, b->state) == 0 &&
         a->ring_seconds == b->ring_seconds &&
         a->talk_seconds == b->talk_seconds &&
         g_strcmp0 (a->source, b->source) == 0 &&
         g_strcmp0 (a->caller_id, b->caller_id) == 0 &&
         g_strcmp0 (a->destination, b->destination) == 0 &&
         g_strcmp0 (a->caller_dialed, b->caller_dialed) == 0 &&
         g_strcmp0 (a->callee_dialed, b->callee_dialed) == 0 &&
         g_strcmp0 (a->start_time_raw, b->start_time_raw) == 0 &&
         g_strcmp0 (a->caller_name, b->caller_name) == 0 &&
         g_strcmp0 (a->callee_name, b->callee_name) == 0 &&
         a->caller_name_source == b->caller_name_source &&
         a->callee_name_source == b->callee_name_source;
}

/* Takes every field but the id from @other, so that the tracker's own
 * object for a CallId can stay the same for the whole call. */
void
fd_call_assign (FdCall *self,
                FdCall *other)
{
  g_return_if_fail (FD_IS_CALL (self));
  g_return_if_fail (FD_IS_CALL (other));

  fd_call_set_state (self, other->state);
  replace_string (&self->source, other->source);
  replace_string (&self->caller_id, other->caller_id);
  replace_string (&self->destination, other->destination);
  replace_string (&self->caller_dialed, other->caller_dialed);
  replace_string (&self->callee_dialed, other->callee_dialed);
  if (g_strcmp0 (self->start_time_raw, other->start_time_raw) != 0)
    fd_call_set_start_time (self, other->start_time_raw, other->start_time);
  self->ring_seconds = other->ring_seconds;
  self->talk_seconds = other->talk_seconds;
  fd_call_set_caller_name (self, other->caller_name, other->caller_name_source);
  fd_call_set_callee_name (self, other->callee_name, other->callee_name_source);
}

static gboolean
contains_casefold (const char *haystack,
                   const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

/* Case-insensitive substring search over every name and number. */
gboolean
fd_call_matches (FdCall     *self,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (FD_IS_CALL (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  folded = g_utf8_casefold (needle, -1);
  return contains_casefold (self->caller_name, folded) ||
         contains_casefold (self->callee_name, folded) ||
         contains_casefold (self->caller_id, folded) ||
         contains_casefold (self->source, folded) ||
         contains_casefold (self->destination, folded) ||
         contains_casefold (self->caller_dialed, folded) ||
         contains_casefold (self->callee_dialed, folded) ||
         contains_casefold (self->id, folded);
}

/* "John Smith (1000)", or just one of them when the other is missing or
 * the same (Ozeki 10 often sends the number as the CallerId). */
char *
fd_call_dup_caller_display (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);

  if (self->caller_id != NULL && *self->caller_id != '\0' &&
      self->source != NULL && *self->source != '\0' &&
      g_strcmp0 (self->caller_id, self->source) != 0)
    return g_strdup_printf ("%s (%s)", self->caller_id, self->source);
  if (self->caller_id != NULL && *self->caller_id != '\0')
    return g_strdup (self->caller_id);
  if (self->source != NULL && *self->source != '\0')
    return g_strdup (self->source);
  return NULL;
}

static const char * const name_source_strings[] = {
  [FD_NAME_SOURCE_NONE] = NULL,
  [FD_NAME_SOURCE_DIRECTORY] = "directory",
  [FD_NAME_SOURCE_LABEL] = "label",
  [FD_NAME_SOURCE_LEARNED] = "learned",
  [FD_NAME_SOURCE_PBX] = "pbx",
};

/* NULL for FD_NAME_SOURCE_NONE, which JSON writes as null. */
const char *
fd_name_source_to_string (FdNameSource source)
{
  if ((guint) source >= G_N_ELEMENTS (name_source_strings))
    return NULL;
  return name_source_strings[source];
}

FdNameSource
fd_name_source_from_string (const char *string)
{
  for (guint i = 1; i < G_N_ELEMENTS (name_source_strings); i++)
    if (g_strcmp0 (string, name_source_strings[i]) == 0)
      return (FdNameSource) i;
  return FD_NAME_SOURCE_NONE;
}

const char *
fd_call_get_caller_name (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->caller_name;
}

FdNameSource
fd_call_get_caller_name_source (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), FD_NAME_SOURCE_NONE);
  return self->caller_name_source;
}

const char *
fd_call_get_callee_name (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), NULL);
  return self->callee_name;
}

FdNameSource
fd_call_get_callee_name_source (FdCall *self)
{
  g_return_val_if_fail (FD_IS_CALL (self), FD_NAME_SOURCE_NONE);
  return self->callee_name_source;
}

static void
set_name (char        **field,
          FdNameSource *field_source,
          const char   *name,
          FdNameSource  source)
{
  if (name == NULL || *name == '\0')
    {
      name = NULL;
      source = FD_NAME_SOURCE_NONE;
    }
  replace_string (field, name);
  *field_source = source;
}

void
fd_call_set_caller_name (FdCall      *self,
                         const char  *name,
                         FdNameSource source)
{
  g_return_if_fail (FD_IS_CALL (self));
  set_name (&self->caller_name, &self->caller_name_source, name, source);
}

void
fd_call_set_callee_name (FdCall      *self,
                         const char  *name,
                         FdNameSource source)
{
  g_return_if_fail (FD_IS_CALL (self));
  set_name (&self->callee_name, &self->callee_name_source, name, source);
}
