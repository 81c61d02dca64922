# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestSaleLink(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env.ref("mrp_production_management.partner_anadolu_telekom")
        cls.sale_mrp_user = mail_new_test_user(
            cls.env,
            "mpm_sale_mrp",
            groups="sales_team.group_sale_salesman_all_leads,mrp.group_mrp_user",
        )

    def create_order(self, product, qty, commitment_days=30, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.sale_user.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=commitment_days),
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty})],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def deliver(self, order, qty):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.action_assign()
        move = picking.move_ids
        move.quantity = qty
        move.picked = True
        action = picking.button_validate()
        if isinstance(action, dict) and action.get("res_model") == "stock.backorder.confirmation":
            Form(
                self.env["stock.backorder.confirmation"].with_context(**action["context"])
            ).save().process()

    def test_create_production_from_line_flows_down_the_tree(self):
        order = self.create_order(self.sfp, 4)
        line = order.order_line
        self.assertEqual((line.production_state, order.production_state), ("none", "none"))
        line.with_user(self.sale_mrp_user).action_create_production()
        top = line.production_ids.filtered("is_sale_line_top")
        self.assertEqual((top.product_id, top.product_qty, top.state), (self.sfp, 4, "confirmed"))
        self.assertEqual(line.production_ids, top | top.descendant_ids)
        for production in top | top.descendant_ids:
            self.assertEqual(
                (production.sale_order_id, production.partner_id), (order, self.customer)
            )
            self.assertEqual(production.date_commitment, order.commitment_date)
        self.assertEqual(top.origin, order.name)
        self.assertEqual((line.production_state, order.production_state), ("planned", "planned"))
        self.assertIn(top, order.mrp_production_ids)  # sale_mrp's smart button
        self.assertEqual(top.sale_order_count, 1)
        self.assertIn(top.name, order.message_ids[0].body)
        with self.assertRaises(UserError) as refused:
            line.action_create_production()
        self.assertIn("already cover", str(refused.exception))
        self.assertEqual(len(line.production_ids.filtered("is_sale_line_top")), 1)

    def test_statuses_follow_production_and_delivery(self):
        order = self.create_order(self.sfp, 4)
        line = order.order_line
        line.action_create_production()
        top = line.production_ids.filtered("is_sale_line_top")
        leaves = top.descendant_ids.filtered(lambda p: not p.child_ids)
        self.produce(leaves[0])
        self.assertEqual(line.production_state, "progress")
        for production in (top.descendant_ids - leaves[0]).sorted("tree_level", reverse=True):
            self.produce(production)
        form = Form(top)
        form.qty_producing = 3
        form.save()
        top.move_raw_ids.picked = True
        backorder_action = top.button_mark_done()
        Form(
            self.env["mrp.production.backorder"].with_context(**backorder_action["context"])
        ).save().action_backorder()
        self.assertEqual((line.qty_produced, line.production_state), (3, "partial"))
        self.assertEqual(order.production_state, "partial")
        backorder = line.production_ids.filtered(
            lambda p: p.state == "confirmed" and p.product_id == self.sfp
        )
        self.assertEqual((backorder.product_qty, backorder.is_sale_line_top), (1, True))
        self.assertIn("produced 3.00 Units", " ".join(order.message_ids.mapped("body")))
        self.assertEqual(line.delivery_state, "none")
        self.deliver(order, 2)
        self.assertEqual((line.delivery_state, order.delivery_status), ("partial", "partial"))
        self.produce(backorder)
        self.assertEqual((line.qty_produced, line.production_state), (4, "done"))
        self.assertEqual(order.production_state, "done")
        self.deliver(order, 2)
        self.assertEqual((line.delivery_state, order.delivery_status), ("full", "full"))

    def test_make_to_order_productions_are_linked(self):
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        self.sfp.route_ids = [Command.link(mto.id)]
        order = self.create_order(self.sfp, 2)
        line = order.order_line
        top = line.production_ids.filtered("is_sale_line_top")
        self.assertEqual((top.product_qty, top.partner_id), (2, self.customer))
        self.assertEqual(len(top.descendant_ids), 3)
        self.assertEqual(top.descendant_ids.sale_line_id, line)
        self.assertEqual(line.production_state, "planned")

    def test_make_to_order_through_a_multi_step_delivery_is_linked(self):
        self.env.ref("stock.warehouse0").delivery_steps = "pick_ship"
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        self.sfp.route_ids = [Command.link(mto.id)]
        order = self.create_order(self.sfp, 3)
        top = order.order_line.production_ids.filtered("is_sale_line_top")
        self.assertEqual((top.product_qty, top.sale_order_id), (3, order))

    def test_link_existing_productions_with_checks(self):
        order = self.create_order(self.sfp, 5)
        line = order.order_line
        first, second = self.create_mo(self.sfp, 3), self.create_mo(self.sfp, 3)
        wizard = (
            self.env["mrp.production.sale.link"]
            .with_user(self.sale_mrp_user)
            .create(
                {"sale_line_id": line.id, "production_ids": [Command.set((first | second).ids)]}
            )
        )
        self.assertEqual((wizard.qty_to_produce, wizard.qty_selected), (5, 6))
        with self.assertRaises(UserError) as refused:
            wizard.action_link()
        self.assertIn("Accept Over-production", str(refused.exception))
        self.assertFalse((first | second).sale_line_id)
        wizard.allow_overproduction = True
        wizard.action_link()
        tree = first | second | first.descendant_ids | second.descendant_ids
        self.assertEqual(line.production_ids, tree)
        self.assertEqual(first.descendant_ids.sale_order_id, order)
        self.assertIn(first.name, order.message_ids[0].body)

    def test_link_refusals_change_nothing(self):
        order = self.create_order(self.sfp, 5)
        line = order.order_line
        other_product = self.create_mo(self.led_module, 1)
        cancelled = self.create_mo(self.sfp, 1)
        cancelled.action_cancel()
        sub_order = self.create_mo(self.osa, 1)
        linked = self.create_mo(self.sfp, 1)
        linked._link_sale_line(self.create_order(self.sfp, 1).order_line)
        other_company = self.env["res.company"].create({"name": "Other Optics"})
        foreign = self.create_mo(self.sfp, 1, confirm=False)
        foreign.company_id = other_company
        for production, message in [
            (other_product, "makes [OPT-LED50]"),
            (cancelled, "done or cancelled"),
            (linked, "already serves"),
            (foreign, "another company"),
        ]:
            wizard = self.env["mrp.production.sale.link"].create(
                {"sale_line_id": line.id, "production_ids": [Command.set(production.ids)]}
            )
            with self.assertRaises(UserError) as refused:
                wizard.action_link()
            self.assertIn(message, str(refused.exception))
        sub_order.parent_id = other_product
        wizard = self.env["mrp.production.sale.link"].create(
            {"sale_line_id": line.id, "production_ids": [Command.set(sub_order.ids)]}
        )
        with self.assertRaises(UserError):
            wizard.action_link()
        self.assertFalse(line.production_ids)
        self.assertEqual(line.production_state, "none")

    def test_unlink_is_logged_and_clears_the_tree(self):
        order = self.create_order(self.sfp, 2)
        order.order_line.action_create_production()
        top = order.order_line.production_ids.filtered("is_sale_line_top")
        with self.assertRaises(UserError):
            top.child_ids[0].action_unlink_sale_line()
        top.action_unlink_sale_line()
        self.assertFalse((top | top.descendant_ids).sale_line_id)
        self.assertEqual(order.order_line.production_state, "none")
        self.assertIn("unlinked", order.message_ids[0].body)
        self.assertIn("unlinked", top.message_ids[0].body)

    def test_at_risk_when_planned_after_commitment(self):
        order = self.create_order(self.sfp, 1, commitment_days=2)
        line = order.order_line
        line.action_create_production()
        top = line.production_ids.filtered("is_sale_line_top")
        self.assertFalse(line.is_production_late)
        top.date_start = order.commitment_date + timedelta(days=1)
        self.assertTrue(top.is_sale_late)
        self.assertTrue(line.is_production_late)
        self.assertTrue(order.is_production_late)
        # shown as an "At Risk" badge on the line and the order
        self.assertEqual((line.production_risk, order.production_risk), ("at_risk", "at_risk"))
        self.assertIn(order, self.env["sale.order"].search([("is_production_late", "=", True)]))
        top.date_start = order.commitment_date - timedelta(days=1)
        self.assertFalse(order.is_production_late)
        self.assertEqual((line.production_risk, order.production_risk), (False, False))
        # a late sub-order alone puts the order at risk
        leaf = top.descendant_ids.filtered(lambda p: not p.child_ids)[0]
        leaf.date_start = order.commitment_date + timedelta(hours=2)
        self.assertTrue(order.is_production_late)

    def test_sales_user_sees_statuses_but_cannot_create(self):
        order = self.create_order(self.sfp, 2)
        order.order_line.action_create_production()
        line = order.order_line.with_user(self.sale_user)
        self.assertEqual(line.production_state, "planned")
        self.assertEqual(line.order_id.production_state, "planned")
        self.assertEqual(line.delivery_state, "none")
        with self.assertRaises(AccessError):
            line.action_create_production()
        with self.assertRaises(AccessError):
            line.action_open_link_production()
        self.assertEqual(len(order.order_line.production_ids.filtered("is_sale_line_top")), 1)

    def test_refused_on_unconfirmed_orders_and_unmanufactured_products(self):
        draft = self.create_order(self.sfp, 1, confirm=False)
        with self.assertRaises(UserError):
            draft.order_line.action_create_production()
        screw = self.env.ref("mrp_production_management.raw_screw_m2")
        screw.sale_ok = True
        order = self.create_order(screw, 1)
        self.assertFalse(order.order_line.is_manufactured)
        with self.assertRaises(UserError):
            order.order_line.action_create_production()
        self.assertFalse(order.production_state)

    def test_demo_order_at_risk(self):
        order = self.env.ref("mrp_production_management.sale_order_marmara")
        self.assertTrue(order.is_production_late)
        self.assertEqual(order.order_line[0].production_state, "planned")

    def test_statuses_of_many_lines_in_bounded_queries(self):
        widget = self.create_product("Bench Widget", sale_ok=True)
        bom = self.create_bom(widget, [(self.env.ref("mrp_production_management.raw_screw_m2"), 1)])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "commitment_date": datetime(2031, 1, 1),
                "order_line": [
                    Command.create({"product_id": widget.id, "product_uom_qty": 1})
                    for _ in range(1000)
                ],
            }
        )
        lines = order.order_line
        self.env["mrp.production"].create(
            [
                {
                    "product_id": widget.id,
                    "bom_id": bom.id,
                    "product_qty": 1,
                    "sale_line_id": line.id,
                }
                for line in lines
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        lines = self.env["sale.order.line"].browse(lines.ids)
        with self.assertQueryCount(12):
            lines._compute_production_state()
            lines._compute_delivery_state()
            order._compute_production_state()
        self.assertEqual(set(lines.mapped("production_state")), {"planned"})
        self.assertEqual(order.production_state, "planned")
