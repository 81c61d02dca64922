# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The tree check: every invariant of a manufacturing order tree that does not hold, in
words, for the tests after every step and for managers who wonder."""

from odoo import models
from odoo.tools import float_compare


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_check_tree(self):
        """Check Tree: tell the manager in words what does not hold in these orders' trees."""
        problems = self._get_tree_problems()
        message = (
            "\n".join(problems)
            if problems
            else self.env._(
                "The tree of %s holds: every sub-order is in step.",
                ", ".join(self.root_id.mapped("name")),
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Check Tree"),
                "message": message,
                "type": "warning" if problems else "success",
                "sticky": bool(problems),
            },
        }

    def _get_tree_problems(self):
        """What is wrong with the trees of these orders, one sentence a problem."""
        problems = []
        for node in self.root_id._get_with_descendants():
            problems += node._get_node_problems()
        for line in self.root_id.sale_line_id:
            problems += line._get_coverage_problems()
        return problems

    def _get_node_problems(self):
        self.ensure_one()
        problems = [
            self.env._(
                "%(move)s is a component move of %(production)s but also one of its finished "
                "moves.",
                move=move.product_id.display_name,
                production=self.name,
            )
            for move in self.move_raw_ids.filtered("production_id")
        ]
        if self.suspended_with_id and not self.suspended_with_id.is_suspended:
            problems.append(
                self.env._(
                    "%(production)s was suspended with %(order)s, which has been resumed.",
                    production=self.name,
                    order=self.suspended_with_id.name,
                )
            )
        parent = self.parent_id
        if not parent or self.state in ("done", "cancel"):
            return problems
        fed = self._get_fed_moves()
        open_fed = fed.filtered(lambda m: m.state not in ("done", "cancel"))
        if len(fed) != 1:
            problems.append(
                self.env._(
                    "%(production)s feeds %(count)s component moves of %(parent)s instead of one.",
                    production=self.name,
                    count=len(fed),
                    parent=parent.name,
                )
            )
        needed = self._get_qty_needed()
        rounding = self.product_uom_id.rounding
        if open_fed and float_compare(needed, self.product_qty, precision_rounding=rounding):
            problems.append(
                self.env._(
                    "%(production)s makes %(qty)s %(uom)s but %(parent)s needs %(needed)s.",
                    production=self.name,
                    qty=self._format_qty(self.product_qty),
                    uom=self.product_uom_id.name,
                    parent=parent.name,
                    needed=self._format_qty(needed),
                )
            )
        if parent.state not in ("done", "cancel") and self.date_finished > parent.date_start:
            problems.append(
                self.env._(
                    "%(production)s ends after %(parent)s starts.",
                    production=self.name,
                    parent=parent.name,
                )
            )
        if self.priority != parent.priority:
            problems.append(
                self.env._(
                    "%(production)s does not have the priority of %(parent)s.",
                    production=self.name,
                    parent=parent.name,
                )
            )
        if self.sale_line_id != parent.sale_line_id:
            problems.append(
                self.env._(
                    "%(production)s does not serve the sales order line of its tree.",
                    production=self.name,
                )
            )
        return problems
