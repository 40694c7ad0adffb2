/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An org.kde.StatusNotifierWatcher (what a tray host provides), on a thread
 * and a private connection of its own. It follows the first item that
 * registers: its properties are read again on every New* signal. */

typedef struct _FakeSnWatcher FakeSnWatcher;

FakeSnWatcher *fake_sn_watcher_new           (void);
void           fake_sn_watcher_free          (FakeSnWatcher *watcher);
gboolean       fake_sn_watcher_has_item      (FakeSnWatcher *watcher);
/* A string property of the item as last read, or NULL. */
char          *fake_sn_watcher_dup_property  (FakeSnWatcher *watcher,
                                              const char    *name);
gboolean       fake_sn_watcher_property_is   (FakeSnWatcher *watcher,
                                              const char    *name,
                                              const char    *value);
/* Clicks the item's menu entry with this label (as the host would, over
 * com.canonical.dbusmenu); the click is sent from the watcher's thread. */
void           fake_sn_watcher_click         (FakeSnWatcher *watcher,
                                              const char    *label);
guint          fake_sn_watcher_get_n_clicks  (FakeSnWatcher *watcher);

G_END_DECLS
