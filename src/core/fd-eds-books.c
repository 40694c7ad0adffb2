/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdEdsBooks"

#include "config.h"

#include "fd-eds-books.h"

#include <glib/gi18n.h>
#include <stdlib.h>
/* libedataserver's headers still name GTimeVal, deprecated in GLib 2.62. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook/libebook.h>
G_GNUC_END_IGNORE_DEPRECATIONS

/* A view gives a big book in batches, and a sync from a server in bursts:
 * the directory gets the book once the contacts are quiet this long. */
#define FEED_DELAY_MS 100

/* How long e_book_client_connect() waits for a book's backend to report
 * it is connected; after that the book opens offline (a remote one from
 * its cache) and its view still follows it. A book just created can take
 * the whole wait (seen with EDS 3.46), so it is short. */
#define CONNECT_WAIT_SECONDS 5

/* After its backend died (the factory crashed or was restarted), a book is
 * opened again this much later: soon, but never in a tight loop. */
#define REOPEN_DELAY_SECONDS 2

/* A book that failed to open is tried again, first after
 * REOPEN_DELAY_SECONDS and then twice as late each time, up to this: a
 * failure is often for now only (the address-book factory still starting
 * at login, a remote account offline), and nobody restarts the app for it. */
#define RETRY_MAX_SECONDS 300

enum {
  BOOKS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One address book being read. */
typedef struct {
  FdEdsBooks      *owner;
  ESource         *source;
  char            *key;          /* the directory's feed: "eds:UID" */
  char            *title;
  GCancellable    *cancellable;
  EBookClient     *client;
  EBookClientView *view;
  /* Contact UID -> GStrv: the name, then each number. */
  GHashTable      *contacts;
  char            *error;        /* the one sentence, or NULL */
  guint            feed_id;
  guint            reopen_id;
  guint            retry_seconds; /* the last wait after a failure; 0 once open */
} Book;

struct _FdEdsBooks
{
  GObject          parent_instance;

  FdDirectory     *directory;
  GCancellable    *cancellable;  /* the registry's */
  ESourceRegistry *registry;     /* NULL until it answers, or when none */
  gboolean         ready;
  char           **hidden;
  GHashTable      *books;        /* UID -> Book */
  guint            sync_id;
};

G_DEFINE_FINAL_TYPE (FdEdsBooks, fd_eds_books, G_TYPE_OBJECT)

/* An async call's ticket: its book may be closed (and freed) before the
 * answer comes, which the cancelled cancellable then says. */
typedef struct {
  GCancellable *cancellable;
  Book         *book;
} Pending;

static Pending *
pending_new (Book *book)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->cancellable = g_object_ref (book->cancellable);
  pending->book = book;
  return pending;
}

/* The book, or NULL when it was closed meanwhile; frees the ticket. */
static Book *
pending_take (Pending *pending)
{
  Book *book = g_cancellable_is_cancelled (pending->cancellable) ? NULL : pending->book;

  g_object_unref (pending->cancellable);
  g_free (pending);
  return book;
}

/* ---- Feeding the directory ---------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Contacts in UID order, so that which of two contacts with one number
 * names it does not depend on the hash table. */
static gboolean
on_feed_due (gpointer user_data)
{
  Book *book = user_data;
  guint n = 0;
  g_autofree gpointer *uids = g_hash_table_get_keys_as_array (book->contacts, &n);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

  book->feed_id = 0;
  qsort (uids, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      char **entry = g_hash_table_lookup (book->contacts, uids[i]);

      for (guint j = 1; entry[j] != NULL; j++)
        {
          g_ptr_array_add (pairs, entry[j]);
          g_ptr_array_add (pairs, entry[0]);
        }
    }
  g_ptr_array_add (pairs, NULL);
  g_debug ("%s: %u contacts with numbers", book->title, g_hash_table_size (book->contacts));
  fd_directory_set_feed (book->owner->directory, book->key, book->title, (const char * const *) pairs->pdata,
                         book->error);
  return G_SOURCE_REMOVE;
}

static void
book_feed_soon (Book *book)
{
  g_clear_handle_id (&book->feed_id, g_source_remove);
  book->feed_id = g_timeout_add (FEED_DELAY_MS, on_feed_due, book);
}

static void book_close (Book *book);
static gboolean on_reopen_due (gpointer user_data);

/* The error goes to the directory at once: Preferences shows it. The
 * contacts read before stay; the book is tried again later. */
