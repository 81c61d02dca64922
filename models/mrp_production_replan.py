# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Replan: a whole tree planned again, forward from a date or backward from its deadline, on
the work centers' calendars and load and the components' arrivals (the engine is
``mrp.production.schedule``); previewed before anything is written, then applied to the
orders and their work orders with old → new dates in each order's chatter."""

from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from .mrp_production_schedule_tree import ScheduleNode, ScheduleOp, ScheduleTree, bom_duration, link


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_open_replan(self):
        """Replan button of a top order, and the list's action: the trees of these orders."""
        roots = self.root_id
        roots._check_replannable()
        action = self.env["mrp.production.replan"]._get_action(production_ids=roots.ids)
        action["context"]["dialog_size"] = "extra-large"  # room for the timeline
        return action

    def _check_replannable(self):
        """Refuse, before anything is planned, trees that cannot be replanned."""
        self._check_mpm_user()
        if not self:
            raise UserError(self.env._("Select the manufacturing orders to replan."))
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "Trees are replanned one company at a time; the selection has orders of %s.",
                    ", ".join(self.company_id.mapped("name")),
                )
            )
        if self.company_id != self.env.company:
            raise UserError(
                self.env._(
                    "%(names)s belong to %(company)s, not to %(current)s, the company you are "
                    "working in: switch to it to replan them on its work centers.",
                    names=", ".join(self.mapped("name")),
                    company=self.company_id.name,
                    current=self.env.company.name,
                )
            )
        self.filtered(lambda p: p.state == "draft")._raise_if_any(
            self.env._("Confirm %(names)s before replanning them.")
        )
        self.filtered(lambda p: p.state in ("done", "cancel"))._raise_if_any(
            self.env._("%(names)s are done, closed or cancelled: there is nothing left to plan.")
        )
        self._get_with_descendants().filtered(
            lambda p: p.is_suspended and p.state not in ("done", "cancel")
        )._raise_if_any(
            self.env._("%(names)s are suspended: resume them before replanning their tree.")
        )

    def _get_replan(self, mode, date=None, now=None):
        """The trees of these top orders planned ``mode`` (``forward`` from ``date``,
        ``backward`` to ``date`` or their deadlines), together, the most urgent first;
        nothing is written."""
        self._check_replannable()
        roots = self.sorted(
            lambda p: (
                -int(p.priority or 0),
                p._get_schedule_deadline()[0] or fields.Datetime.to_datetime("9999-12-31"),
                p.date_start,
                p.id,
            )
        )
        trees = [root._prepare_schedule_tree() for root in roots]
        return (
            self.env["mrp.production.schedule"]
            .with_company(self.company_id)
            ._schedule(trees, mode, date, now)
        )

    def _get_replan_preview(self, mode, date=None):
        """What replanning these trees would do, for the wizard: the timeline's data, the
        dates before → after, the explanations and whether a tree is late."""
        trees = self._get_replan(mode, date)
        fmt = self.env["mrp.production.schedule"]._format_date
        rows, table = [], []
        for tree in trees:
            for node in tree.root.walk():
                rows.append(node.production._prepare_timeline_row(node, tree))
                table.append(
                    (
                        node.production,
                        f"{fmt(node.old_start)} – {fmt(node.old_end)}",
                        f"{fmt(node.start)} – {fmt(node.end)}",
                    )
                )
        to_string = fields.Datetime.to_string
        return {
            "timeline": {
                "rows": rows,
                "deadlines": [
                    {"date": to_string(tree.due), "name": tree.name} for tree in trees if tree.due
                ],
            },
            "table": self._render_tree_preview(table),
            "explanation": "\n\n".join(tree.explanation for tree in trees),
            "is_late": any(tree.due and tree.finish > tree.due for tree in trees),
        }

    def _prepare_timeline_row(self, node, tree):
        """One bar of the timeline: this order on its work centers' time."""
        to_string = fields.Datetime.to_string
        level, parent = 0, node.parent
        while parent:
            level, parent = level + 1, parent.parent
        return {
            "id": self.id,
            "name": self.name,
            "product": self.product_id.display_name,
            "level": level,
            "start": to_string(node.start),
            "end": to_string(node.end),
            "old_start": to_string(node.old_start),
            "old_end": to_string(node.old_end),
            "critical": node.is_critical,
            "late": bool(tree.due and node.end > tree.due),
            "ops": [
                {
                    "name": op.name,
                    "workcenter": op.workcenter.name,
                    "code": op.workcenter.code or op.workcenter.name,
                    "start": to_string(op.start),
                    "end": to_string(op.end),
                }
                for op in node.ops
            ],
        }

    def _apply_replan(self, mode, date=None, now=None):
        """Plan the trees of these top orders and write it as Odoo's *Plan* does: each open
        work order gets a new slot on its work center's calendar (its time off, replacing the
        one it had) and, where an alternative finishes earlier, that work center; each order
        its operations' dates; old → new in each chatter."""
        trees = self._get_replan(mode, date, now)
        nodes = [node for tree in trees for node in tree.root.walk()]
        self._lock_for_update(self.env["mrp.production"].union(*(n.production for n in nodes)))
        ops = [op for node in nodes for op in node.ops if not op.fixed]
        self.env["mrp.workorder"].union(*(op.workorder for op in ops)).leave_id.unlink()
        leaves = self.env["resource.calendar.leaves"].create(
            [op.workorder._prepare_replan_leave_vals(op) for op in ops]
        )
        for op, leave in zip(ops, leaves, strict=True):
            vals = {"leave_id": leave.id}
            if op.workcenter != op.workorder.workcenter_id:
                vals.update(workcenter_id=op.workcenter.id, duration_expected=op.duration)
            op.workorder.write(vals)
        bodies = {}
        for tree in trees:
            for node in tree.root.walk():
                production = node.production
                production.with_context(force_date=True).write(
                    {"date_start": node.start, "date_finished": node.end}
                )
                bodies[production.id] = production._prepare_replan_message(node, tree)
        self.env["mrp.production"].browse(bodies)._message_log_batch(bodies=bodies)
        return trees

    def _prepare_replan_message(self, node, tree):
        """What replanning did to this order, for its chatter."""
        fmt = self.env["mrp.production.schedule"]._format_date
        if tree.mode == "backward":
            title = self.env._("Replanned backward, just in time for %s.", fmt(tree.due))
        else:
            title = self.env._("Replanned forward, as soon as possible.")
        return Markup("%s<br/>%s<br/>%s") % (
            title,
            self.env._(
                "Start: %(before)s → %(after)s",
                before=fmt(node.old_start) if node.old_start else "-",
                after=fmt(node.start),
            ),
            self.env._(
                "End: %(before)s → %(after)s",
                before=fmt(node.old_end) if node.old_end else "-",
                after=fmt(node.end),
            ),
        )

    def _get_schedule_deadline(self):
        """What this order's tree must keep: (deadline, security lead times before it). The
        sales deadline less the sales and manufacturing security lead times, as Odoo
        schedules the delivery and the order for it; else the order's own deadline."""
        self.ensure_one()
        if self.sale_line_id and self.date_commitment:
            return self.date_commitment, self.env["mrp.production.schedule"]._get_sale_lead(
                self.company_id
            )
        return self.date_deadline, timedelta(0)

    def _prepare_schedule_tree(self):
        """This top order and its open sub-orders as the engine plans them: their open work
        orders (started ones stay where they are), the components no sub-order makes, and
        what each order feeds (the order of its parent's components)."""
        self.ensure_one()
        productions = self._get_with_descendants().filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        now = fields.Datetime.now()
        nodes = {}
        for production in productions.sorted("parent_path"):
            parent = nodes.get(production.parent_id)
            if production != self and not parent:
                continue  # below an order that is done: not part of what is planned
            node = ScheduleNode(
                production.name,
                production.product_id,
                production.product_qty,
                production.product_uom_id,
                production=production,
                parent=parent,
                sort_key=production._get_schedule_sort_key(),
            )
            node.duration = bom_duration(production.bom_id)
            if production.state in ("progress", "to_close"):
                node.fixed_start = production.date_start
            nodes[production] = node
        for production, node in nodes.items():
            node.ops = production._prepare_schedule_ops(node, now)
            made_here = (production.child_ids & productions).move_finished_ids
            for move in production.move_raw_ids.sorted(
                lambda m: (m.bom_line_id.sequence, m.bom_line_id.id, m.id)
            ):
                if move.state in ("done", "cancel") or move.move_orig_ids & made_here:
                    continue
                node.materials.append((move.product_id, move.product_qty, move.location_id))
        deadline, lead = self._get_schedule_deadline()
        return ScheduleTree(nodes[self], deadline, lead)

    def _prepare_schedule_ops(self, node, now):
        """The open work orders of this order, linked as Odoo plans them (each after the
        ones blocking it), with their alternative work centers."""
        ops = {}
        for workorder in self.workorder_ids.sorted(lambda w: (w.sequence, w.id)):
            if workorder.state in ("done", "cancel"):
                continue
            candidates = [(workorder.workcenter_id, workorder.duration_expected)]
            fixed = None
            if workorder.state == "progress":
                fixed = (
                    workorder.date_start or now,
                    max(workorder.date_finished or now, now),
                )
            else:
                candidates += [
                    (
                        alternative,
                        float_round(
                            workorder._get_duration_expected(alternative_workcenter=alternative),
                            precision_digits=2,
                        ),
                    )
                    for alternative in workorder.workcenter_id.alternative_workcenter_ids
                ]
            ops[workorder] = ScheduleOp(
                node, workorder.name, candidates, workorder=workorder, fixed=fixed
            )
        for workorder, op in ops.items():
            for blocker in workorder.blocked_by_workorder_ids:
                if blocker in ops:
                    link(ops[blocker], op)
        return list(ops.values())

    def _get_schedule_sort_key(self):
        """Sub-orders are planned in the order of the components they make (their BoM
        lines), as confirming would create them."""
        line = self._get_fed_moves()[:1].bom_line_id if self.parent_id else False
        return (line.sequence, line.id) if line else (float("inf"), self.id)
