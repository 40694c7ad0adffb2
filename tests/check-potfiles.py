#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file with translatable strings is missing from
po/POTFILES.in, when the list is not sorted, or when it names a file that
does not exist. TAP output. Usage: check-potfiles.py SOURCE_ROOT"""

import pathlib
import re
import sys

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), Q_(…), g_dngettext (…), ngettext (…)
C_MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|Q_|g_dn?gettext|g_dpgettext2?|n?gettext)\s*\(')
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true)"')
DATA_PATTERNS = ('*.desktop.in', '*.metainfo.xml.in', '*.appdata.xml.in', '*.gschema.xml')


def strip_c_comments(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def needs_translation(path):
    text = path.read_text(encoding='utf-8', errors='replace')
    if path.suffix in ('.c', '.h'):
        return C_MARKERS.search(strip_c_comments(text)) is not None
    if path.suffix == '.ui':
        return UI_MARKER.search(text) is not None
    return True   # desktop, metainfo and schema files always carry strings


def candidates(root):
    for pattern in ('*.c', '*.h', '*.ui'):
        yield from (root / 'src').rglob(pattern)
    for pattern in DATA_PATTERNS:
        yield from (root / 'data').glob(pattern)


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    lines = (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith('#')]

    wanted = sorted(str(path.relative_to(root)) for path in candidates(root) if needs_translation(path))
    missing = [path for path in wanted if path not in listed]
    absent = [path for path in listed if not (root / path).is_file()]
    unsorted = listed != sorted(listed)

    print('1..3')
    print(('not ok' if missing else 'ok') + ' 1 - every file with translatable strings is in POTFILES.in')
    for path in missing:
        print(f'# missing from po/POTFILES.in: {path}')
    print(('not ok' if absent else 'ok') + ' 2 - every file in POTFILES.in exists')
    for path in absent:
        print(f'# listed but not found: {path}')
    print(('not ok' if unsorted else 'ok') + ' 3 - POTFILES.in is sorted')
    if unsorted:
        print('# expected order:')
        for path in sorted(listed):
            print(f'#   {path}')
    return 1 if missing or absent or unsorted else 0


if __name__ == '__main__':
    sys.exit(main())
