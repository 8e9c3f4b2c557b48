"""Every format: deterministic bytes, escaped contract text, and the documented shapes."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from generator.diff import FORMATS, RenderOptions, Report, changelog, diff, render, render_reports
from generator.diff.model import Change, ContractInfo
from generator.ir import Contract, Location

SCHEMA = Path(__file__).parents[2] / "docs" / "diff-report.schema.json"
HOSTILE = '<script>alert("x")</script> | *star* _under_ [link](http://evil) `tick` &amp; \\ # ~x~'
ReadPair = Callable[[str], tuple[Contract, Contract]]


def hostile_report() -> Report:
    """Contract text is not trusted: names, values and docs may hold markup."""
    info = ContractInfo("svc<b>", "1|2", "x.wsdl", None)
    change = Change(
        rule="documentation-changed",
        path="Type<i>/El|em",
        message=f"Documentation of {HOSTILE} changed.",
        old=HOSTILE,
        new="new\nline %0A, comma: colon",
        operations=("Op<1>",),
        direction="request",
        client="info",
        service="info",
        old_location=Location("a b/<x>.xsd", 3),
        new_location=Location("a,b:c.xsd", 4),
        fingerprint="0123456789abcdef",
        waiver="accepted <because> *reasons*",
    )
    breaking = Change(
        "type-changed",
        "T",
        "Type of T changed.",
        "A",
        "B",
        ("Op<1>",),
        "request",
        "breaking",
        "info",
        None,
        None,
        "fedcba9876543210",
    )
    return Report(info, info, (breaking, change))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_deterministic(fmt: str, ky: tuple[Contract, Contract]) -> None:
    first = render(diff(*ky), fmt, RenderOptions(fail_on="warning"))
    second = render(diff(*ky), fmt, RenderOptions(fail_on="warning"))
    assert first == second and first.endswith(b"\n")


def test_render_reports_gives_md_json_html(ky: tuple[Contract, Contract]) -> None:
    reports = render_reports(*ky)
    assert sorted(reports) == ["html", "json", "md"]
    assert reports == render_reports(*ky)
    assert json.loads(reports["json"])["summary"]["service"]["breaking"] == 1


# -- Markdown ---------------------------------------------------------------------------------


def _commonmark(text: str) -> tuple[str, list[Any]]:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    inline = [child for t in tokens for child in (t.children or [])]
    return md.render(text), [*tokens, *inline]


def test_md_is_commonmark_with_a_summary_and_one_table_per_operation(
    ky: tuple[Contract, Contract],
) -> None:
    html, tokens = _commonmark(render(diff(*ky), "md").decode())
    assert html.count("<table>") == 2  # summary, then the Aktivitet group
    assert "<h2>Aktivitet</h2>" in html
    assert "<td><code>TilbudstypeType</code></td>" in html
    assert "<strong>breaking</strong>" in html
    assert not [t for t in tokens if t.type.startswith("html")]


def test_md_escapes_contract_text() -> None:
    text = render(hostile_report(), "md").decode()
    html, tokens = _commonmark(text)
    kinds = [t.type for t in tokens]
    assert not set(kinds) & {"html_inline", "html_block", "link_open", "s_open"}
    assert kinds.count("em_open") == 3  # *client*, *service*, the waiver; none from the contract
    assert "&lt;script&gt;" in html and "<script>" not in html
    cells = [unescape(c) for c in re.findall(r"<td>(.*?)</td>", html)]
    assert f"Documentation of {HOSTILE} changed." in " ".join(cells)
    assert html.count("<tr>") == 3 + 3  # summary: head + 2 sides; Op<1>: head + 2 changes


def test_md_groups_breaking_first() -> None:
    text = render(hostile_report(), "md").decode()
    assert text.index("Type of T changed") < text.index("Documentation of")


# -- JSON ---------------------------------------------------------------------------------------


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> None:
    """The JSON Schema subset docs/diff-report.schema.json uses; jsonschema is optional."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        _validate(value, root["$defs"][name], root, at)
    types = schema.get("type")
    if types is not None:
        names = {
            "object": dict,
            "array": list,
            "string": str,
            "boolean": bool,
            "null": type(None),
        }
        allowed = [types] if isinstance(types, str) else types
        ok = any(
            (
                (isinstance(value, int) and not isinstance(value, bool))
                if t == "integer"
                else isinstance(value, names[t])
            )
            for t in allowed
        )
        assert ok, f"{at}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{at}: {value!r} not in {schema['enum']}"
    if isinstance(value, str) and "pattern" in schema:
        assert re.search(schema["pattern"], value), f"{at}: {value!r} !~ {schema['pattern']}"
    if isinstance(value, int) and "minimum" in schema:
        assert value >= schema["minimum"], at
    if isinstance(value, dict):
        assert set(schema.get("required", [])) <= set(value), f"{at}: missing keys"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(props), f"{at}: extra keys {set(value) - set(props)}"
        for key, sub in props.items():
            if key in value:
                _validate(value[key], sub, root, f"{at}.{key}")
    if isinstance(value, list):
        if schema.get("uniqueItems"):
            assert len(value) == len({json.dumps(v) for v in value}), at
        for n, item in enumerate(value):
            _validate(item, schema.get("items", {}), root, f"{at}[{n}]")


