#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the PyTorch reference numbers Entrena's model and trainer are tested against.

Run by hand with Debian's Python, which has python3-torch 1.13 (1.13.1+dfsg),
NumPy 1.24, scikit-learn 1.2 and pandas 1.5 (not at test time; the outputs
are committed):

    /usr/bin/python3 tests/gen-torch-golden.py [DATA_DIR]

DATA_DIR defaults to data/ beside this script. It takes about a minute. If
/work/shared/data/WineQT.csv exists (or $ENTRENA_WINE_CSV names the file), the
lesson's curve on it is written too. Every number is computed in child
processes of this script, once per ATen CPU kernel (see "Kernels" below).

Files written
=============

All are text, one record per line, fields separated by single spaces; lines
starting with '#' are comments. "hex" means the 32 bits of a float32 as 8
lower-case hex digits (0x3f800000 is 1.0), so values compare bit for bit.
Decimal numbers are Python's repr(), which g_ascii_strtod () reads back to the
same double; a float32 printed this way converts back exactly with (float).

torch-init-golden.txt: the initial parameters of nn.Sequential (Linear, ReLU, ...)
created right after torch.manual_seed (SEED), for entrena_mlp_init_torch ().

    kernel KERNEL
        Starts the models made with that kernel's uniform_ arithmetic
        ("fused" or "plain", see below).
    model SEED SIZES
        SEED is the integer given to torch.manual_seed; SIZES the layer
        widths, comma-separated, inputs first and classes last ("5,3" has no
        hidden layer).
    tensor NAME ROWS COLS COUNT HASH V0 V1 ...
        One state_dict entry, in state_dict order. COLS is 0 for a bias.
        HASH is FNV-1a over the float bits of all COUNT values, as 16 hex
        digits: h = 0xcbf29ce484222325, then for each value's bits u (a
        32-bit integer), h = ((h ^ u) * 0x100000001b3) mod 2**64 (the
        checksum of split-golden.txt, over float bits). The values follow in
        hex: all of them when COUNT <= 64, otherwise the first 32.

train-small.csv: the committed fixture: 90 rows, 5 numeric features of very
different scales (up to 4 decimals), target column "grade" with the values
3, 5 and 8 (30 rows each, so labels must be mapped to class indices 0..2 by
sorted value). Written from a seeded NumPy RandomState; regenerating it gives
the same bytes.

