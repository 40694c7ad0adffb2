/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdDirectory"

#include "config.h"

#include "fd-directory-private.h"

#include <glib/gi18n.h>

#include <string.h>

/* CSV address books as Google Contacts and Outlook export them: RFC 4180
 * quoting (commas, quotes and line breaks inside quoted fields), a header
 * row that names the columns, several phone columns, the name in one
 * column or split into first, middle and last. */

typedef struct {
  const char *p;
  const char *end;
  guint       line;
} Reader;

/* One field from r->p; *last is set when it ends its record. FALSE when a
 * quoted field never ends. */
static gboolean
read_field (Reader   *r,
            GString  *field,
            gboolean *last)
{
  gboolean quoted = r->p < r->end && *r->p == '"';

  g_string_truncate (field, 0);
  if (quoted)
    r->p++;
  while (r->p < r->end)
    {
      char c = *r->p;

      if (quoted && c == '"')
        {
          if (r->p + 1 < r->end && r->p[1] == '"')
            {
              g_string_append_c (field, '"');
              r->p += 2;
              continue;
            }
          quoted = FALSE;
          r->p++;
          continue;
        }
      if (!quoted && (c == ',' || c == '\n' || c == '\r'))
        break;
      if (c == '\n')
        r->line++;
      g_string_append_c (field, c);
      r->p++;
    }
  if (quoted)
    return FALSE;

  *last = TRUE;
  if (r->p < r->end && *r->p == ',')
    {
      *last = FALSE;
      r->p++;
    }
  else
    {
      if (r->p < r->end && *r->p == '\r')
        r->p++;
      if (r->p < r->end && *r->p == '\n')
        r->p++;
      r->line++;
    }
  return TRUE;
}

/* A record's fields, or NULL (with *unterminated) at the end of the text. */
static GPtrArray *
read_record (Reader   *r,
             gboolean *unterminated)
{
  GPtrArray *fields;
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean last = FALSE;

  *unterminated = FALSE;
  if (r->p >= r->end)
    return NULL;
  fields = g_ptr_array_new_with_free_func (g_free);
  while (!last)
    {
      if (!read_field (r, field, &last))
        {
          *unterminated = TRUE;
          g_ptr_array_unref (fields);
          return NULL;
        }
      g_ptr_array_add (fields, g_strdup (field->str));
    }
  return fields;
}

/* Which columns hold what, from the header row. */
typedef struct {
  GArray *phones;     /* column indexes */
  int     name;       /* "Name", "Display Name" */
  int     first, middle, last;
  int     organization;
} Columns;

static gboolean
is_phone_column (const char *header)
{
  g_autofree char *folded = g_ascii_strdown (header, -1);

  /* Google pairs "Phone 1 - Value" with "Phone 1 - Type" (or "- Label"). */
  return strstr (folded, "phone") != NULL && !g_str_has_suffix (folded, "- type") &&
         !g_str_has_suffix (folded, "- label");
}

static void
find_columns (GPtrArray *header,
              Columns   *columns)
{
  columns->phones = g_array_new (FALSE, FALSE, sizeof (int));
  columns->name = columns->first = columns->middle = columns->last = columns->organization = -1;
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *h = g_strstrip (g_strdup (g_ptr_array_index (header, i)));
      int column = (int) i;

      if (is_phone_column (h))
        g_array_append_val (columns->phones, column);
      else if (g_ascii_strcasecmp (h, "Name") == 0 || g_ascii_strcasecmp (h, "Display Name") == 0)
        columns->name = column;
      else if (g_ascii_strcasecmp (h, "First Name") == 0 || g_ascii_strcasecmp (h, "Given Name") == 0)
        columns->first = column;
      else if (g_ascii_strcasecmp (h, "Middle Name") == 0 || g_ascii_strcasecmp (h, "Additional Name") == 0)
        columns->middle = column;
      else if (g_ascii_strcasecmp (h, "Last Name") == 0 || g_ascii_strcasecmp (h, "Family Name") == 0)
        columns->last = column;
      else if (g_ascii_strcasecmp (h, "Organization 1 - Name") == 0 ||
               g_ascii_strcasecmp (h, "Organization Name") == 0 ||
               g_ascii_strcasecmp (h, "Company") == 0)
        columns->organization = column;
    }
}

static const char *
field_at (GPtrArray *record,
          int        column)
{
  if (column < 0 || (guint) column >= record->len)
    return "";
  return g_ptr_array_index (record, column);
}

static char *
record_name (GPtrArray     *record,
             const Columns *c)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  const int parts[] = { c->first, c->middle, c->last };
  g_autofree char *name = g_strstrip (g_strdup (field_at (record, c->name)));

  if (*name != '\0')
    return g_steal_pointer (&name);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (field_at (record, parts[i])));

      if (*part == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, part);
    }
  if (joined->len > 0)
    return g_string_free (g_steal_pointer (&joined), FALSE);
  g_free (name);
  name = g_strstrip (g_strdup (field_at (record, c->organization)));
  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

static void
add_record (FdBook        *book,
            GPtrArray     *record,
            const Columns *columns)
{
  g_autofree char *name = record_name (record, columns);

  if (name == NULL)
    return;
  for (guint i = 0; i < columns->phones->len; i++)
    {
      /* Google puts several numbers of one kind in one cell: "a ::: b". */
      g_auto(GStrv) numbers = g_strsplit (field_at (record, g_array_index (columns->phones, int, i)),
                                          ":::", -1);

      for (guint j = 0; numbers[j] != NULL; j++)
        fd_book_add (book, numbers[j], name);
    }
}

char *
fd_directory_read_csv (FdBook     *book,
                       const char *text,
                       gsize       length)
{
  Reader reader = { text, text + length, 1 };
  g_autoptr(GPtrArray) header = NULL;
  Columns columns;
  gboolean unterminated;
  guint start;

  header = read_record (&reader, &unterminated);
  if (header == NULL)
    /* Translators: a file name */
    return g_strdup_printf (_("The address book “%s” is empty."), book->path);
  find_columns (header, &columns);
  if (columns.phones->len == 0)
    {
      g_array_unref (columns.phones);
      /* Translators: a file name */
      return g_strdup_printf (_("The CSV file “%s” has no phone number column in its first line."),
                              book->path);
    }

  for (;;)
    {
      g_autoptr(GPtrArray) record = NULL;

      start = reader.line;
      record = read_record (&reader, &unterminated);
      if (record == NULL)
        break;
      add_record (book, record, &columns);
    }
  g_array_unref (columns.phones);
  if (unterminated)
    /* Translators: a file name, then a line number */
    return g_strdup_printf (_("The CSV file “%s” has a quoted field that never closes, in the record that begins on line %u."),
                            book->path, start);
  return NULL;
}
