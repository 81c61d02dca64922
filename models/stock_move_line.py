# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models
from odoo.tools import float_compare


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _free_reservation(
        self,
        product_id,
        location_id,
        quantity,
        lot_id=None,
        package_id=None,
        owner_id=None,
        ml_ids_to_ignore=None,
    ):
        """Units reserved for a component move that are used elsewhere (a scrap, a delivery,
        another order consuming more than it reserved): Odoo takes back that reservation.
        Where an open sub-order feeds the move, it makes the lost units again."""
        moves = (
            self.env["stock.move.line"]
            .search(
                [
                    ("state", "not in", ("done", "cancel")),
                    ("product_id", "=", product_id.id),
                    ("location_id", "=", location_id.id),
                    ("quantity_product_uom", ">", 0.0),
                    ("picked", "=", False),
                    ("move_id.raw_material_production_id", "!=", False),
                ]
            )
            .move_id._get_fed_by_sub_order()
        )
        reserved = {move: move.quantity for move in moves}
        res = super()._free_reservation(
            product_id,
            location_id,
            quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            ml_ids_to_ignore=ml_ids_to_ignore,
        )
        moves.filtered(
            lambda m: (
                float_compare(m.quantity, reserved[m], precision_rounding=m.product_uom.rounding)
                < 0
            )
        ).raw_material_production_id._follow_quantity()
        return res
