# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, models


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
        """What these moves still wait for, in their product's unit: demand less reserved."""
        return sum(
            move.product_qty
            - move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
            for move in self
        )

    def _get_fed_by_sub_order(self):
        """Those of these component moves that a sub-order of their own order feeds, where
        the tree follows its orders (``mrp.production._is_tree_followed``)."""
        return self.filtered(
            lambda m: (
                m.move_orig_ids.production_id & m.raw_material_production_id.child_ids
                and m.raw_material_production_id._is_tree_followed()
            )
        )
