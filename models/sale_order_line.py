# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

PRODUCTION_STATES = [
    ("none", "Nothing Planned"),
    ("planned", "Planned"),
    ("progress", "In Progress"),
    ("partial", "Partially Produced"),
    ("done", "Produced"),
    ("suspended", "Suspended"),
    ("closed", "Closed"),
]
DELIVERY_STATES = [
    ("none", "Nothing Delivered"),
    ("partial", "Partly Delivered"),
    ("full", "Fully Delivered"),
]


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    production_ids = fields.One2many(
        "mrp.production",
        "sale_line_id",
        string="Manufacturing Orders",
        help="The manufacturing orders producing this line, with their sub-orders.",
    )
    production_count = fields.Integer(
        string="Manufacturing Order Count", compute="_compute_production_state", store=True
    )
    is_manufactured = fields.Boolean(
        compute="_compute_is_manufactured",
        help="The product has a manufacturing bill of materials, or orders already produce it.",
    )
    qty_produced = fields.Float(
        string="Produced",
        compute="_compute_production_state",
        store=True,
        digits="Product Unit of Measure",
        help="Quantity produced by this line's manufacturing orders, in the line's unit.",
    )
    production_state = fields.Selection(
        PRODUCTION_STATES,
        string="Production Status",
        compute="_compute_production_state",
        store=True,
        index=True,
    )
    delivery_state = fields.Selection(
        DELIVERY_STATES,
        string="Shipment Status",
        compute="_compute_delivery_state",
        store=True,
    )
    is_production_late = fields.Boolean(
        string="Production at Risk",
        compute="_compute_production_state",
        store=True,
        help="A manufacturing order of this line, or one of its sub-orders, is planned to "
        "finish after the date promised to the customer.",
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

    @api.depends("product_id", "production_ids", "customization_id")
    def _compute_is_manufactured(self):
        for line, bom in zip(self, self._get_boms(), strict=True):
            line.is_manufactured = bool(line.production_ids or bom)

    @api.depends(
        "product_uom_qty",
        "product_uom",
        "production_ids.state",
        "production_ids.product_qty",
        "production_ids.is_sale_late",
        "production_ids.parent_id",
        "production_ids.is_suspended",
        "production_ids.qty_closed_balance",
    )
    def _compute_production_state(self):
        produced_by_production = self.production_ids._get_produced_quantities()
        for line in self:
            productions = line.production_ids.filtered(lambda p: p.state != "cancel")
            tops = line._get_top_productions()
            produced = sum(
                p.product_uom_id._compute_quantity(
                    produced_by_production.get(p, 0.0), line.product_uom, round=False
                )
                for p in tops
            )
            rounding = line.product_uom.rounding
            line.production_count = len(productions)
            line.qty_produced = produced
            line.is_production_late = any(productions.mapped("is_sale_late"))
            if not tops:
                line.production_state = "none"
            elif float_compare(produced, line.product_uom_qty, precision_rounding=rounding) >= 0:
                line.production_state = "done"
            elif not float_is_zero(produced, precision_rounding=rounding):
                line.production_state = "partial"
            elif any(p.state in ("progress", "to_close", "done") for p in productions):
                line.production_state = "progress"
            else:
                line.production_state = "planned"
            open_tops = tops.filtered(lambda p: p.state not in ("done", "cancel"))
            if line.production_state == "done":
                continue
            if any(open_tops.mapped("is_suspended")):
                line.production_state = "suspended"
            elif not open_tops and any(tops.mapped("qty_closed_balance")):
                line.production_state = "closed"

    @api.depends("qty_delivered", "product_uom_qty")
    def _compute_delivery_state(self):
        for line in self:
            rounding = line.product_uom.rounding or 0.01
            if float_is_zero(line.qty_delivered, precision_rounding=rounding):
                line.delivery_state = "none"
            elif (
                float_compare(line.qty_delivered, line.product_uom_qty, precision_rounding=rounding)
                >= 0
            ):
                line.delivery_state = "full"
            else:
                line.delivery_state = "partial"

    def _get_date_commitment(self):
        """The date promised to the customer: the order's delivery date, else its order date
        plus this line's lead time."""
        self.ensure_one()
        order = self.order_id
        return order.commitment_date or order.date_order + timedelta(days=self.customer_lead)

    def _get_top_productions(self):
        """The orders made for this line itself (the tops of its trees), not cancelled."""
        self.ensure_one()
        return self.production_ids.filtered(lambda p: p.state != "cancel" and p.is_sale_line_top)

    def _get_qty_to_produce(self):
        """What no manufacturing order of this line covers yet, in the product's unit."""
        self.ensure_one()
        return self._get_qty_ordered() - self._get_top_productions()._get_qty_in(
            self.product_id.uom_id
        )

    def _get_qty_ordered(self):
        """The ordered quantity in the product's unit."""
        self.ensure_one()
        return self.product_uom._compute_quantity(
            self.product_uom_qty, self.product_id.uom_id, round=False
        )

    def _get_qty_uncovered(self):
        """What this line still needs, in the product's unit, never below zero: its ordered
        quantity less what its manufacturing orders make and what is delivered or reserved
        for it from elsewhere than those orders (from stock)."""
        self.ensure_one()
        uom = self.product_id.uom_id
        shipped = self.product_uom._compute_quantity(self.qty_delivered, uom, round=False) + sum(
            move.product_uom._compute_quantity(move.quantity, uom, round=False)
            for move in self.move_ids
            if move.state not in ("done", "cancel") and move.location_dest_id.usage == "customer"
        )
        made = self._get_top_productions()._get_qty_in(uom, "qty_produced")
        return max(self._get_qty_to_produce() - max(shipped - made, 0.0), 0.0)

    def _get_coverage_problems(self):
        """The tree check's word on this line: its orders make more than it orders, and no
        one accepted it when linking them."""
        self.ensure_one()
        tops = self._get_top_productions()
        uom = self.product_id.uom_id
        if any(tops.mapped("is_overproduction_accepted")) or (
            float_compare(self._get_qty_to_produce(), 0.0, precision_rounding=uom.rounding) >= 0
        ):
            return []
        return [
            self.env._(
                "%(names)s make %(qty)s %(uom)s of %(product)s for %(order)s, which orders "
                "%(ordered)s.",
                names=", ".join(tops.mapped("name")),
                qty=tops._format_qty(tops._get_qty_in(uom)),
                uom=uom.name,
                product=self.product_id.display_name,
                order=self.order_id.name,
                ordered=tops._format_qty(self._get_qty_ordered()),
            )
        ]

    def _get_boms(self):
        """The bill of materials that makes each of these lines, in order: its
        customization, else the product's standard one for the warehouse."""
        return self.env["mrp.bom"]._get_demand_boms(
            [
                (
                    line.product_id,
                    line.company_id,
                    line.order_id.warehouse_id.manu_type_id,
                    line.customization_id,
                )
                for line in self
            ]
        )

    def _get_bom(self):
        self.ensure_one()
        return self._get_boms()[0]

    def _check_can_produce(self):
        self.env["mrp.production"]._check_mpm_user()
        for line in self:
            if line.order_id.state != "sale":
                raise UserError(
                    self.env._(
                        "Confirm %(order)s before creating manufacturing orders for its lines.",
                        order=line.order_id.name,
                    )
                )
            if not line.is_manufactured:
                raise UserError(
                    self.env._(
                        "%(product)s has no manufacturing bill of materials.",
                        product=line.product_id.display_name,
                    )
                )

    def action_create_production(self):
        """Create and confirm a manufacturing order for what no order of the line covers yet."""
        self._check_can_produce()
        productions = self.env["mrp.production"]
        vals_list = []
        for line in self:
            qty = line._get_qty_to_produce()
            if float_compare(qty, 0, precision_rounding=line.product_id.uom_id.rounding) <= 0:
                raise UserError(
                    self.env._(
                        "Manufacturing orders already cover the %(qty)s %(uom)s of %(product)s "
                        "ordered on %(order)s.",
                        qty=productions._format_qty(line.product_uom_qty),
                        uom=line.product_uom.name,
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                    )
                )
            vals_list.append(line._prepare_production_vals(qty))
        productions = productions.create(vals_list)
        productions.action_confirm()
        for production in productions:
            production.sale_order_id.message_post(
                body=self.env._(
                    "%(production)s created for %(qty)s %(uom)s of %(product)s.",
                    production=production._get_html_link(),
                    qty=production._format_qty(production.product_qty),
                    uom=production.product_uom_id.name,
                    product=production.product_id.display_name,
                )
            )
        return productions._get_list_action(self.env._("Manufacturing Orders"))

    def _prepare_production_vals(self, product_qty):
        """Values of the manufacturing order made for ``product_qty`` (product UoM) of this line."""
        self.ensure_one()
        bom = self._get_bom()
        return {
            "product_id": self.product_id.id,
            "product_qty": self.product_id.uom_id._compute_quantity(
                product_qty, bom.product_uom_id
            ),
            "product_uom_id": bom.product_uom_id.id,
            "bom_id": bom.id,
            "picking_type_id": self.order_id.warehouse_id.manu_type_id.id,
            "company_id": self.company_id.id,
            "origin": self.order_id.name,
            "sale_line_id": self.id,
            "date_deadline": self._get_date_commitment(),
        }

    def action_open_link_production(self):
        self._check_can_produce()
        self.ensure_one()
        return self.env["mrp.production.sale.link"]._get_action(sale_line_id=self.id)

    def action_view_productions(self):
        self.ensure_one()
        return self.production_ids._get_list_action(
            self.env._("Manufacturing Orders of %s", self.order_id.name)
        )
