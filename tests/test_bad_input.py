# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MpmCommon

TABLES = (
    "mrp_production",
    "stock_move",
    "mrp_workorder",
    "mrp_bom",
    "mrp_bom_line",
    "mrp_production_closure",
    "mrp_production_plan",
    "mrp_production_plan_line",
    "sale_order_line",
    "resource_calendar_leaves",
)


@tagged("post_install", "-at_install")
class TestBadInput(MpmCommon):
    """Every refused action of the addon, called directly (no savepoint around it): a clear
    error of the right kind, and not one row of the tables it touches has changed."""

    def snapshot(self):
        self.env.flush_all()
        digests = []
        for table in TABLES:
            self.env.cr.execute(
                f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY id)) FROM {table} t"
            )
            digests.append((table, *self.env.cr.fetchone()))
        return digests

    def test_refused_actions_change_nothing(self):
        env = self.env
        manager = env(user=self.mrp_manager)
        user = env(user=self.mrp_user)
        seller = env(user=self.sale_user)
        reason_close = env.ref("mrp_production_management.reason_close_replanned")
        reason_suspend = env.ref("mrp_production_management.reason_suspend_material_shortage")
        done = self.produce(self.create_mo(self.led_driver, 2))
        confirmed = self.create_mo(self.sfp, 4)
        draft = self.create_mo(self.led_driver, 1, confirm=False)
        closed = env.ref("mrp_production_management.mrp_production_led_closed")
        closure = closed.closure_ids
        plan = env["mrp.production.plan"].create(
            {"line_ids": [Command.create({"product_id": self.screw.id, "product_qty": 1})]}
        )
        quotation = env["sale.order"].create(
            {
                "partner_id": env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "order_line": [Command.create({"product_id": self.sfp.id, "product_uom_qty": 1})],
            }
        )
        other_company = env["res.company"].create({"name": "Bad Input Plant"})
        foreign_bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": self.led_driver.product_tmpl_id.id,
                "company_id": other_company.id,
                "bom_line_ids": [Command.create({"product_id": self.screw.id})],
            }
        )
        foreign = env["mrp.production"].create(
            {
                "product_id": self.led_driver.id,
                "product_qty": 1,
                "bom_id": foreign_bom.id,
                "company_id": other_company.id,
            }
        )
        foreign.action_confirm()

        self.mrp_user.company_ids |= other_company
        both = env(
            user=self.mrp_user,
            context={"allowed_company_ids": [env.company.id, other_company.id]},
        )
        suspended = env.ref("mrp_production_management.mrp_production_sfp_suspended")

        customization = self.bom_sfp.copy(
            {"is_customization": True, "origin_bom_id": self.bom_sfp.id}
        )
        cases = [
            (
                "split a done order",
                lambda: confirmed.browse(done.id).with_env(user)._split_tree([1, 1]),
                UserError,
                "done",
            ),
            (
                "split into parts that do not add up",
                lambda: confirmed.with_env(user)._split_tree([1, 1]),
                UserError,
                "add up",
            ),
            (
                "split into a negative part",
                lambda: confirmed.with_env(user)._split_tree([5, -1]),
                UserError,
                "",
            ),
            (
                "split a sub-order on its own",
                lambda: confirmed.child_ids[0].with_env(user)._split_tree([2, 2]),
                UserError,
                "split .* instead",
            ),
            (
                "suspend a done order",
                lambda: done.with_env(user)._suspend(reason_suspend),
                UserError,
                "",
            ),
            (
                "resume an order that is not suspended",
                lambda: confirmed.with_env(user).action_resume(),
                UserError,
                "",
            ),
            (
                "close a done order",
                lambda: done.with_env(manager)._close(reason_close),
                UserError,
                "",
            ),
            (
                "close as a user without the manager group",
                lambda: confirmed.with_env(user)._close(reason_close),
                AccessError,
                "",
            ),
            (
                "reopen more than the closed balance",
                lambda: closed.with_env(manager)._reopen(closure, closure.qty_balance + 1),
                UserError,
                "",
            ),
            (
                "create sub-orders of a draft order",
                lambda: draft.with_env(user).action_create_child_productions(),
                UserError,
                "confirmed",
            ),
            (
                "create sub-orders as a sales user",
                lambda: confirmed.with_env(seller).action_create_child_productions(),
                AccessError,
                "",
            ),
            (
                "customize a done order",
                lambda: done.with_env(user).action_open_customize_bom(),
                UserError,
                "done or cancelled",
            ),
            (
                "reset an order that is not customized",
                lambda: confirmed.with_env(user).action_reset_bom_to_standard(),
                UserError,
                "standard",
            ),
            (
                "apply a customization when there is none",
                lambda: confirmed.with_env(user).action_apply_customization_suggestion(),
                UserError,
                "no earlier",
            ),
            (
                "produce an unconfirmed sales order",
                lambda: quotation.order_line.with_env(user).action_create_production(),
                UserError,
                "Confirm",
            ),
            (
                "convert a plan line that is not manufactured",
                lambda: plan.with_env(user).action_convert(),
                UserError,
                "not manufactured",
            ),
            (
                "mark a draft plan done",
                lambda: plan.with_env(user).action_done(),
                UserError,
                "current state",
            ),
            (
                "requirements of two companies at once",
                lambda: (confirmed | foreign).action_view_requirements(),
                UserError,
                "one company",
            ),
            (
                "reopen a quantity given as text",
                lambda: (
                    env["mrp.production.reopen"]
                    .with_env(manager)
                    .create({"production_id": closed.id, "product_qty": "many"})
                ),
                ValidationError,
                "not a valid value",
            ),
            (
                "split an order given by its name",
                lambda: (
                    env["mrp.production.tree.split"]
                    .with_env(user)
                    .create({"production_id": confirmed.name})
                ),
                ValidationError,
                "not a valid value for “Production”",
            ),
            (
                "close another company's order",
                lambda: (
                    env["mrp.production.close"]
                    .with_env(manager)
                    .create(
                        {"production_ids": [Command.set(foreign.ids)], "reason_id": reason_close.id}
                    )
                ),
                AccessError,
                "",
            ),
            (
                "suspend an order that does not exist",
                lambda: (
                    env["mrp.production.suspend"]
                    .with_env(user)
                    .create(
                        {
                            "production_ids": [Command.link(999999999)],
                            "reason_id": reason_suspend.id,
                        }
                    )
                ),
                UserError,
                "does not exist",
            ),
            (
                "replan another company's tree",
                lambda: foreign.with_env(both)._apply_replan("forward"),
                UserError,
                "belong to Bad Input Plant",
            ),
            (
                "replan trees of two companies at once",
                lambda: (confirmed | foreign).with_env(both)._apply_replan("forward"),
                UserError,
                "one company at a time",
            ),
            (
                "replan a suspended tree",
                lambda: suspended.with_env(user)._apply_replan("forward"),
                UserError,
                "suspended",
            ),
            (
                "replan a closed order",
                lambda: closed.with_env(user)._apply_replan("backward"),
                UserError,
                "done, closed or cancelled",
            ),
            (
                "replan a draft order",
                lambda: draft.with_env(user).action_open_replan(),
                UserError,
                "Confirm",
            ),
            (
                "replan backward a tree without a deadline",
                lambda: confirmed.with_env(user)._apply_replan("backward"),
                UserError,
                "no deadline",
            ),
            (
                "replan as a sales user",
                lambda: confirmed.with_env(seller)._apply_replan("forward"),
                AccessError,
                "",
            ),
            (
                "turn a customization into a standard BoM",
                lambda: customization.write({"is_customization": False}),
                UserError,
                "cannot become",
            ),
        ]
        for name, call, error, message in cases:
            with self.subTest(name):
                before = self.snapshot()
                with self.assertRaisesRegex(error, message):
                    call()
                self.env.invalidate_all()
                self.assertEqual(self.snapshot(), before, name)
        # Constraints are checked by the ORM once the row is written; the request's
        # transaction is rolled back, as the savepoint is here.
        before = self.snapshot()
        with (
            self.assertRaisesRegex(ValidationError, "greater than zero"),
            self.env.cr.savepoint(),
        ):
            plan.write(
                {"line_ids": [Command.create({"product_id": self.led_driver.id, "product_qty": 0})]}
            )
        self.env.invalidate_all()
        self.assertEqual(self.snapshot(), before)
