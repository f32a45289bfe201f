#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small files of the hostile corpus and its MANIFEST.tsv.

usage: make-corpus.py PATH/TO/entrena-cli

Run from anywhere; it rewrites the files next to itself. The model and
checkpoint files are damaged copies of ones entrena-cli saves from
tests/data/train-small.csv. The big files (names starting with "@" in the
manifest) are written at test time by tests/gen-hostile.py.

MANIFEST.tsv columns:
  file      name in this folder, or @name for a generated file
  command   entrena-cli arguments; {} is the file, {data} the tests/data folder
  expect    refuse (exit status 1, every message part on stderr) or accept (0)
  stage     read (the reader refuses: the window shows an error banner), data
            (the file reads, the run's settings refuse it), model, checkpoint
  message   parts of the expected message, separated by "|" (accept: of stdout)
  what      what is wrong, and why Entrena answers so
"""
import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
rows = []


# Where each damaged model or checkpoint must be refused: the key, tensor or
# byte offset its message names, after the file name.
PLACES = {
    'model-empty.safetensors': 'at byte 0',
    'model-4-bytes.safetensors': 'at byte 4',
    'model-header-cut.safetensors': 'at byte 0',
    'model-body-cut.safetensors': '“2.bias”',
    'model-header-length-huge.safetensors': 'at byte 0',
    'model-header-length-past-end.safetensors': 'at byte 0',
    'model-header-not-json.safetensors': 'at byte 8',
    'model-header-array.safetensors': 'at byte 8',
    'model-header-string.safetensors': 'at byte 8',
    'model-missing-tensor.safetensors': '“0.weight”',
    'model-extra-tensor.safetensors': '“99.weight”',
    'model-overlapping-tensors.safetensors': '“2.bias”',
    'model-offsets-out-of-range.safetensors': '“2.bias”',
    'model-offsets-reversed.safetensors': '“2.bias”',
    'model-offsets-2-64.safetensors': '“2.bias”',
    'model-dtype-f64.safetensors': '“0.weight”',
    'model-dtype-unknown.safetensors': '“0.weight”',
    'model-dtype-number.safetensors': '“0.weight”',
    'model-shape-overflow.safetensors': '“0.weight”',
    'model-shape-negative.safetensors': '“0.weight”',
    'model-shape-3d.safetensors': '“0.weight”',
    'model-nan-weight.safetensors': '“0.weight”',
    'model-inf-weight.safetensors': '“2.bias”',
    'model-no-metadata.safetensors': '“entrena_format”',
    'model-meta-missing-batch-size.safetensors': '“batch_size”',
    'model-meta-missing-categorical.safetensors': '“categorical”',
    'model-meta-missing-class-names.safetensors': '“class_names”',
    'model-meta-missing-decimal-comma.safetensors': '“decimal_comma”',
    'model-meta-missing-delimiter.safetensors': '“delimiter”',
    'model-meta-missing-entrena-format.safetensors': '“entrena_format”',
    'model-meta-classes-number.safetensors': '“n_classes”',
    'model-meta-classes-empty.safetensors': '“n_classes”',
    'model-meta-classes-100000.safetensors': '“n_classes”',
    'model-meta-not-string.safetensors': '“n_classes”',
    'model-meta-not-object.safetensors': '“__metadata__”',
    'model-meta-layers-disagree.safetensors': '“hidden_layers”',
    'model-is-a-csv.safetensors': 'at byte 0',
    'model-is-gzip.safetensors': 'at byte 0',
    'checkpoint-empty.safetensors': 'at byte 0',
    'checkpoint-cut.safetensors': '“optimizer.v”',
    'checkpoint-model-only.safetensors': '“entrena_checkpoint”',
    'checkpoint-missing-tensor.safetensors': 'data offset',
    'checkpoint-nan-state.safetensors': '“optimizer.m”',
    'checkpoint-inf-weight.safetensors': '“0.weight”|at byte',
    'checkpoint-missing-data-digest.safetensors': '“data_digest”',
    'checkpoint-missing-data-rows.safetensors': '“data_rows”',
    'checkpoint-mistyped-data-rows.safetensors': '“data_rows”',
    'checkpoint-missing-entrena-checkpoint.safetensors': '“entrena_checkpoint”',
    'checkpoint-mistyped-entrena-checkpoint.safetensors': '“entrena_checkpoint”',
    'checkpoint-missing-generator-index.safetensors': '“generator_index”',
    'checkpoint-mistyped-generator-index.safetensors': '“generator_index”',
    'checkpoint-missing-optimizer-step.safetensors': '“optimizer_step”',
    'checkpoint-mistyped-optimizer-step.safetensors': '“optimizer_step”',
    'checkpoint-missing-split-digest.safetensors': '“split_digest”',
}


def add(name, content, command, expect, stage, message, what):
    if name in PLACES:
        message += '|' + PLACES[name]
    if content is not None:
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(content if isinstance(content, bytes) else content.encode('utf-8'))
    rows.append((name, command, expect, stage, message, what))


def csv(name, content, expect, message, what, target=None, stage=None):
    command = 'inspect --json {}' + (' --target ' + target if target else '')
    if stage is None:
        stage = 'read' if target is None else 'data'
    add(name, content, command, expect, stage, message, what)


def numeric(cells, column_value, line_of_bad=3):
    """A three-row table whose column b holds @column_value on line @line_of_bad."""
    lines = ['a,b,label']
    for i in range(2, 7):
        lines.append('%d,%s,%s' % (i, column_value if i == line_of_bad else str(i * 1.5), 'x' if i % 2 else 'y'))
    return '\n'.join(lines) + '\n'


def csv_corpus():
    # libcsv's strict mode: every way a quotation mark can be out of place.
    csv('quote-inside-field.csv', 'a,b,label\n1,2,x\n3,4"5,y\n', 'refuse', 'quote-inside-field.csv|line 3, column 2',
        'a quotation mark inside an unquoted field (libcsv CSV_EPARSE)')
    csv('text-after-closing-quote.csv', 'a,b,label\n1,"2"x,y\n', 'refuse', 'text-after-closing-quote.csv|line 2, column 2',
        'text after a closing quotation mark (CSV_EPARSE)')
    csv('quote-in-header.csv', 'a,b"c,label\n1,2,x\n', 'refuse', 'quote-in-header.csv|line 1, column 2',
        'a stray quotation mark in the header')
    csv('unterminated-quote-end.csv', 'a,b,label\n1,2,x\n3,"4,y\n', 'refuse', 'unterminated-quote-end.csv|line 3',
        'the last field opens a quote that the file never closes (CSV_STRICT_FINI)')
    csv('unterminated-quote-mid.csv', 'a,b,label\n1,2,x\n3,"4,y\n5,6,x\n7,8,y\n', 'refuse',
        'unterminated-quote-mid.csv|line 3', 'a quote opened on line 3 swallows the rest of the file')
    csv('quote-after-space.csv', 'a,b,label\n1, "2",x\n', 'accept', '',
        'a quoted field after a space: libcsv skips the space (accepted, as pandas does)')
    csv('doubled-quotes.csv', 'a,note,label\n1,"say ""hi""",x\n2,"a,b",y\n3,c,x\n', 'accept', '',
        'doubled quotes and a delimiter inside quotes are valid CSV')
    csv('quoted-newline-then-error.csv', 'a,note,label\n1,"two\nlines",x\n2,ok,y\n3,bad"q,x\n', 'refuse',
        'line 5, column 2', 'a line break inside quotes counts as a line: the bad quote is on line 5')
    csv('stray-quote-line-2.csv', '"a,b,label\n1,2,x\n', 'refuse', 'stray-quote-line-2.csv|line',
        'a header that opens a quote and never closes it')

    # Encodings.
    text = 'a,b,label\n1,2,x\n3,4,y\n'
    csv('utf16le-bom.csv', b'\xff\xfe' + text.encode('utf-16-le'), 'refuse', 'utf16le-bom.csv|UTF-16',
        'UTF-16 little-endian with a byte-order mark')
    csv('utf16be-bom.csv', b'\xfe\xff' + text.encode('utf-16-be'), 'refuse', 'utf16be-bom.csv|UTF-16',
        'UTF-16 big-endian with a byte-order mark')
    csv('utf16le-no-bom.csv', text.encode('utf-16-le'), 'refuse', 'utf16le-no-bom.csv|line 1',
        'UTF-16 without a byte-order mark: zero bytes from the first line')
    csv('utf16be-no-bom.csv', text.encode('utf-16-be'), 'refuse', 'utf16be-no-bom.csv|line 1',
        'UTF-16 big-endian without a byte-order mark')
    csv('utf32-bom.csv', b'\xff\xfe\x00\x00' + text.encode('utf-32-le'), 'refuse', 'utf32-bom.csv',
        'UTF-32: its byte-order mark starts like UTF-16\'s')
    csv('latin1-cell.csv', 'a,b,label\n1,2,caf\xe9\n3,4,y\n'.encode('latin-1'), 'refuse',
        'latin1-cell.csv|line 2, column 3|UTF-8', 'a Latin-1 é in a cell')
    csv('latin1-header.csv', 'a,b,se\xf1al\n1,2,x\n3,4,y\n'.encode('latin-1'), 'refuse',
        'latin1-header.csv|line 1, column 3|UTF-8', 'a Latin-1 ñ in the header')
    csv('invalid-utf8-overlong.csv', b'a,b,label\n1,2,x\n3,4,\xc0\xaf\n', 'refuse', 'line 3, column 3|UTF-8',
        'an overlong UTF-8 sequence (C0 AF) in a cell')
    csv('invalid-utf8-surrogate.csv', b'a,b,label\n1,2,\xed\xa0\x80\n', 'refuse', 'line 2, column 3|UTF-8',
        'an encoded UTF-16 surrogate, which UTF-8 forbids')
    csv('invalid-utf8-truncated.csv', b'a,b,label\n1,2,x\n3,4,\xe2\x82\n', 'refuse', 'line 3, column 3|UTF-8',
        'a multi-byte sequence cut short at the end of the file')
    csv('nul-in-cell.csv', b'a,b,label\n1,2,x\n3,4\x005,y\n', 'refuse', 'nul-in-cell.csv|line 3',
        'a zero byte in a cell')
    csv('nul-only.csv', b'\x00' * 64, 'refuse', 'nul-only.csv|line 1', 'nothing but zero bytes')
    csv('utf8-bom.csv', b'\xef\xbb\xbf' + text.encode(), 'accept', '"a"', 'a UTF-8 byte-order mark, as spreadsheets write: skipped')
    csv('utf8-bom-twice.csv', b'\xef\xbb\xbf\xef\xbb\xbf' + text.encode(), 'accept', '',
        'two byte-order marks: the second is part of the first column\'s name (valid UTF-8)')

    # Line ends.
    csv('cr-only.csv', text.replace('\n', '\r'), 'accept', '', 'old Mac line ends (CR)')
    csv('crlf.csv', text.replace('\n', '\r\n'), 'accept', '', 'Windows line ends (CRLF)')
    csv('mixed-line-ends.csv', 'a,b,label\r\n1,2,x\n3,4,y\r5,6,x\r\n', 'accept', '"rows": 3',
        'LF, CRLF and CR in one file: each is a line end')
    csv('bare-cr-in-lf-file.csv', 'a,b,label\n1,2,x\r3,4,y\n5,6,x\n7,8,9,y\n', 'refuse', 'line 5',
        'a bare CR inside an LF file ends a line: the ragged row is on line 5, not 4')
    csv('crlf-ragged.csv', 'a,b,label\r\n1,2,x\r\n3,y\r\n', 'refuse', 'crlf-ragged.csv|line 3',
        'a short row in a CRLF file')
    csv('cr-bad-number.csv', 'a,b,label\r1,2,x\r3,oops,y\r5,6,x\r', 'refuse', 'line 3, column 2',
        'a word in a numeric column of a CR-only file', target='label')

    # Shapes.
    csv('ragged-line-2-short.csv', 'a,b,label\n1,2\n3,4,y\n', 'refuse', 'line 2: 2 fields',
        'row 2 has one field too few')
    csv('ragged-line-2-long.csv', 'a,b,label\n1,2,x,9\n3,4,y\n', 'refuse', 'line 2: 4 fields',
        'row 2 has one field too many')
    csv('@ragged-line-50000.csv', None, 'refuse', 'line 50000: 3 fields', 'the last of 50,000 lines is short')
    csv('header-only.csv', 'a,b,label\n', 'refuse', 'header-only.csv|no data rows', 'column names and no rows')
    csv('blank-lines-only.csv', '\n\n\n\n', 'refuse', 'blank-lines-only.csv|empty', 'nothing but line ends')
    csv('spaces-only.csv', '   \n \t \n  ', 'refuse', 'spaces-only.csv|empty', 'nothing but spaces and tabs')
    csv('one-column.csv', 'label\nx\ny\nx\ny\n', 'refuse', 'nothing to learn', 'the target is the only column: nothing to learn from',
        target='label')
    csv('@columns-100000.csv', None, 'accept', '', '100,000 columns of 40 rows: read in linear time')
    csv('@columns-100000.csv', None, 'refuse', 'nope|…and 99981 more', 'a target that is not among 100,000 columns: '
        'the message lists the first 20 only', target='nope')
    csv('@columns-5000.csv', None, 'accept', '', '5,000 columns (checks that nothing grows with their square)')
    csv('@duplicate-names-5000.csv', None, 'accept', 'x.4999',
        '5,000 columns all named "x": renamed x.1 to x.4999 as pandas does, in linear time')
    csv('duplicate-names.csv', 'a,a,a,label\n1,2,3,x\n4,5,6,y\n', 'accept', 'a.1|a.2',
        'repeated column names: renamed as pandas renames them')
    csv('duplicate-names-clash.csv', 'a,a,a.1,label\n1,2,3,x\n4,5,6,y\n', 'accept', 'a.1.1',
        'a rename that clashes with an existing name gets one more suffix, as pandas does')
    csv('empty-header-names.csv', ',,label\n1,2,x\n4,5,y\n', 'accept', 'Unnamed: 0|Unnamed: 1',
        'empty column names: named "Unnamed: N" as pandas names them')
    csv('@long-cell-100000.csv', None, 'refuse', 'line 4, column 2|…', 'a 100,000-character word in a numeric column: '
        'refused with its line and column, quoting only the start of it', target='label')
    csv('@long-cell-quoted-5mb.csv', None, 'accept', '', 'a 5 MB quoted cell with 500,000 line breaks in a text column')
    csv('only-delimiters.csv', ',,,\n,,,\n,,,\n', 'accept', '"rows": 2',
        'rows of empty fields: a header of four unnamed columns over two rows of missing cells')
    csv('trailing-blank-lines.csv', text + '\n\n\n', 'accept', '"rows": 2', 'blank lines at the end are skipped')
    csv('one-data-row.csv', 'a,b,label\n1,2,x\n', 'refuse', 'only one value', 'a single row cannot be split '
        'into a training and a test set', target='label')
    csv('header-wider-than-rows.csv', 'a,b,c,d,e,label\n1,2,x\n', 'refuse', 'line 2: 3 fields',
        'a header of six names over rows of three fields')

    # Numbers.
    csv('inf-feature.csv', numeric(5, 'inf'), 'refuse', 'line 3, column 2|inf',
        'inf in a feature column: not a number to learn from, refused with its line and column', target='label')
    csv('minus-inf-feature.csv', numeric(5, '-inf'), 'refuse', 'line 3, column 2|-inf', '-inf in a feature column',
        target='label')
    csv('infinity-feature.csv', numeric(5, 'Infinity'), 'refuse', 'line 3, column 2', 'Infinity spelled out',
        target='label')
    csv('nan-feature.csv', numeric(5, 'nan'), 'accept', '"missing": 1',
        'nan in a feature column is a missing value: dropped or filled by the missing-value policy', target='label')
    csv('nan-feature-fill.csv', numeric(5, 'NaN'), 'accept', '"missing": 1', 'NaN, filled (--missing fill)',
        target='label --missing fill')
    add('nan-feature-fill.csv', None, 'train {} --target label --missing fill --epochs 20 --quiet --layers 4',
        'accept', 'data', 'Test accuracy', 'trained with the NaN filled: no divergence, no NaN loss')
    add('nan-feature.csv', None, 'train {} --target label --epochs 20 --quiet --layers 4', 'accept', 'data',
        'Test accuracy', 'trained with the NaN row dropped: no divergence')
    csv('float-overflow-feature.csv', numeric(5, '1e39'), 'refuse', 'line 3, column 2|1e39',
        '1e39 fits a double but not a float: refused, never trained on as infinity', target='label')
    csv('double-overflow-feature.csv', numeric(5, '1e400'), 'refuse', 'line 3, column 2|1e400',
        '1e400 overflows even a double', target='label')
    csv('float-overflow-negative.csv', numeric(5, '-3.5e38'), 'refuse', 'line 3, column 2',
        '-3.5e38 is below the lowest float', target='label')
    csv('float-max-feature.csv', numeric(5, '3.4e38'), 'accept', '', '3.4e38 is just within float range', target='label')
    csv('underflow-feature.csv', numeric(5, '1e-60'), 'accept', '', '1e-60 rounds to zero as a float: a finite value',
        target='label')
    csv('huge-exponent.csv', numeric(5, '1e99999999999'), 'refuse', 'line 3, column 2',
        'an exponent too long for an int', target='label')
    csv('long-mantissa.csv', numeric(5, '1' * 200), 'refuse', 'line 3, column 2',
        'a 200-digit number: 1e199 is not a float', target='label')
    csv('hex-number.csv', numeric(5, '0x1p3'), 'refuse', 'line 3, column 2', 'a C99 hexadecimal float is text in a CSV',
        target='label')
    csv('decimal-commas-mixed.csv', 'a;b;label\n1,5;2.5;x\n3,25;4;y\n5;6,75;x\n7.5;8;y\n', 'accept', '',
        'decimal commas mixed with points in a semicolon file: both read as numbers')
    lines = ['a,b,label'] + ['%d,%d.25,%s' % (i, i % 9, 'x' if i % 2 else 'y') for i in range(2, 1000)]
    lines[899] = '900,oops,x'
    csv('word-on-line-900.csv', '\n'.join(lines) + '\n', 'refuse', 'line 900, column 2|oops',
        'one word on line 900 of a numeric column', target='label')
    csv('thousands-separator.csv', 'a,b,label\n1,"1,000",x\n2,"2,500",y\n3,"3,000",x\n', 'accept', '',
        'a quoted "1,000" is text (a categorical column), never silently 1')

    # Targets.
    csv('one-class.csv', 'a,b,label\n3,9,x\n1,2,x\n5,4,x\n2,7,x\n', 'refuse', 'only one value', 'the target has one class',
        target='label')
    csv('@classes-10000.csv', None, 'refuse', '“label”|10000', 'a target of 10,000 classes', target='label')
    many = 'a,label\n' + ''.join('%d,k%d\n' % (i, i) for i in range(300))
    csv('classes-300.csv', many, 'refuse', '300', 'more classes (300) than Entrena trains on (256)', target='label')
    csv('target-all-missing.csv', 'a,b,label\n1,2,\n3,4,NA\n5,6,?\n', 'refuse', 'label',
        'every target cell is missing', target='label')
    csv('target-missing-column.csv', text, 'refuse', 'nope|label', 'a target that is not a column', target='nope')

    # Not CSV at all.
    png = b'\x89PNG\r\n\x1a\n' + struct.pack('>I', 13) + b'IHDR' + struct.pack('>IIBBBBB', 1, 1, 8, 0, 0, 0, 0)
    png += struct.pack('>I', zlib.crc32(png[12:29]))
    csv('picture.png.csv', png + b'\x00\x00\x00\x00IEND\xaeB`\x82', 'refuse', 'picture.png.csv', 'a PNG renamed .csv')
    csv('archive.gz.csv', gzip.compress(text.encode(), mtime=0), 'refuse', 'archive.gz.csv', 'a gzip file renamed .csv')
    csv('document.pdf.csv', b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
        'refuse', 'document.pdf.csv', 'a PDF renamed .csv (binary bytes on line 2)')
    csv('program.elf.csv', b'\x7fELF\x02\x01\x01' + b'\x00' * 57, 'refuse', 'program.elf.csv', 'an executable renamed .csv')
    csv('@directory.csv', None, 'refuse', 'directory.csv', 'a folder, not a file')
    csv('zero-bytes.csv', b'', 'refuse', 'zero-bytes.csv|empty', 'a 0-byte file')
    csv('@nul-after-sample.csv', None, 'refuse', 'nul-after-sample.csv|line', 'a zero byte after the first 64 KiB')
    csv('json.csv', '{"a": [1, 2, 3], "label": "x"}\n', 'refuse', 'json.csv|line 1, column 1',
        'JSON renamed .csv: its quotation marks are out of place for CSV')


