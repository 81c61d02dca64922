# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestSuspendCloseReopen(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_suspend = cls.env.ref(
            "mrp_production_management.reason_suspend_material_shortage"
        )
        cls.reason_close = cls.env.ref("mrp_production_management.reason_close_replanned")
        cls.lamp = cls.create_product("Close Lamp", sale_ok=True)
        cls.lamp_bom = cls.create_bom(cls.lamp, [(cls.screw, 1)])
        cls.lamp_bom.operation_ids = [
            Command.create(
                {
                    "name": "Assemble",
                    "workcenter_id": cls.env.ref("mrp_production_management.wc_assembly").id,
                    "time_cycle_manual": 10,
                }
            )
        ]

    def suspend(self, productions, user=None, **values):
        wizard = (
            self.env["mrp.production.suspend"]
            .with_user(user or self.mrp_user)
            .create(
                {
                    "production_ids": [Command.set(productions.ids)],
                    "reason_id": self.reason_suspend.id,
                    **values,
                }
            )
        )
        return wizard.action_suspend()

    def close(self, productions, user=None, **values):
        wizard = (
            self.env["mrp.production.close"]
            .with_user(user or self.mrp_manager)
            .create(
                {
                    "production_ids": [Command.set(productions.ids)],
                    "reason_id": self.reason_close.id,
                    **values,
                }
            )
        )
        return wizard.action_close()

    def reopen(self, production, qty, user=None):
        action = production.with_user(user or self.mrp_manager).action_open_reopen()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user or self.mrp_manager)
            .with_context(**action["context"])
        )
        wizard.product_qty = qty
        action = wizard.save().action_reopen()
        return self.env["mrp.production"].browse(action["res_id"])

    def record(self, production, qty):
        form = Form(production)
        form.qty_producing = qty
        return form.save()

    def test_suspend_blocks_production_and_leaves_the_queues(self):
        production = self.create_mo(self.lamp, 5)
        workorder = production.workorder_ids
        queue = [("state", "in", ("ready", "waiting", "progress", "pending"))]
        search_view_filter = queue + [("production_id.is_suspended", "=", False)]
        self.assertIn(workorder, self.env["mrp.workorder"].search(search_view_filter))
        self.suspend(production, note="Screws on backorder", release_reservations=True)
        self.assertTrue(production.is_suspended)
        self.assertEqual(production.state, "confirmed")
        self.assertFalse(production.move_raw_ids.move_line_ids)
        self.assertNotIn(workorder, self.env["mrp.workorder"].search(search_view_filter))
        todo = [("state", "in", ("draft", "confirmed", "progress", "to_close"))]
        self.assertNotIn(
            production,
            self.env["mrp.production"].search(todo + [("is_suspended", "=", False)]),
        )
        states = (workorder.state, production.state)
        self.assertTrue(workorder.production_is_suspended)  # its Start button is hidden
        for action in (
            workorder.button_start,
            production.button_mark_done,
            production.action_start,
            production.button_plan,
        ):
            with self.assertRaises(UserError) as refused:
                action()
            self.assertIn("is suspended", str(refused.exception))
        self.assertEqual((workorder.state, production.state), states)
        self.assertIn("Screws on backorder", production.message_ids[0].body)
        production.with_user(self.mrp_user).action_resume()
        self.assertFalse(production.is_suspended)
        production.action_assign()
        workorder.button_start()
        self.assertEqual(workorder.state, "progress")

    def test_odoo_split_and_merge_of_a_suspended_order_are_refused(self):
        """Odoo's gear-menu Split and Merge would make orders that are not suspended."""
        suspended, other = self.create_mo(self.lamp, 4), self.create_mo(self.lamp, 2)
        self.suspend(suspended)
        for action, message in (
            (suspended.action_split, "resume it before splitting or merging it"),
            ((suspended | other).action_merge, "resume it before splitting or merging it"),
            (suspended.button_plan, "resume it before planning it"),
        ):
            with self.assertRaises(UserError) as refused:
                action()
            self.assertEqual(str(refused.exception), f"{suspended.name} is suspended: {message}.")
        with self.assertRaisesRegex(AssertionError, "readonly"):
            Form(suspended).qty_producing = 1  # the form offers no quantity to record
        with self.assertRaises(UserError) as refused:
            suspended.write({"qty_producing": 1})  # as the external API would
        self.assertEqual(
            str(refused.exception),
            f"{suspended.name} is suspended: resume it before recording production.",
        )
        self.assertEqual((suspended.qty_producing, suspended.state), (0, "confirmed"))
        lamps = self.env["mrp.production"].search([("product_id", "=", self.lamp.id)])
        self.assertEqual(lamps, suspended | other)
        self.assertEqual((suspended.product_qty, other.product_qty), (4, 2))
        self.assertEqual((suspended.state, other.state), ("confirmed", "confirmed"))

    def test_suspend_sub_tree_and_refusals(self):
        sfp = self.create_mo(self.sfp, 2)
        self.suspend(sfp, with_sub_tree=True)
        self.assertTrue(all((sfp | sfp.descendant_ids).mapped("is_suspended")))
        with self.assertRaises(UserError):
            self.suspend(sfp)  # already suspended
        other = self.create_mo(self.lamp, 1)
        with self.assertRaises(UserError) as refused:
            other.action_resume()
        self.assertIn("is not suspended", str(refused.exception))
        with self.assertRaises(AccessError):
            self.suspend(other, user=self.sale_user)
        self.assertFalse(other.is_suspended)

    def test_scheduled_action_resumes_on_its_date(self):
        production = self.create_mo(self.lamp, 1)
        self.suspend(production, date_resume=date(2031, 4, 1))
        with freeze_time("2031-03-31"):
            self.env["mrp.production"]._cron_resume_productions()
        self.assertTrue(production.is_suspended)
        with freeze_time("2031-04-01"):
            resumed = self.env["mrp.production"]._cron_resume_productions()
        self.assertIn(production, resumed)
        self.assertFalse(production.is_suspended)
        self.assertEqual(production.activity_ids.summary, "Resumed on its planned date")

    def test_close_60_of_100_then_reopen_25_and_15(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "order_line": [
                    Command.create({"product_id": self.lamp.id, "product_uom_qty": 100})
                ],
            }
        )
        order.action_confirm()
        order.order_line.action_create_production()
        production = order.order_line.production_ids
        self.set_stock(self.screw, 100)
        production.action_assign()
        self.record(production, 60)
        stock_before = self.lamp.qty_available
        self.close(production, note="Customer took 60 now")
        self.assertEqual(production.state, "done")
        self.assertEqual(self.lamp.qty_available, stock_before + 60)
        self.assertEqual((production.qty_closed, production.qty_closed_balance), (40, 40))
        closure = production.closure_ids
        self.assertEqual(
            (closure.user_id, closure.reason_id, closure.qty_closed),
            (self.mrp_manager, self.reason_close, 40),
        )
        self.assertFalse(
            production.move_raw_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        )
        self.assertFalse(
            production.workorder_ids.filtered(lambda w: w.state not in ("done", "cancel"))
        )
        self.assertEqual(order.order_line.production_state, "closed")
        self.assertEqual(order.production_state, "closed")
        self.assertIn("closed", order.message_ids[0].body)
        first = self.reopen(production, 25)
        second = self.reopen(production, 15)
        for reopened in (first, second):
            self.assertEqual(reopened.reopened_closure_id, closure)
            self.assertEqual(
                (reopened.product_id, reopened.bom_id, reopened.sale_line_id, reopened.state),
                (self.lamp, self.lamp_bom, order.order_line, "confirmed"),
            )
            self.assertTrue(reopened.name.startswith(production.name.split("-")[0]))
        self.assertEqual((first.product_qty, second.product_qty), (25, 15))
        self.assertEqual((closure.qty_reopened, closure.qty_balance), (40, 0))
        self.assertEqual(production.qty_closed_balance, 0)
        with self.assertRaises(UserError) as refused:
            production._reopen(closure, 1)
        self.assertIn("Only 0.00", str(refused.exception))
        self.assertEqual(order.order_line.production_state, "partial")
        self.assertEqual(
            len(self.env["mrp.production"].search([("reopened_closure_id", "=", closure.id)])), 2
        )

    def test_reopened_order_keeps_the_responsible(self):
        planner = self.mrp_user
        production = self.create_mo(self.lamp, 10)
        production.user_id = planner
        self.close(production)
        reopened = self.reopen(production, 4)
        self.assertEqual(reopened.user_id, planner)
        # An order made by a procurement has no responsible: the manager who reopens it is.
        unassigned = self.create_mo(self.lamp, 10)
        unassigned.user_id = False
        self.close(unassigned)
        self.assertEqual(self.reopen(unassigned, 4).user_id, self.mrp_manager)

    def test_close_without_production_cancels_and_closes_the_sub_tree(self):
        sfp = self.create_mo(self.sfp, 3)
        children = sfp.descendant_ids
        self.close(sfp)
        self.assertEqual(set((sfp | children).mapped("state")), {"cancel"})
        self.assertEqual(sfp.qty_closed_balance, 3)
        self.assertEqual(
            {p.product_id: p.qty_closed for p in children},
            {p.product_id: p.product_qty for p in children},
        )
        reopened = self.reopen(sfp, 2)
        self.assertEqual(len(reopened.descendant_ids), 3)
        self.assertEqual(
            reopened.child_ids.filtered(lambda c: c.product_id == self.osa).product_qty, 2
        )
        # Its parts still count as reopened: splitting it changes no balance.
        parts = reopened._split_tree([1, 1])
        self.assertEqual(parts[1].reopened_closure_id, sfp.closure_ids)
        self.assertEqual(sfp.qty_closed_balance, 1)
        # Closing the reopened order moves its quantity to its own closure: the 3 closed
        # units stay 3 (1 on the first closure, 2 on the second), never 5.
        self.close(reopened | parts[1])
        self.assertEqual(reopened.state, "cancel")
        self.assertEqual(
            (sfp.qty_closed_balance, reopened.qty_closed_balance, parts[1].qty_closed_balance),
            (1, 1, 1),
        )
        with self.assertRaisesRegex(UserError, "Only 1.0"):
            sfp._reopen(sfp.closure_ids, 2)

    def test_close_what_was_produced_leaves_no_exception_on_it(self):
        """A root closed with part produced ends done and its not-started sub-orders are
        cancelled with it: Odoo's 'Exception(s) occurred' activity must not land on it."""
        sfp = self.create_mo(self.sfp, 10)
        for leaf in sfp.descendant_ids.filtered(lambda p: not p.child_ids):
            self.produce(leaf)
        form = Form(sfp)
        form.qty_producing = 3
        sfp = form.save()
        sfp.move_raw_ids.picked = True
        activities = (sfp | sfp.descendant_ids).activity_ids
        self.close(sfp)
        self.assertEqual((sfp.state, sfp.qty_produced, sfp.qty_closed), ("done", 3, 7))
        states = {p.product_id: p.state for p in sfp.descendant_ids}
        self.assertEqual(states, {self.osa: "cancel", self.lens: "done", self.sfp_pcba: "done"})
        self.assertEqual((sfp | sfp.descendant_ids).activity_ids, activities)

    def test_reopened_sub_order_feeds_its_parent_or_makes_for_stock(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda p: p.product_id == self.osa)
        for lens in osa.child_ids:
            self.produce(lens)
        form = Form(osa)
        form.qty_producing = 4
        osa = form.save()
        osa.move_raw_ids.picked = True
        self.close(osa)
        self.assertEqual((osa.state, osa.qty_produced, osa.qty_closed), ("done", 4, 6))
        reopened = self.reopen(osa, 6)
        # the rest feeds the component move of the parent that still waits for it
        self.assertEqual(reopened.parent_id, sfp)
        waiting = sfp.move_raw_ids.filtered(lambda m: m.product_id == self.osa)
        self.assertEqual(reopened.move_finished_ids.move_dest_ids, waiting)
        self.assertEqual(waiting.move_orig_ids.production_id, osa | reopened)
        self.assertLessEqual(reopened.date_finished, sfp.date_start)
        self.assertFalse(sfp._get_tree_problems())
        # a sub-order closed with its parent, which ended: reopened, it makes for stock
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "order_line": [Command.create({"product_id": self.sfp.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        line = order.order_line
        line.action_create_production()
        other = line.production_ids.filtered(lambda p: not p.parent_id)
        other_osa = other.child_ids.filtered(lambda p: p.product_id == self.osa)
        self.assertEqual(other_osa.sale_line_id, line)
        self.close(other)
        self.assertEqual((other.state, other_osa.state), ("cancel", "cancel"))
        for_stock = self.reopen(other_osa, 2)
        self.assertFalse(for_stock.parent_id)
        self.assertFalse(for_stock.sale_line_id)  # an OSA order is no top order of the line
        self.assertNotIn(for_stock, line._get_top_productions())
        self.assertFalse(for_stock.move_finished_ids.move_dest_ids)
        self.assertEqual((for_stock.product_qty, for_stock.state), (2, "confirmed"))
        self.assertFalse(for_stock._get_tree_problems())

    def test_refusals_change_nothing(self):
        production = self.create_mo(self.lamp, 10)
        with self.assertRaises(AccessError):
            self.close(production, user=self.mrp_user)
        self.assertEqual((production.state, production.qty_closed), ("confirmed", 0))
        self.close(production)
        with self.assertRaises(UserError) as refused:
            self.close(production)
        self.assertIn("Only confirmed or in-progress", str(refused.exception))
        with self.assertRaises(UserError):
            self.suspend(production)
        closure = production.closure_ids
        for qty, message in [
            (0, "positive quantity"),
            (-2, "positive quantity"),
            (11, "Only 10.0"),
        ]:
            with self.assertRaises(UserError) as refused:
                production.with_user(self.mrp_manager)._reopen(closure, qty)
            self.assertIn(message, str(refused.exception))
        with self.assertRaises(AccessError):
            production.with_user(self.mrp_user)._reopen(closure, 1)
        self.assertEqual(closure.qty_balance, 10)
        self.assertFalse(closure.reopened_production_ids)
        draft = self.create_mo(self.lamp, 1, confirm=False)
        with self.assertRaises(UserError):
            self.close(draft)
        self.assertEqual(draft.state, "draft")

    def test_suspended_sales_status(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "order_line": [Command.create({"product_id": self.lamp.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        order.order_line.action_create_production()
        self.suspend(order.order_line.production_ids)
        self.assertEqual(
            (order.order_line.production_state, order.production_state), ("suspended", "suspended")
        )

    def test_date_resume_in_the_past_still_resumes(self):
        production = self.create_mo(self.lamp, 1)
        self.suspend(production, date_resume=date.today() - timedelta(days=1))
        self.env["mrp.production"]._cron_resume_productions()
        self.assertFalse(production.is_suspended)

    def test_demo_suspended_and_closed_orders(self):
        suspended = self.env.ref("mrp_production_management.mrp_production_sfp_suspended")
        self.assertTrue(all((suspended | suspended.descendant_ids).mapped("is_suspended")))
        self.assertTrue(suspended.date_resume)
        closed = self.env.ref("mrp_production_management.mrp_production_led_closed")
        self.assertEqual(
            (closed.state, closed.qty_closed, closed.qty_closed_balance), ("cancel", 6, 4)
        )
        reopened = closed.closure_ids.reopened_production_ids
        self.assertEqual((reopened.product_qty, reopened.state), (2, "confirmed"))
        self.assertEqual(len(reopened.descendant_ids), 3)

    def test_close_a_tree_closes_the_sub_orders_of_the_rest(self):
        """Produce 60 of 100 through the tree (the sub-order makes what the 60 need, with a
        backorder for the rest), close: 60 in stock, 40 closed, the sub-order rest closed."""
        for xmlid, qty in [("raw_glass_lens", 200), ("raw_lens_holder", 200),
                           ("raw_laser_diode", 100), ("raw_photodiode", 100)]:  # fmt: skip
            self.set_stock(self.env.ref(f"mrp_production_management.{xmlid}"), qty)
        osa = self.create_mo(self.osa, 100)
        lens = osa.child_ids
        self.assertEqual(lens.product_qty, 200)
        lens.action_assign()
        self.record(lens, 120)
        lens.move_raw_ids.picked = True
        action = lens.button_mark_done()
        Form(
            self.env["mrp.production.backorder"].with_context(**action["context"])
        ).save().action_backorder()
        lens_rest = osa.child_ids - lens
        self.assertEqual((lens_rest.product_qty, lens_rest.parent_id), (80, osa))
        osa.action_assign()
        self.record(osa, 60)
        stock_before = self.osa.qty_available
        self.close(osa)
        self.assertEqual((osa.state, osa.qty_produced, osa.qty_closed), ("done", 60, 40))
        self.assertEqual(self.osa.qty_available, stock_before + 60)
        self.assertEqual((lens_rest.state, lens_rest.qty_closed), ("cancel", 80))
        self.assertFalse(osa.move_raw_ids.filtered(lambda m: m.state not in ("done", "cancel")))

    def test_concurrent_reopen_is_refused_while_another_user_holds_the_closure(self):
        """A second user reopening the same closure at the same moment gets a clear error and
        changes nothing (the demo closure is committed, so another cursor can lock it)."""
        closed = self.env.ref("mrp_production_management.mrp_production_led_closed")
        closure = closed.closure_ids
        balance = closure.qty_balance
        with self.registry.cursor() as other_cursor:
            other_cursor.execute(
                "SELECT id FROM mrp_production_closure WHERE id = %s FOR UPDATE", [closure.id]
            )
            with self.assertRaises(UserError) as refused:
                closed.with_user(self.mrp_manager)._reopen(closure, 1)
            other_cursor.rollback()
        self.assertIn("another user", str(refused.exception))
        self.assertEqual(closure.qty_balance, balance)
        self.assertEqual(len(closure.reopened_production_ids), 1)
