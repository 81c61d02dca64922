# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Promise date of a sales line: the earliest date it can be delivered, from the tree that
confirming it would create (its customization's BoM when it has one), planned forward on the
work centers as they are loaded now and on the components' free stock and arrivals, plus the
security lead times; computed without creating or changing any record."""

from datetime import timedelta

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    date_promise = fields.Datetime(
        string="Promise Date",
        compute="_compute_date_promise",
        store=True,
        readonly=False,
        copy=False,
        help="The earliest date this line can be delivered, from its materials and the "
        "work centers' load when 'Promise Date' was pressed.",
    )
    promise_explanation = fields.Char(
        compute="_compute_date_promise",
        store=True,
        readonly=False,
        copy=False,
        help="What the promise date waits for: the critical path of the orders the line "
        "would need, the components' arrivals, the security lead times.",
    )

    @api.depends("product_id", "product_uom_qty", "product_uom", "customization_id")
    def _compute_date_promise(self):
        """A changed line has no promise until it is asked for again."""
        self.date_promise = False
        self.promise_explanation = False

    def action_compute_promise(self):
        """Promise Date of these lines, planned together; only the promise is written."""
        for line, (date, explanation) in self._get_promises().items():
            line.write({"date_promise": date, "promise_explanation": explanation})
        return True

    def _get_promises(self, now=None):
        """The promise date of each of these lines of goods, with its explanation in one
        line: their would-be trees planned forward together from ``now`` (each line sees
        the load the previous ones add). Reads only: nothing is created or written."""
        lines = self.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        )
        now = (now or fields.Datetime.now()).replace(microsecond=0)
        promises = {}
        for company in lines.company_id:
            # the planning reads work centers, stock and vendors a salesperson may not read
            company_lines = lines.filtered(lambda line, c=company: line.company_id == c)
            company_lines = company_lines.with_company(company).sudo()
            schedule = self.env["mrp.production.schedule"].with_company(company).sudo()
            boms = company_lines._get_boms()
            trees = schedule._prepare_bom_trees(
                [
                    line._prepare_promise_demand(bom)
                    for line, bom in zip(company_lines, boms, strict=True)
                ]
            )
            schedule._schedule(trees, "forward", now=now)
            for line, bom, tree in zip(company_lines, boms, trees, strict=True):
                promises[line.sudo(False)] = line._get_promise_from(tree, bool(bom), now)
        return promises

    def _prepare_promise_demand(self, bom):
        """What this line would have manufactured (see ``action_create_production``), or
        delivered from stock and purchases when it is not manufactured."""
        self.ensure_one()
        qty = self._get_qty_to_produce() if bom else self._get_qty_ordered()
        return {
            "product": self.product_id,
            "qty": max(qty, 0.0),
            "bom": bom,
            "company": self.company_id,
            "warehouse": self.order_id.warehouse_id,
            "name": self.product_id.display_name,
        }

    def _get_promise_from(self, tree, manufactured, now):
        """(promise date, explanation) of this line from its planned would-be ``tree``:
        its end plus the security lead times, never before the line's own lead time."""
        self.ensure_one()
        schedule = self.env["mrp.production.schedule"]
        company = self.company_id
        lead = (
            schedule._get_sale_lead(company)
            if manufactured
            else timedelta(days=company.security_lead)
        )
        date = tree.finish + lead
        finish = schedule._format_date(tree.finish)
        if manufactured:
            parts = [
                self.env._(
                    "Ready %(date)s (critical path: %(path)s).",
                    date=finish,
                    path=schedule._describe_path(tree),
                )
            ]
        elif tree.path:
            parts = [
                self.env._(
                    "Not manufactured: ready %(date)s, %(waits)s.",
                    date=finish,
                    waits="; ".join(tree.path),
                )
            ]
        else:
            parts = [self.env._("Not manufactured: in stock.")]
        if lead:
            parts.append(
                self.env._(
                    "Plus %(lead)s of security lead time.", lead=schedule._format_delta(lead)
                )
            )
        floor = now + timedelta(days=self.customer_lead)
        if floor > date:
            date = floor
            parts.append(
                self.env._(
                    "Not before the line's lead time of %(days)s day(s).",
                    days=self.customer_lead,
                )
            )
        parts += [note.replace("\n", " ") for note in tree.notes]
        return date, " ".join(parts)
