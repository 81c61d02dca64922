# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, api, fields, models


class MrpBomCustomize(models.TransientModel):
    _name = "mrp.bom.customize"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Customize the bill of materials of an order"

    production_id = fields.Many2one("mrp.production", readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    company_id = fields.Many2one("res.company", compute="_compute_order_data")
    product_id = fields.Many2one("product.product", compute="_compute_order_data")
    quantity = fields.Float(
        string="Quantity to Produce",
        compute="_compute_order_data",
        digits="Product Unit of Measure",
        help="Quantity of the order, in the unit of the bill of materials.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_start",
        store=True,
        readonly=False,
        domain="[('parent_id', '=', False)]",
    )
    bom_id = fields.Many2one(
        "mrp.bom",
        string="Start From",
        compute="_compute_start",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_bom_ids)]",
        help="The order's current bill of materials, its standard one, or one of the "
        "customer's earlier customizations of this product.",
    )
    allowed_bom_ids = fields.Many2many(
        "mrp.bom", string="BoMs to Start From", compute="_compute_allowed_bom_ids"
    )
    customization_ids = fields.Many2many(
        "mrp.bom",
        string="Earlier Customizations",
        compute="_compute_allowed_bom_ids",
        help="This customer's customizations of this product, latest first.",
    )
    origin_bom_id = fields.Many2one(
        "mrp.bom", string="Standard BoM", compute="_compute_origin_bom_id"
    )
    product_qty = fields.Float(related="bom_id.product_qty", string="BoM Quantity")
    product_uom_id = fields.Many2one(related="bom_id.product_uom_id")
    reason_ids = fields.Many2many(
        "mrp.production.reason",
        string="Reasons",
        compute="_compute_structure",
        store=True,
        readonly=False,
        domain="[('reason_type', '=', 'customize'), ('company_id', 'in', (False, company_id))]",
    )
    note = fields.Text(string="Why", compute="_compute_structure", store=True, readonly=False)
    is_changed = fields.Boolean(
        string="Changed",
        compute="_compute_is_changed",
        help="The components or operations differ from the bill of materials it started "
        "from: saving makes a customization, which needs a reason.",
    )
    line_ids = fields.One2many(
        "mrp.bom.customize.line",
        "wizard_id",
        string="Components",
        compute="_compute_structure",
        store=True,
        readonly=False,
    )
    operation_ids = fields.One2many(
        "mrp.bom.customize.operation",
        "wizard_id",
        string="Operations",
        compute="_compute_structure",
        store=True,
        readonly=False,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost_total = fields.Monetary(compute="_compute_cost", string="Total Cost")
    cost_unit = fields.Monetary(compute="_compute_cost", string="Unit Cost")
    standard_cost_total = fields.Monetary(compute="_compute_cost", string="Standard Total Cost")
    standard_cost_unit = fields.Monetary(compute="_compute_cost", string="Standard Unit Cost")
    cost_difference = fields.Monetary(compute="_compute_cost", string="Difference")

    @api.depends("production_id", "sale_line_id")
    def _compute_start(self):
        for wizard in self:
            production, line = wizard.production_id, wizard.sale_line_id
            wizard.bom_id = production.bom_id or line._get_bom()
            partner = production.partner_id or line.order_id.partner_id or wizard.bom_id.partner_id
            wizard.partner_id = partner.commercial_partner_id

    @api.depends("production_id", "sale_line_id", "bom_id")
    def _compute_order_data(self):
        for wizard in self:
            production, line = wizard.production_id, wizard.sale_line_id
            uom = wizard.bom_id.product_uom_id
            if production:
                wizard.company_id = production.company_id
                wizard.product_id = production.product_id
                wizard.quantity = production.product_uom_id._compute_quantity(
                    production.product_qty, uom or production.product_uom_id
                )
            else:
                wizard.company_id = line.company_id
                wizard.product_id = line.product_id
                wizard.quantity = line.product_uom._compute_quantity(
                    line.product_uom_qty, uom or line.product_uom
                )

    @api.depends("bom_id")
    def _compute_origin_bom_id(self):
        for wizard in self:
            wizard.origin_bom_id = wizard.bom_id.origin_bom_id or wizard.bom_id

    @api.depends("partner_id", "product_id", "origin_bom_id")
    def _compute_allowed_bom_ids(self):
        for wizard in self:
            wizard.customization_ids = self.env["mrp.bom"]._get_customizations(
                wizard.partner_id, wizard.product_id
            )[wizard.partner_id.commercial_partner_id, wizard.product_id]
            wizard.allowed_bom_ids = (
                wizard.customization_ids
                | wizard.origin_bom_id
                | wizard.production_id.bom_id
                | wizard.sale_line_id.customization_id
            )

    @api.depends("bom_id")
    def _compute_structure(self):
        for wizard in self:
            bom = wizard.bom_id
            wizard.reason_ids = bom.customization_reason_ids
            wizard.note = bom.customization_note
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "sequence": line.sequence,
                        "bom_line_id": line.id,
                        "product_id": line.product_id.id,
                        "product_qty": line.product_qty,
                        "product_uom_id": line.product_uom_id.id,
                    }
                )
                for line in bom.bom_line_ids
            ]
            wizard.operation_ids = [Command.clear()] + [
                Command.create(
                    {
                        "sequence": operation.sequence,
                        "operation_id": operation.id,
                        "name": operation.name,
                        "workcenter_id": operation.workcenter_id.id,
                        "time_cycle": operation.time_cycle,
                    }
                )
                for operation in bom.operation_ids
            ]

    @api.depends(
        "quantity",
        "line_ids.product_id",
        "line_ids.product_qty",
        "line_ids.product_uom_id",
        "operation_ids.workcenter_id",
        "operation_ids.time_cycle",
    )
    def _compute_cost(self):
        for wizard in self:
            quantity = wizard.quantity or wizard.product_qty or 1.0
            cost = self.env["mrp.bom"]._get_structure_cost(
                wizard.product_id,
                quantity,
                wizard.product_qty,
                [
                    (line.product_id, line.product_qty, line.product_uom_id)
                    for line in wizard.line_ids
                    if line.product_id and line.product_uom_id
                ],
                wizard._get_operations(),
                wizard.company_id,
            )["total"]
            standard = wizard.origin_bom_id
            standard_cost = (
                standard._get_cost(
                    wizard.product_uom_id._compute_quantity(quantity, standard.product_uom_id),
                    wizard.product_id,
                )["total"]
                if standard
                else 0.0
            )
            wizard.cost_total = cost
            wizard.cost_unit = cost / quantity
            wizard.standard_cost_total = standard_cost
            wizard.standard_cost_unit = standard_cost / quantity
            wizard.cost_difference = cost - standard_cost

    def _get_operations(self):
        """The edited operations as (new) operation records, to cost them as Odoo does."""
        return self.env["mrp.routing.workcenter"].union(
            *(
                self.env["mrp.routing.workcenter"].new(
                    {
                        "name": row.name,
                        "bom_id": self.bom_id.id,
                        "workcenter_id": row.workcenter_id.id,
                        "time_mode": "manual",
                        "time_cycle_manual": row.time_cycle,
                    }
                )
                for row in self.operation_ids
                if row.workcenter_id
            )
        )

    @api.depends(
        "bom_id",
        "line_ids.bom_line_id",
        "line_ids.product_id",
        "line_ids.product_qty",
        "line_ids.product_uom_id",
        "operation_ids.operation_id",
        "operation_ids.name",
        "operation_ids.workcenter_id",
        "operation_ids.time_cycle",
    )
    def _compute_is_changed(self):
        for wizard in self:
            wizard.is_changed = bool(wizard.bom_id) and wizard._is_changed()

    def _is_changed(self):
        """Whether the edited structure differs from the BoM it started from."""
        bom = self.bom_id
        lines = {
            (line.bom_line_id, line.product_id, line.product_qty, line.product_uom_id)
            for line in self.line_ids
        }
        operations = {
            (op.operation_id, op.name, op.workcenter_id, op.time_cycle) for op in self.operation_ids
        }
        return lines != {
            (line, line.product_id, line.product_qty, line.product_uom_id)
            for line in bom.bom_line_ids
        } or operations != {
            (op, op.name, op.workcenter_id, op.time_cycle) for op in bom.operation_ids
        }

    def _prepare_structure(self):
        """The edited structure, as ``mrp.bom._save_customization`` takes it."""
        self.ensure_one()
        return {
            "partner": self.partner_id,
            "reasons": self.reason_ids,
            "note": self.note,
            "product": self.product_id,
            "company": self.company_id,
            "lines": [(line.bom_line_id, line._prepare_vals()) for line in self.line_ids],
            "operations": [(op.operation_id, op._prepare_vals()) for op in self.operation_ids],
        }

    def action_save(self):
        self.ensure_one()
        target = self.production_id or self.sale_line_id
        target._customize_bom(self.bom_id, self._is_changed() and self._prepare_structure())
        return True


