/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* FdDirectory: vCard 2.1, 3.0 and 4.0 and Google and Outlook CSV files turn
 * numbers into names, however the number is written; bad files give one
 * sentence and leave the other sources alone; edits are read again. */

#include "fd-directory.h"
#include "gui-test-utils.h"
#include "test-files.h"

#include <glib/gstdio.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char        *dir;
  FdDirectory *directory;
  guint        changes;
} Fixture;

static void
on_changed (FdDirectory *directory,
            Fixture     *f)
{
  f->changes++;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fd-directory-XXXXXX", &error);
  g_assert_no_error (error);
  f->directory = fd_directory_new ("HU");
  g_signal_connect (f->directory, "changed", G_CALLBACK (on_changed), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->directory);
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_name (FdDirectory *directory,
             const char  *number,
             const char  *expected,
             const char  *expected_file)
{
  const char *file = NULL;
  const char *name = fd_directory_lookup (directory, number, &file);

  g_test_message ("looking up %s", number);
  g_assert_cmpstr (name, ==, expected);
  if (expected_file != NULL)
    g_assert_cmpstr (file, ==, expected_file);
}

static void
assert_no_errors (FdDirectory *directory)
{
  g_autoptr(GPtrArray) errors = fd_directory_get_errors (directory);

  for (guint i = 0; i < errors->len; i++)
    g_test_message ("unexpected: %s", (const char *) g_ptr_array_index (errors, i));
  g_assert_cmpuint (errors->len, ==, 0);
}

/* The one error there is, which must name @path and hold @part. */
static void
assert_one_error (FdDirectory *directory,
                  const char  *path,
                  const char  *part)
{
  g_autoptr(GPtrArray) errors = fd_directory_get_errors (directory);
  const char *error;

  g_assert_cmpuint (errors->len, ==, 1);
  error = g_ptr_array_index (errors, 0);
  g_test_message ("error: %s", error);
  g_assert_nonnull (strstr (error, path));
  g_assert_nonnull (strstr (error, part));
  g_assert_null (strchr (error, '\n'));
  g_assert_true (g_str_has_suffix (error, "."));
}

/* ---- vCard ----------------------------------------------------------------- */

static void
test_vcard_21 (Fixture       *f,
               gconstpointer  data)
{
  /* Quoted-printable UTF-8, with a soft line break inside the name. */
  g_autofree char *path = write_file (f, "old.vcf",
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Kov=C3=A1cs;Zolt=C3=A1n\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zolt=C3=A1n Kov=\r\n"
    "=C3=A1cs\r\n"
    "TEL;WORK;VOICE:06 1 234 5678\r\n"
    "TEL;CELL:+36 30 123 4567\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;charset=utf-8;encoding=quoted-printable:B=C3=A9la =\r\n"
    "Szab=C3=B3\r\n"
    "TEL;HOME:1002\r\n"
    "END:VCARD\r\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+3612345678", "Zoltán Kovács", path);
  assert_name (f->directory, "0036 1 234 5678", "Zoltán Kovács", path);
  assert_name (f->directory, "06301234567", "Zoltán Kovács", path);
  /* Lower-case parameters are the same parameters. */
  assert_name (f->directory, "1002", "Béla Szabó", path);
  g_assert_cmpuint (fd_directory_get_n_numbers (f->directory), ==, 3);
}

static void
test_vcard_30 (Fixture       *f,
               gconstpointer  data)
{
  /* A folded FN, a grouped TEL (item1.TEL, as Apple writes), TYPE=work. */
  g_autofree char *path = write_file (f, "three.vcf",
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Anna Na\n"
    " gy\n"
    "N:Nagy;Anna;;;\n"
    "item1.TEL;type=pref:+49 30 901820\n"
    "item1.X-ABLabel:Berlin\n"
    "TEL;TYPE=work:(030) 901821\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:\n"
    "N:Smith;John;;;\n"
    "TEL;TYPE=HOME,VOICE:+44 20 7946 0958\n"
    "END:VCARD\n", -1);

  fd_directory_set_region (f->directory, "DE");
  fd_directory_add_source (f->directory, path);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+4930901820", "Anna Nagy", path);
  assert_name (f->directory, "030 901820", "Anna Nagy", path);
  assert_name (f->directory, "(030) 901821", "Anna Nagy", path);
  /* An empty FN falls back to N, in reading order. */
  assert_name (f->directory, "+442079460958", "John Smith", path);
}

static void
test_vcard_40 (Fixture       *f,
               gconstpointer  data)
{
  /* tel: URIs, an empty FN with an ORG, an extension. */
  g_autofree char *path = write_file (f, "four.vcf",
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:\r\n"
    "ORG:Acme Kft.;Sales\r\n"
    "TEL;VALUE=uri;TYPE=\"voice,work\":tel:+36-1-234-5678;ext=102\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Reception\r\n"
    "TEL;VALUE=uri:tel:1001\r\n"
    "END:VCARD\r\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+36 1 234 5678", "Acme Kft.", path);
  assert_name (f->directory, "1001", "Reception", path);
}

/* A four-digit extension matches itself, never the tail of a number. */
static void
test_extension_only_itself (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = write_file (f, "ext.vcf",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Front Desk\nTEL:5678\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Budapest Office\nTEL:+36 1 234 5678\nEND:VCARD\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_name (f->directory, "5678", "Front Desk", NULL);
  assert_name (f->directory, "+3612345678", "Budapest Office", NULL);
  assert_name (f->directory, "+3612341001", NULL, NULL);
  assert_name (f->directory, "1001", NULL, NULL);
}

static void
test_vcard_broken_line (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_file (f, "broken.vcf",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nTEL:+3612345678\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Bad One\nthis line has no colon\nTEL:+3612345679\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Good Two\nTEL:+3612345670\nEND:VCARD\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_one_error (f->directory, path, "9");
  {
    g_autoptr(GPtrArray) errors = fd_directory_get_errors (f->directory);
    g_assert_nonnull (strstr (g_ptr_array_index (errors, 0), " line 9 "));
  }
  assert_name (f->directory, "+3612345678", "Good One", path);
  assert_name (f->directory, "+3612345670", "Good Two", path);
  assert_name (f->directory, "+3612345679", NULL, NULL);
}

static void
test_vcard_unfinished (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "cut.vcf",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nTEL:+3612345678\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\nTEL:+36123", -1);

  fd_directory_add_source (f->directory, path);
  assert_one_error (f->directory, path, "line 6");
  assert_name (f->directory, "+3612345678", "Good One", path);
}

/* ---- CSV ------------------------------------------------------------------- */

static void
test_csv_google (Fixture       *f,
                 gconstpointer  data)
{
  /* Google's export: a quoted name with a comma, a note with a line break
   * and quotes, two numbers in one cell, an organisation-only row. */
  g_autofree char *path = write_file (f, "google.csv",
    "Name,Given Name,Family Name,Notes,Group Membership,Phone 1 - Type,Phone 1 - Value,"
    "Phone 2 - Type,Phone 2 - Value,Organization 1 - Name\r\n"
    "\"Horváth, Péter\",Péter,Horváth,\"Says \"\"hi\"\"\nand more\",* myContacts,Mobile,"
    "+36 30 111 2222 ::: 06 1 234 5678,Work,(030) 901820,\r\n"
    ",,,,* myContacts,Work,+36 1 999 8888,,,Acme Kft.\r\n"
    "Reception,,,,,Work,1001,,,\r\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+36301112222", "Horváth, Péter", path);
  assert_name (f->directory, "+3612345678", "Horváth, Péter", path);
  /* National in the directory's region (HU), so not the German number. */
  assert_name (f->directory, "+4930901820", NULL, NULL);
  assert_name (f->directory, "0630901820", NULL, NULL);
  assert_name (f->directory, "+3619998888", "Acme Kft.", path);
  assert_name (f->directory, "1001", "Reception", path);
}

static void
test_csv_google_new (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "contacts.csv",
    "First Name,Middle Name,Last Name,Organization Name,Phone 1 - Label,Phone 1 - Value\n"
    "Eszter,,Szabó,,Mobile,+36 20 555 1234\n"
    "Judit,M.,Molnár,,Work,06 1 234 5678\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+36205551234", "Eszter Szabó", path);
  assert_name (f->directory, "+36 1 234 5678", "Judit M. Molnár", path);
}

static void
test_csv_outlook (Fixture       *f,
                  gconstpointer  data)
{
  /* Outlook's "ANSI" export is Windows-1252: é is 0xE9. */
  g_autofree char *path = write_file (f, "outlook.CSV",
    "\"First Name\",\"Middle Name\",\"Last Name\",\"Company\",\"Business Fax\",\"Business Phone\","
    "\"Business Phone 2\",\"Home Phone\",\"Mobile Phone\"\r\n"
    "\"P\xe9ter\",\"\",\"T\xf3th\",\"\",\"+36 1 000 0000\",\"+36 1 234 5678\",\"\",\"\",\"06 30 123 4567\"\r\n"
    "\"\",\"\",\"\",\"Support Line\",\"\",\"\",\"0036 1 777 6666\",\"\",\"\"\r\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+3612345678", "Péter Tóth", path);
  assert_name (f->directory, "+36301234567", "Péter Tóth", path);
  assert_name (f->directory, "+3617776666", "Support Line", path);
  /* A fax line is not a phone column. */
  assert_name (f->directory, "+3610000000", NULL, NULL);
}

static void
test_csv_no_phone_column (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (f, "names.csv", "Name,E-mail 1 - Value\nAnna,a@example.com\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_one_error (f->directory, path, "phone");
  g_assert_cmpuint (fd_directory_get_n_numbers (f->directory), ==, 0);
}

static void
test_csv_unterminated_quote (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = write_file (f, "quote.csv",
    "Name,Phone 1 - Value\nAnna,+3612345678\nBéla,+3612345679\n\"Cecil,+3612345670\n", -1);

  fd_directory_add_source (f->directory, path);
  assert_one_error (f->directory, path, "line 4");
  assert_name (f->directory, "+3612345678", "Anna", path);
  assert_name (f->directory, "+3612345679", "Béla", path);
}

/* ---- Sources ---------------------------------------------------------------- */

static void
test_folder (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "book", NULL);
  g_autofree char *vcf = g_build_filename (sub, "a.vcf", NULL);
  g_autofree char *csv = g_build_filename (sub, "b.csv", NULL);
  g_autofree char *other = g_build_filename (sub, "notes.txt", NULL);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (vcf, "BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nTEL:+3612345678\nEND:VCARD\n", -1, NULL));
  g_assert_true (g_file_set_contents (csv, "Name,Mobile Phone\nBéla,+36 30 123 4567\n", -1, NULL));
  g_assert_true (g_file_set_contents (other, "not an address book\x01", -1, NULL));

  fd_directory_add_source (f->directory, sub);
  assert_no_errors (f->directory);
  assert_name (f->directory, "+3612345678", "Anna", vcf);
  assert_name (f->directory, "+36301234567", "Béla", csv);
  g_assert_cmpuint (fd_directory_get_n_numbers (f->directory), ==, 2);
}

/* Each bad source gives its one sentence; the good source still loads. */
static void
test_bad_sources (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.vcf", NULL);
  g_autofree char *binary = write_file (f, "binary.vcf", "BEGIN:VCARD\n\0\x01\x02\xff", 16);
  g_autofree char *big = g_build_filename (f->dir, "big.csv", NULL);
  g_autofree char *good = write_file (f, "good.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nTEL:+3612345678\nEND:VCARD\n", -1);
  g_autoptr(GPtrArray) errors = NULL;
  const char *parts[][2] = { { missing, "does not exist" }, { binary, "not a text file" },
                             { big, "50 MB" } };
  int fd;

  /* Sparse: 51 MB that take no disk space. */
  fd = g_open (big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 51 * 1024 * 1024), ==, 0);
  close (fd);

  fd_directory_add_source (f->directory, missing);
  fd_directory_add_source (f->directory, binary);
  fd_directory_add_source (f->directory, big);
  fd_directory_add_source (f->directory, good);
  assert_name (f->directory, "+3612345678", "Anna", good);

  errors = fd_directory_get_errors (f->directory);
  g_assert_cmpuint (errors->len, ==, G_N_ELEMENTS (parts));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *error = g_ptr_array_index (errors, i);

      g_test_message ("error: %s", error);
      g_assert_nonnull (strstr (error, parts[i][0]));
      g_assert_nonnull (strstr (error, parts[i][1]));
    }
}

