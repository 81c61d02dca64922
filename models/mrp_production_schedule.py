# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The scheduling engine behind Replan, the promise date of sales lines and the plan lines
filled from sales: whole trees planned forward (as soon as possible) or backward (just in
time) on each work center's calendar and current load, each sub-order ending before its
parent starts, bounded by the expected arrival of components; the critical path in words.

Trees are plain nodes here (an order, or an order that confirming a quotation would create),
so that the same engine plans real trees and would-be ones without writing anything. The slot
search is Odoo's (``mrp.workcenter._get_first_available_slot``: an operation may span several
working intervals but never overlaps another work order) run on working time read once per
calendar through Odoo's ``_attendance_intervals_batch`` / ``_leave_intervals_batch`` and on
the load of every work center read in one query, so that planning hundreds of orders or a
quotation of a hundred lines costs queries per calendar and per product, not per operation."""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import datetime, time, timedelta
from itertools import pairwise

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round, format_datetime

from odoo.addons.resource.models.utils import Intervals

HORIZON_DAYS = 700  # as far as Odoo's slot search looks
CHUNK_DAYS = 42


class ScheduleOp:
    """One operation (a work order, or one that a would-be order would get)."""

    __slots__ = (
        "bound",
        "candidates",
        "duration",
        "end",
        "fixed",
        "name",
        "node",
        "predecessors",
        "pushes",
        "start",
        "successors",
        "workcenter",
        "workorder",
    )

    def __init__(self, node, name, candidates, workorder=None, fixed=None):
        self.node = node
        self.name = name
        self.candidates = candidates  # [(work center, minutes)], the first the planned one
        self.workorder = workorder
        self.predecessors = []
        self.successors = []
        self.fixed = fixed  # (start, end) of a work order already started
        self.start = self.end = None
        self.workcenter, self.duration = candidates[0]
        self.bound = None
        self.pushes = []
        if fixed:
            self.start, self.end = fixed


class ScheduleNode:
    """One order of a tree: its operations, the components it waits for, its sub-orders."""

    __slots__ = (
        "arrival",
        "bound",
        "children",
        "duration",
        "end",
        "fixed_start",
        "is_critical",
        "materials",
        "name",
        "old_end",
        "old_start",
        "ops",
        "parent",
        "product",
        "production",
        "qty",
        "ready",
        "sort_key",
        "start",
        "uom",
    )

    def __init__(self, name, product, qty, uom, production=None, parent=None, sort_key=()):
        self.name = name
        self.product = product
        self.qty = qty
        self.uom = uom
        self.production = production
        self.parent = parent
        self.children = []
        self.ops = []
        self.materials = []  # components not made by a sub-order: (product, qty, location)
        self.duration = timedelta(hours=1)  # of an order without operations
        self.fixed_start = None
        self.start = self.end = None
        self.old_start = production.date_start if production else None
        self.old_end = production.date_finished if production else None
        self.ready = None
        self.bound = None
        self.arrival = None  # (date, phrase) of the last component to arrive
        self.is_critical = False
        self.sort_key = sort_key
        if parent:
            parent.children.append(self)

    def walk(self):
        """This node and every node below it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def walk_levels(self):
        """This node and every node below it, level by level."""
        level = [self]
        while level:
            yield from level
            level = [child for node in level for child in node.children]

    def walk_up(self):
        """Every node below this one and this one, sub-orders first."""
        for child in self.children:
            yield from child.walk_up()
        yield self

    def sort_children(self):
        self.children.sort(key=lambda child: child.sort_key)
        for child in self.children:
            child.sort_children()

    def sorted_ops(self):
        """Operations with every predecessor before them."""
        done, result = set(), []

        def visit(op):
            if id(op) in done:
                return
            done.add(id(op))
            for predecessor in op.predecessors:
                visit(predecessor)
            result.append(op)

        for op in self.ops:
            visit(op)
        return result


