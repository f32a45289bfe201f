#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every file of the hostile corpus through entrena-cli, and prints TAP.

usage: test-hostile.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)

tests/data/hostile/MANIFEST.tsv says, for each file, the command to run, and
whether Entrena must refuse it (exit status 1, and a message holding every
listed part: the file's name and the line and column, key or offset) or
accept it. Nothing may crash: under ASan a crash or a leak is a status other
than 0 and 1. The big files are made by gen-hostile.py in a temporary folder.
"""
import os
import subprocess
import sys
import tempfile

from taplib import Tap

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(SRCDIR, 'data')
HOSTILE = os.path.join(DATA, 'hostile')


def read_manifest():
    entries = []
    with open(os.path.join(HOSTILE, 'MANIFEST.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            name, command, expect, stage, message, what = line.rstrip('\n').split('\t')
            entries.append(dict(name=name, command=command, expect=expect, stage=stage,
                                message=[m for m in message.split('|') if m], what=what))
    return entries


def path_of(name, generated):
    return os.path.join(generated, name[1:]) if name.startswith('@') else os.path.join(HOSTILE, name)


def check(entry, generated, tmp):
    path = path_of(entry['name'], generated)
    args = [a.replace('{}', path).replace('{data}', DATA) for a in entry['command'].split(' ')]
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    p = subprocess.run([CLI, *args], capture_output=True, env=env, timeout=600, cwd=tmp)
    out = p.stdout.decode('utf-8', 'replace')
    err = p.stderr.decode('utf-8', 'replace')
    problems = []
    if entry['expect'] == 'refuse':
        if p.returncode != 1:
            problems.append('exit status %d, not 1' % p.returncode)
        text = err
    else:
        if p.returncode != 0:
            problems.append('exit status %d, not 0' % p.returncode)
        text = out.replace('" : ', '": ')
    for part in entry['message']:
        if part not in text:
            problems.append('no “%s” in the output' % part)
    if entry['expect'] == 'refuse' and len(err) > 4000:
        problems.append('a message of %d characters' % len(err))
    if problems:
        problems.append('stderr: ' + err[:1500].replace('\n', '\n#   '))
    return problems


def main():
    tap = Tap()
    entries = read_manifest()
    with tempfile.TemporaryDirectory() as generated, tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(SRCDIR, 'gen-hostile.py'), generated], check=True)
        counts = {}
        for entry in entries:
            counts[entry['stage']] = counts.get(entry['stage'], 0) + 1
            tap.check('%s: %s (%s)' % (entry['name'], entry['expect'], entry['what']),
                      check(entry, generated, tmp))
        print('# files per stage: ' + ', '.join('%s %d' % kv for kv in sorted(counts.items())))
    tap.finish()


main()
