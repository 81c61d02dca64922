# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Suspend and resume: a suspended order (and, if asked, its sub-tree) cannot be started
or produced and leaves the work centers' queues until it is resumed."""

from odoo import api, fields, models
from odoo.tools import float_is_zero


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    is_suspended = fields.Boolean(
        string="Suspended", readonly=True, copy=False, index=True, tracking=True
    )
    suspension_reason_id = fields.Many2one(
        "mrp.production.reason",
        string="Suspension Reason",
        readonly=True,
        copy=False,
        tracking=True,
        domain="[('reason_type', '=', 'suspend')]",
    )
    suspension_note = fields.Text(readonly=True, copy=False)
    date_resume = fields.Date(
        string="Resume On",
        readonly=True,
        copy=False,
        tracking=True,
        help="A daily scheduled action resumes the order on this date.",
    )
    suspended_with_id = fields.Many2one(
        "mrp.production",
        string="Suspended With",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The order above whose suspension, with its sub-orders, suspended this one: "
        "resuming it resumes this one too.",
    )

    def write(self, vals):
        """Starting to record a quantity on a suspended order is recording production (Odoo
        then puts it in progress); a quantity recorded before the suspension may still follow
        a change of the order's quantity."""
        if vals.get("qty_producing"):
            self.filtered(
                lambda p: float_is_zero(
                    p.qty_producing, precision_rounding=p.product_uom_id.rounding
                )
            )._check_not_suspended()
        return super().write(vals)

    def action_start(self):
        self._check_not_suspended()
        return super().action_start()

    def button_mark_done(self):
        self._check_not_suspended()
        return super().button_mark_done()

    def button_plan(self):
        """A suspended order stays out of the work centers' schedule until it is resumed."""
        self.filtered("is_suspended")._raise_if_any(
            self.env._("%(names)s is suspended: resume it before planning it.")
        )
        return super().button_plan()

    def _pre_action_split_merge_hook(self, merge=False, split=False):
        """Odoo's Split and Merge of a suspended order would make orders that are not
        suspended: refused until it is resumed."""
        self.filtered("is_suspended")._raise_if_any(
            self.env._("%(names)s is suspended: resume it before splitting or merging it.")
        )
        return super()._pre_action_split_merge_hook(merge=merge, split=split)

    def action_open_suspend(self):
        self._check_suspendable()
        return self.env["mrp.production.suspend"]._get_action(production_ids=self.ids)

    def action_resume(self):
        self._check_mpm_user()
        self.filtered(lambda p: not p.is_suspended)._raise_if_any(
            self.env._("%(names)s is not suspended.")
        )
        with_them = self.search(
            [("suspended_with_id", "in", self.ids), ("is_suspended", "=", True)]
        )
        productions = self | with_them
        productions._lock_for_update()
        productions.write(
            {
                "is_suspended": False,
                "suspension_reason_id": False,
                "suspension_note": False,
                "date_resume": False,
                "suspended_with_id": False,
            }
        )
        for production in productions:
            production.message_post(body=self.env._("Resumed."))
        return True

    def _check_not_suspended(self):
        self.filtered("is_suspended")._raise_if_any(
            self.env._("%(names)s is suspended: resume it before recording production.")
        )

    def _suspend(
        self, reason, note=False, date_resume=False, release_reservations=False, with_sub_tree=True
    ):
        """Suspend these orders and, ``with_sub_tree``, every sub-order below that is not done."""
        self._check_suspendable()
        sub_tree = self.browse()
        if with_sub_tree:
            sub_tree = (
                self.descendant_ids.filtered(
                    lambda p: p.state not in ("done", "cancel") and not p.is_suspended
                )
                - self
            )
        (self | sub_tree)._lock_for_update()
        (self | sub_tree)._write_suspension(reason, note, date_resume, release_reservations)
        for production in self:
            sub_tree.filtered(
                lambda p, top=production: p in top.descendant_ids
            ).suspended_with_id = production

    def _check_suspendable(self):
        self._check_mpm_user()
        self._check_background_free()
        self.filtered(lambda p: p.state in ("done", "cancel") or p.is_suspended)._raise_if_any(
            self.env._(
                "Only orders that are neither done, cancelled, closed nor already suspended "
                "can be suspended: %(names)s."
            )
        )

    def _write_suspension(self, reason, note, date_resume, release_reservations):
        self.write(
            {
                "is_suspended": True,
                "suspension_reason_id": reason.id,
                "suspension_note": note,
                "date_resume": date_resume,
            }
        )
        if release_reservations:
            self.filtered(lambda p: p.state != "draft").do_unreserve()
        for production in self:
            production.message_post(
                body=self.env._(
                    "Suspended: %(reason)s%(note)s%(resume)s.",
                    reason=reason.name or "",
                    note=" — " + note if note else "",
                    resume=self.env._(", to resume on %s", date_resume) if date_resume else "",
                )
            )

    @api.model
    def _cron_resume_productions(self):
        """Resume the suspended orders whose resume date has come and tell their responsible."""
        due = self.search(
            [("is_suspended", "=", True), ("date_resume", "<=", fields.Date.context_today(self))]
        )
        due.action_resume()
        for production in due:
            production.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Resumed on its planned date"),
                user_id=(production.user_id or self.env.user).id,
            )
        return due
