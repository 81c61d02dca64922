# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, api, fields, models

from ..models.mrp_production_split import split_quantity


class MrpProductionTreeSplit(models.TransientModel):
    _name = "mrp.production.tree.split"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Split a manufacturing order and its sub-orders"

    production_id = fields.Many2one("mrp.production", required=True, readonly=True)
    product_id = fields.Many2one(related="production_id.product_id")
    product_uom_id = fields.Many2one(related="production_id.product_uom_id")
    qty_producing = fields.Float(
        related="production_id.qty_producing",
        string="Already Produced",
        help="Stays with the original order, which keeps the first part too.",
    )
    qty_to_split = fields.Float(
        string="To Split",
        compute="_compute_qty_to_split",
        digits="Product Unit of Measure",
        help="What is left to produce: the parts must add up to it.",
    )
    sub_production_count = fields.Integer(
        string="Sub-orders Split Too", compute="_compute_qty_to_split"
    )
    part_count = fields.Integer(string="Number of Parts", default=2)
    line_ids = fields.One2many(
        "mrp.production.tree.split.line",
        "wizard_id",
        string="Parts",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    qty_total = fields.Float(
        string="Total of Parts", compute="_compute_qty_total", digits="Product Unit of Measure"
    )
    late_warning = fields.Char(
        string="Late Parts",
        compute="_compute_late_warning",
        help="Parts planned to start after their deadline.",
    )

    @api.depends("production_id")
    def _compute_qty_to_split(self):
        for wizard in self:
            production = wizard.production_id
            wizard.qty_to_split = production._get_qty_to_split() if production else 0.0
            wizard.sub_production_count = len(
                production.descendant_ids.filtered(lambda p: p.state not in ("done", "cancel"))
            )

    @api.depends("production_id", "part_count")
    def _compute_line_ids(self):
        for wizard in self:
            production = wizard.production_id
            count = max(wizard.part_count, 1)
            quantities = production._get_equal_whole_parts(wizard.qty_to_split, count) or (
                split_quantity(wizard.qty_to_split, [1] * count, production._get_split_rounding())
            )
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "sequence": index,
                        "quantity": qty,
                        "date_start": production.date_start,
                        "date_deadline": production.date_deadline,
                        "priority": production.priority,
                    }
                )
                for index, qty in enumerate(quantities)
            ]

    @api.depends("line_ids.quantity")
    def _compute_qty_total(self):
        for wizard in self:
            wizard.qty_total = sum(wizard.line_ids.mapped("quantity"))

    @api.depends("line_ids.is_late")
    def _compute_late_warning(self):
        for wizard in self:
            lines = wizard.line_ids.sorted("sequence")
            late = [str(index) for index, line in enumerate(lines, start=1) if line.is_late]
            wizard.late_warning = (
                self.env._(
                    "Part %(parts)s starts after its deadline: move its start earlier or its "
                    "deadline later.",
                    parts=", ".join(late),
                )
                if late
                else False
            )

    def action_split(self):
        self.ensure_one()
        name = self.production_id.name
        parts = self.production_id._split_tree_into(
            [line._prepare_part_values() for line in self.line_ids.sorted("sequence")]
        )
        return parts._get_list_action(self.env._("Parts of %s", name))


class MrpProductionTreeSplitLine(models.TransientModel):
    _name = "mrp.production.tree.split.line"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Part of a manufacturing order split"
    _order = "sequence, id"

    wizard_id = fields.Many2one("mrp.production.tree.split", required=True, ondelete="cascade")
    sequence = fields.Integer()
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    date_start = fields.Datetime(string="Planned Start")
    date_deadline = fields.Datetime(
        string="Deadline", help="Postpone the part by moving its deadline later."
    )
    priority = fields.Selection(
        selection=lambda self: self.env["mrp.production"]._fields["priority"].selection,
        default="0",
    )
    cancel = fields.Boolean(
        string="Cancel Part", help="Cancel this part and its sub-orders that have not started."
    )
    is_late = fields.Boolean(
        string="Starts After Deadline",
        compute="_compute_is_late",
        help="This part is planned to start after its deadline.",
    )

    @api.depends("date_start", "date_deadline", "cancel")
    def _compute_is_late(self):
        for line in self:
            line.is_late = bool(
                not line.cancel
                and line.date_start
                and line.date_deadline
                and line.date_start > line.date_deadline
            )

    def _prepare_part_values(self):
        self.ensure_one()
        return {
            "quantity": self.quantity,
            "date_start": self.date_start,
            "date_deadline": self.date_deadline,
            "priority": self.priority,
            "cancel": self.cancel,
        }
