# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What scripts/rpc_checks.py and scripts/rpc_bad_input.py share: XML-RPC clients, the
test data, and the checks of trees and closures."""

import re
import threading
import xmlrpc.client
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

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


def create_user(admin, login, company_id, group_ids):
    """A user of ``company_id`` with ``group_ids`` (password ``<login>-pw``), logged in."""
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
    return Client(admin.url, admin.db, login, f"{login}-pw")


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
        users[login] = create_user(admin, login, company_id, group_ids)
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
