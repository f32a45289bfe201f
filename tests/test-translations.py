#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every translatable string reaches the translators, and that a
translation is complete for the current sources. Prints TAP.

usage: test-translations.py SRCDIR potfiles
           po/POTFILES.in names every file with translatable strings, each
           file it names exists and has some, and the list is sorted
       test-translations.py SRCDIR complete LANG
           po/LANG.po has no untranslated or fuzzy message, and translates
           every message xgettext finds today in the files of POTFILES.in
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from taplib import Tap

SRCDIR = os.path.abspath(sys.argv[1])
PO_DIR = os.path.join(SRCDIR, 'po')
POTFILES = os.path.join(PO_DIR, 'POTFILES.in')

# The folders whose files may hold strings for the user.
SCANNED = ('src', 'ui', 'data')

# gettext calls in C: _(), N_(), C_(), NC_(), Q_() and the g_d*gettext and
# ngettext families. \b keeps FOO_() and G_DEFINE_TYPE() out.
C_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:N|C|NC|Q)?_\s*\('
                    r'|\b(?:g_)?d?c?n?p?gettext2?\s*\(')
# Comments and string or character literals, in one pass so that "/*" in a
# string starts no comment.
C_NOISE = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*', re.S)
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.I)
XML_COMMENT = re.compile(r'<!--.*?-->', re.S)
SCHEMA_TRANSLATABLE = re.compile(r'<(?:summary|description)\b')
METAINFO_TRANSLATABLE = re.compile(r'<(?:name|summary|description|caption|developer_name)\b')


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def has_translatable_strings(relpath):
    """Whether the file at relpath (from SRCDIR) has strings to translate, or
    None if it is not a kind of file that can have any."""
    path = os.path.join(SRCDIR, relpath)
    name = os.path.basename(relpath)
    if name.endswith(('.c', '.h')):
        text = C_NOISE.sub(lambda m: '""' if m.group(0)[0] in '"\'' else ' ', read(path))
        return bool(C_CALL.search(text))
    if name.endswith('.ui'):
        return bool(UI_TRANSLATABLE.search(XML_COMMENT.sub('', read(path))))
    if name.endswith('.desktop.in'):
        return True
    if name.endswith('.gschema.xml'):
        text = XML_COMMENT.sub('', read(path))
        return 'gettext-domain=' in text and bool(SCHEMA_TRANSLATABLE.search(text))
    if name.endswith(('.metainfo.xml.in', '.appdata.xml.in')):
        return bool(METAINFO_TRANSLATABLE.search(XML_COMMENT.sub('', read(path))))
    return None


def listed_files():
    names = []
    for line in read(POTFILES).splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            names.append(line)
    return names


def scanned_files():
    found = []
    for top in SCANNED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(SRCDIR, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(('.', '_')))
            for name in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, name), SRCDIR)
                if has_translatable_strings(rel):
                    found.append(rel)
    return found


def cmd_potfiles(tap):
    listed = listed_files()
    found = scanned_files()

    tap.check('POTFILES.in names every file with translatable strings',
              ['%s has translatable strings but is not in po/POTFILES.in' % f
               for f in found if f not in listed])

    missing = [f for f in listed if not os.path.isfile(os.path.join(SRCDIR, f))]
    tap.check('every file in POTFILES.in exists',
              ['po/POTFILES.in names %s, which does not exist' % f for f in missing])

    tap.check('every file in POTFILES.in has translatable strings',
              ['po/POTFILES.in names %s, which has no translatable strings' % f
               for f in listed if f not in missing and has_translatable_strings(f) is False])

    tap.check('POTFILES.in is sorted and has no duplicates',
              [] if listed == sorted(set(listed)) else
              ['po/POTFILES.in is not sorted or names a file twice'])


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def cmd_complete(tap, lang):
    po = os.path.join(PO_DIR, lang + '.po')
    tools = ('msgfmt', 'xgettext', 'msgcmp', 'msgmerge')
    if not all(shutil.which(t) for t in tools):
        tap.skip_all('the gettext tools are not installed')

    # 1. The catalogue itself: msgfmt counts what is translated, fuzzy and untranslated.
    p = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
            env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
    stats = p.stderr.strip()
    problems = [] if p.returncode == 0 else ['msgfmt --check failed: ' + stats]
    translated = re.search(r'(\d+) translated message', stats)
    fuzzy = re.search(r'(\d+) fuzzy translation', stats)
    untranslated = re.search(r'(\d+) untranslated message', stats)
    if not translated or int(translated.group(1)) == 0:
        problems.append('no translated message: ' + stats)
    if fuzzy and int(fuzzy.group(1)) > 0:
        problems.append('%s fuzzy: %s' % (fuzzy.group(1), stats))
    if untranslated and int(untranslated.group(1)) > 0:
        problems.append('%s untranslated: %s' % (untranslated.group(1), stats))
    tap.check('%s.po has no fuzzy or untranslated message (%s)' % (lang, stats), problems)

    # 2. Today's template, made as meson's glib preset makes it, into a temporary folder.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'entrena.pot')
        p = run(['xgettext', '--from-code=UTF-8', '--add-comments',
                 '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
                 '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
                 '--keyword=g_dpgettext2:2c,3',
                 '--directory=' + SRCDIR, '--files-from=' + POTFILES, '--output=' + pot])
        if p.returncode != 0 or not os.path.isfile(pot):
            tap.check('xgettext extracts the template', ['xgettext failed: ' + p.stderr])
            return

        # msgcmp reports each message of the template that the catalogue lacks or
        # leaves untranslated (fuzzy ones count as missing).
        p = run(['msgcmp', po, pot], env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
        problems = [line for line in p.stderr.splitlines() if line.strip()]
        if p.returncode != 0 and not problems:
            problems = ['msgcmp failed']
        tap.check('%s.po translates every message of the current sources' % lang, problems)

        # Obsolete (#~) entries are harmless, but messages no source uses any more
        # are noise for translators: msgmerge would comment them out.
        merged = os.path.join(tmp, lang + '.po')
        p = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file=' + merged, po, pot])
        unused = []
        if p.returncode == 0:
            p = run(['msgattrib', '--only-obsolete', '--no-wrap', merged])
            unused = [line for line in p.stdout.splitlines() if line.startswith('#~ msgid ')]
        tap.check('%s.po has no message the sources no longer use' % lang,
                  ['unused: ' + line[len('#~ msgid '):] for line in unused])


def main():
    tap = Tap()
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[2] == 'potfiles':
        cmd_potfiles(tap)
    elif sys.argv[2] == 'complete' and len(sys.argv) == 4:
        cmd_complete(tap, sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    tap.finish()


if __name__ == '__main__':
    main()
