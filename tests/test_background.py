# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..hooks import post_init_hook
from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestBackground(MpmCommon):
    """Work above the company's threshold runs as batches of Odoo's scheduled action. The
    cron runs here as Odoo's cron worker runs it (``ir.cron._process_job``), each batch
    committed, in a test to a savepoint of the test's transaction (Odoo's test mode)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.mo_background_threshold = 2
        cls.env["ir.config_parameter"].set_param(
            "mrp_production_management.background_batch_size", 2
        )
        cls.cron = cls.env.ref("mrp_production_management.ir_cron_background_jobs")
        cls.part = cls.create_product("BG part")
        cls.sub = cls.create_product("BG sub-assembly")
        cls.finished = cls.create_product("BG finished", sale_ok=True)
        cls.create_bom(cls.sub, [(cls.part, 2)])
        cls.create_bom(cls.finished, [(cls.sub, 1), (cls.part, 1)])
        # A sub-assembly whose BoM is kept in kilograms though the product is counted in
        # units: confirming an order that needs it fails (a line that cannot convert)
        # until the BoM is corrected.
        cls.broken_sub = cls.create_product("BG sub-assembly in kg")
        cls.broken_sub_bom = cls.create_bom(
            cls.broken_sub, [(cls.part, 1)], product_uom_id=cls.env.ref("uom.product_uom_kgm").id
        )
        cls.broken = cls.create_product("BG finished with the kg sub-assembly")
        cls.create_bom(cls.broken, [(cls.broken_sub, 1)])

    def new_plan(self, products):
        plan = (
            self.env["mrp.production.plan"]
            .with_user(self.mrp_user)
            .create(
                {
                    "line_ids": [
                        Command.create({"product_id": product.id, "product_qty": qty})
                        for qty, product in enumerate(products, start=1)
                    ]
                }
            )
        )
        plan.action_confirm()
        return plan

    def run_batch(self):
        """One batch: the scheduled action's method called as the cron calls it, on a
        cursor of its own that commits."""
        self.env.flush_all()
        self.registry.enter_test_mode(self.cr)
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["mrp.production.background.job"]._cron_run_background_jobs()
        finally:
            self.registry.leave_test_mode()
        self.env.invalidate_all()

    def run_cron(self):
        """One run of the scheduled action by a cron worker: Odoo calls it again while
        ``_notify_progress`` says work remains, up to ten batches. Return the progress
        Odoo recorded, (done, remaining) per batch."""
        progress = self.env["ir.cron.progress"]
        before = progress.search([("cron_id", "=", self.cron.id)])
        self.env.flush_all()
        job = {
            **self.cron.read(load=None)[0],
            "done": 0,
            "remaining": 0,
            "timed_out_counter": 0,
        }
        self.registry.enter_test_mode(self.cr)
        try:
            self.registry["ir.cron"]._process_job(
                self.registry.db_name, self.registry.cursor(), job
            )
        finally:
            self.registry.leave_test_mode()
        self.env.invalidate_all()
        runs = progress.search([("cron_id", "=", self.cron.id)], order="id") - before
        return [(run.done, run.remaining) for run in runs]

    def tops_of(self, line):
        return self.env["mrp.production"].search(
            [("plan_line_id", "=", line.id), ("parent_id", "=", False)]
        )

    def assert_one_tree_per_line(self, lines):
        for line in lines:
            tops = self.tops_of(line)
            self.assertEqual(len(tops), 1, f"{line.display_name} has {len(tops)} orders")
            self.assertEqual(tops.product_qty, line.product_qty)
            self.assertEqual(len(tops.child_ids), 1)
            self.assertEqual(self.tree_of(tops).plan_line_id, line)
            self.assertFalse(tops._get_tree_problems())

    def test_plan_converted_in_batches(self):
        plan = self.new_plan([self.finished] * 5)
        count = self.env["mrp.production"].search_count([])
        action = plan.action_convert()
        self.assertEqual(action["params"]["type"], "info")
        self.assertIn("background", action["params"]["message"])
        self.assertEqual(self.env["mrp.production"].search_count([]), count)
        job = plan.background_job_id
        self.assertEqual(
            (job.kind, job.state, job.total, job.done_count, job.user_id),
            ("plan_convert", "progress", 5, 0, self.mrp_user),
        )
        self.assertEqual((plan.background_state, plan.background_total), ("progress", 5))
        # Each batch converts two lines and commits them with the job's progress.
        self.run_batch()
        self.assertEqual(len(plan.line_ids.production_ids.filtered("plan_line_id")), 2)
        self.assertEqual((plan.background_done, plan.background_total), (2, 5))
        self.assertEqual(plan.converted_line_count, 2)
        self.assertEqual(plan.state, "progress")
        self.run_batch()
        self.assertEqual((plan.background_done, plan.converted_line_count), (4, 4))
        self.run_batch()
        self.assertEqual((job.state, job.done_count, job.progress), ("done", 5, 100.0))
        self.assertFalse(plan.background_job_id)
        self.assert_one_tree_per_line(plan.line_ids)
        self.assertEqual(self.env["mrp.production"].search_count([]), count + 10)
        # The planner is told in the plan's chatter (their inbox), once.
        message = plan.message_ids[0]
        self.assertIn("5 manufacturing order(s) created in the background", message.body)
        self.assertIn(self.mrp_user.partner_id, message.partner_ids)
        # Nothing more to do: another run converts nothing.
        self.run_batch()
        self.assertEqual(self.env["mrp.production"].search_count([]), count + 10)

    def test_progress_as_odoo_records_it(self):
        plan = self.new_plan([self.finished] * 5)
        plan.action_convert()
        # One cron run: Odoo calls the job again at once while work remains.
        self.assertEqual(self.run_cron(), [(2, 3), (2, 1), (1, 0)])
        self.assertEqual(plan.converted_line_count, 5)
        self.assertEqual(self.cron.failure_count, 0)
        self.assertEqual(plan.background_job_id.state, False)

    def test_second_press_and_conflicting_work_are_refused(self):
        plan = self.new_plan([self.finished] * 3)
        plan.action_convert()
        line = plan.line_ids[0]
        refusals = [
            plan.action_convert,
            plan.action_convert_valid,
            line.action_convert,
            plan.action_fill_from_sales,
            lambda: plan._action_fill_from_sales(),
            plan.action_cancel,
            plan.action_done,
            lambda: line.write({"product_qty": 7}),
            line.unlink,
            lambda: self.env["mrp.production.plan.line"].create(
                {"plan_id": plan.id, "product_id": self.finished.id}
            ),
        ]
        for refused in refusals:
            with (
                self.subTest(refused=refused),
                self.assertRaisesRegex(UserError, "in the background"),
            ):
                refused()
        self.assertEqual(len(plan.background_job_id), 1)
        self.assertEqual(
            self.env["mrp.production.background.job"].search_count(
                [("res_model", "=", plan._name), ("res_id", "=", plan.id)]
            ),
            1,
        )
        self.run_cron()
        self.assert_one_tree_per_line(plan.line_ids)

    def test_a_lost_batch_is_done_again_not_twice(self):
        plan = self.new_plan([self.finished] * 5)
        plan.action_convert()
        job = plan.background_job_id
        self.run_batch()
        self.assertEqual(plan.converted_line_count, 2)
        # The worker dies in the middle of the next batch, before it commits: nothing of
        # that batch remains.
        with self.env.cr.savepoint() as crash:
            self.run_batch()
            self.assertEqual(plan.converted_line_count, 4)
            crash.rollback()
        self.env.invalidate_all()
        self.assertEqual((plan.converted_line_count, job.done_count), (2, 2))
        self.assertEqual(len(job.unit_ids), 3)
        # The next run finishes the job: every line once.
        self.run_cron()
        self.assertEqual(job.state, "done")
        self.assert_one_tree_per_line(plan.line_ids)

    def test_failing_line_is_set_aside_and_retried(self):
        plan = self.new_plan([self.finished, self.broken, self.finished, self.finished])
        good = plan.line_ids.filtered(lambda line: line.product_id == self.finished)
        bad = plan.line_ids - good
        count = self.env["mrp.production"].search_count([])
        plan.action_convert()
        job = plan.background_job_id
        # The first batch fails in its middle (the second line): its two lines are rolled
        # back and done one by one, the first converts, the second is set aside, and the
        # batch goes on with the third.
        self.assertEqual(self.run_cron(), [(2, 1), (1, 0)])
        self.assertEqual((job.state, job.done_count, job.failed_count), ("failed", 3, 1))
        self.assert_one_tree_per_line(good)
        self.assertFalse(self.tops_of(bad))
        self.assertEqual(self.env["mrp.production"].search_count([]), count + 6)
        # The plan shows the error with the line it concerns.
        self.assertEqual(plan.background_state, "failed")
        self.assertIn(bad.display_name, plan.background_error)
        self.assertIn("category", plan.background_error)
        self.assertIn("category", bad.background_error)
        self.assertFalse(good.mapped("background_error")[0])
        self.assertIn(bad.display_name, plan.message_ids[0].body)
        # Corrected, the line is taken again; nothing is done twice.
        self.broken_sub_bom.product_uom_id = self.uom_unit
        plan.with_user(self.mrp_user).action_retry_background()
        self.assertEqual((job.state, job.unit_ids), ("progress", bad.ids))
        self.run_cron()
        self.assertEqual(job.state, "done")
        self.assertFalse(plan.background_job_id)
        self.assert_one_tree_per_line(plan.line_ids)
        self.assertEqual(self.env["mrp.production"].search_count([]), count + 8)

    def test_a_unit_that_keeps_killing_its_worker_is_set_aside(self):
        plan = self.new_plan([self.finished] * 3)
        plan.action_convert()
        job = plan.background_job_id
        first = plan.line_ids[0]
        # Each batch counts itself (committed) before it works: three batches that died on
        # the first line, as a worker killed by its time limit would.
        job.sudo().attempt_count = 3
        self.run_cron()
        self.assertEqual((job.state, job.done_count, job.attempt_count), ("failed", 2, 0))
        self.assertIn("stopped 3 times", first.background_error)
        self.assertFalse(self.tops_of(first))
        self.assert_one_tree_per_line(plan.line_ids - first)

    def test_customization_of_a_large_tree_in_background(self):
        self.company.mo_background_threshold = 1
        top = self.create_mo(self.finished, 3)
        standard = top.bom_id
        custom = self.create_bom(self.finished, [(self.sub, 2), (self.part, 1)])
        result = top.with_user(self.mrp_user)._customize_bom(custom)
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(top.bom_id, standard)
        self.run_cron()
        self.assertEqual(top.bom_id, custom)
        self.assertEqual(top.child_ids.filtered(lambda c: c.state != "cancel").product_qty, 6)
        self.assertFalse(top._get_tree_problems())

    def test_small_work_is_done_at_once(self):
        self.company.mo_background_threshold = 10
        plan = self.new_plan([self.finished] * 3)
        action = plan.action_convert()
        self.assertEqual(action["params"]["type"], "success")
        self.assertFalse(plan.background_job_id)
        self.assert_one_tree_per_line(plan.line_ids)

    def test_stop_keeps_what_is_done(self):
        plan = self.new_plan([self.finished] * 5)
        plan.action_convert()
        job = plan.background_job_id
        self.run_batch()
        plan.with_user(self.mrp_user).action_stop_background()
        self.assertEqual(job.state, "cancel")
        self.run_cron()
        self.assertEqual(plan.converted_line_count, 2)
        # what is left can be converted again
        plan.action_convert()
        self.run_cron()
        self.assert_one_tree_per_line(plan.line_ids)

    def sale_lines(self, count):
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.env.ref("base.res_partner_2").id,
                    "order_line": [
                        Command.create({"product_id": self.finished.id, "product_uom_qty": qty})
                    ],
                }
                for qty in range(1, count + 1)
            ]
        )
        orders.action_confirm()
        return orders.order_line

    def test_fill_in_background_as_at_once(self):
        self.env.ref("mrp_production_management.mrp_production_plan_demo").action_cancel()
        self.sale_lines(5)
        self.set_stock(self.finished, 2)
        for grouping in ("line", "product"):
            with self.subTest(grouping=grouping), self.env.cr.savepoint() as savepoint:
                at_once = self.new_plan([])
                at_once._fill_from_sales(grouping=grouping)
                expected = sorted(
                    (line.product_id.id, line.product_qty, line.sale_line_id.id)
                    for line in at_once.line_ids
                )
                at_once.line_ids.unlink()
                plan = self.new_plan([])
                wizard = Form(
                    self.env["mrp.production.plan.fill"]
                    .with_user(self.mrp_user)
                    .with_context(default_plan_id=plan.id)
                )
                wizard.grouping = grouping
                action = wizard.save().action_fill()
                self.assertIn("background", action["params"]["message"])
                with self.assertRaisesRegex(UserError, "in the background"):
                    plan.action_convert()  # converting a plan while it is filled
                self.run_cron()
                self.assertEqual(plan.background_job_id.state, False)
                self.assertEqual(
                    sorted(
                        (line.product_id.id, line.product_qty, line.sale_line_id.id)
                        for line in plan.line_ids
                    ),
                    expected,
                )
                self.assertIn("added from sales demand", plan.message_ids[0].body)
                savepoint.rollback()

    def test_tree_split_in_background(self):
        self.company.mo_background_threshold = 1
        top = self.create_mo(self.finished, 4)
        tree = self.tree_of(top)
        self.assertEqual(len(tree), 2)
        form = Form(
            self.env["mrp.production.tree.split"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=top.id)
        )
        action = form.save().action_split()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(top.background_state, "progress")
        self.assertEqual(top.child_ids.background_state, "progress")
        for refused in (
            top.action_open_split_tree,
            lambda: top.child_ids.with_user(self.mrp_user).action_open_customize_bom(),
            lambda: (
                Form(self.env["change.production.qty"].with_context(default_mo_id=top.id))
                .save()
                .change_prod_qty()
            ),
        ):
            with self.assertRaisesRegex(UserError, "in the background"):
                refused()
        self.run_cron()
        parts = self.env["mrp.production"].search([("product_id", "=", self.finished.id)])
        self.assertEqual(sorted(parts.mapped("product_qty")), [2, 2])
        for part in parts:
            self.assertEqual(part.child_ids.product_qty, 2)
            self.assertFalse(part._get_tree_problems())
        self.assertFalse(top.background_job_id)
        self.assertIn("was split with its sub-orders", top.message_ids[0].body)

    def test_quantity_change_in_background(self):
        self.company.mo_background_threshold = 1
        top = self.create_mo(self.finished, 4)
        wizard = Form(self.env["change.production.qty"].with_context(default_mo_id=top.id))
        wizard.product_qty = 6
        result = wizard.save().change_prod_qty()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(top.product_qty, 4)
        self.run_cron()
        self.assertEqual((top.product_qty, top.child_ids.product_qty), (6, 6))
        self.assertFalse(top._get_tree_problems())

    def test_install_adoption_queued_when_many(self):
        tops = self.env["mrp.production"]
        for qty in (1, 2):
            tops |= self.create_mo(self.finished, qty)
        children = tops.child_ids
        children.parent_id = False  # as before the addon was installed
        roots = self.env["mrp.production"].search_count(
            [("state", "in", ("confirmed", "progress", "to_close")), ("parent_id", "=", False)]
        )
        post_init_hook(self.env)
        job = self.env["mrp.production.background.job"].search([("kind", "=", "tree_adopt")])
        self.assertEqual((job.state, job.total), ("progress", roots))
        self.assertFalse(children.parent_id)
        self.run_cron()
        self.assertEqual(job.state, "done")
        for top in tops:
            self.assertEqual(len(top.child_ids), 1)
        self.assertEqual(children.parent_id, tops)
