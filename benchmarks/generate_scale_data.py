# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Fill a database with a large factory's worth of data and commit it (for bench_scale.py):

- 4,000 confirmed sales orders, each with five lines of the 20 finished products;
- for each line a three-level MO tree of 5 orders (the product, two sub-assemblies, and a
  part below each), created from the line and linked to it: 100,000 MOs;
- 500 customizations (customer BoMs), 300 of them applied to open trees;
- one large tree of 781 orders (5 components a level, 4 levels below the top).

Run it once: benchmarks/run generate_scale_data (MPM_BENCH_DB=mpm_scale keeps it apart
from the other benchmarks' database). Batches of 50 sales orders (250 trees), committed one
by one; run again after an interruption, it goes on where it stopped.
MPM_SCALE_ORDERS sets the number of sales orders (400 for 10,000 MOs)."""

import os
import time
from itertools import pairwise

from common import environment, parse_args

from odoo import Command

SALE_ORDERS = int(os.environ.get("MPM_SCALE_ORDERS", "4000"))
LINES_PER_ORDER = 5
CUSTOMIZATIONS = 500
APPLIED = 300
BATCH = 50


def create_products(env, prefix, count, **vals):
    return env["product.product"].create(
        [{"name": f"{prefix} {i:03d}", "is_storable": True, **vals} for i in range(count)]
    )


def create_boms(env, products, components_of):
    return env["mrp.bom"].create(
        [
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": qty})
                    for component, qty in components_of(i)
                ],
            }
            for i, product in enumerate(products)
        ]
    )


def main():
    args = parse_args(__doc__)
    with environment(args.database) as env:
        start = time.perf_counter()
        finished = env["product.product"].search(
            [("name", "=like", "Scale finished %")], order="name"
        )
        if env["product.product"].search_count([("name", "=like", "Scale large top %")]):
            raise SystemExit(f"{args.database} already holds the scale data.")
        if not finished:
            env.company.write({"mo_child_auto_create": True, "mo_child_qty_mode": "full"})
            raws = create_products(env, "Scale raw", 50, standard_price=1.5)
            parts = create_products(env, "Scale part", 30)
            subs = create_products(env, "Scale sub-assembly", 30)
            finished = create_products(env, "Scale finished", 20, sale_ok=True)
            create_boms(env, parts, lambda i: [(raws[i], 2), (raws[i + 20], 1)])
            create_boms(env, subs, lambda i: [(parts[i], 1), (raws[(i + 7) % 50], 3)])
            create_boms(
                env,
                finished,
                lambda i: [(subs[i], 1), (subs[i + 10], 2), (raws[i + 30], 4)],
            )
            env["res.partner"].create([{"name": f"Scale customer {i:03d}"} for i in range(200)])
            env.cr.commit()
        raws = env["product.product"].search([("name", "=like", "Scale raw %")], order="name")
        boms = env["mrp.bom"].search(
            [("product_tmpl_id", "in", finished.product_tmpl_id.ids)], order="id"
        )
        customers = env["res.partner"].search([("name", "=like", "Scale customer %")], order="name")
        done = env["sale.order"].search_count([("partner_id", "in", customers.ids)])
        for batch in range(done, SALE_ORDERS, BATCH):
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customers[i % 200].id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": finished[(i + line) % 20].id,
                                    "product_uom_qty": 1 + (i + line) % 5,
                                }
                            )
                            for line in range(LINES_PER_ORDER)
                        ],
                    }
                    for i in range(batch, min(batch + BATCH, SALE_ORDERS))
                ]
            )
            orders.action_confirm()
            orders.order_line.action_create_production()
            env.cr.commit()
            env.invalidate_all()
            print(
                f"{min(batch + BATCH, SALE_ORDERS)} sales orders, "
                f"{time.perf_counter() - start:.0f}s",
                flush=True,
            )

        customizations = env["mrp.bom"].create(
            [
                {
                    "product_tmpl_id": boms[i % 20].product_tmpl_id.id,
                    "is_customization": True,
                    "origin_bom_id": boms[i % 20].id,
                    "partner_id": customers[i % 200].id,
                    "code": f"SCALE-C{i:03d}",
                    "bom_line_ids": [
                        Command.create(
                            {"product_id": line.product_id.id, "product_qty": line.product_qty + 1}
                        )
                        for line in boms[i % 20].bom_line_ids
                    ],
                }
                for i in range(CUSTOMIZATIONS)
            ]
        )
        roots = env["mrp.production"].search(
            [("product_id", "in", finished.ids), ("parent_id", "=", False)], limit=APPLIED
        )
        by_key = {(c.partner_id, c.product_tmpl_id): c for c in customizations}
        for root in roots:
            customization = by_key.get((root.partner_id, root.product_id.product_tmpl_id))
            if customization:
                root._apply_bom(customization)
        env.cr.commit()
        print(f"{CUSTOMIZATIONS} customizations, {time.perf_counter() - start:.0f}s", flush=True)

        levels = [create_products(env, "Scale large top", 1)]
        for depth in range(4):
            levels.append(create_products(env, f"Scale large L{depth + 1}", 5))
        for above, below in pairwise(levels):
            create_boms(env, above, lambda i, below=below: [(p, 1) for p in below])
        create_boms(env, levels[-1], lambda i: [(raws[i], 1)])
        large = env["mrp.production"].create({"product_id": levels[0].id, "product_qty": 1})
        large.action_confirm()
        env.cr.commit()
        print(
            f"large tree {large.name}: {len(large.descendant_ids) + 1} orders; "
            f"{env['mrp.production'].search_count([])} MOs, "
            f"{env['sale.order'].search_count([])} sales orders, "
            f"{env['mrp.bom'].search_count([('is_customization', '=', True)])} customizations "
            f"in {time.perf_counter() - start:.0f}s",
            flush=True,
        )


if __name__ == "__main__":
    main()
