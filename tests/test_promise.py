# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import ScheduleCommon


@tagged("post_install", "-at_install")
class TestPromise(ScheduleCommon):
    """The promise date of quotation lines, computed by hand (see ``ScheduleCommon``): the
    tree confirming the line would create, planned forward on the work centers as they are
    loaded now, plus a day of security lead time; and the same date once the tree exists."""

    def setUp(self):
        super().setUp()
        self.freezer = freeze_time(self.NOW)
        self.freezer.start()
        self.addCleanup(self.freezer.stop)

    def promise(self, line):
        return line.with_context(tz="UTC")._get_promises()[line]

    def digest(self, skip=None):
        """(row count, md5 of the rows) of every table of the database, without the
        ``skip`` columns of some tables."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        digests = {}
        for (table,) in self.env.cr.fetchall():
            row = SQL("to_jsonb(t)")
            for column in (skip or {}).get(table, ()):
                row = SQL("(%s - %s)", row, column)
            self.env.cr.execute(
                SQL(
                    "SELECT count(*), md5(string_agg(md5(%s::text), '' ORDER BY md5(%s::text))) "
                    "FROM %s t",
                    row,
                    row,
                    SQL.identifier(table),
                )
            )
            digests[table] = self.env.cr.fetchone()
        return digests

    def create_tree(self, line):
        """Confirm the line's quotation and create its tree, as a planner does."""
        line.order_id.action_confirm()
        line.with_user(self.mrp_user).action_create_production()
        return line.production_ids.filtered("is_sale_line_top")

    def assert_promise_kept(self, line):
        """Promise now; confirm; replan the tree forward from the same moment: it ends
        when the promise said, less the security lead time."""
        date, _explanation = self.promise(line)
        top = self.create_tree(line)
        (tree,) = top.with_user(self.mrp_user)._get_replan("forward", self.NOW)
        lead = self.env["mrp.production.schedule"]._get_sale_lead(self.company)
        self.assertEqual(tree.finish + lead, date)
        return top, tree

    def test_promise(self):
        """Ready Wednesday 16:00 (see test_replan's forward case), plus a day."""
        line = self.quotation(self.top, 1).order_line
        date, explanation = self.promise(line)
        self.assertEqual(date, self.at(3, 16))
        self.assertEqual(
            explanation,
            f"Ready {self.fmt(self.at(2, 16))} (critical path: Replan Sub-assembly → "
            f"Replan Top; Press closed until {self.fmt(self.at(2, 15))} (Maintenance); "
            f"Oven loaded until {self.fmt(self.at(2, 9))}; Replan Bought Part from Vendor Ltd "
            f"in 2 day(s) ({self.fmt(self.at(2, 7))})). Plus 1 day(s) of security lead time.",
        )
        # the line's own lead time is a floor
        line.customer_lead = 5
        date, explanation = self.promise(line)
        self.assertEqual(date, self.at(5, 7))
        self.assertIn("Not before the line's lead time of 5.0 day(s).", explanation)

    def test_promise_of_lines_together(self):
        """A quotation's lines are planned together: the second top waits for the first on
        the oven and the press (see test_replan's two trees), and gets no received part."""
        order = self.quotation(self.top, 1)
        order.order_line = [Command.create({"product_id": self.top.id, "product_uom_qty": 1})]
        first, second = order.order_line
        order.with_context(tz="UTC").action_compute_promise()
        self.assertEqual(
            (first.date_promise, second.date_promise), (self.at(3, 16), self.at(3, 17))
        )
        self.assertIn(
            "Replan Received Part: 1.00 Units short and no vendor", second.promise_explanation
        )
        self.assertEqual(order.date_promise, self.at(3, 17))

    def test_promise_of_a_customization(self):
        """The line's customized BoM is the one planned: a two-hour press, 15:00-17:00."""
        line = self.quotation(self.top, 1).order_line
        customization = self.bom_top.copy(
            {
                "is_customization": True,
                "origin_bom_id": self.bom_top.id,
                "partner_id": line.order_partner_id.id,
            }
        )
        customization.operation_ids.time_cycle_manual = 120
        line.customization_id = customization
        self.assertEqual(self.promise(line)[0], self.at(3, 17))

    def test_not_manufactured(self):
        line = self.quotation(self.received, 1).order_line
        date, explanation = self.promise(line)
        self.assertEqual(date, self.at(3, 10))
        self.assertEqual(
            explanation,
            f"Not manufactured: ready {self.fmt(self.at(2, 10))}, Replan Received Part arrives "
            f"{self.fmt(self.at(2, 10))} ({self.receipt.name}). Plus 1 day(s) of security "
            "lead time.",
        )
        self.set_stock(self.received, 5)
        self.env.invalidate_all()  # the free quantity read above
        self.assertEqual(
            self.promise(line),
            (self.at(1, 7), "Not manufactured: in stock. Plus 1 day(s) of security lead time."),
        )

    def test_promise_writes_nothing(self):
        """Computing promises leaves every table of the database as it was; the button
        writes the promise of each line and nothing else."""
        order = self.quotation(self.top, 1)
        order.order_line = [
            Command.create({"product_id": self.sfp.id, "product_uom_qty": 3}),
            Command.create({"product_id": self.received.id, "product_uom_qty": 2}),
        ]
        order.user_id = self.sale_user
        before = self.digest()
        promises = order.order_line.with_user(self.sale_user)._get_promises()
        self.assertEqual(len(promises), 3)
        self.assertEqual(self.digest(), before)
        skip = {
            "sale_order_line": ("date_promise", "promise_explanation", "write_date", "write_uid")
        }
        before = self.digest(skip)
        order.with_user(self.sale_user).action_compute_promise()
        self.assertEqual(self.digest(skip), before)
        self.assertEqual(
            {line: line.date_promise for line in order.order_line},
            {line: date for line, (date, _explanation) in promises.items()},
        )

    def test_commit_the_promise(self):
        order = self.quotation(self.top, 1)
        order.commitment_date = self.at(2, 12)
        order.user_id = self.sale_user
        order.with_user(self.sale_user).action_compute_promise()
        self.assertTrue(order.is_commitment_before_promise)
        order.with_user(self.sale_user).action_commit_promise()
        self.assertEqual(order.commitment_date, self.at(3, 16))
        self.assertFalse(order.is_commitment_before_promise)
        # a changed line has no promise until asked again
        order.order_line.product_uom_qty = 2
        self.assertFalse(order.order_line.date_promise)
        self.assertFalse(order.date_promise)

    def test_confirmed_quotation_keeps_its_promise(self):
        top, tree = self.assert_promise_kept(self.quotation(self.top, 1).order_line)
        self.assertEqual(len(tree.nodes), 2)
        self.assertEqual(tree.root.production, top)

    def test_promise_kept_with_sub_orders_for_the_shortage(self):
        """Sub-orders made only for what stock lacks: one sub-assembly in stock, none made;
        the top waits only for its received part (Wednesday 10:00) then presses 10-11."""
        self.company.mo_child_qty_mode = "shortage"
        self.set_stock(self.sub, 1)
        line = self.quotation(self.top, 1).order_line
        self.assertEqual(self.promise(line)[0], self.at(3, 11))
        top, _tree = self.assert_promise_kept(line)
        self.assertFalse(top.child_ids)

    def test_promise_kept_on_the_demo(self):
        line = self.quotation(self.sfp, 10, self.env.ref("base.res_partner_3")).order_line
        top, tree = self.assert_promise_kept(line)
        self.assertEqual(len(tree.nodes), len(top._get_with_descendants()))
        self.assertGreater(len(tree.nodes), 3)

    def test_promise_kept_on_a_40_order_tree(self):
        """A generated tree of 40 orders (1 + 3 + 9 + 27) on the press and the oven, with a
        bought and a stocked component at every level."""
        raw_bought = self.create_product(
            "Tree bought", seller_ids=[Command.create({"partner_id": self.vendor.id, "delay": 3})]
        )
        raw_stocked = self.create_product("Tree stocked")
        self.set_stock(raw_stocked, 100)
        products = self.env["product.product"].create(
            [{"name": f"Tree part {i}", "is_storable": True} for i in range(40)]
        )
        for index, product in enumerate(products):
            children = products[index * 3 + 1 : index * 3 + 4]
            self.create_bom(
                product,
                [(child, 2) for child in children] + [(raw_bought, 1), (raw_stocked, 1)],
                operation_ids=[
                    self.operation("Work", (self.press, self.oven)[index % 2], 5 + index % 7)
                ],
            )
        line = self.quotation(products[0], 1).order_line
        date = self.promise(line)[0]
        top, tree = self.assert_promise_kept(line)
        self.assertEqual(len(top._get_with_descendants()), 40)
        self.assertEqual(len(tree.nodes), 40)
        self.assertGreater(date, self.at(3, 7))  # the bought parts take three days
