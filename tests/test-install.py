#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and checks what lands there.
Needs no root and never touches the real prefix (meson skips the
post-install scripts when DESTDIR is set). Prints TAP.

usage: test-install.py --meson MESON --builddir DIR --prefix P --bindir B
           --datadir D --localedir L --app-id ID --schema-id ID
           --binary NAME [--binary NAME...] --linguas FILE
"""
import argparse
import configparser
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from taplib import Tap

# data/validate-mime.py, which the 'data' suite also runs on the built file.
_spec = importlib.util.spec_from_file_location(
    'validate_mime', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'validate-mime.py'))
validate_mime = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate_mime)

MO_MAGIC = (b'\xde\x12\x04\x95', b'\x95\x04\x12\xde')


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--meson', required=True)
    p.add_argument('--builddir', required=True)
    p.add_argument('--prefix', required=True)
    p.add_argument('--bindir', required=True)
    p.add_argument('--datadir', required=True)
    p.add_argument('--localedir', required=True)
    p.add_argument('--app-id', required=True)
    p.add_argument('--schema-id', required=True)
    p.add_argument('--binary', action='append', required=True)
    p.add_argument('--linguas', required=True)
    return p.parse_args()


def languages(linguas):
    with open(linguas, encoding='utf-8') as f:
        return [w for line in f for w in line.split('#')[0].split()]


def under(prefix, path):
    """path (absolute, or relative to prefix) as a path relative to the root."""
    return os.path.join(prefix, path).lstrip('/')


def main():
    args = parse_args()
    tap = Tap()
    app_id = args.app_id
    bindir = under(args.prefix, args.bindir)
    datadir = under(args.prefix, args.datadir)
    localedir = under(args.prefix, args.localedir)

    expected = {os.path.join(bindir, b) for b in args.binary}
    desktop = os.path.join(datadir, 'applications', app_id + '.desktop')
    metainfo = os.path.join(datadir, 'metainfo', app_id + '.metainfo.xml')
    schema = os.path.join(datadir, 'glib-2.0', 'schemas', args.schema_id + '.gschema.xml')
    icon = os.path.join(datadir, 'icons', 'hicolor', 'scalable', 'apps', app_id + '.svg')
    symbolic = os.path.join(datadir, 'icons', 'hicolor', 'symbolic', 'apps', app_id + '-symbolic.svg')
    mos = [os.path.join(localedir, lang, 'LC_MESSAGES', 'entrena.mo')
           for lang in languages(args.linguas)]
    mime = os.path.join(datadir, 'mime', 'packages', app_id + '.xml')
    expected |= {desktop, metainfo, schema, icon, symbolic, mime, *mos}

    with tempfile.TemporaryDirectory(prefix='entrena-install-') as destdir:
        env = dict(os.environ, DESTDIR=destdir, LC_ALL='C.UTF-8')
        p = subprocess.run([args.meson, 'install', '-C', args.builddir, '--no-rebuild',
                            '--quiet', '--destdir', destdir],
                           capture_output=True, text=True, env=env, timeout=240)
        tap.check('meson install --destdir succeeds',
                  [] if p.returncode == 0 else
                  ['meson install exited with %d' % p.returncode] + p.stdout.splitlines()[-20:] +
                  p.stderr.splitlines()[-20:])
        if p.returncode != 0:
            tap.finish()

        def path(rel):
            return os.path.join(destdir, rel)

        installed = set()
        for dirpath, _, filenames in os.walk(destdir):
            for name in filenames:
                installed.add(os.path.relpath(os.path.join(dirpath, name), destdir))

        tap.check('every expected file is installed',
                  ['missing: /' + f for f in sorted(expected - installed)])
        tap.check('nothing else is installed',
                  ['unexpected: /' + f for f in sorted(installed - expected)])

        tap.check('the programs are executable',
                  ['not executable: /' + os.path.join(bindir, b) for b in args.binary
                   if not os.access(path(os.path.join(bindir, b)), os.X_OK)])

        # The launcher starts an installed program and shows the installed icon.
        problems = []
        entry = {}
        if os.path.isfile(path(desktop)):
            parser = configparser.RawConfigParser(strict=False, interpolation=None)
            parser.optionxform = str
            parser.read(path(desktop), encoding='utf-8')
            entry = parser['Desktop Entry'] if parser.has_section('Desktop Entry') else {}
        exec_line = shlex.split(entry.get('Exec', ''))
        if not exec_line:
            problems.append('the desktop file has no Exec')
        elif os.path.basename(exec_line[0]) not in args.binary:
            problems.append('Exec runs %s, which is not an installed program' % exec_line[0])
        elif ('/' in exec_line[0] and
              exec_line[0] != '/' + os.path.join(bindir, os.path.basename(exec_line[0]))):
            problems.append('Exec names %s, not the installed one' % exec_line[0])
        if entry.get('Icon') != app_id:
            problems.append('Icon is %r, not %r' % (entry.get('Icon'), app_id))
        if not os.path.isfile(path(icon)):
            problems.append('no icon named %s in hicolor' % app_id)
        if 'Name[es]' not in entry or 'Comment[es]' not in entry:
            problems.append('the Spanish name and comment were not merged in')
        tap.check('the desktop file runs the installed program with the installed icon', problems)

        # The software-centre metadata names the installed launcher and programs.
        problems = []
        try:
            root = ET.parse(path(metainfo)).getroot()
        except (OSError, ET.ParseError) as e:
            root = None
            problems.append('cannot read the metainfo: %s' % e)
        if root is not None:
            if root.findtext('id') != app_id:
                problems.append('id is %r, not %r' % (root.findtext('id'), app_id))
            launchables = [e.text for e in root.findall('launchable')
                           if e.get('type') == 'desktop-id']
            if launchables != [app_id + '.desktop']:
                problems.append('launchable is %r, not %r' % (launchables, app_id + '.desktop'))
            for binary in root.findall('provides/binary'):
                if binary.text not in args.binary:
                    problems.append('provides binary %s, which is not installed' % binary.text)
            domain = root.findtext('translation[@type="gettext"]')
            if domain is None or not all(m.endswith('/' + domain + '.mo') for m in mos):
                problems.append('the translation domain %r is not the installed catalogues\'' % domain)
            if not root.findall('screenshots/screenshot'):
                problems.append('no screenshots')
        tap.check('the metainfo names the installed desktop file, programs and translations',
                  problems)

        # The lesson files' MIME type is one the desktop's database reads, and the
        # launcher opens it.
        problems = []
        updater = shutil.which('update-mime-database')
        if os.path.isfile(path(mime)) and updater:
            problems += validate_mime.check(updater, path(mime))
        if 'application/x-entrena-lesson' not in entry.get('MimeType', '').split(';'):
            problems.append('the desktop file does not list application/x-entrena-lesson')
        tap.check('the MIME type of lessons installs and the launcher opens it', problems)

        # The settings schema compiles where it was installed.
        problems = []
        compiler = shutil.which('glib-compile-schemas')
        if compiler and os.path.isfile(path(schema)):
            p = subprocess.run([compiler, '--strict', '--dry-run', os.path.dirname(path(schema))],
                               capture_output=True, text=True)
            if p.returncode != 0:
                problems.append(p.stderr.strip())
        tap.check('the installed schema compiles', problems)

        problems = []
        for mo in mos:
            try:
                with open(path(mo), 'rb') as f:
                    if f.read(4) not in MO_MAGIC:
                        problems.append('/%s is not a compiled catalogue' % mo)
            except OSError as e:
                problems.append(str(e))
        tap.check('the translations are compiled catalogues', problems)

        # The installed command-line program runs from its new place.
        problems = []
        cli = next((b for b in args.binary if b.endswith('-cli')), None)
        if cli is not None:
            p = subprocess.run([path(os.path.join(bindir, cli)), '--version'],
                               capture_output=True, text=True, env=env, timeout=60)
            if p.returncode != 0 or not p.stdout.startswith(cli + ' '):
                problems.append('%s --version: exit %d, %r %r' % (cli, p.returncode, p.stdout, p.stderr))
        tap.check('the installed entrena-cli runs', problems)

    tap.finish()


if __name__ == '__main__':
    main()
