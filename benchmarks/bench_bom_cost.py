# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Cost of a customized 4-level bill of materials (40 BoMs: 1 + 3 + 9 + 27, each with two
purchased components and one operation), for 10 units:

- by Odoo: its BoM structure report (BoM Overview), whose total is the BoM cost;
- by this addon: the live cost the customization editor, the MO and the customization show.

Both give the same figure (checked); prints median time and query count of each way and
the ratio to Odoo's way. Run with benchmarks/run (it prepares the database)."""

from bench_mo_tree import build_products
from common import environment, measure, parse_args, report

from odoo import Command


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        products = build_products(env, "Cost")
        workcenter = env["mrp.workcenter"].create({"name": "Cost bench", "costs_hour": 60})
        for index, product in enumerate(products):
            product.standard_price = index + 1
        raw = products.bom_ids.bom_line_ids.product_id - products
        for index, product in enumerate(raw):
            product.standard_price = 0.5 * (index + 1)
        products.bom_ids.operation_ids = [
            Command.create(
                {"name": "Assemble", "workcenter_id": workcenter.id, "time_cycle_manual": 6}
            )
        ]
        standard = products[0].bom_ids
        customization = standard.copy(
            {"is_customization": True, "origin_bom_id": standard.id, "sequence": 1000}
        )
        customization.bom_line_ids[-1].product_qty = 5
        report_model = env["report.mrp.report_bom_structure"]

        def odoo_cost(bom):
            return lambda env: report_model._get_report_data(bom.id, searchQty=10)["lines"][
                "bom_cost"
            ]

        def addon_cost(bom):
            return lambda env: bom._get_cost(10)["total"]

        rows = {
            "Odoo: BoM structure report, customization": measure(
                env, odoo_cost(customization), args.repeat
            ),
            "mrp_production_management: live cost": measure(
                env, addon_cost(customization), args.repeat
            ),
        }
        same = round(addon_cost(standard)(env), 2) == round(odoo_cost(standard)(env), 2)
        assert same, "the addon's cost differs from Odoo's BoM structure report"
        report("Cost of a customized 4-level BoM, 10 units", rows, baseline=next(iter(rows)))
        print(f"(cost: Odoo {rows[next(iter(rows))][2]:.2f}, addon {rows[list(rows)[1]][2]:.2f})")


if __name__ == "__main__":
    main()
