# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Drive a running multi-worker Odoo through its external API (XML-RPC), as integrations and
several users at once would, and check what the addon promises (run by scripts/check_rpc):

1. concurrency: parallel clients do conflicting work on the same MO trees at the same
   instant (split against split, close against reopen, reopen twice, link one MO to two sales
   lines, add sub-orders twice); afterwards quantities are conserved at every node, no closed
   balance is negative, there are no duplicate sub-orders or links, and every refused call
   got a clear error (a UserError, ValidationError or AccessError), never a server traceback;
2. bad input: every user action called with wrong types, missing ids, another company's ids,
   records in the wrong state or by a user without the right group is refused with such an
   error, and a digest of every table the addon writes is the same before and after.

    python scripts/rpc_checks.py --url http://127.0.0.1:8069 --db NAME
(PostgreSQL connection from the PG* environment variables, for the table digests.)
"""

import argparse
import sys
import time
from collections import Counter

import psycopg2
from rpc_bad_input import bad_input
from rpc_common import (
    ADDON,
    MO,
    Client,
    check,
    check_one_winner,
    check_refused,
    check_tree,
    close_orders,
    closures,
    create_mo,
    failures,
    race,
    race_wizards,
    requests,
    setup,
    tree,
)


def race_split(data, admin):
    """split against split, three clients"""
    a, b, c = (data["users"][u] for u in ("planner_a", "planner_b", "planner_c"))
    top = create_mo(a, data["products"]["top"], 10)
    outcomes = race_wizards(
        f"{MO}.tree.split",
        "action_split",
        [(a, {"production_id": top, "part_count": 2}), (b, {"production_id": top, "part_count": 2}),
         (c, {"production_id": top, "part_count": 3})],
    )  # fmt: skip
    check_one_winner(outcomes, r"add up|another user|try again", "split against split")
    group = admin.read("mrp.production", [top], ["procurement_group_id"])[0][
        "procurement_group_id"
    ][0]
    roots = admin(
        "mrp.production",
        "search",
        [("procurement_group_id", "=", group), ("parent_id", "=", False)],
    )
    check_tree(admin, roots, 10, data, "split against split")
    check(len(roots) in (2, 3), f"split against split: {len(roots)} top parts")


def race_reopen_twice(data, admin):
    """reopen 4 of 6 closed twice at once"""
    a, b = data["users"]["planner_a"], data["users"]["planner_b"]
    reason = admin.ref(f"{ADDON}.reason_close_replanned")
    top = create_mo(a, data["products"]["top"], 6)
    close_orders(a, [top], reason)
    outcomes = race_wizards(
        f"{MO}.reopen",
        "action_reopen",
        [(c, {"production_id": top, "product_qty": 4}) for c in (a, b)],
    )
    check_one_winner(outcomes, r"Only 2\.0|another user|try again", "reopen twice")
    closure = closures(admin, [top])[0]
    check(
        (closure["qty_reopened"], closure["qty_balance"]) == (4, 2),
        f"reopen twice: closure {closure}",
    )
    reopened = admin("mrp.production", "search", [("reopened_closure_id", "=", closure["id"])])
    check(len(reopened) == 1, f"reopen twice: {len(reopened)} reopened orders")
    check_tree(admin, reopened, 4, data, "reopen twice")


def race_close_and_reopen(data, admin):
    """close a reopened order while reopening the rest"""
    a, b = data["users"]["planner_a"], data["users"]["planner_b"]
    reason = admin.ref(f"{ADDON}.reason_close_replanned")
    top = create_mo(a, data["products"]["top"], 8)
    close_orders(a, [top], reason)
    first = a("mrp.production.reopen", "create", {"production_id": top, "product_qty": 5})
    reopened = a("mrp.production.reopen", "action_reopen", [first])["res_id"]
    again = b("mrp.production.reopen", "create", {"production_id": top, "product_qty": 3})
    outcomes = race(
        lambda: close_orders(a, [reopened], reason),
        lambda: b("mrp.production.reopen", "action_reopen", [again]),
    )
    check_refused(outcomes, r"another user|try again", "close against reopen")
    chain = admin("mrp.production", "search", [("reopened_closure_id.production_id", "=", top)])
    orders = admin.read("mrp.production", chain, ["product_qty", "state"])
    open_qty = sum(o["product_qty"] for o in orders if o["state"] not in ("cancel", "done"))
    balances = sum(c["qty_balance"] for c in closures(admin, [top, *chain]))
    check(
        open_qty + balances == 8,
        f"close against reopen: {open_qty} open + {balances} closed, not 8",
    )


def race_link(data, admin):
    """link one order to two sales lines at once"""
    a, b = data["users"]["planner_a"], data["users"]["planner_b"]
    top = create_mo(a, data["products"]["top"], 2)
    lines = []
    for _ in range(2):
        order = admin(
            "sale.order",
            "create",
            {
                "partner_id": data["partner"],
                "order_line": [
                    (0, 0, {"product_id": data["products"]["top"], "product_uom_qty": 2})
                ],
            },
        )
        admin("sale.order", "action_confirm", [order])
        lines += admin("sale.order.line", "search", [("order_id", "=", order)])
    outcomes = race_wizards(
        f"{MO}.sale.link",
        "action_link",
        [
            (client, {"sale_line_id": line, "production_ids": [(6, 0, [top])]})
            for client, line in zip((a, b), lines, strict=True)
        ],
    )
    check_one_winner(outcomes, r"already serves|another user|try again", "link twice")
    linked = {n["sale_line_id"] and n["sale_line_id"][0] for n in tree(admin, [top]).values()}
    check(len(linked) == 1 and linked <= set(lines), f"link twice: the tree serves {linked}")
    for line in lines:
        count = admin("mrp.production", "search_count", [("sale_line_id", "=", line)])
        check(count in (0, 3), f"link twice: line {line} is served by {count} orders")


def race_sub_orders(data, admin):
    """add the sub-orders of one order twice at once"""
    a, b = data["users"]["planner_a"], data["users"]["planner_b"]
    admin("res.company", "write", [data["company"]], {"mo_child_auto_create": False})
    top = create_mo(a, data["products"]["top"], 3)
    admin("res.company", "write", [data["company"]], {"mo_child_auto_create": True})
    outcomes = race(
        lambda: a("mrp.production", "action_create_child_productions", [top]),
        lambda: b("mrp.production", "action_create_child_productions", [top]),
    )
    check_refused(outcomes, r"another user|try again", "sub-orders twice")
    check_tree(admin, [top], 3, data, "sub-orders twice")


def check_global(admin):
    """Invariants over the whole database."""
    for closure in admin.search_read(
        "mrp.production.closure", [], ["qty_closed", "qty_reopened", "qty_balance"]
    ):
        check(closure["qty_balance"] >= 0, f"negative closed balance: {closure}")
        check(
            abs(closure["qty_closed"] - closure["qty_reopened"] - closure["qty_balance"]) < 1e-6,
            f"closure does not add up: {closure}",
        )
    productions = admin.search_read(
        "mrp.production",
        [("parent_id", "!=", False), ("state", "!=", "cancel")],
        ["parent_id", "product_id"],
    )
    pairs = Counter((p["parent_id"][0], p["product_id"][0]) for p in productions)
    check(
        all(count == 1 for count in pairs.values()), f"duplicate sub-orders: {pairs.most_common(3)}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args()
    start = time.monotonic()
    admin = Client(args.url, args.db, args.login, args.password)
    data = setup(admin)
    scenarios = (race_split, race_reopen_twice, race_close_and_reopen, race_link, race_sub_orders)
    for scenario in scenarios:
        print(f"concurrency: {scenario.__doc__}", flush=True)
        scenario(data, admin)
    check_global(admin)
    connection = psycopg2.connect(dbname=args.db)
    connection.autocommit = True
    try:
        count = bad_input(data, admin, connection)
    finally:
        connection.close()
    elapsed = time.monotonic() - start
    print(
        f"{len(scenarios)} races, {count} refused inputs, {requests['total']} requests "
        f"in {elapsed:.1f}s"
    )
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("RPC CHECKS OK")


if __name__ == "__main__":
    main()
