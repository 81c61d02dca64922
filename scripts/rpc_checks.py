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
import re
import sys
import threading
import time
import xmlrpc.client
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg2

ADDON = "mrp_production_management"
MO = "mrp.production"
CLEAR_FAULTS = {2: "UserError", 4: "AccessError"}  # /xmlrpc/2 codes; 1 carries a traceback
MAX_REQUESTS = 600
CALL_TIMEOUT = 120
TABLES = (
    "mrp_production",
    "stock_move",
    "mrp_workorder",
    "mrp_bom",
    "mrp_bom_line",
    "mrp_production_closure",
    "mrp_production_plan",
    "mrp_production_plan_line",
    "sale_order_line",
)

BOMS = (("sub", "raw", 4), ("mid", "sub", 3), ("top", "mid", 2))  # product, component, qty
PER_TOP = {"top": 1, "mid": 2, "sub": 6}  # units of each per unit of the top product

requests = Counter()
requests_lock = threading.Lock()
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"  FAILED: {message}", flush=True)
    return condition


class TimeoutTransport(xmlrpc.client.Transport):
    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = CALL_TIMEOUT
        return connection


class Client:
    """One user's XML-RPC connection (one per thread: ServerProxy is not thread-safe)."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", transport=TimeoutTransport())
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise SystemExit(f"Cannot log in as {login}")
        self.proxy = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True, transport=TimeoutTransport()
        )

    def __call__(self, model, method, *args, **kwargs):
        with requests_lock:
            requests["total"] += 1
        if requests["total"] > MAX_REQUESTS:
            raise SystemExit(f"More than {MAX_REQUESTS} requests: the checks are not bounded.")
        return self.proxy.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def read(self, model, ids, fields):
        return self(model, "read", ids, fields)

    def search_read(self, model, domain, fields, **kwargs):
        return self(model, "search_read", domain, fields, **kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        data = self.search_read(
            "ir.model.data", [("module", "=", module), ("name", "=", name)], ["res_id"]
        )
        return data[0]["res_id"]


def attempt(call):
    """Run ``call``; return ("ok", result) or ("refused", message). A fault that is not a
    clear business error is recorded as a failure."""
    try:
        return "ok", call()
    except xmlrpc.client.Fault as fault:
        clear = fault.faultCode in CLEAR_FAULTS and "Traceback" not in fault.faultString
        check(clear, f"server traceback instead of a clear error:\n{fault.faultString[-1500:]}")
        return "refused", fault.faultString


def race(*calls):
    """Run the calls in parallel threads released at the same instant."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        return attempt(call)

    with ThreadPoolExecutor(len(calls)) as pool:
        outcomes = list(pool.map(run, calls))
    for status, result in outcomes:
        print(f"    {status}: {str(result).splitlines()[0][:100] if status != 'ok' else ''}")
    return outcomes


def successes(outcomes):
    return [result for status, result in outcomes if status == "ok"]


def race_wizards(model, method, prepared):
    """Create one wizard per (client, values), then call ``method`` on all at the same instant."""
    wizards = [(client, client(model, "create", vals)) for client, vals in prepared]
    return race(*(lambda c=client, w=wizard: c(model, method, [w]) for client, wizard in wizards))


def check_one_winner(outcomes, refusal, label):
    """Exactly one call won; the others were refused with a message matching ``refusal``."""
    won = len(successes(outcomes))
    check(won == 1, f"{label}: {won} calls succeeded, not 1")
    check_refused(outcomes, refusal, label)


def close_orders(client, ids, reason):
    wizard = client(f"{MO}.close", "create", {"production_ids": [(6, 0, ids)], "reason_id": reason})
    return client(f"{MO}.close", "action_close", [wizard])


# Data


