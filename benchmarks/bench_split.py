# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Split a 40-order tree (1 + 3 + 9 + 27 manufacturing orders) into 2 and into 10 parts:

- by this addon: one split of the top order, its sub-orders split in proportion and chained;
- by Odoo: what its own split wizard (mrp.production.split) runs on apply, its
  ``_split_productions``, on each of the 40 orders with the same parts, one after the other.

Prints median time and query count of each way and the ratio to Odoo's way.
Run with benchmarks/run (it prepares the database)."""

from bench_mo_tree import build_tree
from common import environment, measure, parse_args, report


def split_quantity(*args):
    from odoo.addons.mrp_production_management.models.mrp_production_split import (
        split_quantity,
    )

    return split_quantity(*args)


def addon_split(production, parts):
    def run(env):
        result = production._split_tree(split_quantity(production.product_qty, [1] * parts, 1.0))
        return len(result)

    return run


def odoo_split(production, parts):
    def run(env):
        tree = env["mrp.production"].search([("id", "child_of", production.id)])
        for node in tree:
            # What Odoo's split wizard does on apply (driving the wizard itself would now
            # split the whole tree, the addon's way).
            shares = split_quantity(node.product_qty, [1] * parts, node.product_uom_id.rounding)
            node._split_productions({node: shares})
        return len(tree)

    return run


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        production, _tree = build_tree(env, "Split", 100)
        for parts in (2, 10):
            rows = {
                f"Odoo: split wizard on each of the 40 MOs, {parts} parts": measure(
                    env, odoo_split(production, parts), args.repeat
                ),
                f"mrp_production_management: tree split, {parts} parts": measure(
                    env, addon_split(production, parts), args.repeat
                ),
            }
            report(f"Split a 40-MO tree into {parts} parts", rows, baseline=next(iter(rows)))


if __name__ == "__main__":
    main()
