# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The trees the scheduling engine plans: plain nodes (an order, or one that confirming a
quotation would create) with their operations, and the builder of would-be trees from bills
of materials, exploded as Odoo explodes them into component moves and work orders."""

from collections import defaultdict
from datetime import timedelta
from itertools import pairwise

from odoo.tools import float_compare, float_is_zero, float_round


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

    def fit_ops(self):
        """Start and end with the operations placed."""
        self.start = self.fixed_start or min(op.start for op in self.ops)
        self.end = max(op.end for op in self.ops)

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

    def fit_nodes(self):
        """Start and finish with the orders placed."""
        self.start = min(node.start for node in self.root.walk())
        self.finish = self.root.end

    @property
    def nodes(self):
        return list(self.root.walk())


class TreeBuilder:
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
