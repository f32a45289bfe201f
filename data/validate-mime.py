#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a shared-mime-info package file: update-mime-database reads it
without complaint, and the database it builds maps *.entrena to the lesson
type and knows the type's comment.

usage: validate-mime.py UPDATE-MIME-DATABASE FILE.xml
"""
import os
import shutil
import subprocess
import sys
import tempfile

LESSON_TYPE = 'application/x-entrena-lesson'


def check(update_mime_database, package):
    problems = []
    with tempfile.TemporaryDirectory(prefix='entrena-mime-') as data_dir:
        # A data folder of its own, so the tool has nothing to say about where it is.
        mime_dir = os.path.join(data_dir, 'mime')
        os.makedirs(os.path.join(mime_dir, 'packages'))
        shutil.copy(package, os.path.join(mime_dir, 'packages', os.path.basename(package)))
        env = dict(os.environ, XDG_DATA_HOME=data_dir)
        p = subprocess.run([update_mime_database, mime_dir], capture_output=True, text=True, env=env)
        if p.returncode != 0 or p.stderr.strip():
            problems.append('update-mime-database: exit %d: %s' % (p.returncode, p.stderr.strip()))
        try:
            with open(os.path.join(mime_dir, 'globs2'), encoding='utf-8') as f:
                globs = [line.strip().split(':') for line in f if not line.startswith('#')]
        except OSError as e:
            globs = []
            problems.append(str(e))
        if not any(g[1:3] == [LESSON_TYPE, '*.entrena'] for g in globs if len(g) >= 3):
            problems.append('*.entrena is not %s in the database built' % LESSON_TYPE)
        if not os.path.isfile(os.path.join(mime_dir, 'application', 'x-entrena-lesson.xml')):
            problems.append('the database has no entry for %s' % LESSON_TYPE)
    return problems


def main():
    problems = check(sys.argv[1], sys.argv[2])
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
