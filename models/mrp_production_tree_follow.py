# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The tree follows its orders: whatever changes an order (Odoo's wizards, a form, the API,
an import), its open sub-tree follows in the same transaction (quantity, dates, priority,
responsible, cancel), with a preview of what will change before it does."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import float_compare, float_round, format_datetime, html2plaintext

from .mrp_production import NOT_STARTED_STATES


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    sub_order_date_preview = fields.Html(
        string="Sub-orders Then",
        compute="_compute_sub_order_date_preview",
        sanitize=False,
        help="Where the open sub-orders will be once the new planned start is saved.",
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

    def action_open_cancel_tree(self):
        """Cancel button of an order with sub-orders: ask whether they go too."""
        self.ensure_one()
        self._check_background_free()
        return self.env["mrp.production.tree.cancel"]._get_action(production_id=self.id)

    def action_cancel_tree(self):
        """Cancel these orders and every sub-order below them that has not started."""
        return (self | self._get_not_started_descendants()).action_cancel()

    def action_cancel(self):
        """Odoo's Cancel and the API: where sub-orders follow their order, its not-started
        sub-orders go with it, as the Cancel dialog's *Cancel with Sub-orders* does
        (``mpm_keep_sub_orders``: the dialog's *Cancel This Order Only*)."""
        if not self.env.context.get("mpm_keep_sub_orders"):
            self |= self.filtered(lambda p: p._is_tree_followed())._get_not_started_descendants()
        return super().action_cancel()

    def _get_not_started_descendants(self):
        return self.descendant_ids.filtered(lambda p: p.state in NOT_STARTED_STATES)

    def _action_cancel(self):
        """Sub-orders cancelled with their parent leave no activity on it: it goes too."""
        quiet = self.filtered(lambda p: p.parent_id in self)
        super(MrpProduction, self - quiet)._action_cancel()
        return super(MrpProduction, quiet.with_context(skip_activity=True))._action_cancel()

    def button_mark_done(self):
        """A sub-order done may not bring its parent all it made (units consumed below zero
        elsewhere take their share first): the parent's open sub-orders follow what it still
        needs."""
        res = super().button_mark_done()
        self.filtered(lambda p: p.state == "done").parent_id._follow_quantity()
        return res

    def _pre_action_split_merge_hook(self, merge=False, split=False):
        """Merging would leave sub-orders feeding one order for another: refused in trees."""
        if merge:
            self.filtered(lambda p: p.parent_id or p.child_ids)._raise_if_any(
                self.env._(
                    "Orders with a parent or sub-orders cannot be merged: %(names)s. Change "
                    "the quantity of one order instead; its sub-orders follow."
                )
            )
        return super()._pre_action_split_merge_hook(merge=merge, split=split)

    def _is_tree_followed(self):
        """Whether quantity changes of this order reach its sub-orders: in companies whose
        trees the addon builds (*Create Sub-orders on Confirmation*), or when the addon
        itself changes the order (``mpm_follow_tree``). Elsewhere Odoo's make-to-order
        procurement makes a new order for a difference, as in Odoo."""
        self.ensure_one()
        return bool(self.company_id.mo_child_auto_create or self.env.context.get("mpm_follow_tree"))

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
            needed += move._get_qty_unreserved() - sum(others.mapped("product_qty"))
        return self.product_id.uom_id._compute_quantity(needed, self.product_uom_id, round=False)

    def _follow_quantity(self):
        """Resize each open sub-order of these orders to the quantity of the component move
        it feeds, 1:1, with Odoo's own Change Quantity (which comes back here for the
        sub-orders below); one no longer needed at all is cancelled if it has not started.
        A sub-order that cannot follow gets an activity, and so does an order whose done
        sub-orders made less than it now needs."""
        followed = self.filtered(lambda p: p._is_tree_followed())
        surplus = self.browse()
        for child in followed._get_open_children():
            rounding = child.product_uom_id.rounding
            qty = float_round(child._get_qty_needed(), precision_rounding=rounding)
            if float_compare(qty, 0, precision_rounding=rounding) <= 0:
                # what it feeds is covered already (reserved from a done part, say)
                if child.state in NOT_STARTED_STATES and child._get_fed_moves().filtered(
                    lambda m: m.state not in ("done", "cancel")
                ):
                    surplus |= child
                continue
            if not float_compare(qty, child.product_qty, precision_rounding=rounding):
                continue
            if float_compare(qty, child.qty_producing, precision_rounding=rounding) < 0:
                child._schedule_cannot_follow(
                    self.env._(
                        "%(parent)s now needs %(qty)s %(uom)s of %(product)s, less than the "
                        "%(produced)s already produced here: check what to do with the rest.",
                        parent=child.parent_id.name,
                        qty=child._format_qty(qty),
                        uom=child.product_uom_id.name,
                        product=child.product_id.display_name,
                        produced=child._format_qty(child.qty_producing),
                    )
                )
                continue
            self.env["change.production.qty"].with_context(mpm_follow_parent=True).create(
                {"mo_id": child.id, "product_qty": qty}
            ).change_prod_qty()
            child._schedule_before_parent()  # more to make takes longer
        if surplus:
            surplus.with_context(skip_activity=True).action_cancel()
        for move in followed.move_raw_ids._get_short_of_done_sub_orders():
            move.raw_material_production_id._schedule_cannot_follow(
                self.env._(
                    "%(production)s now needs %(qty)s more of %(product)s than its sub-orders "
                    "%(children)s made, and they are done: press Create Sub-orders to have "
                    "the rest made, or supply it from stock.",
                    production=move.raw_material_production_id.name,
                    qty=self._format_qty(move._get_qty_unreserved(), move.product_id.uom_id),
                    product=move.product_id.display_name,
                    children=", ".join(move.move_orig_ids.production_id.mapped("name")),
                )
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
        """Tell the order's responsible that this order could not follow its tree, once."""
        if any(html2plaintext(activity.note or "") == note for activity in self.activity_ids):
            return
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("The tree changed"),
            note=note,
            user_id=(self.user_id or self.env.user).id,
        )

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
