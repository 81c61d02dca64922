# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Turn 200 planned lines (10 products, each with a BoM of three components and one
operation) into 200 confirmed manufacturing orders:

- by Odoo: one manufacturing order created and confirmed after the other, as a planner
  does it by hand from the MO form;
- by this addon: one "Convert to Manufacturing Orders" on a 200-line production plan.

Prints median time and query count of each way, the ratio to Odoo's way, and the queries
per line. Run with benchmarks/run (it prepares the database)."""

from common import environment, measure, parse_args, report

from odoo import Command

LINES = 200


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        env.company.mo_child_auto_create = False
        raw = env["product.product"].create(
            [{"name": f"Plan raw {i}", "is_storable": True} for i in range(3)]
        )
        workcenter = env["mrp.workcenter"].create({"name": "Plan bench"})
        products = env["product.product"].create(
            [{"name": f"Plan product {i}", "is_storable": True} for i in range(10)]
        )
        env["mrp.bom"].create(
            [
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "bom_line_ids": [Command.create({"product_id": p.id}) for p in raw],
                    "operation_ids": [
                        Command.create({"name": "Make", "workcenter_id": workcenter.id})
                    ],
                }
                for product in products
            ]
        )
        quantities = [(products[i % 10], 1 + i % 5) for i in range(LINES)]
        plan = env["mrp.production.plan"].create(
            {
                "line_ids": [
                    Command.create({"product_id": product.id, "product_qty": qty})
                    for product, qty in quantities
                ]
            }
        )

        def odoo_way(env):
            for product, qty in quantities:
                production = env["mrp.production"].create(
                    {"product_id": product.id, "product_qty": qty}
                )
                production.action_confirm()
            return LINES

        def addon_way(env):
            plan.action_convert()
            return len(plan.production_ids)

        rows = {
            "Odoo: 200 MOs created and confirmed one by one": measure(env, odoo_way, args.repeat),
            "mrp_production_management: convert the plan": measure(env, addon_way, args.repeat),
        }
        report(f"Convert a {LINES}-line production plan", rows, baseline=next(iter(rows)))
        for name, (_seconds, queries, created) in rows.items():
            print(f"{name}: {created} MOs, {queries / LINES:.1f} queries per line")


if __name__ == "__main__":
    main()
