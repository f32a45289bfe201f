#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the PyTorch script Entrena exports and compares its losses with
Entrena's own run, epoch by epoch. Prints TAP.

usage: test-script-torch.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)

It needs pandas, scikit-learn and torch; when the interpreter running it has
no torch it runs itself again with /usr/bin/python3 (Debian's), and skips when
that has none either.
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import torch  # noqa: F401
    import sklearn  # noqa: F401
    import pandas  # noqa: F401
except ImportError:
    if os.path.exists('/usr/bin/python3') and sys.executable != '/usr/bin/python3' \
            and not os.environ.get('ENTRENA_REEXEC'):
        os.environ['ENTRENA_REEXEC'] = '1'
        os.execv('/usr/bin/python3', ['/usr/bin/python3', *sys.argv])
    print('1..0 # SKIP pandas, scikit-learn or torch is not installed')
    sys.exit(0)

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(SRCDIR, 'data')
ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='', OMP_NUM_THREADS='1')


def entrena(*args):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode()


def compare(name, csv, options, epochs, tmp):
    mine = json.loads(entrena('train', csv, '--json', '--quiet', '--epochs', str(epochs), *options))
    script = os.path.join(tmp, name + '.py')
    entrena('export-script', csv, '--epochs', str(epochs), *options, '-o', script)
    p = subprocess.run([sys.executable, script, csv, '--no-plot', '--json'], capture_output=True,
                       env=ENV, timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    theirs = json.loads(p.stdout.decode().strip().splitlines()[-1])
    # An early stop ends both runs at the same epoch, before the last.
    assert len(mine['train_loss']) == len(theirs['train_loss']), (len(mine['train_loss']), len(theirs['train_loss']))
    checked = min(int(epochs * 0.8), len(mine['train_loss']))
    worst = 0.0
    for e in range(checked):
        for key in ('train_loss', 'test_loss'):
            a, b = mine[key][e], theirs[key][e]
            err = abs(a - b) / max(1.0, abs(b))
            worst = max(worst, err)
            assert err <= 1e-5, f'{name} epoch {e + 1} {key}: Entrena {a!r}, PyTorch {b!r}'
    return f'largest difference {worst:.3g} over {checked} epochs'


cases = []


def case(fn):
    cases.append(fn)
    return fn


@case
def lesson_on_small_fixture(tmp):
    return compare('lesson', os.path.join(DATA, 'train-small.csv'), ['--target', 'grade'], 100, tmp)


@case
def standardized_stratified_one_hidden(tmp):
    return compare('standardized', os.path.join(DATA, 'train-small.csv'),
                   ['--target', 'grade', '--standardize', '--stratify', '--layers', '16',
                    '--test-size', '0.25', '--seed', '7'], 60, tmp)


@case
def string_classes_and_mini_batches(tmp):
    csv = os.path.join(tmp, 'blobs.csv')
    with open(csv, 'w', encoding='utf-8') as f:
        f.write(entrena('demo', 'blobs'))
    return compare('blobs', csv, ['--target', 'species', '--standardize', '--batch-size', '64'], 20, tmp)


OPTIMIZERS = (
    ('adam-wd', ['--weight-decay', '0.01']),
    ('adamw', ['--optimizer', 'adamw']),
    ('sgd', ['--optimizer', 'sgd', '--lr', '0.1']),
    ('sgd-nesterov-wd', ['--optimizer', 'sgd', '--momentum', '0.9', '--nesterov', '--weight-decay', '0.01']),
    ('rmsprop-wd', ['--optimizer', 'rmsprop', '--lr', '0.001', '--weight-decay', '0.01']),
    ('rmsprop-momentum', ['--optimizer', 'rmsprop', '--lr', '0.001', '--momentum', '0.5']),
)


@case
def each_optimizer(tmp):
    notes = []
    for name, options in OPTIMIZERS:
        notes.append(name + ': ' + compare(name, os.path.join(DATA, 'train-small.csv'),
                                           ['--target', 'grade', '--standardize', *options], 50, tmp))
    return '; '.join(notes)


@case
def activations_with_optimizers(tmp):
    notes = []
    for activation, (name, options) in zip(('leaky-relu', 'tanh', 'sigmoid', 'gelu'), OPTIMIZERS[1:5]):
        notes.append(activation + ' ' + name + ': ' +
                     compare(activation + '-' + name, os.path.join(DATA, 'train-small.csv'),
                             ['--target', 'grade', '--standardize', '--activation', activation, *options],
                             40, tmp))
    return '; '.join(notes)


def activation_case(activation):
    def run(tmp):
        return compare(activation, os.path.join(DATA, 'train-small.csv'),
                       ['--target', 'grade', '--standardize', '--activation', activation], 60, tmp)
    run.__name__ = 'activation_' + activation.replace('-', '_')
    return run


for name in ('leaky-relu', 'tanh', 'sigmoid', 'gelu'):
    case(activation_case(name))


@case
def validation_and_early_stopping(tmp):
    csv = os.path.join(DATA, 'train-small.csv')
    options = ['--target', 'grade', '--standardize', '--stratify', '--val-size', '0.3', '--patience', '10',
               '--layers', '16', '--seed', '7']
    note = compare('early-stopping', csv, options, 300, tmp)
    mine = json.loads(entrena('train', csv, '--json', '--quiet', '--epochs', '300', *options))
    script = os.path.join(tmp, 'early-stopping.py')
    p = subprocess.run([sys.executable, script, csv, '--no-plot', '--json'], capture_output=True,
                       env=ENV, timeout=300)
    theirs = json.loads(p.stdout.decode().strip().splitlines()[-1])
    assert mine['stopped_epoch'] is not None, 'the case must stop early'
    for key in ('stopped_epoch', 'best_val_epoch'):
        assert mine[key] == theirs[key], f'{key}: Entrena {mine[key]}, PyTorch {theirs[key]}'
    assert len(mine['val_loss']) == len(theirs['val_loss']) == mine['epochs']
    for e, (a, b) in enumerate(zip(mine['val_loss'], theirs['val_loss'])):
        assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), f'epoch {e + 1} val_loss: Entrena {a!r}, PyTorch {b!r}'
    assert abs(mine['test_accuracy'] - theirs['test_accuracy']) < 1e-6
    return note


