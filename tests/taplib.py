# SPDX-License-Identifier: GPL-3.0-or-later
"""TAP output for the Python tests: one line per check, as it is made, with
the problems a failed check found as comments under it."""
import sys


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, description, problems):
        """A check passes when it found no problems (an empty list)."""
        self.n += 1
        if problems:
            self.failed += 1
            print('not ok %d - %s' % (self.n, description))
            for problem in problems:
                print('# ' + problem)
        else:
            print('ok %d - %s' % (self.n, description))
        sys.stdout.flush()

    def skip_all(self, reason):
        print('1..0 # SKIP ' + reason)
        sys.exit(0)

    def finish(self):
        print('1..%d' % self.n)
        sys.exit(1 if self.failed else 0)
