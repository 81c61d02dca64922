# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class MrpProductionClosure(models.Model):
    """The unproduced rest of a closed manufacturing order, and how much of it was reopened."""

    _name = "mrp.production.closure"
    _description = "Closure of a manufacturing order"
    _order = "date desc, id desc"
    _rec_name = "production_id"
    _check_company_auto = True

    production_id = fields.Many2one(
        "mrp.production",
        string="Closed Order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="production_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="production_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="production_id.product_uom_id")
    partner_id = fields.Many2one(related="production_id.partner_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Closed By", required=True, readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(
        string="Closed On", required=True, readonly=True, default=fields.Datetime.now
    )
    reason_id = fields.Many2one(
        "mrp.production.reason", readonly=True, domain="[('reason_type', '=', 'close')]"
    )
    note = fields.Text(readonly=True)
    qty_closed = fields.Float(
        string="Closed Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="What was left to produce when the order was closed, in its unit.",
    )
    reopened_production_ids = fields.One2many(
        "mrp.production", "reopened_closure_id", string="Reopened Orders", readonly=True
    )
    qty_reopened = fields.Float(
        string="Reopened Quantity",
        digits="Product Unit of Measure",
        compute="_compute_qty_reopened",
        store=True,
    )
    qty_balance = fields.Float(
        string="Open Balance",
        digits="Product Unit of Measure",
        compute="_compute_qty_reopened",
        store=True,
        help="Closed quantity that can still be reopened.",
    )

    _sql_constraints = [
        ("qty_closed_positive", "CHECK(qty_closed > 0)", "A closed quantity must be positive."),
        (
            "qty_balance_not_negative",
            "CHECK(qty_balance >= 0)",
            "More than the closed quantity cannot be reopened.",
        ),
    ]

    @api.depends(
        "qty_closed",
        "reopened_production_ids.product_qty",
        "reopened_production_ids.product_uom_id",
        "reopened_production_ids.state",
        "reopened_production_ids.closure_ids",
    )
    def _compute_qty_reopened(self):
        """A reopened order counts until it is cancelled; one cancelled by being closed still
        counts, its unproduced rest now being the balance of its own closure."""
        for closure in self:
            reopened = sum(
                p.product_uom_id._compute_quantity(
                    p.product_qty, closure.product_uom_id, round=False
                )
                for p in closure.reopened_production_ids.filtered(
                    lambda p: p.state != "cancel" or p.closure_ids
                )
            )
            closure.qty_reopened = reopened
            closure.qty_balance = closure.qty_closed - reopened
