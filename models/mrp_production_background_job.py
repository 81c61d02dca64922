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
and write those methods on the model; ``mrp.production.background.mixin`` queues a job."""

import logging
import time

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from .mrp_production import lock_rows

_logger = logging.getLogger(__name__)

# Odoo's cron runs a job's batches up to 10 times in a row before it lets other jobs run
# (ir_cron.MAX_BATCH_PER_CRON_JOB), all under one worker's CPU limit: a batch takes at most
# a twelfth of it.
BATCHES_PER_CRON_RUN = 12
# A job whose first unit was being processed when the worker died this many times in a row
# sets that unit aside rather than killing every worker that tries it.
MAX_ATTEMPTS = 3
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

    # The runner (the scheduled action)

    @api.model
    def _cron_run_background_jobs(self):
        """One batch of the job that waited longest; Odoo's cron calls this again at once
        while ``_notify_progress`` says that units remain."""
        job = self._acquire_next_job()
        done = job._run_batch() if job else 0
        self.env.cr.execute(
            "SELECT COALESCE(SUM(jsonb_array_length(unit_ids)), 0) FROM "
            "mrp_production_background_job WHERE state = 'progress' AND unit_ids IS NOT NULL"
        )
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if remaining:
            # Odoo runs ten batches in a row, then its cron worker sleeps until the next
            # poll unless woken up: a trigger wakes it (or another one) at once.
            self._trigger_cron()

    @api.model
    def _acquire_next_job(self, ids=None):
        """Lock the next job to run (among ``ids``), the one that waited longest; a job that
        another worker is running is skipped."""
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM mrp_production_background_job
                 WHERE state = 'progress' %s
                 ORDER BY date_last_batch NULLS FIRST, id
                 LIMIT 1
                   FOR NO KEY UPDATE SKIP LOCKED
                """,
                SQL("AND id IN %s", tuple(ids)) if ids else SQL(),
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else ()).sudo()

    def _get_batch_seconds(self):
        """A batch's share of what a cron worker may spend before Odoo stops it."""
        limits = [
            limit
            for limit in (
                config["limit_time_cpu"],
                config["limit_time_real_cron"]
                if config["limit_time_real_cron"] and config["limit_time_real_cron"] > 0
                else config["limit_time_real"],
            )
            if limit and limit > 0
        ]
        return min(limits or [60]) / BATCHES_PER_CRON_RUN

    def _run_batch(self):
        """Do the next units of this job in one transaction and commit it with the job's
        progress. Return how many units were done."""
        self.ensure_one()
        if self.attempt_count >= MAX_ATTEMPTS and self.unit_ids:
            self._set_aside(
                self.unit_ids[:1],
                self.env._(
                    "The server stopped %(count)s times while working on it (time or memory "
                    "limit): it is too large to be done in the background.",
                    count=self.attempt_count,
                ),
            )
            self.write({"unit_ids": self.unit_ids[1:], "attempt_count": 0})
        # Counted and committed first, so that a batch that kills its worker is counted.
        self.write(
            {"attempt_count": self.attempt_count + 1, "date_last_batch": fields.Datetime.now()}
        )
        # A cron's batches commit their work: that is what makes them batches.
        self.env.cr.commit()  # pylint: disable=invalid-commit
        if not self._acquire_next_job(self.ids):
            return 0  # another worker took it in between
        self.invalidate_recordset()
        deadline = time.monotonic() + self._get_batch_seconds()
        record = self._get_work_record()
        done, chunk = 0, min(5, self.batch_size)
        while self.state == "progress" and self.unit_ids and done < self.batch_size:
            units = self.unit_ids[: min(chunk, self.batch_size - done)]
            start = time.monotonic()
            done += self._run_units(record, units)
            now = time.monotonic()
            if now >= deadline:
                break
            per_unit = max((now - start) / len(units), 0.001)
            chunk = max(1, min(50, int((deadline - now) / per_unit)))
        vals = {"attempt_count": 0, "done_count": self.done_count + done}
        if not self.unit_ids and self.state == "progress":
            vals.update(self._finish(record))
        self.write(vals)
        self.env.cr.commit()  # pylint: disable=invalid-commit
        if self.state != "progress":
            self._notify_end()
        return done

    def _get_work_record(self):
        """The record, as the user who started the job, in its company and language."""
        user = self.user_id
        record = self._get_record()
        if record is None:
            raise UserError(self.env._("The model %s is not installed.", self.res_model))
        record = (
            record.with_user(user)
            .with_company(self.company_id)
            .with_context(lang=user.lang, mpm_background_job_id=self.id)
        )
        # queued by Odoo itself (the install hook): as Odoo
        return record.sudo() if user._is_superuser() else record

    def _run_units(self, record, units):
        """Run ``units`` in a savepoint; when they fail, each one again on its own, and set
        aside those that fail alone. Return how many were done."""
        handler = getattr(record, f"_background_{self.kind}")
        self.unit_ids = self.unit_ids[len(units) :]
        try:
            with self.env.cr.savepoint():
                handler(self, units)
            return len(units)
        except (psycopg2.errors.OperationalError, MemoryError):
            raise  # the batch is lost; the next one does it again
        except Exception as error:  # noqa: BLE001  # pylint: disable=broad-except
            if len(units) == 1:
                _logger.info("Background job %s: unit %s failed: %s", self.name, units, error)
                self._set_aside(units, self._get_error_message(error))
                return 0
        # which of them failed: each one alone, the others are done
        self.unit_ids = units + self.unit_ids
        return sum(self._run_units(record, [unit]) for unit in units)

    def _get_error_message(self, error):
        if isinstance(error, UserError):
            return error.args[0]
        return self.env._("Unexpected error: %s", error)

    def _set_aside(self, units, message):
        self.failed_units = {**(self.failed_units or {}), **{str(unit): message for unit in units}}

    def _finish(self, record):
        """After the last unit: the record's own end (its summary), then the job's state."""
        vals = {"date_done": fields.Datetime.now()}
        errors = []
        end = getattr(record, f"_background_{self.kind}_end", None)
        if end:
            try:
                with self.env.cr.savepoint():
                    vals["summary"] = end(self) or False
            except (psycopg2.errors.OperationalError, MemoryError):
                raise
            except Exception as error:  # noqa: BLE001  # pylint: disable=broad-except
                errors.append(f"{self.name}: {self._get_error_message(error)}")
        failed = self.failed_units or {}
        errors += [
            f"{name}: {message}" for name, message in self._get_failed_names(record, failed).items()
        ]
        vals["state"] = "failed" if errors else "done"
        vals["error"] = "\n".join(errors) or False
        return vals

    def _get_failed_names(self, record, failed):
        """The units set aside, by name, with their error."""
        units = self.env[record._get_background_unit_model(self.kind)].browse(
            int(unit) for unit in failed
        )
        names = {unit.id: unit.display_name for unit in units.exists()}
        return {names.get(int(unit), unit): message for unit, message in failed.items()}

    def _notify_end(self):
        """Tell the user who started it: on the record's chatter (their inbox) and at once
        in their browser when they are online."""
        self.ensure_one()
        user = self.user_id
        job = self.with_user(user).with_context(lang=user.lang)
        if self.state == "done":
            message = self.summary or job.env._(
                "%(job)s: done (%(count)s).", job=self.name, count=self.done_count
            )
        elif self.state == "failed":
            message = "\n".join(
                filter(
                    None,
                    [
                        self.summary,
                        job.env._(
                            "%(job)s: %(done)s done, %(failed)s set aside with errors:",
                            job=self.name,
                            done=self.done_count,
                            failed=self.failed_count,
                        ),
                        self.error,
                    ],
                )
            )
        else:
            return
        record = self._get_record()
        if record and hasattr(record, "message_post"):
            record.sudo().message_post(
                body=message,
                partner_ids=user.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        user._bus_send(
            "simple_notification",
            {
                "type": "success" if self.state == "done" else "warning",
                "title": self.name,
                "message": message,
                "sticky": self.state != "done",
            },
        )
