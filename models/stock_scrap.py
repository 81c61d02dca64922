# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models
from odoo.tools import float_compare


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    def do_scrap(self):
        """A scrapped sub-assembly that an open sub-order makes is made again by it: Odoo
        takes the scrapped units from what is reserved, for this order or for another one
        (``stock.move.line._free_reservation``), and each order that lost its reservation has
        its sub-order follow what it now needs."""
        moves = (
            self.env["stock.move"]
            .search(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("raw_material_production_id", "!=", False),
                    ("state", "not in", ("done", "cancel")),
                    ("quantity", ">", 0),
                ]
            )
            ._get_fed_by_sub_order()
        )
        reserved = {move: move.quantity for move in moves}
        res = super().do_scrap()
        lost = moves.filtered(
            lambda m: (
                float_compare(m.quantity, reserved[m], precision_rounding=m.product_uom.rounding)
                < 0
            )
        )
        (self.production_id | lost.raw_material_production_id)._follow_quantity()
        return res
