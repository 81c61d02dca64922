# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Long work in the background: work that can outgrow a request (Odoo's workers stop a
request after 60 s of CPU) runs as a job of Odoo's scheduled action, in batches, each
committed on its own with the job's progress, safe with several cron workers and restarts.

A job names the record it works for (``res_model``, ``res_id``; 0 for work on a model) and
the units still to do (``unit_ids``: plan lines, orders...). A batch takes the next units and
hands them to the record's ``_background_<kind>(job, unit_ids)``; the units leave the list in
the same transaction as their work, so a batch that never commits is done again, and one
that commits is never done twice. A unit that fails is retried alone and, when it fails
again, set aside with its error; the others go on. ``_background_<kind>_end(job)``, when the
record has it, runs after the last unit. To add a kind: add it to ``kind`` (``selection_add``)
and write those methods on the model; ``mrp.production.background.mixin`` queues a job;
``mrp_production_background_runner.py`` runs it."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .mrp_production import lock_rows

JOB_STATES = [
    ("progress", "In Progress"),
    ("done", "Done"),
    ("failed", "Done with Errors"),
    ("cancel", "Stopped"),
]


class MrpProductionBackgroundJob(models.Model):
    _name = "mrp.production.background.job"
    _description = "Background Job"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    kind = fields.Selection(
        [
            ("plan_convert", "Convert a production plan"),
            ("plan_fill", "Fill a production plan from sales"),
            ("tree_split", "Split an order tree"),
            ("tree_resize", "Change the quantity of an order tree"),
            ("tree_customize", "Customize the bill of materials of an order tree"),
            ("tree_adopt", "Adopt existing order trees"),
        ],
        required=True,
        readonly=True,
    )
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", readonly=True, index=True
    )
    record_name = fields.Char(string="For", compute="_compute_record_name")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda s: s.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Started By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        help="The job works with this user's rights and language and tells this user when it ends.",
    )
    state = fields.Selection(
        JOB_STATES,
        default="progress",
        required=True,
        readonly=True,
        index=True,
    )
    total = fields.Integer(readonly=True)
    done_count = fields.Integer(string="Done", readonly=True)
    failed_count = fields.Integer(string="Failed", compute="_compute_failed_count")
    progress = fields.Float(string="Progress (%)", compute="_compute_progress")
    unit_ids = fields.Json(string="Units to Do", readonly=True, copy=False)
    failed_units = fields.Json(
        readonly=True, copy=False, help="Units set aside, by id, with their error."
    )
    payload = fields.Json(readonly=True, copy=False)
    error = fields.Text(readonly=True, copy=False)
    batch_size = fields.Integer(
        readonly=True,
        default=lambda self: self._default_batch_size(),
        help="At most this many units in one batch (one transaction); a batch also stops "
        "when its time is up.",
    )
    attempt_count = fields.Integer(
        readonly=True,
        copy=False,
        help="Batches started on the current first unit that did not commit.",
    )
    is_dismissed = fields.Boolean(
        string="Dismissed", readonly=True, help="Its errors are no longer shown on the record."
    )
    summary = fields.Text(readonly=True, help="What the work did, told when it ends.")
    date_last_batch = fields.Datetime(string="Last Batch", readonly=True)
    date_done = fields.Datetime(string="Ended", readonly=True)

    _sql_constraints = [
        (
            "one_open_job_per_record",
            "EXCLUDE USING btree (res_model WITH =, res_id WITH =) WHERE (state = 'progress')",
            "Background work is already running for this record.",
        ),
    ]

    def _default_batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mrp_production_management.background_batch_size", 200)
        )

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for job in self:
            record = job._get_record()
            job.record_name = record.display_name if record else job.res_model

    @api.depends("failed_units")
    def _compute_failed_count(self):
        for job in self:
            job.failed_count = len(job.failed_units or {})

    @api.depends("total", "done_count")
    def _compute_progress(self):
        for job in self:
            job.progress = job.total and 100.0 * job.done_count / job.total

    def action_stop(self):
        """Stop the job after the batch running now; what its batches did stays."""
        self._lock_job()
        self.filtered(lambda job: job.state == "progress").write(
            {"state": "cancel", "date_done": fields.Datetime.now()}
        )
        return True

    def action_retry(self):
        """Take the units set aside again, once their cause is corrected."""
        for job in self.filtered(lambda job: job.state == "failed" and job.failed_units):
            job._get_record()._check_background_free()
            job.write(
                {
                    "state": "progress",
                    "unit_ids": [int(unit) for unit in job.failed_units] + (job.unit_ids or []),
                    "failed_units": {},
                    "error": False,
                    "attempt_count": 0,
                    "date_done": False,
                }
            )
            job._trigger_cron()
        return True

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _get_record(self):
        """The record this job works for, or the empty recordset of its model."""
        self.ensure_one()
        if self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id or ()).exists()

    def _lock_job(self):
        if not lock_rows(self, "NO KEY UPDATE"):
            raise UserError(
                self.env._(
                    "A batch of %(job)s is running right now; try again in a moment.",
                    job=", ".join(self.mapped("name")),
                )
            )

    def _trigger_cron(self):
        cron = self.env.ref(
            "mrp_production_management.ir_cron_background_jobs", raise_if_not_found=False
        )
        if cron:
            cron._trigger()

    def _get_queued_notification(self):
        """What the user who queued this job is told at once."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.name,
                "message": self.env._(
                    "This runs in the background (%(total)s to do). %(record)s shows its "
                    "progress and you will be notified when it ends.",
                    total=self.total,
                    record=self.record_name,
                ),
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
