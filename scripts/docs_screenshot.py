"""Screenshot of a dbt docs page in headless Chromium (Debian's `chromium`), for docs/.

    python scripts/docs_screenshot.py target/static_index.html \
        model/model.fenicio_icommkt.customer_profiles docs/dbt-docs-customer-profiles.png \
        [--expand avg_order_value_90]

Drives the browser over the DevTools protocol on a pipe (no network, no extra package):
opens the page, waits for dbt docs to render, optionally expands a column's row (its full
description) and scrolls to it, and writes a PNG of the window.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

EXPAND = """
(function (name) {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.column-row'));
  var row = rows.filter(function (r) {
    var cell = r.querySelector('td span');
    return cell && cell.textContent.trim() === name;
  })[0];
  if (!row) { return false; }
  row.click();
  return true;
})(%s)
"""
SCROLL = """
(function (name) {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.column-row'));
  var row = rows.filter(function (r) {
    var cell = r.querySelector('td span');
    return cell && cell.textContent.trim() === name;
  })[0];
  row.scrollIntoView({block: 'start'});  // dbt docs scrolls an inner pane, not the window
  var pane = row.closest('.app-scroll') || document.scrollingElement;
  pane.scrollTop -= 300;  // the row above it and the table header stay in sight
  return true;
})(%s)
"""


def _as_fds_3_and_4(reading: int, writing: int) -> None:
    """In the child: the DevTools pipe's ends as fds 3 (commands) and 4 (answers)."""
    reading, writing = os.dup(reading), os.dup(writing)  # never clobber one with the other
    os.dup2(reading, 3)
    os.dup2(writing, 4)


class Browser:
    def __init__(self, width: int, height: int) -> None:
        self.profile = tempfile.mkdtemp(prefix="docs-shot-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        chromium = shutil.which("chromium") or "chromium"
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _as_fds_3_and_4(to_browser_r, from_browser_w))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.session = None

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True}, self.session)
        return result["result"].get("value")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("route")
    parser.add_argument("out", type=Path)
    parser.add_argument("--expand", help="a column whose row to open and scroll to")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1300)
    args = parser.parse_args()
    browser = Browser(args.width, args.height)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        browser.session = browser.call("Target.attachToTarget", {"targetId": target,
                                                                 "flatten": True})["sessionId"]
        browser.call("Page.enable", session=browser.session)
        browser.call("Page.navigate", {"url": f"{args.page.resolve().as_uri()}#!/{args.route}"},
                     browser.session)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = browser.evaluate("document.querySelectorAll('tr.column-row').length")
            if rows and (not args.expand or browser.evaluate(EXPAND % json.dumps(args.expand))):
                break
            time.sleep(0.5)
        else:
            raise SystemExit("the page did not render its columns within 2 minutes")
        if args.expand:
            time.sleep(1)
            browser.evaluate(SCROLL % json.dumps(args.expand))
        time.sleep(1)
        shot = browser.call("Page.captureScreenshot", {"format": "png"}, browser.session)
        args.out.write_bytes(base64.b64decode(shot["data"]))
        print(f"wrote {args.out}")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
