"""`python -m board`: the command line (board.cli)."""

import sys

from board.cli import main

if __name__ == "__main__":
    sys.exit(main())
