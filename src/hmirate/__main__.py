"""``python -m hmirate`` and the ``hmirate`` script: the command line (:data:`hmirate.cli.main`), with the
garbage collector tuned for a short run.

A run allocates mostly objects that live until it ends (the modules and classes of click, pandas, pyarrow,
pydantic and rich, several hundred thousand of them), while its data sits in Arrow and NumPy buffers the
collector never sees. So collections are rarer (every 200,000 allocations, not 700: cycles are still
collected), set before anything else is imported, and when the command is done every object still alive
is frozen out of the collector's reach (``gc.freeze``), so the interpreter's last collections on the way
out do not walk them all. On the bundled sample that is about a fifth of the run (``benchmarks/README.md``).
Nothing else changes: output is flushed, exit handlers run, and objects are freed as usual. Tests invoke
:data:`hmirate.cli.main` and keep Python's defaults.
"""

import gc

GC_THRESHOLD = 200_000
"""Allocations between two collections of the youngest generation during a command (Python's default: 700)."""


def run() -> None:
    gc.set_threshold(GC_THRESHOLD, 10, 10)
    from hmirate.cli import main

    try:
        main(prog_name="hmirate")
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
