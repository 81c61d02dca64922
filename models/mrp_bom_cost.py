# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.tools import float_round


class MrpBom(models.Model):
    """Cost of a bill of materials, as Odoo's BoM structure report computes it, for the
    live cost of customizations and the planned cost of orders."""

    _inherit = "mrp.bom"

    cost_unit = fields.Monetary(
        string="Unit Cost",
        compute="_compute_cost",
        currency_field="currency_id",
        help="Cost of one unit: components at cost, sub-assemblies from their own bills "
        "of materials, operations at their work centers' hourly cost.",
    )
    origin_cost_unit = fields.Monetary(
        string="Standard Unit Cost",
        compute="_compute_cost",
        currency_field="currency_id",
    )
    cost_difference = fields.Monetary(
        string="Unit Cost Difference",
        compute="_compute_cost",
        currency_field="currency_id",
        help="Unit cost of this customization minus that of its standard bill of materials.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    cost_difference_saved = fields.Monetary(
        string="Cost Difference When Changed",
        compute="_compute_cost_difference_saved",
        store=True,
        currency_field="currency_id",
        help="Unit cost difference to the standard bill of materials when the components or "
        "operations of this customization last changed, for the analysis of customizations.",
    )

    def _compute_currency_id(self):
        for bom in self:
            bom.currency_id = (bom.company_id or self.env.company).currency_id

    @api.depends(
        "bom_line_ids.product_id",
        "bom_line_ids.product_qty",
        "bom_line_ids.product_uom_id",
        "operation_ids.workcenter_id",
        "operation_ids.time_cycle",
        "product_qty",
    )
    def _compute_cost(self):
        for bom in self:
            bom.cost_unit = bom._get_cost(bom.product_qty)["unit"]
            bom.origin_cost_unit = (
                bom.origin_bom_id._get_cost(bom.origin_bom_id.product_qty)["unit"]
                if bom.origin_bom_id
                else bom.cost_unit
            )
            bom.cost_difference = bom.cost_unit - bom.origin_cost_unit

    @api.depends(
        "is_customization",
        "bom_line_ids.product_id",
        "bom_line_ids.product_qty",
        "bom_line_ids.product_uom_id",
        "operation_ids.workcenter_id",
        "operation_ids.time_cycle_manual",
        "product_qty",
    )
    def _compute_cost_difference_saved(self):
        for bom in self:
            bom.cost_difference_saved = bom.is_customization and bom.cost_difference

    def _get_cost(self, quantity, product=None, parents=()):
        """Cost of ``quantity`` (in BoM UoM) of this BoM's product, as Odoo's BoM structure
        report computes it: components at cost, sub-assemblies rolled up from their own BoM,
        operations at the work centers' hourly cost, by-products' share deducted.
        ``parents``: the BoMs above this one, so that a cycle in old data cannot recurse."""
        self.ensure_one()
        product = product or self.product_id or self.product_tmpl_id.product_variant_id
        lines = [
            (line.product_id, line.product_qty, line.product_uom_id)
            for line in self.bom_line_ids
            if not line._skip_bom_line(product)
        ]
        operations = self.operation_ids.filtered(lambda o: not o._skip_operation_line(product))
        cost = self._get_structure_cost(
            product, quantity, self.product_qty, lines, operations, self.company_id,
            parents=(*parents, self),
        )  # fmt: skip
        share = 1 - sum(self.byproduct_ids.mapped("cost_share")) / 100
        return {key: value * share for key, value in cost.items()}

    @api.model
    def _get_structure_cost(
        self, product, quantity, bom_qty, lines, operations, company, parents=()
    ):
        """Cost of ``quantity`` of ``product`` built from ``lines`` (component, quantity,
        UoM for ``bom_qty``) and ``operations`` (possibly new records): a dict with the
        components, operations, total and unit cost in the company currency."""
        company = company or self.env.company
        currency = company.currency_id
        sub_boms = self._bom_find(
            self.env["product.product"].union(*(line[0] for line in lines)),
            company_id=company.id,
        )
        components = 0.0
        for component, line_qty, uom in lines:
            component_qty = quantity / (bom_qty or 1.0) * line_qty
            sub_bom = sub_boms[component]
            if sub_bom and sub_bom not in parents:
                components += sub_bom._get_cost(
                    uom._compute_quantity(component_qty, sub_bom.product_uom_id),
                    component,
                    parents,
                )["total"]
                continue
            price = component.uom_id._compute_price(
                component.with_company(company).standard_price, uom
            )
            components += currency.round(price * component_qty)
        cycles_qty = float_round(quantity, precision_rounding=1, rounding_method="UP")
        operations_cost = sum(
            currency.round(
                operation._get_duration_expected(product, cycles_qty, product.uom_id)
                / 60.0
                * operation.workcenter_id.costs_hour
            )
            for operation in operations
        )
        total = components + operations_cost
        return {
            "components": components,
            "operations": operations_cost,
            "total": total,
            "unit": total / quantity if quantity else 0.0,
        }
