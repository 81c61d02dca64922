# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

from ..models.mrp_production import NOT_STARTED_STATES


class MrpProductionTreeCancel(models.TransientModel):
    _name = "mrp.production.tree.cancel"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Cancel a manufacturing order and its sub-orders"

    production_id = fields.Many2one("mrp.production", required=True, readonly=True)
    sub_production_ids = fields.Many2many(
        "mrp.production",
        string="Sub-orders not started",
        compute="_compute_sub_production_ids",
    )

    @api.depends("production_id")
    def _compute_sub_production_ids(self):
        for wizard in self:
            wizard.sub_production_ids = wizard.production_id.descendant_ids.filtered(
                lambda p: p.state in NOT_STARTED_STATES
            )

    def action_cancel_production(self):
        return self.production_id.with_context(mpm_keep_sub_orders=True).action_cancel()

    def action_cancel_tree(self):
        return self.production_id.action_cancel_tree()
