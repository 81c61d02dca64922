# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Manufacturing Order Management",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "summary": "Manufacturing order trees with automatic sub-orders, sales links, "
    "per-order BoM customization, split, suspend / close / reopen, production plans, "
    "replanning on capacity and promise dates",
    "author": "mrp_production_management authors",
    "website": "https://github.com/mrp-production-management/mrp_production_management",
    "license": "LGPL-3",
    "depends": ["sale_mrp", "sale_stock", "mrp_account", "web_hierarchy"],
    "data": [
        "security/mrp_production_management_security.xml",
        "security/ir.model.access.csv",
        "data/mrp_production_reason_data.xml",
        "data/ir_cron_data.xml",
        "data/ir_sequence_data.xml",
        "wizard/change_production_qty_views.xml",
        "wizard/mrp_production_tree_cancel_views.xml",
        "wizard/mrp_production_sale_link_views.xml",
        "wizard/mrp_production_tree_split_views.xml",
        "wizard/mrp_production_suspend_views.xml",
        "wizard/mrp_production_close_views.xml",
        "wizard/mrp_production_reopen_views.xml",
        "wizard/mrp_production_replan_views.xml",
        "wizard/mrp_bom_customize_views.xml",
        "wizard/mrp_production_plan_fill_views.xml",
        "views/mrp_production_views.xml",
        "views/mrp_bom_views.xml",
        "views/res_partner_views.xml",
        "views/mrp_production_plan_views.xml",
        "report/mrp_production_requirement_views.xml",
        "report/mrp_production_cost_report_views.xml",
        "report/mrp_production_performance_report_views.xml",
        "report/mrp_production_reports.xml",
        "data/mail_template_data.xml",
        "views/sale_order_views.xml",
        "views/mrp_production_closure_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "data/mrp_production_management_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "mrp_production_management/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "mrp_production_management/static/src/js/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": False,
}
