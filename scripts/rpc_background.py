# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Convert a plan of thousands of lines through the external API on servers with Odoo's
default time limits, in the background (run by scripts/check_background):

- Convert answers at once, the plan shows *In progress* and its done / total grow as the
  batches of the scheduled action commit;
- pressing Convert again, converting valid lines, filling or cancelling the plan meanwhile
  is refused with a clear error, never a traceback;
- a cron worker killed in the middle of a batch (``--kill-cron-of``: the process group of
  one server) loses only that batch, which the next one does again;
- at the end every line has exactly one top order and its sub-order, and the planner is
  told in the plan's chatter.

    python scripts/rpc_background.py --url URL [--url URL2] --db NAME --lines 2000
(PostgreSQL connection from the PG* environment variables, for the final count.)
"""

import argparse
import os
import signal
import subprocess
import sys
import time

import psycopg2
from rpc_common import Client, attempt, check, create_user, failures, requests

PLAN = "mrp.production.plan"


def setup(admin, lines):
    """A two-level product (a sub-assembly and a raw component) and a confirmed plan of
    ``lines`` lines, made by a planner."""
    company = admin.read("res.users", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin("res.company", "write", [company], {"mo_child_auto_create": True})
    groups = [admin.ref("mrp.group_mrp_manager"), admin.ref("stock.group_stock_user")]
    for login in ("planner_a", "planner_b"):
        create_user(admin, login, company, groups)
    raw = admin("product.product", "create", {"name": "BG raw", "type": "consu"})
    products = {}
    for name, components in (("sub", [(raw, 2)]), ("top", [("sub", 1), (raw, 1)])):
        products[name] = admin("product.product", "create", {"name": f"BG {name}", "type": "consu"})
        template = admin.read("product.product", [products[name]], ["product_tmpl_id"])[0]
        admin(
            "mrp.bom",
            "create",
            {
                "product_tmpl_id": template["product_tmpl_id"][0],
                "bom_line_ids": [
                    (0, 0, {"product_id": products.get(c, c), "product_qty": q})
                    for c, q in components
                ],
            },
        )
    return products


def read_progress(client, plan):
    return client.read(
        PLAN, [plan], ["background_state", "background_done", "background_total", "state"]
    )[0]


def kill_cron_workers(groups):
    """Kill -9 the cron workers of the servers whose process groups are ``groups`` (this
    check started them), the one running a batch among them: that batch is lost, and each
    master starts a new worker. Odoo's cron workers are the processes of a server that
    lowered their priority (``os.nice(10)``)."""
    found = []
    for group in groups:
        pids = subprocess.run(
            ["pgrep", "-g", str(group)], capture_output=True, text=True, check=False
        ).stdout.split()
        nice = {}
        for pid in pids:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                nice[int(pid)] = int(stat.read().rsplit(")", 1)[1].split()[16])
        lowest = min(nice.values(), default=0)
        found += [pid for pid, value in nice.items() if value > lowest]
    for pid in found:
        os.kill(pid, signal.SIGKILL)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument(
        "--kill-cron-of", type=int, action="append", default=[], help="a server's process group"
    )
    args = parser.parse_args()
    start = time.monotonic()
    admin = Client(args.url[0], args.db, "admin", "admin")
    products = setup(admin, args.lines)
    planner = Client(args.url[0], args.db, "planner_a", "planner_a-pw")
    other = Client(args.url[-1], args.db, "planner_b", "planner_b-pw")
    plan = planner(
        PLAN,
        "create",
        {
            "line_ids": [
                (0, 0, {"product_id": products["top"], "product_qty": 1 + i % 5})
                for i in range(args.lines)
            ]
        },
    )
    planner(PLAN, "action_confirm", [plan])
    print(f"  plan of {args.lines} lines ready in {time.monotonic() - start:.0f}s", flush=True)

    asked = time.monotonic()
    status, result = attempt(lambda: planner(PLAN, "action_convert", [plan]))
    answered = time.monotonic() - asked
    check(status == "ok", f"Convert was refused: {result}")
    check(answered < 30, f"Convert took {answered:.0f}s to answer")
    check(
        status == "ok" and "background" in str(result.get("params", {}).get("message")),
        f"Convert did not run in the background: {result}",
    )
    print(f"  Convert answered in {answered:.1f}s: {result['params']['message']}", flush=True)

    for label, call in (
        ("Convert again", lambda: other(PLAN, "action_convert", [plan])),
        ("Convert Valid Lines", lambda: other(PLAN, "action_convert_valid", [plan])),
        ("Fill from Sales", lambda: other(PLAN, "action_fill_from_sales", [plan])),
        ("Cancel", lambda: planner(PLAN, "action_cancel", [plan])),
    ):
        status, message = attempt(call)
        check(status == "refused", f"{label} during the conversion was not refused")
        check("background" in message, f"{label}: unclear refusal: {message[-300:]}")
        print(f"  {label} while converting: refused", flush=True)

    seen, killed = [], False
    deadline = time.monotonic() + 1500
    while time.monotonic() < deadline:
        progress = read_progress(other, plan)
        if progress["background_state"] != "progress":
            break
        seen.append(progress["background_done"])
        if not killed and args.kill_cron_of and progress["background_done"] >= args.lines // 4:
            killed = kill_cron_workers(args.kill_cron_of)
            print(
                f"  killed the cron workers {killed} at {progress['background_done']}", flush=True
            )
        if len(seen) % 10 == 1:
            print(
                f"  {progress['background_done']} / {progress['background_total']} "
                f"after {time.monotonic() - asked:.0f}s",
                flush=True,
            )
        time.sleep(3)
    elapsed = time.monotonic() - asked
    progress = read_progress(planner, plan)
    print(f"  ended after {elapsed:.0f}s: {progress}", flush=True)
    check(not progress["background_state"], f"the conversion did not end: {progress}")
    check(progress["state"] == "progress", f"the plan is {progress['state']}, not in progress")
    check(
        any(0 < done < args.lines for done in seen),
        f"no progress was readable during the run: {seen[:20]}",
    )
    check(seen == sorted(seen), "the progress went backwards")
    check(not args.kill_cron_of or killed, "no cron worker was found to kill")

    with psycopg2.connect(dbname=args.db) as connection, connection.cursor() as cr:
        cr.execute(
            """
            SELECT line.id, COUNT(top.id), COUNT(sub.id),
                   BOOL_AND(top.product_qty = line.product_qty
                            AND sub.product_qty = line.product_qty)
              FROM mrp_production_plan_line line
              LEFT JOIN mrp_production top
                ON top.plan_line_id = line.id AND top.parent_id IS NULL
              LEFT JOIN mrp_production sub ON sub.parent_id = top.id
             WHERE line.plan_id = %s
             GROUP BY line.id
            """,
            [plan],
        )
        rows = cr.fetchall()
        cr.execute(
            "SELECT state, done_count, total, attempt_count FROM mrp_production_background_job"
        )
        jobs = cr.fetchall()
    check(len(rows) == args.lines, f"{len(rows)} lines, not {args.lines}")
    wrong = [row for row in rows if row[1:] != (1, 1, True)]
    check(not wrong, f"{len(wrong)} lines not converted exactly once: {wrong[:5]}")
    check(jobs == [("done", args.lines, args.lines, 0)], f"background jobs: {jobs}")
    messages = planner.search_read(
        "mail.message",
        [("model", "=", PLAN), ("res_id", "=", plan)],
        ["body", "message_type", "subtype_id", "author_id", "date"],
    )
    told = [m for m in messages if f"{args.lines} manufacturing order(s) created" in m["body"]]
    check(len(told) == 1, f"the planner was not told once: {messages[:6]}")
    print(
        f"Background conversion of {args.lines} lines: {requests['total']} requests, "
        f"{elapsed:.0f}s, {len(failures)} failure(s).",
        flush=True,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
