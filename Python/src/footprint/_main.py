"""The ``footprint`` console script: runs the binary that came with the package, as if it had been called."""

import os
import sys


def main() -> int:
    """Replaces this process with the bundled binary (``os.execv``), so that signals, exit codes and the
    terminal are the binary's own; 127 with a message when there is none."""
    from ._binary import find, missing_message, not_started_message

    binary = find()
    if binary is None:
        sys.stderr.write(missing_message() + "\n")
        return 127
    try:
        os.execv(binary, ["footprint", *sys.argv[1:]])
    except OSError as error:
        sys.stderr.write(not_started_message(binary, error) + "\n")
        return 126


if __name__ == "__main__":
    sys.exit(main())
