#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""PyTorch reads Entrena's model files, and Entrena reads PyTorch's.

Usage: test-model-torch.py MODEL-IO-WRITER

MODEL-IO-WRITER is tests/model-io-writer.c built. For several shapes it saves
a network with entrena_model_save (); this test loads the file into
nn.Sequential (Linear, ReLU, ..., Linear) with a strict load_state_dict and
checks that PyTorch's logits and predictions match the ones Entrena computed
from the same file. The other way round, it saves an nn.Sequential in
safetensors and checks the writer's predictions on it.

The safetensors package is used when installed; Debian 12 does not package
it, so a small reader and writer of the format stand in for it otherwise
(they follow https://github.com/huggingface/safetensors: an 8-byte
little-endian header length, a JSON header, raw little-endian data).

Prints TAP; skips everything when torch cannot be imported (by this
interpreter or by /usr/bin/python3, where Debian installs python3-torch).
"""

import json
import math
import os
import struct
import subprocess
import sys
import tempfile

from torch_mlp import sequential

SYSTEM_PYTHON = "/usr/bin/python3"

try:
    import torch
    from torch import nn
except ImportError:
    # Debian's python3-torch is installed for the system interpreter only;
    # meson may have found another python3 (a pyenv or a venv) first.
    if (os.path.exists(SYSTEM_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)
            and "ENTRENA_TORCH_TEST_REEXEC" not in os.environ):
        os.environ["ENTRENA_TORCH_TEST_REEXEC"] = "1"
        sys.stdout.flush()
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    print("1..0 # SKIP python3-torch is not installed")
    sys.exit(0)

try:
    import safetensors.torch as st_torch
except ImportError:
    st_torch = None

SHAPES = [
    [11, 64, 32, 6],   # the lesson's network
    [4, 3],            # no hidden layer
    [1, 1, 2],
    [7, 5, 9, 3, 8, 2, 4],
]
N_ROWS = 50


# --- safetensors, by hand ----------------------------------------------------

def read_safetensors(path):
    """Returns (tensors in file order, metadata, header length), checking the
    layout safetensors requires."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    assert 8 + n <= len(data), "header longer than the file"
    raw = data[8:8 + n]
    assert raw[:1] == b"{", "header does not start with '{'"
    header = json.loads(raw.decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), \
        "metadata values must be strings"
    buf = data[8 + n:]
    tensors = {}
    end = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        assert info["dtype"] == "F32", name
        begin, stop = info["data_offsets"]
        assert begin == end, "tensors must tile the data"
        numel = math.prod(info["shape"])
        assert stop - begin == 4 * numel, name
        values = struct.unpack("<%df" % numel, buf[begin:stop])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(info["shape"])
        end = stop
    assert end == len(buf), "data after the last tensor"
    ordered = {name: tensors[name] for name in header}
    return ordered, metadata, n