class ScheduleTree:
    """A tree to plan, and what planning it found."""

    __slots__ = (
        "chain",
        "deadline",
        "explanation",
        "finish",
        "lead",
        "mode",
        "name",
        "notes",
        "path",
        "root",
        "start",
    )

    def __init__(self, root, deadline=None, lead=timedelta(0), name=None):
        self.root = root
        self.deadline = deadline  # what the customer (or the order) expects
        self.lead = lead  # security lead times between the tree's end and the deadline
        self.name = name or root.name
        self.mode = None
        self.start = self.finish = None
        self.notes = []
        self.path = []  # what the critical path waited for, latest first
        self.chain = []  # the orders on the critical path, first to last
        self.explanation = ""

    @property
    def due(self):
        """The latest end that keeps the deadline."""
        return self.deadline - self.lead if self.deadline else None

    @property
    def nodes(self):
        return list(self.root.walk())


class MrpProductionSchedule(models.AbstractModel):
    _name = "mrp.production.schedule"
    _description = "Tree planning on capacity"

    @api.model
    def _schedule(self, trees, mode, date=None, now=None):
        """Plan ``trees`` (in this order, each seeing the load the previous ones add):
        ``forward`` from ``date`` (now when empty or past), or ``backward`` so that each
        ends by its due date (``date`` when given), forward from now where that cannot be
        kept. Writes nothing; returns ``trees`` with their dates and explanations."""
        now = (now or fields.Datetime.now()).replace(microsecond=0)
        planner = _Planner(self.sudo(), now, trees)
        planner.run(trees, mode, date)
        for tree in trees:
            tree.explanation = self._explain(tree)
        return trees

    # ------------------------------------------------------------------
    # Would-be trees: what confirming an order would create
    # ------------------------------------------------------------------

    @api.model
    def _prepare_bom_trees(self, demands):
        """The trees that manufacturing orders for ``demands`` would have once confirmed,
        built like the addon builds sub-orders (``_create_child_productions``) without
        creating anything. ``demands``: dicts of ``product``, ``qty`` (product unit),
        ``bom`` (empty: not manufactured), ``company``, ``warehouse``, ``name``,
        ``deadline``, ``lead``. Read level by level, so that a hundred demands of a few
        products cost queries per product, not per demand."""
        return _TreeBuilder(self.sudo()).build(demands)

    @api.model
    def _get_sale_lead(self, company):
        """The security lead times between a tree's end and the sales deadline it serves:
        the sales one (Odoo plans the delivery that much earlier) and the manufacturing one
        (and the order that much before the delivery)."""
        return timedelta(days=company.security_lead + company.manufacturing_lead)

    # ------------------------------------------------------------------
    # Words
    # ------------------------------------------------------------------

    @api.model
    def _format_date(self, value):
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format="short")

    @api.model
    def _format_delta(self, delta):
        """A duration as people say it: 2 days 4 hours, 35 minutes."""
        minutes = round(abs(delta).total_seconds() / 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        parts = []
        if days:
            parts.append(self.env._("%(count)s day(s)", count=days))
        if hours:
            parts.append(self.env._("%(count)s hour(s)", count=hours))
        if minutes and not days:
            parts.append(self.env._("%(count)s minute(s)", count=minutes))
        return " ".join(parts) or self.env._("0 minutes")

    @api.model
    def _explain(self, tree):
        """The tree's finish against its deadline, its critical path and what to know."""
        fmt = self._format_date
        if tree.mode == "backward":
            head = self.env._(
                "Planned backward: starts %(start)s to finish %(finish)s",
                start=fmt(tree.start),
                finish=fmt(tree.finish),
            )
        else:
            head = self.env._(
                "Planned forward: starts %(start)s, finishes %(finish)s",
                start=fmt(tree.start),
                finish=fmt(tree.finish),
            )
        if tree.due:
            late = tree.finish - tree.due
            if late > timedelta(0):
                head += self.env._(
                    ", %(delta)s after the deadline %(deadline)s",
                    delta=self._format_delta(late),
                    deadline=fmt(tree.due),
                )
            elif late < timedelta(minutes=-1):
                head += self.env._(
                    ", %(delta)s before the deadline %(deadline)s",
                    delta=self._format_delta(late),
                    deadline=fmt(tree.due),
                )
            else:
                head += self.env._(", just in time for the deadline %s", fmt(tree.due))
        lines = [head + ".", self.env._("Critical path: %s.", self._describe_path(tree))]
        lines += tree.notes
        return "\n".join(lines)

    @api.model
    def _describe_path(self, tree):
        """The orders of the critical path and what they waited for, in words."""
        chain = " → ".join(tree.chain)
        if tree.path:
            return "; ".join([chain, *tree.path])
        return self.env._("%s, waiting for nothing but their own operations", chain)


class _Planner:
    """One planning run: working time, load and supply read once, then placed in memory."""

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

    # supply -----------------------------------------------------------

    def _allocate_materials(self, trees):
        """When each node's components are there: free stock first (with what the trees
        themselves reserved), then receipts and orders by their dates, then the vendor's
        lead time for what nobody ordered yet; shared out level by level, in the order
        Odoo reserves them when the orders are confirmed."""
        demands = [
            (tree, node, material)
            for tree in trees
            for node in tree.root.walk_levels()
            for material in node.materials
        ]
        wanted = [(material[0], material[2]) for _tree, _node, material in demands]
        if not wanted:
            return
        supply = _Supply(self, wanted, trees)
        for tree, node, (product, qty, location) in demands:
            arrival, note = supply.take(product, qty, location)
            if note and note not in tree.notes:
                tree.notes.append(note)
            if arrival and (not node.arrival or arrival[0] > node.arrival[0]):
                node.arrival = arrival

    # planning ---------------------------------------------------------

    def run(self, trees, mode, date):
        for tree in trees:
            tree.root.sort_children()
        self._allocate_materials(trees)
        for tree in trees:
            if mode == "backward":
                if date:
                    tree.deadline, tree.lead = date, timedelta(0)
                due = tree.due
                if not due:
                    raise UserError(
                        self.env._(
                            "%(order)s has no deadline to plan backward from: give the date "
                            "it must be ready by, or plan it forward.",
                            order=tree.name,
                        )
                    )
                snapshot = {wc: (list(s), list(e)) for wc, (s, e) in self.busy.items()}
                self._backward(tree, due)
                failure = self._check_backward(tree)
                if not failure:
                    continue
                self.busy = snapshot
                tree.notes.append(
                    self.env._(
                        "Planned backward from %(due)s, %(failure)s: planned forward from "
                        "now instead.",
                        due=self.schedule._format_date(due),
                        failure=failure,
                    )
                )
                self._forward(tree, self.now)
            else:
                start = date or self.now
                if start < self.now:
                    tree.notes.append(
                        self.env._(
                            "%(date)s is in the past: planned from now.",
                            date=self.schedule._format_date(start),
                        )
                    )
                    start = self.now
                self._forward(tree, start)
        for tree in trees:
            self._note_calendars(tree)

    def _forward(self, tree, start):
        tree.mode = "forward"
        for node in tree.root.walk():
            node.is_critical = False
        for node in tree.root.walk_up():
            ready, bound = start, ("start", None)
            if node.arrival and node.arrival[0] > ready:
                ready, bound = node.arrival[0], ("material", node.arrival)
            for child in node.children:
                if child.end > ready:
                    ready, bound = child.end, ("child", child)
            node.ready, node.bound = ready, bound
            if not node.ops:
                node.start = node.fixed_start or ready
                node.end = max(node.start + node.duration, ready)
                continue
            for op in node.sorted_ops():
                if op.fixed:
                    continue
                earliest, op.bound = ready, ("node", None)
                for predecessor in op.predecessors:
                    if predecessor.end > earliest:
                        earliest, op.bound = predecessor.end, ("op", predecessor)
                best = None
                for workcenter, minutes in op.candidates:
                    slot, pushes = self._find_forward(workcenter, earliest, minutes)
                    if not best or slot[1] < best[0][1]:
                        best = (slot, pushes, workcenter, minutes)
                (op.start, op.end), op.pushes, op.workcenter, op.duration = best
                self._add_busy(op.workcenter, op.start, op.end)
            node.start = node.fixed_start or min(op.start for op in node.ops)
            node.end = max(op.end for op in node.ops)
        tree.start = min(node.start for node in tree.root.walk())
        tree.finish = tree.root.end
        tree.path = self._trace_forward(tree)

    def _backward(self, tree, due):
        tree.mode = "backward"
        # level by level: the orders nearest the deadline take the latest slots
        for node in tree.root.walk_levels():
            latest = node.parent.start if node.parent else due
            if not node.ops:
                node.end = latest
                node.start = latest - node.duration
                continue
            for op in reversed(node.sorted_ops()):
                if op.fixed:
                    continue
                op_latest = latest
                for successor in op.successors:
                    op_latest = min(op_latest, successor.start)
                best = None
                for workcenter, minutes in op.candidates:
                    slot, pushes = self._find_backward(workcenter, op_latest, minutes)
                    if not best or slot[0] > best[0][0]:
                        best = (slot, pushes, workcenter, minutes)
                (op.start, op.end), op.pushes, op.workcenter, op.duration = best
                self._add_busy(op.workcenter, op.start, op.end)
            node.start = node.fixed_start or min(op.start for op in node.ops)
            node.end = max(op.end for op in node.ops)
        tree.start = min(node.start for node in tree.root.walk())
        tree.finish = tree.root.end
        tree.path = self._trace_backward(tree)

    def _check_backward(self, tree):
        """Why the backward plan of ``tree`` cannot be kept, or None."""
        fmt = self.schedule._format_date
        for node in tree.root.walk():
            if node.arrival and node.start < node.arrival[0]:
                return self.env._(
                    "%(order)s would start %(start)s, before its components arrive (%(arrival)s)",
                    order=node.name,
                    start=fmt(node.start),
                    arrival=node.arrival[1],
                )
            for op in node.ops:
                if op.fixed:
                    continue
                started = [p.end for p in op.predecessors if p.fixed]
                if op.start < max([self.now, *started]):
                    return self.env._(
                        "%(order)s would start %(start)s, before now",
                        order=node.name,
                        start=fmt(min(op.start, node.start)),
                    )
            if not node.ops and not node.fixed_start and node.start < self.now:
                return self.env._(
                    "%(order)s would start %(start)s, before now",
                    order=node.name,
                    start=fmt(node.start),
                )
        return None

    def _trace_forward(self, tree):
        """From the tree's end back to what it waited for: load, time off, a component."""
        phrases, chain = [], []
        node = tree.root
        item = max(node.ops, key=lambda op: op.end) if node.ops else None
        while True:
            if not node.is_critical:
                chain.insert(0, node.name)
            node.is_critical = True
            if item:
                phrases += [self._phrase(push, forward=True) for push in item.pushes]
                kind, ref = item.bound
                if kind == "op":
                    item = ref
                    continue
            kind, ref = node.bound
            if kind == "child":
                node = ref
                item = max(node.ops, key=lambda op: op.end) if node.ops else None
                continue
            if kind == "material":
                phrases.append(ref[1])
            break
        tree.chain = chain
        return phrases

    def _trace_backward(self, tree):
        """From the deadline down to the order that starts first."""
        phrases, chain = [], []
        node = tree.root
        while True:
            chain.insert(0, node.name)
            node.is_critical = True
            for op in sorted(node.ops, key=lambda op: op.start, reverse=True):
                phrases += [self._phrase(push, forward=False) for push in op.pushes]
            if not node.children:
                break
            node = min(node.children, key=lambda child: child.start)
        tree.chain = chain
        return phrases

    def _phrase(self, push, forward):
        kind, workcenter, date, name = push
        date = self.schedule._format_date(date)
        if kind == "load":
            if forward:
                return self.env._(
                    "%(workcenter)s loaded until %(date)s", workcenter=workcenter.name, date=date
                )
            return self.env._(
                "%(workcenter)s loaded from %(date)s", workcenter=workcenter.name, date=date
            )
        if forward:
            return self.env._(
                "%(workcenter)s closed until %(date)s (%(leave)s)",
                workcenter=workcenter.name,
                date=date,
                leave=name,
            )
        return self.env._(
            "%(workcenter)s closed from %(date)s (%(leave)s)",
            workcenter=workcenter.name,
            date=date,
            leave=name,
        )

    def _note_calendars(self, tree):
        used = {op.workcenter for node in tree.root.walk() for op in node.ops}
        for workcenter in sorted(used, key=lambda wc: wc.name):
            calendar, is_company = self.calendars[workcenter]
            if is_company:
                tree.notes.append(
                    self.env._(
                        "%(workcenter)s has no working calendar of its own: the company's "
                        "(%(calendar)s) is used.",
                        workcenter=workcenter.name,
                        calendar=calendar.name,
                    )
                )


class _Supply:
    """Free stock, expected arrivals and vendors of the products the trees wait for."""

    def __init__(self, planner, wanted, trees):
        self.planner = planner
        self.env = planner.env
        self.now = planner.now
        products = self.env["product.product"].union(*(product for product, _loc in wanted))
        locations = self.env["stock.location"].union(*(location for _p, location in wanted))
        own = self.env["mrp.production"].union(
            *(node.production for tree in trees for node in tree.root.walk() if node.production)
        )
        self.free = {}
        for location in locations:
            for product in products.with_context(location=location.id):
                self.free[product.id, location.id] = max(product.free_qty, 0.0)
        # what the trees themselves reserved goes back to the pool they share
        for move in own.move_raw_ids:
            if move.state not in ("done", "cancel") and move.quantity:
                key = (move.product_id.id, move.location_id.id)
                if key in self.free:
                    self.free[key] += move.product_uom._compute_quantity(
                        move.quantity, move.product_id.uom_id, round=False
                    )
        self.arrivals = defaultdict(list)  # (product, location): [date, qty, phrase]
        moves = self.env["stock.move"].search(
            [
                ("product_id", "in", products.ids),
                ("state", "not in", ("draft", "done", "cancel")),
                ("location_dest_id", "child_of", locations.ids),
                ("location_id.usage", "not in", ("internal", "transit")),
                ("production_id", "not in", own.ids),
            ],
            order="date, id",
        )
        for move in moves:
            for location in locations:
                if not move.location_dest_id.parent_path.startswith(location.parent_path):
                    continue
                self.arrivals[move.product_id.id, location.id].append(
                    [move.date, move.product_qty, move.reference or move.origin or ""]
                )
        self.vendors = {}
        for product in products:
            self.vendors[product.id] = product._prepare_sellers()[:1]

    def take(self, product, qty, location):
        """When ``qty`` of ``product`` can be at ``location``: (date, phrase)."""
        rounding = product.uom_id.rounding
        key = (product.id, location.id)
        free = self.free.get(key, 0.0)
        used = min(free, qty)
        self.free[key] = free - used
        qty -= used
        if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
            return None, None
        for arrival in self.arrivals[key]:
            if float_compare(arrival[1], 0.0, precision_rounding=rounding) <= 0:
                continue
            used = min(arrival[1], qty)
            arrival[1] -= used
            qty -= used
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                date = max(arrival[0], self.now)
                phrase = self.env._(
                    "%(product)s arrives %(date)s (%(reference)s)",
                    product=product.display_name,
                    date=self.planner.schedule._format_date(date),
                    reference=arrival[2],
                )
                return (date, phrase), None
        vendor = self.vendors[product.id]
        if vendor:
            date = self.now + timedelta(days=vendor.delay)
            phrase = self.env._(
                "%(product)s from %(vendor)s in %(days)s day(s) (%(date)s)",
                product=product.display_name,
                vendor=vendor.partner_id.name,
                days=vendor.delay,
                date=self.planner.schedule._format_date(date),
            )
            return (date, phrase), None
        note = self.env._(
            "%(product)s: %(qty)s %(uom)s short and no vendor; counted as available now.",
            product=product.display_name,
            qty=self.env["mrp.production"]._format_qty(
                float_round(qty, precision_rounding=rounding)
            ),
            uom=product.uom_id.name,
        )
        return None, note


class _TreeBuilder:
    """Would-be trees: bills of materials exploded as Odoo explodes them into component
    moves and work orders, sub-orders sized as ``_create_child_productions`` sizes them."""

    def __init__(self, schedule):
        self.env = schedule.env
        self.structures = {}  # (bom, product): component lines and BoMs exploded for one
        self.free = {}  # (product id, location id): free stock left for sub-order sizing
        self.precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")

    def build(self, demands):
        """The trees of ``demands`` (see ``mrp.production.schedule._prepare_bom_trees``)."""
        trees, level = [], []
        for demand in demands:
            product, bom = demand["product"], demand["bom"]
            uom = bom.product_uom_id if bom else product.uom_id
            root = ScheduleNode(
                demand["name"],
                product,
                product.uom_id._compute_quantity(demand["qty"], uom),
                uom,
            )
            trees.append(
                ScheduleTree(root, demand.get("deadline"), demand.get("lead", timedelta(0)))
            )
            warehouse = demand["warehouse"]
            if bom:
                level.append((root, bom, warehouse.manu_type_id, demand["company"]))
            else:
                # not manufactured: it is there when the product itself is
                root.duration = timedelta(0)
                root.materials.append((product, demand["qty"], warehouse.lot_stock_id))
        while level:
            level = self._expand(level)
        return trees

    def _expand(self, level):
        """Give each (node, BoM, operation type, company) of ``level`` its operations,
        components and sub-orders; return the next level."""
        moves = []  # (node, picking type, company, product, qty in its unit, location, line)
        for node, bom, picking_type, company in level:
            lines, boms = self._structure(bom, node.product)
            node.duration = bom_duration(bom)
            self._add_operations(node, bom, boms)
            factor = node.uom._compute_quantity(node.qty, bom.product_uom_id) / bom.product_qty
            location = picking_type.default_location_src_id
            for line, qty in lines:
                product_uom_qty = float_round(factor * qty, precision_digits=self.precision)
                product_qty = line.product_uom_id._compute_quantity(
                    product_uom_qty, line.product_id.uom_id, rounding_method="HALF-UP"
                )
                moves.append(
                    (node, picking_type, company, line.product_id, product_qty, location, line)
                )
        child_boms = self.env["mrp.bom"]._get_demand_boms(
            [(m[3], m[2], m[1], self.env["mrp.bom"]) for m in moves]
        )
        self._read_free(
            [
                (m[3], m[5])
                for m, b in zip(moves, child_boms, strict=True)
                if b and m[2].mo_child_qty_mode == "shortage"
            ]
        )
        next_level = []
        for (node, picking_type, company, product, qty, location, line), child_bom in zip(
            moves, child_boms, strict=True
        ):
            rounding = product.uom_id.rounding
            if not child_bom or float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                node.materials.append((product, qty, location))
                continue
            need = qty
            if company.mo_child_qty_mode == "shortage":
                key = (product.id, location.id)
                from_stock = min(need, self.free[key])
                self.free[key] -= from_stock
                need -= from_stock
            if float_is_zero(need, precision_rounding=rounding):
                continue
            child = ScheduleNode(
                product.display_name,
                product,
                product.uom_id._compute_quantity(need, child_bom.product_uom_id),
                child_bom.product_uom_id,
                parent=node,
                sort_key=(line.sequence, line.id),
            )
            next_level.append(
                (child, child_bom, child_bom.picking_type_id or picking_type, company)
            )
        return next_level

    def _structure(self, bom, product):
        """The component lines (line, quantity for one unit of the BoM's quantity) and the
        BoMs of ``bom`` exploded through its kits, once per BoM and product."""
        key = (bom, product)
        if key not in self.structures:
            boms, lines = bom.explode(product, 1.0, picking_type=bom.picking_type_id)
            self.structures[key] = (
                [
                    (line, data["qty"])
                    for line, data in lines
                    if not (line.child_bom_id and line.child_bom_id.type == "phantom")
                    and line.product_id.type == "consu"
                ],
                boms,
            )
        return self.structures[key]

    def _add_operations(self, node, bom, boms):
        """The work orders Odoo would create for ``node`` (``_compute_workorder_ids``), with
        their expected durations (``mrp.workorder._get_duration_expected``) and links."""
        operations = self.env["mrp.routing.workcenter"]
        for exploded, data in boms:
            if not (
                exploded.operation_ids
                and (
                    not data["parent_line"]
                    or data["parent_line"].bom_id.operation_ids != exploded.operation_ids
                )
            ):
                continue
            for operation in exploded.operation_ids:
                if not operation._skip_operation_line(data["product"]):
                    operations |= operation
        product = node.product
        qty = node.uom._compute_quantity(node.qty, product.uom_id)
        ops = {}
        for operation in operations:
            minutes = _duration(operation.workcenter_id, product, qty, operation.time_cycle)
            candidates = [(operation.workcenter_id, minutes)]
            for alternative in operation.workcenter_id.alternative_workcenter_ids:
                cycles = _cycles(operation.workcenter_id, product, qty)
                working = (
                    (minutes - operation.workcenter_id._get_expected_duration(product))
                    * operation.workcenter_id.time_efficiency
                    / (100.0 * cycles)
                )
                candidates.append(
                    (alternative, _duration(alternative, product, qty, max(working, 0.0)))
                )
            ops[operation] = ScheduleOp(node, operation.name, candidates)
        ordered = sorted(ops, key=lambda o: (o.sequence, o.id))
        if bom.allow_operation_dependencies:
            for operation in ordered:
                for blocker in operation.blocked_by_operation_ids:
                    if blocker in ops:
                        link(ops[blocker], ops[operation])
        else:
            for previous, operation in pairwise(ordered):
                link(ops[previous], ops[operation])
        node.ops = [ops[operation] for operation in ordered]

    def _read_free(self, keys):
        """Free stock of the sub-assemblies sized on shortage, once per product and place."""
        missing = defaultdict(list)
        for product, location in keys:
            if (product.id, location.id) not in self.free:
                missing[location].append(product)
        for location, products in missing.items():
            for product in (
                self.env["product.product"].union(*products).with_context(location=location.id)
            ):
                self.free[product.id, location.id] = max(product.free_qty, 0.0)


def bom_duration(bom):
    """How long an order of ``bom`` without operations lasts, as Odoo plans it
    (``mrp.production._compute_date_finished``): its lead time, else an hour."""
    return timedelta(days=bom.produce_delay) if bom.produce_delay else timedelta(hours=1)


def _cycles(workcenter, product, qty):
    return float_round(
        qty / workcenter._get_capacity(product), precision_digits=0, rounding_method="UP"
    )


def _duration(workcenter, product, qty, time_cycle):
    """Expected minutes of an operation on ``workcenter`` for ``qty`` (product unit), as
    ``mrp.workorder._get_duration_expected`` computes and Odoo stores it (2 digits)."""
    return float_round(
        workcenter._get_expected_duration(product)
        + _cycles(workcenter, product, qty) * time_cycle * 100.0 / workcenter.time_efficiency,
        precision_digits=2,
    )


def link(before, after):
    """``after`` waits for ``before``."""
    after.predecessors.append(before)
    before.successors.append(after)


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
