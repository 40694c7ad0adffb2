/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdDirectory"

#include "config.h"

#include "fd-directory-private.h"

#include <glib/gi18n.h>
/* Only the EVCard parser is used: its header alone, so that the rest of
 * libedataserver (which still names GTimeVal) stays out of this file. */
#define __LIBEBOOK_CONTACTS_H_INSIDE__
#include <libebook-contacts/e-vcard.h>
#undef __LIBEBOOK_CONTACTS_H_INSIDE__

#include <string.h>

/* vCard files: this file only cuts a file into its BEGIN:VCARD…END:VCARD
 * blocks and checks each content line has a colon; EVCard parses every
 * block (folding, groups, parameters, QUOTED-PRINTABLE, charsets). */

typedef struct {
  const char *path;
  const char *p;          /* the next physical line */
  const char *end;
  guint       line;       /* the number of the line at p */
  guint       broken_line;
  guint       open_line;  /* where an unfinished BEGIN:VCARD was */
} Scan;

static gboolean
is_folded (const char *line,
           const char *end)
{
  return line < end && (*line == ' ' || *line == '\t');
}

static const char *
line_end (const char *p,
          const char *end)
{
  const char *newline = memchr (p, '\n', end - p);

  return newline != NULL ? newline : end;
}

/* A vCard 2.1 quoted-printable value continues on the next line after a
 * soft break, a final '=' (unlike 3.0 and 4.0, which fold with a space). */
static gboolean
is_qp_soft_break (const char *start,
                  const char *stop)
{
  const char *colon = memchr (start, ':', stop - start);
  const char *last = stop;

  while (last > start && (last[-1] == '\r'))
    last--;
  if (last == start || last[-1] != '=')
    return FALSE;
  if (colon == NULL)
    return FALSE;
  /* Parameter names and values are case-insensitive. */
  for (const char *p = start; p + 16 <= colon; p++)
    if (g_ascii_strncasecmp (p, "QUOTED-PRINTABLE", 16) == 0)
      return TRUE;
  return FALSE;
}

/* One logical line (a content line with its folds) from scan->p; its
 * bounds in *start and *stop. FALSE at the end of the text. */
static gboolean
next_logical_line (Scan        *scan,
                   const char **start,
                   const char **stop,
                   guint       *first_line)
{
  const char *q;

  if (scan->p >= scan->end)
    return FALSE;
  *start = scan->p;
  *first_line = scan->line;
  q = line_end (scan->p, scan->end);
  for (;;)
    {
      gboolean soft = is_qp_soft_break (*start, q);
      const char *next = q < scan->end ? q + 1 : q;

      scan->line++;
      if (next >= scan->end || !(is_folded (next, scan->end) || soft))
        {
          *stop = q;
          scan->p = next;
          return TRUE;
        }
      q = line_end (next, scan->end);
    }
}

static gboolean
line_is (const char *start,
         const char *stop,
         const char *word)
{
  gsize n = strlen (word);

  while (stop > start && (stop[-1] == '\r' || stop[-1] == ' ' || stop[-1] == '\t'))
    stop--;
  return (gsize) (stop - start) == n && g_ascii_strncasecmp (start, word, n) == 0;
}

