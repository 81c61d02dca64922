# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).


def post_init_hook(env):
    """Installed on a database that has manufacturing orders: the orders Odoo's
    make-to-order procurement created for other orders' components become their
    sub-orders, so that existing trees show as trees, and the trees serve the sales order
    line their finished products are delivered for."""
    productions = env["mrp.production"].search(
        [("state", "in", ("confirmed", "progress", "to_close")), ("parent_id", "=", False)]
    )
    productions._adopt_child_productions()
    for root in productions.filtered(lambda p: not p.parent_id and not p.sale_line_id):
        line = root.move_finished_ids.move_dest_ids._get_downstream_sale_line()
        if line:
            root._link_sale_line(line)


def uninstall_hook(env):
    """Without the addon nothing would keep customizations out of Odoo's BoM search: archive
    them, so that they never become a product's bill of materials. Orders keep theirs."""
    env["mrp.bom"].search([("is_customization", "=", True)]).active = False
