# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class SaleProductionRiskMixin(models.AbstractModel):
    """*At Risk* as a badge, for records that know whether their production is late."""

    _name = "sale.production.risk.mixin"
    _description = "Production Risk Badge"

    production_risk = fields.Selection(
        [("at_risk", "At Risk")],
        string="Production Risk",
        compute="_compute_production_risk",
        help="Shown as a badge where production is planned to finish after the date "
        "promised to the customer.",
    )

    @api.depends("is_production_late")
    def _compute_production_risk(self):
        for record in self:
            record.production_risk = "at_risk" if record.is_production_late else False
