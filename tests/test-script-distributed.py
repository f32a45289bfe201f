#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the distributed PyTorch script Entrena exports with torchrun, two
processes on this machine, and compares its curve with the single-process
script's, epoch by epoch. Prints TAP.

usage: test-script-distributed.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)

It needs pandas, scikit-learn and torch (with gloo); when the interpreter
running it has no torch it runs itself again with /usr/bin/python3, and skips
when that has none either.
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import torch
    import sklearn  # noqa: F401
    import pandas  # noqa: F401
except ImportError:
    if os.path.exists('/usr/bin/python3') and sys.executable != '/usr/bin/python3' \
            and not os.environ.get('ENTRENA_REEXEC'):
        os.environ['ENTRENA_REEXEC'] = '1'
        os.execv('/usr/bin/python3', ['/usr/bin/python3', *sys.argv])
    print('1..0 # SKIP pandas, scikit-learn or torch is not installed')
    sys.exit(0)
if not torch.distributed.is_available() or not torch.distributed.is_gloo_available():
    print('1..0 # SKIP this torch has no gloo backend')
    sys.exit(0)

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
CSV = os.path.join(SRCDIR, 'data', 'train-small.csv')
# No GPU even where there is one: the test is about the gloo path on CPU.
ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='', OMP_NUM_THREADS='1', CUDA_VISIBLE_DEVICES='')


def entrena(*args, ok=True):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=300)
    if ok:
        assert p.returncode == 0, p.stderr.decode()
    return p


def last_json(p):
    assert p.returncode == 0, p.stderr.decode()[-3000:]
    return json.loads(p.stdout.decode().strip().splitlines()[-1])


def torchrun(*args):
    """Two processes on this machine, as torchrun --standalone starts them.
    Debian's torch 1.13 launcher fails under Python 3.11 before it starts any
    process (its output-redirection enum); then the two ranks are started
    here with the environment torchrun would give them."""
    p = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone',
                        '--nproc_per_node=2', *args], capture_output=True, env=ENV, timeout=300)
    if p.returncode == 0 or b'elastic/multiprocessing' not in p.stderr:
        return p
    import socket
    with socket.socket() as free:
        free.bind(('127.0.0.1', 0))
        port = free.getsockname()[1]
    ranks = [subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(ENV, RANK=str(r), LOCAL_RANK=str(r), WORLD_SIZE='2',
                                       LOCAL_WORLD_SIZE='2', MASTER_ADDR='127.0.0.1',
                                       MASTER_PORT=str(port)))
             for r in range(2)]
    outs = [r.communicate(timeout=300) for r in ranks]
    codes = [r.returncode for r in ranks]
    return subprocess.CompletedProcess(args, max(codes), outs[0][0], outs[0][1] + outs[1][1])


def compare(name, options, epochs, tmp):
    single = os.path.join(tmp, name + '.py')
    spread = os.path.join(tmp, name + '-distributed.py')
    entrena('export-script', CSV, '--epochs', str(epochs), *options, '-o', single)
    entrena('export-script', CSV, '--distributed', '--epochs', str(epochs), *options, '-o', spread)
    mine = last_json(subprocess.run([sys.executable, single, CSV, '--no-plot', '--json'],
                                    capture_output=True, env=ENV, timeout=300))
    # Only rank 0 prints; the other rank's output is empty.
    theirs = last_json(torchrun(spread, CSV, '--no-plot', '--json'))
    keys = ['train_loss', 'test_loss'] + (['val_loss'] if 'val_loss' in mine else [])
    for key in keys:
        assert len(mine[key]) == len(theirs[key]), (key, len(mine[key]), len(theirs[key]))
    worst = 0.0
    for key in keys:
        for e, (a, b) in enumerate(zip(mine[key], theirs[key])):
            err = abs(a - b) / max(1.0, abs(a))
            worst = max(worst, err)
            assert err <= 1e-5, f'{name} epoch {e + 1} {key}: one process {a!r}, two {b!r}'
    for key in ('test_accuracy', 'train_accuracy', 'stopped_epoch', 'best_val_epoch',
                'test_rmse', 'test_mae', 'test_r2'):
        assert mine.get(key) == theirs.get(key) or abs(mine[key] - theirs[key]) < 1e-6, \
            f'{key}: one process {mine.get(key)}, two {theirs.get(key)}'
    return mine, f'largest difference {worst:.3g} over {len(mine["train_loss"])} epochs'


cases = []


def case(fn):
    cases.append(fn)
    return fn


@case
def lesson_recipe(tmp):
    return compare('lesson', ['--target', 'grade'], 60, tmp)[1]


@case
def sgd_momentum_weight_decay_validation_early_stop(tmp):
    mine, note = compare('sgd', ['--target', 'grade', '--standardize', '--stratify', '--layers', '16',
                                 '--optimizer', 'sgd', '--lr', '0.1', '--momentum', '0.9', '--nesterov',
                                 '--weight-decay', '0.01', '--activation', 'tanh',
                                 '--val-size', '0.3', '--patience', '5', '--seed', '7'], 150, tmp)
    assert mine['stopped_epoch'] is not None, 'the case must stop early'
    return note


@case
def regression_scaled_target_validation(tmp):
    mine, note = compare('regression', ['--target', 'width', '--task', 'regression', '--standardize',
                                        '--scale-target', '--layers', '16', '--val-size', '0.3',
                                        '--patience', '5'], 100, tmp)
    assert mine['stopped_epoch'] is not None, 'the case must stop early'
    return note


@case
def mini_batches_are_refused(tmp):
    p = entrena('export-script', CSV, '--distributed', '--target', 'grade', '--batch-size', '8', ok=False)
    assert p.returncode != 0 and b'full batches' in p.stderr, p.stderr.decode()
    assert p.stdout == b''


print(f'1..{len(cases)}')
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for i, fn in enumerate(cases, 1):
        try:
            note = fn(tmp)
            print(f'ok {i} {fn.__name__}')
            if note:
                print(f'# {note}')
        except Exception as e:  # noqa: BLE001 - report every failure as TAP
            failed += 1
            print(f'not ok {i} {fn.__name__}')
            for line in str(e).splitlines()[-20:]:
                print(f'# {line}')
sys.exit(1 if failed else 0)
