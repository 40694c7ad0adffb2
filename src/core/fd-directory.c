/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdDirectory"

#include "config.h"

#include "fd-directory.h"
#include "fd-directory-private.h"
#include "fd-phone-number.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Edits come as bursts of monitor events (truncate, write, close, or a
 * rename over the file): one reload after the burst is quiet this long. */
#define RELOAD_DELAY_MS 150

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One path the user gave: a file, or a folder of files; or a feed, whose
 * owner gives its contacts (fd_directory_set_feed()). */
typedef struct {
  FdDirectory  *owner;
  char         *path;       /* a feed's key */
  char         *title;      /* a feed's name for its book; NULL for files */
  char        **pairs;      /* a feed's number, name, … kept to read again */
  char         *feed_error;
  GFileMonitor *monitor;
  gboolean      monitor_is_folder;
  GPtrArray    *books;      /* FdBook, one per file */
  GPtrArray    *errors;     /* char *, one sentence each */
  guint         reload_id;
} Source;

struct _FdDirectory {
  GObject    parent_instance;

  char      *region;        /* as set; NULL: the locale's */
  char      *effective_region;
  GPtrArray *sources;       /* Source: the files', then the feeds' */
  guint      n_files;       /* how many of @sources are files */
};

G_DEFINE_FINAL_TYPE (FdDirectory, fd_directory, G_TYPE_OBJECT)

/* ---- Books ---------------------------------------------------------------- */

FdBook *
fd_book_new (const char *path,
             const char *region)
{
  FdBook *book = g_new0 (FdBook, 1);

  book->path = g_strdup (path);
  book->entries = g_hash_table_new (g_str_hash, g_str_equal);
  book->strings = g_string_chunk_new (64 * 1024);
  book->region = region;
  return book;
}

void
fd_book_free (FdBook *book)
{
  if (book == NULL)
    return;
  g_hash_table_unref (book->entries);
  g_string_chunk_free (book->strings);
  g_free (book->path);
  g_free (book);
}

gboolean
fd_book_add (FdBook     *book,
             const char *number,
             const char *name)
{
  g_autofree char *key = fd_phone_number_normalize (number, book->region);

  if (key == NULL)
    return FALSE;
  if (!g_hash_table_contains (book->entries, key))
    g_hash_table_insert (book->entries, g_string_chunk_insert (book->strings, key),
                         g_string_chunk_insert (book->strings, name));
  return TRUE;
}

/* ---- Reading one file ----------------------------------------------------- */

static char *
read_error (const char *path,
            int         code)
{
  if (code == ENOENT)
    /* Translators: a file name */
    return g_strdup_printf (_("The address book “%s” does not exist."), path);
  /* Translators: a file name, then why it could not be read */
  return g_strdup_printf (_("The address book “%s” could not be read (%s)."), path, g_strerror (code));
}

/* The whole file, or NULL with *error set to a sentence. */
static char *
slurp (const char  *path,
       gsize       *length,
       char       **error)
{
  /* O_NONBLOCK: a FIFO put in place of a file must not hang the program. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  g_autofree char *data = NULL;
  struct stat st;
  gsize done = 0;

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      *error = read_error (path, errno);
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || st.st_size > FD_DIRECTORY_MAX_FILE_SIZE)
    {
      close (fd);
      *error = !S_ISREG (st.st_mode)
        /* Translators: a file name */
        ? g_strdup_printf (_("The address book “%s” is not a regular file."), path)
        /* Translators: a file name */
        : g_strdup_printf (_("The address book “%s” is larger than 50 MB, so it was not read."), path);
      return NULL;
    }
  data = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *error = read_error (path, errno);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  data[done] = '\0';
  *length = done;
  return g_steal_pointer (&data);
}

/* UTF-8 text from the bytes: UTF-16 by its byte-order mark (Outlook's
 * "Unicode" export), UTF-8, else Windows-1252 (its "ANSI" export). NULL
 * for binary data, which no address book is. */