static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "locked.vcf", "BEGIN:VCARD\nFN:A\nTEL:1001\nEND:VCARD\n", -1);

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  if (access (path, R_OK) == 0)
    {
      g_test_skip ("running with the right to read any file");
      return;
    }
  fd_directory_add_source (f->directory, path);
  assert_one_error (f->directory, path, "could not be read");
  g_assert_cmpuint (fd_directory_get_n_numbers (f->directory), ==, 0);
}

/* A FIFO in place of a file would block a plain open() for ever. */
static void
test_not_a_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "pipe.vcf", NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  fd_directory_add_source (f->directory, path);
  assert_one_error (f->directory, path, "not a regular file");
}

/* ---- Reloading --------------------------------------------------------------- */

static void
test_reload_on_change (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "live.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Old Name\nTEL:+3612345678\nEND:VCARD\n", -1);
  guint before;

  fd_directory_add_source (f->directory, path);
  assert_name (f->directory, "+3612345678", "Old Name", path);

  before = f->changes;
  g_free (write_file (f, "live.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:New Name\nTEL:+3612345678\nEND:VCARD\n", -1));
  FD_TEST_WAIT_FOR (f->changes > before, 10);
  assert_name (f->directory, "+3612345678", "New Name", path);

  /* Deleted: the names go, and the file is said to be missing. */
  before = f->changes;
  g_assert_cmpint (g_unlink (path), ==, 0);
  FD_TEST_WAIT_FOR (f->changes > before, 10);
  assert_name (f->directory, "+3612345678", NULL, NULL);
  assert_one_error (f->directory, path, "does not exist");

  /* Back again: read as soon as it appears. */
  before = f->changes;
  g_free (write_file (f, "live.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Third Name\nTEL:+3612345678\nEND:VCARD\n", -1));
  FD_TEST_WAIT_FOR (f->changes > before && fd_directory_lookup (f->directory, "+3612345678", NULL) != NULL, 10);
  assert_name (f->directory, "+3612345678", "Third Name", path);
  assert_no_errors (f->directory);
}

