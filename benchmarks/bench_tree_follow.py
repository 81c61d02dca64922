# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Resize (10 -> 15) and reschedule (5 days earlier) a 4-level tree of 40 manufacturing
orders (1 + 3 + 9 + 27):

- by this addon: Odoo's Change Quantity, or one write of the start, on the top order; its
  sub-orders follow;
- by hand with Odoo: the same 40 orders without a tree (each confirmed on its own), Odoo's
  Change Quantity, or a write of the start, on each of them, one after the other.

Prints median time and query count of each way and the ratio to Odoo's way.
Run with benchmarks/run (it prepares the database)."""

from datetime import timedelta

from bench_mo_tree import build_tree
from common import environment, measure, parse_args, report


def change_quantity(env, productions, factor):
    for production in productions:
        env["change.production.qty"].create(
            {"mo_id": production.id, "product_qty": production.product_qty * factor}
        ).change_prod_qty()
    return len(productions)


def move_start(productions, delta):
    for production in productions:
        production.date_start += delta
    return len(productions)


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        top, tree = build_tree(env, "Follow", 10)
        env.company.mo_child_auto_create = False
        alone = env["mrp.production"].create(
            [
                {"product_id": node.product_id.id, "product_qty": node.product_qty}
                for node in tree.sorted("tree_level")
            ]
        )
        alone.action_confirm()
        env.company.mo_child_auto_create = True  # the addon builds (and keeps) the trees
        earlier = timedelta(days=-5)
        rows = {
            "Odoo: Change Quantity on each of the 40 MOs": measure(
                env, lambda env: change_quantity(env, alone, 1.5), args.repeat
            ),
            "mrp_production_management: on the top, tree follows": measure(
                env, lambda env: change_quantity(env, top, 1.5), args.repeat
            ),
        }
        report("Resize a 40-MO tree 10 -> 15", rows, baseline=next(iter(rows)))
        rows = {
            "Odoo: move the start of each of the 40 MOs": measure(
                env, lambda env: move_start(alone, earlier), args.repeat
            ),
            "mrp_production_management: on the top, tree follows": measure(
                env, lambda env: move_start(top, earlier), args.repeat
            ),
        }
        report("Move a 40-MO tree 5 days earlier", rows, baseline=next(iter(rows)))
        assert not top._get_tree_problems(), top._get_tree_problems()


if __name__ == "__main__":
    main()
