/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPeople"

#include "config.h"

#include "fd-people.h"

#include <errno.h>
#include <glib/gstdio.h>

struct _FdPeople
{
  GObject           parent_instance;

  FdDesk           *desk;
  FdSettings       *settings;
  FdDirectory      *directory;
  FdExtensionWatch *watch;
  FdEdsBooks       *address_books;   /* NULL without EDS, or when fixed */
  /* What the command line fixed for this run; NULL follows the settings. */
  char            **directories;
  char             *region;
  char            **labels;      /* the demo's, instead of the settings' */
  gboolean          watching;
};

G_DEFINE_FINAL_TYPE (FdPeople, fd_people, G_TYPE_OBJECT)

static void
apply_sources (FdPeople *self)
{
  const char * const *paths = self->directories != NULL ? (const char * const *) self->directories
                                                        : fd_settings_get_directories (self->settings);

  fd_directory_set_sources (self->directory, paths);
}

#ifdef HAVE_EDS
static void
apply_hidden_books (FdPeople *self)
{
  if (self->address_books != NULL)
    fd_eds_books_set_hidden (self->address_books, fd_settings_get_hidden_address_books (self->settings));
}
#endif

/* The address books the user keeps in GNOME, unless the command line
 * fixed the books of this run. */
static void
start_address_books (FdPeople *self)
{
#ifdef HAVE_EDS
  if (self->directories != NULL)
    return;
  self->address_books = fd_eds_books_new (self->directory);
  apply_hidden_books (self);
  g_signal_connect_object (self->settings, "notify::hidden-address-books", G_CALLBACK (apply_hidden_books), self,
                           G_CONNECT_SWAPPED);
#endif
}

static void
apply_region (FdPeople *self)
{
  fd_directory_set_region (self->directory,
                           self->region != NULL ? self->region : fd_settings_get_region (self->settings));
}

static void
apply_labels (FdPeople *self)
{
  fd_namer_set_labels (fd_desk_get_namer (self->desk),
                       self->labels != NULL ? (const char * const *) self->labels
                                            : fd_settings_get_extension_labels (self->settings));
}

/* The extensions are asked for once the PBX answers (the password may
 * come from the keyring later), then every minute by the watch itself. */
static void
on_connection_state (FdPeople *self)
{
  if (self->watching || fd_poller_get_state (fd_desk_get_poller (self->desk)) != FD_CONNECTION_ONLINE)
    return;
  fd_people_start (self);
}

/* A call to a phone the list does not have yet lights its lamp now. */
static void
on_snapshot (FdPeople  *self,
             GPtrArray *calls)
{
  fd_extension_watch_notice_calls (self->watch, calls);
}

static void
fd_people_dispose (GObject *object)
{
  FdPeople *self = FD_PEOPLE (object);

  if (self->watch != NULL)
    fd_extension_watch_stop (self->watch);
  g_clear_object (&self->watch);
  g_clear_object (&self->address_books);
  g_clear_object (&self->directory);
  g_clear_object (&self->settings);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (fd_people_parent_class)->dispose (object);
}

static void
fd_people_finalize (GObject *object)
{
  FdPeople *self = FD_PEOPLE (object);

  g_strfreev (self->directories);
  g_strfreev (self->labels);
  g_free (self->region);

  G_OBJECT_CLASS (fd_people_parent_class)->finalize (object);
}

static void
fd_people_class_init (FdPeopleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_people_dispose;
  object_class->finalize = fd_people_finalize;
}

static void
fd_people_init (FdPeople *self)
{
}

FdPeople *
fd_people_new (FdDesk     *desk,
               FdSettings *settings,
               FdOptions  *options)
{
  FdPeople *self;

  g_return_val_if_fail (FD_IS_DESK (desk), NULL);
  g_return_val_if_fail (FD_IS_SETTINGS (settings), NULL);

  self = g_object_new (FD_TYPE_PEOPLE, NULL);
  self->desk = g_object_ref (desk);
  self->settings = g_object_ref (settings);
  if (options != NULL)
    {
      self->directories = g_strdupv (options->directories);
      self->region = g_strdup (options->region);
    }
  self->directory = fd_directory_new (NULL);
  apply_region (self);
  apply_sources (self);
  apply_labels (self);
  start_address_books (self);
  fd_namer_set_directory (fd_desk_get_namer (desk), self->directory);
  self->watch = fd_extension_watch_new (fd_desk_get_client (desk));

  g_signal_connect_object (fd_desk_get_poller (desk), "notify::state", G_CALLBACK (on_connection_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (fd_desk_get_poller (desk), "snapshot", G_CALLBACK (on_snapshot), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::directories", G_CALLBACK (apply_sources), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::region", G_CALLBACK (apply_region), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::extension-labels", G_CALLBACK (apply_labels), self,
                           G_CONNECT_SWAPPED);
  return self;
}

FdDesk *
fd_people_get_desk (FdPeople *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE (self), NULL);
  return self->desk;
}

FdNamer *
fd_people_get_namer (FdPeople *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE (self), NULL);
  return fd_desk_get_namer (self->desk);
}

FdDirectory *
fd_people_get_directory (FdPeople *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE (self), NULL);
  return self->directory;
}

FdEdsBooks *
fd_people_get_address_books (FdPeople *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE (self), NULL);
  return self->address_books;
}

FdExtensionWatch *
fd_people_get_watch (FdPeople *self)
{
  g_return_val_if_fail (FD_IS_PEOPLE (self), NULL);
  return self->watch;
}

void
fd_people_start (FdPeople *self)
{
  g_return_if_fail (FD_IS_PEOPLE (self));
  if (self->watching)
    return;
  self->watching = TRUE;
  fd_extension_watch_start (self->watch);
}

void
fd_people_stop (FdPeople *self)
{
  g_return_if_fail (FD_IS_PEOPLE (self));
  self->watching = FALSE;
  fd_extension_watch_stop (self->watch);
}

/* The demo's own small book and labels, so that --demo shows names
 * without touching the user's settings. The book is a resource, written
 * to the cache folder because the directory reads and watches files. */
void
fd_people_use_demo (FdPeople *self)
{
  static const char * const labels[] = {
    "100=Lobby", "101=Kitchen", "105=Reception", "107=Warehouse", "1000=Support", "1001=Front Desk",
    "1002=Sales", "1003=Accounts", "1004=Anna Weber", "1008=Peter Nagy", "1009=Meeting Room", NULL
  };
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "frontdesk", NULL);
  g_autofree char *path = g_build_filename (dir, "demo-directory.vcf", NULL);
  g_autoptr(GBytes) book = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FD_IS_PEOPLE (self));

  book = g_resources_lookup_data ("/io/github/frontdesk/Frontdesk/demo-directory.vcf", 0, &error);
  if (book == NULL || g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, g_bytes_get_data (book, NULL), g_bytes_get_size (book), &error))
    g_debug ("No demo address book: %s", error != NULL ? error->message : g_strerror (errno));
  else
    {
      g_strfreev (self->directories);
      self->directories = g_strdupv ((char *[]) { path, NULL });
      apply_sources (self);
      /* The demo's names only, not the user's. */
      g_clear_object (&self->address_books);
    }
  g_strfreev (self->labels);
  self->labels = g_strdupv ((char **) labels);
  apply_labels (self);
}
