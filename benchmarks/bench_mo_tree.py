# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A 4-level tree of 40 manufacturing orders (1 + 3 + 9 + 27), built on the same products:

- the ORM's floor: the 40 orders, each with the quantity it has in the tree, created in ONE
  ``create`` and confirmed in ONE ``action_confirm``, with no chaining between them (what
  Odoo needs at least to create and confirm 40 orders);
- by Odoo: the products also have the make-to-order route, so confirming the top MO makes
  Odoo's procurement create the 39 sub-orders;
- by this addon: confirming the top MO creates its sub-orders (manufacture route only).

Prints median time and query count of each way and the ratio to the floor.
Run with benchmarks/run (it prepares the database)."""

from common import environment, measure, parse_args, report

from odoo import Command

BRANCHES = 3
LEVELS = 4


def build_products(env, prefix):
    """Products whose BoMs make a tree of LEVELS levels with BRANCHES sub-assemblies each;
    every level also needs two purchased components."""
    product_model = env["product.product"]
    raw = product_model.create(
        [{"name": f"{prefix} raw {i}", "is_storable": True} for i in range(2)]
    )
    count = sum(BRANCHES**level for level in range(LEVELS))
    products = product_model.create(
        [{"name": f"{prefix} part {i}", "is_storable": True} for i in range(count)]
    )
    bom_vals = []
    for index, product in enumerate(products):
        children = products[index * BRANCHES + 1 : index * BRANCHES + 1 + BRANCHES]
        bom_vals.append(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_id": product.id,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": 2})
                    for component in children | raw
                ],
            }
        )
    env["mrp.bom"].create(bom_vals)
    return products


def build_tree(env, prefix, qty):
    """A confirmed tree of 40 orders for ``qty`` top products, sub-orders made by the addon."""
    env.company.mo_child_auto_create = True
    top = build_products(env, prefix)[0]
    production = env["mrp.production"].create({"product_id": top.id, "product_qty": qty})
    production.action_confirm()
    tree = production._get_with_descendants()
    assert len(tree) == 40
    return production, tree


def confirm_top(env, top, qty=5):
    production = env["mrp.production"].create({"product_id": top.id, "product_qty": qty})
    production.action_confirm()
    return env["mrp.production"].search_count([("create_date", ">=", production.create_date)])


def tree_quantities(products, qty):
    """(product, quantity) of each order of the tree of ``products[0]`` for ``qty`` top
    products: each BoM line asks for 2 of its component."""
    quantities = [qty]
    for index in range(1, len(products)):
        quantities.append(quantities[(index - 1) // BRANCHES] * 2)
    return list(zip(products, quantities, strict=True))


def create_floor(env, products, qty=5):
    """The 40 orders in one create and one confirm, no sub-orders, no chaining; their
    operation type given, as sub-orders get their parent's."""
    picking_type = env["stock.warehouse"].search([], limit=1).manu_type_id
    productions = env["mrp.production"].create(
        [
            {
                "product_id": product.id,
                "product_qty": product_qty,
                "picking_type_id": picking_type.id,
            }
            for product, product_qty in tree_quantities(products, qty)
        ]
    )
    productions.action_confirm()
    return len(productions)


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        company = env.company
        manufacture = env.ref("mrp.route_warehouse0_manufacture")
        mto = env.ref("stock.route_warehouse0_mto")
        mto.active = True

        floor_products = build_products(env, "Floor")
        addon_top = build_products(env, "Addon")[0]
        odoo_products = build_products(env, "Odoo MTO")
        odoo_products.route_ids = [Command.set((manufacture | mto).ids)]
        odoo_products[0].route_ids = [Command.set(manufacture.ids)]

        def addon_way(env):
            company.mo_child_auto_create = True
            return confirm_top(env, addon_top)

        def odoo_way(env):
            company.mo_child_auto_create = False
            return confirm_top(env, odoo_products[0])

        def floor_way(env):
            company.mo_child_auto_create = False
            return create_floor(env, floor_products)

        rows = {
            "ORM floor: one create + one confirm, 40 MOs": measure(env, floor_way, args.repeat),
            "Odoo: make-to-order + manufacture routes": measure(env, odoo_way, args.repeat),
            "mrp_production_management: sub-orders": measure(env, addon_way, args.repeat),
        }
        for name, (_seconds, _queries, created) in rows.items():
            assert created == 40, f"{name} created {created} manufacturing orders, not 40"
        report("Build a 4-level tree of 40 manufacturing orders", rows, baseline=next(iter(rows)))


if __name__ == "__main__":
    main()