@case
def script_from_a_model_file(tmp):
    csv = os.path.join(DATA, 'train-small.csv')
    model = os.path.join(tmp, 'small.safetensors')
    entrena('train', csv, '--target', 'grade', '--quiet', '--epochs', '5', '--activation', 'gelu',
            '--save', model)
    script = os.path.join(tmp, 'from-model.py')
    entrena('export-script', model, '--csv', csv, '-o', script)
    with open(script, encoding='utf-8') as f:
        assert 'ACTIVATION = nn.GELU()' in f.read(), "the model file's activation is not in the script"
    p = subprocess.run([sys.executable, script, '--no-plot', '--json'], capture_output=True, env=ENV,
                       timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    assert len(json.loads(p.stdout.decode().strip().splitlines()[-1])['train_loss']) == 5


# Regression: one output, nn.MSELoss (), the target optionally standardized.
WINE_LIKE = os.path.join(DATA, 'wine-like.csv')
WINE_OPTIONS = ['--target', 'alcohol', '--exclude', 'Id', '--task', 'regression']


def compare_regression_metrics(name, csv, options, epochs, tmp):
    """The run's test RMSE, MAE and R² against the script's (scikit-learn's
    metrics on PyTorch's predictions, in the target's units)."""
    mine = json.loads(entrena('train', csv, '--json', '--quiet', '--epochs', str(epochs), *options))
    script = os.path.join(tmp, name + '.py')
    p = subprocess.run([sys.executable, script, csv, '--no-plot', '--json'], capture_output=True,
                       env=ENV, timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    theirs = json.loads(p.stdout.decode().strip().splitlines()[-1])
    assert mine['task'] == 'regression'
    for key in ('test_rmse', 'test_mae', 'test_r2', 'baseline_rmse'):
        assert abs(mine[key] - theirs[key]) <= 1e-3 * max(1.0, abs(theirs[key])), \
            f'{name} {key}: Entrena {mine[key]!r}, PyTorch {theirs[key]!r}'
    return mine, theirs


@case
def regression_scaled_target(tmp):
    # One hidden layer of 16: with the lesson's 64 and 32 and the target
    # scaled, Adam carries float rounding past 1e-5 by epoch 32 (the golden
    # runs leave that case out for the same reason).
    options = [*WINE_OPTIONS, '--standardize', '--scale-target', '--layers', '16']
    note = compare('regression-scaled', WINE_LIKE, options, 100, tmp)
    compare_regression_metrics('regression-scaled', WINE_LIKE, options, 100, tmp)
    with open(os.path.join(tmp, 'regression-scaled.py'), encoding='utf-8') as f:
        text = f.read()
    for line in ('criterion = nn.MSELoss()', 'SCALE_TARGET = True'):
        assert line in text, f'{line!r} is not in the script'
    return note


@case
def regression_unscaled_lesson(tmp):
    return compare('regression-lesson', os.path.join(DATA, 'train-small.csv'),
                   ['--target', 'width', '--task', 'regression'], 100, tmp)


@case
def regression_activations_optimizers_mini_batches(tmp):
    notes = []
    for activation, (name, options) in zip(('tanh', 'gelu', 'leaky-relu'),
                                           (OPTIMIZERS[3], OPTIMIZERS[1], OPTIMIZERS[4])):
        notes.append(activation + ' ' + name + ': ' +
                     compare('regression-' + activation + '-' + name, WINE_LIKE,
                             [*WINE_OPTIONS, '--standardize', '--scale-target', '--layers', '16',
                              '--activation', activation, '--batch-size', '32', *options], 30, tmp))
    return '; '.join(notes)


@case
def regression_validation_and_early_stopping(tmp):
    options = [*WINE_OPTIONS, '--standardize', '--scale-target', '--val-size', '0.2', '--patience', '5']
    note = compare('regression-early-stopping', WINE_LIKE, options, 200, tmp)
    mine, theirs = compare_regression_metrics('regression-early-stopping', WINE_LIKE, options, 200, tmp)
    assert mine['stopped_epoch'] is not None, 'the case must stop early'
    for key in ('stopped_epoch', 'best_val_epoch'):
        assert mine[key] == theirs[key], f'{key}: Entrena {mine[key]}, PyTorch {theirs[key]}'
    checked = int(len(mine['val_loss']) * 0.8)
    for e, (a, b) in enumerate(zip(mine['val_loss'][:checked], theirs['val_loss'])):
        assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), f'epoch {e + 1} val_loss: Entrena {a!r}, PyTorch {b!r}'
    return note


@case
def regression_script_from_a_model_file(tmp):
    model = os.path.join(tmp, 'wine.safetensors')
    entrena('train', WINE_LIKE, *WINE_OPTIONS, '--quiet', '--epochs', '5', '--scale-target', '--save', model)
    script = os.path.join(tmp, 'wine-from-model.py')
    entrena('export-script', model, '--csv', WINE_LIKE, '-o', script)
    p = subprocess.run([sys.executable, script, '--no-plot', '--json'], capture_output=True, env=ENV,
                       timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    theirs = json.loads(p.stdout.decode().strip().splitlines()[-1])
    mine = json.loads(entrena('train', WINE_LIKE, *WINE_OPTIONS, '--json', '--quiet', '--epochs', '5',
                              '--scale-target'))
    for a, b in zip(mine['train_loss'], theirs['train_loss']):
        assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), (mine['train_loss'], theirs['train_loss'])


print(f'1..{len(cases)}')
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for i, fn in enumerate(cases, 1):
        try:
            note = fn(tmp)
            print(f'ok {i} {fn.__name__}' + (f' # {note}' if note and note.startswith('SKIP') else ''))
            if note and not note.startswith('SKIP'):
                print(f'# {note}')
        except Exception as e:  # noqa: BLE001 - report every failure as TAP
            failed += 1
            print(f'not ok {i} {fn.__name__}')
            for line in str(e).splitlines()[-20:]:
                print(f'# {line}')
sys.exit(1 if failed else 0)
