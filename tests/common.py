# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import Form, TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class MpmCommon(TransactionCase):
    """Demo products of the addon (three-level BoMs) and users of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        ref = cls.env.ref
        cls.company = cls.env.company
        cls.company.write({"mo_child_auto_create": True, "mo_child_qty_mode": "full"})
        cls.stock_location = ref("stock.warehouse0").lot_stock_id
        cls.uom_unit = ref("uom.product_uom_unit")
        cls.uom_dozen = ref("uom.product_uom_dozen")
        cls.uom_gram = ref("uom.product_uom_gram")
        cls.sfp = ref("mrp_production_management.product_sfp_transceiver")
        cls.osa = ref("mrp_production_management.product_osa")
        cls.lens = ref("mrp_production_management.product_lens_assembly")
        cls.sfp_pcba = ref("mrp_production_management.product_sfp_pcba")
        cls.led_module = ref("mrp_production_management.product_led_module")
        cls.led_array = ref("mrp_production_management.product_led_array")
        cls.mcpcb = ref("mrp_production_management.product_mcpcb")
        cls.led_driver = ref("mrp_production_management.product_led_driver")
        cls.epoxy = ref("mrp_production_management.raw_optical_epoxy")
        cls.solder_paste = ref("mrp_production_management.raw_solder_paste")
        cls.screw = ref("mrp_production_management.raw_screw_m2")
        cls.bom_sfp = ref("mrp_production_management.bom_sfp_transceiver")
        cls.bom_led_module = ref("mrp_production_management.bom_led_module")
        cls.mrp_user = mail_new_test_user(
            cls.env, "mpm_mrp_user", groups="mrp.group_mrp_user,stock.group_stock_user"
        )
        cls.mrp_manager = mail_new_test_user(
            cls.env, "mpm_mrp_manager", groups="mrp.group_mrp_manager"
        )
        cls.sale_user = mail_new_test_user(
            cls.env, "mpm_sale_user", groups="sales_team.group_sale_salesman"
        )

    @classmethod
    def create_product(cls, name, **vals):
        return cls.env["product.product"].create({"name": name, "is_storable": True, **vals})

    @classmethod
    def create_bom(cls, product, lines, qty=1.0, bom_type="normal", **vals):
        """``lines``: (product, quantity[, uom]) tuples."""
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_id": product.id,
                "product_qty": qty,
                "product_uom_id": product.uom_id.id,  # as Odoo's BoM form sets it
                "type": bom_type,
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": line[0].id,
                            "product_qty": line[1],
                            **({"product_uom_id": line[2].id} if len(line) > 2 else {}),
                        }
                    )
                    for line in lines
                ],
                **vals,
            }
        )

    def create_mo(self, product, qty, bom=None, confirm=True, user=None):
        env = self.env(user=user) if user else self.env
        form = Form(env["mrp.production"])
        form.product_id = product
        if bom:
            form.bom_id = bom
        form.product_qty = qty
        production = form.save()
        if confirm:
            production.action_confirm()
        return production

    def produce(self, production, qty=None):
        """Produce ``qty`` (all by default) of ``production`` and close it without backorder."""
        form = Form(production)
        form.qty_producing = qty or production.product_qty
        production = form.save()
        production.move_raw_ids.picked = True
        action = production.button_mark_done()
        if isinstance(action, dict) and action.get("res_model") == "mrp.production.backorder":
            Form(
                self.env["mrp.production.backorder"].with_context(**action["context"])
            ).save().action_close_mo()
        return production

    def set_stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(product, self.stock_location, qty)

    def tree_of(self, production):
        return self.env["mrp.production"].search([("id", "child_of", production.id)])


class CustomizationCommon(MpmCommon):
    """A customer, a reason and a rugged housing to customize the demo's SFP+ transceiver."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.customer, cls.other_customer = cls.env["res.partner"].create(
            [{"name": "Karadeniz Optik", "is_company": True}, {"name": "Trakya Fiber"}]
        )
        cls.housing = ref("mrp_production_management.raw_sfp_housing")
        cls.reason = ref("mrp_production_management.reason_customize_customer_request")
        cls.rugged_housing = cls.create_product("Rugged SFP+ Housing", standard_price=7.25)
        cls.wc_test = ref("mrp_production_management.wc_test")

    def sale_line(self, customer=None, qty=10, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": (customer or self.customer).id,
                "order_line": [Command.create({"product_id": self.sfp.id, "product_uom_qty": qty})],
            }
        )
        if confirm:
            order.action_confirm()
        return order.order_line

    def produce_line(self, line):
        """The top manufacturing order created for ``line`` from the sales order."""
        line.with_user(self.mrp_user).action_create_production()
        return line.production_ids.filtered("is_sale_line_top")

    def customize_form(self, production=None, line=None, user=None):
        env = self.env(user=user or self.mrp_user)
        return Form(
            env["mrp.bom.customize"].with_context(
                default_production_id=production and production.id,
                default_sale_line_id=line and line.id,
            )
        )

    def edit_sfp(self, form):
        """Rugged housing instead of the standard one, four screws, a longer burn-in."""
        products = [line["product_id"] for line in form.line_ids._records]
        form.line_ids.remove(index=products.index(self.housing.id))
        with form.line_ids.new() as line:
            line.product_id = self.rugged_housing
            line.product_qty = 1
        with form.line_ids.edit(products.index(self.screw.id) - 1) as line:
            line.product_qty = 4
        names = [op["name"] for op in form.operation_ids._records]
        with form.operation_ids.edit(names.index("Test and burn-in")) as operation:
            operation.time_cycle = 45
        form.reason_ids.add(self.reason)
        form.note = "Outdoor cabinets: rugged housing, longer burn-in"

    def bom_snapshot(self, bom):
        self.env.flush_all()
        rows = []
        for table, column in (
            ("mrp_bom", "id"),
            ("mrp_bom_line", "bom_id"),
            ("mrp_routing_workcenter", "bom_id"),
        ):
            self.env.cr.execute(
                f"SELECT row_to_json(t)::text FROM {table} t WHERE {column} = %s ORDER BY id",
                [bom.id],
            )
            rows += [row[0] for row in self.env.cr.fetchall()]
        return rows


