"""The `kygen` command line: parses options and calls one pipeline function per command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import contracts, ir, reader
from generator.errors import KygenError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONTRACTS = Path("contracts")


def friendly_errors(func: F) -> F:
    """Print KygenError as one line and exit 2; tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KygenError as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            click.echo(f"kygen: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


contracts_option = click.option(
    "--contracts",
    "contracts_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONTRACTS,
    show_default=True,
    help="Folder with <service>/<version>/contract.toml.",
)


@click.group()
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.version_option(package_name="ky-codegen")
def main(debug: bool) -> None:
    """ky-codegen: typed, validated SDKs and change reports for Serviceplatformen contracts."""


@main.command("ir")
@click.argument("ref")
@contracts_option
@click.option(
    "--json", "as_json", is_flag=True, default=True, help="Print the IR as JSON (default)."
)
@friendly_errors
def ir_command(ref: str, contracts_dir: Path, as_json: bool) -> None:
    """Print the intermediate model of contract REF (service/version, folder or WSDL)."""
    contract = reader.read(contracts.resolve(ref, contracts_dir))
    sys.stdout.write(ir.to_json(contract))
