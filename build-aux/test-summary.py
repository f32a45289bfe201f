#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints one closing line, 'N passed, N failed' (', N skipped' after it), from
meson's test logs.

usage: build-aux/test-summary.py BUILD/meson-logs/testlog*.json [...]

A test that printed TAP counts once per TAP result, so the line reports the
individual checks rather than the test programs. The exit status is 1 when
anything failed or nothing ran.
"""
import json
import re
import sys

ok_re = re.compile(r'^(not )?ok \d+\b(.*)$')
passed = failed = skipped = 0

for path in sys.argv[1:]:
    try:
        with open(path, encoding='utf-8') as f:
            lines = [line for line in f if line.strip()]
    except OSError as e:
        print(f'test-summary: {e}', file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        test = json.loads(line)
        result = test.get('result')
        tap = [m for m in (ok_re.match(l) for l in (test.get('stdout') or '').splitlines()) if m]
        if result in ('OK', 'EXPECTEDFAIL', 'SKIP') and tap:
            for m in tap:
                note = m.group(2).upper()
                if m.group(1) and '# TODO' not in note:
                    failed += 1
                elif '# SKIP' in note or '# TODO' in note:
                    skipped += 1
                else:
                    passed += 1
        elif result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1

print(f'{passed} passed, {failed} failed, {skipped} skipped')
sys.exit(1 if failed or passed == 0 else 0)
