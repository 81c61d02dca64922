# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Working time and load of work centers for one planning run: calendars and time off read
once per calendar through Odoo's ``_attendance_intervals_batch`` / ``_leave_intervals_batch``,
the load of every work center in one query, and the slot search of Odoo's
``mrp.workcenter._get_first_available_slot`` (an operation may span several working intervals
but never overlaps another work order), forward and backward."""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.resource.models.utils import Intervals

HORIZON_DAYS = 700  # as far as Odoo's slot search looks
CHUNK_DAYS = 42


class WorkTime:
    """The working time, time off and load of the work centers that ``trees`` use, read
    once; operations placed on it are booked as load for the next ones."""

    def __init__(self, schedule, now, trees):
        self.schedule = schedule
        self.env = schedule.env
        self.now = now
        nodes = [node for tree in trees for node in tree.root.walk()]
        self.workcenters = self.env["mrp.workcenter"].union(
            *(wc for node in nodes for op in node.ops for wc, _minutes in op.candidates)
        )
        self.calendars = {}  # work center: (calendar, uses the company's)
        for workcenter in self.workcenters:
            calendar = workcenter.resource_calendar_id
            if not calendar:
                company = workcenter.company_id or self.env.company
                calendar = company.resource_calendar_id
                if not calendar:
                    raise UserError(
                        self.env._(
                            "%(workcenter)s has no working calendar, and neither has its "
                            "company: give it working hours to plan its operations.",
                            workcenter=workcenter.display_name,
                        )
                    )
            self.calendars[workcenter] = (calendar, calendar != workcenter.resource_calendar_id)
        self.work = defaultdict(lambda: ([], []))  # work center: starts, ends of working time
        self.leaves = defaultdict(list)  # work center: [(start, end, name)] of time off
        self.covered = {}  # calendar: (from, to) read so far
        self.busy = {wc: ([], []) for wc in self.workcenters}  # starts, ends: merged blocks
        self._read_load(trees)

    def place(self, op, date, forward):
        """Put ``op`` on the candidate work center where it ends first (``forward``, from
        ``date``) or starts last (backward, ending by ``date``), and book it there."""
        best = None
        for workcenter, minutes in op.candidates:
            if forward:
                slot, pushes = self._find_forward(workcenter, date, minutes)
                better = not best or slot[1] < best[0][1]
            else:
                slot, pushes = self._find_backward(workcenter, date, minutes)
                better = not best or slot[0] > best[0][0]
            if better:
                best = (slot, pushes, workcenter, minutes)
        (op.start, op.end), op.pushes, op.workcenter, op.duration = best
        self._add_busy(op.workcenter, op.start, op.end)

    def snapshot(self):
        """The load booked so far, to ``restore`` when a plan is given up."""
        return {wc: (list(starts), list(ends)) for wc, (starts, ends) in self.busy.items()}

    def restore(self, snapshot):
        self.busy = snapshot

    # load -------------------------------------------------------------

    def _read_load(self, trees):
        """Work orders planned on these work centers, but for the trees' own, in one query;
        and the trees' own operations already started, which stay where they are."""
        own = self.env["resource.calendar.leaves"].union(
            *(
                op.workorder.leave_id
                for tree in trees
                for node in tree.root.walk()
                for op in node.ops
                if op.workorder
            )
        )
        by_resource = {wc.resource_id.id: wc for wc in self.workcenters}
        if not by_resource:
            return
        self.env.cr.execute(
            """
            SELECT resource_id, date_from, date_to
              FROM resource_calendar_leaves
             WHERE time_type = 'other' AND resource_id IN %s AND date_to > %s
                   AND NOT (id = ANY(%s))
             ORDER BY date_from
            """,
            [tuple(by_resource), self.now - timedelta(days=1), own.ids],
        )
        for resource_id, date_from, date_to in self.env.cr.fetchall():
            self._add_busy(by_resource[resource_id], date_from, date_to)
        for tree in trees:
            for node in tree.root.walk():
                for op in node.ops:
                    if op.fixed:
                        self._add_busy(op.workcenter, *op.fixed)

    def _add_busy(self, workcenter, start, end):
        if end <= start:
            return
        starts, ends = self.busy[workcenter]
        i = bisect_left(ends, start)  # first block ending at or after start
        j = bisect_right(starts, end)  # blocks starting at or before end
        if i < j:
            start, end = min(start, starts[i]), max(end, ends[j - 1])
        starts[i:j] = [start]
        ends[i:j] = [end]

    def _first_busy(self, workcenter, start, end):
        """The first block of load overlapping [start, end), or None."""
        if end <= start:
            return None
        starts, ends = self.busy[workcenter]
        i = bisect_right(ends, start)  # first block ending after start
        if i < len(starts) and starts[i] < end:
            return starts[i], ends[i]
        return None

    def _last_busy(self, workcenter, start, end):
        """The last block of load overlapping [start, end), or None."""
        if end <= start:
            return None
        starts, ends = self.busy[workcenter]
        i = bisect_left(starts, end) - 1  # last block starting before end
        if i >= 0 and ends[i] > start:
            return starts[i], ends[i]
        return None

    # working time -----------------------------------------------------

    def _cover(self, workcenter, date_from, date_to):
        """Read the working time of ``workcenter``'s calendar over [date_from, date_to),
        for every work center of that calendar at once."""
        calendar, _company = self.calendars[workcenter]
        covered = self.covered.get(calendar)
        spans = []
        if not covered:
            spans.append((date_from, date_to))
        else:
            if date_from < covered[0]:
                spans.append((date_from, covered[0]))
            if date_to > covered[1]:
                spans.append((covered[1], date_to))
        if not spans:
            return
        workcenters = [wc for wc, (cal, _c) in self.calendars.items() if cal == calendar]
        # a work center without a calendar of its own would be "fully flexible" for Odoo
        # (always open); it works the company's hours, and its time off at its own hours
        borrowing = [wc for wc in workcenters if self.calendars[wc][1]]
        resources = self.env["resource.resource"].union(
            *(wc.resource_id for wc in workcenters if wc not in borrowing)
        )
        tz = pytz.timezone(calendar.tz or "UTC")
        read = defaultdict(list)
        for span_from, span_to in spans:
            start = pytz.utc.localize(span_from)
            stop = pytz.utc.localize(span_to)
            attendances = calendar._attendance_intervals_batch(start, stop, resources, tz=tz)
            leaves = calendar._leave_intervals_batch(start, stop, resources, tz=tz)
            own_leaves = self._read_own_leaves(borrowing, start, stop)
            for wc in workcenters:
                if wc in borrowing:
                    work_time, time_off = attendances[False], leaves[False] | own_leaves[wc]
                else:
                    work_time, time_off = attendances[wc.resource_id.id], leaves[wc.resource_id.id]
                read[wc] += [(_utc(a), _utc(b)) for a, b, _r in work_time - time_off]
                self.leaves[wc] += [
                    (_utc(a), _utc(b), ", ".join(r.mapped("name"))) for a, b, r in time_off
                ]
        for wc in workcenters:
            starts, ends = self.work[wc]
            merged = _merge(list(zip(starts, ends, strict=True)) + read[wc])
            self.work[wc] = ([a for a, _b in merged], [b for _a, b in merged])
            self.leaves[wc] = sorted(set(self.leaves[wc]))
        self.covered[calendar] = (
            min(date_from, covered[0]) if covered else date_from,
            max(date_to, covered[1]) if covered else date_to,
        )

    def _read_own_leaves(self, workcenters, start, stop):
        """Time off of ``workcenters`` themselves over [start, stop), at their own hours."""
        result = defaultdict(Intervals)
        if not workcenters:
            return result
        by_resource = {wc.resource_id: wc for wc in workcenters}
        for leave in self.env["resource.calendar.leaves"].search(
            [
                ("resource_id", "in", [wc.resource_id.id for wc in workcenters]),
                ("time_type", "=", "leave"),
                ("date_from", "<", _utc(stop)),
                ("date_to", ">", _utc(start)),
            ]
        ):
            interval = (
                max(start, pytz.utc.localize(leave.date_from)),
                min(stop, pytz.utc.localize(leave.date_to)),
                leave,
            )
            wc = by_resource[leave.resource_id]
            result[wc] = result[wc] | Intervals([interval])
        return result

    def _chunk(self, date):
        return datetime.combine(date.date(), time.min)

    def _find_forward(self, workcenter, earliest, minutes):
        """The first slot of ``minutes`` on ``workcenter`` from ``earliest``, as Odoo's
        slot search finds it, and what pushed it later (load, time off)."""
        limit = earliest + timedelta(days=HORIZON_DAYS)
        pos, loaded = earliest, None
        while True:
            slot, block = self._try_forward(workcenter, pos, minutes, limit)
            if slot:
                return slot, self._pushes(workcenter, earliest, slot[0], loaded, forward=True)
            loaded = block[1]
            pos = block[1]

    def _try_forward(self, workcenter, pos, minutes, limit):
        """A slot from ``pos``, or the block of load it ran into."""
        day = self._chunk(pos)
        self._cover(workcenter, day, day + timedelta(days=CHUNK_DAYS))
        starts, ends = self.work[workcenter]
        i = bisect_right(ends, pos)
        slot_start, remaining = None, minutes
        while True:
            if i >= len(starts):
                covered_to = self.covered[self.calendars[workcenter][0]][1]
                if covered_to > limit:
                    self._raise_no_slot(workcenter, limit - timedelta(days=HORIZON_DAYS))
                self._cover(workcenter, covered_to, covered_to + timedelta(days=CHUNK_DAYS))
                starts, ends = self.work[workcenter]
                i = bisect_right(ends, pos)
                continue
            start = max(starts[i], pos)
            if slot_start is None:
                slot_start = start
            available = (ends[i] - start).total_seconds() / 60
            end = start + timedelta(minutes=min(remaining, available))
            block = self._first_busy(workcenter, slot_start, end)
            if block:
                return None, block
            if float_compare(available, remaining, precision_digits=3) >= 0:
                return (slot_start, end), None
            remaining -= available
            pos = ends[i]
            i += 1

    def _find_backward(self, workcenter, latest, minutes):
        """The last slot of ``minutes`` on ``workcenter`` ending by ``latest``."""
        limit = latest - timedelta(days=HORIZON_DAYS)
        pos, loaded = latest, None
        while True:
            slot, block = self._try_backward(workcenter, pos, minutes, limit)
            if slot:
                return slot, self._pushes(workcenter, slot[1], latest, loaded, forward=False)
            loaded = block[0]
            pos = block[0]

    def _try_backward(self, workcenter, pos, minutes, limit):
        """A slot ending by ``pos``, or the block of load it ran into."""
        day = self._chunk(pos) + timedelta(days=1)
        self._cover(workcenter, day - timedelta(days=CHUNK_DAYS), day)
        starts, ends = self.work[workcenter]
        i = bisect_left(starts, pos) - 1
        slot_end, remaining = None, minutes
        while True:
            if i < 0:
                covered_from = self.covered[self.calendars[workcenter][0]][0]
                if covered_from < limit:
                    self._raise_no_slot(workcenter, limit + timedelta(days=HORIZON_DAYS))
                self._cover(workcenter, covered_from - timedelta(days=CHUNK_DAYS), covered_from)
                starts, ends = self.work[workcenter]
                i = bisect_left(starts, pos) - 1
                continue
            end = min(ends[i], pos)
            if slot_end is None:
                slot_end = end
            available = (end - starts[i]).total_seconds() / 60
            start = end - timedelta(minutes=min(remaining, available))
            block = self._last_busy(workcenter, start, slot_end)
            if block:
                return None, block
            if float_compare(available, remaining, precision_digits=3) >= 0:
                return (start, slot_end), None
            remaining -= available
            pos = starts[i]
            i -= 1

    def _raise_no_slot(self, workcenter, date):
        raise UserError(
            self.env._(
                "%(workcenter)s has no free working time within %(days)s days of %(date)s.",
                workcenter=workcenter.display_name,
                days=HORIZON_DAYS,
                date=self.schedule._format_date(date),
            )
        )

    def _pushes(self, workcenter, date_from, date_to, loaded, forward):
        """What kept an operation away from [date_from, date_to]: the load of the work
        center until (or from) ``loaded``, and time off in between."""
        pushes = []
        if loaded:
            pushes.append(("load", workcenter, loaded, None))
        leaves = [
            leave
            for leave in self.leaves[workcenter]
            if leave[0] < date_to and leave[1] > date_from
        ]
        if leaves:
            leave = leaves[-1] if forward else leaves[0]
            pushes.append(("leave", workcenter, leave[1] if forward else leave[0], leave[2]))
        return pushes


def _utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def _merge(intervals):
    """Sorted intervals with touching or overlapping ones joined."""
    result = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result
