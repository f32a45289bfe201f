#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regression through entrena-cli: the task chosen and said, the metrics equal
to scikit-learn's on the same predictions, the refusals, the history, model
files, predict and checkpoints. Prints TAP.

usage: test-regression-cli.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(SRCDIR, 'data')
WINE_LIKE = os.path.join(DATA, 'wine-like.csv')
SMALL = os.path.join(DATA, 'train-small.csv')

results = []


def run(*args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    p = subprocess.run([CLI, *args], capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def train_json(*args):
    rc, out, err = run('train', *args, '--json')
    assert rc == 0, err
    return json.loads(out)


def case(fn):
    results.append(fn)
    return fn


@case
def auto_chooses_regression_and_says_so():
    j = train_json(WINE_LIKE, '-t', 'alcohol', '--standardize', '--scale-target', '--epochs', '60')
    for key in ('task', 'train_loss', 'test_loss', 'test_rmse', 'test_mae', 'test_r2',
                'baseline_rmse', 'suggested_epoch', 'convergence', 'best_test_epoch',
                'train_seconds'):
        assert key in j, key
    assert j['task'] == 'regression', j['task']
    assert len(j['train_loss']) == 60 and len(j['test_loss']) == 60
    assert 'test_accuracy' not in j and 'confusion_matrix' not in j
    assert j['test_r2'] > 0.5 and j['test_rmse'] < j['baseline_rmse'], j
    rc, out, err = run('train', WINE_LIKE, '-t', 'alcohol', '--standardize', '-q')
    assert rc == 0, err
    assert 'Task:            Regression' in out and 'not whole' in out, out
    assert 'Test R²' in out and 'Confusion' not in out, out
    j = train_json(SMALL, '-t', 'grade', '--epochs', '5')
    assert j['task'] == 'classification' and 'test_accuracy' in j, j


SKLEARN_METRICS = """
import json, math, sys
from sklearn import metrics
j = json.load(sys.stdin)
p, a = j['test_predicted'], j['test_actual']
base = [j['baseline_mean']] * len(a)
json.dump([math.sqrt(metrics.mean_squared_error(a, p)), metrics.mean_absolute_error(a, p),
           metrics.r2_score(a, p), math.sqrt(metrics.mean_squared_error(a, base))], sys.stdout)
"""


def sklearn_python():
    """A Python with scikit-learn: this one, or Debian's."""
    for python in (sys.executable, '/usr/bin/python3'):
        if os.path.exists(python) and subprocess.run([python, '-c', 'import sklearn'],
                                                     capture_output=True).returncode == 0:
            return python
    return None


@case
def metrics_equal_sklearn():
    python = sklearn_python()
    if python is None:
        return 'SKIP scikit-learn is not installed'
    for extra in ([], ['--scale-target'], ['--layers', '8', '--activation', 'tanh']):
        j = train_json(WINE_LIKE, '-t', 'alcohol', '--standardize', *extra)
        assert len(j['test_predicted']) == len(j['test_actual']) == j['test_rows']
        p = subprocess.run([python, '-c', SKLEARN_METRICS], input=json.dumps(j).encode(),
                           capture_output=True, check=True)
        rmse, mae, r2, baseline = json.loads(p.stdout)
        assert abs(j['test_rmse'] - rmse) <= 1e-6, (j['test_rmse'], rmse)
        assert abs(j['test_mae'] - mae) <= 1e-6, (j['test_mae'], mae)
        assert abs(j['test_r2'] - r2) <= 1e-6, (j['test_r2'], r2)
        assert abs(j['baseline_rmse'] - baseline) <= 1e-6, (j['baseline_rmse'], baseline)
        assert j['scale_target'] == ('--scale-target' in extra)


@case
def refusals():
    rc, _, err = run('train', WINE_LIKE, '-t', 'alcohol', '--stratify', '-q')
    assert rc == 1 and 'tratif' in err and 'alcohol' in err, err
    rc, _, err = run('train', os.path.join(DATA, 'ids.csv'), '-t', 'species', '--task', 'regression', '-q')
    assert rc == 1 and 'species' in err and 'text' in err, err
    rc, _, err = run('train', WINE_LIKE, '-t', 'alcohol', '--task', 'numbers', '-q')
    assert rc == 2 and '--task' in err, err
    # Asked for, a few whole numbers regress too; and a quantity can be classified.
    j = train_json(SMALL, '-t', 'grade', '--task', 'regression', '--epochs', '3')
    assert j['task'] == 'regression'
    j = train_json(WINE_LIKE, '-t', 'quality', '--task', 'classification', '--epochs', '3')
    assert j['task'] == 'classification'


@case
def history_model_predict_checkpoint():
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, 'h.csv')
        model = os.path.join(tmp, 'm.safetensors')
        ck = os.path.join(tmp, 'c.safetensors')
        j = train_json(WINE_LIKE, '-t', 'alcohol', '--standardize', '--scale-target', '--epochs', '20',
                       '--history', history, '--save', model, '--save-checkpoint', ck)
        with open(history, encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0].keys())[:4] == ['epoch', 'train_loss', 'test_loss', 'test_accuracy']
        assert all(r['test_accuracy'] == '' and r['train_accuracy'] == '' for r in rows), rows[0]
        assert abs(float(rows[-1]['test_loss']) - j['test_loss'][-1]) < 1e-6

        rc, out, err = run('predict', model, WINE_LIKE)
        assert rc == 0, err
        lines = list(csv.reader(out.splitlines()))
        assert lines[0][-1] == 'predicted_alcohol' and 'probability' not in lines[0], lines[0]
        predicted = [float(r[-1]) for r in lines[1:]]
        actual = [float(r[lines[0].index('alcohol')]) for r in lines[1:]]
        assert len(predicted) == 200
        # Numbers in the target's units, close on the whole file.
        mae = sum(abs(p - a) for p, a in zip(predicted, actual)) / len(actual)
        assert 8 < sum(predicted) / len(predicted) < 13 and mae < 1.0, mae

        # 20 epochs, saved, then 20 more: as 40 at once.
        rc, out, err = run('train', WINE_LIKE, '--resume', ck, '--epochs', '20', '--json')
        assert rc == 0, err
        resumed = json.loads(out)
        whole = train_json(WINE_LIKE, '-t', 'alcohol', '--standardize', '--scale-target', '--epochs', '40')
        assert resumed['task'] == 'regression'
        assert resumed['train_loss'] == whole['train_loss'], 'resumed run differs'
        assert resumed['test_rmse'] == whole['test_rmse']
        rc, _, err = run('train', WINE_LIKE, '--resume', ck, '--task', 'classification', '-q')
        assert rc == 2 and '--task' in err, err
        # No class probabilities for a number, and said so.
        rc, out, err = run('predict', model, WINE_LIKE, '--probabilities')
        assert rc == 2 and '--probabilities' in err and out == '', err
        # The exported script is the regression one (test-script-torch runs it).
        rc, out, err = run('export-script', model)
        assert rc == 0 and 'nn.MSELoss()' in out and 'CrossEntropyLoss' not in out, err


