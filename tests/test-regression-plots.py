#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""entrena-cli train --scatter and --residuals: the regression pictures the
window exports (PNG, SVG with a title and a description carrying the run's
figures, PDF), refused for a classification run and for a file name without
a picture format. Prints TAP.

usage: test-regression-plots.py PATH/TO/entrena-cli   (G_TEST_SRCDIR names the tests folder)
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
WINE_LIKE = os.path.join(SRCDIR, 'data', 'wine-like.csv')
TMP = tempfile.mkdtemp(prefix='entrena-regression-plots-')

results = []


def run(*args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    p = subprocess.run([CLI, *args], capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def case(fn):
    results.append(fn)
    return fn


def path(name):
    return os.path.join(TMP, name)


@case
def scatter_png_and_residuals_svg():
    scatter, residuals = path('scatter.png'), path('residuals.svg')
    rc, out, err = run('train', WINE_LIKE, '-t', 'alcohol', '--standardize', '--epochs', '40', '--json',
                       '--scatter', scatter, '--residuals', residuals)
    assert rc == 0, err
    j = json.loads(out)
    with open(scatter, 'rb') as f:
        png = f.read()
    assert png[:8] == b'\x89PNG\r\n\x1a\n', png[:8]
    # The window's export size, at twice the pixels.
    width, height = struct.unpack('>II', png[16:24])
    assert (width, height) == (2400, 1350), (width, height)
    with open(residuals, encoding='utf-8') as f:
        svg = f.read()
    assert '<title>Residuals</title>' in svg, svg[:400]
    assert '<desc>' in svg and 'within ±1 RMSE' in svg, svg[:800]
    # The description's RMSE is the run's.
    assert format(j['test_rmse'], '.4g') in svg, (j['test_rmse'], svg[:800])
    assert f"of {len(j['test_actual'])} test rows" in svg, svg[:800]


@case
def scatter_svg_and_pdf():
    scatter, residuals = path('scatter.svg'), path('residuals.pdf')
    rc, out, err = run('train', WINE_LIKE, '-t', 'alcohol', '--epochs', '10', '-q',
                       '--scatter', scatter, '--residuals', residuals)
    assert rc == 0, err
    with open(scatter, encoding='utf-8') as f:
        svg = f.read()
    assert '<title>Predicted against actual</title>' in svg, svg[:400]
    assert 'Predicted against actual “alcohol”' in svg and 'R²' in svg, svg[:800]
    with open(residuals, 'rb') as f:
        assert f.read(5) == b'%PDF-'


@case
def refused_for_classification():
    scatter = path('classes.png')
    rc, out, err = run('train', WINE_LIKE, '-t', 'quality', '--epochs', '5', '-q', '--scatter', scatter)
    assert rc != 0 and '--scatter' in err and 'classif' in err, (rc, err)
    assert not os.path.exists(scatter)
    # Not after training: no epoch was printed.
    assert 'epoch' not in out, out


@case
def refused_without_a_picture_format():
    rc, out, err = run('train', WINE_LIKE, '-t', 'alcohol', '--residuals', path('residuals.txt'))
    assert rc != 0 and '--residuals' in err and '.png' in err, (rc, err)
    assert not os.path.exists(path('residuals.txt'))


failed = 0
for i, fn in enumerate(results, 1):
    try:
        fn()
        print(f'ok {i} {fn.__name__}')
    except Exception as e:  # noqa: BLE001 - report every failure as TAP
        failed += 1
        print(f'not ok {i} {fn.__name__}')
        for line in repr(e).splitlines():
            print(f'# {line}')
print(f'1..{len(results)}')
sys.exit(1 if failed else 0)
