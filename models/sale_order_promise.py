# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Promise date of a quotation: every line planned together, the latest of their promises,
written as the delivery date in one click, and a warning when the customer asks earlier."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    date_promise = fields.Datetime(
        string="Promise Date",
        compute="_compute_date_promise",
        help="The earliest date every line of the order can be delivered: the latest of "
        "their promise dates.",
    )
    is_commitment_before_promise = fields.Boolean(
        string="Delivery Date Before Promise",
        compute="_compute_date_promise",
        help="The delivery date asked for is earlier than the promise date.",
    )

    @api.depends("order_line.date_promise", "commitment_date")
    def _compute_date_promise(self):
        for order in self:
            dates = order.order_line.filtered("date_promise").mapped("date_promise")
            order.date_promise = max(dates, default=False)
            order.is_commitment_before_promise = bool(
                order.date_promise
                and order.commitment_date
                and order.commitment_date < order.date_promise
            )

    def action_compute_promise(self):
        """Promise Date of the quotation: its lines planned together, in one call."""
        self.order_line.action_compute_promise()
        return True

    def action_commit_promise(self):
        """Promise the customer the promise date: it becomes the delivery date."""
        for order in self:
            if not order.date_promise:
                raise UserError(
                    self.env._(
                        "%s has no promise date yet: press 'Promise Date' first.", order.name
                    )
                )
            order.commitment_date = order.date_promise
        return True
