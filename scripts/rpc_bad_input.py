# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Bad input through the external API: every user action called with wrong types, missing
ids, another company's ids, records in the wrong state or by a user without the right group
is refused with a clear error, and the tables the addon writes are unchanged."""

import re

from rpc_common import (
    ADDON,
    MO,
    TABLES,
    attempt,
    check,
    close_orders,
    create_mo,
)


def digest(connection):
    with connection.cursor() as cr:
        result = []
        for table in TABLES:
            cr.execute(f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY id)) FROM {table} t")
            result.append((table, *cr.fetchone()))
        return result


def bad_input(data, admin, connection):
    users = data["users"]
    a, seller, operator, foreign = (
        users["planner_a"],
        users["seller"],
        users["operator"],
        users["planner_other"],
    )
    products = data["products"]
    reason = admin.ref(f"{ADDON}.reason_close_replanned")
    suspend_reason = admin.ref(f"{ADDON}.reason_suspend_material_shortage")
    confirmed = create_mo(a, products["top"], 2)
    draft = a("mrp.production", "create", {"product_id": products["top"], "product_qty": 1})
    cancelled = create_mo(a, products["top"], 1)
    a("mrp.production", "action_cancel", [cancelled])
    other_mo = create_mo(foreign, products["top"], 1)
    closed = create_mo(a, products["top"], 1)
    close_orders(a, [closed], reason)
    quotation = admin(
        "sale.order",
        "create",
        {
            "partner_id": data["partner"],
            "order_line": [(0, 0, {"product_id": products["top"], "product_uom_qty": 1})],
        },
    )
    quotation_line = admin("sale.order.line", "search", [("order_id", "=", quotation)])[0]
    missing = 999999999

    def create(client, model, vals):
        return lambda: client(model, "create", vals)

    def wizard(client, model, vals, method):
        return lambda: client(model, method, [client(model, "create", vals)])

    def button(client, model, method, ids):
        return lambda: client(model, method, ids)

    mo, split, close, reopen = MO, f"{MO}.tree.split", f"{MO}.close", f"{MO}.reopen"
    suspend, link = f"{MO}.suspend", f"{MO}.sale.link"
    typed, gone, foreign_rule = r"not a valid value", r"does not exist", r"top-secret|company"
    no_group = r"not allowed|Only manufacturing users"
    cases = [
        # wrong types
        ("reopen a quantity given as text",
         create(a, reopen, {"production_id": closed, "product_qty": "many"}), typed),
        ("split an order given by its name",
         create(a, split, {"production_id": "MO/00001"}), typed),
        ("split into a part given as text",
         create(a, split, {"production_id": confirmed, "line_ids": [(0, 0, {"quantity": "ten"})]}),
         typed),
        ("suspend with a reason given as a list",
         create(a, suspend, {"production_ids": [(6, 0, [confirmed])], "reason_id": ["shortage"]}),
         typed),
        # missing ids
        ("split an order that does not exist",
         button(a, mo, "action_open_split_tree", [missing]), gone),
        ("reopen an order that does not exist",
         wizard(a, reopen, {"production_id": missing, "product_qty": 1}, "action_reopen"), gone),
        ("link orders to a sales line that does not exist",
         wizard(a, link, {"sale_line_id": missing, "production_ids": [(6, 0, [confirmed])]},
                "action_link"), gone),
        ("close without a reason",
         wizard(a, close, {"production_ids": [(6, 0, [confirmed])]}, "action_close"), r"Reason"),
        # another company's records
        ("split another company's order", button(a, mo, "action_open_split_tree", [other_mo]),
         foreign_rule),
        ("close another company's order",
         wizard(a, close, {"production_ids": [(6, 0, [other_mo])], "reason_id": reason},
                "action_close"), foreign_rule),
        ("link another company's order to a sales line",
         wizard(foreign, link,
                {"sale_line_id": quotation_line, "production_ids": [(6, 0, [other_mo])]},
                "action_link"), foreign_rule),
        # records in the wrong state
        ("split a cancelled order",
         wizard(a, split, {"production_id": cancelled, "part_count": 2}, "action_split"),
         r"cancelled"),
        ("close a draft order",
         wizard(a, close, {"production_ids": [(6, 0, [draft])], "reason_id": reason},
                "action_close"), r"confirmed"),
        ("reopen more than was closed",
         wizard(a, reopen, {"production_id": closed, "product_qty": 5}, "action_reopen"),
         r"Only 1\.0"),
        ("resume an order that is not suspended", button(a, mo, "action_resume", [confirmed]),
         r"not suspended"),
        ("add sub-orders to a draft order",
         button(a, mo, "action_create_child_productions", [draft]), r"confirmed"),
        ("produce a quotation line",
         button(a, "sale.order.line", "action_create_production", [quotation_line]), r"Confirm"),
        ("reset a standard order to standard",
         button(a, mo, "action_reset_bom_to_standard", [confirmed]), r"standard"),
        # users without the right group
        ("close as an operator",
         wizard(operator, close, {"production_ids": [(6, 0, [confirmed])], "reason_id": reason},
                "action_close"), no_group),
        ("add sub-orders as a sales user",
         button(seller, mo, "action_create_child_productions", [confirmed]), no_group),
        ("suspend as a sales user",
         wizard(seller, suspend,
                {"production_ids": [(6, 0, [confirmed])], "reason_id": suspend_reason},
                "action_suspend"), no_group),
        ("plan as a sales user",
         create(seller, f"{MO}.plan",
                {"line_ids": [(0, 0, {"product_id": products["top"], "product_qty": 1})]}),
         no_group),
    ]  # fmt: skip
    for name, call, pattern in cases:
        before = digest(connection)
        status, message = attempt(call)
        after = digest(connection)
        check(status == "refused", f"bad input: '{name}' was not refused")
        if status == "refused":
            check(
                re.search(pattern, message),
                f"bad input: '{name}': unexpected message {message[:300]!r}",
            )
        changed = [b[0] for b, c in zip(before, after, strict=True) if b != c]
        check(not changed, f"bad input: '{name}' changed {changed}")
        print(f"  {status}: {name}: {str(message).splitlines()[0][:110]}", flush=True)
    return len(cases)
