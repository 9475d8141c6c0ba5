"""``python -m hmirate`` runs the same command line as the ``hmirate`` script."""

from hmirate.cli import run

run()
