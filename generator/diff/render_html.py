"""One self-contained HTML page: the Markdown's content, filterable by side and level.

No external assets (a Content-Security-Policy forbids them); every contract text is escaped.
The filter state lives in the URL fragment, e.g. ``#side=service&level=breaking``.
"""

from __future__ import annotations

from html import escape

from generator.diff.grouping import by_operation, count, scope, where
from generator.diff.model import LEVELS, SIDES, Change, RenderOptions, Report
from generator.diff.render_md import SIDE_MEANING

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem;
  color: #1b1f24; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
table.summary { width: auto; }
table.summary td { text-align: right; }
code { font: 13px ui-monospace, monospace; overflow-wrap: break-word; }
code.value { overflow-wrap: anywhere; }
.breaking { background: #ffebe9; font-weight: 600; }
.warning { background: #fff8c5; }
.info { color: #57606a; }
tr.waived td { text-decoration: line-through; opacity: .7; }
form { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0; }
fieldset { border: 1px solid #d0d7de; padding: .2rem .6rem; }
output { font-weight: 600; }
"""

SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  var levels = ['breaking', 'warning', 'info'];
  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.has('side')) { form.elements.side.value = params.get('side'); }
    if (params.has('level')) {
      var wanted = params.get('level').split(',');
      levels.forEach(function (l) { form.elements[l].checked = wanted.indexOf(l) >= 0; });
    }
    if (params.has('waived')) { form.elements.waived.checked = params.get('waived') !== '0'; }
  }
  function apply() {
    var side = form.elements.side.value;
    var chosen = levels.filter(function (l) { return form.elements[l].checked; });
    var showWaived = form.elements.waived.checked;
    var shown = {}, total = {};
    document.querySelectorAll('tr.change').forEach(function (row) {
      var rowLevels = side === 'both' ? [row.dataset.client, row.dataset.service]
                                      : [row.dataset[side]];
      var visible = rowLevels.some(function (l) { return chosen.indexOf(l) >= 0; }) &&
                    (showWaived || row.dataset.waived === 'false');
      row.hidden = !visible;
      total[row.dataset.fingerprint] = true;
      if (visible) { shown[row.dataset.fingerprint] = true; }
    });
    document.querySelectorAll('section.operation').forEach(function (section) {
      section.hidden = !section.querySelector('tr.change:not([hidden])');
    });
    document.getElementById('shown').textContent =
      Object.keys(shown).length + ' of ' + Object.keys(total).length + ' changes shown';
    var hash = 'side=' + side + '&level=' + chosen.join(',') + (showWaived ? '' : '&waived=0');
    try { history.replaceState(null, '', '#' + hash); } catch (e) { /* file: URLs may refuse */ }
  }
  readHash();
  form.addEventListener('change', apply);
  apply();
})();
"""


def render_html(report: Report, options: RenderOptions) -> bytes:
    title = f"Contract changes: {report.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        *_summary(report),
        *_filters(),
    ]
    if not report.changes:
        parts.append("<p>No changes.</p>")
    for name, changes in by_operation(report):
        parts += [
            f'<section class="operation" data-operation="{escape(name)}">',
            f"<h2>{escape(name)}</h2>",
            '<table class="changes">',
            "<thead><tr><th>client</th><th>service</th><th>rule</th><th>path</th>"
            "<th>change</th><th>old</th><th>new</th><th>where</th></tr></thead>",
            "<tbody>",
            *(_row(c) for c in changes),
            "</tbody>",
            "</table>",
            "</section>",
        ]
    parts += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _summary(report: Report) -> list[str]:
    summary = report.summary()
    head = "".join(f"<th>{lv}</th>" for lv in LEVELS)
    rows = [
        f'<tr><th title="{escape(SIDE_MEANING[side])}">{side}</th>'
        + "".join(f"<td>{summary[side][lv]}</td>" for lv in LEVELS)
        + "</tr>"
        for side in SIDES
    ]
    meanings = "; ".join(f"<em>{side}</em>: {escape(SIDE_MEANING[side])}" for side in SIDES)
    waived = sum(1 for c in report.changes if c.waived)
    note = count(len(report.changes)) + (f", {waived} waived (not counted above)" if waived else "")
    return [
        f'<table class="summary"><thead><tr><th>side</th>{head}</tr></thead>',
        f"<tbody>{''.join(rows)}</tbody></table>",
        f"<p>{note}. {meanings}.</p>",
    ]


def _filters() -> list[str]:
    sides = "".join(
        f'<label><input type="radio" name="side" value="{s}"{" checked" if s == "both" else ""}>'
        f" {s}</label> "
        for s in ("both", *SIDES)
    )
    levels = "".join(
        f'<label><input type="checkbox" name="{lv}" checked> {lv}</label> ' for lv in LEVELS
    )
    return [
        '<form id="filters">',
        f"<fieldset><legend>Side</legend>{sides}</fieldset>",
        f"<fieldset><legend>Level</legend>{levels}</fieldset>",
        '<label><input type="checkbox" name="waived" checked> show waived</label>',
        '<output id="shown"></output>',
        "</form>",
    ]


def _row(c: Change) -> str:
    message = escape(c.message) + (f" <em>Waived: {escape(c.waiver)}</em>" if c.waiver else "")
    cells = [
        f'<td class="{c.client}">{c.client}</td>',
        f'<td class="{c.service}">{c.service}</td>',
        f"<td><code>{escape(c.rule)}</code></td>",
        f"<td><code>{_breakable(c.path)}</code></td>",
        f"<td>{message}<br><small>{escape(scope(c))}</small></td>",
        f"<td>{_value(c.old)}</td>",
        f"<td>{_value(c.new)}</td>",
        f"<td><code>{_breakable(where(c))}</code></td>",
    ]
    attrs = (
        f'class="change{" waived" if c.waived else ""}" data-rule="{escape(c.rule)}" '
        f'data-client="{c.client}" data-service="{c.service}" '
        f'data-waived="{"true" if c.waived else "false"}" data-fingerprint="{c.fingerprint}"'
    )
    return f"<tr {attrs}>{''.join(cells)}</tr>"


def _value(v: str | None) -> str:
    return "" if v is None else f'<code class="value">{escape(v)}</code>'


def _breakable(text: str) -> str:
    """Escaped, with a line-break opportunity after each ``/`` of a path."""
    return escape(text).replace("/", "/<wbr>")
