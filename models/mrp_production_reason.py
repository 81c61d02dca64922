# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MrpProductionReason(models.Model):
    _name = "mrp.production.reason"
    _description = "Reason to suspend, close or customize a manufacturing order"
    _order = "reason_type, sequence, name"

    name = fields.Char(required=True, translate=True)
    reason_type = fields.Selection(
        [("suspend", "Suspension"), ("close", "Closure"), ("customize", "BoM Customization")],
        string="Used For",
        required=True,
        default="suspend",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the reason in every company."
    )