static void
book_fail (Book         *book,
           const GError *error)
{
  g_free (book->error);
  /* Translators: an address book's name, then why it could not be opened */
  book->error = g_strdup_printf (_("The address book “%s” could not be opened: %s"), book->title, error->message);
  g_clear_handle_id (&book->feed_id, g_source_remove);
  on_feed_due (book);
  book_close (book);
  book->retry_seconds = book->retry_seconds == 0 ? REOPEN_DELAY_SECONDS
                                                 : MIN (book->retry_seconds * 2, RETRY_MAX_SECONDS);
  g_message ("%s (tried again in %u s)", book->error, book->retry_seconds);
  g_clear_handle_id (&book->reopen_id, g_source_remove);
  book->reopen_id = g_timeout_add_seconds (book->retry_seconds, on_reopen_due, book);
}

/* Open (again), every contact read: an earlier failure's sentence goes,
 * and the wait before the next retry starts over. Not before the view is
 * complete, so that a book whose query fails is not retried every 2 s. */
static void
book_opened (Book *book)
{
  book->retry_seconds = 0;
  if (book->error == NULL)
    return;
  g_clear_pointer (&book->error, g_free);
  g_message ("The address book %s is open", book->title);
  book_feed_soon (book);
}

/* ---- Contacts ------------------------------------------------------------ */

/* The name the contact goes by, then its numbers; NULL without either. */
static char **
contact_entry (EContact *contact)
{
  static const EContactField names[] = { E_CONTACT_FULL_NAME, E_CONTACT_FILE_AS, E_CONTACT_ORG };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name = NULL;
  GList *numbers;
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names) && (name == NULL || *name == '\0'); i++)
    name = e_contact_get_const (contact, names[i]);
  if (name == NULL || *name == '\0')
    return NULL;
  g_strv_builder_add (builder, name);
  numbers = e_contact_get (contact, E_CONTACT_TEL);
  for (GList *l = numbers; l != NULL; l = l->next)
    if (l->data != NULL && *(const char *) l->data != '\0')
      {
        g_strv_builder_add (builder, l->data);
        any = TRUE;
      }
  g_list_free_full (numbers, g_free);
  return any ? g_strv_builder_end (builder) : NULL;
}

static void
on_objects_changed (EBookClientView *view,
                    const GSList    *contacts,
                    Book            *book)
{
  for (const GSList *l = contacts; l != NULL; l = l->next)
    {
      const char *uid = e_contact_get_const (l->data, E_CONTACT_UID);
      char **entry = contact_entry (l->data);

      if (uid == NULL)
        g_strfreev (entry);
      else if (entry == NULL)
        g_hash_table_remove (book->contacts, uid);
      else
        g_hash_table_replace (book->contacts, g_strdup (uid), entry);
    }
  book_feed_soon (book);
}

static void
on_objects_removed (EBookClientView *view,
                    const GSList    *uids,
                    Book            *book)
{
  for (const GSList *l = uids; l != NULL; l = l->next)
    g_hash_table_remove (book->contacts, l->data);
  book_feed_soon (book);
}

static void
on_view_complete (EBookClientView *view,
                  const GError    *error,
                  Book            *book)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    book_fail (book, error);
  else if (error == NULL)
    book_opened (book);
}

/* ---- Opening a book ------------------------------------------------------ */

static void on_backend_died (EClient *client,
                             Book    *book);

static void
on_view_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  EBookClientView *view = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = e_book_client_get_view_finish (E_BOOK_CLIENT (object), result, &view, &error);
  Book *book = pending_take (user_data);

  if (book == NULL || !ok)
    {
      g_clear_object (&view);
      if (book != NULL)
        book_fail (book, error);
      return;
    }
  book->view = view;
  /* Opened again: the view gives every contact anew. */
  g_hash_table_remove_all (book->contacts);
  g_signal_connect (book->view, "objects-added", G_CALLBACK (on_objects_changed), book);
  g_signal_connect (book->view, "objects-modified", G_CALLBACK (on_objects_changed), book);
  g_signal_connect (book->view, "objects-removed", G_CALLBACK (on_objects_removed), book);
  g_signal_connect (book->view, "complete", G_CALLBACK (on_view_complete), book);
  e_book_client_view_start (book->view, &error);
  if (error != NULL)
    book_fail (book, error);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EClient) client = e_book_client_connect_finish (result, &error);
  Book *book = pending_take (user_data);
  EBookQuery *query;
  g_autofree char *sexp = NULL;

  if (book == NULL)
    return;
  if (client == NULL)
    {
      book_fail (book, error);
      return;
    }
  book->client = E_BOOK_CLIENT (g_steal_pointer (&client));
  g_signal_connect (book->client, "backend-died", G_CALLBACK (on_backend_died), book);
  /* Only contacts with a number name anything. */
  query = e_book_query_field_exists (E_CONTACT_TEL);
  sexp = e_book_query_to_string (query);
  e_book_query_unref (query);
  e_book_client_get_view (book->client, sexp, book->cancellable, on_view_ready, pending_new (book));
}

