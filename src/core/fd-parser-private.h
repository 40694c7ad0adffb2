/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the three files of the parser, and by nothing else:
 *   fd-parser.c       the public API and the driving of libxml2: the cheap
 *                     checks before it, its errors as our sentences;
 *   fd-parser-sax.c   the SAX walk: which element is what in both dialects
 *                     (XE <CallInfo>, Ozeki 10 <Call>), and the FdCalls
 *                     built from their fields;
 *   fd-parser-text.c  leaf helpers on plain text: times, durations,
 *                     quoting, one-line messages and the encoding rule.
 * Calls go down that list only: the text helpers call neither of the
 * others, the SAX walk never calls fd-parser.c. fd-history-parser.c sits
 * above all three: it calls the public API and fd_parser_decode(), and
 * nothing here calls it.
 */

#include <glib.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <string.h>

#include "fd-parser.h"

G_BEGIN_DECLS

/* A ListActiveCalls answer is four levels deep; anything near this is an
 * attack on the stack, not a PBX. */
#define MAX_DEPTH 64

/* No Ozeki field comes near this; the cap keeps a hostile body from making
 * us hold one enormous string. */
#define MAX_VALUE_LENGTH (64 * 1024)

/* How much of a libxml2 message or of a name from the body goes into an
 * error sentence. */
#define MAX_QUOTE 60

/* libxml2 2.12 made the structured error const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlError;
#else
typedef xmlErrorPtr XmlError;
#endif

#define HTML_MESSAGE N_("the answer is an HTML page, not an Ozeki API response")
#define DTD_MESSAGE  N_("the answer carries a DTD, which an Ozeki API never sends")

/* The element names we know. The fields of a call come first, in the
 * order of their slots. */
typedef enum {
  NAME_CALL_STATE,
  NAME_CALL_ID,
  NAME_SOURCE,
  NAME_CALLER_ID,
  NAME_DESTINATION,
  NAME_START_TIME,
  NAME_RING_DURATION,
  NAME_TALK_DURATION,
  NAME_CALLER_DIALED,
  NAME_CALLEE_DIALED,
  NAME_CODE,
  NAME_MESSAGE,
  NAME_RESPONSE,
  NAME_ACTIVE_CALLS,
  NAME_CALL_INFO,
  NAME_CALL,
  N_NAMES,
  NAME_OTHER = N_NAMES,
} Name;

#define N_FIELDS (NAME_CALLEE_DIALED + 1)
#define N_SLOTS  (NAME_MESSAGE + 1)

/* What an open element is to us. */
typedef enum {
  PLACE_DOCUMENT,      /* depth 0, before and after the root */
  PLACE_RESPONSE,
  PLACE_ACTIVE_CALLS,
  PLACE_CALL,
  PLACE_VALUE,         /* a leaf whose text we keep */
  PLACE_SKIP,          /* an element we ignore, with all it holds */
} Place;

/* Time zones shared by all the StartTimes of one answer: most answers use
 * a single offset, so one cached zone saves a lookup per call. */
typedef struct {
  GTimeZone *local;
  GTimeZone *fixed;
  int        fixed_offset;
} Zones;

typedef struct {
  xmlParserCtxtPtr ctxt;
  const xmlChar   *names[N_NAMES];     /* interned in ctxt->dict */
  FdResponse      *response;

  guint            depth;
  guint8           places[MAX_DEPTH + 1];
  guint8           element_names[MAX_DEPTH + 1];

  /* Text of the leaf being read; one reusable buffer per slot so a
   * snapshot of any size makes no allocation of its own per element. */
  GString         *slots[N_SLOTS];
  GString         *value;
  guint32          seen;               /* bit per slot; field bits reset per call */
  gboolean         has_code;

  Zones            zones;
  GError          *error;              /* why we stopped the parser */
  char            *bad_root;           /* the root's name, when not Response */

  /* libxml2's first fatal complaint */
  gboolean         xml_failed;
  int              xml_code;
  int              xml_line;
  gboolean         xml_at_end;
  char            *xml_message;
} ParseState;

static inline gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline gboolean
has_prefix_nocase (const char *p,
                   const char *end,
                   const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

/* A body as libxml2 is to read it (fd_parser_decode). */
typedef struct {
  const char *data;      /* what libxml2 reads */
  gsize       length;
  char       *owned;     /* a converted copy, or NULL */
  gboolean    utf8;      /* data is UTF-8 whatever its declaration says */
} FdParserDecoded;

/* ---- fd-parser-text.c: leaf helpers --------------------------------------- */

char       *fd_parser_quote       (const char       *text);
char       *fd_parser_one_line    (const char       *text);
GDateTime  *fd_parser_time_in     (const char       *text,
                                   Zones            *zones);
void        fd_parser_zones_clear (Zones            *zones);
gboolean    fd_parser_decode      (const char       *data,
                                   gsize             length,
                                   FdParserDecoded  *out,
                                   GError          **error);

/* ---- fd-parser-sax.c: the walk -------------------------------------------- */

extern const xmlSAXHandler fd_parser_sax_handler;

/* The state takes response, which stays the caller's to free. */
void        fd_parser_state_init  (ParseState       *state,
                                   xmlParserCtxtPtr  ctxt,
                                   FdResponse       *response);
void        fd_parser_state_clear (ParseState       *state);

G_END_DECLS
