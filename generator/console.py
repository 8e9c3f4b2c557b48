"""The `kygen` console script: the command line imported with the cycle collector paused."""

import gc


def main() -> None:
    # Importing the command line creates tens of thousands of long-lived objects (xsdata's
    # models, jinja2, click, the IR's classes) and no garbage; the collector scanning them while
    # they are made was ~20 ms of a 0.45 s `kygen generate`. Frozen, later collections skip them.
    gc.disable()
    try:
        from generator.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    run()
