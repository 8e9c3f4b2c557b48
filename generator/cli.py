"""The `kygen` command line: parses options and calls one pipeline function per command."""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from lxml import etree

from generator import contracts, emit, files, ir, locations, progress, reader, sdk_import
from generator.errors import KygenError, UsageError

if TYPE_CHECKING:
    from generator.diff.model import FailOn, SideChoice

# The other commands' modules (diff, release, samples, selftest, serve with the token stack,
# message_validation) are imported by the command that runs them: `kygen generate` is run
# far more often, and they were a fifth of its start-up.

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONTRACTS = Path("contracts")


def schema_options(func: F) -> F:
    """``--schema-map URL=PATH`` and ``--catalog FILE``: local copies of remote schemas."""
    func = click.option(
        "--catalog",
        "catalogs",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="OASIS XML catalog mapping schema URLs to local files (repeatable).",
    )(func)
    return click.option(
        "--schema-map",
        "schema_maps",
        multiple=True,
        metavar="URL=PATH",
        help="Read the schema at URL from the local file PATH; never downloaded (repeatable).",
    )(func)


def _with_schemas(
    sources: list[contracts.ContractSource], maps: tuple[str, ...], catalogs: tuple[Path, ...]
) -> list[contracts.ContractSource]:
    user = locations.schema_map(maps, catalogs)
    return [dataclasses.replace(s, schemas=user) for s in sources]


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
        except Exception as exc:  # noqa: BLE001 - a contract never gives a traceback
            if click.get_current_context().find_root().params.get("debug"):
                raise
            subject = kwargs.get("wsdl") or kwargs.get("ref") or kwargs.get("folder")
            subject = subject or " ".join(kwargs.get("refs") or ()) or "kygen"
            click.echo(
                f"kygen: error: {subject}: cannot process this contract "
                f"({type(exc).__name__}: {exc}); --debug shows where",
                err=True,
            )
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


contracts_option = click.option(
    "--contracts",
    "contracts_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONTRACTS,
    show_default=True,
    help="Folder with <service>/<version>/contract.toml.",
)


