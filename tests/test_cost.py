# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Planned and actual cost equal Odoo's own MO Overview to the cent, and the variance
compares the actual cost with the planned cost of what was produced."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestCost(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fifo = cls.env["product.category"].create(
            {"name": "Cost FIFO", "property_cost_method": "fifo"}
        )
        cls.workcenter = cls.env["mrp.workcenter"].create(
            {"name": "Cost cell", "costs_hour": 90.0, "time_efficiency": 100}
        )
        # Top (a unit) <- 2 Sub + 3 R1; Sub <- 1 Leaf + 4 R2; Leaf <- 2 R3; each 6 min a unit
        prices = {"R1": 1.15, "R2": 0.35, "R3": 2.45}
        cls.raws = {
            name: cls.create_product(f"Cost {name}", standard_price=price, categ_id=cls.fifo.id)
            for name, price in prices.items()
        }
        cls.leaf, cls.sub, cls.top = (
            cls.create_product(f"Cost {name}", categ_id=cls.fifo.id)
            for name in ("Leaf", "Sub", "Top")
        )
        for product, lines in (
            (cls.leaf, [(cls.raws["R3"], 2)]),
            (cls.sub, [(cls.leaf, 1), (cls.raws["R2"], 4)]),
            (cls.top, [(cls.sub, 2), (cls.raws["R1"], 3)]),
        ):
            cls.create_bom(
                product,
                lines,
                operation_ids=[
                    Command.create(
                        {
                            "name": f"Make {product.name}",
                            "workcenter_id": cls.workcenter.id,
                            "time_mode": "manual",
                            "time_cycle_manual": 6,
                        }
                    )
                ],
            )
        for product in cls.sfp_pcba.bom_ids.bom_line_ids.product_id.union(*cls.raws.values()):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, 1000)

    def overview(self, production):
        """MO cost and real cost of Odoo's MO Overview of ``production``."""
        self.env.invalidate_all()
        summary = self.env["report.mrp.report_mo_overview"].get_report_values(production.id)[
            "data"
        ]["summary"]
        return summary["mo_cost"], summary["real_cost"]

    def assertEqualsOverview(self, production, msg=None):
        self.env.invalidate_all()
        self.assertEqual(
            (round(production.cost_planned, 2), round(production.cost_actual, 2)),
            tuple(round(cost, 2) for cost in self.overview(production)),
            msg or production.name,
        )

    def record_time(self, production, minutes):
        for workorder in production.workorder_ids:
            start = fields.Datetime.now() - timedelta(hours=2)
            self.env["mrp.workcenter.productivity"].create(
                {
                    "workorder_id": workorder.id,
                    "workcenter_id": workorder.workcenter_id.id,
                    "date_start": start,
                    "date_end": start + timedelta(minutes=minutes),
                    "loss_id": self.env.ref("mrp.block_reason7").id,
                }
            )

    def start_producing(self, production, qty):
        form = Form(production)
        form.qty_producing = qty
        production = form.save()
        production.move_raw_ids.picked = True
        return production

    def test_a_half_produced_order_compares_like_with_like(self):
        """SFP+ PCBA, 10 units: components 10 x 9.35 = 93.50, SMT 40 min at 120/h = 80.00:
        173.50 planned. Half of it is being produced: Odoo plans the SMT for those 5 (20 min,
        40.00), its components are picked (46.75) and 25 minutes recorded (50.00): planned
        133.50, for the produced 86.75, remaining 46.75, actual 96.75, variance 10.00."""
        production = self.create_mo(self.sfp_pcba, 10)
        self.assertEqual((production.cost_planned, production.cost_actual), (173.50, 0.0))
        self.assertEqualsOverview(production)
        self.start_producing(production, 5)
        self.record_time(production, 25)
        self.assertEqualsOverview(production)
        self.assertEqual((production.cost_planned, production.cost_actual), (133.50, 96.75))
        self.assertEqual(production.cost_planned_produced, 86.75)
        self.assertEqual(production.cost_remaining, 46.75)
        self.assertAlmostEqual(production.cost_variance, 10.00)
        self.assertAlmostEqual(production.cost_variance_percent, 1000 / 86.75)
        self.assertAlmostEqual(production.cost_actual_unit, 96.75 / 5)

    def test_done_orders_with_and_without_backorder_equal_the_overview(self):
        production = self.create_mo(self.sfp_pcba, 10)
        self.start_producing(production, 4)
        self.record_time(production, 20)
        action = production.button_mark_done()
        Form(
            self.env["mrp.production.backorder"].with_context(**action["context"])
        ).save().action_backorder()
        backorder = production.procurement_group_id.mrp_production_ids - production
        self.assertEqual((production.state, backorder.state), ("done", "confirmed"))
        for order in production | backorder:
            self.assertEqualsOverview(order)
        # the done part: its components and time planned for 4, against what it spent
        self.assertEqual(production.cost_planned_produced, production.cost_planned)
        self.assertEqual(production.cost_remaining, 0.0)
        self.assertAlmostEqual(production.cost_actual_unit, production.cost_actual / 4)
        short = self.create_mo(self.sfp_pcba, 10)
        self.produce(short, 3)  # closed without backorder
        self.assertEqual(short.state, "done")
        self.assertEqualsOverview(short)
        self.assertAlmostEqual(short.cost_variance, short.cost_actual - short.cost_planned)

    def test_split_parts_equal_the_overview(self):
        production = self.create_mo(self.sfp_pcba, 10)
        parts = production.with_user(self.mrp_user)._split_tree([3, 7])
        orders = self.env["mrp.production"].concat(*parts.values())
        self.assertEqual(orders.mapped("product_qty"), [3, 7])
        self.start_producing(orders[0], 3)
        self.record_time(orders[0], 15)
        for order in orders:
            self.assertEqualsOverview(order)

    def test_a_tree_equals_the_overview_of_its_top_open_and_done(self):
        self.company.mo_child_qty_mode = "full"
        top = self.create_mo(self.top, 5)
        tree = self.tree_of(top)
        self.assertEqual(len(tree), 3)
        # open: the overview of the top adds what each sub-order will cost, as the tree does
        planned = self.overview(top)[0]
        self.assertEqual(top.tree_cost_planned, planned)
        for node in tree:
            self.assertEqual(node.tree_cost_planned, self.overview(node)[0], node.product_id.name)
        for node in tree.sorted("tree_level", reverse=True):
            self.start_producing(node, node.product_qty)
            self.record_time(node, 7)
            self.produce(node)
        self.assertEqual(set(tree.mapped("state")), {"done"})
        # done: each sub-assembly entered stock at what its sub-order really cost (FIFO), so
        # the top's real cost in the overview is the actual cost of the whole tree
        top.invalidate_recordset()
        self.assertEqual((top.tree_cost_planned, top.tree_cost_actual), self.overview(top))
        for node in tree.filtered("child_ids"):
            self.assertEqual(node.tree_cost_actual, self.overview(node)[1], node.product_id.name)

    def test_demo_orders_equal_the_overview(self):
        """Every demo order without sub-orders, and every demo tree whose sub-orders are open."""
        productions = self.env["mrp.production"].search([("state", "!=", "cancel")])
        self.assertGreater(len(productions), 10)
        for production in productions.filtered(lambda p: not p.child_ids):
            self.assertEqualsOverview(production)
        for top in productions.filtered(
            lambda p: p.child_ids and "done" not in p.descendant_ids.mapped("state")
        ):
            self.assertEqual(top.tree_cost_planned, self.overview(top)[0], top.name)