static gboolean
line_is_blank (const char *start,
               const char *stop)
{
  for (const char *p = start; p < stop; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The whole value. EVCard splits every value at unescaped semicolons and
 * warns when a split one is read whole: "tel:+36…;ext=12" is two values. */
static char *
attribute_text (EVCardAttribute *attribute)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GList *l = e_vcard_attribute_get_values (attribute); l != NULL; l = l->next)
    {
      if (l != e_vcard_attribute_get_values (attribute))
        g_string_append_c (text, ';');
      g_string_append (text, l->data != NULL ? l->data : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* FN, else the N parts in reading order, else the first ORG value. */
static char *
contact_name (EVCard *card)
{
  EVCardAttribute *attribute = e_vcard_get_attribute (card, EVC_FN);
  g_autofree char *fn = attribute != NULL ? attribute_text (attribute) : NULL;
  GList *values;

  if (fn != NULL && *g_strstrip (fn) != '\0')
    return g_steal_pointer (&fn);

  attribute = e_vcard_get_attribute (card, EVC_N);
  values = attribute != NULL ? e_vcard_attribute_get_values (attribute) : NULL;
  if (values != NULL)
    {
      /* N is family;given;additional;prefix;suffix. */
      const char *family = values->data;
      const char *given = values->next != NULL ? values->next->data : NULL;
      g_autofree char *joined = g_strjoin (" ", given != NULL ? given : "", family != NULL ? family : "", NULL);

      if (*g_strstrip (joined) != '\0')
        return g_steal_pointer (&joined);
    }

  attribute = e_vcard_get_attribute (card, EVC_ORG);
  values = attribute != NULL ? e_vcard_attribute_get_values (attribute) : NULL;
  if (values != NULL && values->data != NULL && *(const char *) values->data != '\0')
    return g_strstrip (g_strdup (values->data));
  return NULL;
}

static void
add_contact (FdBook     *book,
             const char *text)
{
  EVCard *card = e_vcard_new_from_string (text);
  g_autofree char *name = contact_name (card);

  if (name == NULL)
    {
      g_object_unref (card);
      return;
    }
  for (GList *l = e_vcard_get_attributes (card); l != NULL; l = l->next)
    {
      EVCardAttribute *attribute = l->data;
      g_autofree char *number = NULL;

      /* item1.TEL comes back as TEL, with the group apart. */
      if (g_ascii_strcasecmp (e_vcard_attribute_get_name (attribute), EVC_TEL) != 0)
        continue;
      number = attribute_text (attribute);
      fd_book_add (book, number, name);
    }
  g_object_unref (card);
}

/* Appends one logical line. EVCard decodes quoted-printable but keeps its
 * soft line breaks ("=" at the end of a line) in the value: they go here. */
static void
append_line (GString    *card,
             const char *start,
             const char *stop)
{
  if (is_qp_soft_break (start, line_end (start, stop)))
    {
      for (const char *p = start; p < stop; p++)
        {
          if (*p == '=' && (p[1] == '\n' || (p[1] == '\r' && p + 2 < stop && p[2] == '\n')))
            p += p[1] == '\r' ? 2 : 1;
          else
            g_string_append_c (card, *p);
        }
    }
  else
    g_string_append_len (card, start, stop - start);
  g_string_append_c (card, '\n');
}

/* Walks one file: each contact whose lines are whole goes to EVCard; a
 * contact with a broken line is skipped, and the first such line named. */
char *
fd_directory_read_vcard (FdBook     *book,
                         const char *text,
                         gsize       length)
{
  Scan scan = { book->path, text, text + length, 1, 0, 0 };
  const char *start, *stop;
  g_autoptr(GString) card = g_string_new (NULL);
  gboolean in_card = FALSE, card_broken = FALSE;
  guint first;

  while (next_logical_line (&scan, &start, &stop, &first))
    {
      if (line_is (start, stop, "BEGIN:VCARD"))
        {
          g_string_truncate (card, 0);
          in_card = TRUE;
          card_broken = FALSE;
          scan.open_line = first;
        }
      if (in_card)
        append_line (card, start, stop);
      if (in_card && line_is (start, stop, "END:VCARD"))
        {
          if (!card_broken)
            add_contact (book, card->str);
          in_card = FALSE;
          scan.open_line = 0;
        }
      else if (!line_is_blank (start, stop) && memchr (start, ':', stop - start) == NULL)
        {
          card_broken = TRUE;
          if (scan.broken_line == 0)
            scan.broken_line = first;
        }
    }

  if (scan.broken_line != 0)
    /* Translators: a file name, then a line number */
    return g_strdup_printf (_("The vCard file “%s” has a broken line %u (it has no colon); the contact there was skipped."),
                            book->path, scan.broken_line);
  if (scan.open_line != 0)
    /* Translators: a file name, then a line number */
    return g_strdup_printf (_("The vCard file “%s” ends inside the contact that begins on line %u."),
                            book->path, scan.open_line);
  return NULL;
}