def write_safetensors(path, tensors, metadata=None):
    """As safetensors.torch.save_file does: tensors sorted by name, header
    padded with spaces to a multiple of 8."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous()
        blob = struct.pack("<%df" % t.numel(), *t.flatten().tolist())
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def load_file(path):
    if st_torch is not None:
        return st_torch.load_file(path)
    return read_safetensors(path)[0]


def save_file(tensors, path):
    if st_torch is not None:
        st_torch.save_file(tensors, path)
    else:
        write_safetensors(path, tensors)


# --- helpers ----------------------------------------------------------------

def compare(name, torch_logits, entrena_logits, entrena_predicted):
    """Returns a list of problems: logits equal up to float32 rounding (the
    sums run in another order), predictions equal unless two logits tie."""
    problems = []
    entrena_logits = torch.tensor(entrena_logits, dtype=torch.float32)
    if entrena_logits.shape != torch_logits.shape:
        return ["%s: shapes %s and %s" % (name, tuple(torch_logits.shape),
                                         tuple(entrena_logits.shape))]
    diff = (torch_logits - entrena_logits).abs()
    tol = 1e-5 * (1 + torch_logits.abs())
    if not bool((diff <= tol).all()):
        problems.append("%s: logits differ by up to %g" % (name, float(diff.max())))
    top2 = torch_logits.topk(min(2, torch_logits.shape[1]), dim=1).values
    for r, predicted in enumerate(entrena_predicted):
        clear = top2.shape[1] < 2 or float(top2[r, 0] - top2[r, 1]) > 1e-4
        if clear and int(torch_logits[r].argmax()) != predicted:
            problems.append("%s: row %d predicted %d by PyTorch, %d by Entrena"
                            % (name, r, int(torch_logits[r].argmax()), predicted))
    return problems


def run_writer(writer, *args, stdin=None):
    result = subprocess.run([writer, *args], input=stdin, capture_output=True,
                            encoding="utf-8", check=False)
    if result.returncode != 0:
        raise RuntimeError("%s %s failed: %s" % (writer, " ".join(args), result.stderr.strip()))
    return json.loads(result.stdout)


# --- tests ------------------------------------------------------------------

def test_entrena_to_torch(writer, tmp, sizes, seed):
    path = os.path.join(tmp, "entrena-%s.safetensors" % "-".join(map(str, sizes)))
    out = run_writer(writer, "save", path, ",".join(map(str, sizes)), str(seed), str(N_ROWS))
    problems = []

    tensors, metadata, header_len = read_safetensors(path)
    if header_len % 8 != 0:
        problems.append("header length %d is not a multiple of 8" % header_len)
    expected = []
    for layer in range(len(sizes) - 1):
        expected += ["%d.weight" % (2 * layer), "%d.bias" % (2 * layer)]
    if list(tensors) != expected:
        problems.append("tensors %s, expected %s in state_dict order" % (list(tensors), expected))
    if metadata.get("entrena_format") != "1":
        problems.append("entrena_format is %r" % metadata.get("entrena_format"))
    if json.loads(metadata.get("feature_names", "null")) != out["feature_names"]:
        problems.append("feature_names %r" % metadata.get("feature_names"))
    if json.loads(metadata.get("class_names", "null")) != out["class_names"]:
        problems.append("class_names %r" % metadata.get("class_names"))
    if json.loads(metadata.get("hidden_layers", "null")) != sizes[1:-1]:
        problems.append("hidden_layers %r" % metadata.get("hidden_layers"))
    if metadata.get("n_features") != str(sizes[0]) or metadata.get("n_classes") != str(sizes[-1]):
        problems.append("n_features %r, n_classes %r" % (metadata.get("n_features"),
                                                         metadata.get("n_classes")))

    model = sequential(sizes)
    # strict: the names and shapes must be exactly the state_dict's.
    model.load_state_dict(load_file(path), strict=True)
    model.eval()
    with torch.no_grad():
        logits = model(torch.tensor(out["inputs"], dtype=torch.float32))
    problems += compare("entrena→torch", logits, out["logits"], out["predicted"])
    return problems


def test_torch_to_entrena(writer, tmp, sizes, seed):
    torch.manual_seed(seed)
    model = sequential(sizes)
    path = os.path.join(tmp, "torch-%s.safetensors" % "-".join(map(str, sizes)))
    save_file(model.state_dict(), path)

    x = (torch.rand(N_ROWS, sizes[0]) * 6 - 3).to(torch.float32)
    rows = "\n".join(" ".join(repr(v) for v in row) for row in x.tolist()) + "\n"
    out = run_writer(writer, "predict", path, stdin=rows)
    problems = []
    if out["sizes"] != sizes:
        problems.append("Entrena read sizes %s" % out["sizes"])
    model.eval()
    with torch.no_grad():
        logits = model(x)
    problems += compare("torch→entrena", logits, out["logits"], out["predicted"])
    return problems


def main():
    if len(sys.argv) != 2:
        print("usage: %s MODEL-IO-WRITER" % sys.argv[0], file=sys.stderr)
        return 2
    writer = sys.argv[1]
    torch.set_num_threads(1)

    cases = []
    for i, sizes in enumerate(SHAPES):
        name = "-".join(map(str, sizes))
        cases.append(("Entrena's %s model loads into nn.Sequential with the same logits" % name,
                      test_entrena_to_torch, sizes, 42 + i))
        cases.append(("PyTorch's %s nn.Sequential loads into Entrena with the same logits" % name,
                      test_torch_to_entrena, sizes, 42 + i))

    print("1..%d" % len(cases))
    print("# torch %s, safetensors %s" % (torch.__version__,
                                          "package" if st_torch is not None else "stand-in reader"))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (title, func, sizes, seed) in enumerate(cases, 1):
            try:
                problems = func(writer, tmp, sizes, seed)
            except Exception as e:  # pylint: disable=broad-except
                problems = ["%s: %s" % (type(e).__name__, e)]
            if problems:
                failed += 1
                print("not ok %d - %s" % (n, title))
                for p in problems[:10]:
                    print("# %s" % p)
            else:
                print("ok %d - %s" % (n, title))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
