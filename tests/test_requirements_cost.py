# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestRequirementsCost(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Top (5) <- 2 Sub + 3 R1; Sub <- 1 Leaf + 4 R2; Leaf <- 2 R3.
        cls.r1, cls.r2, cls.r3 = (cls.create_product(f"Req raw {i}") for i in (1, 2, 3))
        cls.leaf = cls.create_product("Req leaf")
        cls.sub = cls.create_product("Req sub")
        cls.top = cls.create_product("Req top")
        cls.create_bom(cls.leaf, [(cls.r3, 2)])
        cls.create_bom(cls.sub, [(cls.leaf, 1), (cls.r2, 4)])
        cls.create_bom(cls.top, [(cls.sub, 2), (cls.r1, 3)])
        cls.supplier = cls.env["res.partner"].create({"name": "Req Supplier"})

    def receive(self, product, qty, date):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.env.ref("stock.picking_type_in").id,
                "partner_id": self.supplier.id,
                "scheduled_date": date,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": self.stock_location.id,
                            "date": date,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def rows(self, productions):
        action = productions.with_user(self.mrp_user).action_view_requirements()
        rows = self.env[action["res_model"]].browse(action["domain"][0][2])
        return {
            row.product_id: (
                row.qty_required,
                row.qty_consumed,
                row.qty_reserved,
                row.qty_free,
                row.qty_incoming,
                row.qty_supplied,
                row.qty_short,
                row.date_covered,
            )
            for row in rows
        }

    def test_requirements_of_a_three_level_tree(self):
        self.set_stock(self.r1, 20)
        self.set_stock(self.r2, 25)
        day1 = datetime(2031, 3, 2, 10, 0)
        day2 = datetime(2031, 3, 9, 10, 0)
        self.receive(self.r2, 10, day1)
        self.receive(self.r2, 10, day2)
        top = self.create_mo(self.top, 5)
        tree = self.tree_of(top)
        tree.action_assign()
        sub = top.child_ids
        leaf = sub.child_ids
        self.assertEqual((sub.product_qty, leaf.product_qty), (10, 10))
        rows = self.rows(top)
        # the day each sub-order ends, in the user's time zone
        user_day = self.env["mrp.production.requirement"].with_user(self.mrp_user)._get_user_day
        sub_ready = user_day(sub.move_finished_ids.date)
        leaf_ready = user_day(leaf.move_finished_ids.date)
        # required, consumed, reserved, free, incoming, from sub-orders, short, covered on:
        # what the tree's own sub-orders make is pegged to them, not short
        self.assertEqual(
            rows,
            {
                self.sub: (10, 0, 0, 0, 0, 10, 0, sub_ready),
                self.r1: (15, 0, 15, 5, 0, 0, 0, False),
                self.leaf: (10, 0, 0, 0, 0, 10, 0, leaf_ready),
                self.r2: (40, 0, 25, 0, 20, 0, 15, day2.date()),
                self.r3: (20, 0, 0, 0, 0, 0, 20, False),
            },
        )
        # the top order alone, without the sub-order that makes it: short, arriving from it
        alone = self.env["mrp.production.requirement"]._compute_for(top)
        alone = alone.filtered(lambda row: row.product_id == self.sub)
        self.assertEqual(
            (alone.qty_incoming, alone.qty_supplied, alone.qty_short, alone.date_covered),
            (10, 0, 10, sub_ready),
        )
        # The leaf order consumes its 20 R3 (from nowhere: negative stock) and is done.
        self.produce(leaf)
        rows = self.rows(top)
        self.assertEqual(rows[self.r3], (20, 20, 0, 0, 0, 0, 0, False))
        self.assertEqual(rows[self.leaf][:3], (10, 0, 10))
        self.assertEqual(self.rows(sub)[self.r2], (40, 0, 25, 0, 20, 0, 15, day2.date()))

    def test_covered_on_is_the_day_in_the_users_time_zone(self):
        # 03:00 UTC on March 9 is still March 8 in Chicago, already March 9 in Istanbul
        self.receive(self.r3, 20, datetime(2031, 3, 9, 3, 0))
        top = self.create_mo(self.top, 5)
        self.mrp_user.tz = "America/Chicago"
        self.assertEqual(self.rows(top)[self.r3][-2:], (20, date(2031, 3, 8)))
        self.mrp_user.tz = "Europe/Istanbul"
        self.assertEqual(self.rows(top)[self.r3][-2:], (20, date(2031, 3, 9)))

    def test_requirements_refuse_several_companies_and_replenish(self):
        other = self.env["res.company"].create({"name": "Req Other"})
        top = self.create_mo(self.top, 1)
        foreign = self.env["mrp.production"].create(
            {
                "product_id": self.r1.id,
                "product_qty": 1,
                "company_id": other.id,
                "bom_id": self.env["mrp.bom"]
                .create(
                    {
                        "product_tmpl_id": self.r1.product_tmpl_id.id,
                        "company_id": other.id,
                        "bom_line_ids": [Command.create({"product_id": self.r3.id})],
                    }
                )
                .id,
            }
        )
        foreign.action_confirm()
        with self.assertRaisesRegex(UserError, "one company at a time"):
            (top | foreign).action_view_requirements()
        action = top.action_view_requirements()
        rows = self.env[action["res_model"]].browse(action["domain"][0][2])
        replenish = rows.action_replenish()
        self.assertEqual(replenish["res_model"], "stock.warehouse.orderpoint")
        self.assertEqual(
            set(replenish["domain"][0][2]), set(rows.filtered("is_short").product_id.ids)
        )

    def test_planned_and_actual_cost_with_work_order_time(self):
        """SFP+ PCBA, 2 units: components 2 x (2.40 + 6.75 + 10 x 0.02) = 18.70; SMT 4 min a
        unit at 120/h = 16.00; planned 34.70. Recorded: 10 minutes = 20.00; components at
        their (standard) valuation 18.70; actual 38.70, variance 4.00 (11.53 %)."""
        production = self.create_mo(self.sfp_pcba, 2)
        self.assertAlmostEqual(production.cost_planned, 34.70)
        self.assertAlmostEqual(production.cost_planned_unit, 17.35)
        workorder = production.workorder_ids
        start = fields.Datetime.now() - timedelta(hours=1)
        self.env["mrp.workcenter.productivity"].create(
            {
                "workorder_id": workorder.id,
                "workcenter_id": workorder.workcenter_id.id,
                "date_start": start,
                "date_end": start + timedelta(minutes=10),
                "loss_id": self.env["mrp.workcenter.productivity.loss"]
                .search([("loss_type", "=", "productive")], limit=1)
                .id,
            }
        )
        self.produce(production)
        self.assertEqual(production.state, "done")
        self.assertAlmostEqual(production.cost_actual, 38.70)
        self.assertAlmostEqual(production.cost_variance, 4.00)
        self.assertAlmostEqual(production.cost_variance_percent, 400 / 34.70, places=4)
        self.assertAlmostEqual(production.cost_actual_unit, 19.35)
        row = self.env["mrp.production.cost.report"].search([("production_id", "=", production.id)])
        self.assertEqual(
            (row.components_planned, row.operations_planned, row.components_actual),
            (18.70, 16.00, 18.70),
        )
        self.assertEqual((row.operations_actual, row.cost_variance), (20.00, 4.00))

    def test_tree_cost_is_the_sum_of_its_nodes(self):
        sfp = self.create_mo(self.sfp, 2)
        tree = self.tree_of(sfp)
        self.assertEqual(len(tree), 4)
        self.assertAlmostEqual(sfp.tree_cost_planned, sum(tree.mapped("cost_planned")))
        # Each order counts what it consumes itself, so the tree costs what its product
        # costs by the BoM: 2 x 141.59.
        self.assertAlmostEqual(sfp.tree_cost_planned, 283.18)
        for node in tree.sorted("tree_level", reverse=True):
            self.produce(node)
        self.env.invalidate_all()
        self.assertAlmostEqual(sfp.tree_cost_actual, sum(tree.mapped("cost_actual")))
        self.assertGreater(sfp.tree_cost_actual, 0)
        with Form(sfp) as form:
            self.assertAlmostEqual(form.tree_cost_planned, 283.18)
        # The analysis sums the same figures, by product and for the tree.
        report = self.env["mrp.production.cost.report"]
        by_product = dict(
            report._read_group([("root_id", "=", sfp.id)], ["product_id"], ["cost_planned:sum"])
        )
        self.assertEqual(by_product, {node.product_id: node.cost_planned for node in tree})
        [[total]] = report._read_group([("root_id", "=", sfp.id)], [], ["cost_actual:sum"])
        self.assertAlmostEqual(total, sfp.tree_cost_actual)
