# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The sales link: the sales order line an order (and its tree) produces for, its
deadline and lateness, and what the sales order is told."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    sale_line_id = fields.Many2one(
        index="btree_not_null",
        tracking=True,
        readonly=True,
        check_company=True,
        help="The sales order line this order, or the order at the top of its tree, produces for.",
    )
    is_overproduction_accepted = fields.Boolean(
        string="Over-production Accepted",
        readonly=True,
        copy=False,
        help="Linked with 'Accept Over-production': making more than its sales order line "
        "needs is wanted.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        related="sale_line_id.order_id",
        store=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="sale_line_id.order_id.partner_id",
        store=True,
        index="btree_not_null",
    )
    date_commitment = fields.Datetime(
        string="Sales Deadline",
        compute="_compute_date_commitment",
        store=True,
        help="When the customer expects the goods: the sales order's delivery date, or its "
        "order date plus the line's lead time.",
    )
    is_sale_line_top = fields.Boolean(
        compute="_compute_is_sale_line_top",
        help="This order serves its sales order line itself, not through its parent order.",
    )
    is_sale_late = fields.Boolean(
        string="Late for Sales",
        compute="_compute_is_sale_late",
        store=True,
        help="This order is planned to finish after the sales deadline it serves.",
    )

    @api.depends(
        "sale_line_id.order_id.commitment_date",
        "sale_line_id.order_id.date_order",
        "sale_line_id.customer_lead",
    )
    def _compute_date_commitment(self):
        for production in self:
            line = production.sale_line_id
            production.date_commitment = line._get_date_commitment() if line else False

    @api.depends("sale_line_id", "parent_id.sale_line_id")
    def _compute_is_sale_line_top(self):
        for production in self:
            production.is_sale_line_top = (
                bool(production.sale_line_id)
                and production.parent_id.sale_line_id != production.sale_line_id
            )

    @api.depends("date_finished", "date_commitment", "state")
    def _compute_is_sale_late(self):
        for production in self:
            production.is_sale_late = bool(
                production.date_commitment
                and production.state not in ("done", "cancel")
                and production.date_finished
                and production.date_finished > production.date_commitment
            )

    def action_confirm(self):
        """Odoo's sale_mrp gives a confirmed order's finished move its sales line, as for the
        make-to-order order that delivers it; a sub-order's product goes to its parent, and
        with the line on its move Odoo's forecast and MO Overview would take the sales order
        for its source (and leave the sub-order and its cost out of its parent's overview)."""
        res = super().action_confirm()
        self.filtered("parent_id").move_finished_ids.filtered("sale_line_id").sale_line_id = False
        return res

    def button_mark_done(self):
        res = super().button_mark_done()
        for production in self.filtered(lambda p: p.state == "done" and p.is_sale_line_top):
            production.sale_order_id.message_post(
                body=self.env._(
                    "%(production)s produced %(qty)s %(uom)s of %(product)s for this order.",
                    production=production.name,
                    qty=production._format_qty(production.qty_produced),
                    uom=production.product_uom_id.name,
                    product=production.product_id.display_name,
                )
            )
        return res

    def action_unlink_sale_line(self):
        """Detach these orders, with their sub-orders, from the sales order line they serve."""
        self._check_mpm_user()
        self.filtered(lambda p: not p.is_sale_line_top)._raise_if_any(
            self.env._(
                "Only an order linked to a sales order line by itself can be unlinked; "
                "%(names)s follow their parent order."
            )
        )
        for production in self:
            line = production.sale_line_id
            production._get_with_descendants().filtered(
                lambda p, line=line: p.sale_line_id == line
            ).sale_line_id = False
            body = self.env._(
                "%(production)s was unlinked from %(order)s (%(product)s).",
                production=production.name,
                order=line.order_id.name,
                product=line.product_id.display_name,
            )
            production.message_post(body=body)
            line.order_id.message_post(body=body)
        return True

    def _link_to_sale_line(self, line, allow_overproduction=False):
        """Make these top orders, with their sub-orders, serve ``line``, as sales staff link
        existing orders: refused for orders that cannot serve it, or that make more than it
        still needs unless ``allow_overproduction``."""
        line._check_can_produce()
        if not self:
            raise UserError(self.env._("Select the manufacturing orders to link."))
        errors = [error for production in self if (error := production._get_link_error(line))]
        if errors:
            raise UserError("\n".join(errors))
        uom = line.product_id.uom_id
        selected, needed = self._get_qty_in(uom), max(line._get_qty_to_produce(), 0.0)
        over = float_compare(selected, needed, precision_rounding=uom.rounding) > 0
        if over and not allow_overproduction:
            raise UserError(
                self.env._(
                    "The selected orders make %(selected)s %(uom)s but %(line)s only needs "
                    "%(needed)s more. Tick 'Accept Over-production' to link them anyway.",
                    selected=self._format_qty(selected),
                    uom=uom.name,
                    line=line.order_id.name,
                    needed=self._format_qty(needed),
                )
            )
        self._link_sale_line(line)
        if over:
            self.is_overproduction_accepted = True
        line.order_id.message_post(
            body=self.env._(
                "Manufacturing orders %(names)s linked to the line of %(product)s.",
                names=", ".join(self.mapped("name")),
                product=line.product_id.display_name,
            )
        )
        for production in self:
            production.message_post(
                body=self.env._("Linked to %(order)s.", order=line.order_id.name)
            )

    def _get_link_error(self, line):
        """Why this order cannot be linked to ``line``, or False."""
        self.ensure_one()
        if self.product_id != line.product_id:
            return self.env._(
                "%(production)s makes %(product)s, not %(wanted)s.",
                production=self.name,
                product=self.product_id.display_name,
                wanted=line.product_id.display_name,
            )
        if self.company_id != line.company_id:
            return self.env._(
                "%(production)s belongs to another company (%(company)s).",
                production=self.name,
                company=self.company_id.name,
            )
        if self.state in ("done", "cancel"):
            return self.env._("%(production)s is done or cancelled.", production=self.name)
        if self.sale_line_id:
            return self.env._(
                "%(production)s already serves %(order)s.",
                production=self.name,
                order=self.sale_order_id.name,
            )
        if self.parent_id:
            return self.env._(
                "%(production)s is a sub-order of %(parent)s; link its top order instead.",
                production=self.name,
                parent=self.root_id.name,
            )
        return False

    def _link_sale_line(self, line):
        """Make these orders, and their sub-orders, serve ``line``."""
        self._get_with_descendants().sale_line_id = line
