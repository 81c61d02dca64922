# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

PLAN_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("progress", "In Progress"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]


class MrpProductionPlan(models.Model):
    _name = "mrp.production.plan"
    _description = "Production Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "mrp.production.background.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: "/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Planner", default=lambda self: self.env.user, tracking=True
    )
    date_start = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="To", tracking=True)
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    line_ids = fields.One2many("mrp.production.plan.line", "plan_id", string="Lines", copy=True)
    note = fields.Html()
    production_ids = fields.One2many(
        "mrp.production", "plan_id", string="Manufacturing Orders", readonly=True
    )
    production_count = fields.Integer(compute="_compute_progress")
    line_count = fields.Integer(string="Lines Count", compute="_compute_progress")
    converted_line_count = fields.Integer(string="Converted Lines", compute="_compute_progress")
    progress = fields.Float(
        string="Produced (%)",
        compute="_compute_progress",
        help="Produced quantity over planned quantity, over all lines.",
    )
    has_past_dates = fields.Boolean(compute="_compute_has_past_dates")

    _sql_constraints = [
        (
            "date_check",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A production plan cannot end before it starts.",
        ),
    ]

    @api.depends("line_ids.production_ids.state", "line_ids.product_qty")
    def _compute_progress(self):
        for plan in self:
            lines = plan.line_ids
            planned = sum(lines.mapped("product_qty"))
            plan.production_count = len(plan.production_ids)
            plan.line_count = len(lines)
            plan.converted_line_count = len(lines.filtered("production_ids"))
            plan.progress = planned and 100.0 * sum(lines.mapped("qty_produced")) / planned

    @api.depends("line_ids.date_planned", "state")
    def _compute_has_past_dates(self):
        now = fields.Datetime.now()
        for plan in self:
            plan.has_past_dates = plan.state in ("draft", "confirmed") and any(
                line.date_planned < now for line in plan.line_ids if not line.production_ids
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("mrp.production.plan") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_converted(self):
        self._check_background_free()
        if self.line_ids.production_ids:
            raise UserError(
                self.env._(
                    "Production plans that created manufacturing orders cannot be deleted; "
                    "cancel them instead."
                )
            )

    def action_confirm(self):
        self._check_state(("draft",))
        self.line_ids._check_convertible()
        self.state = "confirmed"
        return True

    def action_fill_from_sales(self):
        self.ensure_one()
        self._check_state(("draft", "confirmed", "progress"))
        return self.env["mrp.production.plan.fill"]._get_action(plan_id=self.id)

    def action_convert(self):
        """Create the manufacturing orders of every line not converted yet; refused as a
        whole when a line cannot be converted."""
        return self._convert(self.line_ids)

    def action_convert_valid(self):
        """Create the manufacturing orders of the lines that can be converted; the others
        stay as they are and are listed."""
        lines = self.line_ids.filtered(lambda line: not line.production_ids)
        invalid = lines._get_invalid_lines()
        return self._convert(lines - invalid, skipped=invalid)

    def _convert(self, lines, skipped=None):
        self._check_state(("draft", "confirmed", "progress"))
        lines = lines.filtered(lambda line: not line.production_ids)
        lines._check_convertible()
        queued = self.env["mrp.production.background.job"]
        for plan in self:
            plan_lines = lines.filtered(lambda line, plan=plan: line.plan_id == plan)
            job = plan._queue_background_job(
                "plan_convert",
                plan_lines.ids,
                payload={
                    "skipped": (skipped or lines.browse())
                    .filtered(lambda line, plan=plan: line.plan_id == plan)
                    .ids
                },
                name=self.env._("Convert %s", plan.name),
            )
            if job:
                queued |= job
                lines -= plan_lines
        if queued and not lines:
            return queued[0]._get_queued_notification()
        lines, covered = lines._keep_uncovered_sales_demand()
        productions = lines._create_productions()
        self.filtered(lambda plan: plan.line_ids.production_ids).state = "progress"
        if productions:
            message = self.env._(
                "%(count)s manufacturing order(s) created.", count=len(productions)
            )
        elif covered:
            message = self.env._("No manufacturing order was created.")
        else:
            message = self.env._("Every line already has its manufacturing orders.")
        if covered:
            message += " " + " ".join(covered)
            for plan in self:
                plan.message_post(body=" ".join(covered))
        if skipped:
            message += " " + self.env._(
                "Left for later: %(lines)s.", lines=", ".join(skipped.mapped("display_name"))
            )
        if queued:
            message += " " + self.env._(
                "In the background: %(jobs)s.", jobs=", ".join(queued.mapped("name"))
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if productions else "info",
                "sticky": bool(skipped or covered),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _background_plan_convert(self, job, line_ids):
        """A batch of a conversion in the background: the lines of ``line_ids`` not
        converted yet (a line's orders and the line are committed together)."""
        lines = (
            self.env["mrp.production.plan.line"]
            .browse(line_ids)
            .exists()
            .filtered(lambda line: line.plan_id == self and not line.production_ids)
        )
        lines, covered = lines._keep_uncovered_sales_demand()
        productions = lines._create_productions()
        if productions and self.state != "progress":
            self.state = "progress"
        payload = job.payload or {}
        job.payload = {
            **payload,
            "created": payload.get("created", 0) + len(productions),
            "covered": payload.get("covered", []) + covered,
        }

    def _background_plan_convert_end(self, job):
        """The conversion's summary, as the immediate one tells it."""
        payload = job.payload or {}
        parts = [
            self.env._(
                "%(plan)s: %(count)s manufacturing order(s) created in the background.",
                plan=self.name,
                count=payload.get("created", 0),
            )
        ]
        parts += payload.get("covered", [])
        skipped = self.env["mrp.production.plan.line"].browse(payload.get("skipped", [])).exists()
        if skipped:
            parts.append(
                self.env._(
                    "Left for later: %(lines)s.", lines=", ".join(skipped.mapped("display_name"))
                )
            )
        return " ".join(parts)

    def _get_background_unit_model(self, kind):
        if kind in ("plan_convert",):
            return "mrp.production.plan.line"
        if kind == "plan_fill":
            return "sale.order.line"
        return super()._get_background_unit_model(kind)

    def action_done(self):
        self._check_state(("progress",))
        self.state = "done"
        return True

    def action_cancel(self):
        self._check_state(("draft", "confirmed", "progress"))
        started = self.production_ids.filtered(lambda p: p.state not in ("draft", "cancel"))
        if started:
            raise UserError(
                self.env._(
                    "Cancel or close the manufacturing orders of the plan first: %s.",
                    ", ".join(started.mapped("name")),
                )
            )
        self.state = "cancel"
        return True

    def action_draft(self):
        self._check_state(("cancel",))
        self.state = "draft"
        return True

    def action_view_requirements(self):
        self.ensure_one()
        productions = self.production_ids._get_with_descendants()
        rows = self.env["mrp.production.requirement"]._compute_for(productions)
        return rows._get_action(self.env._("Requirements of %s", self.name))

    def action_view_productions(self):
        self.ensure_one()
        return self.production_ids._get_list_action(self.env._("Orders of %s", self.name))

    def _check_state(self, states):
        self.env["mrp.production"]._check_mpm_user()
        self._check_background_free()
        refused = self.filtered(lambda plan: plan.state not in states)
        if refused:
            raise UserError(
                self.env._(
                    "This cannot be done on %(plans)s in its current state (%(state)s).",
                    plans=", ".join(refused.mapped("name")),
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        refused[0].state
                    ],
                )
            )

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


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    plan_line_id = fields.Many2one(
        "mrp.production.plan.line",
        string="Production Plan Line",
        readonly=True,
        index="btree_not_null",
        help="The line of the production plan this order was created for; its parts, "
        "backorders and reopened orders keep it.",
    )
    plan_id = fields.Many2one(
        related="plan_line_id.plan_id", string="Production Plan", store=True, index="btree_not_null"
    )
