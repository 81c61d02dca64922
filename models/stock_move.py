# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_downstream_sale_line(self):
        """The sales order line these moves end up delivering, following the chain of moves
        (pick, pack, ship) down to the customer."""
        moves = self
        while moves:
            if moves.sale_line_id:
                return moves.sale_line_id[:1]
            moves = moves.move_dest_ids
        return self.env["sale.order.line"]
