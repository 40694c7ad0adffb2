/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fd-desk.h"

G_BEGIN_DECLS

#define FD_TYPE_INBOX (fd_inbox_get_type ())
G_DECLARE_FINAL_TYPE (FdInbox, fd_inbox, FD, INBOX, GObject)

/*
 * The missed-call inbox's rules beyond the journal, for the calls of
 * "desk" (construct-only): when a call ends answered, every unhandled
 * missed call from one of its numbers leaves the inbox as "reached later"
 * (fd_journal_mark_reached_later()), and the desk's missed count follows.
 * "region" (ISO 3166, nullable) reads numbers written nationally;
 * "n-reached" counts the entries it marked, for the status line and tests.
 */

FdInbox    *fd_inbox_new            (FdDesk     *desk);
void        fd_inbox_set_region     (FdInbox    *self,
                                     const char *region);
guint       fd_inbox_get_n_reached  (FdInbox    *self);

/* The number that makes missed calls one inbox row: the caller's number
 * normalised, or NULL for a caller without one (then the row stands alone). */
char       *fd_inbox_dup_repeat_key (FdCall     *call,
                                     const char *region);

G_END_DECLS
