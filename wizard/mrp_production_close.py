# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class MrpProductionClose(models.TransientModel):
    _name = "mrp.production.close"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Close manufacturing orders"

    production_ids = fields.Many2many("mrp.production", required=True, readonly=True)
    reason_id = fields.Many2one(
        "mrp.production.reason", required=True, domain="[('reason_type', '=', 'close')]"
    )
    note = fields.Text()
    with_sub_tree = fields.Boolean(
        string="Close Sub-orders Not Started",
        default=True,
        help="Sub-orders that have not started only fed the closed rest: close them too.",
    )
    summary = fields.Html(compute="_compute_summary")

    @api.depends("production_ids")
    def _compute_summary(self):
        for wizard in self:
            wizard.summary = "<br/>".join(
                self.env._(
                    "%(production)s: %(produced)s %(uom)s produced, %(closed)s %(uom)s closed",
                    production=p.name,
                    produced=p._format_qty(p.qty_producing),
                    closed=p._format_qty(p.product_qty - p.qty_producing),
                    uom=p.product_uom_id.name,
                )
                for p in wizard.production_ids
            )

    def action_close(self):
        self.ensure_one()
        self.production_ids._close(self.reason_id, self.note, self.with_sub_tree)
        return {"type": "ir.actions.act_window_close"}
