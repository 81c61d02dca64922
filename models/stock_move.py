# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, models
from odoo.tools import float_compare


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
