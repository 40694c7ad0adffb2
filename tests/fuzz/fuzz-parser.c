/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdFuzzParser"

#include "config.h"

#include "fuzz-pipeline.h"

#include <stdint.h>
#include <stddef.h>

/* libFuzzer target: every input runs through the whole snapshot pipeline
 * (fuzz-pipeline.c), which asserts its invariants. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_critical or g_warning means a broken precondition: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  /* Ozeki 10's zone-less times are read in local time; pin it. */
  g_setenv ("TZ", "Europe/Budapest", TRUE);
  fuzz_pipeline_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_pipeline_run (data, size);
  return 0;
}
