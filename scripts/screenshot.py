# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Take a screenshot of a page of a running Odoo with headless Chromium, logged in as a
user (the README's screenshots come from the demo database this way):

    python scripts/screenshot.py --url http://127.0.0.1:8069 --db mpm_demo \\
        --login admin --password admin --out shot.png /odoo/action-mrp.mrp_production_action
"""

import argparse
import base64
import json
import subprocess
import time
import urllib.request

import websocket


def session_cookie(url, db, login, password):
    request = urllib.request.Request(
        f"{url}/web/session/authenticate",
        data=json.dumps(
            {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        for header in response.headers.get_all("Set-Cookie"):
            if header.startswith("session_id="):
                return header.split(";")[0].split("=", 1)[1]
    raise SystemExit(f"could not log in as {login}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", required=True)
    parser.add_argument("--wait", type=float, default=5, help="seconds to let the page load")
    parser.add_argument("--port", type=int, default=9333, help="Chromium's debugging port")
    parser.add_argument(
        "--eval", help="JavaScript to run once the page loaded; its value is printed"
    )
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    cookie = session_cookie(args.url, args.db, args.login, args.password)
    chromium = subprocess.Popen(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--remote-debugging-port={args.port}", f"--window-size={args.width},{args.height}",
         "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/json") as response:
                    pages = [t for t in json.load(response) if t["type"] == "page"]
                break
            except OSError:
                time.sleep(0.2)
        socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], suppress_origin=True)
        calls = iter(range(1, 1000))

        def call(method, **params):
            call_id = next(calls)
            socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
            while True:
                message = json.loads(socket.recv())
                if message.get("id") == call_id:
                    return message.get("result", {})
                if message.get("method") == "Runtime.exceptionThrown":
                    print("page error:", message["params"]["exceptionDetails"].get("text"))

        call("Network.enable")
        call("Network.setCookie", name="session_id", value=cookie, url=args.url)
        call("Page.enable")
        call("Runtime.enable")
        call("Page.navigate", url=args.url + args.path)
        time.sleep(args.wait)
        if args.eval:
            result = call("Runtime.evaluate", expression=args.eval, returnByValue=True)
            print(result.get("result", {}).get("value"))
        with open(args.out, "wb") as out:
            out.write(base64.b64decode(call("Page.captureScreenshot", format="png")["data"]))
    finally:
        chromium.terminate()


if __name__ == "__main__":
    main()
