# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv.expression import AND
from odoo.tools import float_round

STRUCTURE_FIELDS = {"bom_line_ids", "operation_ids", "byproduct_ids", "product_qty"}


class MrpBom(models.Model):
    _inherit = "mrp.bom"

    is_customization = fields.Boolean(
        string="Customization",
        readonly=True,
        index=True,
        help="A bill of materials changed for one customer's order. It is never chosen by "
        "default for the product and never changes the standard bill of materials.",
    )
    origin_bom_id = fields.Many2one(
        "mrp.bom",
        string="Standard BoM",
        readonly=True,
        index="btree_not_null",
        help="The standard bill of materials this customization was made from.",
    )
    previous_customization_id = fields.Many2one(
        "mrp.bom",
        string="Previous Version",
        readonly=True,
        help="The customization this version replaces for new orders.",
    )
    customization_version = fields.Integer(string="Version", readonly=True, default=1)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        index="btree_not_null",
        domain="[('parent_id', '=', False)]",
        help="The customer this customization was made for.",
    )
    customization_reason_ids = fields.Many2many(
        "mrp.production.reason",
        string="Reasons",
        domain="[('reason_type', '=', 'customize')]",
    )
    customization_note = fields.Text(string="Why", tracking=True)
    customization_user_id = fields.Many2one("res.users", string="Customized By", readonly=True)
    date_customization = fields.Datetime(string="Customized On", readonly=True)
    production_ids = fields.One2many("mrp.production", "bom_id", string="Manufacturing Orders")
    sale_line_ids = fields.One2many(
        "sale.order.line", "customization_id", string="Sales Order Lines"
    )
    production_count = fields.Integer(string="Orders Count", compute="_compute_production_count")
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

    _sql_constraints = [
        (
            "customization_origin",
            "CHECK(NOT is_customization OR origin_bom_id IS NOT NULL)",
            "A customization always keeps the standard bill of materials it was made from.",
        ),
    ]

    def _compute_currency_id(self):
        for bom in self:
            bom.currency_id = (bom.company_id or self.env.company).currency_id

    def _compute_production_count(self):
        counts = dict(
            self.env["mrp.production"]._read_group(
                [("bom_id", "in", self.ids)], ["bom_id"], ["__count"]
            )
        )
        for bom in self:
            bom.production_count = counts.get(bom, 0)

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

    @api.model
    def _bom_find_domain(self, products, picking_type=None, company_id=False, bom_type=False):
        """Customizations are only used where they were chosen, never found for a product."""
        return AND(
            [
                super()._bom_find_domain(products, picking_type, company_id, bom_type),
                [("is_customization", "=", False)],
            ]
        )

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

    @api.model
    def _get_customizations(self, partners, products):
        """Earlier customizations of ``products`` for ``partners``' companies, latest first,
        by (commercial partner, product), read in one query."""
        result = defaultdict(self.browse)
        partners = partners.commercial_partner_id
        if not partners or not products:
            return result
        boms = self.search(
            [
                ("is_customization", "=", True),
                ("partner_id", "in", partners.ids),
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
            ],
            order="date_customization desc, id desc",
        )
        for product in products:
            for bom in boms:
                if bom.product_tmpl_id == product.product_tmpl_id and bom.product_id in (
                    product,
                    self.browse(),
                ):
                    result[bom.partner_id, product] |= bom
        return result

    def write(self, vals):
        if not vals.get("is_customization", True) and self.filtered("is_customization"):
            raise UserError(
                self.env._(
                    "A customization cannot become a standard bill of materials. Create "
                    "a new bill of materials for the product instead."
                )
            )
        if not STRUCTURE_FIELDS & set(vals):
            return super().write(vals)
        self._check_customization_history()
        before = {bom: bom._get_structure_summary() for bom in self.filtered("is_customization")}
        res = super().write(vals)
        for bom, summary in before.items():
            bom._log_structure_changes(summary)
        return res

    def _get_structure_summary(self):
        """Components and operations of this BoM, one readable line each."""
        return [
            f"{line.product_id.display_name}: {line.product_qty:g} {line.product_uom_id.name}"
            for line in self.bom_line_ids
        ] + [
            f"{op.name} ({op.workcenter_id.name}): {op.time_cycle:g} min"
            for op in self.operation_ids
        ]

    def _log_structure_changes(self, before):
        """Post on the chatter what changed in the components and operations."""
        after = self._get_structure_summary()
        removed = [item for item in before if item not in after]
        added = [item for item in after if item not in before]
        if not removed and not added:
            return
        body = Markup("<ul>%s%s</ul>") % (
            Markup("").join(
                Markup("<li>%s</li>") % self.env._("Removed: %s", item) for item in removed
            ),
            Markup("").join(
                Markup("<li>%s</li>") % self.env._("Added: %s", item) for item in added
            ),
        )
        self.message_post(body=self.env._("Components or operations changed:") + body)

    def _check_customization_history(self):
        """Refuse to change a customization that done orders were produced with."""
        used = self.filtered(
            lambda b: b.is_customization and "done" in b.production_ids.mapped("state")
        )
        if used:
            raise UserError(
                self.env._(
                    "%(bom)s was used by finished manufacturing orders; changing it would "
                    "rewrite their history. Use 'Customize BoM' on the order to make a new "
                    "version instead.",
                    bom=used[0].display_name,
                )
            )

    def action_view_productions(self):
        self.ensure_one()
        return self.env["mrp.production"]._get_tree_action(
            self.production_ids, self.env._("Orders of %s", self.display_name)
        )
