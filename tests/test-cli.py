#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives entrena-cli as a user would from a shell, and prints TAP.

usage: test-cli.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)
"""
import json
import os
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(SRCDIR, 'data')
WINE = os.path.join(SRCDIR, '..', '..', 'shared', 'data', 'WineQT.csv')

results = []


def run(*args, stdin=None):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    p = subprocess.run([CLI, *args], capture_output=True, env=env, input=stdin, timeout=120)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def case(fn):
    results.append(fn)
    return fn


@case
def version():
    rc, out, _ = run('--version')
    assert rc == 0 and out.startswith('entrena-cli '), out


@case
def usage_errors():
    rc, _, err = run()
    assert rc == 2, rc
    rc, _, err = run('frobnicate')
    assert rc == 2 and 'frobnicate' in err, err
    rc, _, err = run('inspect', '--test-size', '1.5', os.path.join(DATA, 'lf.csv'))
    assert rc == 2 and '--test-size' in err, err
    rc, _, err = run('inspect', '--bogus', os.path.join(DATA, 'lf.csv'))
    assert rc == 2, rc
    rc, _, err = run('inspect')
    assert rc == 2, rc


@case
def inspect_text():
    rc, out, err = run('inspect', os.path.join(DATA, 'ids.csv'), '--target', 'species')
    assert rc == 0, err
    assert 'identifier' in out and 'categorical' in out, out
    assert 'Suggested to leave out: Id' in out, out
    assert 'setosa' in out and '3 classes' in out, out


@case
def inspect_json():
    rc, out, err = run('inspect', os.path.join(DATA, 'spanish.csv'), '--json', '--target', 'calidad',
                       '--test-size', '0.25', '--seed', '7')
    assert rc == 0, err
    j = json.loads(out)
    assert j['delimiter'] == ';' and j['header'] is True and j['decimal_comma'] is True, j
    assert j['rows'] == 4
    assert [c['name'] for c in j['columns']] == ['acidez fija', 'acidez volátil', 'calidad', 'región']
    assert [c['type'] for c in j['columns']] == ['numeric', 'numeric', 'numeric', 'categorical']
    assert all(set(c) >= {'name', 'type', 'missing', 'distinct'} for c in j['columns'])
    assert j['classes'] == [{'name': '5', 'count': 2}, {'name': '6', 'count': 2}], j['classes']
    assert sorted(j['train_rows'] + j['test_rows']) == [0, 1, 2, 3]
    assert len(j['test_rows']) == 1
    assert j['suggested_exclude'] == []


@case
def inspect_json_without_target():
    rc, out, err = run('inspect', '--json', os.path.join(DATA, 'missing.csv'))
    assert rc == 0, err
    j = json.loads(out)
    assert 'classes' not in j and 'train_rows' not in j
    assert [c['missing'] for c in j['columns']] == [2, 3, 1]


@case
def bad_input_names_line_and_column():
    rc, out, err = run('inspect', os.path.join(DATA, 'ragged.csv'))
    assert rc == 1 and out == '', (rc, out)
    assert 'ragged.csv' in err and 'line 3' in err and 'line 4' in err, err
    rc, _, err = run('inspect', os.path.join(DATA, 'text-in-numeric.csv'), '--target', 'c')
    assert rc == 1 and 'line 3, column 2' in err, err
    rc, _, err = run('inspect', os.path.join(DATA, 'latin1.csv'))
    assert rc == 1 and 'UTF-8' in err, err
    rc, _, err = run('inspect', os.path.join(DATA, 'missing-file-that-is-not-there.csv'))
    assert rc == 1 and 'missing-file-that-is-not-there.csv' in err, err
    rc, _, err = run('inspect', os.path.join(DATA, 'ids.csv'), '--target', 'nope')
    assert rc == 1 and 'nope' in err and 'species' in err, err


@case
def demo_sets_round_trip():
    rc, out, err = run('demo', '--list')
    assert rc == 0, err
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert {'spirals', 'circles', 'blobs'} <= set(names), names
    rc, _, err = run('demo', 'nonsense')
    assert rc == 2 and 'nonsense' in err, err
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            rc, out, err = run('demo', name)
            assert rc == 0 and out.count('\n') > 100, (name, err)
            path = os.path.join(tmp, name + '.csv')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(out)
            rc, out, err = run('inspect', '--json', path)
            assert rc == 0, err
            j = json.loads(out)
            assert j['rows'] > 100 and j['header'] is True, (name, j['rows'])


@case
def wine_split_matches_lesson():
    if not os.path.exists(WINE):
        return 'SKIP WineQT.csv is not on this machine'
    rc, out, err = run('inspect', '--json', WINE, '--target', 'quality')
    assert rc == 0, err
    j = json.loads(out)
    assert j['rows'] == 1143 and j['suggested_exclude'] == ['Id'], j['suggested_exclude']
    assert [c['count'] for c in j['classes']] == [6, 33, 483, 462, 143, 16]
    assert len(j['train_rows']) == 914 and len(j['test_rows']) == 229
    # The first test rows of train_test_split(test_size=0.2, random_state=42) on this file.
    assert j['test_rows'][:5] == [158, 1081, 291, 538, 367], j['test_rows'][:5]


@case
def train_json_and_history():
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, 'history.csv')
        rc, out, err = run('train', os.path.join(DATA, 'train-small.csv'), '--target', 'grade', '--json',
                           '--epochs', '30', '--history', history)
        assert rc == 0, err
        j = json.loads(out)
        for key in ('train_loss', 'test_loss', 'test_accuracy', 'train_accuracy', 'confusion_matrix',
                    'classes', 'suggested_epoch', 'convergence', 'best_test_epoch', 'train_seconds'):
            assert key in j, key
        assert len(j['train_loss']) == 30 and len(j['test_loss']) == 30
        assert j['classes'] == ['3', '5', '8'], j['classes']
        assert j['convergence'] in ('converged', 'still-improving', 'diverged')
        assert sum(map(sum, j['confusion_matrix'])) == 18
        # The initial loss of the lesson's network with seed 42 on this file, from PyTorch.
        assert abs(j['train_loss'][0] - 1.383692741394043) < 1e-5, j['train_loss'][0]
        with open(history, encoding='utf-8') as f:
            lines = f.read().splitlines()
        assert lines[0] == 'epoch,train_loss,test_loss,test_accuracy,seconds,train_accuracy', lines[0]
        assert len(lines) == 31 and lines[1].startswith('1,')
        assert abs(float(lines[30].split(',')[1]) - j['train_loss'][29]) < 1e-6
        # Train accuracy per epoch: before the epoch's step, a share of the 72 training rows.
        assert len(j['train_accuracy_per_epoch']) == 30, j['train_accuracy_per_epoch']
        for line, acc in zip(lines[1:], j['train_accuracy_per_epoch']):
            assert abs(float(line.split(',')[5]) - acc) < 1e-7, (line, acc)
            assert 0 <= acc <= 1 and abs(acc * 72 - round(acc * 72)) < 1e-4, acc


def history_without_seconds(path):
    with open(path, encoding='utf-8') as f:
        rows = [line.split(',') for line in f.read().splitlines()]
    return [row[:4] + row[5:] for row in rows]


PER_EPOCH = ('train_loss', 'test_loss', 'test_accuracy_per_epoch', 'train_accuracy_per_epoch')


@case
def resume_equals_straight_run():
    small = os.path.join(DATA, 'train-small.csv')
    for extra in ([], ['--batch-size', '16', '--standardize']):
        with tempfile.TemporaryDirectory() as tmp:
            def path(name):
                return os.path.join(tmp, name)
            rc, out, err = run('train', small, '--target', 'grade', '--epochs', '30', *extra, '--json',
                               '--history', path('straight.csv'))
            assert rc == 0, err
            straight = json.loads(out)
            rc, _, err = run('train', small, '--target', 'grade', '--epochs', '20', *extra, '--quiet',
                             '--save-checkpoint', path('20.ckpt'))
            assert rc == 0, err
            # The settings come from the checkpoint; --epochs counts the epochs added.
            rc, out, err = run('train', small, '--resume', path('20.ckpt'), '--epochs', '10', '--json',
                               '--history', path('resumed.csv'), '--save-checkpoint', path('30.ckpt'))
            assert rc == 0, err
            resumed = json.loads(out)
            # Every epoch from 1, value for value; only the time differs.
            assert history_without_seconds(path('resumed.csv')) == history_without_seconds(path('straight.csv'))
            for key in PER_EPOCH:
                assert len(resumed[key]) == 30 and resumed[key] == straight[key], key
            assert {k: v for k, v in resumed.items() if k != 'train_seconds'} == \
                {k: v for k, v in straight.items() if k != 'train_seconds'}
            # A checkpoint saved by a resumed run goes on as well: 20 + 10 + 5 = 35 at once.
            rc, out, err = run('train', small, '--resume', path('30.ckpt'), '--epochs', '5', '--json')
            assert rc == 0, err
            again = json.loads(out)
            rc, out, err = run('train', small, '--target', 'grade', '--epochs', '35', *extra, '--json')
            assert rc == 0, err
            at_once = json.loads(out)
            for key in PER_EPOCH:
                assert len(again[key]) == 35 and again[key] == at_once[key], key
            # Options that agree with the checkpoint are fine.
            rc, _, err = run('train', small, '--resume', path('20.ckpt'), '--epochs', '1', '--quiet',
                             '--target', 'grade', '--lr', '0.01', '--layers', '64,32', *extra)
            assert rc == 0, err


@case
def resume_refused():
    small = os.path.join(DATA, 'train-small.csv')
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = os.path.join(tmp, 'run.ckpt')
        model = os.path.join(tmp, 'model.safetensors')
        rc, _, err = run('train', small, '--target', 'grade', '--epochs', '5', '--quiet',
                         '--save-checkpoint', ckpt, '--save', model)
        assert rc == 0, err
        # Options that contradict the checkpoint.
        rc, _, err = run('train', small, '--resume', ckpt, '--lr', '0.1', '--quiet')
        assert rc == 2 and '--lr 0.1' in err and 'run.ckpt' in err and '0.01' in err, err
        rc, _, err = run('train', small, '--resume', ckpt, '--batch-size', '8', '--quiet')
        assert rc == 2 and '--batch-size 8' in err, err
        rc, _, err = run('train', small, '--resume', ckpt, '--init', model, '--quiet')
        assert rc == 2 and '--resume' in err, err
        # Another CSV: a value changed, a row less.
        with open(small, encoding='utf-8') as f:
            text = f.read()
        other = os.path.join(tmp, 'other.csv')
        with open(other, 'w', encoding='utf-8') as f:
            f.write(text.replace('141.62', '141.63'))
        rc, _, err = run('train', other, '--resume', ckpt, '--quiet')
        assert rc == 1 and 'run.ckpt' in err and 'other.csv' in err and 'values' in err, err
        with open(other, 'w', encoding='utf-8') as f:
            f.write(text[:text.rindex('\n', 0, len(text) - 1) + 1])
        rc, _, err = run('train', other, '--resume', ckpt, '--quiet')
        assert rc == 1 and '90 rows' in err and '89' in err, err
        # A model is not a checkpoint, and a damaged checkpoint is refused.
        rc, _, err = run('train', small, '--resume', model, '--quiet')
        assert rc == 1 and 'no training state' in err, err
        with open(ckpt, 'rb') as f:
            data = f.read()
        with open(ckpt, 'wb') as f:
            f.write(data[:len(data) // 2])
        rc, _, err = run('train', small, '--resume', ckpt, '--quiet')
        assert rc == 1 and 'run.ckpt' in err and 'truncated' in err, err


@case
def activations():
    small = os.path.join(DATA, 'train-small.csv')
    rc, _, err = run('train', small, '--target', 'grade', '--activation', 'swish')
    assert rc == 2 and '“swish”' in err and 'relu, leaky-relu, tanh, sigmoid, gelu' in err, err
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, 'tanh.safetensors')
        ckpt = os.path.join(tmp, 'tanh.ckpt')
        rc, out, err = run('train', small, '--target', 'grade', '--epochs', '20', '--activation', 'tanh',
                           '--json', '--save', model, '--save-checkpoint', ckpt)
        assert rc == 0, err
        trained = json.loads(out)
        assert trained['activation'] == 'tanh', trained
        # predict runs the network with its own activation: its classes are
        # right exactly as often as the run's were on its training and test rows.
        rc, out, err = run('predict', model, small)
        assert rc == 0, err
        rows = [line.split(',') for line in out.splitlines()[1:]]
        right = sum(r[-2] == r[-3] for r in rows)
        expected = trained['train_accuracy'] * trained['train_rows'] + trained['test_accuracy'] * trained['test_rows']
        assert right == round(expected), (right, expected)
        # A resume keeps the checkpoint's activation and refuses another.
        rc, _, err = run('train', small, '--resume', ckpt, '--activation', 'gelu', '--quiet')
        assert rc == 2 and '--activation gelu' in err and 'tanh' in err, err
        rc, out, err = run('train', small, '--resume', ckpt, '--activation', 'tanh', '--epochs', '1', '--json')
        assert rc == 0 and json.loads(out)['activation'] == 'tanh', err
        # Models of Entrena 0.1.0 have no "activation" entry: they are ReLU
        # networks. An unknown activation is refused.
        with open(model, 'rb') as f:
            data = f.read()
        for replacement, ok in ((b'"activatioX":"tanh"', True), (b'"activation":"swsh"', False)):
            damaged = os.path.join(tmp, 'edited.safetensors')
            with open(damaged, 'wb') as f:
                f.write(data.replace(b'"activation":"tanh"', replacement))
            rc, script, err = run('export-script', damaged)
            if ok:
                assert rc == 0 and 'ACTIVATION = nn.ReLU()' in script, err
            else:
                assert rc == 1 and '“activation”' in err, err


@case
def train_text_output():
    rc, out, err = run('train', os.path.join(DATA, 'train-small.csv'), '--target', 'grade', '--epochs', '5')
    assert rc == 0, err
    assert out.count('epoch ') >= 5 and 'Test accuracy' in out and 'Confusion matrix' in out, out


@case
def validation_and_early_stopping():
    small = os.path.join(DATA, 'train-small.csv')
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, 'history.csv')
        model = os.path.join(tmp, 'model.safetensors')
        rc, out, err = run('train', small, '--target', 'grade', '--json', '--standardize', '--epochs', '300',
                           '--val-size', '0.25', '--patience', '5', '--history', history, '--save', model)
        assert rc == 0, err
        j = json.loads(out)
        assert j['val_rows'] == 18 and j['train_rows'] == 54, (j['val_rows'], j['train_rows'])
        assert j['stopped_epoch'] == j['epochs'] and j['stopped_epoch'] < 300, j['stopped_epoch']
        assert 1 <= j['best_val_epoch'] == j['stopped_epoch'] - 5, j['best_val_epoch']
        assert len(j['val_loss']) == j['epochs'] == len(j['train_loss'])
        assert min(j['val_loss']) == j['val_loss'][j['best_val_epoch'] - 1]
        with open(history, encoding='utf-8') as f:
            lines = f.read().splitlines()
        # Today's columns first, in their order; the validation ones after.
        assert lines[0] == 'epoch,train_loss,test_loss,test_accuracy,seconds,train_accuracy,val_loss,val_accuracy'
        assert len(lines) == j['epochs'] + 1
        for line, loss in zip(lines[1:], j['val_loss']):
            assert abs(float(line.split(',')[6]) - loss) < 1e-6, (line, loss)
        # The model file says where the weights come from; inspect shows the same rows.
        rc, out, err = run('export-script', model)
        assert rc == 0 and 'VAL_SIZE = 0.25' in out and 'PATIENCE = 5' in out, err
        assert 'load_state_dict(best_state)' in out
        rc, out, err = run('inspect', small, '--target', 'grade', '--val-size', '0.25', '--json')
        assert rc == 0, err
        assert len(json.loads(out)['val_rows']) == 18

        # Without a validation share there is no validation loss, stop or best epoch.
        rc, out, err = run('train', small, '--target', 'grade', '--json', '--epochs', '5', '--history', history)
        j = json.loads(out)
        assert 'val_loss' not in j and j['stopped_epoch'] is None and j['best_val_epoch'] is None, j
        with open(history, encoding='utf-8') as f:
            assert f.readline().strip() == 'epoch,train_loss,test_loss,test_accuracy,seconds,train_accuracy'

        # A validation share alone: the best epoch, and no stop.
        rc, out, err = run('train', small, '--target', 'grade', '--json', '--epochs', '20', '--val-size', '0.2')
        j = json.loads(out)
        assert j['stopped_epoch'] is None and 1 <= j['best_val_epoch'] <= 20 and len(j['val_loss']) == 20, j


@case
def validation_errors():
    small = os.path.join(DATA, 'train-small.csv')
    for args, words in ((['--patience', '5'], '--val-size'),
                        (['--val-size', '1.5'], '--val-size'),
                        (['--val-size', '0'], '--val-size'),
                        (['--val-size', '0.2', '--patience', '0'], '--patience'),
                        (['--val-size', '0.99'], 'no rows to train on')):
        rc, out, err = run('train', small, '--target', 'grade', *args)
        assert rc == 1 and out == '' and words in err, (args, rc, err)
    rows = ['x,y,label'] + ['%d,%d,%s' % (i % 7, i % 5, 'rare' if i in (5, 17, 30) else 'ab'[i % 2])
                            for i in range(40)]
    with tempfile.TemporaryDirectory() as tmp:
        rare = os.path.join(tmp, 'rare.csv')
        with open(rare, 'w', encoding='utf-8') as f:
            f.write('\n'.join(rows) + '\n')
        rc, _, err = run('train', rare, '--target', 'label', '--val-size', '0.9')
        assert rc == 1 and '“rare”' in err and 'no rows to train on' in err, err
        rc, _, err = run('train', rare, '--target', 'label', '--val-size', '0.1', '--stratify')
        assert rc == 1 and '“rare”' in err and 'no validation rows' in err, err
        rc, _, err = run('inspect', rare, '--target', 'label', '--val-size', '0.9')
        assert rc == 1 and '“rare”' in err, err


@case
def train_errors():
    small = os.path.join(DATA, 'train-small.csv')
    rc, _, err = run('train', small)
    assert rc == 2 and '--target' in err, err
    rc, _, err = run('train', small, '--target', 'grade', '--layers', '64,x')
    assert rc == 2 and 'x' in err, err
    rc, _, err = run('train', small, '--target', 'grade', '--epochs', '0')
    assert rc == 2, rc
    rc, _, err = run('train', small, '--target', 'grade', '--lr', '10', '--epochs', '300')
    assert rc == 1 and 'diverged at epoch' in err and 'learning rate' in err, err
    rc, _, err = run('train', os.path.join(DATA, 'one-class.csv'), '--target', 'label')
    assert rc == 1 and 'only one value' in err, err


@case
def save_init_predict_and_script():
    small = os.path.join(DATA, 'train-small.csv')
    with tempfile.TemporaryDirectory() as tmp:
        init = os.path.join(tmp, 'init.safetensors')
        model = os.path.join(tmp, 'model.safetensors')
        rc, out, err = run('train', small, '--target', 'grade', '--json', '--epochs', '10',
                           '--save-init', init, '--save', model)
        assert rc == 0, err
        seeded = json.loads(out)
        # Starting from the saved initial weights gives the same run as the seed.
        rc, out, err = run('train', small, '--target', 'grade', '--json', '--epochs', '10', '--init', init)
        assert rc == 0, err
        assert json.loads(out)['train_loss'] == seeded['train_loss']
        with open(model, 'rb') as f:
            assert len(f.read(8)) == 8
        predictions = os.path.join(tmp, 'out.csv')
        rc, out, err = run('predict', model, small, '-o', predictions)
        assert rc == 0, err
        with open(predictions, encoding='utf-8') as f:
            rows = f.read().splitlines()
        assert rows[0].endswith(',predicted,probability') and len(rows) == 91, rows[0]
        assert rows[1].split(',')[-2] in ('3', '5', '8')
        rc, _, err = run('predict', model, os.path.join(DATA, 'ids.csv'))
        assert rc == 1 and 'length' in err, err
        rc, _, err = run('predict', small, small)
        assert rc == 1 and 'not an Entrena model' in err, err
        rc, script, err = run('export-script', model)
        assert rc == 0 and 'torch.manual_seed(SEED)' in script and 'TARGET = "grade"' in script, err
        compile(script, 'run.py', 'exec')
        rc, script, err = run('export-script', small, '--target', 'grade', '--layers', '8', '--standardize')
        assert rc == 0 and 'HIDDEN_LAYERS = [8]' in script and 'STANDARDIZE = True' in script, err


@case
def predict_probabilities_and_bad_rows():
    small = os.path.join(DATA, 'train-small.csv')
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, 'model.safetensors')
        rc, _, err = run('train', small, '--target', 'grade', '--quiet', '--epochs', '20', '--save', model)
        assert rc == 0, err
        rc, plain, err = run('predict', model, small)
        assert rc == 0, err
        rc, out, err = run('predict', model, small, '--probabilities')
        assert rc == 0, err
        rows = out.splitlines()
        assert rows[0].endswith(',predicted,probability,p_3,p_5,p_8'), rows[0]
        for line, plain_line in zip(rows[1:], plain.splitlines()[1:]):
            cells = line.split(',')
            p = [float(x) for x in cells[-3:]]
            assert abs(sum(p) - 1) < 1e-5, line
            # The extra columns only add to what predict writes without them.
            assert ','.join(cells[:-3]) == plain_line, (line, plain_line)
            best = max(range(3), key=lambda c: p[c])
            assert cells[-5] == ('3', '5', '8')[best] and float(cells[-4]) == p[best], line
        # Rows whose cells cannot be read are named by line and column and left out; the rest are written.
        with open(small, encoding='utf-8') as f:
            lines = f.read().splitlines()
        bad = os.path.join(tmp, 'bad.csv')
        cells = lines[3].split(',')
        cells[1] = 'heavy'
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines[:3] + [','.join(cells)] + lines[4:]) + '\n')
        rc, out, err = run('predict', model, bad)
        assert rc == 0, err
        assert 'line 4, column 2' in err and 'heavy' in err, err
        assert len(out.splitlines()) == len(lines) - 1, len(out.splitlines())
        # A table without the model's columns is refused, naming every one missing.
        other = os.path.join(tmp, 'other.csv')
        with open(other, 'w', encoding='utf-8') as f:
            f.write('length,ratio,width,colour\n1,2,3,red\n')
        rc, _, err = run('predict', model, other)
        assert rc == 1 and '“weight”' in err and '“noise”' in err and 'length' not in err.replace('“other.csv”', ''), err


@case
def plot_chart_files():
    small = os.path.join(DATA, 'train-small.csv')
    with tempfile.TemporaryDirectory() as tmp:
        rc, _, err = run('train', small, '--target', 'grade', '--quiet', '--plot', os.path.join(tmp, 'x.jpg'))
        if rc == 2 and ('plot' in err and 'Unknown option' in err):
            return 'SKIP built without the chart renderer'
        assert rc == 2 and '.png' in err, err
        magic = {'png': b'\x89PNG', 'svg': b'<?xml', 'pdf': b'%PDF'}
        for ext, head in magic.items():
            path = os.path.join(tmp, 'curve.' + ext)
            rc, _, err = run('train', small, '--target', 'grade', '--quiet', '--epochs', '20', '--plot', path)
            assert rc == 0, err
            with open(path, 'rb') as f:
                assert f.read(len(head)) == head, ext
@case
def optimizer_options():
    small = os.path.join(DATA, 'train-small.csv')
    # Bad combinations: a message naming the option, exit status 1.
    for args, word in ((['--momentum', '0.9'], '--momentum'),
                       (['--optimizer', 'adamw', '--momentum', '0.5'], '--momentum'),
                       (['--optimizer', 'sgd', '--nesterov'], '--nesterov'),
                       (['--optimizer', 'rmsprop', '--momentum', '0.9', '--nesterov'], '--nesterov'),
                       (['--optimizer', 'sgd', '--momentum', '-0.1'], '--momentum'),
                       (['--optimizer', 'sgd', '--momentum', '1'], '--momentum'),
                       (['--weight-decay', '-0.01'], '--weight-decay'),
                       (['--optimizer', 'lbfgs'], '--optimizer')):
        rc, out, err = run('train', small, '--target', 'grade', '--quiet', *args)
        assert rc == 1 and word in err and out == '', (args, rc, err)
        rc, out, err = run('export-script', small, '--target', 'grade', *args)
        assert rc == 1 and word in err and out == '', (args, rc, err)
    # The optimizer in --json, with PyTorch's line; AdamW's weight decay defaults to 0.01.
    rc, out, err = run('train', small, '--target', 'grade', '--epochs', '3', '--json', '--optimizer', 'adamw')
    assert rc == 0, err
    assert json.loads(out)['optimizer'] == {
        'name': 'adamw', 'momentum': 0.0, 'nesterov': False, 'weight_decay': 0.01,
        'torch': 'optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)'}
    rc, out, err = run('train', small, '--target', 'grade', '--epochs', '3', '--json')
    assert rc == 0, err
    assert json.loads(out)['optimizer']['torch'] == 'optim.Adam(model.parameters(), lr=LEARNING_RATE)'
    # 20 epochs, a checkpoint, 10 more: the same as 30 at once, for every optimizer.
    for args in (['--optimizer', 'sgd', '--momentum', '0.9', '--nesterov', '--weight-decay', '0.001'],
                 ['--optimizer', 'rmsprop', '--momentum', '0.5', '--lr', '0.001'],
                 ['--optimizer', 'adamw', '--batch-size', '16']):
        with tempfile.TemporaryDirectory() as tmp:
            ckpt = os.path.join(tmp, '20.ckpt')
            model = os.path.join(tmp, 'm.safetensors')
            rc, out, err = run('train', small, '--target', 'grade', '--epochs', '30', '--json', *args)
            assert rc == 0, err
            straight = json.loads(out)
            rc, _, err = run('train', small, '--target', 'grade', '--epochs', '20', '--quiet', *args,
                             '--save-checkpoint', ckpt, '--save', model)
            assert rc == 0, err
            rc, out, err = run('train', small, '--resume', ckpt, '--epochs', '10', '--json')
            assert rc == 0, err
            resumed = json.loads(out)
            for key in PER_EPOCH + ('optimizer',):
                assert resumed[key] == straight[key], (args, key)
            # A contradicting option is refused; the model file carries the optimizer to the script.
            rc, _, err = run('train', small, '--resume', ckpt, '--optimizer', 'adam', '--quiet')
            assert rc == 2 and '--optimizer' in err, err
            rc, out, err = run('export-script', model)
            assert rc == 0 and 'optimizer = ' + straight['optimizer']['torch'] + '\n' in out, err


@case
def decision_map_files():
    with tempfile.TemporaryDirectory() as tmp:
        spirals = os.path.join(tmp, 'spirals.csv')
        blobs = os.path.join(tmp, 'blobs.csv')
        for name, path in (('spirals', spirals), ('blobs', blobs)):
            rc, out, err = run('demo', name)
            assert rc == 0, err
            with open(path, 'w', encoding='utf-8') as f:
                f.write(out)
        rc, _, err = run('train', spirals, '--target', 'class', '--quiet', '--decision-map', os.path.join(tmp, 'm.jpg'))
        if rc == 2 and 'Unknown option' in err:
            return 'SKIP built without the chart renderer'
        assert rc == 2 and '--decision-map' in err, err
        # The lesson's settings: the map of the trained network, in each format.
        magic = {'png': b'\x89PNG', 'svg': b'<?xml', 'pdf': b'%PDF'}
        for ext, head in magic.items():
            path = os.path.join(tmp, 'map.' + ext)
            rc, _, err = run('train', spirals, '--target', 'class', '--quiet', '--decision-map', path)
            assert rc == 0, err
            with open(path, 'rb') as f:
                data = f.read()
            assert data.startswith(head), ext
            if ext == 'png':
                width, height = int.from_bytes(data[16:20], 'big'), int.from_bytes(data[20:24], 'big')
                assert (width, height) == (1000, 900), (width, height)
            if ext == 'svg':
                assert b'training' in data or b'glyph' in data, 'no legend in the SVG'
        # Four numeric inputs: the axes by name, the others held at their medians.
        path = os.path.join(tmp, 'beetles.svg')
        rc, _, err = run('train', blobs, '--target', 'species', '--quiet', '--epochs', '20',
                         '--decision-map', path, '--map-axes', 'wingspan_mm, antenna_mm')
        assert rc == 0 and os.path.getsize(path) > 1000, err
        # Wrong axes fail before training, naming the column.
        for axes, expected in (('wingspan_mm,nope', '“nope” is not a numeric input column'),
                               ('wingspan_mm', 'COL_X,COL_Y'),
                               ('mass_g,mass_g', 'not “mass_g” twice'),
                               ('species,mass_g', '“species” is not a numeric input column')):
            rc, _, err = run('train', blobs, '--target', 'species', '--quiet', '--decision-map',
                             os.path.join(tmp, 'no.png'), '--map-axes', axes)
            assert rc == 2 and expected in err, (axes, err)
            assert not os.path.exists(os.path.join(tmp, 'no.png'))
        rc, _, err = run('train', blobs, '--target', 'species', '--quiet', '--map-axes', 'a,b')
        assert rc == 2 and '--decision-map' in err, err


@case
def plot_compares_histories():
    small = os.path.join(DATA, 'train-small.csv')
    with tempfile.TemporaryDirectory() as tmp:
        rc, _, err = run('plot', '--help')
        if rc == 2 and 'plot' in err:
            return 'SKIP built without the chart renderer'
        histories = []
        for lr in ('0.03', '0.01', '0.003'):
            path = os.path.join(tmp, f'lr{lr}.csv')
            rc, _, err = run('train', small, '--target', 'grade', '--quiet', '--epochs', '15', '--lr', lr, '--standardize',
                             '--history', path)
            assert rc == 0, err
            histories.append(path)
        magic = {'png': b'\x89PNG', 'svg': b'<?xml', 'pdf': b'%PDF'}
        for ext, head in magic.items():
            out = os.path.join(tmp, 'runs.' + ext)
            rc, _, err = run('plot', *histories, '-o', out)
            assert rc == 0, err
            with open(out, 'rb') as f:
                assert f.read(len(head)) == head, ext
        # Labels name the runs in the SVG's title and description (the rest
        # default to the file names); the metric names the curve.
        out = os.path.join(tmp, 'labelled.svg')
        rc, _, err = run('plot', *histories, '--label', 'fast', '--label', 'middle & co',
                         '--metric', 'test_accuracy', '-o', out)
        assert rc == 0, err
        with open(out, encoding='utf-8') as f:
            svg = f.read()
        title = svg[svg.index('<title>'):svg.index('</title>')]
        desc = svg[svg.index('<desc>'):svg.index('</desc>')]
        assert title.startswith('<title>Test accuracy'), title
        for name in ('fast', 'middle &amp; co', 'lr0.003.csv'):
            assert name in title and name in desc, (name, title, desc)
        assert '%' in desc, desc
        for metric in ('train_loss', 'test_loss', 'train_accuracy'):
            rc, _, err = run('plot', histories[0], '--metric', metric, '-o', os.path.join(tmp, metric + '.png'))
            assert rc == 0, err
        # Bad usage.
        rc, _, err = run('plot', histories[0], '--metric', 'speed', '-o', os.path.join(tmp, 'x.png'))
        assert rc == 2 and 'speed' in err, err
        rc, _, err = run('plot', histories[0], '-o', os.path.join(tmp, 'x.jpg'))
        assert rc == 2 and '.png' in err, err
        rc, _, err = run('plot', histories[0], '--label', 'a', '--label', 'b', '-o', os.path.join(tmp, 'x.png'))
        assert rc == 2 and '--label' in err, err
        rc, _, err = run('plot', '-o', os.path.join(tmp, 'x.png'))
        assert rc == 2, err
        # Malformed histories: refused with the file and the line; no chart written.
        bad = {
            'ragged.csv': ('epoch,train_loss,test_loss\n1,0.5,0.6\n2,0.4\n', 'line 3'),
            'text.csv': ('epoch,train_loss,test_loss\n1,0.5,zero\n', 'line 2'),
            'noepoch.csv': ('step,train_loss\n1,0.5\n', 'line 1'),
            'order.csv': ('epoch,train_loss,test_loss\n1,0.5,0.6\n3,0.4,0.5\n', 'line 3'),
            'empty.csv': ('', 'line 1'),
            'header.csv': ('epoch,train_loss,test_loss\n', 'line 2'),
            'binary.csv': ('epoch\x00\x01\n', 'line 1'),
        }
        out = os.path.join(tmp, 'bad.png')
        for name, (text, line) in bad.items():
            path = os.path.join(tmp, name)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            rc, _, err = run('plot', histories[0], path, '-o', out)
            assert rc == 1 and name in err and line in err, (name, err)
            assert not os.path.exists(out), name
        # Validation curves, from a run with validation rows; a history without
        # them has no such column.
        val_history = os.path.join(tmp, 'val.csv')
        rc, _, err = run('train', small, '--target', 'grade', '--quiet', '--epochs', '15', '--standardize',
                         '--val-size', '0.2', '--history', val_history)
        assert rc == 0, err
        val_svg = os.path.join(tmp, 'val.svg')
        rc, _, err = run('plot', val_history, '--metric', 'val_loss', '-o', val_svg)
        assert rc == 0, err
        with open(val_svg, encoding='utf-8') as f:
            assert '<title>Validation loss of runs: val.csv</title>' in f.read()
        rc, _, err = run('plot', histories[0], '--metric', 'val_accuracy', '-o', out)
        assert rc == 1 and 'val_accuracy' in err and 'lr0.03.csv' in err, err
        assert not os.path.exists(out)
        with open(os.path.join(tmp, 'nocol.csv'), 'w', encoding='utf-8') as f:
            f.write('epoch,train_loss\n1,0.5\n')
        rc, _, err = run('plot', os.path.join(tmp, 'nocol.csv'), '-o', out)
        assert rc == 1 and 'nocol.csv' in err and 'test_loss' in err, err
        rc, _, err = run('plot', os.path.join(tmp, 'missing.csv'), '-o', out)
        assert rc == 1 and 'missing.csv' in err, err


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
sys.exit(1 if failed else 0)
