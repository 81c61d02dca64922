from . import (
    mrp_production,
    res_company,
    res_config_settings,
    sale_order,
    sale_order_line,
    stock_rule,
)
