/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Creates the tracker that every run feeds; call once. */
void fuzz_pipeline_init (void);

/* Drops the tracker and the last snapshot. */
void fuzz_pipeline_clear (void);

/* Runs one input through the parser, the tracker and the JSON writer;
 * any broken invariant is a g_assert failure. */
void fuzz_pipeline_run  (const guint8 *data,
                         gsize         size);

G_END_DECLS
