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
        open orders. Moves whose figures the report would derive from their own chain
        alone are answered from it (``_get_forecast_from_chain``); the others go to
        Odoo's report."""
        known = self._get_forecast_from_chain(warehouse)
        others = self.filtered(lambda move: move.id not in known)
        result = (
            super(StockMove, others)._get_forecast_availability_outgoing(warehouse, location_id)
            if others
            else defaultdict(lambda: (0.0, False))
        )
        for move in self - others:
            result[move] = known[move.id]
        return result

    def _get_forecast_from_chain(self, warehouse):
        """{move id: (quantity, date)} as Odoo's forecast report gives them, for those of
        these moves leaving ``warehouse`` whose figures depend on no other move: waiting,
        of a product with no stock in the warehouse, nothing reserved up their chain of
        origins, and either fed by incoming moves of their own (a sub-order's output, moves
        whose destinations reach no other outgoing move of the product) that cover their
        demand, or fed by nothing while nothing at all comes in. The report's first pass
        gives each such move its own incoming moves in its order (priority, date); its
        second pass, where moves share what is left, never reaches them."""
        view = warehouse.view_location_id
        locations = set(self.env["stock.location"].search([("id", "child_of", view.id)]).ids)

        def is_out(move):  # the report's _move_confirmed_domain
            return (
                move.state in OPEN_STATES
                and move.product_uom_qty != 0
                and move.location_id.id in locations
                and (
                    move.location_dest_id.id not in locations
                    or (move.location_final_id and move.location_final_id.id not in locations)
                )
            )

        def is_in(move):
            return (
                move.state in OPEN_STATES
                and move.product_uom_qty != 0
                and move.location_id.id not in locations
                and move.location_dest_id.id in locations
            )

        moves = self.filtered(lambda m: m.state in ("waiting", "confirmed") and is_out(m))
        if not moves:
            return {}
        products = moves.product_id
        stocked = {
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
        incoming = {
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
        moves = moves.filtered(lambda m: m.product_id.id not in stocked)
        moves._rollup_move_origs_fetch()
        chains = {move: self.browse(move._rollup_move_origs()) for move in moves}
        fields = ["state", "product_id", "product_uom_qty", "product_qty", "date", "priority"]
        fields += ["location_id", "location_dest_id", "location_final_id"]
        self.union(*chains.values()).fetch(fields)
        feeding = {
            move: chain.filtered(lambda m, move=move: m.product_id == move.product_id and is_in(m))
            for move, chain in chains.items()
        }
        all_feeding = self.union(*feeding.values())
        all_feeding._rollup_move_dests_fetch()
        reached = self.browse(all_feeding._rollup_move_dests())
        reached.fetch(fields)
        result = {}
        for move in moves:
            product, rounding = move.product_id, move.product_id.uom_id.rounding
            fed_by = feeding[move]
            if any(m.state in ("partially_available", "assigned") for m in chains[move] - fed_by):
                continue
            if not fed_by:
                if product.id not in incoming:
                    demand = float_round(move.product_qty, precision_rounding=rounding)
                    result[move.id] = (-demand if demand else 0.0, False)
                continue
            if any(
                m != move and m.product_id == product and is_out(m)
                for m in reached.browse(fed_by._rollup_move_dests())
            ):
                continue  # an incoming move shared with other outgoing moves
            demand, qty, date = move.product_qty, 0.0, False
            for incoming_move in fed_by.sorted(lambda m: (m.date, m.id)).sorted(
                "priority", reverse=True
            ):
                if float_is_zero(demand, precision_rounding=rounding):
                    break
                if float_is_zero(incoming_move.product_qty, precision_rounding=rounding):
                    continue
                taken = min(demand, incoming_move.product_qty)
                demand -= taken
                line = float_round(taken, precision_rounding=rounding)
                if line:
                    qty += line
                    date = max(incoming_move.date, date) if date else incoming_move.date
            if float_is_zero(demand, precision_rounding=rounding):
                result[move.id] = (qty, date)
        return result
