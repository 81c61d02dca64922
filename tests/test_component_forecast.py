# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Component Status without Odoo's whole forecast report where the answer cannot depend on
it: the forecast of every open outgoing move equals the one Odoo's own
``stock.move._get_forecast_availability_outgoing`` gives, move by move."""

from collections import defaultdict
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.stock.models.stock_move import StockMove as OdooStockMove

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestComponentForecast(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.none = cls.create_product("Forecast nothing anywhere")
        cls.stocked = cls.create_product("Forecast in stock")
        cls.incoming = cls.create_product("Forecast on a receipt")
        cls.elsewhere = cls.create_product("Forecast in another warehouse")
        cls.sub = cls.create_product("Forecast sub-assembly")
        cls.top = cls.create_product("Forecast top")
        cls.create_bom(cls.sub, [(cls.none, 1)])
        cls.create_bom(
            cls.top,
            [(cls.none, 2), (cls.stocked, 3), (cls.incoming, 4), (cls.elsewhere, 1), (cls.sub, 1)],
        )
        cls.other_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Forecast second plant", "code": "FC2"}
        )
        quants = cls.env["stock.quant"]
        quants._update_available_quantity(cls.stocked, cls.warehouse.lot_stock_id, 5)
        quants._update_available_quantity(cls.elsewhere, cls.other_warehouse.lot_stock_id, 50)
        receipt = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": cls.warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.incoming.name,
                            "product_id": cls.incoming.id,
                            "product_uom_qty": 10,
                            "product_uom": cls.incoming.uom_id.id,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": cls.warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()

    def open_moves(self):
        products = self.none | self.stocked | self.incoming | self.elsewhere
        return self.env["stock.move"].search(
            [
                ("product_id", "in", products.ids),
                ("state", "in", ("waiting", "confirmed", "partially_available")),
                ("location_id", "child_of", self.warehouse.view_location_id.id),
            ]
        )

    def assertSameAsOdoo(self, moves):
        by_location = defaultdict(lambda: self.env["stock.move"])
        for move in moves:
            by_location[move.location_id] |= move
        for location, group in by_location.items():
            ours = group._get_forecast_availability_outgoing(self.warehouse, location)
            odoo = OdooStockMove._get_forecast_availability_outgoing(
                group, self.warehouse, location
            )
            for move in group:
                self.assertEqual(ours[move], odoo[move], f"{move.product_id.name} ({move.state})")

    def receipt_for(self, product, qty, days, dests):
        """A confirmed receipt of ``qty`` in ``days`` days, bought for ``dests``."""
        supplier = self.env.ref("stock.stock_location_suppliers")
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": supplier.id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "date": fields.Datetime.now() + timedelta(days=days),
                "move_dest_ids": [Command.set(dests.ids)],
            }
        )
        move._action_confirm(merge=False)
        return move

    def test_moves_answered_from_their_chain(self):
        first = self.create_mo(self.top, 2)
        second = self.create_mo(self.top, 1)
        second.action_assign()
        moves = self.open_moves() | (first | second).move_raw_ids.filtered(
            lambda m: m.product_id == self.sub
        )
        known = moves._get_forecast_from_chain(self.warehouse)
        self.assertEqual(
            moves.browse(known).product_id,
            self.none | self.elsewhere | self.sub,
            "nothing here and nothing coming in, or fed by their own sub-order; not the "
            "product in stock nor the one on a receipt for no one in particular",
        )
        self.assertSameAsOdoo(moves)
        none_move = first.move_raw_ids.filtered(lambda m: m.product_id == self.none)
        sub_move = first.move_raw_ids.filtered(lambda m: m.product_id == self.sub)
        self.assertEqual(known[none_move.id], (-4.0, False))
        self.assertEqual(known[sub_move.id], (2.0, first.child_ids.move_finished_ids.date))
        self.assertEqual(first.components_availability, "Not Available")
        self.assertEqual(first.components_availability_state, "unavailable")

    def test_receipts_bought_for_a_move(self):
        """Receipts bought for one move feed it in Odoo's order (priority, then date);
        one that does not cover it, or that is bought for several moves, leaves the move to
        Odoo's report."""
        product = self.create_product("Forecast bought to order")
        other = self.create_product("Forecast bought for two")
        short = self.create_product("Forecast bought short")
        top = self.create_product("Forecast top bought")
        self.create_bom(top, [(product, 4), (other, 1), (short, 3)])
        production = self.create_mo(top, 1)
        second = self.create_mo(top, 1)
        move = production.move_raw_ids.filtered(lambda m: m.product_id == product)
        self.receipt_for(product, 1, 5, move)
        early = self.receipt_for(product, 5, 2, move)
        shared = (production | second).move_raw_ids.filtered(lambda m: m.product_id == other)
        self.receipt_for(other, 2, 3, shared)
        short_move = production.move_raw_ids.filtered(lambda m: m.product_id == short)
        self.receipt_for(short, 1, 1, short_move)
        moves = (production | second).move_raw_ids
        known = moves._get_forecast_from_chain(self.warehouse)
        self.assertEqual(known[move.id], (4.0, early.date))
        self.assertFalse(set(known) & set((shared | short_move).ids))
        self.assertSameAsOdoo(moves)

    def test_reserved_or_internal_moves_left_to_odoo(self):
        """A move reserved up its chain, or one that does not leave the warehouse, is
        forecast by Odoo's report; the figures stay Odoo's."""
        production = self.create_mo(self.top, 1)
        self.env["stock.quant"]._update_available_quantity(
            self.none, self.warehouse.lot_stock_id, 1
        )
        production.action_assign()  # 1 of the 2 "nothing anywhere" units: partially available
        shelf = self.env["stock.location"].create(
            {"name": "Forecast shelf", "location_id": self.warehouse.lot_stock_id.id}
        )
        internal = self.env["stock.move"].create(
            {
                "name": "to the shelf",
                "product_id": self.elsewhere.id,
                "product_uom_qty": 2,
                "product_uom": self.elsewhere.uom_id.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": shelf.id,
            }
        )
        internal._action_confirm()
        moves = self.open_moves()
        self.assertIn(internal, moves)
        known = moves.browse(moves._get_forecast_from_chain(self.warehouse))
        self.assertNotIn(internal, known)
        self.assertFalse(known.filtered(lambda m: m.product_id == self.none))
        self.assertSameAsOdoo(moves)

    def test_zero_and_rounded_demand(self):
        """A demand that rounds to nothing has no forecast line in Odoo's report: (0, no
        date), as there."""
        production = self.create_mo(self.top, 1)
        move = production.move_raw_ids.filtered(lambda m: m.product_id == self.none)
        move.product_uom_qty = 0.0001  # below the unit's rounding
        self.assertSameAsOdoo(self.open_moves())
