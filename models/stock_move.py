# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import Command, models
from odoo.tools import float_compare, float_is_zero, float_round

OPEN_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        """Odoo unchains a component move from what feeds it when a scrap takes the quantity
        reserved for it (``stock.move.line._free_reservation``); a move that an open
        sub-order still makes stays chained to it, and the shortage shows as a reservation."""
        if vals.get("move_orig_ids") == [Command.clear()]:
            fed = self._get_fed_by_sub_order().filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.move_orig_ids.filtered(lambda o: o.state not in ("done", "cancel"))
                )
            )
            if fed:
                kept = {
                    k: v for k, v in vals.items() if k not in ("move_orig_ids", "procure_method")
                }
                if kept:
                    super(StockMove, fed).write(kept)
                return super(StockMove, self - fed).write(vals)
        return super().write(vals)

    def _get_downstream_sale_line(self):
        """The sales order line these moves end up delivering, following the chain of moves
        (pick, pack, ship) down to the customer."""
        moves = self
        while moves:
            if moves.sale_line_id:
                return moves.sale_line_id[:1]
            moves = moves.move_dest_ids
        return self.env["sale.order.line"]

    def _run_procurement(self, old_qties=False):
        """A component move that a sub-order of its order feeds is not procured a second
        time: the sub-order follows its new quantity instead."""
        fed = self._get_fed_by_sub_order()
        res = super(StockMove, self - fed)._run_procurement(old_qties)
        fed.raw_material_production_id._follow_quantity()
        return res

    def _get_qty_unreserved(self):
        """What these moves still wait for, in their product's unit: demand less what is
        reserved for them, or, for a product whose stock is not tracked (Odoo marks its
        moves available at once), less their share of what their done origins brought."""
        total = 0.0
        for move in self:
            if move._should_bypass_reservation():
                brought = sum(origin._get_qty_brought_to(move) for origin in move.move_orig_ids)
            else:
                brought = move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id, round=False
                )
            total += move.product_qty - brought
        return total

    def _get_qty_brought_to(self, dest):
        """What this done move brought to ``dest``, one of its destinations, in the
        product's unit: its quantity shared out among them in order (Odoo's split links a
        done origin to every part of the move it fed)."""
        self.ensure_one()
        if self.state != "done":
            return 0.0
        left = self.product_uom._compute_quantity(
            self.quantity, self.product_id.uom_id, round=False
        )
        for other in self.move_dest_ids.filtered(lambda m: m.state != "cancel").sorted("id"):
            taken = min(left, other.product_qty)
            if other == dest:
                return taken
            left -= taken
        return 0.0

    def _get_fed_by_sub_order(self):
        """Those of these component moves that a sub-order of their own order feeds, where
        the tree follows its orders (``mrp.production._is_tree_followed``)."""
        return self.filtered(
            lambda m: (
                m.move_orig_ids.production_id & m.raw_material_production_id.child_ids
                and m.raw_material_production_id._is_tree_followed()
            )
        )

    def _get_short_of_done_sub_orders(self):
        """Those of these open component moves whose sub-orders are all done and made less
        than they now need (the order grew, or their output went elsewhere)."""
        return self.filtered(
            lambda m: (
                m.state not in ("draft", "done", "cancel")
                and m.move_orig_ids.production_id & m.raw_material_production_id.child_ids
                and all(o.state in ("done", "cancel") for o in m.move_orig_ids)
                and float_compare(
                    m._get_qty_unreserved(), 0, precision_rounding=m.product_id.uom_id.rounding
                )
                > 0
            )
        )

    def _get_forecast_availability_outgoing(self, warehouse, location_id=False):
        """Odoo forecasts an outgoing move by running its forecast report over every open
        move of the product in the warehouse (``_get_report_lines``), which is what makes
        the *Component Status* of the manufacturing order list slow once there are many
        open orders. A move of a product with no stock in the warehouse, nothing coming to
        it and nothing reserved up its chain can only be unfilled: the report would give it
        one unfilled line of its whole demand. Those are answered without the report, the
        others go to Odoo's."""
        unsupplied = self._get_unsupplied_outgoing(warehouse)
        others = self - unsupplied
        result = (
            super(StockMove, others)._get_forecast_availability_outgoing(warehouse, location_id)
            if others
            else defaultdict(lambda: (0.0, False))
        )
        for move in unsupplied:
            rounding = move.product_id.uom_id.rounding
            demand = float_round(move.product_qty, precision_rounding=rounding)
            if not float_is_zero(demand, precision_rounding=rounding):
                result[move] = (-demand, False)
        return result

    def _get_unsupplied_outgoing(self, warehouse):
        """Those of these moves that leave ``warehouse`` (as the forecast report's
        ``_move_confirmed_domain`` finds them), unreserved and waiting, whose product has no
        positive stock in the warehouse, no open move coming into it, and whose chain of
        origins (``_rollup_move_origs``, the move itself included) reserved nothing."""
        view = warehouse.view_location_id
        locations = set(self.env["stock.location"].search([("id", "child_of", view.id)]).ids)
        moves = self.filtered(
            lambda m: (
                m.state in ("waiting", "confirmed")
                and m.product_uom_qty != 0
                and m.location_id.id in locations
                and (
                    m.location_dest_id.id not in locations
                    or (m.location_final_id and m.location_final_id.id not in locations)
                )
            )
        )
        if not moves:
            return moves
        products = moves.product_id
        supplied = {
            product.id
            for [product] in self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("location_id", "in", list(locations)),
                    ("quantity", ">", 0),
                ],
                ["product_id"],
            )
        }
        supplied |= {
            product.id
            for [product] in self._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("product_uom_qty", "!=", 0),
                    ("location_id", "not in", list(locations)),
                    ("location_dest_id", "in", list(locations)),
                    ("state", "in", OPEN_STATES),
                ],
                ["product_id"],
            )
        }
        moves = moves.filtered(lambda m: m.product_id.id not in supplied)
        moves._rollup_move_origs_fetch()
        return moves.filtered(
            lambda m: (
                not any(
                    origin.state in ("partially_available", "assigned")
                    for origin in self.browse(m._rollup_move_origs())
                )
            )
        )