class MrpBomCustomizeLine(models.TransientModel):
    _name = "mrp.bom.customize.line"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Component of a customized bill of materials"
    _order = "sequence, id"

    wizard_id = fields.Many2one("mrp.bom.customize", required=True, ondelete="cascade")
    sequence = fields.Integer(default=1)
    bom_line_id = fields.Many2one("mrp.bom.line", string="Line of the BoM", readonly=True)
    product_id = fields.Many2one(
        "product.product",
        string="Component",
        required=True,
        domain="[('type', '=', 'consu'), ('company_id', 'in', (False, parent.company_id))]",
    )
    product_qty = fields.Float(
        string="Quantity", default=1.0, required=True, digits="Product Unit of Measure"
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                line.product_uom_id = line.product_id.uom_id

    def _prepare_vals(self):
        return {
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "product_qty": self.product_qty,
            "product_uom_id": self.product_uom_id.id,
        }


class MrpBomCustomizeOperation(models.TransientModel):
    _name = "mrp.bom.customize.operation"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Operation of a customized bill of materials"
    _order = "sequence, id"

    wizard_id = fields.Many2one("mrp.bom.customize", required=True, ondelete="cascade")
    sequence = fields.Integer(default=100)
    operation_id = fields.Many2one(
        "mrp.routing.workcenter", string="Operation of the BoM", readonly=True
    )
    name = fields.Char(string="Operation", required=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Center", required=True)
    time_cycle = fields.Float(
        string="Duration (minutes)",
        help="Minutes per cycle of the work center, as on the operation.",
    )

    def _prepare_vals(self):
        vals = {
            "sequence": self.sequence,
            "name": self.name,
            "workcenter_id": self.workcenter_id.id,
        }
        if not self.operation_id or self.operation_id.time_cycle != self.time_cycle:
            vals.update(time_mode="manual", time_cycle_manual=self.time_cycle)
        return vals
