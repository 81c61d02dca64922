# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import Form, tagged

from .common import MpmCommon

ACTIONS = ("split", "close", "reopen", "customize", "produce")


@tagged("post_install", "-at_install")
class TestTreeProperties(MpmCommon):
    """Random BoM trees and random sequences of split / close / reopen / customize / produce.
    After every step: the ordered quantity is conserved (open + produced + closed balance),
    every sub-order makes what its parent needs and feeds it, no sub-order is missing or
    doubled, every order serves the sales line of its tree, and the planned cost of each
    tree is both the sum of its orders' and the cost of its bill of materials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("mrp_production_management.reason_close_replanned")
        cls.reason_customize = cls.env.ref(
            "mrp_production_management.reason_customize_customer_request"
        )
        cls.customer = cls.env.ref("mrp_production_management.partner_ege_aydinlatma")

    def build_tree(self, shape):
        """``shape[level]``: quantities of the manufactured components of every product of
        that level (each product of a level uses all products of the next one)."""
        raw = self.create_product("Property raw", standard_price=0.25)
        self.set_stock(raw, 10**6)
        levels = [[self.create_product("Property top", sale_ok=True)]]
        for quantities in shape:
            levels.append(
                [
                    self.create_product(f"Property L{len(levels)}.{i}")
                    for i in range(len(quantities))
                ]
            )
        for level, products in enumerate(levels):
            below = levels[level + 1] if level < len(shape) else []
            quantities = shape[level] if below else []
            for product in products:
                self.create_bom(product, [*zip(below, quantities, strict=True), (raw, 2)])
        return raw, self.env["product.product"].concat(*(p for level in levels for p in level))

    def tops(self, top_product):
        return self.env["mrp.production"].search(
            [("product_id", "=", top_product.id), ("parent_id", "=", False)], order="id"
        )

    # Steps: each picks its target with ``rnd`` among the orders it applies to.

    def step_split(self, tops, rnd):
        candidates = tops.filtered(lambda p: p.state == "confirmed" and p.product_qty >= 2)
        if candidates:
            production = rnd.choice(candidates)
            qty = int(production.product_qty)
            cuts = sorted(rnd.sample(range(1, qty), min(rnd.randint(2, 3), qty) - 1))
            quantities = [b - a for a, b in zip([0, *cuts], [*cuts, qty], strict=True)]
            production.with_user(self.mrp_user)._split_tree(quantities)

    def step_close(self, tops, rnd):
        candidates = tops.filtered(lambda p: p.state == "confirmed")
        if candidates:
            rnd.choice(candidates).with_user(self.mrp_manager)._close(self.reason)

    def step_reopen(self, tops, rnd):
        closures = tops.closure_ids.filtered(lambda c: c.qty_balance >= 1)
        if closures:
            closure = rnd.choice(closures)
            qty = rnd.randint(1, int(closure.qty_balance))
            closure.production_id.with_user(self.mrp_manager)._reopen(closure, qty)

    def step_customize(self, tops, rnd):
        candidates = tops.filtered(
            lambda p: p.state == "confirmed" and not p.bom_id.is_customization
        )
        if candidates:
            production = rnd.choice(candidates)
            form = Form(
                self.env["mrp.bom.customize"]
                .with_user(self.mrp_user)
                .with_context(default_production_id=production.id)
            )
            raw_index = [line["product_id"] for line in form.line_ids._records].index(self.raw.id)
            with form.line_ids.edit(raw_index) as line:
                line.product_qty += rnd.randint(1, 3)
            form.reason_ids.add(self.reason_customize)
            form.save().action_save()

    def step_produce(self, tops, rnd):
        candidates = tops.filtered(lambda p: p.state == "confirmed")
        if candidates:
            production = rnd.choice(candidates)
            for node in production.descendant_ids.filtered(lambda p: p.state == "confirmed").sorted(
                "tree_level", reverse=True
            ):
                self.produce(node)
            self.produce(production)

    # Invariants

    def assert_invariants(self, products, line, qty, step):
        self.env.invalidate_all()
        tops = self.tops(products[0])
        nodes = tops._get_with_descendants()
        mine = self.env["mrp.production"].search([("product_id", "in", products.ids)])
        self.assertEqual(mine, nodes, f"{step}: an order outside the trees")
        self.assertEqual(nodes.sale_line_id, line, f"{step}: an order serves another line")
        # the ordered quantity: open + produced + what closures can still reopen
        counted = sum(
            p.qty_produced if p.state == "done" else p.product_qty
            for p in tops
            if p.state != "cancel"
        )
        balance = sum(tops.closure_ids.mapped("qty_balance"))
        self.assertAlmostEqual(counted + balance, qty, msg=f"{step}: quantity not conserved")
        self.assertTrue(all(c.qty_balance >= 0 for c in nodes.closure_ids))
        for parent in nodes.filtered(lambda p: p.state != "cancel"):
            made = {
                bom_line.product_id: bom_line.product_qty
                for bom_line in parent.bom_id.bom_line_ids
                if bom_line.product_id.bom_ids
            }
            children = parent.child_ids.filtered(lambda c: c.state != "cancel")
            self.assertEqual(
                sorted(children.product_id.ids), sorted(p.id for p in made), f"{step}: sub-orders"
            )
            for child in children:
                self.assertAlmostEqual(
                    child.product_qty, parent.product_qty * made[child.product_id], msg=step
                )
                finished = child.move_finished_ids.filtered(
                    lambda m, child=child: m.product_id == child.product_id
                )
                self.assertEqual(finished.move_dest_ids.raw_material_production_id, parent, step)
                self.assertEqual(finished.move_dest_ids.move_orig_ids, finished, step)
        for top in tops.filtered(lambda p: p.state != "cancel"):
            tree = top._get_with_descendants()
            self.assertAlmostEqual(top.tree_cost_planned, sum(tree.mapped("cost_planned")), 2)
            self.assertAlmostEqual(top.tree_cost_planned, top.bom_cost, 2, f"{step}: cost")

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        shape=st.lists(
            st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=2),
            max_size=2,
        ),
        qty=st.integers(min_value=2, max_value=24),
        steps=st.lists(
            st.tuples(st.sampled_from(ACTIONS), st.randoms(use_true_random=False)),
            min_size=1,
            max_size=5,
        ),
    )
    def test_random_operations_keep_the_invariants(self, shape, qty, steps):
        with self.env.cr.savepoint(flush=False) as savepoint:
            self.raw, products = self.build_tree(shape)
            top_product = products[0]
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": top_product.id, "product_uom_qty": qty})
                    ],
                }
            )
            order.action_confirm()
            order.order_line.with_user(self.mrp_user).action_create_production()
            self.assert_invariants(products, order.order_line, qty, "created")
            for index, (action, rnd) in enumerate(steps):
                getattr(self, f"step_{action}")(self.tops(top_product), rnd)
                self.assert_invariants(products, order.order_line, qty, f"{index}: {action}")
            savepoint.rollback()
        self.env.invalidate_all()
