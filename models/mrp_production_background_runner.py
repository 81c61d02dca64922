# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The runner of background jobs (the scheduled action): acquire the job that waited longest,
run one batch of its units under a lock, commit it with its progress, set aside what fails,
finish and notify. See ``mrp_production_background_job.py`` for what a job is."""

import logging
import time

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

# Odoo's cron runs a job's batches up to 10 times in a row before it lets other jobs run
# (ir_cron.MAX_BATCH_PER_CRON_JOB), all under one worker's CPU limit: a batch takes at most
# a twelfth of it.
BATCHES_PER_CRON_RUN = 12
# A job whose first unit was being processed when the worker died this many times in a row
# sets that unit aside rather than killing every worker that tries it.
MAX_ATTEMPTS = 3


class MrpProductionBackgroundJob(models.Model):
    _inherit = "mrp.production.background.job"

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
