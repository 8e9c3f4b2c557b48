"""`python -m generator` is `kygen`."""

from generator.cli import main

main()
