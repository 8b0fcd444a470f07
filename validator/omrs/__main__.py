"""``python -m omrs`` runs the command line."""

from omrs.cli import main

main()
