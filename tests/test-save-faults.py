#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file entrena-cli writes, written while the write must fail: the
command exits with status 1 and a message naming the file, and the file
that was there before is byte for byte the same. Prints TAP.

usage: test-save-faults.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)

The faults: a file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so that
write() fails with EFBIG instead of killing the process), and a folder that
cannot be written (a path through a regular file: root ignores permissions).
"""
import os
import resource
import signal
import subprocess
import sys
import tempfile

from taplib import Tap

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
SMALL = os.path.join(SRCDIR, 'data', 'train-small.csv')
OLD = b'the previous file, which must survive\n' * 3
LIMIT = 4096


def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def run(args, limit):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    p = subprocess.run([CLI, *args], capture_output=True, env=env, timeout=300,
                       preexec_fn=limited if limit else None)
    return p.returncode, p.stderr.decode('utf-8', 'replace')


def writers(tmp, model):
    """(name, the file written, the command's arguments) for each kind of file."""
    train = ['train', SMALL, '--target', 'grade', '--epochs', '3', '--quiet', '--layers', '64,32']
    yield 'model', 'model.safetensors', train + ['--save', '{}']
    yield 'initial weights', 'init.safetensors', train + ['--save-init', '{}']
    yield 'checkpoint', 'run.checkpoint', train + ['--save-checkpoint', '{}']
    yield 'history', 'history.csv', ['train', SMALL, '--target', 'grade', '--epochs', '300', '--quiet',
                                     '--history', '{}']
    yield 'chart', 'chart.svg', train + ['--plot', '{}']
    yield 'predictions', 'predictions.csv', ['predict', model, SMALL, '-o', '{}']
    yield 'script', 'script.py', ['export-script', model, '-o', '{}']
    # With the CSV inside, the lesson is longer than the limit.
    yield 'lesson', 'lesson.entrena', ['lesson', 'save', SMALL, '--target', 'grade', '--embed', '-o', '{}']


def main():
    tap = Tap()
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, 'trained.safetensors')
        rc, err = run(['train', SMALL, '--target', 'grade', '--epochs', '2', '--quiet', '--save', model], False)
        assert rc == 0, err
        plain = os.path.join(tmp, 'plain')
        with open(plain, 'wb') as f:
            f.write(OLD)

        for name, filename, args in writers(tmp, model):
            path = os.path.join(tmp, filename)
            # Without a fault, the file is written and is bigger than the limit.
            rc, err = run([a.replace('{}', path) for a in args], False)
            if rc == 2 and 'Unknown option' in err:
                tap.check('%s: # SKIP not built in' % name, [])
                continue
            problems = [] if rc == 0 else ['status %d without a fault: %s' % (rc, err)]
            if not problems and os.path.getsize(path) <= LIMIT:
                problems.append('%s is only %d bytes' % (filename, os.path.getsize(path)))

            with open(path, 'wb') as f:
                f.write(OLD)
            rc, err = run([a.replace('{}', path) for a in args], True)
            if rc != 1:
                problems.append('status %d under the size limit, not 1: %s' % (rc, err))
            if filename not in err:
                problems.append('the message does not name %s: %s' % (filename, err))
            with open(path, 'rb') as f:
                if f.read() != OLD:
                    problems.append('the previous %s changed' % filename)
            leftovers = [n for n in os.listdir(tmp) if n.startswith(filename + '.')]
            if leftovers:
                problems.append('temporary files left: %s' % leftovers)
            tap.check('%s: a failed write under a size limit leaves the old file' % name, problems)

            through = os.path.join(plain, filename)
            rc, err = run([a.replace('{}', through) for a in args], False)
            problems = []
            if rc != 1 or filename not in err:
                problems.append('status %d: %s' % (rc, err))
            with open(plain, 'rb') as f:
                if f.read() != OLD:
                    problems.append('the file in the way changed')
            tap.check('%s: a folder that cannot be written is an error naming the file' % name, problems)
    tap.finish()


main()
