# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    def test_tour_open_manufacturing(self):
        self.start_tour("/odoo", "mpm_open_manufacturing", login="admin")

    def test_tour_navigate_tree(self):
        root = self.env.ref("mrp_production_management.mrp_production_led_module")
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{root.id}", "mpm_navigate_tree", login="admin"
        )

    def test_tour_sale_production(self):
        screw = self.env.ref("mrp_production_management.raw_screw_m2")
        lamp = self.env["product.product"].create(
            {"name": "Tour Lamp", "is_storable": True, "sale_ok": True, "list_price": 10}
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": lamp.product_tmpl_id.id,
                "bom_line_ids": [Command.create({"product_id": screw.id, "product_qty": 2})],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "order_line": [Command.create({"product_id": lamp.id, "product_uom_qty": 3})],
            }
        )
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}", "mpm_sale_production", login="admin"
        )
        self.assertEqual(order.order_line.production_state, "done")
        self.assertEqual(order.order_line.production_ids.qty_produced, 3)

    def test_tour_split_tree(self):
        self.env.company.mo_child_auto_create = True
        sfp = self.env["mrp.production"].create(
            {
                "product_id": self.env.ref("mrp_production_management.product_sfp_transceiver").id,
                "product_qty": 9,
            }
        )
        sfp.action_confirm()
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{sfp.id}", "mpm_split_tree", login="admin"
        )
        self.env.invalidate_all()
        parts = self.env["mrp.production"].search(
            [("procurement_group_id", "=", sfp.procurement_group_id.id), ("parent_id", "=", False)],
            order="name",
        )
        self.assertEqual(parts.mapped("product_qty"), [3, 3, 3])
        self.assertEqual(parts.mapped("state"), ["confirmed", "confirmed", "cancel"])
        self.assertEqual(parts[1].date_deadline.date().isoformat(), "2031-06-01")
        self.assertEqual(set(parts[2].descendant_ids.mapped("state")), {"cancel"})

    def test_tour_suspend_close_reopen(self):
        screw = self.env.ref("mrp_production_management.raw_screw_m2")
        lamp = self.env["product.product"].create({"name": "Tour Desk Lamp", "is_storable": True})
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": lamp.product_tmpl_id.id,
                "bom_line_ids": [Command.create({"product_id": screw.id, "product_qty": 1})],
            }
        )
        production = self.env["mrp.production"].create({"product_id": lamp.id, "product_qty": 10})
        production.action_confirm()
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{production.id}",
            "mpm_suspend_close_reopen",
            login="admin",
        )
        self.assertEqual((production.state, production.qty_produced), ("done", 6))
        closure = production.closure_ids
        self.assertEqual((closure.qty_closed, closure.qty_reopened, closure.qty_balance), (4, 3, 1))
        self.assertEqual(closure.reopened_production_ids.product_qty, 3)
        self.assertIn("Resumed", " ".join(production.message_ids.mapped("body")))

    def test_tour_customize_bom(self):
        customer = self.env.ref("mrp_production_management.partner_marmara_network")
        sfp = self.env.ref("mrp_production_management.product_sfp_transceiver")
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": sfp.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        order.order_line.action_create_production()
        production = order.order_line.production_ids.filtered("is_sale_line_top")
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{production.id}",
            "mpm_customize_bom",
            login="admin",
        )
        bom = production.bom_id
        self.assertTrue(bom.is_customization)
        self.assertEqual(bom.partner_id, customer)
        self.assertEqual(bom.customization_note, "Ten screws for vibration")
        self.assertEqual(
            bom.bom_line_ids.filtered(
                lambda line: line.product_id.default_code == "RM-SCR-M2"
            ).product_qty,
            10,
        )

    def test_tour_production_plan(self):
        # The demo plan holds the demo's uncovered sales demand; the tour plans it anew.
        self.env.ref("mrp_production_management.mrp_production_plan_demo").action_cancel()
        self.start_tour(
            "/odoo/action-mrp_production_management.action_mrp_production_plan",
            "mpm_production_plan",
            login="admin",
        )
        plan = self.env["mrp.production.plan"].search([("state", "=", "progress")])
        self.assertEqual(len(plan), 1)
        self.assertEqual(len(plan.line_ids), 3)
        self.assertEqual(plan.production_ids.sale_line_id, plan.line_ids.sale_line_id)
