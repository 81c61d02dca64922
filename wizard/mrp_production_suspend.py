# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MrpProductionSuspend(models.TransientModel):
    _name = "mrp.production.suspend"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Suspend manufacturing orders"

    production_ids = fields.Many2many("mrp.production", required=True, readonly=True)
    reason_id = fields.Many2one(
        "mrp.production.reason", required=True, domain="[('reason_type', '=', 'suspend')]"
    )
    note = fields.Text()
    date_resume = fields.Date(
        string="Resume On", help="Resumed automatically on this date (optional)."
    )
    with_sub_tree = fields.Boolean(
        string="Suspend Sub-orders Too",
        default=True,
        help="Also suspend every sub-order below that is not done.",
    )
    release_reservations = fields.Boolean(
        help="Give the reserved components back to stock while the orders wait."
    )

    def action_suspend(self):
        self.ensure_one()
        self.production_ids._suspend(
            self.reason_id,
            self.note,
            self.date_resume,
            self.release_reservations,
            self.with_sub_tree,
        )
        return {"type": "ir.actions.act_window_close"}
