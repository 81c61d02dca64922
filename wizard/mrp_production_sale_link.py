# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


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
            wizard.qty_selected = sum(
                p.product_uom_id._compute_quantity(p.product_qty, uom, round=False)
                for p in wizard.production_ids
            )

    def action_link(self):
        self.ensure_one()
        line = self.sale_line_id
        line._check_can_produce()
        productions = self.production_ids
        if not productions:
            raise UserError(self.env._("Select the manufacturing orders to link."))
        errors = list(filter(None, map(self._get_link_error, productions)))
        if errors:
            raise UserError("\n".join(errors))
        if (
            not self.allow_overproduction
            and float_compare(
                self.qty_selected,
                self.qty_to_produce,
                precision_rounding=self.product_id.uom_id.rounding,
            )
            > 0
        ):
            raise UserError(
                self.env._(
                    "The selected orders make %(selected)s %(uom)s but %(line)s only needs "
                    "%(needed)s more. Tick 'Accept Over-production' to link them anyway.",
                    selected=self.qty_selected,
                    uom=self.product_id.uom_id.name,
                    line=line.order_id.name,
                    needed=self.qty_to_produce,
                )
            )
        productions._link_sale_line(line)
        names = ", ".join(productions.mapped("name"))
        line.order_id.message_post(
            body=self.env._(
                "Manufacturing orders %(names)s linked to the line of %(product)s.",
                names=names,
                product=line.product_id.display_name,
            )
        )
        for production in productions:
            production.message_post(
                body=self.env._("Linked to %(order)s.", order=line.order_id.name)
            )
        return {"type": "ir.actions.act_window_close"}

    def _get_link_error(self, production):
        line = self.sale_line_id
        if production.product_id != line.product_id:
            return self.env._(
                "%(production)s makes %(product)s, not %(wanted)s.",
                production=production.name,
                product=production.product_id.display_name,
                wanted=line.product_id.display_name,
            )
        if production.company_id != line.company_id:
            return self.env._(
                "%(production)s belongs to another company (%(company)s).",
                production=production.name,
                company=production.company_id.name,
            )
        if production.state in ("done", "cancel"):
            return self.env._("%(production)s is done or cancelled.", production=production.name)
        if production.sale_line_id:
            return self.env._(
                "%(production)s already serves %(order)s.",
                production=production.name,
                order=production.sale_order_id.name,
            )
        if production.parent_id:
            return self.env._(
                "%(production)s is a sub-order of %(parent)s; link its top order instead.",
                production=production.name,
                parent=production.root_id.name,
            )
        return False
