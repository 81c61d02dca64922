from . import (
    mrp_bom,
    mrp_production,
    mrp_production_closure,
    mrp_production_reason,
    mrp_workorder,
    product_product,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    sale_order_line,
    stock_rule,
)