static void
book_open (Book *book)
{
  g_debug ("Opening the address book %s", book->title);
  book->cancellable = g_cancellable_new ();
  e_book_client_connect (book->source, CONNECT_WAIT_SECONDS, book->cancellable, on_connected, pending_new (book));
}

/* Drops the client and view; the contacts stay for the directory. */
static void
book_close (Book *book)
{
  if (book->cancellable != NULL)
    g_cancellable_cancel (book->cancellable);
  g_clear_object (&book->cancellable);
  if (book->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (book->view, book);
      e_book_client_view_stop (book->view, NULL);
      g_clear_object (&book->view);
    }
  if (book->client != NULL)
    g_signal_handlers_disconnect_by_data (book->client, book);
  g_clear_object (&book->client);
}

static gboolean
on_reopen_due (gpointer user_data)
{
  Book *book = user_data;

  book->reopen_id = 0;
  book_open (book);
  return G_SOURCE_REMOVE;
}

static void
on_backend_died (EClient *client,
                 Book    *book)
{
  g_message ("The address book %s went away; it is opened again", book->title);
  book_close (book);
  g_clear_handle_id (&book->reopen_id, g_source_remove);
  book->reopen_id = g_timeout_add_seconds (REOPEN_DELAY_SECONDS, on_reopen_due, book);
}

static Book *
book_new (FdEdsBooks *owner,
          ESource    *source)
{
  Book *book = g_new0 (Book, 1);

  book->owner = owner;
  book->source = g_object_ref (source);
  book->key = g_strconcat ("eds:", e_source_get_uid (source), NULL);
  book->title = e_source_registry_dup_unique_display_name (owner->registry, source,
                                                           E_SOURCE_EXTENSION_ADDRESS_BOOK);
  book->contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  book_open (book);
  return book;
}

static void
book_free (Book *book)
{
  book_close (book);
  g_clear_handle_id (&book->feed_id, g_source_remove);
  g_clear_handle_id (&book->reopen_id, g_source_remove);
  fd_directory_remove_feed (book->owner->directory, book->key);
  g_object_unref (book->source);
  g_hash_table_unref (book->contacts);
  g_free (book->error);
  g_free (book->title);
  g_free (book->key);
  g_free (book);
}

/* ---- The registry -------------------------------------------------------- */

static gboolean
is_wanted (FdEdsBooks *self,
           ESource    *source)
{
  return self->hidden == NULL || !g_strv_contains ((const char * const *) self->hidden, e_source_get_uid (source));
}

/* Opens the books now wanted, closes the others; a renamed book is fed
 * again under its new name. */
static void
sync_books (FdEdsBooks *self)
{
  GList *sources = e_source_registry_list_enabled (self->registry, E_SOURCE_EXTENSION_ADDRESS_BOOK);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer uid;
  Book *book;

  for (GList *l = sources; l != NULL; l = l->next)
    if (is_wanted (self, l->data))
      g_hash_table_add (wanted, (gpointer) e_source_get_uid (l->data));
  g_hash_table_iter_init (&iter, self->books);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    if (!g_hash_table_contains (wanted, uid))
      g_hash_table_iter_remove (&iter);
  for (GList *l = sources; l != NULL; l = l->next)
    {
      const char *id = e_source_get_uid (l->data);
      g_autofree char *title = NULL;

      if (!g_hash_table_contains (wanted, id))
        continue;
      if ((book = g_hash_table_lookup (self->books, id)) == NULL)
        {
          g_hash_table_insert (self->books, g_strdup (id), book_new (self, l->data));
          continue;
        }
      title = e_source_registry_dup_unique_display_name (self->registry, l->data, E_SOURCE_EXTENSION_ADDRESS_BOOK);
      if (g_strcmp0 (title, book->title) != 0)
        {
          g_free (book->title);
          book->title = g_steal_pointer (&title);
          book_feed_soon (book);
        }
    }
  g_list_free_full (sources, g_object_unref);
  g_signal_emit (self, signals[BOOKS_CHANGED], 0);
}

static gboolean
on_sync_due (gpointer user_data)
{
  FdEdsBooks *self = user_data;

  self->sync_id = 0;
  sync_books (self);
  return G_SOURCE_REMOVE;
}

/* Sources come and change in bursts (a new account brings several). */
static void
sync_soon (FdEdsBooks *self)
{
  if (self->sync_id == 0 && self->registry != NULL)
    self->sync_id = g_idle_add (on_sync_due, self);
}

