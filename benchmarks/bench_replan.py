# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Replan and promise on capacity:

- the promise date of a quotation line whose tree has 40 orders (1 + 3 + 9 + 27, an
  operation each on two work centers), against Odoo's own promise, the summed lead times of
  its rules (``stock.rule._get_lead_days``);
- the promise of whole quotations in one call: 10 and 100 lines of 5 products, 100 lines of
  20 products (three-level trees): the queries grow with the products, not the lines;
- replanning a tree forward (work orders written, old -> new in each chatter): the demo's
  largest tree (when the database has the demo data) and a 781-order tree (5 components a
  level, 4 levels below the top), against planning the same work orders order by order
  with Odoo's Plan button (``button_plan``).

Prints median time and query count of each way and the ratio to the first one.
Run with benchmarks/run (MPM_BENCH_DB=<a database with demo data> for the demo's tree)."""

from itertools import pairwise

from bench_mo_tree import build_products
from common import environment, measure, parse_args, report

from odoo import Command


def add_operations(env, products, workcenters, minutes=6):
    """An operation on each product's BoM, on the work centers in turn."""
    boms = env["mrp.bom"].search([("product_tmpl_id", "in", products.product_tmpl_id.ids)])
    for index, bom in enumerate(boms.sorted("id")):
        bom.operation_ids = [
            Command.create(
                {
                    "name": f"Step {index}",
                    "workcenter_id": workcenters[index % len(workcenters)].id,
                    "time_cycle_manual": minutes + index % 5,
                }
            )
        ]


def quotation(env, lines):
    return env["sale.order"].create(
        {
            "partner_id": env.ref("base.main_partner").id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
    )


def summed_lead_times(env, order):
    """Odoo's own promise: the lead days of the rules that supply each line."""
    location = order.warehouse_id.lot_stock_id
    days = 0.0
    for line in order.order_line:
        rules = line.product_id._get_rules_from_location(location)
        days = max(days, rules._get_lead_days(line.product_id)[0]["total_delay"])
    return days


def build_small_trees(env, workcenters, count):
    """``count`` finished products, each made of two sub-assemblies made of a part."""
    new = env["product.product"].create
    raws = new([{"name": f"Promise raw {i}", "is_storable": True} for i in range(4)])
    finished = new([{"name": f"Promise finished {i}", "is_storable": True} for i in range(count)])
    subs = new([{"name": f"Promise sub {i}", "is_storable": True} for i in range(count * 2)])
    parts = new([{"name": f"Promise part {i}", "is_storable": True} for i in range(count * 2)])

    def bom(product, components):
        return {
            "product_tmpl_id": product.product_tmpl_id.id,
            "bom_line_ids": [
                Command.create({"product_id": c.id, "product_qty": q}) for c, q in components
            ],
        }

    env["mrp.bom"].create(
        [
            bom(f, [(subs[2 * i], 1), (subs[2 * i + 1], 2), (raws[0], 1)])
            for i, f in enumerate(finished)
        ]
        + [bom(s, [(parts[i], 1), (raws[1], 2)]) for i, s in enumerate(subs)]
        + [bom(p, [(raws[2], 1), (raws[3], 3)]) for p in parts]
    )
    add_operations(env, finished | subs | parts, workcenters, minutes=3)
    return finished


def build_large_tree(env, workcenters):
    """A confirmed tree of 781 orders, sub-orders made by the addon."""
    new = env["product.product"].create
    levels = [new([{"name": "Replan large top", "is_storable": True}])]
    for depth in range(4):
        levels.append(
            new([{"name": f"Replan large L{depth + 1} {i}", "is_storable": True} for i in range(5)])
        )
    raw = new({"name": "Replan large raw", "is_storable": True})
    for above, below in pairwise(levels):
        env["mrp.bom"].create(
            [
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "bom_line_ids": [Command.create({"product_id": p.id}) for p in below],
                }
                for product in above
            ]
        )
    env["mrp.bom"].create(
        [
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [Command.create({"product_id": raw.id})],
            }
            for product in levels[-1]
        ]
    )
    add_operations(env, env["product.product"].union(*levels), workcenters, minutes=2)
    production = env["mrp.production"].create({"product_id": levels[0].id, "product_qty": 1})
    production.action_confirm()
    return production


def plan_one_by_one(tree):
    """Odoo's Plan button on each order, sub-orders first."""
    for production in tree.sorted(lambda p: (-p.tree_level, p.id)):
        production.button_plan()
    return len(tree)


def compare_replan(env, title, top, repeat):
    tree = top._get_with_descendants()
    rows = {
        "Odoo: Plan button on each order": measure(env, lambda env: plan_one_by_one(tree), repeat),
        "mrp_production_management: preview": measure(
            env, lambda env: len(top._get_replan("forward")[0].nodes), repeat
        ),
        "mrp_production_management: replan and apply": measure(
            env, lambda env: len(top._apply_replan("forward")[0].nodes), repeat
        ),
    }
    report(f"{title} ({len(tree)} orders)", rows, baseline=next(iter(rows)))


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        env.company.write({"mo_child_auto_create": True, "mo_child_qty_mode": "full"})
        workcenters = env["mrp.workcenter"].create(
            [{"name": f"Replan bench {i}", "code": f"RB{i}"} for i in range(3)]
        )

        top = build_products(env, "Promise tree")[0]
        add_operations(
            env, env["product.product"].search([("name", "like", "Promise tree")]), workcenters[:2]
        )
        order = quotation(env, [(top, 5)])
        rows = {
            "Odoo: summed lead times of the rules": measure(
                env, lambda env: summed_lead_times(env, order), args.repeat
            ),
            "mrp_production_management: promise": measure(
                env, lambda env: len(order.order_line._get_promises()), args.repeat
            ),
        }
        report("Promise a line whose tree has 40 orders", rows, baseline=next(iter(rows)))

        finished = build_small_trees(env, workcenters, 20)
        few = quotation(env, [(finished[i % 5], 1 + i % 3) for i in range(10)])
        many = quotation(env, [(finished[i % 5], 1 + i % 3) for i in range(100)])
        varied = quotation(env, [(finished[i % 20], 1 + i % 3) for i in range(100)])
        rows = {
            "10 lines of 5 products": measure(
                env, lambda env: len(few.order_line._get_promises()), args.repeat
            ),
            "100 lines of 5 products": measure(
                env, lambda env: len(many.order_line._get_promises()), args.repeat
            ),
            "100 lines of 20 products": measure(
                env, lambda env: len(varied.order_line._get_promises()), args.repeat
            ),
            "Odoo: summed lead times, 100 lines": measure(
                env, lambda env: summed_lead_times(env, many), args.repeat
            ),
        }
        report("Promise a quotation in one call (5-order trees)", rows, baseline=next(iter(rows)))

        demo = env["mrp.production"].search(
            [
                ("parent_id", "=", False),
                ("state", "in", ("confirmed", "progress", "to_close")),
                ("is_suspended", "=", False),
                ("company_id", "=", env.company.id),
                ("product_id.name", "not like", "Promise"),
            ]
        )
        if env.ref("mrp_production_management.product_sfp_transceiver", False) and demo:
            largest = max(demo, key=lambda p: (len(p._get_with_descendants()), -p.id))
            compare_replan(
                env, f"Replan the demo's largest tree {largest.name}", largest, args.repeat
            )
        else:
            print("\n(no demo data in this database: the demo's tree is not replanned)")
        large = build_large_tree(env, workcenters)
        compare_replan(env, "Replan a 781-order tree", large, 1)


if __name__ == "__main__":
    main()
