"""`python -m board`: the command line (board.cli)."""

import gc
import sys

# Start-up makes some 45,000 objects that live as long as the process, and the
# collector's passes over them while they are made are wasted (a tenth of the server's
# CPU before its first health answer, issue 24, item 4). Collections resume when a
# command starts (board.cli.main), or for the server once it is built
# (board.web.collector.start: one collection, then start-up's objects frozen).
gc.disable()

from board.cli import main  # noqa: E402 (after the collector is paused)

if __name__ == "__main__":
    sys.exit(main())
