from . import mrp_production_wizard_mixin  # isort: skip (the wizards below inherit it)
from . import (
    change_production_qty,
    mrp_bom_customize,
    mrp_production_close,
    mrp_production_plan_fill,
    mrp_production_reopen,
    mrp_production_replan,
    mrp_production_sale_link,
    mrp_production_split,
    mrp_production_suspend,
    mrp_production_tree_cancel,
    mrp_production_tree_split,
)