def model_header(path):
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    return json.loads(raw[8:8 + n]), raw[8 + n:]


def pack(header, body, pad=True):
    text = json.dumps(header, separators=(',', ':')).encode()
    if pad:
        text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + body


def model_corpus(cli):
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, 'm.safetensors')
        ckpt = os.path.join(tmp, 'c.safetensors')
        subprocess.run([cli, 'train', os.path.join(DATA, 'train-small.csv'), '--target', 'grade', '--epochs', '2',
                        '--layers', '4', '--quiet', '--save', model, '--save-checkpoint', ckpt], check=True,
                       stdout=subprocess.DEVNULL)
        with open(model, 'rb') as f:
            good = f.read()
        with open(ckpt, 'rb') as f:
            good_ckpt = f.read()
        header, body = model_header(model)
        cheader, cbody = model_header(ckpt)

    predict = 'predict {} {data}/train-small.csv'

    def bad_model(name, content, message, what, expect='refuse'):
        add(name, content, predict, expect, 'model', message, what)

    def edited(fn):
        h = json.loads(json.dumps(header))
        b = bytearray(body)
        r = fn(h, b)
        return pack(h, bytes(b)) if r is None else r

    def meta(key, value):
        def fn(h, b):
            if value is None:
                del h['__metadata__'][key]
            else:
                h['__metadata__'][key] = value
        return edited(fn)

    tensors = [k for k in header if k != '__metadata__']
    first = sorted(tensors, key=lambda k: header[k]['data_offsets'][0])[0]
    last = sorted(tensors, key=lambda k: header[k]['data_offsets'][0])[-1]

    bad_model('model-sound.safetensors', good, '', 'a sound model (the control)', expect='accept')
    bad_model('model-empty.safetensors', b'', 'model-empty.safetensors', 'a 0-byte model file')
    bad_model('model-4-bytes.safetensors', good[:4], 'model-4-bytes.safetensors', 'shorter than the header length')
    bad_model('model-header-cut.safetensors', good[:40], 'model-header-cut.safetensors', 'cut inside the JSON header')
    bad_model('model-body-cut.safetensors', good[:len(good) - 7], 'model-body-cut.safetensors',
              'the last tensor is cut short')
    bad_model('model-header-length-huge.safetensors', struct.pack('<Q', 1 << 63) + good[8:],
              'model-header-length-huge.safetensors', 'a header length of 2^63')
    bad_model('model-header-length-past-end.safetensors', struct.pack('<Q', len(good)) + good[8:],
              'model-header-length-past-end.safetensors', 'a header length past the end of the file')
    bad_model('model-header-not-json.safetensors', pack({}, b'')[:8] + b'not json' + body,
              'model-header-not-json.safetensors', 'a header that is not JSON')
    bad_model('model-header-array.safetensors', struct.pack('<Q', 8) + b'[1,2,3] ' + body,
              'model-header-array.safetensors', 'a JSON header that is an array, not an object')
    bad_model('model-header-string.safetensors', struct.pack('<Q', 8) + b'"hello"' + b' ' + body,
              'model-header-string.safetensors', 'a JSON header that is a string')
    bad_model('model-missing-tensor.safetensors', edited(lambda h, b: h.pop(first) and None),
              'model-missing-tensor.safetensors', 'a layer\'s tensor is missing')
    bad_model('model-extra-tensor.safetensors',
              edited(lambda h, b: h.__setitem__('99.weight', dict(h[first])) or None),
              'model-extra-tensor.safetensors', 'a tensor Entrena does not know (and overlapping another)')

    def overlap(h, b):
        h[last]['data_offsets'] = list(h[first]['data_offsets'])
    bad_model('model-overlapping-tensors.safetensors', edited(overlap), 'model-overlapping-tensors.safetensors',
              'two tensors share their bytes')

    def out_of_range(h, b):
        s, e = h[last]['data_offsets']
        h[last]['data_offsets'] = [s + 1000000, e + 1000000]
    bad_model('model-offsets-out-of-range.safetensors', edited(out_of_range), 'model-offsets-out-of-range.safetensors',
              'tensor offsets past the end of the data')

    def offsets_reversed(h, b):
        s, e = h[last]['data_offsets']
        h[last]['data_offsets'] = [e, s]
    bad_model('model-offsets-reversed.safetensors', edited(offsets_reversed), 'model-offsets-reversed.safetensors',
              'a tensor whose end comes before its start')

    def offsets_huge(h, b):
        h[last]['data_offsets'] = [0, 18446744073709551615]
    bad_model('model-offsets-2-64.safetensors', edited(offsets_huge), 'model-offsets-2-64.safetensors',
              'an end offset of 2^64 - 1')
    bad_model('model-dtype-f64.safetensors', edited(lambda h, b: h[first].__setitem__('dtype', 'F64')),
              'model-dtype-f64.safetensors', 'a tensor of doubles where floats are expected')
    bad_model('model-dtype-unknown.safetensors', edited(lambda h, b: h[first].__setitem__('dtype', 'Q7')),
              'model-dtype-unknown.safetensors', 'a type no one knows')
    bad_model('model-dtype-number.safetensors', edited(lambda h, b: h[first].__setitem__('dtype', 32)),
              'model-dtype-number.safetensors', 'a type that is a number, not a string')

    def shape_overflow(h, b):
        h[first]['shape'] = [4294967296, 4294967297]
    bad_model('model-shape-overflow.safetensors', edited(shape_overflow), 'model-shape-overflow.safetensors',
              'a shape whose product overflows 64 bits')

    def shape_negative(h, b):
        h[first]['shape'] = [-1, 5]
    bad_model('model-shape-negative.safetensors', edited(shape_negative), 'model-shape-negative.safetensors',
              'a negative dimension')

    def shape_3d(h, b):
        h[first]['shape'] = h[first]['shape'] + [1]
    bad_model('model-shape-3d.safetensors', edited(shape_3d), 'model-shape-3d.safetensors', 'a weight of three dimensions')

    def nan_weight(h, b):
        s = h[first]['data_offsets'][0]
        b[s:s + 4] = struct.pack('<f', float('nan'))
    bad_model('model-nan-weight.safetensors', edited(nan_weight), 'model-nan-weight.safetensors|not a finite number|at byte',
              'a weight that is NaN: refused, never trained or predicted with')

    def inf_weight(h, b):
        s = h[last]['data_offsets'][0]
        b[s:s + 4] = struct.pack('<f', float('-inf'))
    bad_model('model-inf-weight.safetensors', edited(inf_weight), 'model-inf-weight.safetensors|not a finite number|at byte',
              'a weight that is -inf')
    bad_model('model-no-metadata.safetensors', edited(lambda h, b: h.pop('__metadata__') and None),
              'model-no-metadata.safetensors', 'plain PyTorch weights: no feature names or classes to predict with')
    keys = sorted(header['__metadata__'])
    for key in keys[:6]:
        bad_model('model-meta-missing-%s.safetensors' % key.replace('.', '-').replace('_', '-'), meta(key, None),
                  'model-meta-missing-%s.safetensors' % key.replace('.', '-').replace('_', '-'),
                  'the metadata key %s is missing' % key)
    mkeys = header['__metadata__']
    classes_key = next(k for k in mkeys if 'class' in k)
    bad_model('model-meta-classes-number.safetensors', meta(classes_key, '12'), 'model-meta-classes-number.safetensors',
              'the class names are a number, not a list')
    bad_model('model-meta-classes-empty.safetensors', meta(classes_key, '[]'), 'model-meta-classes-empty.safetensors',
              'zero classes')
    bad_model('model-meta-classes-100000.safetensors',
              meta(classes_key, json.dumps(['c%d' % i for i in range(100000)])),
              'model-meta-classes-100000.safetensors', '100,000 class names for a network of fewer outputs')
    bad_model('model-meta-not-string.safetensors',
              edited(lambda h, b: h['__metadata__'].__setitem__(classes_key, ['a', 'b'])),
              'model-meta-not-string.safetensors', 'a metadata value that is a JSON list, not a string '
              '(safetensors metadata holds strings only)')
    bad_model('model-meta-not-object.safetensors', edited(lambda h, b: h.__setitem__('__metadata__', [1])),
              'model-meta-not-object.safetensors', 'metadata that is not an object')
    layers_key = next((k for k in mkeys if 'hidden' in k or 'layers' in k), None)
    if layers_key is not None:
        bad_model('model-meta-layers-disagree.safetensors', meta(layers_key, '[7]'),
                  'model-meta-layers-disagree.safetensors', 'hidden layer sizes that disagree with the tensors')
    bad_model('model-is-a-csv.safetensors', open(os.path.join(DATA, 'train-small.csv'), 'rb').read(),
              'model-is-a-csv.safetensors', 'a CSV file renamed .safetensors')
    bad_model('model-is-gzip.safetensors', gzip.compress(good, mtime=0), 'model-is-gzip.safetensors',
              'a compressed model')

    # Checkpoints: resumed on the data they were saved from.
    resume = 'train {data}/train-small.csv --target grade --epochs 4 --quiet --resume {}'

    def bad_ckpt(name, content, message, what, expect='refuse'):
        add(name, content, resume, expect, 'checkpoint', message, what)

    def cedited(fn):
        h = json.loads(json.dumps(cheader))
        b = bytearray(cbody)
        fn(h, b)
        return pack(h, bytes(b))

    ctensors = sorted((k for k in cheader if k != '__metadata__'), key=lambda k: cheader[k]['data_offsets'][0])
    cmeta = cheader['__metadata__']
    bad_ckpt('checkpoint-sound.safetensors', good_ckpt, '', 'a sound checkpoint (the control)', expect='accept')
    bad_ckpt('checkpoint-empty.safetensors', b'', 'checkpoint-empty.safetensors', 'a 0-byte checkpoint')
    bad_ckpt('checkpoint-cut.safetensors', good_ckpt[:len(good_ckpt) // 2], 'checkpoint-cut.safetensors',
             'a checkpoint cut in half')
    bad_ckpt('checkpoint-model-only.safetensors', good, 'checkpoint-model-only.safetensors',
             'a model file where a checkpoint is expected')

    def drop_state(h, b):
        del h[ctensors[-1]]
    bad_ckpt('checkpoint-missing-tensor.safetensors', cedited(drop_state), 'checkpoint-missing-tensor.safetensors',
             'the optimiser\'s state is missing a tensor')

    def nan_state(h, b):
        s = h['optimizer.m']['data_offsets'][0]
        b[s:s + 4] = struct.pack('<f', float('nan'))
    bad_ckpt('checkpoint-nan-state.safetensors', cedited(nan_state), 'checkpoint-nan-state.safetensors',
             'a NaN in the optimiser\'s state')

    def nan_weight_c(h, b):
        s = h[ctensors[0]]['data_offsets'][0]
        b[s:s + 4] = struct.pack('<f', float('inf'))
    bad_ckpt('checkpoint-inf-weight.safetensors', cedited(nan_weight_c), 'checkpoint-inf-weight.safetensors|not a finite number',
             'an infinite weight')
    for key in sorted(k for k in cmeta if k not in header['__metadata__'])[:6]:
        slug = key.replace('.', '-').replace('_', '-')
        bad_ckpt('checkpoint-missing-%s.safetensors' % slug, cedited(lambda h, b, k=key: h['__metadata__'].pop(k)),
                 'checkpoint-missing-%s.safetensors' % slug, 'the checkpoint key %s is missing' % key)
        bad_ckpt('checkpoint-mistyped-%s.safetensors' % slug,
                 cedited(lambda h, b, k=key: h['__metadata__'].__setitem__(k, '{"x":')),
                 'checkpoint-mistyped-%s.safetensors' % slug, 'the checkpoint key %s holds broken JSON' % key)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name in os.listdir(HERE):
        if name not in ('make-corpus.py', 'MANIFEST.tsv'):
            os.remove(os.path.join(HERE, name))
    csv_corpus()
    model_corpus(sys.argv[1])
    with open(os.path.join(HERE, 'MANIFEST.tsv'), 'w') as f:
        f.write('# file\tcommand\texpect\tstage\tmessage\twhat (written by make-corpus.py)\n')
        for row in rows:
            assert all('\t' not in c and '\n' not in c for c in row), row
            f.write('\t'.join(row) + '\n')


if __name__ == '__main__':
    main()
