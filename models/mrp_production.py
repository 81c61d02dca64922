# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The tree backbone of manufacturing orders: parent, sub-orders, root and level, the
roll-up of state and progress, navigation, and what every capability of the tree shares
(descendants, locks, refusals, quantities). Each capability has its own file beside this one."""

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, formatLang

NOT_STARTED_STATES = ("draft", "confirmed")
CONFIRMED_STATES = ("confirmed", "progress", "to_close")


def lock_rows(records, strength="UPDATE"):
    """Lock the rows of ``records`` ``FOR <strength>`` at once; False when another
    transaction holds one of them (nothing waits)."""
    assert strength in ("UPDATE", "NO KEY UPDATE")
    try:
        with records.env.cr.savepoint(flush=False):
            records.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR %s NOWAIT",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                    SQL(strength),
                )
            )
    except psycopg2.errors.LockNotAvailable:
        return False
    return True


class MrpProduction(models.Model):
    _inherit = "mrp.production"
    _parent_store = True

    parent_id = fields.Many2one(
        "mrp.production",
        string="Parent Order",
        index=True,
        copy=False,
        readonly=True,
        ondelete="set null",
        check_company=True,
        help="The manufacturing order this sub-order supplies with its finished product.",
    )
    child_ids = fields.One2many("mrp.production", "parent_id", string="Sub-orders", readonly=True)
    parent_path = fields.Char(index=True)
    root_id = fields.Many2one(
        "mrp.production",
        string="Root Order",
        compute="_compute_root_id",
        store=True,
        index=True,
        recursive=True,
        help="The top manufacturing order of this order's tree.",
    )
    tree_level = fields.Integer(
        string="Level",
        compute="_compute_tree_level",
        store=True,
        recursive=True,
        help="0 for a top order, 1 for its sub-orders, and so on.",
    )
    child_count = fields.Integer(string="Sub-orders Count", compute="_compute_child_count")
    descendant_ids = fields.Many2many(
        "mrp.production",
        string="All Sub-orders",
        compute="_compute_tree_rollup",
        help="Every sub-order below this order, at any level.",
    )
    tree_production_count = fields.Integer(string="Orders in Tree", compute="_compute_tree_rollup")
    tree_done_count = fields.Integer(string="Done", compute="_compute_tree_rollup")
    tree_progress_count = fields.Integer(string="In Progress", compute="_compute_tree_rollup")
    tree_waiting_count = fields.Integer(string="Not Started", compute="_compute_tree_rollup")
    tree_progress = fields.Float(
        string="Tree Progress",
        compute="_compute_tree_rollup",
        help="Average share produced of the planned quantity over this order and "
        "all its sub-orders that are not cancelled.",
    )

    @api.depends("parent_id.root_id")
    def _compute_root_id(self):
        for production in self:
            production.root_id = production.parent_id.root_id or production

    @api.depends("parent_id.tree_level")
    def _compute_tree_level(self):
        for production in self:
            production.tree_level = (
                production.parent_id.tree_level + 1 if production.parent_id else 0
            )

    def _compute_child_count(self):
        for production in self:
            production.child_count = len(production.child_ids)

    @api.depends("child_ids.state", "child_ids.qty_produced", "state", "qty_produced")
    def _compute_tree_rollup(self):
        for production in self:
            if not production.id:
                production.descendant_ids = False
                production.tree_production_count = production.tree_done_count = 0
                production.tree_progress_count = production.tree_waiting_count = 0
                production.tree_progress = 0.0
                continue
            tree = self.search([("id", "child_of", production.id)])
            nodes = tree.filtered(lambda p: p.state != "cancel")
            states = nodes.mapped("state")
            production.descendant_ids = tree - production
            production.tree_production_count = len(nodes)
            production.tree_done_count = states.count("done")
            production.tree_progress_count = sum(states.count(s) for s in ("progress", "to_close"))
            production.tree_waiting_count = sum(states.count(s) for s in NOT_STARTED_STATES)
            production.tree_progress = (
                100.0
                * sum(
                    1.0 if p.state == "done" else min(p.qty_produced / p.product_qty, 1.0)
                    for p in nodes
                    if p.product_qty
                )
                / len(nodes)
                if nodes
                else 0.0
            )

    def _compute_components_availability(self):
        """Odoo's "Exp <date>" has no Turkish: the addon writes it with its own term, shown on
        the order's form and its tree."""
        res = super()._compute_components_availability()
        for production in self.filtered(
            lambda p: (
                p.state in CONFIRMED_STATES
                and p.components_availability_state in ("expected", "late", "available")
            )
        ):
            forecast = production.move_raw_ids.filtered("forecast_expected_date").mapped(
                "forecast_expected_date"
            )
            if forecast and production.components_availability_state != "unavailable":
                production.components_availability = self.env._(
                    "Exp %s", format_date(self.env, max(forecast))
                )
        return res

    def _get_children(self):
        """Odoo's "Child MO" button finds make-to-order children through procurement and
        skips orders of the same origin; sub-orders here carry their tree's origin."""
        return super()._get_children() | self.child_ids

    def _get_sources(self):
        """Odoo's "Source MO" button, for the same reason."""
        return super()._get_sources() | self.parent_id

    def _get_backorder_mo_vals(self):
        """Backorders (and split parts) stay in the tree, under the same parent."""
        vals = super()._get_backorder_mo_vals()
        vals["parent_id"] = self.parent_id.id
        return vals

    def action_view_parent_production(self):
        self.ensure_one()
        return self.parent_id._get_list_action(self.env._("Parent Order"))

    def action_view_child_productions(self):
        self.ensure_one()
        return self.child_ids._get_list_action(self.env._("Sub-orders of %s", self.name))

    def action_view_production_tree(self):
        """Open the whole tree of this order in the hierarchy view, from its root.

        Odoo's hierarchy view focuses ``hierarchy_res_id`` and unfolds from it; a domain on
        the action would make it show every top-level order instead (the view's model then
        holds a Domain object where it expects a list), so the action has none."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mrp.production",
            "name": self.env._("Tree of %s", self.root_id.name),
            "view_mode": "hierarchy,form",
            "views": [(False, "hierarchy"), (False, "form")],
            "context": {"hierarchy_res_id": self.root_id.id, "create": False},
        }

    def action_view_requirements(self):
        """Material requirements of these orders and their sub-orders."""
        productions = self._get_with_descendants()
        rows = self.env["mrp.production.requirement"]._compute_for(productions)
        name = (
            self.env._("Requirements of %s", self.name)
            if len(self) == 1
            else self.env._("Requirements of %s orders", len(self))
        )
        return rows._get_action(name)

    def _get_list_action(self, name):
        """Window action showing these orders: their form when there is one, else a list."""
        action = {"type": "ir.actions.act_window", "res_model": "mrp.production", "name": name}
        if len(self) == 1:
            action.update(view_mode="form", res_id=self.id, views=[(False, "form")])
        else:
            action.update(
                view_mode="list,form",
                views=[(False, "list"), (False, "form")],
                domain=[("id", "in", self.ids)],
            )
        return action

    def _get_with_descendants(self):
        """These orders and every sub-order below them, in one query."""
        return self.search([("id", "child_of", self.ids)])

    def _get_qty_in(self, uom, field_name="product_qty"):
        """Sum of these orders' ``field_name`` quantities, each converted to ``uom``."""
        return sum(
            production.product_uom_id._compute_quantity(production[field_name], uom, round=False)
            for production in self
        )

    def _get_produced_quantities(self):
        """Produced quantity of each of these orders, in its unit, read in one query
        (Odoo's ``qty_produced`` reads the moves order by order)."""
        groups = self.env["stock.move"]._read_group(
            [
                ("production_id", "in", self.ids),
                ("state", "=", "done"),
                ("scrapped", "=", False),
                ("byproduct_id", "=", False),
            ],
            ["production_id", "product_uom"],
            ["quantity:sum"],
        )
        produced = dict.fromkeys(self, 0.0)
        for production, uom, quantity in groups:
            produced[production] += uom._compute_quantity(
                quantity, production.product_uom_id, round=False
            )
        return produced

    def _get_open_children(self):
        return self.child_ids.filtered(lambda c: c.state not in ("done", "cancel"))

    def _get_product_moves(self):
        """The finished moves of this order's own product (by-products aside)."""
        self.ensure_one()
        return self.move_finished_ids.filtered(lambda m: m.product_id == self.product_id)

    def _get_fed_moves(self):
        """The component moves of its parent that this sub-order's finished product feeds."""
        self.ensure_one()
        return (
            self._get_product_moves()
            .filtered(lambda m: m.state != "cancel")
            .move_dest_ids.filtered(lambda m: m.raw_material_production_id == self.parent_id)
        )

    def _format_qty(self, qty, uom=None):
        """``qty`` (of ``uom``) as the reader writes it: "1,00 Adet" in Turkish."""
        text = formatLang(self.env, qty, dp="Product Unit of Measure")
        return f"{text} {uom.name}" if uom else text

    def _lock_for_update(self, records=None):
        """Lock the rows of ``records`` (these orders by default) so that two users cannot
        change them at the same moment: the second one is told to try again."""
        records = records if records is not None else self
        if records and not lock_rows(records):
            raise UserError(
                self.env._(
                    "%(names)s is being changed by another user right now; try again in a moment.",
                    names=", ".join(records.mapped("display_name")),
                )
            )

    def _raise_if_any(self, message):
        """Refuse an action on these records, when there are any: ``message`` is translated
        and names them through ``%(names)s``."""
        if self:
            raise UserError(message % {"names": ", ".join(self.mapped("display_name"))})

    def _check_mpm_user(self):
        if not self.env.user.has_group("mrp_production_management.group_mpm_user"):
            raise AccessError(
                self.env._("Only manufacturing users can change manufacturing orders.")
            )

    def _check_mpm_manager(self):
        if not self.env.user.has_group("mrp_production_management.group_mpm_manager"):
            raise AccessError(
                self.env._("Only manufacturing order managers can close and reopen orders.")
            )
