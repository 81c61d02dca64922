# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.mrp_production import split_quantity


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
            quantities = split_quantity(
                wizard.qty_to_split, [1] * count, production._get_split_rounding()
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

    def action_split(self):
        self.ensure_one()
        production = self.production_id
        production._check_mpm_user()
        lines = self.line_ids.sorted("sequence")
        if lines and all(lines.mapped("cancel")):
            raise UserError(
                self.env._("Keep at least one part; to stop the whole order, cancel it.")
            )
        if lines[:1].cancel and production.qty_producing:
            raise UserError(
                self.env._(
                    "The first part stays with %(production)s, which has already produced "
                    "%(qty)s %(uom)s: it cannot be cancelled.",
                    production=production.name,
                    qty=production.qty_producing,
                    uom=production.product_uom_id.name,
                )
            )
        original_name = production.name
        parts = production._split_tree(lines.mapped("quantity"))
        for index, line in enumerate(lines):
            line._apply_to_part(parts[index])
        part_records = self.env["mrp.production"].concat(*parts.values())
        summary = ", ".join(f"{p.name} ({p.product_qty:g})" for p in part_records)
        production.message_post(
            body=self.env._(
                "%(name)s was split with its sub-orders into: %(parts)s.",
                name=original_name,
                parts=summary,
            )
        )
        for part in part_records - production:
            part.message_post_with_source(
                "mail.message_origin_link",
                render_values={"self": part, "origin": production},
                subtype_xmlid="mail.mt_note",
            )
        self.env["mrp.production"].concat(
            *(parts[index] for index, line in enumerate(lines) if line.cancel)
        ).action_cancel_tree()
        return production._get_tree_action(part_records, self.env._("Parts of %s", original_name))


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

    def _apply_to_part(self, part):
        """Give ``part`` this line's priority and dates; its sub-orders move with its start."""
        self.ensure_one()
        part.priority = self.priority
        if self.date_deadline and self.date_deadline != part.date_deadline:
            part.move_finished_ids.date_deadline = self.date_deadline
        if self.date_start and self.date_start != part.date_start:
            part._shift_tree_dates(self.date_start - part.date_start)
