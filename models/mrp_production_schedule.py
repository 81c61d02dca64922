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
quotation of a hundred lines costs queries per calendar and per product, not per operation.

Its rooms: ``_tree`` (the nodes, and would-be trees built from BoMs), ``_worktime`` (working
time, time off, load and the slot search), ``_supply`` (when components are there) and
``_planner`` (one run: forward, backward, the critical path)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_datetime

from .mrp_production_schedule_planner import Planner
from .mrp_production_schedule_tree import TreeBuilder


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
        planner = Planner(self.sudo(), now, trees)
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
        return TreeBuilder(self.sudo()).build(demands)

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