@case
def inspect_says_task():
    rc, out, err = run('inspect', WINE_LIKE, '-t', 'alcohol', '--json')
    assert rc == 0, err
    j = json.loads(out)
    assert j['task'] == 'regression' and 'alcohol' in j['task_reason'], j
    rc, out, err = run('inspect', WINE_LIKE, '-t', 'quality')
    assert rc == 0 and 'classes' in out, out


@case
def wave_demo_trains_as_regression():
    rc, out, err = run('demo', '--list')
    assert rc == 0 and 'wave' in out, out
    with tempfile.TemporaryDirectory() as tmp:
        wave = os.path.join(tmp, 'wave.csv')
        rc, out, err = run('demo', 'wave')
        assert rc == 0, err
        with open(wave, 'w', encoding='utf-8') as f:
            f.write(out)
        # The lesson's recipe, the task chosen from the target's values.
        j = train_json(wave, '-t', 'y', '-q')
        assert j['task'] == 'regression', j['task']
        assert j['train_rows'] + j['test_rows'] == 600
        assert j['test_r2'] > 0.9 and j['test_rmse'] < j['baseline_rmse'] / 3, j['test_r2']


@case
def lesson_carries_task_and_scale_target():
    options = ['-t', 'alcohol', '--exclude', 'Id', '--task', 'regression', '--scale-target',
               '--standardize', '--epochs', '15']
    with tempfile.TemporaryDirectory() as tmp:
        lesson = os.path.join(tmp, 'alcohol.entrena')
        rc, _, err = run('lesson', 'save', '-o', lesson, WINE_LIKE, *options, '--title', 'Alcohol')
        assert rc == 0, err
        rc, out, err = run('lesson', 'show', '--json', lesson)
        assert rc == 0, err
        settings = json.loads(out)['settings']
        assert settings['task'] == 'regression' and settings['scale-target'] is True, settings
        rc, out, err = run('lesson', 'show', lesson)
        assert rc == 0 and 'regression' in out, out

        def without_time(j):
            return {k: v for k, v in j.items() if k != 'train_seconds'}
        from_lesson = train_json('--lesson', lesson, '-q')
        assert from_lesson['task'] == 'regression' and from_lesson['scale_target'] is True
        assert without_time(from_lesson) == without_time(train_json(WINE_LIKE, *options, '-q'))
        # An option given with the lesson changes its task.
        j = train_json('--lesson', lesson, '--task', 'auto', '-t', 'quality', '-q')
        assert j['task'] == 'classification', j['task']


@case
def history_with_validation_leaves_accuracies_empty():
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, 'h.csv')
        j = train_json(WINE_LIKE, '-t', 'alcohol', '--scale-target', '--val-size', '0.2', '--epochs', '8',
                       '--history', history, '-q')
        with open(history, encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0].keys()) == ['epoch', 'train_loss', 'test_loss', 'test_accuracy', 'seconds',
                                        'train_accuracy', 'val_loss', 'val_accuracy'], rows[0].keys()
        assert len(rows) == 8
        for r in rows:
            assert r['test_accuracy'] == r['train_accuracy'] == r['val_accuracy'] == '', r
            assert float(r['train_loss']) > 0 and float(r['val_loss']) > 0 and float(r['seconds']) >= 0, r
        assert abs(float(rows[-1]['val_loss']) - j['val_loss'][-1]) < 1e-6


failed = 0
for i, fn in enumerate(results, 1):
    try:
        skip = fn()
        if skip:
            print(f'ok {i} {fn.__name__} # {skip}')
        else:
            print(f'ok {i} {fn.__name__}')
    except Exception as e:  # noqa: BLE001 - report every failure as TAP
        failed += 1
        print(f'not ok {i} {fn.__name__}')
        for line in repr(e).splitlines():
            print(f'# {line}')
print(f'1..{len(results)}')
sys.exit(1 if failed else 0)