static void
test_reload_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "book", NULL);
  g_autofree char *added = g_build_filename (sub, "new.csv", NULL);
  guint before;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  fd_directory_add_source (f->directory, sub);
  assert_name (f->directory, "+3612345678", NULL, NULL);

  before = f->changes;
  g_assert_true (g_file_set_contents (added, "Name,Business Phone\nAnna,+3612345678\n", -1, NULL));
  FD_TEST_WAIT_FOR (f->changes > before && fd_directory_lookup (f->directory, "+3612345678", NULL) != NULL, 10);
  assert_name (f->directory, "+3612345678", "Anna", added);
}

/* ---- Region and calls --------------------------------------------------------- */

static void
test_region (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = write_file (f, "national.csv", "Name,Phone 1 - Value\nAnna,(030) 901820\n", -1);

  fd_directory_add_source (f->directory, path);
  g_assert_cmpstr (fd_directory_get_region (f->directory), ==, "HU");
  assert_name (f->directory, "+4930901820", NULL, NULL);
  fd_directory_set_region (f->directory, "de");
  g_assert_cmpstr (fd_directory_get_region (f->directory), ==, "DE");
  assert_name (f->directory, "+4930901820", "Anna", path);
  assert_name (f->directory, "030901820", "Anna", path);
}

static void
test_name_call (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = write_file (f, "calls.vcf",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Anna Nagy\nTEL:06 1 234 5678\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Reception\nTEL:1001\nEND:VCARD\n", -1);
  g_autoptr(FdCall) known = fd_call_new ("a");
  g_autoptr(FdCall) pbx = fd_call_new ("b");
  g_autoptr(FdCall) unknown = fd_call_new ("c");

  fd_directory_add_source (f->directory, path);
  fd_call_set_source (known, "+3612345678");
  fd_call_set_caller_id (known, "A. Nagy");
  fd_call_set_destination (known, "1001");
  fd_directory_name_call (f->directory, known);
  g_assert_cmpstr (fd_call_get_caller_name (known), ==, "Anna Nagy");
  g_assert_cmpint (fd_call_get_caller_name_source (known), ==, FD_NAME_SOURCE_DIRECTORY);
  g_assert_cmpstr (fd_call_get_callee_name (known), ==, "Reception");
  g_assert_cmpint (fd_call_get_callee_name_source (known), ==, FD_NAME_SOURCE_DIRECTORY);

  fd_call_set_source (pbx, "+3619999999");
  fd_call_set_caller_id (pbx, "Thomas M.");
  fd_call_set_destination (pbx, "1002");
  fd_directory_name_call (f->directory, pbx);
  g_assert_cmpstr (fd_call_get_caller_name (pbx), ==, "Thomas M.");
  g_assert_cmpint (fd_call_get_caller_name_source (pbx), ==, FD_NAME_SOURCE_PBX);
  g_assert_null (fd_call_get_callee_name (pbx));
  g_assert_cmpint (fd_call_get_callee_name_source (pbx), ==, FD_NAME_SOURCE_NONE);

  /* A CallerId that is only the number again is no name. */
  fd_call_set_source (unknown, "103");
  fd_call_set_caller_id (unknown, "103");
  fd_directory_name_call (NULL, unknown);
  g_assert_null (fd_call_get_caller_name (unknown));
  g_assert_cmpint (fd_call_get_caller_name_source (unknown), ==, FD_NAME_SOURCE_NONE);
}

/* Feeds (FdEdsBooks's): looked up after the files, kept when the files
 * are replaced, read again in a new region, and gone when removed. */
static void
test_feeds (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *csv = write_file (f, "people.csv", "Name,Phone 1 - Value\nFile Anna,+36 1 234 5678\n", -1);
  const char * const pairs[] = { "+36 1 234 5678", "Feed Anna", "06 30 111 2222", "Feed Bela", NULL };
  const char * const paths[] = { csv, NULL };
  guint changes;

  fd_directory_set_feed (f->directory, "eds:test", "Personal", pairs, NULL);
  assert_name (f->directory, "+36 1 234 5678", "Feed Anna", "Personal");
  assert_name (f->directory, "+36301112222", "Feed Bela", "Personal");

  fd_directory_set_sources (f->directory, paths);
  assert_name (f->directory, "+36 1 234 5678", "File Anna", csv);
  assert_name (f->directory, "+36301112222", "Feed Bela", "Personal");
  fd_directory_set_sources (f->directory, NULL);
  assert_name (f->directory, "+36 1 234 5678", "Feed Anna", "Personal");

  /* "06 30…" is a Hungarian national number: in Germany it is another. */
  fd_directory_set_region (f->directory, "DE");
  assert_name (f->directory, "+36301112222", NULL, NULL);
  fd_directory_set_region (f->directory, "HU");
  assert_name (f->directory, "+36301112222", "Feed Bela", "Personal");

  fd_directory_set_feed (f->directory, "eds:test", "Personal", NULL, "The address book “Personal” could not be opened.");
  assert_name (f->directory, "+36 1 234 5678", NULL, NULL);
  assert_one_error (f->directory, "Personal", "could not be opened");

  changes = f->changes;
  fd_directory_remove_feed (f->directory, "eds:test");
  g_assert_cmpuint (f->changes, ==, changes + 1);
  assert_no_errors (f->directory);
  fd_directory_remove_feed (f->directory, "eds:test");
  g_assert_cmpuint (f->changes, ==, changes + 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/frontdesk/directory/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("vcard-2.1", test_vcard_21);
  ADD ("vcard-3.0", test_vcard_30);
  ADD ("vcard-4.0", test_vcard_40);
  ADD ("extension-only-itself", test_extension_only_itself);
  ADD ("vcard-broken-line", test_vcard_broken_line);
  ADD ("vcard-unfinished", test_vcard_unfinished);
  ADD ("csv-google", test_csv_google);
  ADD ("csv-google-new", test_csv_google_new);
  ADD ("csv-outlook", test_csv_outlook);
  ADD ("csv-no-phone-column", test_csv_no_phone_column);
  ADD ("csv-unterminated-quote", test_csv_unterminated_quote);
  ADD ("folder", test_folder);
  ADD ("bad-sources", test_bad_sources);
  ADD ("unreadable", test_unreadable);
  ADD ("not-a-file", test_not_a_file);
  ADD ("reload-on-change", test_reload_on_change);
  ADD ("reload-folder", test_reload_folder);
  ADD ("region", test_region);
  ADD ("name-call", test_name_call);
  ADD ("feeds", test_feeds);
#undef ADD
  return g_test_run ();
}
