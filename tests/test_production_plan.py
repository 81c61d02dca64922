# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestProductionPlan(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.anadolu_line = ref("mrp_production_management.sale_order_anadolu_line_1")
        cls.ege_line = ref("mrp_production_management.sale_order_ege_line_1")
        cls.marmara_led_line = ref("mrp_production_management.sale_order_marmara_line_2")
        cls.demo_plan = ref("mrp_production_management.mrp_production_plan_demo")

    def new_plan(self, **vals):
        return self.env["mrp.production.plan"].with_user(self.mrp_user).create(vals)

    def test_fill_from_demo_sales_and_convert(self):
        plan = self.demo_plan.with_user(self.mrp_user)
        self.assertTrue(plan.name.startswith("PLAN/"))
        # Filled from the sales demand of the demo. Anadolu: 20 ordered, its two MOs make
        # 10; Ege: 10 ordered, its MO makes 4; Marmara: its SFP+ are covered by an MO, its
        # 5 LED modules by nothing.
        self.assertEqual(
            [
                (line.sale_line_id, line.product_qty)
                for line in plan.line_ids.sorted("date_planned")
            ],
            [(self.marmara_led_line, 5), (self.anadolu_line, 10), (self.ege_line, 6)],
        )
        self.assertEqual(
            plan.line_ids.partner_id,
            (self.anadolu_line | self.ege_line | self.marmara_led_line).order_partner_id,
        )
        # Filling twice adds nothing: what the plan holds is planned already.
        plan._fill_from_sales()
        self.assertEqual(len(plan.line_ids), 3)
        plan.action_confirm()
        plan.action_convert()
        self.assertEqual(plan.state, "progress")
        for line in plan.line_ids:
            top = line.production_ids
            self.assertEqual(len(top), 1)
            self.assertEqual(
                (top.product_qty, top.sale_line_id, top.plan_id, top.state),
                (line.product_qty, line.sale_line_id, plan, "confirmed"),
            )
            self.assertEqual(len(top.child_ids), 2)
            self.assertEqual(top.descendant_ids.sale_line_id, line.sale_line_id)
            self.assertEqual(top.date_start, line.date_planned)
            self.assertEqual(line.qty_in_production, line.product_qty)
        self.assertEqual(plan.production_count, 3)
        self.assertFalse(plan._get_sales_demand())
        count = self.env["mrp.production"].search_count([])
        plan.action_convert()
        self.assertEqual(self.env["mrp.production"].search_count([]), count)
        # Progress follows production: part of one order produced, the rest closed.
        line = plan.line_ids.filtered(lambda pl: pl.sale_line_id == self.marmara_led_line)
        top = line.production_ids
        for node in top.descendant_ids.sorted("tree_level", reverse=True):
            self.produce(node)
        self.produce(top, 2)
        self.assertEqual((line.qty_produced, line.qty_in_production), (2, 0))
        self.assertEqual(plan.progress, 100 * 2 / 21)

    def test_grouped_fill_and_other_filters(self):
        self.demo_plan.action_cancel()
        plan = self.new_plan()
        wizard = Form(self.env["mrp.production.plan.fill"].with_context(default_plan_id=plan.id))
        wizard.grouping = "product"
        wizard.save().action_fill()
        self.assertEqual(len(plan.line_ids), 2)
        plan.line_ids.unlink()
        plan._fill_from_sales(grouping="product")
        self.assertEqual(
            sorted((line.product_id.default_code, line.product_qty) for line in plan.line_ids),
            [("OPT-LED50", 11), ("OPT-SFP10-LR", 10)],
        )
        self.assertFalse(plan.line_ids.sale_line_id)
        other = self.new_plan()
        other._fill_from_sales(partners=self.anadolu_line.order_partner_id)
        # The first plan holds that demand already.
        self.assertFalse(other.line_ids)
        plan.line_ids.unlink()
        other._fill_from_sales(partners=self.anadolu_line.order_partner_id)
        self.assertEqual(other.line_ids.sale_line_id, self.anadolu_line)

    def test_free_stock_covers_demand_first(self):
        self.demo_plan.action_cancel()
        self.set_stock(self.led_module, 7)
        plan = self.new_plan()
        plan._fill_from_sales()
        led = plan.line_ids.filtered(lambda line: line.product_id == self.led_module)
        # 7 in stock go to the earliest commitment (Marmara, 5) then 2 to Ege (6 -> 4).
        self.assertEqual(led.sale_line_id, self.ege_line)
        self.assertEqual(led.product_qty, 4)

    def sale_line(self, product, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.ege_line.order_partner_id.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=20),
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        return order.order_line

    def test_reserved_stock_and_orders_both_cover_a_line(self):
        self.demo_plan.action_cancel()
        self.set_stock(self.led_module, 1)
        line = self.sale_line(self.led_module, 3)
        delivery = line.move_ids.filtered(lambda m: m.location_dest_id.usage == "customer")
        self.assertEqual(delivery.quantity, 1)  # reserved from stock at confirmation
        plan = self.new_plan()
        plan._fill_from_sales()
        planned = plan.line_ids.filtered(lambda pl: pl.sale_line_id == line)
        self.assertEqual(planned.product_qty, 2)
        plan.action_convert()
        self.assertEqual(planned.production_ids.product_qty, 2)
        # 2 made by the order, 1 reserved from stock: the line needs nothing more
        self.assertEqual(line._get_qty_uncovered(), 0)
        again = self.new_plan()
        again._fill_from_sales()
        self.assertFalse(again.line_ids.filtered(lambda pl: pl.sale_line_id == line))
        # more reserved than the order leaves open: never below zero
        self.set_stock(self.led_module, 5)
        delivery.picking_id.action_assign()
        self.assertEqual((delivery.quantity, line._get_qty_uncovered()), (3, 0))

    def test_convert_makes_only_what_the_sales_line_still_needs(self):
        self.demo_plan.action_cancel()
        template_bom = self.bom_led_module.copy({"product_id": False})
        variant_bom = self.bom_led_module
        for bom, other in ((template_bom, variant_bom), (variant_bom, template_bom)):
            other.active, bom.active = False, True
            first, second = self.sale_line(self.led_module, 5), self.sale_line(self.led_module, 4)
            plan = self.new_plan()
            plan._fill_from_sales()
            lines = plan.line_ids.filtered(lambda pl, s=first | second: pl.sale_line_id in s)
            self.assertEqual(
                sorted((pl.sale_line_id.id, pl.product_qty) for pl in lines),
                sorted([(first.id, 5), (second.id, 4)]),
            )
            # since the plan was filled: an order for all of the first line, 3 of the second
            first.with_user(self.mrp_user).action_create_production()
            self.create_mo(self.led_module, 3)._link_to_sale_line(second)
            count = self.env["mrp.production"].search_count([("sale_line_id", "=", second.id)])
            result = plan.with_user(self.mrp_user).action_convert()
            message = result["params"]["message"]
            self.assertIn(f"{first.order_id.name} needs nothing more", message)
            self.assertIn(f"{second.order_id.name} still needs only 1.00 Units", message)
            self.assertEqual(len(first.production_ids.filtered("is_sale_line_top")), 1)
            made = lines.filtered(lambda pl, s=second: pl.sale_line_id == s).production_ids
            self.assertEqual((made.product_qty, made.bom_id), (1, bom))
            self.assertEqual(
                self.env["mrp.production"].search_count([("sale_line_id", "=", second.id)]),
                count + len(made._get_with_descendants()),
            )
            self.assertEqual(first._get_qty_uncovered() + second._get_qty_uncovered(), 0)
            self.assertIn("needs nothing more", plan.message_ids[:1].body)

    def test_orders_from_sales_end_by_the_promised_date(self):
        self.demo_plan.action_cancel()
        self.assertFalse(self.bom_led_module.produce_delay)  # its operations set its duration
        self.env.company.manufacturing_lead = 1
        line = self.sale_line(self.led_module, 4)
        plan = self.new_plan()
        plan._fill_from_sales()
        planned = plan.line_ids.filtered(lambda pl: pl.sale_line_id == line)
        plan.action_convert()
        top = planned.production_ids
        self.assertEqual(top.date_start, planned.date_planned)
        deadline = line._get_date_commitment() - timedelta(days=1)
        self.assertLessEqual(top.date_finished, deadline)
        # just in time on the work centers' calendars: its last work center has no free
        # working minute left between the order's end and the deadline
        last = top.workorder_ids.sorted("date_finished")[-1]
        free = last.workcenter_id.resource_calendar_id.get_work_duration_data(
            top.date_finished, deadline, domain=[("time_type", "in", ("leave", "other"))]
        )
        self.assertFalse(free["hours"])
        self.assertEqual(last.date_finished, top.date_finished)
        self.assertFalse(line.is_production_late)
        for child in top.child_ids:
            self.assertLessEqual(child.date_finished, top.date_start)

    def test_typed_and_imported_lines_convert_selectively(self):
        plan = self.new_plan()
        result = self.env["mrp.production.plan.line"].load(
            ["plan_id/.id", "product_id/id", "product_qty", "date_planned"],
            [
                [
                    str(plan.id),
                    "mrp_production_management.product_led_driver",
                    "3",
                    "2031-01-05 08:00:00",
                ],
                [
                    str(plan.id),
                    "mrp_production_management.product_sfp_pcba",
                    "2",
                    "2031-01-06 08:00:00",
                ],
            ],
        )
        self.assertFalse(result["messages"])
        driver, pcba = plan.line_ids.sorted("date_planned")
        driver.action_convert()
        self.assertEqual(driver.production_ids.product_qty, 3)
        self.assertFalse(pcba.production_ids)
        plan.action_convert()
        self.assertEqual(pcba.production_ids.product_qty, 2)
        self.assertEqual(plan.converted_line_count, 2)

    def test_refusals_create_nothing(self):
        plan = self.new_plan()
        lamp = self.create_product("Bought Lamp")
        other_company = self.env["res.company"].create({"name": "Other Plant"})
        foreign = self.create_product("Foreign Module", company_id=other_company.id)
        self.create_bom(foreign, [(self.screw, 1)], company_id=other_company.id)
        for qty in (0, -1):
            with (
                self.assertRaisesRegex(ValidationError, "must be greater than zero"),
                self.env.cr.savepoint(),
            ):
                plan.line_ids = [
                    Command.create({"product_id": self.led_driver.id, "product_qty": qty})
                ]
        self.assertFalse(plan.line_ids)
        plan.line_ids = [
            Command.create({"product_id": self.led_driver.id, "product_qty": 2}),
            Command.create({"product_id": lamp.id, "product_qty": 1}),
        ]
        count = self.env["mrp.production"].search_count([])
        with self.assertRaisesRegex(UserError, "Bought Lamp.*not manufactured"):
            plan.action_convert()
        with self.assertRaisesRegex(UserError, "not manufactured"):
            plan.action_confirm()
        self.assertEqual(self.env["mrp.production"].search_count([]), count)
        self.assertEqual(plan.state, "draft")
        plan.action_convert_valid()
        driver_line = plan.line_ids.filtered(lambda line: line.product_id == self.led_driver)
        self.assertEqual(driver_line.production_ids.product_qty, 2)
        self.assertFalse((plan.line_ids - driver_line).production_ids)
        foreign_line = (
            self.env["mrp.production.plan.line"]
            .sudo()
            .new({"plan_id": plan.id, "product_id": foreign.id, "product_qty": 1})
        )
        self.assertIn(
            "another company", foreign_line._get_refusal(foreign_line._get_boms()[foreign_line])
        )
        with self.assertRaisesRegex(UserError, "Cancel or close the manufacturing orders"):
            plan.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            plan.unlink()

    def test_past_dates_warn_and_states(self):
        plan = self.new_plan()
        with Form(plan) as form, form.line_ids.new() as line:
            line.product_id = self.led_driver
            line.product_qty = 1
            line.date_planned = fields.Datetime.now() - timedelta(days=3)
        self.assertTrue(plan.has_past_dates)
        plan.action_cancel()
        self.assertEqual(plan.state, "cancel")
        with self.assertRaisesRegex(UserError, "current state"):
            plan.action_convert()
        plan.action_draft()
        plan.action_convert()
        self.assertFalse(plan.has_past_dates)
        plan.line_ids.production_ids.action_cancel()
        plan.action_done()
        self.assertEqual(plan.state, "done")

    def test_converting_many_lines_in_bounded_queries(self):
        """Lines are converted in one batch: the queries per line do not grow with the
        number of lines (the benchmark prints the figures)."""

        def queries_per_line(count):
            plan = self.new_plan()
            plan.line_ids = [
                Command.create({"product_id": self.mcpcb.id, "product_qty": 1 + i % 3})
                for i in range(count)
            ]
            self.env.flush_all()
            self.env.invalidate_all()
            queries = self.env.cr.sql_log_count
            plan.action_convert()
            self.env.flush_all()
            self.assertEqual(len(plan.production_ids), count)
            return (self.env.cr.sql_log_count - queries) / count

        few, many = queries_per_line(5), queries_per_line(20)
        self.assertLessEqual(many, few)