def setup(admin):
    """Products in a 3-level BoM tree (top: 2 mid; mid: 3 sub; sub: 4 raw), two planners of
    the demo company, a sales user, a second company with its own planner, sales orders."""
    company = admin.read("res.users", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin("res.company", "write", [company], {"mo_child_auto_create": True})
    other = admin("res.company", "create", {"name": "RPC Plant B"})
    admin("res.users", "write", [admin.uid], {"company_ids": [(4, other)]})
    admin(
        "stock.warehouse",
        "create",
        {"name": "Plant B", "code": "PLB", "company_id": other},
        context={"allowed_company_ids": [other]},
    )
    groups = [
        admin.ref("mrp.group_mrp_manager"),
        admin.ref("stock.group_stock_user"),
        admin.ref("sales_team.group_sale_salesman_all_leads"),
    ]
    users = {}
    for login, company_id, group_ids in (
        ("planner_a", company, groups),
        ("planner_b", company, groups),
        ("planner_c", company, groups),
        ("seller", company, [admin.ref("sales_team.group_sale_salesman")]),
        ("operator", company, [admin.ref("mrp.group_mrp_user")]),
        ("planner_other", other, groups),
    ):
        admin(
            "res.users",
            "create",
            {
                "name": login.replace("_", " ").title(),
                "login": login,
                "email": f"{login}@example.com",
                "password": f"{login}-pw",
                "company_id": company_id,
                "company_ids": [(6, 0, [company_id])],
                "groups_id": [(6, 0, group_ids)],
            },
        )
        users[login] = Client(admin.url, admin.db, login, f"{login}-pw")
    raw = admin("product.product", "create", {"name": "RPC raw", "type": "consu"})
    products = {"raw": raw}
    for name, component, qty in BOMS:
        products[name] = admin(
            "product.product", "create", {"name": f"RPC {name}", "type": "consu", "sale_ok": True}
        )
        template = admin.read("product.product", [products[name]], ["product_tmpl_id"])[0]
        admin(
            "mrp.bom",
            "create",
            {
                "product_tmpl_id": template["product_tmpl_id"][0],
                "bom_line_ids": [(0, 0, {"product_id": products[component], "product_qty": qty})],
            },
        )
    partner = admin("res.partner", "create", {"name": "RPC Customer"})
    return {
        "company": company,
        "other": other,
        "users": users,
        "products": products,
        "partner": partner,
    }


def create_mo(client, product, qty, **vals):
    production = client(
        "mrp.production", "create", {"product_id": product, "product_qty": qty, **vals}
    )
    client("mrp.production", "action_confirm", [production])
    return production


def tree(client, root_ids):
    """Every order below (and including) ``root_ids``, by id."""
    nodes = {}
    level = root_ids
    while level:
        records = client.read(
            "mrp.production",
            level,
            ["product_id", "product_qty", "state", "parent_id", "child_ids", "sale_line_id"],
        )
        nodes.update({r["id"]: r for r in records})
        level = [c for r in records for c in r["child_ids"]]
    return nodes


def check_tree(client, roots, top_qty, data, label):
    """Quantities conserved at every level, one sub-order per part and chained moves."""
    nodes = tree(client, roots)
    products = data["products"]
    names = {product_id: name for name, product_id in products.items()}
    live = {i: n for i, n in nodes.items() if n["state"] != "cancel"}
    for product, ratio in PER_TOP.items():
        total = sum(
            n["product_qty"] for n in live.values() if n["product_id"][0] == products[product]
        )
        check(
            abs(total - top_qty * ratio) < 1e-6,
            f"{label}: {product} parts make {total}, not {top_qty * ratio}",
        )
    for node in live.values():
        children = [live[c] for c in node["child_ids"] if c in live]
        if node["product_id"][0] == products["sub"]:
            continue
        check(
            len(children) == 1, f"{label}: {node['id']} has {len(children)} live sub-orders, not 1"
        )
        for child in children:
            ratio = PER_TOP[names[child["product_id"][0]]] / PER_TOP[names[node["product_id"][0]]]
            check(
                abs(child["product_qty"] - node["product_qty"] * ratio) < 1e-6,
                f"{label}: sub-order {child['id']} makes {child['product_qty']} for a parent "
                f"of {node['product_qty']}",
            )
            finished = client.search_read(
                "stock.move",
                [("production_id", "=", child["id"]), ("product_id", "=", child["product_id"][0])],
                ["move_dest_ids"],
            )
            dests = client.read(
                "stock.move", finished[0]["move_dest_ids"], ["raw_material_production_id"]
            )
            check(
                [d["raw_material_production_id"][0] for d in dests] == [node["id"]],
                f"{label}: sub-order {child['id']} does not feed its parent {node['id']}",
            )


def closures(client, production_ids):
    return client.search_read(
        "mrp.production.closure",
        [("production_id", "in", production_ids)],
        ["production_id", "qty_closed", "qty_reopened", "qty_balance"],
    )


def check_refused(outcomes, pattern, label):
    for status, message in outcomes:
        if status == "refused":
            check(re.search(pattern, message), f"{label}: unexpected refusal: {message[:300]}")


# Concurrency


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


# Bad input


def digest(connection):
    with connection.cursor() as cr:
        result = []
        for table in TABLES:
            cr.execute(f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY id)) FROM {table} t")
            result.append((table, *cr.fetchone()))
        return result


