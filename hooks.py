# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).


def post_init_hook(env):
    """Installed on a database that has manufacturing orders: the orders Odoo's
    make-to-order procurement created for other orders' components become their
    sub-orders, so that existing trees show as trees, and the trees serve the sales order
    line their finished products are delivered for. Many orders: in the background, so
    that installing does not outlast a worker's time limit."""
    productions = env["mrp.production"].search(
        [("state", "in", ("confirmed", "progress", "to_close")), ("parent_id", "=", False)],
        order="id",
    )
    job = productions.browse()._queue_background_job(
        "tree_adopt",
        productions.ids,
        name=env._("Adopt the existing manufacturing order trees"),
    )
    if not job:
        productions._adopt_trees()


def uninstall_hook(env):
    """Without the addon nothing would keep customizations out of Odoo's BoM search: archive
    them, so that they never become a product's bill of materials. Orders keep theirs."""
    env["mrp.bom"].search([("is_customization", "=", True)]).active = False
