# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MrpProductionPlanFill(models.TransientModel):
    _name = "mrp.production.plan.fill"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Fill a production plan from sales demand"

    plan_id = fields.Many2one("mrp.production.plan", required=True, readonly=True)
    date_to = fields.Date(
        string="Delivery Until",
        help="Only the sales order lines promised by this date; empty: all of them.",
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", help="Only these customers; empty: every customer."
    )
    grouping = fields.Selection(
        [
            ("line", "One plan line per sales order line"),
            ("product", "One plan line per product"),
        ],
        default="line",
        required=True,
    )

    def action_fill(self):
        self.ensure_one()
        return self.plan_id._action_fill_from_sales(self.grouping, self.date_to, self.partner_ids)
