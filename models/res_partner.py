# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    bom_customization_count = fields.Integer(
        string="Customizations",
        compute="_compute_bom_customization_count",
        groups="mrp.group_mrp_user",
    )

    def _compute_bom_customization_count(self):
        counts = dict(
            self.env["mrp.bom"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("is_customization", "=", True),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.bom_customization_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_bom_customizations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp_production_management.action_mrp_bom_customization"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
