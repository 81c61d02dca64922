# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""On the database filled by generate_scale_data.py (100,000 MOs in trees, 4,000 sales
orders, 500 customizations), what users open every day, read the way the web client reads
it, each beside Odoo's own way of doing the same work:

- the main list views (first page of 80 rows with the view's columns, and the count):
  manufacturing orders (all, and the Top Orders filter), sales orders and bills of materials
  with the addon's columns against Odoo's own view of the same list, and the customizations
  (a filter of the BoM list); Odoo's way with Odoo's own forecast of every component move
  (the addon's answers from a move's own chain turned off);
- the tree of a 781-order MO: opening it in the hierarchy view and unfolding every level,
  against unfolding it with Odoo's "Child MO" smart button on every order;
- the requirements of 10,000 open MOs, against Odoo's component availability of each (with
  Odoo's own forecast too).

Prints time, queries, the ratio to Odoo's way and whether each stays within its bound.
    MPM_BENCH_DB=mpm_scale benchmarks/run generate_scale_data   (once, about an hour)
    MPM_BENCH_DB=mpm_scale benchmarks/run bench_scale"""

from contextlib import contextmanager

from common import environment, measure, parse_args, report
from lxml import etree

ADDON = "mrp_production_management"
PAGE = 80
BOUNDS = {"list": 1.0, "tree": 3.0, "requirements": 2.0}  # seconds
REQUIREMENTS = 10000  # open MOs whose requirements are computed
TOP_ORDERS = [("parent_id", "=", False)]  # the addon's "Top Orders" filter


def specification(env, model, arch):
    """What the web client asks for the fields of a list or hierarchy arch."""
    fields = env[model]._fields
    names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
    return {
        name: {"fields": {"display_name": {}}} if fields[name].type == "many2one" else {}
        for name in names
        if name in fields
    }


def list_spec(env, model, action_xmlid=None, without_addon=False):
    """The list view's fields, with or without the addon's inherited views."""
    view_id = False
    if action_xmlid:
        action = env.ref(action_xmlid)
        view_id = action.view_id.id if action.view_id.type == "list" else False
    with env.cr.savepoint() as savepoint:
        if without_addon:
            ours = env["ir.model.data"].search(
                [("module", "=", ADDON), ("model", "=", "ir.ui.view")]
            )
            env["ir.ui.view"].browse(ours.mapped("res_id")).filtered("inherit_id").active = False
        env.registry.clear_cache("templates")  # views are cached with their inherited ones
        arch = env[model].get_views([(view_id, "list")])["views"]["list"]["arch"]
        savepoint.rollback()
    env.invalidate_all()
    env.registry.clear_cache("templates")
    return specification(env, model, arch)


def open_list(model, spec, domain=(), odoo_forecast=False):
    """Read the first page and the count; ``odoo_forecast``: every component move forecast
    by Odoo's report, as without the addon (``stock.move._get_forecast_from_chain`` off)."""

    def run(env):
        with forecast_of_odoo(env, odoo_forecast):
            return env[model].web_search_read(list(domain), spec, limit=PAGE, count_limit=10001)

    return run


@contextmanager
def forecast_of_odoo(env, active):
    model = type(env["stock.move"])
    if active:
        model._get_forecast_from_chain = lambda moves, warehouse: {}
    try:
        yield
    finally:
        if active:
            del model._get_forecast_from_chain


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        large = env["mrp.production"].search([("product_id.name", "=", "Scale large top 000")])
        if not large:
            print(
                f"\nScale benchmark skipped: {args.database} has no scale data; run "
                "MPM_BENCH_DB=mpm_scale benchmarks/run generate_scale_data bench_scale."
            )
            return
        print(
            f"Database: {env['mrp.production'].search_count([])} MOs, "
            f"{env['sale.order'].search_count([])} sales orders, "
            f"{env['mrp.bom'].search_count([('is_customization', '=', True)])} customizations"
        )
        bounded = []

        def run(title, rows, bound):
            report(title, rows, next(iter(rows)))
            for name, (seconds, _queries, _result) in list(rows.items())[1:]:
                bounded.append((name, seconds, BOUNDS[bound]))

        mo, so = "mrp.production", "sale.order"
        odoo_spec, addon_spec = list_spec(env, mo, None, True), list_spec(env, mo)
        for title, label, domain in (
            ("Manufacturing orders", "MO list", []),
            ("Manufacturing orders, Top Orders filter", "MO list, Top Orders", TOP_ORDERS),
        ):
            rows = {  # Odoo's forecast of every component move takes a minute here: once
                f"Odoo: {label}": measure(env, open_list(mo, odoo_spec, domain, True), 1),
                f"addon: {label} (tree, sales, cost columns)": measure(
                    env, open_list(mo, addon_spec, domain), args.repeat
                ),
            }
            run(f"{title}, first {PAGE} rows and count", rows, "list")
        rows = {
            "Odoo: sales order list": measure(
                env, open_list(so, list_spec(env, so, "sale.action_orders", True)), 3
            ),
            "addon: sales order list (production status)": measure(
                env, open_list(so, list_spec(env, so, "sale.action_orders")), args.repeat
            ),
        }
        run(f"Sales orders, first {PAGE} rows and count", rows, "list")
        bom = "mrp.bom"
        rows = {
            "Odoo: bills of materials list": measure(
                env, open_list(bom, list_spec(env, bom, None, True)), 3
            ),
            "addon: customizations list": measure(
                env,
                open_list(bom, list_spec(env, bom), [("is_customization", "=", True)]),
                args.repeat,
            ),
        }
        run(f"Customizations, first {PAGE} rows and count", rows, "list")

        hierarchy = env[mo].get_views([(False, "hierarchy")])["views"]["hierarchy"]["arch"]
        hierarchy_fields = list({*specification(env, mo, hierarchy), "child_ids"})

        def odoo_tree(env):
            opened, level = 0, env[mo].browse(large.ids)
            while level:
                children = env[mo]
                for production in level:
                    action = production.action_view_mrp_production_childs()
                    found = env[mo].search(action.get("domain") or [("id", "=", action["res_id"])])
                    found.read(["name", "product_id", "product_qty", "state"])
                    children |= found
                    opened += 1
                level = children
            return opened

        def addon_tree(env):
            root = env[mo].browse(large.ids)
            action = root.action_view_production_tree()  # focused on its root
            domain = [("id", "=", action["context"]["hierarchy_res_id"])]
            nodes = env[mo].hierarchy_read(domain, hierarchy_fields, "parent_id", "child_ids")
            unfold, count = [n["id"] for n in nodes if n["id"] != root.id], len(nodes)
            while unfold:  # one click per order that has sub-orders
                found = env[mo].hierarchy_read(
                    [("parent_id", "=", unfold.pop())], hierarchy_fields, "parent_id", "child_ids"
                )
                count += len(found)
                unfold += [n["id"] for n in found if n["child_ids"]]
            return count

        rows = {
            "Odoo: Child MO button on every order": measure(env, odoo_tree, args.repeat),
            "addon: hierarchy view, every level unfolded": measure(env, addon_tree, args.repeat),
        }
        run(f"Tree of {large.name}: {len(large.descendant_ids) + 1} orders", rows, "tree")
        print(
            "orders reached: "
            + ", ".join(f"{name.split(':')[0]} {r[2]}" for name, r in rows.items())
        )

        productions = env[mo].search([("state", "=", "confirmed")], limit=REQUIREMENTS)

        def odoo_requirements(env):
            with forecast_of_odoo(env, True):
                return len(
                    [
                        (p.components_availability, p.components_availability_state)
                        for p in env[mo].browse(productions.ids)
                    ]
                )

        def addon_requirements(env):
            return len(env["mrp.production.requirement"]._compute_for(productions))

        rows = {  # Odoo's way takes minutes on 10,000 orders: measured once
            "Odoo: component availability of each MO": measure(env, odoo_requirements, 1),
            "addon: requirements": measure(env, addon_requirements, args.repeat),
        }
        run(f"Requirements of {len(productions)} open MOs", rows, "requirements")

        print(f"\n{'bounded':<52}{'seconds':>10}{'bound':>8}  within")
        for name, seconds, bound in bounded:
            print(f"{name:<52}{seconds:>10.3f}{bound:>8.1f}  {'yes' if seconds <= bound else 'NO'}")


if __name__ == "__main__":
    main()
