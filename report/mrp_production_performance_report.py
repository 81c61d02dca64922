# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models, tools
from odoo.tools import SQL


class MrpProductionPerformanceReport(models.Model):
    """Planned, produced and closed quantity, lead time and lateness against the sales
    commitment of each manufacturing order, in the product's unit; cancelled orders count
    only when they were closed."""

    _name = "mrp.production.performance.report"
    _description = "Manufacturing Order Performance"
    _auto = False
    _order = "date_start desc, production_id desc"
    _rec_name = "production_id"
    _depends = {
        "mrp.production": [
            "company_id", "date_commitment", "date_finished", "date_start", "is_sale_late",
            "is_split_part", "parent_id", "partner_id", "product_id", "product_qty",
            "product_uom_id", "qty_closed", "sale_order_id", "state",
        ],
        "stock.move": ["product_id", "product_uom", "production_id", "quantity", "state"],
    }  # fmt: skip

    production_id = fields.Many2one("mrp.production", string="Manufacturing Order", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        lambda self: self.env["mrp.production"]._fields["state"].selection, readonly=True
    )
    date_created = fields.Datetime(string="Created On", readonly=True)
    date_start = fields.Datetime(string="Start", readonly=True)
    date_finished = fields.Datetime(string="End", readonly=True)
    is_sub_order = fields.Boolean(string="Sub-order", readonly=True)
    is_split_part = fields.Boolean(string="Split Part", readonly=True)
    is_sale_late = fields.Boolean(string="Late for Sales", readonly=True)
    qty_planned = fields.Float(string="Planned", readonly=True, digits="Product Unit of Measure")
    qty_produced = fields.Float(string="Produced", readonly=True, digits="Product Unit of Measure")
    qty_closed = fields.Float(string="Closed", readonly=True, digits="Product Unit of Measure")
    lead_time = fields.Float(
        string="Lead Time (Days)",
        readonly=True,
        aggregator="avg",
        help="From start to end of the orders that are done.",
    )
    delay = fields.Float(
        string="Delay to Sales Deadline (Days)",
        readonly=True,
        aggregator="avg",
        help="End of the order minus the date promised to the customer: above zero, late.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
            SELECT mo.id, mo.id AS production_id, mo.product_id, pt.uom_id AS product_uom_id,
                   mo.partner_id, mo.sale_order_id, mo.company_id, mo.state,
                   mo.create_date AS date_created, mo.date_start, mo.date_finished,
                   mo.parent_id IS NOT NULL AS is_sub_order,
                   COALESCE(mo.is_split_part, FALSE) AS is_split_part,
                   COALESCE(mo.is_sale_late, FALSE) AS is_sale_late,
                   mo.product_qty / mo_uom.factor * product_uom.factor AS qty_planned,
                   COALESCE(produced.quantity, 0) AS qty_produced,
                   COALESCE(mo.qty_closed, 0) / mo_uom.factor * product_uom.factor AS qty_closed,
                   CASE WHEN mo.state = 'done'
                        THEN EXTRACT(EPOCH FROM mo.date_finished - mo.date_start) / 86400
                   END AS lead_time,
                   EXTRACT(EPOCH FROM mo.date_finished - mo.date_commitment) / 86400 AS delay
              FROM mrp_production mo
              JOIN product_product pp ON pp.id = mo.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom mo_uom ON mo_uom.id = mo.product_uom_id
              JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
              LEFT JOIN (
                  SELECT m.production_id,
                         SUM(m.quantity / move_uom.factor * product_uom.factor) AS quantity
                    FROM stock_move m
                    JOIN mrp_production p ON p.id = m.production_id
                    JOIN product_product pp ON pp.id = m.product_id
                    JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    JOIN uom_uom move_uom ON move_uom.id = m.product_uom
                    JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
                   WHERE m.state = 'done' AND m.product_id = p.product_id
                   GROUP BY m.production_id
              ) produced ON produced.production_id = mo.id
             WHERE mo.state != 'cancel' OR mo.qty_closed > 0
            )
            """,
                SQL.identifier(self._table),
            )
        )