train-small-torch.txt and wine-torch-curve.txt: the lesson's training loop
(see "The lesson's loop" below), one block per run:

    run NAME
    kernel KERNEL
    csv FILE            (the file name only)
    target COLUMN
    exclude COLUMNS     (comma-separated, "-" for none)
    layers SIZES        (hidden widths, comma-separated, "-" for none)
    standardize 0|1
    seed 42
    lr 0.01
    epochs 100
    test_size 0.2
    split_seed 42
    classes V0 V1 ...   (the target's values, sorted; class i is Vi)
    n_train N
    n_test N
    test_rows I0 I1 ... (0-based data-row numbers, in train_test_split's order)
    epoch E TRAIN_LOSS TEST_LOSS TEST_ACCURACY TEST_CORRECT
        E counts from 1. TRAIN_LOSS is loss.item () of the full training
        batch, computed before optimizer.step (); TEST_LOSS, TEST_ACCURACY
        (= TEST_CORRECT / n_test, a double) after it, under torch.no_grad ().
    train_accuracy ACCURACY CORRECT N      (after the last epoch)
    test_accuracy ACCURACY CORRECT N
    confusion C
    confusion_row TRUE N0 N1 ... N(C-1)
        Test-set counts: row = true class, column = predicted class
        (argmax of the logits; ties go to the first index).
    end

train-small-activations-torch.txt: the same loop and format on train-small.csv
with another activation between the Linear layers (nn.LeakyReLU (),
nn.Tanh (), nn.Sigmoid (), nn.GELU (), all with default arguments); each run
has more lines, after "standardize":

    activation NAME     (Entrena's name: leaky-relu, tanh, sigmoid or gelu)
    init NAME HASH      (one per state_dict entry, in order: the FNV-1a hash,
                        as in torch-init-golden.txt, of the initial values)

adam-golden.txt: torch.optim.Adam with default arguments on one float32
parameter vector, for the optimiser alone:

    kernel KERNEL
    case NAME N LR STEPS
    param0 HEX * N          (initial values)
    step T                  (T from 1)
    grad HEX * N            (the .grad given to this step)
    param HEX * N           (after optimizer.step ())
    exp_avg HEX * N         (state after the step)
    exp_avg_sq HEX * N

optim-golden.txt: torch.optim.Adam, AdamW, SGD and RMSprop with each set of
options, OPTIM_STEPS steps on one float32 vector of OPTIM_N elements, whose
initial values and gradients come from xorshift32 (see optim_values ()) so
that the file need not hold them:

    values SEED N STEPS     (param0 = the first N values from SEED, then the
                             gradient of step t = the next N, for t = 1..STEPS)
    kernel KERNEL
    case NAME OPTIMIZER LR MOMENTUM NESTEROV WEIGHT_DECAY
        OPTIMIZER is Entrena's name (adam, adamw, sgd, rmsprop), NESTEROV 0 or 1
    hash T HASH             (every OPTIM_HASH_EVERY steps and after the last:
                             FNV-1a over the bits of param, then buf1, then buf2)
    param HEX * N           (after the last step)
    buf1 HEX * N            (exp_avg for Adam/AdamW, momentum_buffer for SGD and
                             RMSprop; zeros when there is none)
    buf2 HEX * N            (exp_avg_sq for Adam/AdamW, square_avg for RMSprop,
                             zeros for SGD)

optim-curves-torch.txt: the lesson's loop on train-small.csv (standardized,
hidden layers 64 and 32) with each optimizer, with and without weight decay,
in the format of train-small-torch.txt plus, after "standardize":

    optimizer NAME          (Entrena's name)
    momentum M
    nesterov 0|1
    weight_decay W

optim-activation-curves-torch.txt: the same for every other activation (an
"activation" line first) with AdamW (with and without weight decay), SGD
(Nesterov; momentum with weight decay) and RMSprop (with and without weight
decay).

activation-adam-wd-curves-torch.txt: the same for every other activation with
Adam and weight decay (its L2 term added to the gradient).

ce-golden.txt: nn.CrossEntropyLoss () (mean) on given logits:

    kernel KERNEL
    case NAME N C
    logits HEX * (N*C)      (row-major [N][C])
    targets T0 ... T(N-1)
    loss HEX REPR           (the float32 loss; REPR = loss.item ())
    grad HEX * (N*C)        (d loss / d logits, from loss.backward ())

Kernels
=======

PyTorch compiles its CPU kernels once per instruction set and picks one at
run time ("CPU capability"): AVX2 on any x86-64 CPU with AVX2 and FMA (1.13
keeps AVX-512 opt-in), DEFAULT otherwise, and the ATEN_CPU_CAPABILITY
environment variable ("default", "avx2", "avx512") overrides the choice. GCC
contracts a * b + c into a fused multiply-add in the AVX2 and AVX-512 builds
(-mfma) and cannot in the baseline build, so the same seed gives different
last bits:

  "fused" = ATEN_CPU_CAPABILITY=avx2, what PyTorch does on practically every
            x86-64 machine in use (and avx512 gives the same numbers);
  "plain" = ATEN_CPU_CAPABILITY=default.

Checked with this torch: uniform_ (about a third of the values differ between
the two), the Adam moment updates, and everything built on them. Both kernels
are written to every file; Entrena follows the one PyTorch would pick on the
machine (entrena-torch-random.c).

uniform_ on float32 (initialisation)
====================================

manual_seed (S) seeds an MT19937 with init_genrand (S & 0xffffffff) (S as a
uint64: a negative S wraps modulo 2**64; S >= 2**64 raises). Each float32
element takes one 32-bit output v, in memory order:

    x = (float) (v & 0xffffff) * 2^-24            exact
    lo = (float) from; hi = (float) to; r = hi - lo
    fused: fmaf (x, r, lo)       plain: (float) (x * r) + lo

nn.Linear.reset_parameters (): weight via kaiming_uniform_ (a=math.sqrt (5)):
gain = math.sqrt (2.0 / (1 + math.sqrt (5) ** 2)), std = gain / math.sqrt
(fan_in), bound = math.sqrt (3.0) * std, weight.uniform_ (-bound, bound); then
bias.uniform_ (-b, b) with b = 1 / math.sqrt (fan_in). All in doubles; the
weight's bound is usually one double ulp below the bias's. Layers in order.

The lesson's loop
=================

    df = pandas.read_csv (csv)
    X = df.drop (columns=[target] + exclude)            # float64
    classes = sorted (df[target].unique ())             # class i = classes[i]
    y = df[target].map ({c: i for i, c in enumerate (classes)})
    X_train, X_test, y_train, y_test = train_test_split (X, y, test_size=0.2,
                                                         random_state=42)
    if standardize:      # StandardScaler fitted on the training rows, in float64,
        scaler = StandardScaler ().fit (X_train)        # then cast to float32
        X_train, X_test = scaler.transform (X_train), scaler.transform (X_test)
    X_train = torch.tensor (X_train, dtype=torch.float32)   # (.values) rounded once
    y_train = torch.tensor (y_train.values, dtype=torch.long)      # (same for test)
    torch.manual_seed (42)
    model = nn.Sequential (nn.Linear (d, 64), nn.ReLU (), nn.Linear (64, 32),
                           nn.ReLU (), nn.Linear (32, C))
    criterion = nn.CrossEntropyLoss ()
    optimizer = optim.Adam (model.parameters (), lr=0.01)
    for epoch in range (100):
        optimizer.zero_grad ()
        out = model (X_train)
        loss = criterion (out, y_train)
        loss.backward ()
        optimizer.step ()
        train_losses.append (loss.item ())
        with torch.no_grad ():
            test_out = model (X_test)
            test_loss = criterion (test_out, y_test).item ()
            correct = (test_out.argmax (dim=1) == y_test).sum ().item ()

torch.set_num_threads (1) and OMP_NUM_THREADS=1 are set; with 2 threads the
WineQT curve came out identical. The curve files begin with a comment giving,
for each run, the largest difference between the two kernels' curves.

torch.optim.Adam in 1.13 (torch/optim/adam.py), as Entrena must do it
=====================================================================

Defaults: betas (0.9, 0.999), eps 1e-8, weight_decay 0, amsgrad False,
maximize False, foreach None -> False, so _single_tensor_adam runs, one
parameter tensor at a time (the order does not matter: elements are
independent). State: step (a float32 tensor, exact integers), exp_avg m and
exp_avg_sq v, zero-initialised float32 tensors. For step t = 1, 2, ...

Python doubles (scalars):
    bias_correction1 = 1 - 0.9 ** t
    bias_correction2 = 1 - 0.999 ** t
    step_size = lr / bias_correction1
    bias_correction2_sqrt = math.sqrt (bias_correction2)

float32 tensor ops, element by element; a Python scalar meets a float32 tensor
as (float) scalar:
    exp_avg.mul_ (0.9).add_ (g, alpha=1 - 0.9):
        m1 = m * 0.9f                                  (rounded)
        fused: m = fmaf (g, 0.1f, m1)    plain: m = m1 + (0.1f * g)
        ((float) (1 - 0.9) is 0.1f: the double 0.09999999999999998 rounds to it)
    exp_avg_sq.mul_ (0.999).addcmul_ (g, g, value=1 - 0.999):
        v1 = v * 0.999f                                (rounded)
        a = 0.001f * g                                 (rounded; (float) 0.0010000000000000009)
        fused: v = fmaf (a, g, v1)       plain: v = v1 + a * g
    denom = (exp_avg_sq.sqrt () / bias_correction2_sqrt).add_ (eps):
        denom = sqrtf (v) / (float) bias_correction2_sqrt + 1e-8f
        (a true division, not a multiplication by the reciprocal; two roundings)
    param.addcdiv_ (exp_avg, denom, value=-step_size):
        p = p + ((float) (-step_size) * m) / denom    (three roundings, in this order)

Checked against this torch bit for bit on 3,840 updates of vectors of 7, 16,
37 and 100 elements (both the 16-wide vector loop and its scalar tail), with
zero, tiny (1e-6) and huge (1e3) gradients, for both kernels; adam-golden.txt
holds a part of it.

The other optimizers in 1.13 (torch/optim/{adamw,sgd,rmsprop}.py)
=================================================================

All take the single-tensor path (foreach None -> False). In ATen, `a.add (b,
alpha=x)` is `a + x * b` as one fused multiply-add in the AVX2 kernel
(vec::fmadd) and two roundings in the baseline one; `mul_ (x)` rounds once;
`addcmul_ (t1, t2, value=x)` is `self + x * t1 * t2`, which GCC contracts into
fmaf (x * t1, t2, self) in the AVX2 build; `addcdiv_` is `self + x * t1 / t2`
(no contraction across the division). Scalars become floats.

    AdamW: param.mul_ ((float) (1 - lr * wd)), then Adam's step on the
        unchanged gradient (betas 0.9, 0.999, eps 1e-8; wd defaults to 0.01).
    Adam with weight decay: g = g.add (param, alpha=wd) first.
    SGD (dampening 0): d = g, or d = g.add (param, alpha=wd);
        with momentum: buf = clone (d) on the first step, else
        buf = buf * momentum (rounded) + d; then d = d.add (buf, alpha=momentum)
        with Nesterov, or d = buf; finally param.add_ (d, alpha=-lr).
    RMSprop (alpha 0.99, eps 1e-8, not centered): d as SGD's;
        square_avg = fmaf ((float) (1 - alpha) * d, d, square_avg * alpha);
        avg = sqrtf (square_avg) + eps;
        with momentum: buf = buf * momentum (rounded) + d / avg,
                       param.add_ (buf, alpha=-lr)
        without:       param = param + ((float) -lr * d) / avg

Checked against this torch bit for bit on every case of optim-golden.txt
(OPTIM_STEPS steps of OPTIM_N elements each, both kernels).

nn.CrossEntropyLoss () (mean reduction, no weights, no label smoothing)
======================================================================

cross_entropy = nll_loss (log_softmax (logits, dim=1), target), in float32:

    log_softmax of a row x[0..C-1] (ATen _vec_log_softmax_lastdim):
        mx = max_j x[j]
        s = sum_j expf (x[j] - mx)    left to right when C <= 8 (the row fits
                                      one 8-float vector); for C > 8 lane-wise
                                      partial sums and then a tree
        logp[j] = (x[j] - mx) - logf (s)      in this order: x - max - log(sum)
    nll_loss, mean: a cascade sum of -logp[i][t_i] over rows i = 0..N-1:
        partial[0..7] = 0
        for each row b: partial[0] -= logp[b][t_b]
                        for j = 0..6: if (b & (15 << 4 j)) != 0: break
                                      partial[j+1] += partial[j]; partial[j] = 0
        (so rows {0}, {1..16}, {17..32}, ... are summed apart, and every 256
        rows a level up)
        total = (((0 + partial[0]) + partial[1]) + ...) + partial[7]
        loss = total / (float) N
    loss.item () is that float32 converted to a Python double (exact).

    Backward: grad_output = 1.0f; nll_loss gives g = -(1.0f / (float) N) at
    [i][t_i] and 0 elsewhere; log_softmax's backward is
        dlogits[i][j] = g[i][j] - expf (logp[i][j]) * sum_j g[i][j]
    where the sum is exactly g (one non-zero), i.e. (softmax - onehot) / N.

The exp and log are glibc's expf/logf in the "plain" kernel (std::exp through
Vectorized's scalar fallback) and SLEEF's vectorised expf/logf (<= 1 ulp) in
the "fused" one, whose backward also fuses the multiply-subtract. Checked
with this torch on ce-golden.txt: the arithmetic above with glibc expf/logf
reproduces the loss bit for bit in both kernels for every case with C <= 8
(N = 4 to 300, logits of scale 1 to 40), and the "plain" gradient bit for
bit; the "fused" gradient differs in the last bits (at most 4e-9) in 10% to
30% of the entries.

Everything upstream of the loss (nn.Linear is addmm (bias, x, W^T) through
OpenBLAS's sgemm, Debian's libblas.so.3) has a summation order nobody
reproduces bit for bit, so losses from a forward pass agree to about 1e-7
relative (measured at epoch 1: 2e-8 to 1.2e-7 on the runs here, computing
the forward pass in double from PyTorch's float32 weights and inputs) and
then drift. How far PyTorch moves from itself is in the comment at the top of
the curve files: the two kernels' curves compared epoch by epoch.
"""

import json
import os
import subprocess
import sys

from torch_mlp import sequential

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3

KERNELS = (('fused', 'avx2'), ('plain', 'default'))

INIT_SEEDS = (0, 1, 42, 123, 2**32 - 1, 2**32 + 5, 2**64 - 1)
INIT_SHAPES = ((11, 64, 32, 6), (2, 3, 2), (4, 16, 3), (784, 128, 10), (5, 3))
INIT_ALL_LIMIT = 64
INIT_HEAD = 32

FIXTURE = 'train-small.csv'
FIXTURE_TARGET = 'grade'
WINE_DEFAULT = '/work/shared/data/WineQT.csv'

# (name, hidden layers, standardize)
SMALL_RUNS = (
    ('lesson', (64, 32), False),
    ('lesson-standardized', (64, 32), True),
    ('no-hidden', (), False),
    ('no-hidden-standardized', (), True),
    ('hidden-8', (8,), False),
    ('hidden-8-standardized', (8,), True),
)
# (name, hidden layers, standardize, activation): every activation but ReLU
# (the runs above), on the lesson's layers and on one small layer.
ACTIVATION_RUNS = tuple(
    ('%s%s' % (activation, suffix), hidden, standardize, activation)
    for activation in ('leaky-relu', 'tanh', 'sigmoid', 'gelu')
    for suffix, hidden, standardize in (('-lesson-standardized', (64, 32), True),
                                        ('-hidden-8-standardized', (8,), True)))
# Regression (nn.MSELoss (), one output): (name, hidden layers, standardize,
# activation, scale_target). On train-small.csv the target is "width", a
# continuous column; on WineQT.csv and wine-like.csv it is "alcohol".
REGRESSION_TARGET = 'width'
REGRESSION_RUNS = (
    ('regression-lesson', (64, 32), False, 'relu', False),
    ('regression-standardized', (64, 32), True, 'relu', False),
    ('regression-scaled', (64, 32), True, 'relu', True),
    ('regression-no-hidden-scaled', (), True, 'relu', True),
    ('regression-tanh-scaled', (8,), True, 'tanh', True),
)
WINE_LIKE = 'wine-like.csv'
WINE_REGRESSION_RUNS = (
    ('wine-alcohol', (64, 32), False, 'relu', False),
    ('wine-alcohol-standardized', (64, 32), True, 'relu', False),
    ('wine-alcohol-scaled', (64, 32), True, 'relu', True),
)
WINE_RUNS = (
    ('wine-lesson', (64, 32), False),
    ('wine-lesson-standardized', (64, 32), True),
)

OPTIM_N = 37
OPTIM_STEPS = 1000
OPTIM_HASH_EVERY = 100
OPTIM_SEED = 20261206

# (name, Entrena's optimizer name, lr, momentum, nesterov, weight decay)
OPTIM_CASES = (
    ('adam', 'adam', 0.01, 0.0, False, 0.0),
    ('adam-wd', 'adam', 0.01, 0.0, False, 0.01),
    ('adamw', 'adamw', 0.01, 0.0, False, 0.01),
    ('adamw-wd0.1', 'adamw', 0.01, 0.0, False, 0.1),
    ('sgd', 'sgd', 0.1, 0.0, False, 0.0),
    ('sgd-wd', 'sgd', 0.1, 0.0, False, 0.01),
    ('sgd-m0.9', 'sgd', 0.1, 0.9, False, 0.0),
    ('sgd-m0.9-wd', 'sgd', 0.1, 0.9, False, 0.01),
    ('sgd-nesterov', 'sgd', 0.1, 0.9, True, 0.0),
    ('sgd-nesterov-wd', 'sgd', 0.1, 0.5, True, 0.005),
    ('rmsprop', 'rmsprop', 0.01, 0.0, False, 0.0),
    ('rmsprop-wd', 'rmsprop', 0.01, 0.0, False, 0.01),
    ('rmsprop-m0.9', 'rmsprop', 0.01, 0.9, False, 0.0),
    ('rmsprop-m0.9-wd', 'rmsprop', 0.01, 0.9, False, 0.01),
)

# Curves on train-small.csv: (name, optimizer, lr, momentum, nesterov, weight decay)
OPTIM_RUNS = (
    ('adam-wd', 'adam', 0.01, 0.0, False, 0.01),
    ('adamw', 'adamw', 0.01, 0.0, False, 0.01),
    ('adamw-wd0', 'adamw', 0.01, 0.0, False, 0.0),
    ('sgd', 'sgd', 0.1, 0.0, False, 0.0),
    ('sgd-wd', 'sgd', 0.1, 0.0, False, 0.01),
    ('sgd-nesterov', 'sgd', 0.01, 0.9, True, 0.0),
    ('sgd-momentum-wd', 'sgd', 0.01, 0.9, False, 0.01),
    ('rmsprop', 'rmsprop', 0.001, 0.0, False, 0.0),
    ('rmsprop-wd', 'rmsprop', 0.001, 0.0, False, 0.01),
    ('rmsprop-momentum', 'rmsprop', 0.001, 0.5, False, 0.0),
)
TORCH_OPTIMIZERS = {'adam': 'Adam', 'adamw': 'AdamW', 'sgd': 'SGD', 'rmsprop': 'RMSprop'}


def make_optimizer(params, name, lr, momentum, nesterov, weight_decay):
    """torch.optim.X with these options, the others left at their defaults."""
    import torch.optim as optim
    kwargs = {'lr': lr, 'weight_decay': weight_decay}
    if name in ('sgd', 'rmsprop'):
        kwargs['momentum'] = momentum
    if name == 'sgd':
        kwargs['nesterov'] = nesterov
    return getattr(optim, TORCH_OPTIMIZERS[name])(params, **kwargs)


def optim_values(seed, count):
    """count float32 values from xorshift32 (x ^= x << 13; x ^= x >> 17;
    x ^= x << 5, on 32 bits) started at seed, one output x each: x >> 8 gives
    24 bits m, the value is (m - 2**23) / 2**23 (exact), times 2**10 when
    (x & 7) == 1, 2**-10 when it is 2, 2**-20 when it is 3, and 0 when
    (x & 7) == 4; as tests/test-optimizer.c draws them."""
    import numpy as np
    out = np.empty(count, dtype=np.float32)
    x = seed
    scales = {1: 2.0 ** 10, 2: 2.0 ** -10, 3: 2.0 ** -20, 4: 0.0}
    for k in range(count):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        value = ((x >> 8) - 2 ** 23) / 2.0 ** 23
        out[k] = value * scales.get(x & 7, 1.0)
    return out


def fnv_bits(bits):
    h = FNV_OFFSET
    for u in bits:
        h = ((h ^ int(u)) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


def hex_bits(array):
    import numpy as np
    a = np.ascontiguousarray(array, dtype=np.float32).reshape(-1)
    return ['%08x' % u for u in a.view(np.uint32)]


def make_fixture(path):
    """90 rows, 3 classes (grades 3, 5, 8), features of different scales."""
    import numpy as np
    rs = np.random.RandomState(20240601)
    grades = np.repeat([3, 5, 8], 30)
    rs.shuffle(grades)
    k = np.searchsorted([3, 5, 8], grades).astype(float)   # 0, 1, 2
    length = k - 1 + rs.normal(0, 0.8, grades.size)
    weight = 100 + 20 * k + rs.normal(0, 15, grades.size)
    ratio = 0.05 + 0.01 * k + rs.normal(0, 0.01, grades.size)
    noise = rs.normal(0, 1, grades.size)
    width = 0.5 * length + rs.normal(0, 0.5, grades.size)
    with open(path, 'w', newline='\n') as f:
        f.write('length,weight,ratio,noise,width,grade\n')
        for row in zip(length, weight, ratio, noise, width, grades):
            f.write('%.4f,%.2f,%.4f,%.4f,%.4f,%d\n' % row)


def make_wine_like(path):
    """200 rows with WineQT's columns, numbers of its scales and an alcohol
    that depends on some of them, for regression without the real file."""
    import numpy as np
    rs = np.random.RandomState(20261206)
    n = 200
    fixed = rs.normal(8.3, 1.7, n)
    volatile = np.abs(rs.normal(0.53, 0.18, n))
    citric = np.abs(rs.normal(0.27, 0.19, n))
    sugar = np.abs(rs.normal(2.5, 1.3, n))
    chlorides = np.abs(rs.normal(0.087, 0.047, n))
    free = np.abs(rs.normal(15.6, 10.2, n))
    total = free + np.abs(rs.normal(30, 20, n))
    density = 0.9967 + 0.0007 * (fixed - 8.3) / 1.7 + rs.normal(0, 0.0012, n)
    ph = 3.31 - 0.08 * (fixed - 8.3) / 1.7 + rs.normal(0, 0.12, n)
    sulphates = np.abs(rs.normal(0.66, 0.17, n))
    alcohol = (10.4 - 900 * (density - 0.9967) + 0.6 * (sugar - 2.5) / 1.3
               + rs.normal(0, 0.5, n))
    quality = np.clip(np.round(5.6 + 0.5 * (alcohol - 10.4) + rs.normal(0, 0.6, n)), 3, 8)
    with open(path, 'w', newline='\n') as f:
        f.write('fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,'
                'free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol,'
                'quality,Id\n')
        for i in range(n):
            f.write('%.1f,%.3f,%.2f,%.1f,%.3f,%.1f,%.1f,%.5f,%.2f,%.2f,%.6g,%d,%d\n'
                    % (fixed[i], volatile[i], citric[i], sugar[i], chlorides[i], free[i],
                       total[i], density[i], ph[i], sulphates[i], round(alcohol[i], 2),
                       quality[i], i))


# Child process side: everything that touches torch runs here, under one kernel.


def child_init():
    import torch
    models = []
    for seed in INIT_SEEDS:
        for sizes in INIT_SHAPES:
            torch.manual_seed(seed)
            model = sequential(sizes)
            tensors = []
            for name, t in model.state_dict().items():
                bits = hex_bits(t.numpy())
                rows = t.shape[0]
                cols = t.shape[1] if t.dim() == 2 else 0
                h = fnv_bits(int(b, 16) for b in bits)
                shown = bits if len(bits) <= INIT_ALL_LIMIT else bits[:INIT_HEAD]
                tensors.append((name, rows, cols, len(bits), '%016x' % h, shown))
            models.append((seed, sizes, tensors))
    return models


def child_train(csv, target, exclude, hidden, standardize, activation='relu', optimizer=None):
    import numpy as np
    import pandas as pd
    import torch
    import torch.nn as nn
    import torch.optim as optim
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    df = pd.read_csv(csv)
    X = df.drop(columns=[target] + list(exclude))
    classes = sorted(df[target].unique())
    y = df[target].map({c: i for i, c in enumerate(classes)})
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2,
                                                        random_state=42)
    test_rows = [int(i) for i in X_test.index]
    if standardize:
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_test = scaler.transform(X_test)
    else:
        X_train = X_train.values
        X_test = X_test.values
    X_train = torch.tensor(X_train, dtype=torch.float32)
    X_test = torch.tensor(X_test, dtype=torch.float32)
    y_train = torch.tensor(y_train.values, dtype=torch.long)
    y_test = torch.tensor(y_test.values, dtype=torch.long)

    n_classes = len(classes)
    torch.manual_seed(42)
    model = sequential((X_train.shape[1],) + tuple(hidden) + (n_classes,), activation)
    init = [(name, '%016x' % fnv_bits(int(b, 16) for b in hex_bits(t.numpy())))
            for name, t in model.state_dict().items()]
    criterion = nn.CrossEntropyLoss()
    if optimizer is None:
        optimizer = optim.Adam(model.parameters(), lr=0.01)
    else:
        optimizer = make_optimizer(model.parameters(), *optimizer)

    epochs = []
    for epoch in range(100):
        optimizer.zero_grad()
        out = model(X_train)
        loss = criterion(out, y_train)
        loss.backward()
        optimizer.step()
        train_loss = loss.item()
        with torch.no_grad():
            test_out = model(X_test)
            test_loss = criterion(test_out, y_test).item()
            correct = int((test_out.argmax(dim=1) == y_test).sum().item())
        epochs.append((epoch + 1, train_loss, test_loss, correct / len(y_test), correct))

    with torch.no_grad():
        train_correct = int((model(X_train).argmax(dim=1) == y_train).sum().item())
        pred = model(X_test).argmax(dim=1)
    confusion = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_test.tolist(), pred.tolist()):
        confusion[t][p] += 1

    return {
        'classes': [c.item() if hasattr(c, 'item') else c for c in classes],
        'n_train': len(y_train), 'n_test': len(y_test), 'test_rows': test_rows,
        'epochs': epochs, 'train_correct': train_correct, 'init': init,
        'test_correct': epochs[-1][4], 'confusion': confusion.tolist(),
    }


def child_regression(csv, target, exclude, hidden, standardize, activation, scale_target):
    """The lesson's loop for a number: one output, nn.MSELoss (), the target
    as float32 of shape [N, 1], optionally standardized on the training rows
    (StandardScaler on the float32 values, in float64, then rounded)."""
    import numpy as np
    import pandas as pd
    import torch
    import torch.nn as nn
    import torch.optim as optim
    from sklearn import metrics
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    df = pd.read_csv(csv)
    X = df.drop(columns=[target] + list(exclude))
    # Entrena holds numbers as float32: the target is rounded once, before
    # any scaling (standardizing the float64 values and rounding after
    # moves the scaled targets by a few ulps, and a small network that
    # overfits carries that far).
    y = df[target].astype('float32').astype('float64')
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2,
                                                        random_state=42)
    test_rows = [int(i) for i in X_test.index]
    if standardize:
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_test = scaler.transform(X_test)
    else:
        X_train = X_train.values
        X_test = X_test.values
    y_train = y_train.values.reshape(-1, 1)
    y_test_raw = y_test.values
    y_test = y_test_raw.reshape(-1, 1)
    target_scaler = None
    if scale_target:
        target_scaler = StandardScaler()
        y_train = target_scaler.fit_transform(y_train)
        y_test = target_scaler.transform(y_test)
    X_train = torch.tensor(X_train, dtype=torch.float32)
    X_test = torch.tensor(X_test, dtype=torch.float32)
    y_train = torch.tensor(y_train, dtype=torch.float32)
    y_test = torch.tensor(y_test, dtype=torch.float32)

    torch.manual_seed(42)
    model = sequential((X_train.shape[1],) + tuple(hidden) + (1,), activation)
    init = [(name, '%016x' % fnv_bits(int(b, 16) for b in hex_bits(t.numpy())))
            for name, t in model.state_dict().items()]
    criterion = nn.MSELoss()
    optimizer = optim.Adam(model.parameters(), lr=0.01)

    epochs = []
    for epoch in range(100):
        optimizer.zero_grad()
        loss = criterion(model(X_train), y_train)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            test_loss = criterion(model(X_test), y_test).item()
        epochs.append((epoch + 1, loss.item(), test_loss))

    with torch.no_grad():
        predicted = model(X_test).numpy().astype(np.float64)
    if target_scaler is not None:
        predicted = target_scaler.inverse_transform(predicted)
    predicted = predicted.reshape(-1)
    return {
        'n_train': len(y_train), 'n_test': len(y_test), 'test_rows': test_rows,
        'epochs': epochs, 'init': init,
        'rmse': float(np.sqrt(metrics.mean_squared_error(y_test_raw, predicted))),
        'mae': float(metrics.mean_absolute_error(y_test_raw, predicted)),
        'r2': float(metrics.r2_score(y_test_raw, predicted)),
    }


def adam_cases():
    import numpy as np
    rs = np.random.RandomState(7)
    cases = []
    for name, n, lr, steps in (('n37-lr0.01', 37, 0.01, 10),
                               ('n37-lr0.001', 37, 0.001, 10),
                               ('n5-lr0.01', 5, 0.01, 6)):
        p0 = (rs.standard_normal(n) * rs.choice([1.0, 0.01, 100.0], n)).astype(np.float32)
        grads = (rs.standard_normal((steps, n))
                 * rs.choice([1.0, 1e-3, 1e3, 1e-6], (steps, n))).astype(np.float32)
        grads[2, :3] = 0          # zero gradients: only the moments' decay moves p
        grads[3, 0] = 0
        cases.append((name, n, lr, p0, grads))
    return cases


def child_adam():
    import torch
    out = []
    for name, n, lr, p0, grads in adam_cases():
        p = torch.nn.Parameter(torch.tensor(p0))
        opt = torch.optim.Adam([p], lr=lr)
        steps = []
        for g in grads:
            opt.zero_grad()
            p.grad = torch.tensor(g)
            opt.step()
            st = opt.state[p]
            steps.append((hex_bits(g), hex_bits(p.detach().numpy()),
                          hex_bits(st['exp_avg'].numpy()),
                          hex_bits(st['exp_avg_sq'].numpy())))
        out.append((name, n, lr, hex_bits(p0), steps))
    return out


def child_optim():
    import numpy as np
    import torch
    values = optim_values(OPTIM_SEED, OPTIM_N * (OPTIM_STEPS + 1))
    n = OPTIM_N
    out = []
    for name, opt_name, lr, momentum, nesterov, wd in OPTIM_CASES:
        p = torch.nn.Parameter(torch.tensor(values[:n]))
        opt = make_optimizer([p], opt_name, lr, momentum, nesterov, wd)
        hashes = []

        def buffers():
            st = opt.state[p]
            zeros = np.zeros(n, dtype=np.float32)
            if opt_name in ('adam', 'adamw'):
                return st['exp_avg'].numpy(), st['exp_avg_sq'].numpy()
            if opt_name == 'sgd':
                b = st.get('momentum_buffer')
                return (b.numpy() if b is not None else zeros), zeros
            b = st.get('momentum_buffer')
            return (b.numpy() if b is not None else zeros), st['square_avg'].numpy()

        for t in range(1, OPTIM_STEPS + 1):
            opt.zero_grad()
            p.grad = torch.tensor(values[t * n:(t + 1) * n])
            opt.step()
            if t % OPTIM_HASH_EVERY == 0 or t == OPTIM_STEPS:
                b1, b2 = buffers()
                bits = []
                for a in (p.detach().numpy(), b1, b2):
                    bits += [int(h, 16) for h in hex_bits(a)]
                hashes.append((t, '%016x' % fnv_bits(bits)))
        b1, b2 = buffers()
        out.append((name, opt_name, lr, momentum, nesterov, wd, hashes,
                    hex_bits(p.detach().numpy()), hex_bits(b1), hex_bits(b2)))
    return out


def child_ce():
    import numpy as np
    import torch
    rs = np.random.RandomState(11)
    out = []
    for name, n, c, scale in (('n5-c3', 5, 3, 1.0), ('n37-c6', 37, 6, 3.0),
                              ('n300-c4', 300, 4, 2.0), ('n4-c3-large', 4, 3, 40.0),
                              ('n20-c12', 20, 12, 1.0)):
        logits = (rs.standard_normal((n, c)) * scale).astype(np.float32)
        targets = rs.randint(0, c, n)
        x = torch.tensor(logits, requires_grad=True)
        loss = torch.nn.CrossEntropyLoss()(x, torch.tensor(targets, dtype=torch.long))
        loss.backward()
        out.append((name, n, c, hex_bits(logits), [int(t) for t in targets],
                    hex_bits(loss.detach().numpy()), repr(loss.item()),
                    hex_bits(x.grad.numpy())))
    return out


def child_main(job):
    import torch
    torch.set_num_threads(1)
    kind = job['kind']
    if kind == 'init':
        result = child_init()
    elif kind == 'train':
        result = child_train(job['csv'], job['target'], job['exclude'],
                             job['hidden'], job['standardize'], job.get('activation', 'relu'),
                             job.get('optimizer'))
    elif kind == 'regression':
        result = child_regression(job['csv'], job['target'], job['exclude'], job['hidden'],
                                  job['standardize'], job['activation'], job['scale_target'])
    elif kind == 'adam':
        result = child_adam()
    elif kind == 'ce':
        result = child_ce()
    elif kind == 'optim':
        result = child_optim()
    else:
        raise ValueError(kind)
    json.dump(result, sys.stdout)


# Parent side.

def run_child(job, capability):
    env = dict(os.environ, ATEN_CPU_CAPABILITY=capability, OMP_NUM_THREADS='1')
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), '--child',
                           json.dumps(job)],
                          env=env, check=True, stdout=subprocess.PIPE)
    return json.loads(proc.stdout)


def open_golden(path, description):
    """A golden file, opened for writing, that starts with the versions that
    made it and a line saying what it holds."""
    f = open(path, 'w')
    f.write(versions_comment())
    f.write(description)
    return f


def versions_comment():
    import numpy
    import pandas
    import sklearn
    import torch
    return ('# Generated by tests/gen-torch-golden.py with torch %s, NumPy %s, '
            'scikit-learn %s, pandas %s; do not edit.\n'
            % (torch.__version__, numpy.__version__, sklearn.__version__,
               pandas.__version__))


def write_init(path):
    with open_golden(path, '# Initial nn.Sequential parameters after torch.manual_seed (SEED); '
                     'format in gen-torch-golden.py.\n') as f:
        for kernel, capability in KERNELS:
            f.write('kernel %s\n' % kernel)
            for seed, sizes, tensors in run_child({'kind': 'init'}, capability):
                f.write('model %d %s\n' % (seed, ','.join(str(s) for s in sizes)))
                for name, rows, cols, count, h, shown in tensors:
                    f.write('tensor %s %d %d %d %s %s\n'
                            % (name, rows, cols, count, h, ' '.join(shown)))


def kernel_spread(a, b):
    """The largest |fused - plain| differences of two runs' curves."""
    def worst(i, lo, hi):
        return max(abs(x[i] - y[i]) for x, y in zip(a['epochs'][lo:hi], b['epochs'][lo:hi]))
    n = len(a['epochs'])
    cut = n * 4 // 5
    return ('train loss %.3g (epochs 1-%d), %.3g (%d-%d); test loss %.3g, %.3g; '
            'final test correct %d vs %d'
            % (worst(1, 0, cut), cut, worst(1, cut, n), cut + 1, n,
               worst(2, 0, cut), worst(2, cut, n), a['test_correct'], b['test_correct']))


def write_runs(path, csv, target, exclude, runs, intro):
    """Runs are (name, hidden, standardize) with ReLU, or (name, hidden,
    standardize, activation), whose blocks get an "activation" line."""
    results = {}
    for kernel, capability in KERNELS:
        for name, hidden, standardize, *activation in runs:
            job = {'kind': 'train', 'csv': csv, 'target': target, 'exclude': list(exclude),
                   'hidden': list(hidden), 'standardize': standardize}
            if activation:
                job['activation'] = activation[0]
            results[kernel, name] = run_child(job, capability)
    with open_golden(path, intro) as f:
        f.write('# How far PyTorch moves from itself: max |fused - plain| per run:\n')
        for name, *_ in runs:
            f.write('#   %s: %s\n' % (name, kernel_spread(results['fused', name],
                                                          results['plain', name])))
        for kernel, capability in KERNELS:
            for name, hidden, standardize, *activation in runs:
                r = results[kernel, name]
                f.write('run %s\n' % name)
                f.write('kernel %s\n' % kernel)
                f.write('csv %s\n' % os.path.basename(csv))
                f.write('target %s\n' % target)
                f.write('exclude %s\n' % (','.join(exclude) or '-'))
                f.write('layers %s\n' % (','.join(str(h) for h in hidden) or '-'))
                f.write('standardize %d\n' % standardize)
                if activation:
                    f.write('activation %s\n' % activation[0])
                    for tensor, h in r['init']:
                        f.write('init %s %s\n' % (tensor, h))
                f.write('seed 42\nlr %r\nepochs 100\ntest_size %r\nsplit_seed 42\n'
                        % (0.01, 0.2))
                f.write('classes %s\n' % ' '.join(str(c) for c in r['classes']))
                f.write('n_train %d\nn_test %d\n' % (r['n_train'], r['n_test']))
                f.write('test_rows %s\n' % ' '.join(str(i) for i in r['test_rows']))
                for e, tr, te, acc, correct in r['epochs']:
                    f.write('epoch %d %r %r %r %d\n' % (e, tr, te, acc, correct))
                f.write('train_accuracy %r %d %d\n'
                        % (r['train_correct'] / r['n_train'], r['train_correct'],
                           r['n_train']))
                f.write('test_accuracy %r %d %d\n'
                        % (r['test_correct'] / r['n_test'], r['test_correct'],
                           r['n_test']))
                f.write('confusion %d\n' % len(r['classes']))
                for i, row in enumerate(r['confusion']):
                    f.write('confusion_row %d %s\n' % (i, ' '.join(str(v) for v in row)))
                f.write('end\n')


def write_regression_runs(path, csv, target, exclude, runs, intro):
    """The format of write_runs () for regression runs (name, hidden,
    standardize, activation, scale_target): after "activation", "task
    regression" and "scale_target 0|1"; no "classes"; "epoch E TRAIN_LOSS
    TEST_LOSS" (mean squared errors, in standard units when the target is
    scaled); then "test_rmse", "test_mae" and "test_r2" of the final model's
    test predictions in the target's units (scikit-learn's metrics)."""
    results = {}
    for kernel, capability in KERNELS:
        for name, hidden, standardize, activation, scale_target in runs:
            job = {'kind': 'regression', 'csv': csv, 'target': target, 'exclude': list(exclude),
                   'hidden': list(hidden), 'standardize': standardize,
                   'activation': activation, 'scale_target': scale_target}
            results[kernel, name] = run_child(job, capability)
    with open_golden(path, intro) as f:
        f.write('# How far PyTorch moves from itself: max |fused - plain| per run:\n')
        for name, *_ in runs:
            a, b = results['fused', name], results['plain', name]
            n = len(a['epochs'])
            cut = n * 4 // 5
            spread = [max(abs(x[i] - y[i]) for x, y in zip(a['epochs'][lo:hi], b['epochs'][lo:hi]))
                      for i, lo, hi in ((1, 0, cut), (1, cut, n), (2, 0, cut), (2, cut, n))]
            f.write('#   %s: train loss %.3g (epochs 1-%d), %.3g (%d-%d); test loss %.3g, %.3g; '
                    'final test rmse %.6g vs %.6g\n'
                    % (name, spread[0], cut, spread[1], cut + 1, n, spread[2], spread[3],
                       a['rmse'], b['rmse']))
        for kernel, capability in KERNELS:
            for name, hidden, standardize, activation, scale_target in runs:
                r = results[kernel, name]
                f.write('run %s\nkernel %s\ncsv %s\ntarget %s\n'
                        % (name, kernel, os.path.basename(csv), target))
                f.write('exclude %s\n' % (','.join(exclude) or '-'))
                f.write('layers %s\n' % (','.join(str(h) for h in hidden) or '-'))
                f.write('standardize %d\n' % standardize)
                f.write('activation %s\n' % activation)
                f.write('task regression\nscale_target %d\n' % scale_target)
                for tensor, h in r['init']:
                    f.write('init %s %s\n' % (tensor, h))
                f.write('seed 42\nlr %r\nepochs 100\ntest_size %r\nsplit_seed 42\n'
                        % (0.01, 0.2))
                f.write('n_train %d\nn_test %d\n' % (r['n_train'], r['n_test']))
                f.write('test_rows %s\n' % ' '.join(str(i) for i in r['test_rows']))
                for e, tr, te in r['epochs']:
                    f.write('epoch %d %r %r\n' % (e, tr, te))
                f.write('test_rmse %r\ntest_mae %r\ntest_r2 %r\n' % (r['rmse'], r['mae'], r['r2']))
                f.write('end\n')


def write_adam(path):
    with open_golden(path, '# torch.optim.Adam (defaults) on one float32 vector; format and '
                     'arithmetic in gen-torch-golden.py.\n') as f:
        for kernel, capability in KERNELS:
            f.write('kernel %s\n' % kernel)
            for name, n, lr, p0, steps in run_child({'kind': 'adam'}, capability):
                f.write('case %s %d %r %d\n' % (name, n, lr, len(steps)))
                f.write('param0 %s\n' % ' '.join(p0))
                for t, (g, p, m, v) in enumerate(steps, 1):
                    f.write('step %d\n' % t)
                    f.write('grad %s\n' % ' '.join(g))
                    f.write('param %s\n' % ' '.join(p))
                    f.write('exp_avg %s\n' % ' '.join(m))
                    f.write('exp_avg_sq %s\n' % ' '.join(v))


def write_optim(path):
    with open_golden(path, '# torch.optim.Adam, AdamW, SGD and RMSprop on one float32 vector; '
                     'format and arithmetic in gen-torch-golden.py.\n') as f:
        f.write('values %d %d %d\n' % (OPTIM_SEED, OPTIM_N, OPTIM_STEPS))
        for kernel, capability in KERNELS:
            f.write('kernel %s\n' % kernel)
            for name, opt_name, lr, momentum, nesterov, wd, hashes, p, b1, b2 in \
                    run_child({'kind': 'optim'}, capability):
                f.write('case %s %s %r %r %d %r\n' % (name, opt_name, lr, momentum, nesterov, wd))
                for t, h in hashes:
                    f.write('hash %d %s\n' % (t, h))
                f.write('param %s\n' % ' '.join(p))
                f.write('buf1 %s\n' % ' '.join(b1))
                f.write('buf2 %s\n' % ' '.join(b2))


def write_optim_runs(path, csv, runs=OPTIM_RUNS, activation='relu', intro='other optimizers'):
    """The lesson's loop (standardized) with each optimizer of @runs, and
    @activation between the layers (an "activation" line when not ReLU)."""
    results = {}
    for kernel, capability in KERNELS:
        for run in runs:
            results[kernel, run[0]] = run_child({'kind': 'train', 'csv': csv, 'target': FIXTURE_TARGET,
                                                 'exclude': [], 'hidden': [64, 32],
                                                 'standardize': True, 'optimizer': run[1:],
                                                 'activation': activation},
                                                capability)
    with open_golden(path, '# The lesson\'s loop on train-small.csv with %s; '
                     'format in gen-torch-golden.py.\n' % intro) as f:
        f.write('# How far PyTorch moves from itself: max |fused - plain| per run:\n')
        for run in runs:
            f.write('#   %s: %s\n' % (run[0], kernel_spread(results['fused', run[0]],
                                                         results['plain', run[0]])))
        for kernel, capability in KERNELS:
            for name, opt_name, lr, momentum, nesterov, wd in runs:
                r = results[kernel, name]
                f.write('run %s\nkernel %s\ncsv %s\ntarget %s\nexclude -\nlayers 64,32\n'
                        'standardize 1\n' % (name, kernel, os.path.basename(csv), FIXTURE_TARGET))
                if activation != 'relu':
                    f.write('activation %s\n' % activation)
                f.write('optimizer %s\nmomentum %r\nnesterov %d\nweight_decay %r\n'
                        % (opt_name, momentum, nesterov, wd))
                f.write('seed 42\nlr %r\nepochs 100\ntest_size %r\nsplit_seed 42\n' % (lr, 0.2))
                f.write('classes %s\n' % ' '.join(str(c) for c in r['classes']))
                f.write('n_train %d\nn_test %d\n' % (r['n_train'], r['n_test']))
                f.write('test_rows %s\n' % ' '.join(str(i) for i in r['test_rows']))
                for e, tr, te, acc, correct in r['epochs']:
                    f.write('epoch %d %r %r %r %d\n' % (e, tr, te, acc, correct))
                f.write('test_accuracy %r %d %d\n'
                        % (r['test_correct'] / r['n_test'], r['test_correct'], r['n_test']))
                f.write('end\n')


def write_optim_activation_runs(path, csv, runs=None):
    """Every other activation with each optimizer but Adam, with and without
    weight decay (ReLU's are in optim-curves-torch.txt, Adam's without weight
    decay in train-small-activations-torch.txt, with it in
    activation-adam-wd-curves-torch.txt, @runs ('adam-wd',)): the blocks of
    each activation's write_optim_runs, one file."""
    if runs is None:
        runs = tuple(r for r in OPTIM_RUNS
                     if r[1] != 'adam' and r[0] not in ('sgd', 'sgd-wd', 'rmsprop-momentum'))
    else:
        runs = tuple(r for r in OPTIM_RUNS if r[0] in runs)
    blocks = []
    for activation in ('leaky-relu', 'tanh', 'sigmoid', 'gelu'):
        part = path + '.' + activation
        renamed = tuple(('%s-%s' % (activation, r[0]),) + r[1:] for r in runs)
        write_optim_runs(part, csv, renamed, activation, 'other activations and optimizers')
        with open(part) as f:
            blocks.append(f.read())
        os.unlink(part)
    with open(path, 'w') as f:
        f.write(blocks[0])
        for block in blocks[1:]:
            f.write(''.join(line for line in block.splitlines(True)
                            if not line.startswith('# Generated') and
                            not line.startswith('# The lesson')))


def write_ce(path):
    with open_golden(path, '# nn.CrossEntropyLoss () (mean) and its gradient; format and '
                     'arithmetic in gen-torch-golden.py.\n') as f:
        for kernel, capability in KERNELS:
            f.write('kernel %s\n' % kernel)
            for name, n, c, logits, targets, loss, loss_repr, grad in \
                    run_child({'kind': 'ce'}, capability):
                f.write('case %s %d %d\n' % (name, n, c))
                f.write('logits %s\n' % ' '.join(logits))
                f.write('targets %s\n' % ' '.join(str(t) for t in targets))
                f.write('loss %s %s\n' % (loss[0], loss_repr))
                f.write('grad %s\n' % ' '.join(grad))


def write_regression_files(data, fixture):
    write_regression_runs(os.path.join(data, 'regression-torch.txt'), fixture,
                          REGRESSION_TARGET, (), REGRESSION_RUNS,
                          '# The lesson\'s loop for a number (MSELoss) on train-small.csv; '
                          'format in gen-torch-golden.py.\n')
    wine_like = os.path.join(data, WINE_LIKE)
    make_wine_like(wine_like)
    write_regression_runs(os.path.join(data, 'wine-like-regression-torch.txt'), wine_like,
                          'alcohol', ('Id',), WINE_REGRESSION_RUNS,
                          '# The lesson\'s loop for a number (MSELoss) on wine-like.csv, target '
                          'alcohol; format in gen-torch-golden.py.\n')

    wine = os.environ.get('ENTRENA_WINE_CSV', WINE_DEFAULT)
    if os.path.exists(wine):
        write_regression_runs(os.path.join(data, 'wine-regression-torch.txt'), wine,
                              'alcohol', ('Id',), WINE_REGRESSION_RUNS,
                              '# The lesson\'s loop for a number (MSELoss) on WineQT.csv, target '
                              'alcohol; format in gen-torch-golden.py.\n')
    return 0


def main(argv):
    if len(argv) > 2 and argv[1] == '--child':
        child_main(json.loads(argv[2]))
        return 0

    # --regression-only rewrites the regression files alone.
    regression_only = '--regression-only' in argv
    argv = [a for a in argv if a != '--regression-only']
    here = os.path.dirname(os.path.abspath(__file__))
    data = argv[1] if len(argv) > 1 else os.path.join(here, 'data')
    fixture = os.path.join(data, FIXTURE)
    if regression_only:
        return write_regression_files(data, fixture)

    write_init(os.path.join(data, 'torch-init-golden.txt'))
    write_adam(os.path.join(data, 'adam-golden.txt'))
    write_ce(os.path.join(data, 'ce-golden.txt'))
    write_optim(os.path.join(data, 'optim-golden.txt'))

    make_fixture(fixture)
    write_runs(os.path.join(data, 'train-small-torch.txt'), fixture, FIXTURE_TARGET, (),
               SMALL_RUNS,
               '# The lesson\'s loop on train-small.csv; format in gen-torch-golden.py.\n')
    write_optim_runs(os.path.join(data, 'optim-curves-torch.txt'), fixture)
    write_optim_activation_runs(os.path.join(data, 'optim-activation-curves-torch.txt'), fixture)
    write_optim_activation_runs(os.path.join(data, 'activation-adam-wd-curves-torch.txt'), fixture,
                                ('adam-wd',))

    write_runs(os.path.join(data, 'train-small-activations-torch.txt'), fixture,
               FIXTURE_TARGET, (), ACTIVATION_RUNS,
               '# The lesson\'s loop on train-small.csv with other activations; format in '
               'gen-torch-golden.py.\n')

    write_regression_files(data, fixture)

    wine = os.environ.get('ENTRENA_WINE_CSV', WINE_DEFAULT)
    if os.path.exists(wine):
        write_runs(os.path.join(data, 'wine-torch-curve.txt'), wine, 'quality', ('Id',),
                   WINE_RUNS,
                   '# The lesson\'s loop on WineQT.csv (Kaggle, 1143 rows, md5 '
                   'e2e57e4c41e6ee0213fb12e5a70f4bfb); format in gen-torch-golden.py.\n')
    else:
        print('%s not found: wine-torch-curve.txt not written' % wine, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
