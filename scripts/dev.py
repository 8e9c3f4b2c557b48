"""Set up the project's virtual environment, then run the main job or the tests.

    python3 scripts/dev.py generate   # every SDK and change report from contracts/
    python3 scripts/dev.py test       # the whole test suite (extra arguments go to pytest)
    python3 scripts/dev.py kygen ...  # any kygen command inside the environment

Needs only Python 3.11+ and access to the package registry. The environment lives in
`.venv/` and is reinstalled when `pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".kygen-installed"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under whatever python3 the user has
        sys.exit(f"ky-codegen needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not (BIN / "python").exists():
        print(f"creating {VENV.relative_to(ROOT)}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing ky-codegen with its dev tools into .venv/ ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check"]
    for step in (
        ["install", "--quiet", "--upgrade", "pip"],
        ["install", "--quiet", "-e", f"{ROOT}[dev]"],
    ):
        if subprocess.run([*pip, *step]).returncode != 0:
            sys.exit(f"dev.py: 'pip {' '.join(step)}' failed; see the messages above")
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("generate", "test", "kygen"):
        print(__doc__)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    if command == "generate":
        args = [str(BIN / "kygen"), "generate", *rest]
    elif command == "kygen":
        args = [str(BIN / "kygen"), *rest]
    else:
        args = [str(BIN / "python"), "-m", "pytest", *rest]
    return subprocess.run(args, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
