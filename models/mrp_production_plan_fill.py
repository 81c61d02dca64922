# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Filling a production plan from sales: what confirmed sales lines still need once their
orders, deliveries, reservations, free stock and other plans are counted, added as lines
(at once, or in the background above the company's threshold)."""

from odoo import models
from odoo.tools import float_round


class MrpProductionPlan(models.Model):
    _inherit = "mrp.production.plan"

    def action_fill_from_sales(self):
        self.ensure_one()
        self._check_state(("draft", "confirmed", "progress"))
        return self.env["mrp.production.plan.fill"]._get_action(plan_id=self.id)

    def _get_sales_demand(self, date_to=False, partners=None):
        """What confirmed sales order lines of manufactured products still need, in the
        product's unit, with the BoM to make it, by line: their ordered quantity less what their
        manufacturing orders cover and what is delivered or reserved for them from stock, less
        what plans not converted yet hold for them; then the free stock and what open
        plans hold for no sales line in particular are shared out in order of commitment."""
        self.ensure_one()
        sale_lines, boms = self._get_open_sale_lines(date_to, partners)
        supply = self._get_free_supply(sale_lines.product_id)
        return self._get_demand_of(sale_lines, boms, supply)

    def _get_demand_of(self, sale_lines, boms, supply):
        """The demand (see ``_get_sales_demand``) of ``sale_lines``, in order of commitment,
        made with ``boms``; ``supply`` (by product) is shared out among them and reduced."""
        planned = self._get_planned_by_sale_line(sale_lines)
        demand = {}
        for line in sale_lines:
            product = line.product_id
            need = line._get_qty_uncovered() - planned[line]
            supplied = min(max(need, 0.0), supply[product])
            supply[product] -= supplied
            need = float_round(need - supplied, precision_rounding=product.uom_id.rounding)
            if need > 0:
                demand[line] = (need, boms[line])
        return demand

    def _get_open_sale_lines(self, date_to, partners):
        """Confirmed sales lines of this plan's company (of ``partners``, due by ``date_to``)
        of products that are manufactured, in order of commitment, with their BoMs."""
        domain = [
            ("order_id.state", "=", "sale"),
            ("company_id", "=", self.company_id.id),
            ("display_type", "=", False),
            ("product_id.type", "=", "consu"),
        ]
        if partners:
            domain.append(("order_partner_id", "child_of", partners.ids))
        sale_lines = self.env["sale.order.line"].search(domain)
        boms = dict(zip(sale_lines, sale_lines._get_boms(), strict=True))
        sale_lines = sale_lines.filtered(
            lambda line: (
                boms[line] and (not date_to or line._get_date_commitment().date() <= date_to)
            )
        ).sorted(lambda line: line._get_date_commitment())
        return sale_lines, boms

    def _get_planned_by_sale_line(self, sale_lines):
        """What plan lines not converted yet hold for each of ``sale_lines``."""
        planned = dict.fromkeys(sale_lines, 0.0)
        for line, uom, qty in self.env["mrp.production.plan.line"]._read_group(
            [
                ("sale_line_id", "in", sale_lines.ids),
                ("plan_id.state", "!=", "cancel"),
                ("production_ids", "=", False),
            ],
            ["sale_line_id", "product_uom_id"],
            ["product_qty:sum"],
        ):
            planned[line] += uom._compute_quantity(qty, line.product_id.uom_id, round=False)
        return planned

    def _get_free_supply(self, products):
        """Free stock of ``products`` and what open plans hold for no sales line."""
        supply = {
            product: max(product.free_qty, 0.0)
            for product in products.with_company(self.company_id)
        }
        for product, uom, qty in self.env["mrp.production.plan.line"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("sale_line_id", "=", False),
                ("plan_id.state", "in", ("draft", "confirmed", "progress")),
            ],
            ["product_id", "product_uom_id"],
            ["product_qty:sum"],
        ):
            supply[product] += uom._compute_quantity(qty, product.uom_id, round=False)
        return supply

    def _get_starts_from_sales(self, groups, demand):
        """When the order of each group of sales lines starts: its would-be tree planned
        backward from the earliest promised date, less the security lead times, on the work
        centers' calendars and load (forward from now where that date cannot be kept),
        the groups together in order of promised date."""
        schedule = self.env["mrp.production.schedule"]
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        demands = []
        for members in groups:
            first = members[0][0]
            demands.append(
                {
                    "product": first.product_id,
                    "qty": sum(qty for _line, qty in members),
                    "bom": demand[first][1],
                    "company": self.company_id,
                    "warehouse": warehouse,
                    "name": ", ".join(line.order_id.name for line, _qty in members),
                    "deadline": min(line._get_date_commitment() for line, _qty in members),
                    "lead": schedule._get_sale_lead(self.company_id),
                }
            )
        trees = schedule.with_company(self.company_id)._prepare_bom_trees(demands)
        schedule.with_company(self.company_id)._schedule(trees, "backward")
        return [tree.root.start for tree in trees]

    def _fill_from_sales(self, grouping="line", date_to=False, partners=None):
        """Add lines for the uncovered sales demand: one per sales order line, or one per
        product (and customization) with the earliest date."""
        self.ensure_one()
        self._check_state(("draft", "confirmed", "progress"))
        return self._create_fill_lines(self._get_sales_demand(date_to, partners), grouping)

    def _action_fill_from_sales(self, grouping="line", date_to=False, partners=None):
        """Fill from sales now, or in the background when the open sales lines are many.
        Return the action for the user."""
        self.ensure_one()
        self._check_state(("draft", "confirmed", "progress"))
        sale_lines, boms = self._get_open_sale_lines(date_to, partners)
        supply = self._get_free_supply(sale_lines.product_id)
        job = self._queue_background_job(
            "plan_fill",
            sale_lines.ids,
            payload={
                "grouping": grouping,
                "supply": {str(product.id): qty for product, qty in supply.items()},
                "demand": [],
                "created": 0,
            },
            name=self.env._("Fill %s from sales", self.name),
        )
        if job:
            return job._get_queued_notification()
        self._create_fill_lines(self._get_demand_of(sale_lines, boms, supply), grouping)
        return True

    def _background_plan_fill(self, job, sale_line_ids):
        """A batch of a fill in the background: the demand of these sales lines, with the
        free stock left by the batches before; lines per sales line are added at once,
        lines per product when the last batch is done."""
        sale_lines = self.env["sale.order.line"].browse(sale_line_ids).exists()
        payload = job.payload
        boms = dict(zip(sale_lines, sale_lines._get_boms(), strict=True))
        products = self.env["product.product"].browse(int(key) for key in payload["supply"])
        supply = {product: payload["supply"][str(product.id)] for product in products}
        demand = self._get_demand_of(sale_lines, boms, supply)
        payload = {**payload, "supply": {str(p.id): qty for p, qty in supply.items()}}
        if payload["grouping"] == "line":
            lines = self._create_fill_lines(demand, "line", post=False)
            payload["created"] += len(lines)
        else:
            payload["demand"] = payload["demand"] + [
                [line.id, qty, bom.id] for line, (qty, bom) in demand.items()
            ]
        job.payload = payload

    def _background_plan_fill_end(self, job):
        payload = job.payload
        count = payload["created"]
        if payload["grouping"] != "line":
            sale_lines = self.env["sale.order.line"].browse(row[0] for row in payload["demand"])
            boms = self.env["mrp.bom"].browse(row[2] for row in payload["demand"])
            demand = {
                line: (row[1], bom)
                for line, bom, row in zip(sale_lines, boms, payload["demand"], strict=True)
            }
            count = len(self._create_fill_lines(demand, payload["grouping"], post=False))
        return self.env._("%(count)s line(s) added from sales demand.", count=count)

    def _create_fill_lines(self, demand, grouping, post=True):
        """Lines for ``demand`` (see ``_get_sales_demand``): one per sales order line, or one
        per product (and customization) with the earliest date."""
        groups = {}
        for sale_line, (qty, bom) in demand.items():
            key = sale_line if grouping == "line" else (sale_line.product_id, bom)
            groups.setdefault(key, []).append((sale_line, qty))
        starts = self._get_starts_from_sales(groups.values(), demand)
        vals_list = []
        for members, date_planned in zip(groups.values(), starts, strict=True):
            first = members[0][0]
            bom = demand[first][1]
            total = sum(qty for _line, qty in members)
            partners_of = {line.order_id.partner_id.commercial_partner_id for line, _qty in members}
            vals_list.append(
                {
                    "plan_id": self.id,
                    "product_id": first.product_id.id,
                    "product_qty": total,
                    "product_uom_id": first.product_id.uom_id.id,
                    "date_planned": date_planned,
                    "partner_id": partners_of.pop().id if len(partners_of) == 1 else False,
                    "sale_line_id": first.id if grouping == "line" else False,
                    "bom_id": bom.is_customization and bom.id,
                    "note": ", ".join(line.order_id.name for line, _qty in members),
                }
            )
        lines = self.env["mrp.production.plan.line"].create(vals_list)
        if post:
            self.message_post(
                body=self.env._("%(count)s line(s) added from sales demand.", count=len(lines))
            )
        return lines
