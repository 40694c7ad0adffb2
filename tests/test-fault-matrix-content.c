/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fault matrix, content half: well-formed answers that must still be
 * refused (a DTD, an external entity, an API error code, bad UTF-8) or
 * applied with care (an unknown call state, a duplicate CallId).
 *
 * The cases run by fault-matrix-harness.c, which describes what each
 * asserts, against the fake PBX of fault-matrix-pbx.c.
 */
#include "config.h"

#include "fault-matrix.h"

static const FaultCase fault_cases[] = {
  { "billion-laughs", FAULT_BILLION_LAUGHS, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_PARSE, -1, "carries a DTD", NULL, FALSE },
  { "external-entity", FAULT_XXE, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_PARSE, -1, "carries a DTD", NULL, FALSE },
  { "code-300", FAULT_CODE_300, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    TRUE, 300, -1, "answered ListActiveCalls with code 300: Error occured during parsing", NULL, FALSE },
  { "code-301", FAULT_CODE_301, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    TRUE, 301, -1, "answered ListActiveCalls with code 301: Not implemented command", NULL, FALSE },
  { "code-305", FAULT_CODE_305, KIND_FAILURE, FD_CONNECTION_AUTH_FAILED,
    TRUE, 305, -1, "rejected the username or password (code 305)", NULL, FALSE },
  { "code-601", FAULT_CODE_601, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    TRUE, 601, -1, "answered ListActiveCalls with code 601: Call not found", NULL, FALSE },
  { "unknown-call-state", FAULT_UNKNOWN_STATE, KIND_SNAPSHOT, FD_CONNECTION_ONLINE,
    FALSE, 0, -1, NULL, NULL, FALSE },
  { "duplicate-callid", FAULT_DUPLICATE_ID, KIND_SNAPSHOT, FD_CONNECTION_ONLINE,
    FALSE, 0, -1, NULL, NULL, FALSE },
  { "not-utf8", FAULT_NOT_UTF8, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_PARSE, -1, "the answer is not valid UTF-8", NULL, FALSE },
};

int
main (int argc, char *argv[])
{
  return fault_matrix_run (&argc, &argv, fault_cases, G_N_ELEMENTS (fault_cases));
}
