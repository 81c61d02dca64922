# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The tree backbone of manufacturing orders: parent, sub-orders, root and level, the
roll-up of state and progress, navigation, and what every capability of the tree shares
(descendants, locks, refusals, quantities). Each capability has its own file beside this one."""

from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_round, format_datetime, formatLang

NOT_STARTED_STATES = ("draft", "confirmed")
CONFIRMED_STATES = ("confirmed", "progress", "to_close")


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

    sub_order_date_preview = fields.Html(
        string="Sub-orders Then",
        compute="_compute_sub_order_date_preview",
        sanitize=False,
        help="Where the open sub-orders will be once the new planned start is saved.",
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

    @api.depends("date_start")
    def _compute_sub_order_date_preview(self):
        """On the form, before saving: what moving the planned start does to the sub-tree."""
        for production in self:
            origin = production._origin
            if (
                not origin
                or not production.date_start
                or production.date_start == origin.date_start
            ):
                production.sub_order_date_preview = False
                continue
            production.sub_order_date_preview = origin._render_tree_preview(
                [
                    (
                        node,
                        format_datetime(self.env, node.date_start),
                        format_datetime(self.env, date_start),
                    )
                    for node, date_start in origin._get_dates_preview(production.date_start)
                ]
            )

    def write(self, vals):
        """Whatever changes an order (a form, Odoo's wizards, the API, an import), its open
        sub-tree follows in the same transaction: dates, priority and responsible."""
        moved = {}
        # Odoo's own planning (force_date) places each order on its work centers.
        if "date_start" in vals and not self.env.context.get("force_date"):
            moved = {p: p.date_start for p in self if p.child_ids and p.date_start}
        res = super().write(vals)
        shared = {key: vals[key] for key in ("priority", "user_id") if key in vals}
        if shared and not self.env.context.get("mpm_from_parent"):
            self._get_with_descendants().filtered(
                lambda p: p not in self and p.state not in ("done", "cancel")
            ).with_context(mpm_from_parent=True).write(shared)
        for production, date_start in moved.items():
            if production.date_start != date_start:
                production._follow_dates(production.date_start - date_start)
        return res

    def action_cancel(self):
        """Odoo's Cancel and the API: where sub-orders follow their order, its not-started
        sub-orders go with it, as the Cancel dialog's *Cancel with Sub-orders* does
        (``mpm_keep_sub_orders``: the dialog's *Cancel This Order Only*)."""
        if not self.env.context.get("mpm_keep_sub_orders"):
            self |= self.filtered(lambda p: p._is_tree_followed()).descendant_ids.filtered(
                lambda p: p.state in NOT_STARTED_STATES
            )
        return super().action_cancel()

    def _action_cancel(self):
        """Sub-orders cancelled with their parent leave no activity on it: it goes too."""
        quiet = self.filtered(lambda p: p.parent_id in self)
        super(MrpProduction, self - quiet)._action_cancel()
        return super(MrpProduction, quiet.with_context(skip_activity=True))._action_cancel()

    def _pre_action_split_merge_hook(self, merge=False, split=False):
        """Merging would leave sub-orders feeding one order for another: refused in trees."""
        if merge:
            self.filtered(lambda p: p.parent_id or p.child_ids)._raise_if_any(
                self.env._(
                    "%(names)s belong to manufacturing order trees: orders with a parent or "
                    "sub-orders cannot be merged. Change the quantity of one order instead; "
                    "its sub-orders follow."
                )
            )
        return super()._pre_action_split_merge_hook(merge=merge, split=split)

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

    def action_open_cancel_tree(self):
        """Cancel button of an order with sub-orders: ask whether they go too."""
        self.ensure_one()
        return self.env["mrp.production.tree.cancel"]._get_action(production_id=self.id)

    def action_cancel_tree(self):
        """Cancel these orders and every sub-order below them that has not started."""
        not_started = self.descendant_ids.filtered(lambda p: p.state in NOT_STARTED_STATES)
        return (self | not_started).action_cancel()

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

    def _get_qty_needed(self):
        """What this sub-order's parent needs from it, in its unit: the open component moves
        it feeds, less what is already reserved for them (a done part's output) and what
        their other open origins bring (a backorder of this sub-order)."""
        self.ensure_one()
        own = self.move_finished_ids
        needed = 0.0
        for move in self._get_fed_moves().filtered(lambda m: m.state not in ("done", "cancel")):
            others = (move.move_orig_ids - own).filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            needed += (
                move.product_qty
                - move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
                - sum(others.mapped("product_qty"))
            )
        return self.product_id.uom_id._compute_quantity(needed, self.product_uom_id)

    def _is_tree_followed(self):
        """Whether quantity changes of this order reach its sub-orders: in companies whose
        trees the addon builds (*Create Sub-orders on Confirmation*), or when the addon
        itself changes the order (``mpm_follow_tree``). Elsewhere Odoo's make-to-order
        procurement makes a new order for a difference, as in Odoo."""
        self.ensure_one()
        return bool(self.company_id.mo_child_auto_create or self.env.context.get("mpm_follow_tree"))

    def _follow_quantity(self):
        """Resize each open sub-order of these orders to the quantity of the component move
        it feeds, 1:1, with Odoo's own Change Quantity (which comes back here for the
        sub-orders below). A sub-order that cannot follow gets an activity."""
        for child in self.filtered(lambda p: p._is_tree_followed())._get_open_children():
            rounding = child.product_uom_id.rounding
            qty = float_round(child._get_qty_needed(), precision_rounding=rounding)
            if float_compare(qty, 0, precision_rounding=rounding) <= 0:
                continue
            if not float_compare(qty, child.product_qty, precision_rounding=rounding):
                continue
            if float_compare(qty, child.qty_producing, precision_rounding=rounding) < 0:
                child._schedule_cannot_follow(
                    self.env._(
                        "%(parent)s now needs %(qty)s %(uom)s of %(product)s, less than the "
                        "%(produced)s already produced here: check what to do with the rest.",
                        parent=child.parent_id.name,
                        qty=qty,
                        uom=child.product_uom_id.name,
                        product=child.product_id.display_name,
                        produced=child.qty_producing,
                    )
                )
                continue
            self.env["change.production.qty"].with_context(mpm_follow_parent=True).create(
                {"mo_id": child.id, "product_qty": qty}
            ).change_prod_qty()
            child._schedule_before_parent()  # more to make takes longer

    def _get_quantity_preview(self, product_qty):
        """What each open sub-order below this order will make when it makes ``product_qty``:
        (order, quantity now, quantity then), in tree order, before anything is written."""
        if not self or not self.product_qty or not self.child_ids:
            return []
        factor = product_qty / self.product_qty
        return [
            (
                node,
                node.product_qty,
                float_round(
                    node.product_qty * factor,
                    precision_rounding=node.product_uom_id.rounding,
                    rounding_method="UP",
                ),
            )
            for node in self.descendant_ids.sorted("parent_path")
            if node.state not in ("done", "cancel")
        ]

    def _get_dates_preview(self, date_start):
        """Where each open sub-order below this order will start once it starts at
        ``date_start``, as ``_follow_dates`` moves them: (order, new start), in tree order."""
        self.ensure_one()
        moves = {self: (date_start - self.date_start, date_start)}
        for node in self.descendant_ids.sorted("parent_path"):
            if node.state in ("done", "cancel") or node.parent_id not in moves:
                continue
            delta, parent_start = moves[node.parent_id]
            late = max(node.date_finished + delta - parent_start, timedelta(0))
            moves[node] = (delta - late, node.date_start + delta - late)
        return [(node, start) for node, (__, start) in moves.items() if node != self]

    def _format_qty(self, qty, uom=None):
        """``qty`` (of ``uom``) as the reader writes it: "1,00 Adet" in Turkish."""
        text = formatLang(self.env, qty, dp="Product Unit of Measure")
        return f"{text} {uom.name}" if uom else text

    def _render_tree_preview(self, rows):
        """A table of the sub-orders a change reaches: (order, before, after) a row."""
        if not rows:
            return False
        return Markup(
            '<table class="table table-sm o_mpm_preview"><tbody>%s</tbody></table>'
        ) % Markup("").join(
            Markup('<tr><td>%s</td><td>%s</td><td class="text-end">%s → %s</td></tr>')
            % (order.name, order.product_id.display_name, before, after)
            for order, before, after in rows
        )

    def _follow_dates(self, delta):
        """These orders moved by ``delta``: their open sub-orders move with them, and each
        still ends before its parent starts (Odoo's write brings it here for the next level)."""
        children = self._get_open_children()
        for child in children:
            child.date_start += delta
        children._schedule_before_parent()

    def _schedule_before_parent(self):
        """Move sub-orders earlier where their operations would end after the parent starts."""
        for child in self:
            if child.date_finished > child.parent_id.date_start:
                child.date_start -= child.date_finished - child.parent_id.date_start

    def _schedule_cannot_follow(self, note):
        """Tell the order's responsible that this order could not follow its tree."""
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("The tree changed"),
            note=note,
            user_id=(self.user_id or self.env.user).id,
        )

    def _lock_for_update(self, records=None):
        """Lock the rows of ``records`` (these orders by default) so that two users cannot
        change them at the same moment: the second one is told to try again."""
        records = records if records is not None else self
        if not records:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                        SQL.identifier(records._table),
                        tuple(records.ids),
                    )
                )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "%(names)s is being changed by another user right now; try again in a moment.",
                    names=", ".join(records.mapped("display_name")),
                )
            ) from error

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
