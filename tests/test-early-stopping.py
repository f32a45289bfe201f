#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Early stopping against PyTorch: for every case of
data/early-stopping-golden.json (written by gen-early-stopping-golden.py),
Entrena's run must stop at the same epoch, pick the same best epoch, follow
the same validation loss, and keep the same (restored) weights. Also a run
saved to a checkpoint and resumed stops where the run in one go stops.
Prints TAP.

usage: test-early-stopping.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)

The weights are compared within 1e-5 of the largest of 1 and their size:
Entrena sums in another order than PyTorch's matrix code, so after tens of
Adam steps the two differ by float rounding, not bit for bit.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
from array import array

from taplib import Tap

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(SRCDIR, 'data')
ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')

with open(os.path.join(DATA, 'early-stopping-golden.json'), encoding='ascii') as f:
    GOLDEN = json.load(f)
CSV = os.path.join(DATA, GOLDEN['csv'])


def entrena(*args):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode()


def tensors(path):
    """The F32 tensors of a safetensors file, flattened, by name."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, entry in header.items():
        if name == '__metadata__' or entry['dtype'] != 'F32':
            continue
        start, end = entry['data_offsets']
        values = array('f')
        values.frombytes(data[base + start:base + end])
        if sys.byteorder != 'little':
            values.byteswap()
        out[name] = values
    return out, header.get('__metadata__', {})


def check_case(case, tmp):
    model = os.path.join(tmp, case['name'] + '.safetensors')
    mine = json.loads(entrena('train', CSV, '--target', GOLDEN['target'], '--json', '--quiet',
                              '--epochs', str(case['epochs']), *case['options'], '--save', model))
    name = case['name']
    assert mine['val_rows'] == case['val_rows'] and mine['train_rows'] == case['train_rows'], \
        f"{name}: rows {mine['train_rows']}/{mine['val_rows']}, PyTorch {case['train_rows']}/{case['val_rows']}"
    assert mine['stopped_epoch'] == case['stopped_epoch'], \
        f"{name}: stopped at {mine['stopped_epoch']}, PyTorch at {case['stopped_epoch']}"
    assert mine['best_val_epoch'] == case['best_val_epoch'], \
        f"{name}: best epoch {mine['best_val_epoch']}, PyTorch {case['best_val_epoch']}"
    assert len(mine['val_loss']) == len(case['val_loss']) == mine['epochs'], name
    for e, (a, b) in enumerate(zip(mine['val_loss'], case['val_loss'])):
        assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), f'{name} epoch {e + 1}: val loss {a!r}, PyTorch {b!r}'
    # The results come from the restored weights.
    test_rows = sum(sum(row) for row in mine['confusion_matrix'])
    assert round(mine['test_accuracy'] * test_rows) == case['test_correct'], name

    weights, meta = tensors(model)
    worst = 0.0
    for key, theirs in case['weights'].items():
        ours = weights[key]
        assert len(ours) == len(theirs), key
        for a, b in zip(ours, theirs):
            err = abs(a - b) / max(1.0, abs(b))
            worst = max(worst, err)
            assert err <= 1e-5, f'{name} {key}: Entrena {a!r}, PyTorch {b!r}'
    stopped = case['stopped_epoch']
    assert meta.get('stopped_epoch') == (str(stopped) if stopped else None), meta.get('stopped_epoch')
    assert meta.get('best_val_epoch') == str(case['best_val_epoch']), meta.get('best_val_epoch')
    return f"{name}: stopped {stopped}, best {case['best_val_epoch']}, largest weight difference {worst:.3g}"


def resume_case(tmp):
    """N epochs, a checkpoint, then M more: the same stop, best epoch,
    history and weights as N + M at once."""
    case = GOLDEN['cases'][0]
    first = case['best_val_epoch'] + 1          # past the best epoch, before the stop
    whole = os.path.join(tmp, 'whole.safetensors')
    part = os.path.join(tmp, 'part.safetensors')
    ckpt = os.path.join(tmp, 'part.ckpt')
    opts = ['--target', GOLDEN['target'], '--json', '--quiet', *case['options']]
    one = json.loads(entrena('train', CSV, *opts, '--epochs', str(case['epochs']), '--save', whole))
    entrena('train', CSV, *opts, '--epochs', str(first), '--save-checkpoint', ckpt)
    two = json.loads(entrena('train', CSV, '--json', '--quiet', '--resume', ckpt,
                             '--epochs', str(case['epochs'] - first), '--save', part))
    for key in ('stopped_epoch', 'best_val_epoch', 'val_loss', 'train_loss', 'test_loss', 'test_accuracy'):
        assert one[key] == two[key], f'{key}: in one go {one[key]!r}, resumed {two[key]!r}'
    a, _ = tensors(whole)
    b, _ = tensors(part)
    assert all(a[k].tobytes() == b[k].tobytes() for k in a), 'the weights differ'

    # A checkpoint taken after the stop goes on from the weights at the stop,
    # with patience counted afresh: Train More.
    stopped = os.path.join(tmp, 'stopped.ckpt')
    entrena('train', CSV, *opts, '--epochs', str(case['epochs']), '--save-checkpoint', stopped)
    more = json.loads(entrena('train', CSV, '--json', '--quiet', '--resume', stopped, '--epochs', '3'))
    assert more['epochs'] == one['epochs'] + 3, more['epochs']
    assert more['val_loss'][:one['epochs']] == one['val_loss']
    return f"stopped at {one['stopped_epoch']} in one go and after resuming from epoch {first}"


cases = [(c['name'], (lambda c: lambda tmp: check_case(c, tmp))(c)) for c in GOLDEN['cases']]
cases.append(('resume-gives-the-same-stop', resume_case))

tap = Tap()
with tempfile.TemporaryDirectory() as tmp:
    for name, fn in cases:
        try:
            tap.check('%s (%s)' % (name, fn(tmp)), [])
        except Exception as e:  # noqa: BLE001 - report every failure as TAP
            tap.check(name, str(e).splitlines()[-20:] or [repr(e)])
tap.finish()
