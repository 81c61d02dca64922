from . import mrp_production_requirement
