from . import mrp_production_tree_cancel