class _Kygen(click.Group):
    """The command group; ``--debug`` is accepted anywhere before a ``--``, not only first."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            args = ["--debug"] + [a for a in args[:end] if a != "--debug"] + args[end:]
        return super().parse_args(ctx, args)


@click.group(cls=_Kygen)
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors (anywhere).")
@click.version_option(package_name="ky-codegen")
def main(debug: bool) -> None:
    """ky-codegen: typed, validated SDKs and change reports for Serviceplatformen contracts."""


@main.command("ir")
@click.argument("ref")
@contracts_option
@schema_options
@friendly_errors
def ir_command(
    ref: str,
    contracts_dir: Path,
    schema_maps: tuple[str, ...],
    catalogs: tuple[Path, ...],
) -> None:
    """Print the intermediate model of contract REF (service/version, folder or WSDL) as JSON."""
    [source] = _with_schemas([contracts.resolve(ref, contracts_dir)], schema_maps, catalogs)
    contract = reader.read(source)
    sys.stdout.write(ir.to_json(contract))


# -- SDK generation (generator/emit) ------------------------------------------------------------

DEFAULT_OUT = Path("generated")


def out_option(default: Path, help: str) -> Callable[[F], F]:
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=default,
        show_default=True,
        help=help,
    )


@main.command("generate")
@click.argument("refs", nargs=-1)
@contracts_option
@out_option(DEFAULT_OUT, "Output folder (one folder per SDK, plus reports/).")
@click.option(
    "--wsdl",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Generate from this bare WSDL (no contract.toml) instead; needs --package.",
)
@click.option("--package", help="Import name of the SDK package (with --wsdl).")
@click.option(
    "--prune",
    is_flag=True,
    help="Also delete output this run does not produce (other versions, old reports).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="List every file added, updated or removed.")
@click.option(
    "--contract-folder",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help=(
        "With --wsdl: the folder its imports must stay inside (default: the contract.toml or"
        " KOMBIT package folder around it, else the WSDL's folder)."
    ),
)
@schema_options
@friendly_errors
def generate_command(
    refs: tuple[str, ...],
    contracts_dir: Path,
    out_dir: Path,
    wsdl: Path | None,
    package: str | None,
    prune: bool,
    quiet: bool,
    verbose: bool,
    contract_folder: Path | None,
    schema_maps: tuple[str, ...],
    catalogs: tuple[Path, ...],
) -> None:
    """Generate the SDK of every contract version under --contracts (or of REFs, e.g.
    kontanthjaelp/2.8: each SDK then holds just the versions given). Only files whose bytes
    change are written; output of versions not generated stays unless --prune."""
    if wsdl is not None:
        if refs or not package:
            raise UsageError("--wsdl takes --package NAME and no REF")
        sources = _with_schemas(
            [contracts.from_wsdl(wsdl, folder=contract_folder)], schema_maps, catalogs
        )
    else:
        sources = _with_schemas(_sources(refs, contracts_dir), schema_maps, catalogs)
    services = len({s.service for s in sources})
    with progress.bar(services, "generating", enabled=not quiet) as step:
        changes = emit.generate(
            sources, out_dir, package=package, flat=wsdl is not None, prune=prune, step=step
        )
    if not quiet:
        for line in progress.change_lines(changes, out_dir, verbose=verbose):
            click.echo(line, err=True)


@main.command("check")
@contracts_option
@out_option(DEFAULT_OUT, "The generated folder to check.")
@friendly_errors
def check_command(contracts_dir: Path, out_dir: Path) -> None:
    """Exit 1 and list the stale files when --out differs from a fresh generation."""
    stale = emit.check(contracts.discover(contracts_dir), out_dir)
    if stale:
        click.echo(
            f"kygen: {len(stale)} generated file(s) are stale; run 'kygen generate --prune':",
            err=True,
        )
        for path in stale:
            click.echo(f"  {out_dir / path}")
        sys.exit(1)
    click.echo(f"kygen: {out_dir} is up to date", err=True)


@main.command("sample")
@click.argument("ref")
@click.argument("operation")
@contracts_option
@click.option("--response", is_flag=True, help="A sample response instead of a request.")
@click.option("--envelope", is_flag=True, help="Wrapped in a SOAP 1.1 envelope.")
@click.option(
    "--pretty", is_flag=True, help="Indented, one element a line (the same document to a schema)."
)
@friendly_errors
def sample_command(
    ref: str, operation: str, contracts_dir: Path, response: bool, envelope: bool, pretty: bool
) -> None:
    """Print a realistic, schema-valid sample request (or response) of OPERATION."""
    from generator import samples

    try:
        data = samples.sample_document(
            contracts.resolve(ref, contracts_dir), operation, response=response, envelope=envelope
        )
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    if pretty:
        # libxml2 indents only between elements with no text between them: the same content.
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        body = etree.tostring(tree, encoding="UTF-8", pretty_print=True)
        data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.rstrip(b"\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(data + b"\n")
    sys.stdout.buffer.flush()


def _sources(refs: tuple[str, ...], contracts_dir: Path) -> list[contracts.ContractSource]:
    if not refs:
        return contracts.discover(contracts_dir)
    return contracts.ordered([contracts.resolve(ref, contracts_dir) for ref in refs])


@main.command("build")
@click.argument("refs", nargs=-1)
@contracts_option
@out_option(Path("dist"), "Folder for the wheels and sdists.")
@friendly_errors
def build_command(refs: tuple[str, ...], contracts_dir: Path, out_dir: Path) -> None:
    """Build a wheel and an sdist of the SDK of every contract version (or of REFs),
    reproducibly: the same contracts give the same bytes (SOURCE_DATE_EPOCH)."""
    from generator import release

    for artifact in release.build(_sources(refs, contracts_dir), out_dir):
        click.echo(str(artifact))


# -- contract change reports (generator/diff) ---------------------------------------------------


@main.command("diff")
@click.argument("old")
@click.argument("new")
@contracts_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json", "html", "junit", "github"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report here instead of to stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning", "info", "never"]),
    default="never",
    show_default=True,
    help="Exit 1 when an unwaived change on --side is at or above this level.",
)
@click.option(
    "--side",
    type=click.Choice(["client", "service", "both"]),
    default="both",
    show_default=True,
    help="client: old client, new service; service: old service, new clients.",
)
@click.option(
    "--waivers",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="TOML file of [[waiver]] rule/path/reason entries.",
)
@friendly_errors
def diff_command(
    old: str,
    new: str,
    contracts_dir: Path,
    fmt: str,
    output: Path | None,
    fail_on: FailOn,
    side: SideChoice,
    waivers: Path | None,
) -> None:
    """Report what changed from contract OLD to NEW (service/version, folder or WSDL), and
    whom it breaks. Exit 1 when --fail-on is reached, 2 on bad input."""
    from generator.diff import RenderOptions, pipeline, render

    run = pipeline.run_diff(old, new, contracts_dir, waivers)
    for waiver in run.unused_waivers:
        click.echo(f"kygen: note: waiver {waiver.rule} {waiver.path} matches no change", err=True)
    options = RenderOptions(side, fail_on, run.old_root, run.new_root)
    data = render(run.report, fmt, options)
    if output is not None:
        files.write_atomic(output, data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    sys.exit(1 if run.report.fails(side, fail_on) else 0)


@main.command("changelog")
@click.argument("service")
@contracts_option
@friendly_errors
def changelog_command(service: str, contracts_dir: Path) -> None:
    """Print a Markdown changelog over every version of SERVICE, oldest step first."""
    from generator.diff import pipeline

    sys.stdout.write(pipeline.run_changelog(service, contracts_dir))


PEM_FILE = click.Path(path_type=Path, dir_okay=False, exists=True)


@main.command("serve-mock")
@click.argument("ref")
@contracts_option
@click.option(
    "--generated",
    "generated_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=sdk_import.DEFAULT_GENERATED,
    show_default=True,
    help="Folder the SDKs were generated into.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--tls-cert", type=PEM_FILE, help="Server certificate (PEM); serve HTTPS.")
@click.option("--tls-key", type=PEM_FILE, help="The server certificate's private key (PEM).")
@click.option(
    "--client-ca",
    type=PEM_FILE,
    help="Require client certificates issued by this CA (PEM), as Serviceplatformen does.",
)
@click.option(
    "--security",
    type=click.Choice(["context", "token"]),
    default="context",
    show_default=True,
    help="token: check OIO-IDWS (STS token, signature, Timestamp, replay) and sign answers.",
)
@click.option("--sts-cert", type=PEM_FILE, help="--security token: the STS's certificate (PEM).")
@click.option("--service-cert", type=PEM_FILE, help="--security token: signs answers (PEM).")
@click.option("--service-key", type=PEM_FILE, help="--security token: its private key (PEM).")
@friendly_errors
def serve_mock_command(
    ref: str,
    contracts_dir: Path,
    generated_dir: Path,
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    client_ca: Path | None,
    security: str,
    sts_cert: Path | None,
    service_cert: Path | None,
    service_key: Path | None,
) -> None:
    """Serve the generated mock of KY for contract REF; one log line per request, Ctrl-C stops."""
    from generator import serve

    token = None
    if security == "token":
        if sts_cert is None or service_cert is None or service_key is None:
            raise UsageError("--security token needs --sts-cert, --service-cert and --service-key")
        token = serve.TokenSecurity(sts_cert, service_cert, service_key)
    serve.serve_mock(
        ref,
        host=host,
        port=port,
        tls_cert=tls_cert,
        tls_key=tls_key,
        client_ca=client_ca,
        contracts_dir=contracts_dir,
        generated_dir=generated_dir,
        announce=lambda line: click.echo(line, err=True),
        security=token,
    )


@main.command("serve-sts")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8443, show_default=True, type=click.IntRange(0, 65535))
@click.option("--tls-cert", type=PEM_FILE, required=True, help="Server certificate (PEM).")
@click.option("--tls-key", type=PEM_FILE, required=True, help="Its private key (PEM).")
@click.option("--sts-cert", type=PEM_FILE, required=True, help="The STS's signing certificate.")
@click.option("--sts-key", type=PEM_FILE, required=True, help="Its private key (PEM).")
@friendly_errors
def serve_sts_command(
    host: str, port: int, tls_cert: Path, tls_key: Path, sts_cert: Path, sts_key: Path
) -> None:
    """A local STS (WS-Trust Issue): holder-of-key SAML tokens, signed with --sts-key, for the
    CVR and EntityId asked, to whoever signs the request with the certificate it names."""
    from generator import serve

    serve.serve_sts(
        host=host,
        port=port,
        tls_cert=tls_cert,
        tls_key=tls_key,
        sts_cert=sts_cert,
        sts_key=sts_key,
        announce=lambda line: click.echo(line, err=True),
    )


@main.command("validate")
@click.argument("ref")
@click.argument("files", nargs=-1, required=True)
@contracts_option
@click.option(
    "--generated",
    "generated_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=sdk_import.DEFAULT_GENERATED,
    show_default=True,
    help="Folder the SDKs were generated into.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="One line per issue and a summary, or a JSON document.",
)
@friendly_errors
def validate_command(
    ref: str, files: tuple[str, ...], contracts_dir: Path, generated_dir: Path, output_format: str
) -> None:
    """Validate message FILES (documents or SOAP envelopes; - for stdin) against contract REF.

    Exit 0 when all are valid, 1 when any is invalid, 2 when any cannot be read or is unsafe
    (DOCTYPE, entities) or REF is unknown.
    """
    from generator import message_validation

    report = message_validation.validate_files(ref, files, contracts_dir, generated_dir)
    if output_format == "json":
        sys.stdout.write(message_validation.as_json(report))
    else:
        for line in message_validation.text_lines(report):
            click.echo(line)
    sys.exit(report.exit_code)


@main.command("selftest")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--quiet", is_flag=True, help="Print only the totals line.")
@schema_options
@friendly_errors
def selftest_command(
    folder: Path, quiet: bool, schema_maps: tuple[str, ...], catalogs: tuple[Path, ...]
) -> None:
    """Generate, import and exercise an SDK for every WSDL under FOLDER.

    Per operation, sample requests, responses and faults must be valid against the contract's
    own XSDs, round-trip through the generated to_xml/from_xml (equal object, identical
    bytes) and pass the generated validator. Exit 1 when anything failed.
    """
    from generator import selftest

    wsdls = selftest.wsdl_files(folder)
    if not wsdls:
        raise UsageError(f"no WSDL (*.wsdl) under '{folder}': nothing to test")
    with progress.bar(len(wsdls), "selftest") as step:
        report = selftest.run(
            folder,
            progress=lambda result: step(),
            schemas=locations.schema_map(schema_maps, catalogs),
        )
    lines = selftest.table(report)
    for line in lines[-1:] if quiet else lines:
        click.echo(line)
    sys.exit(0 if report.ok else 1)
