"""`python -m generator` is `kygen`."""

from generator.console import main

main()
