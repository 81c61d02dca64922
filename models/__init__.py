from . import (
    mrp_production,
    mrp_production_closure,
    mrp_production_reason,
    mrp_workorder,
    res_company,
    res_config_settings,
    sale_order,
    sale_order_line,
    stock_rule,
)
