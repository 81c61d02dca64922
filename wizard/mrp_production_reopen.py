# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class MrpProductionReopen(models.TransientModel):
    _name = "mrp.production.reopen"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Reopen part of a closed manufacturing order"

    production_id = fields.Many2one("mrp.production", required=True, readonly=True)
    closure_id = fields.Many2one(
        "mrp.production.closure",
        required=True,
        compute="_compute_closure_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('production_id', '=', production_id), ('qty_balance', '>', 0)]",
    )
    product_uom_id = fields.Many2one(related="production_id.product_uom_id")
    qty_balance = fields.Float(related="closure_id.qty_balance", string="Open Balance")
    product_qty = fields.Float(
        string="Quantity to Reopen", digits="Product Unit of Measure", required=True
    )
    date_start = fields.Datetime(string="Planned Start", default=fields.Datetime.now)

    @api.depends("production_id")
    def _compute_closure_id(self):
        for wizard in self:
            wizard.closure_id = wizard.production_id.closure_ids.filtered("qty_balance")[:1]

    def action_reopen(self):
        self.ensure_one()
        reopened = self.production_id._reopen(self.closure_id, self.product_qty, self.date_start)
        return reopened._get_list_action(reopened.name)
