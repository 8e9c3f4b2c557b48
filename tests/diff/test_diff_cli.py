"""`kygen diff` and `kygen changelog`: formats, exit codes, waivers and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

CONTRACTS = Path(__file__).parents[2] / "contracts"
FIXTURES = Path(__file__).parent / "fixtures"


def kygen(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--contracts", str(CONTRACTS)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], 0),
        (["--fail-on", "breaking"], 1),
        (["--fail-on", "breaking", "--side", "service"], 1),
        (["--fail-on", "breaking", "--side", "client"], 0),
        (["--fail-on", "info", "--side", "client"], 1),
        (["--fail-on", "warning", "--side", "client"], 0),
        (["--fail-on", "never", "--side", "service"], 0),
    ],
)
def test_exit_codes(options: list[str], code: int) -> None:
    exit_code, out, _ = kygen("diff", "kontanthjaelp/2.7", "kontanthjaelp/2.8", *options)
    assert exit_code == code
    assert "enumeration-value-added" in out


def test_json_to_a_file_and_folder_refs(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    code, out, _ = kygen(
        "diff",
        str(CONTRACTS / "kontanthjaelp" / "2.7"),
        str(CONTRACTS / "kontanthjaelp" / "2.8"),
        "--format",
        "json",
        "--output",
        str(target),
    )
    assert (code, out) == (0, "")
    assert json.loads(target.read_text("utf-8"))["changes"][0]["path"] == "TilbudstypeType"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary left


def test_wsdl_refs_outside_the_repository() -> None:
    old = FIXTURES / "facet-tightened" / "old" / "service.wsdl"
    new = FIXTURES / "facet-tightened" / "new" / "service.wsdl"
    code, out, _ = kygen("diff", str(old), str(new), "--format", "github", "--fail-on", "breaking")
    assert code == 1
    assert out.startswith("::error file=") and "/new/types.xsd,line=" in out


def test_waivers_keep_the_change_but_not_the_failure(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waiver]]\nrule = "enumeration-value-added"\npath = "TilbudstypeType"\n'
        'reason = "KY is upgraded before any jobcenter sends the new value"\n'
        '[[waiver]]\nrule = "element-removed"\npath = "Nowhere"\nreason = "stale"\n',
        encoding="utf-8",
    )
    code, out, err = kygen(
        "diff",
        "kontanthjaelp/2.7",
        "kontanthjaelp/2.8",
        "--format",
        "json",
        "--fail-on",
        "breaking",
        "--waivers",
        str(waivers),
    )
    assert code == 0
    data = json.loads(out)
    assert data["changes"][0]["waived"] is True
    assert data["summary"]["service"]["breaking"] == 0
    assert "waiver element-removed Nowhere matches no change" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[waiver]]\nrule = "no-such-rule"\npath = "X"\nreason = "r"\n', "unknown rule"),
        ('[[waiver]]\nrule = "type-added"\npath = "X"\n', "needs exactly the keys"),
        ("[[waiver]\n", "not valid TOML"),
    ],
)
def test_bad_waivers_exit_2_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    waivers = tmp_path / "w.toml"
    waivers.write_text(content, encoding="utf-8")
    code, _, err = kygen(
        "diff", "kontanthjaelp/2.7", "kontanthjaelp/2.8", "--waivers", str(waivers)
    )
    assert code == 2 and message in err and "w.toml" in err


def test_bad_input_exits_2_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wsdl"
    broken.write_text('<?xml version="1.0"?>\n<definitions>\n  <oops>\n</definitions>\n', "utf-8")
    code, _, err = kygen("diff", "kontanthjaelp/2.7", str(broken))
    assert code == 2
    assert "broken.wsdl:" in err
    code, _, err = kygen("diff", "kontanthjaelp/2.7", "kontanthjaelp/9.9")
    assert code == 2 and "unknown contract" in err
    code, _, _ = kygen("diff", "kontanthjaelp/2.7", "kontanthjaelp/2.8", "--format", "pdf")
    assert code == 2


def test_changelog_command() -> None:
    code, out, _ = kygen("changelog", "kontanthjaelp")
    assert code == 0
    assert out.startswith("# Changelog: kontanthjaelp\n")
    assert "## kontanthjaelp 2.7 → 2.8" in out and "OpkvalificeringVedAnsaettelse" in out
    code, _, err = kygen("changelog", "nosuchservice")
    assert code == 2 and "nosuchservice" in err
