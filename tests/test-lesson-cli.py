#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lesson files through entrena-cli: lesson save, show, add-run and
train --lesson, and the corpus of malformed lessons in data/lessons (each
refused with the key its MANIFEST line names). Prints TAP.

usage: test-lesson-cli.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(SRCDIR, 'data')
LESSONS = os.path.join(DATA, 'lessons')
SMALL = os.path.join(DATA, 'train-small.csv')

# Every data and training option, away from its default.
OPTIONS = ['--target', 'grade', '--exclude', 'noise', '--layers', '16,8', '--lr', '0.02',
           '--epochs', '12', '--test-size', '0.25', '--seed', '5', '--batch-size', '16',
           '--stratify', '--standardize', '--missing', 'fill', '--val-size', '0.15', '--patience', '4',
           '--activation', 'tanh', '--optimizer', 'sgd', '--momentum', '0.9', '--nesterov',
           '--weight-decay', '0.001']

results = []


def run(*args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    p = subprocess.run([CLI, *args], capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def case(fn):
    results.append(fn)
    return fn


def numbers(out):
    """train --json without what differs from one run to the next."""
    j = json.loads(out)
    del j['train_seconds']
    return j


def as_float32(values):
    """The single-precision numbers behind @values, as both files hold them."""
    return [struct.unpack('f', struct.pack('f', v))[0] for v in values]


def train_json(*args):
    rc, out, err = run('train', '--json', *args)
    assert rc == 0, err
    return numbers(out)


@case
def save_show_train_equals_flags():
    with tempfile.TemporaryDirectory() as tmp:
        lesson = os.path.join(tmp, 'sub', 'small.entrena')
        os.mkdir(os.path.dirname(lesson))
        csv = os.path.join(tmp, 'small.csv')
        shutil.copy(SMALL, csv)
        rc, _, err = run('lesson', 'save', '-o', lesson, csv, *OPTIONS, '--title', 'Grades',
                         '--instructions', 'Train.\nThen compare.', '--lock', 'learning-rate,epochs',
                         '--hide', 'seed', '--pace', '5')
        assert rc == 0, err

        rc, out, err = run('lesson', 'show', lesson)
        assert rc == 0, err
        assert 'Grades' in out and 'Then compare.' in out, out
        assert 'learning-rate   0.02  (locked)' in out, out
        assert 'seed            5  (hidden)' in out, out

        rc, out, err = run('lesson', 'show', '--json', lesson)
        assert rc == 0, err
        j = json.loads(out)
        assert j['format'] == 'entrena-lesson' and j['version'] == 1, j
        assert j['data'] == {'name': 'small.csv', 'path': '../small.csv'}, j['data']
        s = j['settings']
        assert s['target'] == 'grade' and s['exclude'] == ['noise'] and s['missing'] == 'fill', s
        assert s['hidden-layers'] == '16,8' and s['learning-rate'] == 0.02 and s['epochs'] == 12, s
        assert s['test-size'] == 0.25 and s['seed'] == 5 and s['batch-size'] == 16, s
        assert s['stratify'] is True and s['standardize'] is True and s['pace'] == 5, s
        assert s['val-size'] == 0.15 and s['patience'] == 4 and s['activation'] == 'tanh', s
        assert s['optimizer'] == 'sgd' and s['momentum'] == 0.9 and s['nesterov'] is True, s
        assert s['weight-decay'] == 0.001, s
        assert j['locked'] == ['learning-rate', 'epochs'] and j['hidden'] == ['seed'], j

        # The lesson gives exactly the numbers the same options give.
        assert train_json('--lesson', lesson) == train_json(csv, *OPTIONS)
        # Options given with it change the lesson's.
        assert (train_json('--lesson', lesson, '--lr', '0.05', '--epochs', '7') ==
                train_json(csv, *OPTIONS, '--lr', '0.05', '--epochs', '7'))

        # The file written is what show --json prints: the lesson written back.
        with open(lesson, encoding='utf-8') as f:
            assert json.load(f) == j


@case
def default_columns_are_written_out():
    """Without --exclude, the identifier columns training leaves out are named in the lesson."""
    with tempfile.TemporaryDirectory() as tmp:
        lesson = os.path.join(tmp, 'ids.entrena')
        ids = os.path.join(DATA, 'ids.csv')
        rc, _, err = run('lesson', 'save', '-o', lesson, ids, '--target', 'species', '--epochs', '3')
        assert rc == 0, err
        rc, out, err = run('lesson', 'show', '--json', lesson)
        assert json.loads(out)['settings']['exclude'] == ['Id'], out


@case
def embedded_lesson_needs_no_csv():
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, 'copy.csv')
        lesson = os.path.join(tmp, 'embedded.entrena')
        shutil.copy(SMALL, csv)
        rc, _, err = run('lesson', 'save', '-o', lesson, csv, *OPTIONS, '--embed')
        assert rc == 0, err
        expected = train_json(csv, *OPTIONS)
        os.remove(csv)
        with open(lesson, encoding='utf-8') as f:
            j = json.load(f)
        assert j['data']['name'] == 'copy.csv' and 'path' not in j['data'], j['data']
        with open(SMALL, encoding='utf-8') as f:
            assert j['data']['csv'] == f.read()
        assert train_json('--lesson', lesson) == expected


@case
def add_run_keeps_its_history():
    with tempfile.TemporaryDirectory() as tmp:
        lesson = os.path.join(tmp, 'runs.entrena')
        rc, _, err = run('lesson', 'save', '-o', lesson, SMALL, *OPTIONS, '--embed')
        assert rc == 0, err
        rc, _, err = run('lesson', 'add-run', lesson, '--lr', '0.1', '--label', 'learning rate 0.1')
        assert rc == 0, err
        rc, out, err = run('lesson', 'show', '--json', lesson)
        j = json.loads(out)
        assert len(j['runs']) == 1 and j['runs'][0]['label'] == 'learning rate 0.1', j['runs']
        assert j['runs'][0]['settings']['learning-rate'] == 0.1
        assert j['settings']['learning-rate'] == 0.02, 'the lesson’s own settings stay'
        history = j['runs'][0]['history']
        trained = train_json(SMALL, *OPTIONS, '--lr', '0.1')
        for ours, theirs in (('train_loss', 'train_loss'), ('test_loss', 'test_loss'),
                             ('test_accuracy', 'test_accuracy_per_epoch'),
                             ('train_accuracy', 'train_accuracy_per_epoch')):
            assert as_float32(history[ours]) == as_float32(trained[theirs]), (ours, history, trained)
        rc, out, _ = run('lesson', 'show', lesson)
        assert '1. learning rate 0.1: %d epochs' % len(history['train_loss']) in out, out


@case
def save_refuses_bad_options():
    with tempfile.TemporaryDirectory() as tmp:
        lesson = os.path.join(tmp, 'x.entrena')
        rc, _, err = run('lesson', 'save', '-o', lesson, SMALL, '--target', 'grade', '--lock', 'lr')
        assert rc == 2 and '“lr”' in err and 'learning-rate' in err, err
        rc, _, err = run('lesson', 'save', '-o', lesson, SMALL, '--target', 'nope')
        assert rc == 1 and 'nope' in err, err
        rc, _, err = run('lesson', 'save', SMALL, '--target', 'grade')
        assert rc == 2 and '-o' in err, err
        assert not os.path.exists(lesson)


@case
def huge_file_is_not_read():
    with tempfile.TemporaryDirectory() as tmp:
        huge = os.path.join(tmp, 'huge.entrena')
        with open(huge, 'wb') as f:
            f.truncate(200 * 1024 * 1024)
        rc, _, err = run('lesson', 'show', huge)
        assert rc == 1 and 'huge.entrena' in err and 'too big' in err, err


@case
def valid_lessons_of_the_corpus_load():
    for name in ('valid-path.entrena', 'valid-embedded.entrena'):
        rc, out, err = run('lesson', 'show', '--json', os.path.join(LESSONS, name))
        assert rc == 0, (name, err)
        json.loads(out)


@case
def malformed_lessons_are_refused_naming_the_key():
    with open(os.path.join(LESSONS, 'MANIFEST'), encoding='utf-8') as f:
        lines = [line.rstrip('\n').split('\t') for line in f if not line.startswith('#')]
    assert len(lines) >= 20, len(lines)
    listed = {name for name, _ in lines}
    on_disk = {n for n in os.listdir(LESSONS) if n.endswith('.entrena') and not n.startswith('valid-')}
    assert listed == on_disk, (listed ^ on_disk)
    for name, key in lines:
        path = os.path.join(LESSONS, name)
        for args in (['lesson', 'show', path], ['train', '--lesson', path]):
            rc, out, err = run(*args)
            assert rc == 1, (name, args, rc, err)
            assert name in err and key in err, (name, key, err)
            assert out == '', (name, out)


def main():
    print('1..%d' % len(results))
    failed = 0
    for i, fn in enumerate(results, 1):
        try:
            fn()
            print('ok %d - %s' % (i, fn.__name__))
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            print('not ok %d - %s' % (i, fn.__name__))
            for line in repr(e).splitlines():
                print('# ' + line)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
