from . import (
    mrp_production_cost_report,
    mrp_production_performance_report,
    mrp_production_requirement,
)
