/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdPhoneNumber"

#include "config.h"

#include "fd-phone-number.h"

#include <phonenumbers/phonenumberutil.h>

#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* Longest number kept as an extension when it is no national number. */
#define FD_EXTENSION_MAX_DIGITS 6

/* "tel:+36-1-234-5678;ext=12" -> "+36-1-234-5678": the URI's parameters
 * (extension, phone-context) are not part of the number the PBX shows. */
static std::string
strip_tel_uri (const char *number)
{
  std::string text (number);

  if (g_ascii_strncasecmp (number, "tel:", 4) == 0)
    {
      text.erase (0, 4);
      size_t semicolon = text.find (';');
      if (semicolon != std::string::npos)
        text.erase (semicolon);
    }
  return text;
}

/* The digits, and a leading plus when the number has one. */
static std::string
bare_digits (const std::string &text,
             gboolean          *has_plus)
{
  std::string digits;

  *has_plus = FALSE;
  for (char c : text)
    {
      if (g_ascii_isdigit (c))
        digits.push_back (c);
      else if (c == '+' && digits.empty ())
        *has_plus = TRUE;
    }
  return digits;
}

static const char *
region_or_unknown (const char *region)
{
  return region != NULL && *region != '\0' ? region : "ZZ";
}

char *
fd_phone_number_normalize (const char *number,
                           const char *region)
{
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
  std::string text, digits, e164;
  gboolean has_plus;
  PhoneNumber parsed;
  g_autofree char *upper = NULL;

  if (number == NULL)
    return NULL;
  text = strip_tel_uri (number);
  digits = bare_digits (text, &has_plus);
  if (digits.empty ())
    return NULL;

  /* Already E.164 ("+3612345678", as exports and PBXs mostly write it):
   * kept as it is. Parsing costs libphonenumber about 14 us a number, which
   * is most of the time a 100,000-contact book takes to load. */
  if (has_plus && text[0] == '+' && text.size () == digits.size () + 1 &&
      digits.size () >= 8 && digits.size () <= 15 && digits[0] != '0')
    return g_strconcat ("+", digits.c_str (), NULL);

  upper = g_ascii_strup (region_or_unknown (region), -1);
  if (util->Parse (text, upper, &parsed) == PhoneNumberUtil::NO_PARSING_ERROR)
    {
      gboolean valid = util->IsValidNumber (parsed);

      /* An extension is short and no national number; anything longer that
       * libphonenumber could place is a phone number, even one its tables
       * do not know as valid (new ranges, fictional test numbers). */
      if (valid || has_plus || digits.size () > FD_EXTENSION_MAX_DIGITS)
        {
          if (valid || util->IsPossibleNumber (parsed))
            {
              util->Format (parsed, PhoneNumberUtil::E164, &e164);
              return g_strdup (e164.c_str ());
            }
        }
    }
  /* Unplaceable: the digits themselves, so it still matches itself. */
  return g_strconcat (has_plus ? "+" : "", digits.c_str (), NULL);
}

/* "hu_HU.UTF-8@euro" -> "HU". */
static char *
region_of_locale (const char *locale)
{
  const char *underscore, *end;

  if (locale == NULL || (underscore = strchr (locale, '_')) == NULL)
    return NULL;
  underscore++;
  end = underscore;
  while (g_ascii_isalpha (*end))
    end++;
  if (end - underscore != 2)
    return NULL;
  return g_ascii_strup (underscore, 2);
}

char *
fd_phone_number_locale_region (void)
{
  static const char * const variables[] = { "LC_ALL", "LC_ADDRESS", "LANG" };

  for (const char *variable : variables)
    {
      const char *value = g_getenv (variable);

      /* The first one set decides, as it does for the C library. */
      if (value != NULL && *value != '\0')
        return region_of_locale (value);
    }
  return NULL;
}

char *
fd_phone_number_format_international (const char *number)
{
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
  std::string formatted;
  PhoneNumber parsed;

  if (number == NULL || number[0] != '+')
    return NULL;
  if (util->Parse (number, "ZZ", &parsed) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !util->IsPossibleNumber (parsed))
    return NULL;
  util->Format (parsed, PhoneNumberUtil::INTERNATIONAL, &formatted);
  return g_strdup (formatted.c_str ());
}
