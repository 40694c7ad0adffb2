/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fault matrix, transport half: the PBX refuses, cannot be found,
 * hangs, trickles, or answers with an HTTP error, HTML, cut-short XML,
 * garbage or a body over the size cap.
 *
 * The cases run by fault-matrix-harness.c, which describes what each
 * asserts, against the fake PBX of fault-matrix-pbx.c.
 */
#include "config.h"

#include "fault-matrix.h"

static const FaultCase fault_cases[] = {
  /* Stop listening, later listen again on the same port: also the PBX
   * restarting mid-run. */
  { "refused-restart", FAULT_REFUSED, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_UNREACHABLE, -1, "refused the connection", NULL, FALSE },
  /* NXDOMAIN, or a resolver that never answers. */
  { "unknown-host", FAULT_UNKNOWN_HOST, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_UNREACHABLE, FD_ERROR_TIMEOUT, "could not be found: its host name is unknown",
    "did not answer within", FALSE },
  { "hanging", FAULT_HANG, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_TIMEOUT, -1, "did not answer within", NULL, TRUE },
  { "trickling", FAULT_TRICKLE, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_TIMEOUT, -1, "did not answer within", NULL, TRUE },
  { "http-500", FAULT_HTTP_500, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_HTTP, -1, "answered with HTTP error 500", NULL, FALSE },
  { "html-page", FAULT_HTML, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_PARSE, -1, "the answer is an HTML page", NULL, FALSE },
  { "truncated-xml", FAULT_TRUNCATED, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_PARSE, -1, "the XML is cut short", NULL, FALSE },
  { "garbage", FAULT_GARBAGE, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_PARSE, -1, "the answer is not XML", NULL, FALSE },
  { "huge-body", FAULT_HUGE, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_TOO_LARGE, -1, "is larger than 1048576 bytes", NULL, FALSE },
  { "huge-body-chunked", FAULT_HUGE_CHUNKED, KIND_FAILURE, FD_CONNECTION_OFFLINE,
    FALSE, FD_ERROR_TOO_LARGE, -1, "is larger than 1048576 bytes", NULL, FALSE },
};

int
main (int argc, char *argv[])
{
  return fault_matrix_run (&argc, &argv, fault_cases, G_N_ELEMENTS (fault_cases));
}
