# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Print a 40-order tree (1 + 3 + 9 + 27 manufacturing orders, two components each):

- by Odoo: its own production order report for each of the 40 orders;
- by this addon: the manufacturing order sheet of the top order, which lists the tree.

Both rendered as HTML (the PDF conversion by wkhtmltopdf is the same for both). Prints median
time and query count of each way and the ratio to Odoo's way. Run with benchmarks/run (it
prepares the database)."""

from bench_mo_tree import build_tree
from common import environment, measure, parse_args, report


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        production, tree = build_tree(env, "Sheet", 5)
        reports = env["ir.actions.report"]

        def odoo_way(env):
            html, _type = reports._render_qweb_html("mrp.action_report_production_order", tree.ids)
            return len(html)

        def addon_way(env):
            html, _type = reports._render_qweb_html(
                "mrp_production_management.action_report_mrp_production_sheet", production.ids
            )
            return len(html)

        odoo_way(env)  # compile both templates before measuring
        addon_way(env)
        rows = {
            "Odoo: production order report of the 40 MOs": measure(env, odoo_way, args.repeat),
            "mrp_production_management: MO sheet": measure(env, addon_way, args.repeat),
        }
        report("Print a 40-MO tree", rows, baseline=next(iter(rows)))


if __name__ == "__main__":
    main()
