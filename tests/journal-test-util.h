/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-journal.h"

G_BEGIN_DECLS

typedef struct {
  char      *dir;
  char      *path;
  FdJournal *journal;
  GArray    *changes;   /* gint64 ids from "changed", in order */
} Fixture;

void         setup (Fixture *f, gconstpointer data);
void         open_journal (Fixture *f);
void         setup_open (Fixture *f, gconstpointer data);
void         teardown (Fixture *f, gconstpointer data);
gint64       raw_int (const char *path, const char *sql);
void         raw_exec (const char *path, const char *sql);
GBytes *     read_file (const char *path);
FdCall *     make_call (const char *id, const char *state, const char *caller_id, const char *source, const char *destination, double ring, double talk);
GDateTime *  time_at (int minutes);
gint64       add_call (Fixture *f, FdCall *call, FdCallOutcome outcome, GDateTime *ended);
gint64       add_simple (Fixture *f, const char *call_id, const char *caller_id, const char *source, FdCallOutcome outcome, int minutes);
GPtrArray *  list (Fixture *f, FdJournalFilter filter, const char *search, guint limit);
char *       ids_of (GPtrArray *entries);
void         assert_listing (Fixture *f, FdJournalFilter filter, const char *search, guint limit, const char *expected);
guint        count_unhandled (Fixture *f);

G_END_DECLS
