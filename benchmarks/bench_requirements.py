# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Material requirements of 1,000 confirmed manufacturing orders with 10 components each
(20 products, 40 components, some stock, some receipts):

- by Odoo: the component availability of each order (the "Component Status" column of
  the manufacturing order list: ``components_availability`` and its state);
- by this addon: the requirements of the whole selection, one row per component.

Prints median time and query count of each way and the ratio to Odoo's way. Run with
benchmarks/run (it prepares the database)."""

from common import environment, measure, parse_args, report

from odoo import Command

ORDERS = 1000


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        env.company.mo_child_auto_create = False
        components = env["product.product"].create(
            [{"name": f"Req bench raw {i}", "is_storable": True} for i in range(40)]
        )
        products = env["product.product"].create(
            [{"name": f"Req bench product {i}", "is_storable": True} for i in range(20)]
        )
        env["mrp.bom"].create(
            [
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "bom_line_ids": [
                        Command.create({"product_id": c.id, "product_qty": 1 + j % 3})
                        for j, c in enumerate(components[i % 30 : i % 30 + 10])
                    ],
                }
                for i, product in enumerate(products)
            ]
        )
        stock = env.ref("stock.warehouse0").lot_stock_id
        for component in components[::2]:
            env["stock.quant"]._update_available_quantity(component, stock, 500)
        productions = env["mrp.production"].create(
            [{"product_id": products[i % 20].id, "product_qty": 1 + i % 4} for i in range(ORDERS)]
        )
        productions.action_confirm()
        env.flush_all()

        def odoo_way(env):
            return len(
                [
                    (p.components_availability, p.components_availability_state)
                    for p in env["mrp.production"].browse(productions.ids)
                ]
            )

        def addon_way(env):
            return len(env["mrp.production.requirement"]._compute_for(productions))

        rows = {
            "Odoo: component availability of each MO": measure(env, odoo_way, args.repeat),
            "mrp_production_management: requirements": measure(env, addon_way, args.repeat),
        }
        report(f"Requirements of {ORDERS} MOs, 10 components each", rows, next(iter(rows)))


if __name__ == "__main__":
    main()
