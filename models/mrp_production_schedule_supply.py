# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""When the components a planned tree waits for can be there: free stock, expected
arrivals, vendors' lead times."""

from collections import defaultdict
from datetime import timedelta

from odoo.tools import float_compare, float_round


class Supply:
    """Free stock, expected arrivals and vendors of the products the trees wait for."""

    def __init__(self, planner, wanted, trees):
        self.planner = planner
        self.env = planner.env
        self.now = planner.now
        products = self.env["product.product"].union(*(product for product, _loc in wanted))
        locations = self.env["stock.location"].union(*(location for _p, location in wanted))
        own = self.env["mrp.production"].union(
            *(node.production for tree in trees for node in tree.root.walk() if node.production)
        )
        self.free = {}
        for location in locations:
            for product in products.with_context(location=location.id):
                self.free[product.id, location.id] = max(product.free_qty, 0.0)
        # what the trees themselves reserved goes back to the pool they share
        for move in own.move_raw_ids:
            if move.state not in ("done", "cancel") and move.quantity:
                key = (move.product_id.id, move.location_id.id)
                if key in self.free:
                    self.free[key] += move.product_uom._compute_quantity(
                        move.quantity, move.product_id.uom_id, round=False
                    )
        self.arrivals = defaultdict(list)  # (product, location): [date, qty, phrase]
        moves = self.env["stock.move"].search(
            [
                ("product_id", "in", products.ids),
                ("state", "not in", ("draft", "done", "cancel")),
                ("location_dest_id", "child_of", locations.ids),
                ("location_id.usage", "not in", ("internal", "transit")),
                ("production_id", "not in", own.ids),
            ],
            order="date, id",
        )
        for move in moves:
            for location in locations:
                if not move.location_dest_id.parent_path.startswith(location.parent_path):
                    continue
                self.arrivals[move.product_id.id, location.id].append(
                    [move.date, move.product_qty, move.reference or move.origin or ""]
                )
        self.vendors = {}
        for product in products:
            self.vendors[product.id] = product._prepare_sellers()[:1]

    def take(self, product, qty, location):
        """When ``qty`` of ``product`` can be at ``location``: (date, phrase)."""
        rounding = product.uom_id.rounding
        key = (product.id, location.id)
        free = self.free.get(key, 0.0)
        used = min(free, qty)
        self.free[key] = free - used
        qty -= used
        if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
            return None, None
        for arrival in self.arrivals[key]:
            if float_compare(arrival[1], 0.0, precision_rounding=rounding) <= 0:
                continue
            used = min(arrival[1], qty)
            arrival[1] -= used
            qty -= used
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                date = max(arrival[0], self.now)
                phrase = self.env._(
                    "%(product)s arrives %(date)s (%(reference)s)",
                    product=product.display_name,
                    date=self.planner.schedule._format_date(date),
                    reference=arrival[2],
                )
                return (date, phrase), None
        vendor = self.vendors[product.id]
        if vendor:
            date = self.now + timedelta(days=vendor.delay)
            phrase = self.env._(
                "%(product)s from %(vendor)s in %(days)s day(s) (%(date)s)",
                product=product.display_name,
                vendor=vendor.partner_id.name,
                days=vendor.delay,
                date=self.planner.schedule._format_date(date),
            )
            return (date, phrase), None
        note = self.env._(
            "%(product)s: %(qty)s %(uom)s short and no vendor; counted as available now.",
            product=product.display_name,
            qty=self.env["mrp.production"]._format_qty(
                float_round(qty, precision_rounding=rounding)
            ),
            uom=product.uom_id.name,
        )
        return None, note