def bad_input(data, admin, connection):
    users = data["users"]
    a, seller, operator, foreign = (
        users["planner_a"],
        users["seller"],
        users["operator"],
        users["planner_other"],
    )
    products = data["products"]
    reason = admin.ref(f"{ADDON}.reason_close_replanned")
    suspend_reason = admin.ref(f"{ADDON}.reason_suspend_material_shortage")
    confirmed = create_mo(a, products["top"], 2)
    draft = a("mrp.production", "create", {"product_id": products["top"], "product_qty": 1})
    cancelled = create_mo(a, products["top"], 1)
    a("mrp.production", "action_cancel", [cancelled])
    other_mo = create_mo(foreign, products["top"], 1)
    closed = create_mo(a, products["top"], 1)
    close_orders(a, [closed], reason)
    quotation = admin(
        "sale.order",
        "create",
        {
            "partner_id": data["partner"],
            "order_line": [(0, 0, {"product_id": products["top"], "product_uom_qty": 1})],
        },
    )
    quotation_line = admin("sale.order.line", "search", [("order_id", "=", quotation)])[0]
    missing = 999999999

    def create(client, model, vals):
        return lambda: client(model, "create", vals)

    def wizard(client, model, vals, method):
        return lambda: client(model, method, [client(model, "create", vals)])

    def button(client, model, method, ids):
        return lambda: client(model, method, ids)

    mo, split, close, reopen = MO, f"{MO}.tree.split", f"{MO}.close", f"{MO}.reopen"
    suspend, link = f"{MO}.suspend", f"{MO}.sale.link"
    typed, gone, foreign_rule = r"not a valid value", r"does not exist", r"top-secret|company"
    no_group = r"not allowed|Only manufacturing users"
    cases = [
        # wrong types
        ("reopen a quantity given as text",
         create(a, reopen, {"production_id": closed, "product_qty": "many"}), typed),
        ("split an order given by its name",
         create(a, split, {"production_id": "MO/00001"}), typed),
        ("split into a part given as text",
         create(a, split, {"production_id": confirmed, "line_ids": [(0, 0, {"quantity": "ten"})]}),
         typed),
        ("suspend with a reason given as a list",
         create(a, suspend, {"production_ids": [(6, 0, [confirmed])], "reason_id": ["shortage"]}),
         typed),
        # missing ids
        ("split an order that does not exist",
         button(a, mo, "action_open_split_tree", [missing]), gone),
        ("reopen an order that does not exist",
         wizard(a, reopen, {"production_id": missing, "product_qty": 1}, "action_reopen"), gone),
        ("link orders to a sales line that does not exist",
         wizard(a, link, {"sale_line_id": missing, "production_ids": [(6, 0, [confirmed])]},
                "action_link"), gone),
        ("close without a reason",
         wizard(a, close, {"production_ids": [(6, 0, [confirmed])]}, "action_close"), r"Reason"),
        # another company's records
        ("split another company's order", button(a, mo, "action_open_split_tree", [other_mo]),
         foreign_rule),
        ("close another company's order",
         wizard(a, close, {"production_ids": [(6, 0, [other_mo])], "reason_id": reason},
                "action_close"), foreign_rule),
        ("link another company's order to a sales line",
         wizard(foreign, link,
                {"sale_line_id": quotation_line, "production_ids": [(6, 0, [other_mo])]},
                "action_link"), foreign_rule),
        # records in the wrong state
        ("split a cancelled order",
         wizard(a, split, {"production_id": cancelled, "part_count": 2}, "action_split"),
         r"cancelled"),
        ("close a draft order",
         wizard(a, close, {"production_ids": [(6, 0, [draft])], "reason_id": reason},
                "action_close"), r"confirmed"),
        ("reopen more than was closed",
         wizard(a, reopen, {"production_id": closed, "product_qty": 5}, "action_reopen"),
         r"Only 1\.0"),
        ("resume an order that is not suspended", button(a, mo, "action_resume", [confirmed]),
         r"not suspended"),
        ("add sub-orders to a draft order",
         button(a, mo, "action_create_child_productions", [draft]), r"confirmed"),
        ("produce a quotation line",
         button(a, "sale.order.line", "action_create_production", [quotation_line]), r"Confirm"),
        ("reset a standard order to standard",
         button(a, mo, "action_reset_bom_to_standard", [confirmed]), r"standard"),
        # users without the right group
        ("close as an operator",
         wizard(operator, close, {"production_ids": [(6, 0, [confirmed])], "reason_id": reason},
                "action_close"), no_group),
        ("add sub-orders as a sales user",
         button(seller, mo, "action_create_child_productions", [confirmed]), no_group),
        ("suspend as a sales user",
         wizard(seller, suspend,
                {"production_ids": [(6, 0, [confirmed])], "reason_id": suspend_reason},
                "action_suspend"), no_group),
        ("plan as a sales user",
         create(seller, f"{MO}.plan",
                {"line_ids": [(0, 0, {"product_id": products["top"], "product_qty": 1})]}),
         no_group),
    ]  # fmt: skip
    for name, call, pattern in cases:
        before = digest(connection)
        status, message = attempt(call)
        after = digest(connection)
        check(status == "refused", f"bad input: '{name}' was not refused")
        if status == "refused":
            check(
                re.search(pattern, message),
                f"bad input: '{name}': unexpected message {message[:300]!r}",
            )
        changed = [b[0] for b, c in zip(before, after, strict=True) if b != c]
        check(not changed, f"bad input: '{name}' changed {changed}")
        print(f"  {status}: {name}: {str(message).splitlines()[0][:110]}", flush=True)
    return len(cases)


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
