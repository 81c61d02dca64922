# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Customization on a sales line: the customer's customized BoM its orders use, the
suggestion of an earlier one, and the editor opened before any order exists."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    customization_id = fields.Many2one(
        "mrp.bom",
        string="Customized BoM",
        compute="_compute_customization_id",
        store=True,
        readonly=False,
        copy=False,
        index="btree_not_null",
        domain="[('is_customization', '=', True), ('product_tmpl_id', '=', product_template_id)]",
        help="The bill of materials customized for this customer that the line's "
        "manufacturing orders use instead of the standard one.",
    )
    customization_suggestion_id = fields.Many2one(
        "mrp.bom",
        string="Earlier Customization",
        compute="_compute_customization_suggestion_id",
        help="The customer's latest customization of this product, not used on this line.",
    )
    is_customized = fields.Boolean(
        string="Customized",
        compute="_compute_is_customized",
        help="This line is produced with a customized bill of materials.",
    )

    @api.depends("product_id", "order_id.partner_id")
    def _compute_customization_id(self):
        """Keep a customization that fits the product and customer; with the company
        setting, give a new line the customer's latest customization of the product."""
        auto = self.filtered(lambda line: line.company_id.mo_customization_auto_apply)
        latest = self.env["mrp.bom"]._get_customizations(auto.order_id.partner_id, auto.product_id)
        for line in self:
            bom = line.customization_id
            if bom.product_tmpl_id == line.product_id.product_tmpl_id and (
                bom.partner_id == line.order_id.partner_id.commercial_partner_id
            ):
                continue
            line.customization_id = latest[
                line.order_id.partner_id.commercial_partner_id, line.product_id
            ][:1]

    @api.depends("product_id", "order_id.partner_id", "customization_id", "production_ids")
    def _compute_customization_suggestion_id(self):
        open_lines = self.filtered(lambda line: not line.production_ids)
        latest = self.env["mrp.bom"]._get_customizations(
            open_lines.order_id.partner_id, open_lines.product_id
        )
        for line in self:
            bom = latest[line.order_id.partner_id.commercial_partner_id, line.product_id][:1]
            line.customization_suggestion_id = (
                line in open_lines and bom != line.customization_id and bom
            )

    @api.depends("customization_id", "production_ids.bom_id")
    def _compute_is_customized(self):
        for line in self:
            line.is_customized = bool(
                line.customization_id or any(line.production_ids.bom_id.mapped("is_customization"))
            )

    def action_open_customize_bom(self):
        self.ensure_one()
        self.env["mrp.production"]._check_mpm_user()
        if not self.is_manufactured or self.production_ids:
            raise UserError(
                self.env._(
                    "Only a line of a manufactured product without manufacturing orders can "
                    "be customized here; customize the bill of materials of its manufacturing "
                    "order instead."
                )
            )
        return self.env["mrp.bom.customize"]._get_action(sale_line_id=self.id)

    def action_apply_customization_suggestion(self):
        self.ensure_one()
        self.customization_id = self.customization_suggestion_id
        return True

    def action_reset_bom_to_standard(self):
        self.ensure_one()
        self.customization_id = False
        return True

    def _customize_bom(self, bom, structure=False):
        """Produce this line with ``bom``, or with the customization of ``bom`` made of the
        edited ``structure`` (see ``mrp.bom._save_customization``): all or nothing."""
        self.ensure_one()
        self.env["mrp.production"]._check_mpm_user()
        if self.production_ids or self.state == "cancel":
            raise UserError(
                self.env._(
                    "%s already has manufacturing orders or is cancelled: customize the "
                    "bill of materials of its manufacturing order instead.",
                    self.display_name,
                )
            )
        # Replaced, not updated: the default_* keys must go.  # pylint: disable=context-overridden
        bom = bom.with_context(clean_context(self.env.context))
        with self.env.cr.savepoint():
            bom = structure and bom._save_customization(structure, sale_line=self) or bom
            self.customization_id = bom.is_customization and bom
