# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ScheduleCommon


@tagged("post_install", "-at_install")
class TestReplan(ScheduleCommon):
    """Replan a tree on the work centers' calendars and load and the components' arrivals,
    computed by hand to the minute (see ``ScheduleCommon``)."""

    def setUp(self):
        super().setUp()
        self.freezer = freeze_time(self.NOW)
        self.freezer.start()
        self.addCleanup(self.freezer.stop)
        self.production = self.create_mo(self.top, 1)
        self.production.date_deadline = self.at(3, 12)  # Thursday noon
        self.sub_order = self.production.child_ids

    def replan(self, mode, date=None, productions=None):
        productions = productions or self.production
        return productions.with_user(self.mrp_user).with_context(tz="UTC")._get_replan(mode, date)

    def dates(self, production):
        return production.date_start, production.date_finished

    def test_fixture(self):
        self.assertEqual(self.receipt.move_ids.date, self.at(2, 10))
        self.assertEqual(self.sub_order.product_id, self.sub)
        self.assertEqual(
            self.loads.workorder_ids.mapped("date_start"), [self.at(2, 6), self.at(3, 10)]
        )
        # the engine's slot is the one Odoo's own slot search finds
        self.assertEqual(
            self.oven._get_first_available_slot(self.at(2, 7), 120),
            (self.at(2, 9), self.at(2, 11)),
        )

    def test_forward(self):
        """The sub-assembly waits for the bought parts (Wednesday 7:00), then for the oven
        (loaded until 9:00): 9:00-11:00. The top waits for it (the receipt at 10:00 is
        earlier), then for the press, closed for maintenance until 15:00: 15:00-16:00."""
        (tree,) = self.replan("forward")
        nodes = {node.production: node for node in tree.nodes}
        sub, top = nodes[self.sub_order], nodes[self.production]
        self.assertEqual((sub.start, sub.end), (self.at(2, 9), self.at(2, 11)))
        self.assertEqual((top.start, top.end), (self.at(2, 15), self.at(2, 16)))
        self.assertEqual(tree.finish, self.at(2, 16))
        self.assertTrue(sub.is_critical and top.is_critical)
        self.assertEqual(
            tree.path,
            [
                f"Press closed until {self.fmt(self.at(2, 15))} (Maintenance)",
                f"Oven loaded until {self.fmt(self.at(2, 9))}",
                f"Replan Bought Part from Vendor Ltd in 2 day(s) ({self.fmt(self.at(2, 7))})",
            ],
        )
        self.assertEqual(
            tree.explanation.splitlines()[:2],
            [
                (
                    f"Planned forward: starts {self.fmt(self.at(2, 9))}, finishes "
                    f"{self.fmt(self.at(2, 16))}, 20 hour(s) before the deadline "
                    f"{self.fmt(self.at(3, 12))}."
                ),
                (
                    f"Critical path: {self.sub_order.name} → {self.production.name}; "
                    + "; ".join(tree.path)
                    + "."
                ),
            ],
        )

    def test_forward_from_a_date(self):
        """From Thursday 9:00 the parts are there: the oven is free until 10:00 only, so the
        bake waits for 13:00 (13:00-14:00, then Friday 6:00-7:00); the press follows."""
        (tree,) = self.replan("forward", self.at(3, 9))
        sub, top = tree.root.children[0], tree.root
        self.assertEqual((sub.start, sub.end), (self.at(3, 13), self.at(4, 7)))
        self.assertEqual((top.start, top.end), (self.at(4, 8), self.at(4, 9)))
        self.assertIn(f"Oven loaded until {self.fmt(self.at(3, 13))}", tree.path)

    def test_backward(self):
        """Backward from Thursday noon: the press 11:00-12:00; the bake must end by 11:00
        but the oven is loaded from 10:00: 8:00-10:00."""
        (tree,) = self.replan("backward")
        sub, top = tree.root.children[0], tree.root
        self.assertEqual((top.start, top.end), (self.at(3, 11), self.at(3, 12)))
        self.assertEqual((sub.start, sub.end), (self.at(3, 8), self.at(3, 10)))
        self.assertEqual(tree.mode, "backward")
        self.assertEqual(tree.path, [f"Oven loaded from {self.fmt(self.at(3, 10))}"])
        self.assertIn("just in time for the deadline", tree.explanation)

    def test_backward_that_cannot_be_kept(self):
        """To finish Wednesday noon the press would run 10:00-11:00 (closed from 11:00) and
        the bake Tuesday 12:00-14:00, before the bought parts arrive: planned forward from
        now instead, four hours late."""
        (tree,) = self.replan("backward", self.at(2, 12))
        self.assertEqual(tree.mode, "forward")
        self.assertEqual(tree.finish, self.at(2, 16))
        self.assertIn(
            f"Planned backward from {self.fmt(self.at(2, 12))}, {self.sub_order.name} would "
            f"start {self.fmt(self.at(1, 12))}, before its components arrive",
            tree.explanation,
        )
        self.assertIn(f"4 hour(s) after the deadline {self.fmt(self.at(2, 12))}", tree.explanation)

    def test_past_date_starts_now(self):
        (tree,) = self.replan("forward", self.at(-3, 8))
        self.assertEqual(tree.finish, self.at(2, 16))
        self.assertIn(f"{self.fmt(self.at(-3, 8))} is in the past: planned from now.", tree.notes)

    def test_apply(self):
        """Apply writes the work orders on their slots, the orders on their operations and
        old → new in each chatter; the tree still holds."""
        before = {p: self.dates(p) for p in self.production | self.sub_order}
        wizard = Form(
            self.env["mrp.production.replan"]
            .with_user(self.mrp_user)
            .with_context(tz="UTC", **self.production.action_open_replan()["context"])
        )
        self.assertEqual(wizard.mode, "forward")
        self.assertIn("Press closed until", wizard.explanation)
        timeline = wizard.timeline
        self.assertEqual(
            [row["name"] for row in timeline["rows"]], [self.production.name, self.sub_order.name]
        )
        self.assertEqual(timeline["rows"][1]["ops"][0]["code"], "OVN")
        self.assertEqual(
            timeline["deadlines"], [{"date": "2031-03-06 12:00:00", "name": self.production.name}]
        )
        self.assertIn("→", wizard.preview)
        wizard.save().action_apply()
        self.assertEqual(self.dates(self.sub_order), (self.at(2, 9), self.at(2, 11)))
        self.assertEqual(self.dates(self.production), (self.at(2, 15), self.at(2, 16)))
        workorder = self.sub_order.workorder_ids
        self.assertEqual(
            (workorder.date_start, workorder.date_finished), (self.at(2, 9), self.at(2, 11))
        )
        self.assertEqual(workorder.leave_id.resource_id, self.oven.resource_id)
        self.assertEqual(workorder.duration_expected, 120)
        self.assertTrue(self.production.is_planned)
        for production, (start, _end) in before.items():
            body = production.message_ids[:1].body
            self.assertIn("Replanned forward", body)
            self.assertIn(f"{self.fmt(start)} → {self.fmt(production.date_start)}", body)
        self.assertEqual(self.production._get_tree_problems(), [])
        # planned now, the tree is load for the next one: the press is taken 15:00-16:00
        second = self.create_mo(self.top, 1)
        (tree,) = self.replan("forward", productions=second)
        self.assertEqual(tree.root.start, self.at(2, 16))

    def test_apply_backward(self):
        self.production.with_user(self.mrp_user)._apply_replan("backward")
        self.assertEqual(self.dates(self.production), (self.at(3, 11), self.at(3, 12)))
        self.assertEqual(self.dates(self.sub_order), (self.at(3, 8), self.at(3, 10)))
        self.assertIn("Replanned backward", self.sub_order.message_ids[:1].body)

    def test_started_work_order_stays(self):
        """An operation already started stays where it is; what follows waits for it."""
        self.sub_order.workorder_ids.button_start()  # now, Monday 7:00 (before the oven opens)
        (tree,) = self.replan("forward")
        sub = tree.root.children[0]
        self.assertEqual((sub.ops[0].start, sub.ops[0].end), (self.NOW, self.at(0, 9)))
        # the top then waits for its received part (Wednesday 10:00): 10:00-11:00
        self.assertEqual((tree.root.start, tree.root.end), (self.at(2, 10), self.at(2, 11)))

    def test_several_trees_share_the_work_centers(self):
        second = self.create_mo(self.top, 1)
        second.priority = "1"
        trees = self.replan("forward", productions=self.production | second)
        self.assertEqual([tree.root.production for tree in trees], [second, self.production])
        self.assertEqual(trees[0].finish, self.at(2, 16))
        # the bought parts of the first took the vendor's two days, the second bake waits
        # for the oven after the first (11:00-13:00), the press for the first (16:00-17:00)
        self.assertEqual(trees[1].finish, self.at(2, 17))

    def test_alternative_work_center(self):
        """A free alternative work center is taken when it finishes earlier, as Odoo does."""
        spare = self.env["mrp.workcenter"].create(
            {"name": "Spare Press", "resource_calendar_id": self.press_hours.id}
        )
        self.press.alternative_workcenter_ids = spare
        (tree,) = self.replan("forward")
        self.assertEqual(tree.root.ops[0].workcenter, spare)
        self.assertEqual((tree.root.start, tree.root.end), (self.at(2, 11), self.at(2, 12)))
        self.production.with_user(self.mrp_user)._apply_replan("forward")
        self.assertEqual(self.production.workorder_ids.workcenter_id, spare)

    def test_work_center_without_calendar(self):
        self.press.resource_calendar_id = False
        self.company.resource_calendar_id = self.press_hours
        (tree,) = self.replan("forward")
        self.assertIn(
            "Press has no working calendar of its own: the company's (Press hours) is used.",
            tree.notes,
        )
        # the company's hours, and the press's own time off on them
        self.assertEqual(tree.finish, self.at(2, 16))

    def test_refusals_change_nothing(self):
        """Each refusal is a clear error, before anything is planned or written (the same
        cases with a digest of the tables are in test_bad_input)."""
        before = {p: self.dates(p) for p in self.production | self.sub_order}
        user = self.mrp_user
        other_company = self.env["res.company"].create({"name": "Other Optics"})
        user.company_ids |= other_company
        foreign = (
            self.env["mrp.production"]
            .with_company(other_company)
            .create({"product_id": self.received.id, "product_qty": 1})
        )
        both = {"allowed_company_ids": [self.company.id, other_company.id]}
        with self.assertRaisesRegex(UserError, f"{foreign.name} belong to Other Optics"):
            foreign.with_user(user).with_context(**both)._get_replan("forward")
        with self.assertRaisesRegex(UserError, "one company at a time"):
            (self.production | foreign).with_user(user).with_context(**both).action_open_replan()
        draft = self.create_mo(self.top, 1, confirm=False)
        with self.assertRaisesRegex(UserError, f"Confirm {draft.name}"):
            draft.with_user(user).action_open_replan()
        self.sub_order._suspend(
            self.env.ref("mrp_production_management.reason_suspend_customer_request")
        )
        with self.assertRaisesRegex(UserError, f"{self.sub_order.name} are suspended"):
            self.production.with_user(user)._apply_replan("forward")
        self.sub_order.action_resume()
        self.set_stock(self.bought, 2)
        done = self.produce(self.create_mo(self.sub, 1))
        with self.assertRaisesRegex(UserError, f"{done.name} are done, closed or cancelled"):
            done.with_user(user)._apply_replan("forward")
        self.production.date_deadline = False
        with self.assertRaisesRegex(UserError, "no deadline to plan backward from"):
            self.production.with_user(user)._apply_replan("backward")
        with self.assertRaises(AccessError):
            self.production.with_user(self.sale_user).action_open_replan()
        self.assertEqual({p: self.dates(p) for p in before}, before)
