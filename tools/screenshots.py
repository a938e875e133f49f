#!/usr/bin/env python3
# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Refresh the README screenshots from a running demo database (`make run`).

    python3 tools/screenshots.py [--url http://localhost:8069] [--db gdpr_demo]

Logs in as admin, opens each page in headless Chromium (Chrome DevTools
protocol through websocket-client) and writes PNG files next to the addon
whose feature they show (``<addon>/static/description/*.png``).
"""

import argparse
import base64
import io
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
import zipfile
from http.cookiejar import CookieJar
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent


def jsonrpc(opener, url, params):
    """POST a JSON-RPC call to Odoo; return its result or raise its message."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"jsonrpc": "2.0", "params": params}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=60) as response:
        result = json.load(response)
    if "error" in result:
        raise RuntimeError(result["error"]["data"]["message"])
    return result["result"]


def login(url, db, user, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        jsonrpc(
            opener,
            f"{url}/web/session/authenticate",
            {"db": db, "login": user, "password": password},
        )
    except RuntimeError as exc:
        raise SystemExit(f"Login failed: {exc}") from exc
    return next(c.value for c in jar if c.name == "session_id"), opener


def rpc(opener, url, model, method, args, kwargs=None):
    return jsonrpc(
        opener,
        f"{url}/web/dataset/call_kw",
        {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
    )


class Browser:
    def __init__(self, width=1440, height=1000):
        executable = shutil.which("chromium") or shutil.which("google-chrome")
        if not executable:
            raise SystemExit("Chromium is needed: apt-get install chromium")
        self.profile = tempfile.mkdtemp(prefix="gdpr-shots-")
        self.proc = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json") as resp:
                    targets = json.load(resp)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.1)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(
            json.dumps({"id": self.counter, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})

    def shot(self, url, target, wait_for=None, click=None, scroll=None, settle=1.5):
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        condition = wait_for or "document.readyState === 'complete'"
        while time.time() < deadline:
            result = self.call(
                "Runtime.evaluate", expression=f"!!({condition})", returnByValue=True
            )
            if result.get("result", {}).get("value"):
                break
            time.sleep(0.3)
        else:
            print(f"  warning: {condition!r} not met on {url}")
        if click:
            self.call(
                "Runtime.evaluate",
                expression=f"document.querySelector({click!r}).click()",
            )
        time.sleep(settle)
        if scroll:
            # the form scrolls inside its own container, not the window
            self.call(
                "Runtime.evaluate",
                expression=f"document.querySelector({scroll!r}).scrollIntoView()",
            )
            time.sleep(0.5)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))
        print(f"wrote {target.relative_to(REPO)}")

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="gdpr_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args()
    session, opener = login(args.url, args.db, args.login, args.password)
    browser = Browser()
    try:
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=session,
            domain=args.url.split("//", 1)[1].split(":")[0],
            path="/",
        )
        for shot in collect_shots(opener, args.url):
            browser.shot(
                shot["url"],
                REPO / shot["file"],
                wait_for=shot.get("wait_for"),
                click=shot.get("click"),
                scroll=shot.get("scroll"),
            )
    finally:
        browser.close()


def _first(opener, url, model, domain):
    ids = rpc(opener, url, model, "search", [domain], {"limit": 1, "order": "id"})
    return ids[0] if ids else None


def collect_shots(opener, url):
    """The README pictures: each a page of the demo database and a file."""
    form_ready = "document.querySelector('.o_form_view .o_notebook')"
    shots = []
    with_purposes = _first(
        opener, url, "res.partner", [("gdpr_partner_purpose_ids", "!=", False)]
    )
    if with_purposes:
        shots.append(
            {
                "url": f"{url}/odoo/contacts/{with_purposes}",
                "file": "gdpr_segments/static/description/partner_data_protection.png",
                "wait_for": form_ready,
                "click": ".o_notebook a[name='gdpr']",
                "scroll": ".o_notebook",
            }
        )
    with_consents = _first(
        opener, url, "res.partner", [("gdpr_consent_ids", "!=", False)]
    )
    if with_consents:
        shots.append(
            {
                "url": f"{url}/odoo/contacts/{with_consents}",
                "file": "gdpr_consent/static/description/partner_consents.png",
                "wait_for": form_ready,
                "click": ".o_notebook a[name='gdpr_consents']",
                "scroll": ".o_notebook",
            }
        )
        preference_url = rpc(
            opener,
            url,
            "res.partner",
            "read",
            [[with_consents], ["gdpr_preference_url"]],
        )[0]["gdpr_preference_url"]
        shots.append(
            {
                "url": preference_url,
                "file": "gdpr_consent/static/description/preference_center.png",
                "wait_for": "document.querySelector('form')",
            }
        )
    if with_purposes:
        shots.append(
            {
                "url": f"{url}/odoo/contacts/{with_purposes}",
                "file": "gdpr_erasure/static/description/forget_preview.png",
                "wait_for": form_ready,
                "click": "button[name='action_gdpr_forget']",
            }
        )
    shots.append(
        {
            "url": f"{url}/odoo/action-gdpr_segments.action_gdpr_dashboard",
            "file": "gdpr_segments/static/description/dashboard.png",
            "wait_for": "document.querySelector('.o_gdpr_dashboard_card')",
        }
    )
    breach = _first(opener, url, "gdpr.breach", [("state", "=", "assessed")])
    if breach:
        shots.append(
            {
                "url": f"{url}/odoo/action-gdpr_segments.action_gdpr_breach/{breach}",
                "file": "gdpr_segments/static/description/breach_form.png",
                "wait_for": form_ready,
            }
        )
    company = _first(opener, url, "res.company", [])
    if company:
        shots.append(
            {
                "url": f"{url}/report/html/gdpr_segments.report_record_of_processing/"
                f"{company}",
                "file": "gdpr_segments/static/description/record_of_processing.png",
                "wait_for": "document.querySelector('.o_gdpr_ropa_purpose')",
            }
        )
    mailing = _first(opener, url, "mailing.mailing", [("gdpr_purpose_id", "!=", False)])
    if mailing:
        shots.append(
            {
                "url": f"{url}/odoo/action-mass_mailing.mailing_mailing_action_mail/"
                f"{mailing}",
                "file": "gdpr_consent/static/description/mailing_exclusion.png",
                "wait_for": "document.querySelector('.o_form_view "
                "[name=gdpr_missing_consent_count]')",
            }
        )
    report = _access_report(opener, url)
    if report:
        shots.append(
            {
                "url": report.as_uri(),
                "file": "gdpr_erasure/static/description/access_report.png",
            }
        )
    return shots


def _access_report(opener, url):
    """The HTML letter of the Art. 15 export of a German-speaking demo
    person's access request (the export is created on the request, as the
    button does), written to a temporary file."""
    request = _first(
        opener,
        url,
        "gdpr.request",
        [
            ("request_type", "=", "access"),
            ("partner_id.lang", "=", "de_DE"),
            ("state", "in", ("new", "verified")),
        ],
    ) or _first(opener, url, "gdpr.request", [("request_type", "=", "access")])
    if not request:
        return None
    fields_ = ["export_attachment_id"]
    if not rpc(opener, url, "gdpr.request", "read", [[request], fields_])[0][
        fields_[0]
    ]:
        rpc(opener, url, "gdpr.request", "action_generate_export", [[request]])
    attachment = rpc(opener, url, "gdpr.request", "read", [[request], fields_])[0][
        fields_[0]
    ][0]
    datas = rpc(opener, url, "ir.attachment", "read", [[attachment], ["datas"]])[0][
        "datas"
    ]
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(datas)))
    target = Path(tempfile.mkdtemp(prefix="gdpr-report-")) / "access_report.html"
    target.write_bytes(archive.read("access_report.html"))
    return target


if __name__ == "__main__":
    main()
