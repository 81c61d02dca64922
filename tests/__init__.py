from . import test_foundation, test_mrp_production_tree, test_tour