class ScheduleCommon(MpmCommon):
    """Two work centers on calendars of their own (UTC, to count by hand): a press, Monday to
    Friday 8-12 and 13-17, closed Wednesday 11-15 for maintenance; an oven, 6-14, loaded by
    other orders Wednesday 6-9 and Thursday 10-13. A top product pressed for an hour from a
    sub-assembly baked for two hours; the sub-assembly needs two parts bought with a two-day
    vendor lead time, the top one part expected on a receipt Wednesday at 10. Now is Monday
    3 March 2031, 7:00; the sales security lead time is a day."""

    NOW = datetime(2031, 3, 3, 7, 0)  # a Monday

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"security_lead": 1.0, "manufacturing_lead": 0.0})
        cls.press_hours = cls.create_calendar("Press hours", [(8, 12), (13, 17)])
        cls.oven_hours = cls.create_calendar("Oven hours", [(6, 14)])
        cls.press = cls.env["mrp.workcenter"].create(
            {"name": "Press", "code": "PRS", "resource_calendar_id": cls.press_hours.id}
        )
        cls.oven = cls.env["mrp.workcenter"].create(
            {"name": "Oven", "code": "OVN", "resource_calendar_id": cls.oven_hours.id}
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Maintenance",
                "calendar_id": cls.press_hours.id,
                "resource_id": cls.press.resource_id.id,
                "date_from": cls.at(2, 11),
                "date_to": cls.at(2, 15),
                "time_type": "leave",
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor Ltd", "is_company": True})
        cls.bought = cls.create_product(
            "Replan Bought Part",
            seller_ids=[Command.create({"partner_id": cls.vendor.id, "delay": 2})],
        )
        cls.received = cls.create_product("Replan Received Part")
        cls.sub = cls.create_product("Replan Sub-assembly")
        cls.top = cls.create_product("Replan Top", sale_ok=True, list_price=100)
        cls.bom_sub = cls.create_bom(
            cls.sub, [(cls.bought, 2)], operation_ids=[cls.operation("Bake", cls.oven, 120)]
        )
        cls.bom_top = cls.create_bom(
            cls.top,
            [(cls.sub, 1), (cls.received, 1)],
            operation_ids=[cls.operation("Press", cls.press, 60)],
        )
        receipt = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.env.ref("stock.picking_type_in").id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": cls.stock_location.id,
                "scheduled_date": cls.at(2, 10),
                "move_ids": [
                    Command.create(
                        {
                            "name": "Replan Received Part",
                            "product_id": cls.received.id,
                            "product_uom_qty": 1,
                            "product_uom": cls.uom_unit.id,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": cls.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.scheduled_date = cls.at(2, 10)
        cls.receipt = receipt
        # other orders already planned on the oven
        other = cls.create_product("Replan Other")
        cls.create_bom(other, [(cls.screw, 1)], operation_ids=[cls.operation("Dry", cls.oven, 60)])
        cls.loads = cls.env["mrp.production"]
        for start, end in ((cls.at(2, 6), cls.at(2, 9)), (cls.at(3, 10), cls.at(3, 13))):
            production = cls.env["mrp.production"].create(
                {"product_id": other.id, "product_qty": 1}
            )
            production.action_confirm()
            production.workorder_ids.with_context(bypass_duration_calculation=True).write(
                {"date_start": start, "date_finished": end}
            )
            cls.loads |= production

    @classmethod
    def at(cls, day, hour, minute=0):
        """``day`` days after Monday 3 March 2031, at ``hour``:``minute`` (UTC)."""
        return cls.NOW.replace(hour=hour, minute=minute) + timedelta(days=day)

    @classmethod
    def create_calendar(cls, name, periods):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{name} {day}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start, end in periods
                ],
            }
        )

    @classmethod
    def operation(cls, name, workcenter, minutes):
        return Command.create(
            {
                "name": name,
                "workcenter_id": workcenter.id,
                "time_mode": "manual",
                "time_cycle_manual": minutes,
            }
        )

    def fmt(self, value):
        return self.env["mrp.production.schedule"].with_context(tz="UTC")._format_date(value)

    def quotation(self, product, qty, customer=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (customer or self.env.ref("base.res_partner_2")).id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty})],
            }
        )
