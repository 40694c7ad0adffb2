/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Phone numbers in the one form the directory keys on, so that every way a
 * person writes a number finds the same entry. C++ inside (libphonenumber),
 * C outside. */

/* E.164 ("+3612345678") for a number libphonenumber can place, given the
 * region (ISO 3166 alpha-2, "HU") for numbers written nationally. A short
 * internal extension (up to 6 digits, no valid national number) stays its
 * bare digits, so "1001" matches only "1001", never the tail of a long
 * number. A "tel:" URI is read as the number it holds. NULL when there are
 * no digits at all. A NULL or empty region means "unknown": then only
 * international numbers become E.164. */
char *fd_phone_number_normalize      (const char *number,
                                      const char *region);

/* "+3612345678" as people write it, "+36 1 234 5678", for showing; NULL
 * for anything but an international number libphonenumber can place. */
char *fd_phone_number_format_international (const char *number);

/* The country of the user's locale (LC_ALL, LC_ADDRESS, then LANG:
 * "hu_HU.UTF-8" gives "HU"), or NULL when it names none ("C.UTF-8"). */
char *fd_phone_number_locale_region  (void);

G_END_DECLS
