# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

from .sale_order_line import PRODUCTION_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    production_state = fields.Selection(
        PRODUCTION_STATES,
        string="Production Status",
        compute="_compute_production_state",
        store=True,
        index=True,
        help="Where the production of the order's manufactured lines stands.",
    )
    is_production_late = fields.Boolean(
        string="Production at Risk",
        compute="_compute_production_state",
        store=True,
        index=True,
        help="A manufacturing order for this order is planned to finish after the date "
        "promised to the customer.",
    )
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

    @api.depends("order_line.production_state", "order_line.is_production_late")
    def _compute_production_state(self):
        for order in self:
            lines = order.order_line.filtered(lambda l: l.production_count or l.is_manufactured)
            states = set(lines.mapped("production_state"))
            order.is_production_late = any(lines.mapped("is_production_late"))
            if not states:
                order.production_state = False
            elif states == {"done"}:
                order.production_state = "done"
            elif states <= {"done", "closed"}:
                order.production_state = "closed"
            elif "suspended" in states:
                order.production_state = "suspended"
            elif states & {"done", "partial"}:
                order.production_state = "partial"
            else:
                order.production_state = next(
                    state for state in ("progress", "planned", "none") if state in states
                )

    def action_send_production_status(self):
        """Open the mail composer with the production status report for the customer."""
        self.ensure_one()
        template = self.env.ref("mrp_production_management.mail_template_sale_production_status")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }
