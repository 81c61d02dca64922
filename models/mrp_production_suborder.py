# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Sub-orders: on confirmation (and on a button) every component with a manufacturing BoM
gets its sub-order, chained to the component move it feeds; orders that Odoo's
make-to-order routes made are adopted instead."""

from dateutil.relativedelta import relativedelta

from odoo import Command, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .mrp_production import CONFIRMED_STATES


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_confirm(self):
        to_expand = self.filtered(lambda p: p.state == "draft")
        res = super().action_confirm()
        to_expand._adopt_child_productions()
        force = self.env.context.get("mpm_create_child_productions")
        to_expand.filtered(
            lambda p: force or p.company_id.mo_child_auto_create
        )._create_child_productions()
        return res

    def action_create_child_productions(self):
        """Button: adopt and create the missing sub-orders of confirmed orders."""
        self._check_mpm_user()
        self.filtered(lambda p: p.state not in CONFIRMED_STATES)._raise_if_any(
            self.env._(
                "Sub-orders can only be created for confirmed or in-progress "
                "manufacturing orders: %(names)s."
            )
        )
        before = self.search_count([("id", "child_of", self.ids)])
        self._adopt_child_productions()
        self.with_context(mpm_create_child_productions=True)._create_child_productions()
        created = self.search_count([("id", "child_of", self.ids)]) - before
        message = (
            self.env._("%(count)s sub-order(s) added to the tree.", count=created)
            if created
            else self.env._("Every component with a bill of materials already has its sub-order.")
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if created else "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _get_document_iterate_key(self, move_raw_id):
        """No "exception, manual actions may be needed" activity on a sub-order for a change
        of the component move it feeds: the sub-order follows (``_follow_quantity``)."""
        if move_raw_id._get_fed_by_sub_order():
            return False
        return super()._get_document_iterate_key(move_raw_id)

    def _adopt_child_productions(self):
        """Make the orders that Odoo's make-to-order procurement created for our component
        moves our sub-orders, so that they are never created a second time."""
        for production in self:
            orphans = production.move_raw_ids.move_orig_ids.production_id - production
            orphans = orphans.filtered(lambda c: not c.parent_id)
            if not orphans:
                continue
            orphans.write({"parent_id": production.id})
            orphans.filtered(lambda c: not c.sale_line_id).sale_line_id = production.sale_line_id
            production.message_post(
                body=self.env._(
                    "Sub-orders adopted from make-to-order procurement: %s",
                    ", ".join(orphans.mapped("name")),
                )
            )

    def _get_child_candidate_moves(self):
        """Component moves that nothing supplies yet, or that their done sub-orders left
        short, and that could get a sub-order."""
        return self.move_raw_ids.filtered(
            lambda m: (
                m.state not in ("draft", "done", "cancel")
                and not m.move_orig_ids
                and not m.picked
                and m.procure_method == "make_to_stock"
                and m.rule_id.procure_method != "mts_else_mto"
                and float_compare(m.product_uom_qty, 0, precision_rounding=m.product_uom.rounding)
                > 0
            )
        ) | self.move_raw_ids._get_short_of_done_sub_orders().filtered(lambda m: not m.picked)

    def _find_child_boms(self, moves):
        """Manufacturing BoM of each move's product: the one its done sub-orders used (a
        customization, say), else the one Odoo's manufacture rule would find."""
        boms = self.env["mrp.bom"]._get_demand_boms(
            [
                (
                    move.product_id,
                    move.raw_material_production_id.company_id,
                    move.raw_material_production_id.picking_type_id,
                    move.move_orig_ids.production_id.bom_id[-1:],
                )
                for move in moves
            ]
        )
        return {move: bom for move, bom in zip(moves, boms, strict=True) if bom}

    def _check_tree_cycle(self, moves):
        """Refuse a component that is already produced higher in its own tree."""
        for move in moves:
            production = move.raw_material_production_id
            ancestors = self.browse(int(i) for i in production.parent_path.split("/")[:-1])
            if move.product_id not in ancestors.product_id:
                continue
            products = [a.product_id for a in ancestors] + [move.product_id]
            start = products.index(move.product_id)
            raise UserError(
                self.env._(
                    "The bills of materials form a cycle: %(cycle)s. A product cannot be a "
                    "component of itself; correct the bill of materials of %(product)s "
                    "before confirming %(production)s.",
                    cycle=" → ".join(p.display_name for p in products[start:]),
                    product=production.product_id.display_name,
                    production=production.root_id.name,
                )
            )

    def _child_quantities(self, moves):
        """Quantity (in product UoM) each move needs from a sub-order, per company setting:
        the full demand, or only what reservation and free stock do not cover."""
        need = {}
        free = {}
        shortage_moves = moves.filtered(lambda m: m.company_id.mo_child_qty_mode == "shortage")
        for location in shortage_moves.location_id:
            products = shortage_moves.filtered(
                lambda m, loc=location: m.location_id == loc
            ).product_id
            for product in products.with_context(location=location.id):
                free[product.id, location.id] = max(product.free_qty, 0.0)
        for move in moves:
            # a move that done sub-orders fed waits only for what they did not bring
            qty = move._get_qty_unreserved() if move.move_orig_ids else move.product_qty
            if move in shortage_moves:
                if not move.move_orig_ids:
                    qty -= move.product_uom._compute_quantity(
                        move.quantity, move.product_id.uom_id, round=False
                    )
                key = (move.product_id.id, move.location_id.id)
                from_stock = min(qty, free[key])
                free[key] -= from_stock
                qty -= from_stock
            if not float_is_zero(qty, precision_rounding=move.product_id.uom_id.rounding):
                need[move] = qty
        return need

    def _prepare_child_production_vals(self, move, bom, product_qty):
        """Values of the sub-order that supplies ``move`` (of ``self``) with ``product_qty``
        (product UoM); scheduled to end when its parent starts, as Odoo's manufacture rule
        schedules make-to-order productions."""
        self.ensure_one()
        date_start = self.date_start - relativedelta(days=bom.produce_delay)
        if date_start == self.date_start:
            date_start -= relativedelta(hours=1)
        picking_type = bom.picking_type_id or self.picking_type_id
        return {
            "parent_id": self.id,
            "product_id": move.product_id.id,
            "product_qty": move.product_id.uom_id._compute_quantity(
                product_qty, bom.product_uom_id
            ),
            "product_uom_id": bom.product_uom_id.id,
            "bom_id": bom.id,
            "picking_type_id": picking_type.id,
            "location_src_id": picking_type.default_location_src_id.id,
            "location_dest_id": move.location_id.id,
            "company_id": self.company_id.id,
            "origin": self.origin or self.name,
            "priority": self.priority,
            "user_id": self.user_id.id,
            "date_start": date_start,
            "date_deadline": self.date_start,
            "move_dest_ids": [Command.link(move.id)],
            "sale_line_id": self.sale_line_id.id,
        }

    def _create_child_productions(self):
        """Create a sub-order for every component move whose product has a manufacturing BoM
        and that nothing supplies yet, chain its finished move to that component move, and
        confirm it (which recurses down the product tree)."""
        candidates = self._get_child_candidate_moves()
        boms = self._find_child_boms(candidates)
        moves = candidates.filtered(lambda m: m in boms)
        if not moves:
            return self.browse()
        self._check_tree_cycle(moves)
        need = self._child_quantities(moves)
        # what done sub-orders brought stays reserved on their move: it is not split
        refill = moves.filtered(lambda m: m.move_orig_ids and m in need)
        whole, split = self._split_moves_to_need(moves.filtered(lambda m: m in need) - refill, need)
        targets = {move: move for move in whole | refill} | split
        children = self.env["mrp.production"].create(
            [
                move.raw_material_production_id._prepare_child_production_vals(
                    move, boms[origin], need[origin]
                )
                for move, origin in targets.items()
            ]
        )
        split_moves = self.env["stock.move"].union(*split)
        (whole | split_moves).write({"procure_method": "make_to_order"})
        whole._recompute_state()
        split_moves._action_confirm(merge=False)
        children._schedule_before_parent()
        children.action_confirm()
        children._post_run_manufacture([])
        children._post_created_message()
        return children

    def _split_moves_to_need(self, moves, need):
        """Split each of ``moves`` that needs less than its demand, the rest staying to
        stock. Return the moves needed whole, and each new move with the move it came from."""
        whole = moves.filtered(
            lambda m: (
                float_compare(
                    need[m], m.product_qty, precision_rounding=m.product_id.uom_id.rounding
                )
                >= 0
            )
        )
        whole.filtered("quantity")._do_unreserve()
        split_vals, split_from = [], []
        for move in moves - whole:
            vals_list = move._split(need[move])
            split_vals += vals_list
            split_from += [move] * len(vals_list)
        split_moves = self.env["stock.move"].create(split_vals)
        # The new component moves leave recomputations pending on their production; run them
        # now, or they would be applied to the sub-orders created next and drop their moves.
        split_moves.raw_material_production_id.flush_recordset()
        return whole, dict(zip(split_moves, split_from, strict=True))

    def _post_created_message(self):
        """Tell each parent which of these sub-orders were created for it."""
        for parent in self.parent_id:
            parent.message_post(
                body=self.env._(
                    "Sub-orders created: %s",
                    ", ".join(self.filtered(lambda c, p=parent: c.parent_id == p).mapped("name")),
                )
            )
