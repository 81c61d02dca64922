from . import mrp_production, res_company, res_config_settings