static void
on_registry_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ESourceRegistry *registry = e_source_registry_new_finish (result, &error);
  g_autoptr(FdEdsBooks) self = g_weak_ref_get (user_data);

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self == NULL)
    {
      g_clear_object (&registry);
      return;
    }
  self->ready = TRUE;
  if (registry == NULL)
    {
      /* No Evolution Data Server on this desktop: no books, no error. */
      g_debug ("No address book registry: %s", error->message);
      g_signal_emit (self, signals[BOOKS_CHANGED], 0);
      return;
    }
  self->registry = registry;
  g_signal_connect_object (registry, "source-added", G_CALLBACK (sync_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (registry, "source-removed", G_CALLBACK (sync_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (registry, "source-changed", G_CALLBACK (sync_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (registry, "source-enabled", G_CALLBACK (sync_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (registry, "source-disabled", G_CALLBACK (sync_soon), self, G_CONNECT_SWAPPED);
  sync_books (self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
fd_eds_books_dispose (GObject *object)
{
  FdEdsBooks *self = FD_EDS_BOOKS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->books != NULL)
    g_hash_table_remove_all (self->books);
  g_clear_object (&self->registry);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (fd_eds_books_parent_class)->dispose (object);
}

static void
fd_eds_books_finalize (GObject *object)
{
  FdEdsBooks *self = FD_EDS_BOOKS (object);

  g_hash_table_unref (self->books);
  g_object_unref (self->cancellable);
  g_strfreev (self->hidden);

  G_OBJECT_CLASS (fd_eds_books_parent_class)->finalize (object);
}

static void
fd_eds_books_class_init (FdEdsBooksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_eds_books_dispose;
  object_class->finalize = fd_eds_books_finalize;

  /* The registry answered (or is not there), or its address books, their
   * names or which of them are read changed. */
  signals[BOOKS_CHANGED] = g_signal_new ("books-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_eds_books_init (FdEdsBooks *self)
{
  self->cancellable = g_cancellable_new ();
  self->books = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) book_free);
}

FdEdsBooks *
fd_eds_books_new (FdDirectory *directory)
{
  FdEdsBooks *self;
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_return_val_if_fail (FD_IS_DIRECTORY (directory), NULL);

  self = g_object_new (FD_TYPE_EDS_BOOKS, NULL);
  self->directory = g_object_ref (directory);
  /* A weak reference: the books may go before the registry answers. */
  g_weak_ref_init (weak, self);
  e_source_registry_new (self->cancellable, on_registry_ready, weak);
  return self;
}

/* ---- Public -------------------------------------------------------------- */

void
fd_eds_books_set_hidden (FdEdsBooks         *self,
                         const char * const *uids)
{
  g_return_if_fail (FD_IS_EDS_BOOKS (self));

  g_strfreev (self->hidden);
  self->hidden = g_strdupv ((char **) uids);
  if (self->registry != NULL)
    sync_books (self);
}

gboolean
fd_eds_books_is_ready (FdEdsBooks *self)
{
  g_return_val_if_fail (FD_IS_EDS_BOOKS (self), FALSE);
  return self->ready;
}

static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate (e_source_get_display_name ((ESource *) a), e_source_get_display_name ((ESource *) b));
}

char **
fd_eds_books_dup_uids (FdEdsBooks *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GList *sources;

  g_return_val_if_fail (FD_IS_EDS_BOOKS (self), NULL);

  sources = self->registry != NULL
    ? e_source_registry_list_enabled (self->registry, E_SOURCE_EXTENSION_ADDRESS_BOOK) : NULL;
  sources = g_list_sort (sources, compare_titles);
  for (GList *l = sources; l != NULL; l = l->next)
    g_strv_builder_add (builder, e_source_get_uid (l->data));
  g_list_free_full (sources, g_object_unref);
  return g_strv_builder_end (builder);
}

char *
fd_eds_books_dup_title (FdEdsBooks *self,
                        const char *uid)
{
  g_autoptr(ESource) source = NULL;

  g_return_val_if_fail (FD_IS_EDS_BOOKS (self), NULL);

  if (self->registry == NULL || (source = e_source_registry_ref_source (self->registry, uid)) == NULL)
    return NULL;
  return e_source_registry_dup_unique_display_name (self->registry, source, E_SOURCE_EXTENSION_ADDRESS_BOOK);
}

int
fd_eds_books_get_n_contacts (FdEdsBooks *self,
                             const char *uid)
{
  Book *book;

  g_return_val_if_fail (FD_IS_EDS_BOOKS (self), -1);

  book = g_hash_table_lookup (self->books, uid);
  return book != NULL && book->view != NULL ? (int) g_hash_table_size (book->contacts) : -1;
}
