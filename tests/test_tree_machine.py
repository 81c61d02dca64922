# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A stateful property test of the tree on every path: random BoM trees (three levels and
more, a sub-assembly shared by two parents, units in dozens and grams), then random
interleavings of Odoo's own actions (Change Quantity up and down, a new planned start, the
star, Odoo's Split, partial production with and without backorder, Cancel, a Merge attempt,
a scrap of a sub-assembly) and the addon's (customize, tree split, suspend / resume, close /
reopen, link / unlink a sales line, a plan converted). After every step the tree check finds
nothing: the tree check is the integrity invariant.

``MPM_MACHINE_EXAMPLES`` / ``MPM_MACHINE_STEPS`` set the size of the run (CI: 30 of 15); the
examples are the same on every run (derandomized, so that a failure in CI can be replayed)
unless ``MPM_MACHINE_RANDOM`` is set, as for exploring locally."""

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import float_round

from .common import MpmCommon

EXAMPLES = int(os.environ.get("MPM_MACHINE_EXAMPLES", "30"))
STEPS = int(os.environ.get("MPM_MACHINE_STEPS", "15"))
OPEN_STATES = ("confirmed", "progress", "to_close")


@tagged("post_install", "-at_install")
class TestTreeMachine(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.customer = ref("mrp_production_management.partner_ege_aydinlatma")
        cls.reason_close = ref("mrp_production_management.reason_close_replanned")
        cls.reason_suspend = ref("mrp_production_management.reason_suspend_material_shortage")
        cls.reason_customize = ref("mrp_production_management.reason_customize_customer_request")
        cls.uom_kg = ref("uom.product_uom_kgm")
        cls.raw = cls.create_product("Machine raw", standard_price=0.5)
        cls.env["stock.quant"]._update_available_quantity(cls.raw, cls.stock_location, 10**7)

    def test_the_tree_holds_on_every_path(self):
        run_state_machine_as_test(
            lambda: TreeMachine(self),
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                derandomize=not os.environ.get("MPM_MACHINE_RANDOM"),
                suppress_health_check=list(HealthCheck),
            ),
            _min_steps=STEPS,
        )


class TreeMachine(RuleBasedStateMachine):
    """One random tree per example, in a savepoint rolled back at its end."""

    def __init__(self, case):
        super().__init__()
        self.case = case
        self.env = case.env
        self.savepoint = self.env.cr.savepoint(flush=False)
        self.top_product = None

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.env.invalidate_all()

    # The tree

    @initialize(
        subs=st.lists(
            st.tuples(st.sampled_from(["unit", "dozen"]), st.integers(1, 3)),
            min_size=1,
            max_size=2,
        ),
        grams=st.sampled_from([100, 250, 500]),
        deep=st.booleans(),
        qty=st.integers(2, 12),
    )
    def build(self, subs, grams, deep, qty):
        """Top ← sub-assemblies (units or dozens) ← a paste in kilograms that every
        sub-assembly uses in grams (shared) ← optionally a further level."""
        case = self.case
        raw = case.raw
        paste = case.create_product(
            "Machine paste", uom_id=case.uom_kg.id, uom_po_id=case.uom_kg.id
        )
        below_paste = [(raw, 1)]
        if deep:
            core = case.create_product("Machine core")
            case.create_bom(core, [(raw, 3)])
            below_paste.append((core, 1))
        case.create_bom(paste, below_paste)
        top_lines = [(raw, 2)]
        for index, (unit, per_top) in enumerate(subs):
            uom = case.uom_dozen if unit == "dozen" else case.uom_unit
            sub = case.create_product(f"Machine sub {index}", uom_id=uom.id, uom_po_id=uom.id)
            case.create_bom(sub, [(paste, grams, case.uom_gram), (raw, 1)])
            top_lines.append((sub, per_top))
        self.top_product = case.create_product("Machine top", sale_ok=True)
        case.create_bom(self.top_product, top_lines)
        self.sale_line = self.new_sale_line(qty)
        top = case.create_mo(self.top_product, qty, user=case.mrp_user)
        top.with_user(case.mrp_user)._link_to_sale_line(self.sale_line)
        self.check("built")

    def new_sale_line(self, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.case.customer.id,
                "order_line": [
                    Command.create({"product_id": self.top_product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        return order.order_line

    # Helpers

    def tops(self):
        return self.env["mrp.production"].search(
            [("product_id", "=", self.top_product.id), ("parent_id", "=", False)], order="id"
        )

    def nodes(self):
        return self.tops()._get_with_descendants()

    def pick(self, rnd, records):
        return rnd.choice(records) if records else None

    def open_nodes(self, **where):
        return self.nodes().filtered(
            lambda p: (
                p.state in OPEN_STATES
                and not p.is_suspended
                and all(p[key] == value for key, value in where.items())
            )
        )

    def attempt(self, action, *args):
        """Run ``action`` as one request: a refusal (UserError) leaves nothing changed."""
        savepoint = self.env.cr.savepoint()
        try:
            action(*args)
        except UserError:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
            return False
        savepoint.close(rollback=False)
        return True

    def check(self, step):
        self.env.invalidate_all()
        problems = self.tops()._get_tree_problems()
        assert not problems, f"after {step}: {problems}"

    def user(self, record):
        return record.with_user(self.case.mrp_user)

    # Odoo's own actions

    @rule(rnd=st.randoms(use_true_random=False), up=st.booleans())
    def change_quantity(self, rnd, up):
        production = self.pick(rnd, self.open_nodes(parent_id=self.env["mrp.production"]))
        if not production:
            return
        # more than the sales line orders would be over-coverage, which the check names
        qty = production.product_qty + (1 if up and not production.sale_line_id else -1)
        if qty < max(production.qty_producing, 1):
            return

        def change():
            form = Form(
                self.env["change.production.qty"]
                .with_user(self.case.mrp_user)
                .with_context(active_model="mrp.production", active_id=production.id)
            )
            form.product_qty = qty
            form.save().change_prod_qty()

        self.attempt(change)
        self.check(f"change quantity of {production.name} to {qty}")

    @rule(rnd=st.randoms(use_true_random=False), days=st.integers(-6, 6))
    def move_start(self, rnd, days):
        production = self.pick(rnd, self.open_nodes(parent_id=self.env["mrp.production"]))
        if not production or not days:
            return

        def move():
            form = Form(self.user(production))
            form.date_start = production.date_start + timedelta(days=days)
            form.save()

        self.attempt(move)
        self.check(f"move {production.name} by {days} days")

    @rule(rnd=st.randoms(use_true_random=False))
    def star(self, rnd):
        production = self.pick(rnd, self.open_nodes(parent_id=self.env["mrp.production"]))
        if production:
            self.user(production).priority = "0" if production.priority == "1" else "1"
            self.check(f"star {production.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def odoo_split(self, rnd):
        production = self.pick(
            rnd,
            self.open_nodes(parent_id=self.env["mrp.production"], state="confirmed").filtered(
                lambda p: p.product_qty >= 2
            ),
        )
        if not production:
            return

        def split():
            action = self.user(production).action_split()
            form = Form(
                self.env[action["res_model"]]
                .with_user(self.case.mrp_user)
                .with_context(**action["context"])
            )
            form.counter = 2
            form.save().action_split()

        self.attempt(split)
        self.check(f"Odoo's split of {production.name}")

    @rule(rnd=st.randoms(use_true_random=False), backorder=st.booleans())
    def produce_part(self, rnd, backorder):
        """Produce part of an order whose sub-orders are all done, the standard way."""
        production = self.pick(
            rnd, self.open_nodes().filtered(lambda p: not p._get_open_children())
        )
        if not production:
            return

        def produce():
            form = Form(self.user(production))
            form.qty_producing = float_round(
                production.product_qty / 2, precision_rounding=production.product_uom_id.rounding
            )
            form.save()
            production.move_raw_ids.picked = True
            action = self.user(production).button_mark_done()
            if not isinstance(action, dict):  # half of the smallest quantity is all of it
                return
            wizard = Form(
                self.env["mrp.production.backorder"]
                .with_user(self.case.mrp_user)
                .with_context(**action["context"])
            ).save()
            if backorder:
                wizard.action_backorder()
            else:
                wizard.action_close_mo()

        self.attempt(produce)
        self.check(f"produce part of {production.name} ({'with' if backorder else 'no'} backorder)")

    def pick_to_end(self, rnd):
        """A top order to cancel or close, when another open one stays for the next steps."""
        tops = self.open_nodes(parent_id=self.env["mrp.production"])
        if len(tops) >= 2:
            return self.pick(rnd, tops.filtered(lambda p: p.state == "confirmed"))
        return None

    @rule(rnd=st.randoms(use_true_random=False))
    def cancel(self, rnd):
        production = self.pick_to_end(rnd)
        if production:
            self.attempt(self.user(production).action_cancel)
            self.check(f"cancel {production.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def merge_attempt(self, rnd):
        tops = self.open_nodes(parent_id=self.env["mrp.production"], state="confirmed")
        if len(tops) < 2:
            return
        pair = self.env["mrp.production"].concat(*rnd.sample(list(tops), 2))
        merged = self.attempt(self.user(pair).action_merge)
        assert not merged or not pair.child_ids, f"{pair.mapped('name')} merged with sub-orders"
        self.check(f"merge {pair.mapped('name')}")

    @rule(rnd=st.randoms(use_true_random=False))
    def scrap_sub_assembly(self, rnd):
        """Scrap, from its parent, one unit of a sub-assembly a done sub-order made."""
        child = self.pick(
            rnd,
            self.nodes().filtered(lambda p: p.state == "done" and p.parent_id.state in OPEN_STATES),
        )
        if not child:
            return
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.case.mrp_user)
            .create(
                {
                    "production_id": child.parent_id.id,
                    "product_id": child.product_id.id,
                    "product_uom_id": child.product_uom_id.id,
                    "scrap_qty": min(child.qty_produced, 1),
                    "location_id": child.parent_id.location_src_id.id,
                }
            )
        )
        self.attempt(scrap.do_scrap)
        self.check(f"scrap {child.product_id.name} of {child.parent_id.name}")

    # The addon's actions

    @rule(rnd=st.randoms(use_true_random=False), extra=st.integers(1, 3))
    def customize(self, rnd, extra):
        production = self.pick(
            rnd,
            self.open_nodes(state="confirmed").filtered(lambda p: not p.bom_id.is_customization),
        )
        if not production:
            return

        def customize():
            form = Form(
                self.env["mrp.bom.customize"]
                .with_user(self.case.mrp_user)
                .with_context(default_production_id=production.id)
            )
            products = [line["product_id"] for line in form.line_ids._records]
            with form.line_ids.edit(products.index(self.case.raw.id)) as line:
                line.product_qty += extra
            form.reason_ids.add(self.case.reason_customize)
            form.save().action_save()

        self.attempt(customize)
        self.check(f"customize {production.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def tree_split(self, rnd):
        production = self.pick(
            rnd,
            self.open_nodes(parent_id=self.env["mrp.production"]).filtered(
                lambda p: p.product_qty - p.qty_produced >= 2
            ),
        )
        if production:
            rest = int(production.product_qty - production.qty_produced)
            first = rnd.randint(1, rest - 1)
            self.attempt(self.user(production)._split_tree, [first, rest - first])
            self.check(f"tree split of {production.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def suspend_and_resume(self, rnd):
        """Suspend an order with its sub-tree, then resume it: the sub-tree comes back.
        (Resumed at once, or the other steps would find the tree suspended most of the time.)"""
        production = self.pick(rnd, self.open_nodes(parent_id=self.env["mrp.production"]))
        if production and self.attempt(self.user(production)._suspend, self.case.reason_suspend):
            self.check(f"suspend {production.name}")
            self.attempt(self.user(production).action_resume)
            assert not production._get_with_descendants().filtered("is_suspended")
            self.check(f"resume {production.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def close(self, rnd):
        production = self.pick_to_end(rnd)
        if production:
            manager = production.with_user(self.case.mrp_manager)
            self.attempt(manager._close, self.case.reason_close)
            self.check(f"close {production.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def reopen(self, rnd):
        closure = self.pick(rnd, self.tops().closure_ids.filtered(lambda c: c.qty_balance >= 1))
        if closure:
            manager = closure.production_id.with_user(self.case.mrp_manager)
            self.attempt(manager._reopen, closure, rnd.randint(1, int(closure.qty_balance)))
            self.check(f"reopen {closure.production_id.name}")

    @rule(rnd=st.randoms(use_true_random=False))
    def unlink_sale_line(self, rnd):
        production = self.pick(rnd, self.tops().filtered("is_sale_line_top"))
        if production:
            self.attempt(self.user(production).action_unlink_sale_line)
            self.check(f"unlink {production.name} from its sales line")

    @rule(rnd=st.randoms(use_true_random=False))
    def link_sale_line(self, rnd):
        """Link an order that serves no one to a new sales line for just its quantity."""
        production = self.pick(
            rnd, self.open_nodes(parent_id=self.env["mrp.production"], sale_line_id=False)
        )
        if production:
            line = self.new_sale_line(production.product_qty)
            self.attempt(self.user(production)._link_to_sale_line, line)
            self.check(f"link {production.name} to {line.order_id.name}")

    @rule(qty=st.integers(1, 6))
    def convert_plan(self, qty):
        plan = (
            self.env["mrp.production.plan"]
            .with_user(self.case.mrp_user)
            .create(
                {
                    "line_ids": [
                        Command.create({"product_id": self.top_product.id, "product_qty": qty})
                    ]
                }
            )
        )
        self.attempt(plan.action_convert)
        self.check(f"convert a plan of {qty}")
