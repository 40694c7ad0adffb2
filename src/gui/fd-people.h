/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fd-desk.h"
#include "fd-directory.h"
#include "fd-eds-books.h"
#include "fd-extension-watch.h"
#include "fd-namer.h"
#include "fd-options.h"
#include "fd-settings.h"

G_BEGIN_DECLS

#define FD_TYPE_PEOPLE (fd_people_get_type ())
G_DECLARE_FINAL_TYPE (FdPeople, fd_people, FD, PEOPLE, GObject)

/*
 * The app's people: the directory built from the settings ("directories",
 * "region"; --directory and --region override them for one run), the
 * extension labels, both given to the desk's namer, and the extension
 * watch the colleagues panel shows. Settings changes apply at once.
 * GNOME's address books (Evolution Data Server, "hidden-address-books")
 * feed the same directory, unless --directory or the demo fixed it.
 */
FdPeople         *fd_people_new             (FdDesk     *desk,
                                             FdSettings *settings,
                                             FdOptions  *options);
FdDesk           *fd_people_get_desk        (FdPeople   *self);
FdNamer          *fd_people_get_namer       (FdPeople   *self);
FdDirectory      *fd_people_get_directory   (FdPeople   *self);
FdExtensionWatch *fd_people_get_watch       (FdPeople   *self);
/* NULL when the build has no Evolution Data Server or this run reads none. */
FdEdsBooks       *fd_people_get_address_books (FdPeople *self);
void              fd_people_use_demo        (FdPeople   *self);
void              fd_people_start           (FdPeople   *self);
void              fd_people_stop            (FdPeople   *self);

G_END_DECLS
