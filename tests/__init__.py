from . import (
    test_bad_input,
    test_customization,
    test_foundation,
    test_mrp_production_tree,
    test_production_plan,
    test_properties,
    test_reports,
    test_requirements_cost,
    test_sale_link,
    test_split,
    test_suspend_close,
    test_tour,
)
