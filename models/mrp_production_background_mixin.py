# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The side of a record whose long work runs in the background (see
``mrp_production_background_job``)."""

from odoo import fields, models
from odoo.exceptions import UserError

from .mrp_production import lock_rows
from .mrp_production_background_job import JOB_STATES


class MrpProductionBackgroundMixin(models.AbstractModel):
    """A record whose long work can run in the background: it shows the job working for
    it (done / total, errors) and refuses a second run while one is in progress."""

    _name = "mrp.production.background.mixin"
    _description = "Record with background work"

    background_job_id = fields.Many2one(
        "mrp.production.background.job",
        string="Background Job",
        compute="_compute_background_job_id",
        help="The work running in the background for this record, or the last one that "
        "ended with errors.",
    )
    background_state = fields.Selection(
        JOB_STATES,
        string="Background",
        compute="_compute_background_job_id",
    )
    background_name = fields.Char(string="Background Work", compute="_compute_background_job_id")
    background_done = fields.Integer(string="Background Done", compute="_compute_background_job_id")
    background_total = fields.Integer(
        string="Background Total", compute="_compute_background_job_id"
    )
    background_error = fields.Text(string="Background Errors", compute="_compute_background_job_id")

    def _compute_background_job_id(self):
        keys = {record: record._get_background_key() for record in self}
        jobs = (
            self.env["mrp.production.background.job"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", [key for key in keys.values() if key]),
                    "|",
                    ("state", "=", "progress"),
                    "&",
                    ("state", "=", "failed"),
                    ("is_dismissed", "=", False),
                ],
                order="id desc",
            )
        )
        latest = {}
        for job in jobs:
            latest.setdefault(job.res_id, job)
        for record in self:
            job = latest.get(keys[record], jobs.browse())
            record.background_job_id = job
            record.background_state = job.state
            record.background_name = job.name
            record.background_done = job.done_count
            record.background_total = job.total
            record.background_error = job.error

    def _get_background_key(self):
        """The id of the record whose jobs this record shows and waits for."""
        self.ensure_one()
        return self.id

    def _get_background_unit_model(self, kind):
        """The model of the units of a job of ``kind`` on this model."""
        return self._name

    def _get_running_background_jobs(self):
        keys = [key for key in (record._get_background_key() for record in self) if key]
        if not keys:
            return self.env["mrp.production.background.job"]
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "in", keys),
            ("state", "=", "progress"),
        ]
        current = self.env.context.get("mpm_background_job_id")
        if current:
            domain.append(("id", "!=", current))
        return self.env["mrp.production.background.job"].sudo().search(domain)

    def _check_background_free(self):
        """Refuse to change these records while background work runs for them (the job's
        own batches aside)."""
        jobs = self._get_running_background_jobs()
        if jobs:
            job = jobs[0]
            raise UserError(
                self.env._(
                    "%(record)s is being worked on in the background (%(job)s: %(done)s of "
                    "%(total)s done). Wait until it ends; you will be notified.",
                    record=job.record_name,
                    job=job.name,
                    done=job.done_count,
                    total=job.total,
                )
            )

    def _queue_background_job(self, kind, units, size=None, payload=None, name=None):
        """Queue ``kind`` for this record (the empty recordset: for its model) when the work
        (``size``, else the number of ``units``) is above the company's threshold. Return the
        job, or an empty recordset when the work is small enough to be done now."""
        job_model = self.env["mrp.production.background.job"]
        self._check_background_free()
        if self.env.context.get("mpm_background_job_id"):
            return job_model  # work inside a job is done at once
        company = self.env.company if not self else self[:1].company_id or self.env.company
        threshold = company.mo_background_threshold
        if not units or threshold <= 0 or (len(units) if size is None else size) <= threshold:
            return job_model
        key = self._get_background_key() if self else 0
        self._lock_background_key(key)
        job = job_model.sudo().create(
            {
                "name": name
                or dict(job_model._fields["kind"]._description_selection(self.env))[kind],
                "kind": kind,
                "res_model": self._name,
                "res_id": key,
                "company_id": company.id,
                "user_id": self.env.user.id,
                "unit_ids": list(units),
                "total": len(units),
                "payload": payload or {},
            }
        )
        job._trigger_cron()
        return job

    def _lock_background_key(self, key):
        """Two users pressing the same button at the same moment: the second one waits for
        nothing and is told."""
        if not key:
            return
        if not lock_rows(self.browse(key), "NO KEY UPDATE"):
            raise UserError(
                self.env._(
                    "%(record)s is being changed by another user right now; try again in a moment.",
                    record=self.browse(key).display_name,
                )
            )

    def action_refresh_background(self):
        """The form shows the figures of the last batch committed."""
        return True

    def action_stop_background(self):
        self.check_access("write")
        jobs = self.background_job_id.sudo().filtered(lambda job: job.state == "progress")
        jobs.action_stop()
        return True

    def action_retry_background(self):
        self.check_access("write")
        self.background_job_id.sudo().action_retry()
        return True

    def action_dismiss_background(self):
        self.check_access("write")
        jobs = self.background_job_id.sudo().filtered(lambda job: job.state == "failed")
        jobs.is_dismissed = True
        return True
