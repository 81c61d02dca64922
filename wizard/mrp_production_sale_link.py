# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class MrpProductionSaleLink(models.TransientModel):
    _name = "mrp.production.sale.link"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Link manufacturing orders to a sales order line"

    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    order_id = fields.Many2one(related="sale_line_id.order_id")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    company_id = fields.Many2one(related="sale_line_id.company_id")
    qty_to_produce = fields.Float(
        string="Still to Cover",
        compute="_compute_qty",
        digits="Product Unit of Measure",
        help="Ordered quantity that no manufacturing order covers yet, in the product's unit.",
    )
    qty_selected = fields.Float(
        string="Selected", compute="_compute_qty", digits="Product Unit of Measure"
    )
    production_ids = fields.Many2many(
        "mrp.production",
        string="Manufacturing Orders",
        domain="[('product_id', '=', product_id), ('company_id', '=', company_id), "
        "('state', 'not in', ('done', 'cancel')), ('sale_line_id', '=', False), "
        "('parent_id', '=', False)]",
    )
    allow_overproduction = fields.Boolean(
        string="Accept Over-production",
        help="Link the orders even though they make more than the line still needs.",
    )

    @api.depends("sale_line_id", "production_ids")
    def _compute_qty(self):
        for wizard in self:
            uom = wizard.product_id.uom_id
            wizard.qty_to_produce = max(wizard.sale_line_id._get_qty_to_produce(), 0.0)
            wizard.qty_selected = wizard.production_ids._get_qty_in(uom)

    def action_link(self):
        self.ensure_one()
        self.production_ids._link_to_sale_line(self.sale_line_id, self.allow_overproduction)
        return {"type": "ir.actions.act_window_close"}