static char *
to_utf8 (char  *data,
         gsize *length)
{
  const guchar *u = (const guchar *) data;
  char *converted;
  gsize written = 0;

  if (*length >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
    converted = g_convert (data + 2, *length - 2, "UTF-8", u[0] == 0xff ? "UTF-16LE" : "UTF-16BE",
                           NULL, &written, NULL);
  else if (memchr (data, '\0', *length) != NULL)
    converted = NULL;
  else if (g_utf8_validate_len (data, *length, NULL))
    {
      gsize skip = *length >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;

      written = *length - skip;
      converted = g_memdup2 (data + skip, written + 1);
    }
  else
    converted = g_convert (data, *length, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);

  if (converted != NULL && memchr (converted, '\0', written) != NULL)
    g_clear_pointer (&converted, g_free);
  *length = written;
  return converted;
}

static gboolean
looks_like_vcard (const char *path,
                  const char *text)
{
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    return FALSE;
  if (g_str_has_suffix (path, ".vcf") || g_str_has_suffix (path, ".VCF") ||
      g_str_has_suffix (path, ".vcard"))
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  return g_ascii_strncasecmp (text, "BEGIN:VCARD", 11) == 0;
}

/* Adds the file's book to @source, and its problem, if any, to the errors. */
static void
load_file (Source     *source,
           const char *path)
{
  FdBook *book;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  char *error = NULL;
  gsize length = 0;

  raw = slurp (path, &length, &error);
  if (raw != NULL && (text = to_utf8 (raw, &length)) == NULL)
    /* Translators: a file name */
    error = g_strdup_printf (_("The address book “%s” is not a text file."), path);
  if (text != NULL)
    {
      book = fd_book_new (path, source->owner->effective_region);
      if (looks_like_vcard (path, text))
        error = fd_directory_read_vcard (book, text, length);
      else
        error = fd_directory_read_csv (book, text, length);
      g_ptr_array_add (source->books, book);
    }
  if (error != NULL)
    {
      g_debug ("%s", error);
      g_ptr_array_add (source->errors, error);
    }
}

static gboolean
is_address_book_name (const char *name)
{
  g_autofree char *folded = g_ascii_strdown (name, -1);

  return name[0] != '.' && (g_str_has_suffix (folded, ".vcf") || g_str_has_suffix (folded, ".vcard") ||
                            g_str_has_suffix (folded, ".csv"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every .vcf, .vcard and .csv file directly in the folder, in name order
 * so that which of two files wins does not depend on the file system. */
static void
load_folder (Source *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (source->path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_ptr_array_add (source->errors, read_error (source->path, EACCES));
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_address_book_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (source->path, g_ptr_array_index (names, i), NULL);

      load_file (source, path);
    }
}

/* ---- Sources -------------------------------------------------------------- */

static void source_watch (Source *source,
                          gboolean is_folder);

/* A feed's one book, read again from its pairs (the region may differ). */
static void
load_feed (Source *source)
{
  FdBook *book = fd_book_new (source->title, source->owner->effective_region);

  for (guint i = 0; source->pairs[i] != NULL && source->pairs[i + 1] != NULL; i += 2)
    fd_book_add (book, source->pairs[i], source->pairs[i + 1]);
  g_ptr_array_add (source->books, book);
  if (source->feed_error != NULL)
    g_ptr_array_add (source->errors, g_strdup (source->feed_error));
}

static void
source_load (Source *source)
{
  gboolean is_folder;

  g_ptr_array_set_size (source->books, 0);
  g_ptr_array_set_size (source->errors, 0);
  if (source->pairs != NULL)
    {
      load_feed (source);
      return;
    }
  is_folder = g_file_test (source->path, G_FILE_TEST_IS_DIR);
  if (is_folder)
    load_folder (source);
  else
    load_file (source, source->path);
  if (source->monitor == NULL || source->monitor_is_folder != is_folder)
    source_watch (source, is_folder);
}

static gboolean
on_reload_due (gpointer user_data)
{
  Source *source = user_data;

  source->reload_id = 0;
  g_debug ("Reading %s again", source->path);
  source_load (source);
  g_signal_emit (source->owner, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
on_source_event (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 gpointer           user_data)
{
  Source *source = user_data;

  if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;
  g_clear_handle_id (&source->reload_id, g_source_remove);
  source->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_due, source);
}

/* A missing file is watched too (through its folder), so that it is read
 * as soon as it appears. */
static void
source_watch (Source   *source,
              gboolean  is_folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (source->path);
  g_autoptr(GError) error = NULL;

  if (source->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (source->monitor, source);
      g_file_monitor_cancel (source->monitor);
      g_clear_object (&source->monitor);
    }
  source->monitor_is_folder = is_folder;
  source->monitor = is_folder
    ? g_file_monitor_directory (file, G_FILE_MONITOR_NONE, NULL, &error)
    : g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (source->monitor == NULL)
    {
      g_debug ("Changes to %s will not be noticed: %s", source->path, error->message);
      return;
    }
  g_signal_connect (source->monitor, "changed", G_CALLBACK (on_source_event), source);
}

static Source *
source_new (FdDirectory *owner,
            const char  *path)
{
  Source *source = g_new0 (Source, 1);

  source->owner = owner;
  source->path = g_strdup (path);
  source->books = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_book_free);
  source->errors = g_ptr_array_new_with_free_func (g_free);
  return source;
}

static void
source_free (Source *source)
{
  if (source->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (source->monitor, source);
      g_file_monitor_cancel (source->monitor);
      g_object_unref (source->monitor);
    }
  g_clear_handle_id (&source->reload_id, g_source_remove);
  g_ptr_array_unref (source->books);
  g_ptr_array_unref (source->errors);
  g_strfreev (source->pairs);
  g_free (source->feed_error);
  g_free (source->title);
  g_free (source->path);
  g_free (source);
}

/* ---- GObject -------------------------------------------------------------- */

static void
fd_directory_finalize (GObject *object)
{
  FdDirectory *self = FD_DIRECTORY (object);

  g_ptr_array_unref (self->sources);
  g_free (self->region);
  g_free (self->effective_region);
  G_OBJECT_CLASS (fd_directory_parent_class)->finalize (object);
}

static void
fd_directory_class_init (FdDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_directory_finalize;

  /* The numbers or names changed: a source was added, read again after
   * it changed on disk, or the region changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_directory_init (FdDirectory *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
}

FdDirectory *
fd_directory_new (const char *region)
{
  FdDirectory *self = g_object_new (FD_TYPE_DIRECTORY, NULL);

  fd_directory_set_region (self, region);
  return self;
}

/* ---- Public --------------------------------------------------------------- */

void
fd_directory_set_region (FdDirectory *self,
                         const char  *region)
{
  g_return_if_fail (FD_IS_DIRECTORY (self));

  if (region != NULL && *region == '\0')
    region = NULL;
  g_free (self->region);
  g_free (self->effective_region);
  self->region = g_strdup (region);
  self->effective_region = region != NULL ? g_ascii_strup (region, -1) : fd_phone_number_locale_region ();
  if (self->sources->len == 0)
    return;
  for (guint i = 0; i < self->sources->len; i++)
    source_load (g_ptr_array_index (self->sources, i));
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
fd_directory_get_region (FdDirectory *self)
{
  g_return_val_if_fail (FD_IS_DIRECTORY (self), NULL);

  return self->effective_region;
}

static gboolean
has_source (FdDirectory *self,
            const char  *path)
{
  for (guint i = 0; i < self->sources->len; i++)
    if (g_strcmp0 (((Source *) g_ptr_array_index (self->sources, i))->path, path) == 0)
      return TRUE;
  return FALSE;
}

void
fd_directory_add_source (FdDirectory *self,
                         const char  *path)
{
  Source *source;

  g_return_if_fail (FD_IS_DIRECTORY (self));
  g_return_if_fail (path != NULL);

  if (has_source (self, path))
    return;
  source = source_new (self, path);
  g_ptr_array_insert (self->sources, self->n_files++, source);
  source_load (source);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fd_directory_set_sources (FdDirectory        *self,
                          const char * const *paths)
{
  g_return_if_fail (FD_IS_DIRECTORY (self));

  /* The feeds stay: they are not the files' to replace. */
  g_ptr_array_remove_range (self->sources, 0, self->n_files);
  self->n_files = 0;
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    if (*paths[i] != '\0' && !has_source (self, paths[i]))
      {
        Source *source = source_new (self, paths[i]);

        g_ptr_array_insert (self->sources, self->n_files++, source);
        source_load (source);
      }
  g_signal_emit (self, signals[CHANGED], 0);
}

static Source *
find_feed (FdDirectory *self,
           const char  *key,
           guint       *index)
{
  for (guint i = self->n_files; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (g_strcmp0 (source->path, key) == 0)
        {
          if (index != NULL)
            *index = i;
          return source;
        }
    }
  return NULL;
}

void
fd_directory_set_feed (FdDirectory        *self,
                       const char         *key,
                       const char         *title,
                       const char * const *pairs,
                       const char         *error)
{
  const char * const none[] = { NULL };
  Source *source;

  g_return_if_fail (FD_IS_DIRECTORY (self));
  g_return_if_fail (key != NULL && title != NULL);

  source = find_feed (self, key, NULL);
  if (source == NULL)
    {
      source = source_new (self, key);
      g_ptr_array_add (self->sources, source);
    }
  g_free (source->title);
  source->title = g_strdup (title);
  g_strfreev (source->pairs);
  source->pairs = g_strdupv ((char **) (pairs != NULL ? pairs : none));
  g_free (source->feed_error);
  source->feed_error = g_strdup (error);
  source_load (source);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fd_directory_remove_feed (FdDirectory *self,
                          const char  *key)
{
  guint index;

  g_return_if_fail (FD_IS_DIRECTORY (self));

  if (find_feed (self, key, &index) == NULL)
    return;
  g_ptr_array_remove_index (self->sources, index);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
fd_directory_lookup_normalized (FdDirectory  *self,
                                const char   *key,
                                const char  **file)
{
  g_return_val_if_fail (FD_IS_DIRECTORY (self), NULL);

  if (key == NULL)
    return NULL;
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      for (guint j = 0; j < source->books->len; j++)
        {
          FdBook *book = g_ptr_array_index (source->books, j);
          const char *name = g_hash_table_lookup (book->entries, key);

          if (name != NULL)
            {
              if (file != NULL)
                *file = book->path;
              return name;
            }
        }
    }
  return NULL;
}

const char *
fd_directory_lookup (FdDirectory  *self,
                     const char   *number,
                     const char  **file)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FD_IS_DIRECTORY (self), NULL);

  key = fd_phone_number_normalize (number, self->effective_region);
  return fd_directory_lookup_normalized (self, key, file);
}

guint
fd_directory_get_n_numbers (FdDirectory *self)
{
  guint n = 0;

  g_return_val_if_fail (FD_IS_DIRECTORY (self), 0);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      for (guint j = 0; j < source->books->len; j++)
        n += g_hash_table_size (((FdBook *) g_ptr_array_index (source->books, j))->entries);
    }
  return n;
}

GPtrArray *
fd_directory_get_errors (FdDirectory *self)
{
  GPtrArray *errors = g_ptr_array_new ();

  g_return_val_if_fail (FD_IS_DIRECTORY (self), errors);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      for (guint j = 0; j < source->errors->len; j++)
        g_ptr_array_add (errors, g_ptr_array_index (source->errors, j));
    }
  return errors;
}

/* The first of @numbers the directory knows. */
static const char *
lookup_any (FdDirectory       *self,
            const char * const *numbers,
            guint               n)
{
  for (guint i = 0; self != NULL && i < n; i++)
    {
      const char *name = numbers[i] != NULL ? fd_directory_lookup (self, numbers[i], NULL) : NULL;

      if (name != NULL)
        return name;
    }
  return NULL;
}

/* A CallerId is a name when it is not just the number again: it holds a
 * letter ("John Smith", "Thomas M."), where "103" or "+36 1 234" do not. */
static gboolean
is_display_name (const char *caller_id)
{
  if (caller_id == NULL)
    return FALSE;
  for (const char *p = caller_id; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

void
fd_directory_name_call (FdDirectory *self,
                        FdCall      *call)
{
  const char *callers[] = { fd_call_get_source (call), fd_call_get_caller_id (call),
                            fd_call_get_caller_dialed (call) };
  const char *callees[] = { fd_call_get_destination (call), fd_call_get_callee_dialed (call) };
  const char *name;

  g_return_if_fail (self == NULL || FD_IS_DIRECTORY (self));
  g_return_if_fail (FD_IS_CALL (call));

  if ((name = lookup_any (self, callers, G_N_ELEMENTS (callers))) != NULL)
    fd_call_set_caller_name (call, name, FD_NAME_SOURCE_DIRECTORY);
  else if (is_display_name (fd_call_get_caller_id (call)))
    fd_call_set_caller_name (call, fd_call_get_caller_id (call), FD_NAME_SOURCE_PBX);
  else
    fd_call_set_caller_name (call, NULL, FD_NAME_SOURCE_NONE);

  if ((name = lookup_any (self, callees, G_N_ELEMENTS (callees))) != NULL)
    fd_call_set_callee_name (call, name, FD_NAME_SOURCE_DIRECTORY);
  else
    fd_call_set_callee_name (call, NULL, FD_NAME_SOURCE_NONE);
}

guint
fd_directory_foreach (FdDirectory        *self,
                      FdDirectoryForeach  func,
                      gpointer            data,
                      guint               limit)
{
  guint n = 0;

  g_return_val_if_fail (FD_IS_DIRECTORY (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      for (guint j = 0; j < source->books->len; j++)
        {
          FdBook *book = g_ptr_array_index (source->books, j);
          GHashTableIter iter;
          gpointer key, name;

          g_hash_table_iter_init (&iter, book->entries);
          while (g_hash_table_iter_next (&iter, &key, &name))
            {
              if (limit > 0 && n >= limit)
                return n;
              func (key, name, data);
              n++;
            }
        }
    }
  return n;
}
