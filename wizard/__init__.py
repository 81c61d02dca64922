from . import mrp_production_sale_link, mrp_production_tree_cancel
