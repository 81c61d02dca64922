# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""One planning run of the scheduling engine: materials shared out, then each tree placed
forward or backward on the work centers' working time, and the critical path traced."""

from datetime import timedelta

from odoo.exceptions import UserError

from .mrp_production_schedule_supply import Supply
from .mrp_production_schedule_worktime import WorkTime


class Planner:
    """One planning run: working time, load and supply read once, then placed in memory."""

    def __init__(self, schedule, now, trees):
        self.schedule = schedule
        self.env = schedule.env
        self.now = now
        self.time = WorkTime(schedule, now, trees)

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
        supply = Supply(self, wanted, trees)
        for tree, node, (product, qty, location) in demands:
            arrival, note = supply.take(product, qty, location)
            if note and note not in tree.notes:
                tree.notes.append(note)
            if arrival and (not node.arrival or arrival[0] > node.arrival[0]):
                node.arrival = arrival

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
                snapshot = self.time.snapshot()
                self._backward(tree, due)
                failure = self._check_backward(tree)
                if not failure:
                    continue
                self.time.restore(snapshot)
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
                self.time.place(op, earliest, forward=True)
            node.fit_ops()
        tree.fit_nodes()
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
                self.time.place(op, op_latest, forward=False)
            node.fit_ops()
        tree.fit_nodes()
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
            calendar, is_company = self.time.calendars[workcenter]
            if is_company:
                tree.notes.append(
                    self.env._(
                        "%(workcenter)s has no working calendar of its own: the company's "
                        "(%(calendar)s) is used.",
                        workcenter=workcenter.name,
                        calendar=calendar.name,
                    )
                )
