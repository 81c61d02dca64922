# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class MrpProductionRequirement(models.TransientModel):
    """Components (and sub-assemblies) that a selection of manufacturing orders needs, one
    row per product and warehouse, computed with a few grouped queries whatever the size of
    the selection."""

    _name = "mrp.production.requirement"
    _description = "Material requirements of manufacturing orders"
    _order = "is_short desc, date_covered, product_id"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", string="Component", readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    production_count = fields.Integer(
        string="Orders", readonly=True, help="Manufacturing orders of the selection that need it."
    )
    qty_required = fields.Float(string="Required", readonly=True, digits="Product Unit of Measure")
    qty_consumed = fields.Float(string="Consumed", readonly=True, digits="Product Unit of Measure")
    qty_reserved = fields.Float(string="Reserved", readonly=True, digits="Product Unit of Measure")
    qty_to_reserve = fields.Float(
        string="Still Needed",
        readonly=True,
        digits="Product Unit of Measure",
        help="Required, less consumed and reserved.",
    )
    qty_free = fields.Float(
        string="Free on Hand",
        readonly=True,
        digits="Product Unit of Measure",
        help="On hand in the warehouse and not reserved.",
    )
    qty_incoming = fields.Float(
        string="Incoming",
        readonly=True,
        digits="Product Unit of Measure",
        help="Expected in the warehouse: receipts and manufacturing orders not done yet.",
    )
    qty_supplied = fields.Float(
        string="From Sub-orders",
        readonly=True,
        digits="Product Unit of Measure",
        help="Made for these orders by their own open sub-orders (pegged to them): not short, "
        "covered when those sub-orders end.",
    )
    qty_forecast = fields.Float(
        string="Forecast", readonly=True, digits="Product Unit of Measure",
        help="Free on hand plus incoming.",
    )  # fmt: skip
    qty_short = fields.Float(
        string="Short",
        readonly=True,
        digits="Product Unit of Measure",
        help="What neither the orders' own sub-orders nor free stock cover of what is still "
        "needed.",
    )
    is_short = fields.Boolean(string="Shortage", readonly=True)
    date_covered = fields.Date(
        string="Covered On",
        readonly=True,
        help="The day (in your time zone) by which the sub-orders making it end and incoming "
        "receipts and other manufacturing orders cover the shortage; empty when they never do.",
    )

    @api.model
    def _compute_for(self, productions):
        """Rows of the requirements of ``productions`` (cancelled ones do not count)."""
        productions = productions.filtered(lambda p: p.state != "cancel")
        if len(productions.company_id) > 1:
            raise UserError(
                self.env._(
                    "Requirements are computed for the orders of one company at a time; the "
                    "selection has orders of %s.",
                    ", ".join(productions.company_id.mapped("name")),
                )
            )
        rows = defaultdict(lambda: defaultdict(float))
        orders = defaultdict(set)
        for product, uom, warehouse, state, production, qty, quantity in self.env[
            "stock.move"
        ]._read_group(
            [
                ("raw_material_production_id", "in", productions.ids),
                ("state", "!=", "cancel"),
            ],
            ["product_id", "product_uom", "warehouse_id", "state", "raw_material_production_id"],
            ["product_qty:sum", "quantity:sum"],
        ):
            row = rows[product, warehouse]
            row["required"] += qty
            moved = uom._compute_quantity(quantity, product.uom_id, round=False)
            row["consumed" if state == "done" else "reserved"] += moved
            orders[product, warehouse].add(production.id)
        products = self.env["product.product"].union(*(key[0] for key in rows))
        free = self._get_free_quantities(products)
        pegged = self.env["stock.move"].search(
            [
                ("production_id", "in", productions.ids),
                ("state", "not in", ("done", "cancel")),
                ("move_dest_ids.raw_material_production_id", "in", productions.ids),
            ]
        )
        supplied = self._get_supplies(pegged)
        incoming = self._get_incoming_moves(products, pegged)
        vals_list = []
        for (product, warehouse), row in rows.items():
            rounding = product.uom_id.rounding
            to_reserve = max(row["required"] - row["consumed"] - row["reserved"], 0.0)
            supply_qty, supply_date = supplied.get((product, warehouse), (0.0, False))
            supply_qty = min(supply_qty, to_reserve)
            on_hand = free.get((product, warehouse), 0.0)
            short = max(to_reserve - supply_qty - on_hand, 0.0)
            arrivals = incoming.get((product, warehouse), [])
            is_short = not float_is_zero(short, precision_rounding=rounding)
            covered = is_short and self._get_date_covered(short, arrivals, rounding)
            if supply_qty and (covered or not is_short):
                covered = max(covered or supply_date, supply_date)
            vals_list.append(
                {
                    "product_id": product.id,
                    "warehouse_id": warehouse.id,
                    "company_id": productions.company_id.id,
                    "production_count": len(orders[product, warehouse]),
                    "qty_required": row["required"],
                    "qty_consumed": row["consumed"],
                    "qty_reserved": row["reserved"],
                    "qty_to_reserve": to_reserve,
                    "qty_free": on_hand,
                    "qty_incoming": sum(qty for _date, qty in arrivals),
                    "qty_supplied": supply_qty,
                    "qty_forecast": on_hand + supply_qty + sum(qty for _date, qty in arrivals),
                    "qty_short": short,
                    "is_short": is_short,
                    "date_covered": covered,
                }
            )
        return self.create(vals_list)

    @api.model
    def _get_free_quantities(self, products):
        """Free quantity (on hand, not reserved) by (product, warehouse), in product UoM."""
        free = defaultdict(float)
        for product, location, quantity, reserved in self.env["stock.quant"]._read_group(
            [("product_id", "in", products.ids), ("location_id.usage", "=", "internal")],
            ["product_id", "location_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        ):
            if location.warehouse_id:
                free[product, location.warehouse_id] += max(quantity - reserved, 0.0)
        return free

    def _get_user_day(self, value):
        """The day of the datetime ``value`` in the user's time zone."""
        return fields.Datetime.context_timestamp(self.with_context(tz=self._get_tz()), value).date()

    def _get_tz(self):
        return self.env.context.get("tz") or self.env.user.tz or "UTC"

    @api.model
    def _get_supplies(self, moves):
        """What the finished ``moves`` of sub-orders bring, by (product, warehouse): quantity
        in product UoM and the day the last of them ends."""
        supplies = {}
        for move in moves:
            key = (move.product_id, move.warehouse_id or move.location_dest_id.warehouse_id)
            day = self._get_user_day(move.date)
            qty, last = supplies.get(key, (0.0, day))
            supplies[key] = (qty + move.product_qty, max(last, day))
        return supplies

    @api.model
    def _get_incoming_moves(self, products, pegged):
        """Expected arrivals (day, quantity in product UoM) by (product, warehouse), by day
        in the user's time zone: receipts and the finished products of manufacturing orders
        not done yet, but for the ``pegged`` moves that sub-orders make for the selection."""
        incoming = defaultdict(list)
        moves = self.env["stock.move"].with_context(tz=self._get_tz())
        for product, location, date, qty in moves._read_group(
            [
                ("id", "not in", pegged.ids),
                ("product_id", "in", products.ids),
                ("state", "not in", ("draft", "done", "cancel")),
                ("location_dest_id.usage", "=", "internal"),
                ("location_id.usage", "not in", ("internal", "transit")),
            ],
            ["product_id", "location_dest_id", "date:day"],
            ["product_qty:sum"],
            order="date:day",
        ):
            if location.warehouse_id:
                incoming[product, location.warehouse_id].append((date, qty))
        return incoming

    @api.model
    def _get_date_covered(self, short, arrivals, rounding):
        """First arrival date by which the arrivals add up to ``short``."""
        arrived = 0.0
        for date, qty in arrivals:
            arrived += qty
            if float_compare(arrived, short, precision_rounding=rounding) >= 0:
                return date.date()
        return False

    def _get_action(self, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": self._name,
            "view_mode": "list,pivot",
            "domain": [("id", "in", self.ids)],
            "context": {"search_default_filter_short": 1 if self.filtered("is_short") else 0},
            "help": self.env._(
                "<p class='o_view_nocontent_smiling_face'>Nothing to produce needs material</p>"
                "<p>Requirements list what confirmed manufacturing orders and their sub-orders "
                "still need, what is short and when arrivals cover it.</p>"
            ),
        }

    def action_replenish(self):
        """Open Odoo's replenishment on the products short in these rows."""
        short = self.filtered("is_short").product_id
        if not short:
            raise UserError(self.env._("Nothing is short: there is nothing to replenish."))
        action = self.env["stock.warehouse.orderpoint"]._get_orderpoint_action()
        action["domain"] = [("product_id", "in", short.ids)]
        action["context"] = dict(self.env.context, search_default_filter_to_reorder=False)
        return action