def validate_report(data: Any) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    if importlib.util.find_spec("jsonschema") is not None:
        import jsonschema  # type: ignore[import-untyped]

        jsonschema.validate(data, schema)
    _validate(data, schema, schema)


def test_json_matches_its_schema(ky: tuple[Contract, Contract], read_pair: ReadPair) -> None:
    validate_report(json.loads(render(diff(*ky), "json")))
    validate_report(json.loads(render(hostile_report(), "json")))
    validate_report(json.loads(render(diff(*read_pair("operation-removed")), "json")))


def test_the_validator_rejects_what_the_schema_forbids(ky: tuple[Contract, Contract]) -> None:
    data = json.loads(render(diff(*ky), "json"))
    data["changes"][0]["client"] = "fatal"
    with pytest.raises(AssertionError):
        validate_report(data)
    data = json.loads(render(diff(*ky), "json"))
    data["changes"][0]["extra"] = 1
    with pytest.raises(AssertionError):
        validate_report(data)


def test_json_has_the_issue_shape(ky: tuple[Contract, Contract]) -> None:
    data = json.loads(render(diff(*ky), "json"))
    assert list(data) == ["old", "new", "summary", "changes"]
    assert data["summary"] == {
        "client": {"breaking": 0, "warning": 0, "info": 1},
        "service": {"breaking": 1, "warning": 0, "info": 0},
    }
    assert list(data["changes"][0]) == [
        "rule",
        "path",
        "message",
        "old",
        "new",
        "operations",
        "direction",
        "client",
        "service",
        "location",
        "fingerprint",
        "waived",
    ]


# -- HTML, JUnit, GitHub, text ----------------------------------------------------------------------


def test_html_is_self_contained_and_escaped() -> None:
    page = render(hostile_report(), "html").decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", page)
    assert page.count("<script>") == 1  # the filter, inline


def test_junit_fails_what_the_exit_code_fails(ky: tuple[Contract, Contract]) -> None:
    report = diff(*ky)
    service = ET.fromstring(render(report, "junit", RenderOptions("service", "breaking")))
    client = ET.fromstring(render(report, "junit", RenderOptions("client", "breaking")))
    assert service.get("failures") == "1" and client.get("failures") == "0"
    case = service.find("testsuite/testcase")
    assert case is not None
    assert case.get("classname") == "kygen.diff.enumeration-value-added"
    assert case.get("name") == "TilbudstypeType"
    hostile = ET.fromstring(render(hostile_report(), "junit"))
    assert hostile.get("skipped") == "1"


def test_github_annotations_point_at_the_file_and_escape_data(
    ky: tuple[Contract, Contract],
) -> None:
    options = RenderOptions("service", new_root="contracts/kontanthjaelp/2.8")
    (line,) = render(diff(*ky), "github", options).decode().splitlines()
    assert line.startswith(
        "::error file=contracts/kontanthjaelp/2.8/xsd/KontanthjaelpServiceTypes.xsd,line="
    )
    assert line.endswith("(used by AktivitetType/Tilbudstype).")
    lines = render(hostile_report(), "github").decode().splitlines()
    assert lines[0].startswith("::error title=type-changed T::client breaking, service info:")
    assert lines[1].startswith("::notice file=a%2Cb%3Ac.xsd,line=4,title=")
    assert len(lines) == 2 and "\n" not in lines[1]


def test_text_lists_each_change(ky: tuple[Contract, Contract]) -> None:
    text = render(diff(*ky), "text").decode()
    assert "BREAKING  enumeration-value-added  TilbudstypeType" in text
    assert "client: info  service: breaking  (request: Aktivitet)" in text


# -- changelog ------------------------------------------------------------------------------------


def test_changelog_has_one_section_per_step_breaking_first(
    ky: tuple[Contract, Contract], read_pair: ReadPair
) -> None:
    text = changelog([ky[0], ky[1], ky[0]])
    assert text.index("## kontanthjaelp 2.7 → 2.8") < text.index("## kontanthjaelp 2.8 → 2.7")
    assert text.count("### Breaking changes") == 2
    old, new = read_pair("documentation-changed")
    doc_only = changelog([old, new])
    assert "### Other changes" in doc_only and "### Breaking" not in doc_only
    html, tokens = _commonmark(text)
    assert not [t for t in tokens if t.type.startswith("html")]
    assert changelog([ky[0]]).count("##") == 0
