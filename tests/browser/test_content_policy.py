"""The Content-Security-Policy in a real browser: every page works under it (no inline
script, handler or style attribute left for it to block), the Print buttons work from
their own script file, and script injected into a page does not run."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import PHONE, WALL, chromium, new_page, sign_in, wait_live
from live import prepare_store, running_server

# Collects every violation the browser reports, from before any page script runs.
# (Playwright's init scripts are outside the page's policy.)
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
window.print = () => { window.__printed = (window.__printed || 0) + 1; };
"""

pytestmark = pytest.mark.browser


def test_every_page_runs_under_the_policy_and_injected_script_does_not(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(url)
    errors: list[str] = []
    with running_server(url, tmp_path) as live, chromium() as browser:
        for viewport in (WALL, PHONE):
            page = new_page(browser, viewport, errors)
            page.context.add_init_script(WATCH)
            sign_in(page, live.url)
            page.goto(f"{live.url}/cases/{case_id}")
            wait_live(page)  # the board's scripts ran, and its websocket is open
            assert page.evaluate("window.__violations") == []
            for path in ("/replay", "/compare", "/record", "/plan"):
                page.goto(f"{live.url}/cases/{case_id}{path}")
                page.wait_for_load_state("networkidle")
                assert page.evaluate("window.__violations") == [], path
            for path in ("/record", "/plan"):
                page.goto(f"{live.url}/cases/{case_id}{path}")
                page.locator("[data-print]").click()
                page.wait_for_function("window.__printed === 1")
            # The policy is really there: an inline script added to the page is refused.
            page.evaluate(
                """() => {
                  const script = document.createElement("script");
                  script.textContent = "window.__ran = 1";
                  document.body.append(script);
                }"""
            )
            page.wait_for_function("window.__violations.length > 0")
            assert page.evaluate("window.__ran") is None
            assert page.evaluate("window.__violations")[0].startswith("script-src")
            page.context.close()
    assert errors == []
