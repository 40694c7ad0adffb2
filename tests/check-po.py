#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every catalog in po/LINGUAS compiles with `msgfmt --check`, has no fuzzy
and no untranslated entries, and (when xgettext and msgcmp are there)
translates every string the sources have now. TAP output.
Usage: check-po.py MSGFMT PO_DIR"""

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# The keywords and flags of meson's i18n.gettext(preset: 'glib').
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_printerr:1:c-format',
]


def statistics(msgfmt, po):
    run = subprocess.run([msgfmt, '--check', '--statistics', '-o', '/dev/null', str(po)],
                         capture_output=True, text=True, env={'LC_ALL': 'C'})
    counts = {kind: 0 for kind in ('translated', 'fuzzy', 'untranslated')}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', run.stderr):
        counts[kind] = int(number)
    return run.returncode, counts, run.stderr.strip()


def make_template(po_dir, directory):
    xgettext = shutil.which('xgettext')
    if xgettext is None:
        return None
    root = po_dir.parent
    pot = pathlib.Path(directory) / 'frontdesk.pot'
    subprocess.run([xgettext, *XGETTEXT_ARGS, '--files-from', str(po_dir / 'POTFILES.in'),
                    '--directory', str(root), '--output', str(pot)], check=True, capture_output=True)
    return pot


def main():
    msgfmt, po_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    languages = [line.strip() for line in (po_dir / 'LINGUAS').read_text().splitlines()
                 if line.strip() and not line.startswith('#')]
    msgcmp = shutil.which('msgcmp')
    failed = False
    n = 0
    with tempfile.TemporaryDirectory() as directory:
        pot = make_template(po_dir, directory) if msgcmp else None
        print(f'1..{len(languages) * (2 if pot else 1)}')
        for language in languages:
            po = po_dir / f'{language}.po'
            rc, counts, text = statistics(msgfmt, po)
            ok = rc == 0 and counts['fuzzy'] == 0 and counts['untranslated'] == 0 and counts['translated'] > 0
            n += 1
            print(f'{"ok" if ok else "not ok"} {n} - {language}.po: {text}')
            failed |= not ok
            if pot is None:
                continue
            run = subprocess.run([msgcmp, '--no-fuzzy-matching', str(po), str(pot)],
                                 capture_output=True, text=True, env={'LC_ALL': 'C'})
            n += 1
            print(f'{"ok" if run.returncode == 0 else "not ok"} {n} - {language}.po has every string of the sources')
            for line in run.stderr.splitlines()[:40]:
                print(f'# {line}')
            failed |= run.returncode != 0
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
