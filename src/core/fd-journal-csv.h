/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-journal.h"

G_BEGIN_DECLS

gboolean fd_journal_export_csv (FdJournal        *self,
                                FdJournalFilter   filter,
                                const char       *search,
                                GOutputStream    *out,
                                GCancellable     *cancellable,
                                GError          **error);

G_END_DECLS
