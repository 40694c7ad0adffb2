/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* fd_phone_number_normalize: every way of writing one number gives one key,
 * and an extension never turns into (or matches) a long number. */

#include "fd-phone-number.h"

typedef struct {
  const char *number;
  const char *region;
  const char *expected;   /* NULL: no number at all */
} Case;

static void
check_cases (const Case *cases,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *got = fd_phone_number_normalize (cases[i].number, cases[i].region);

      g_test_message ("%s in %s", cases[i].number, cases[i].region ? cases[i].region : "(none)");
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_hungarian_forms (void)
{
  const Case cases[] = {
    { "+36 1 234 5678", "HU", "+3612345678" },
    { "0036 1 234 5678", "HU", "+3612345678" },
    { "06 1 234 5678", "HU", "+3612345678" },
    { "+3612345678", "HU", "+3612345678" },
    { "+3612345678", "DE", "+3612345678" },
    { "+3612345678", NULL, "+3612345678" },
    { "+36 (1) 234-5678", "hu", "+3612345678" },
    { "tel:+36-1-234-5678", "HU", "+3612345678" },
    { "tel:+36-1-234-5678;ext=12", "DE", "+3612345678" },
    { "06 30 123 4567", "HU", "+36301234567" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_german_forms (void)
{
  const Case cases[] = {
    { "(030) 901820", "DE", "+4930901820" },
    { "030 901820", "DE", "+4930901820" },
    { "+49 30 901820", "HU", "+4930901820" },
    { "0049 30 901820", "DE", "+4930901820" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* The region decides what a national form means: "06…" is Hungarian only
 * in Hungary, and with no region a national form stays digits. */
static void
test_region_matters (void)
{
  g_autofree char *hu = fd_phone_number_normalize ("06 1 234 5678", "HU");
  g_autofree char *none = fd_phone_number_normalize ("06 1 234 5678", NULL);
  g_autofree char *empty = fd_phone_number_normalize ("06 1 234 5678", "");

  g_assert_cmpstr (hu, ==, "+3612345678");
  g_assert_cmpstr (none, ==, "0612345678");
  g_assert_cmpstr (empty, ==, "0612345678");
}

static void
test_extensions (void)
{
  const Case cases[] = {
    { "1001", "HU", "1001" },
    { "1001", "DE", "1001" },
    { "1001", NULL, "1001" },
    { "10-01", "HU", "1001" },
    { "101", "US", "101" },
    { "5678", "HU", "5678" },
    { "tel:1001", "HU", "1001" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* The tail of a long number is not the extension of the same digits. */
static void
test_extension_is_not_a_tail (void)
{
  g_autofree char *extension = fd_phone_number_normalize ("5678", "HU");
  g_autofree char *full = fd_phone_number_normalize ("+36 1 234 5678", "HU");

  g_assert_cmpstr (extension, !=, full);
  g_assert_false (g_str_has_suffix (extension, "+"));
  g_assert_cmpstr (extension, ==, "5678");
}

static void
test_no_number (void)
{
  const Case cases[] = {
    { "", "HU", NULL },
    { "   ", "HU", NULL },
    { "anonymous", "HU", NULL },
    { "tel:", "HU", NULL },
    { "+", "HU", NULL },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
  g_assert_null (fd_phone_number_normalize (NULL, "HU"));
}

static void
test_locale_region (void)
{
  const struct {
    const char *lc_all, *lc_address, *lang, *expected;
  } cases[] = {
    { NULL, NULL, "hu_HU.UTF-8", "HU" },
    { NULL, "de_DE.UTF-8", "hu_HU.UTF-8", "DE" },
    { "en_GB.UTF-8", "de_DE.UTF-8", "hu_HU.UTF-8", "GB" },
    { "C.UTF-8", "de_DE.UTF-8", NULL, NULL },
    { NULL, NULL, "de_AT@euro", "AT" },
    { NULL, NULL, "POSIX", NULL },
    { NULL, NULL, NULL, NULL },
  };
  const char *names[] = { "LC_ALL", "LC_ADDRESS", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *values[] = { cases[i].lc_all, cases[i].lc_address, cases[i].lang };
      g_autofree char *region = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          if (values[j] != NULL)
            g_setenv (names[j], values[j], TRUE);
          else
            g_unsetenv (names[j]);
        }
      region = fd_phone_number_locale_region ();
      g_assert_cmpstr (region, ==, cases[i].expected);
    }
}

static void
test_format_international (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "+3612345678", "+36 1 234 5678" },
    { "+4930901820", "+49 30 901820" },
    { "+447700900123", "+44 7700 900123" },
    /* Not international, or nothing to place: not formatted. */
    { "1001", NULL },
    { "06 1 234 5678", NULL },
    { "+1", NULL },
    { "Anonymous", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = fd_phone_number_format_international (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontdesk/phone-number/hungarian-forms", test_hungarian_forms);
  g_test_add_func ("/frontdesk/phone-number/german-forms", test_german_forms);
  g_test_add_func ("/frontdesk/phone-number/region-matters", test_region_matters);
  g_test_add_func ("/frontdesk/phone-number/extensions", test_extensions);
  g_test_add_func ("/frontdesk/phone-number/extension-is-not-a-tail", test_extension_is_not_a_tail);
  g_test_add_func ("/frontdesk/phone-number/no-number", test_no_number);
  /* Last: it changes the environment. */
  g_test_add_func ("/frontdesk/phone-number/locale-region", test_locale_region);
  g_test_add_func ("/frontdesk/phone-number/format-international", test_format_international);
  return g_test_run ();
}
