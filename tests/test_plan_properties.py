# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Plans never double-produce: random sales orders, stock, reservations, deliveries and
manufacturing orders covering parts of lines; filling a plan and converting it covers what is
still needed, filling again adds nothing, and no sales line is covered beyond what it orders."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import Form, tagged

from .common import MpmCommon

LINE = st.tuples(
    st.integers(min_value=0, max_value=2),  # product
    st.integers(min_value=1, max_value=6),  # ordered
    st.integers(min_value=0, max_value=6),  # already made by an order of the line
    st.sampled_from(("none", "reserve", "deliver")),  # what the delivery does first
)


@tagged("post_install", "-at_install")
class TestPlanProperties(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Plan Property Customer"})
        raw = cls.create_product("Plan property raw")
        cls.env["stock.quant"]._update_available_quantity(raw, cls.stock_location, 10**6)
        cls.finished = [
            cls.create_product(f"Plan property product {i}", sale_ok=True) for i in range(3)
        ]
        for product in cls.finished:
            cls.create_bom(product, [(raw, 1)])

    def covered(self, line):
        """What the line's own orders make plus what is delivered or reserved for it."""
        moves = line.move_ids.filtered(
            lambda m: m.state != "cancel" and m.location_dest_id.usage == "customer"
        )
        shipped = line.qty_delivered + sum(
            moves.filtered(lambda m: m.state != "done").mapped("quantity")
        )
        return line._get_top_productions()._get_qty_in(line.product_id.uom_id) + shipped

    def build(self, stock, lines):
        for product, qty in zip(self.finished, stock, strict=True):
            if qty:
                self.env["stock.quant"]._update_available_quantity(
                    product, self.stock_location, qty
                )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.finished[p].id, "product_uom_qty": qty})
                    for p, qty, _made, _ship in lines
                ],
            }
        )
        order.action_confirm()
        for sale_line, (_p, _qty, made, ship) in zip(order.order_line, lines, strict=True):
            move = sale_line.move_ids
            if ship != "none":
                move.picking_id.action_assign()
            if ship == "deliver" and move.quantity:
                move.picked = True
                action = move.picking_id.button_validate()
                if isinstance(action, dict):  # a backorder for the rest
                    Form(
                        self.env[action["res_model"]].with_context(**action["context"])
                    ).save().process()
            uncovered = sale_line._get_qty_uncovered()
            if min(made, uncovered) >= 1:
                form = Form(self.env["mrp.production"])
                form.product_id = sale_line.product_id
                form.product_qty = min(made, uncovered)
                production = form.save()
                production.action_confirm()
                production._link_to_sale_line(sale_line)
        return order

    @settings(
        max_examples=int(os.environ.get("MPM_PLAN_EXAMPLES", "20")),
        deadline=None,
        derandomize=not os.environ.get("MPM_MACHINE_RANDOM"),
        suppress_health_check=list(HealthCheck),
    )
    @given(
        stock=st.lists(st.integers(min_value=0, max_value=6), min_size=3, max_size=3),
        lines=st.lists(LINE, min_size=1, max_size=5),
        grouping=st.sampled_from(("line", "product")),
    )
    def test_fill_convert_fill_never_double_produces(self, stock, lines, grouping):
        with self.env.cr.savepoint(flush=False) as savepoint:
            order = self.build(stock, lines)
            for line in order.order_line:
                self.assertLessEqual(self.covered(line), line.product_uom_qty + 1e-6)
            plan = self.env["mrp.production.plan"].with_user(self.mrp_user).create({})
            plan._fill_from_sales(grouping=grouping, partners=self.customer)
            plan.action_convert()
            for line in order.order_line:
                covered = self.covered(line)
                self.assertLessEqual(
                    covered,
                    line.product_uom_qty + 1e-6,
                    f"{order.name} {line.product_id.name}: covered beyond its need",
                )
            again = self.env["mrp.production.plan"].with_user(self.mrp_user).create({})
            self.assertFalse(
                again._fill_from_sales(grouping=grouping, partners=self.customer),
                "filling again adds",
            )
            savepoint.rollback()
