# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError

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
