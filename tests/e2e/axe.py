"""Run axe-core (from npm, ``node_modules/axe-core``) in a Playwright page.

The app sends a strict Content-Security-Policy (``script-src 'self'``), so a ``<script>``
tag with axe's source would be blocked. ``bypass_csp=True`` on the browser context would
let it through, but would also hide the app's own CSP violations, which the tests want to
see as console errors. So axe's source is evaluated through the DevTools protocol
(``page.evaluate(source)``): that runs as the debugger, outside the page's CSP, and leaves
the policy for the page's own scripts untouched.
"""

from functools import cache
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_RUN_AXE = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


@cache
def axe_source() -> str:
    if not AXE_PATH.is_file():
        raise FileNotFoundError(f"{AXE_PATH} is missing: run 'make test-tools' (npm ci) first.")
    return AXE_PATH.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """All WCAG 2.1 A/AA violations on the page as plain dicts (id, impact, help, nodes)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE, list(WCAG_TAGS))


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict], where: str) -> str:
    """Readable lines: rule id, impact, help text and the selectors of every failing node."""
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
    return "\n".join(lines)
