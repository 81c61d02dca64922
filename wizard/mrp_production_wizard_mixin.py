# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command, api, models
from odoo.exceptions import ValidationError


def _command_ids(command):
    """Ids that a many2many value (an id or a command) links."""
    if isinstance(command, int):
        return [command]
    if command[0] == Command.SET:
        return list(command[2])
    if command[0] == Command.LINK:
        return [command[1]]
    return []


class MrpProductionWizardMixin(models.AbstractModel):
    """Shared by the addon's wizards, which the external API can create with any values:
    values of the wrong type are refused with a clear error rather than a server traceback,
    and the records they point to must exist and be readable by the user (Odoo would store
    a link to another company's order, and the wizard would then silently see nothing)."""

    _name = "mrp.production.wizard.mixin"
    _description = "Manufacturing wizard"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_values(vals)
        return super().create(vals_list)

    @api.model
    def _check_values(self, vals):
        """Check ``vals`` before anything is written (lines created with them too)."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or not value:
                continue
            if field.type == "one2many":
                lines = self.env[field.comodel_name]
                for command in value:
                    if command[0] == Command.CREATE and hasattr(lines, "_check_values"):
                        lines._check_values(command[2])
                continue
            try:
                if field.type in ("many2one", "many2many"):
                    if isinstance(value, models.BaseModel):
                        ids = value.ids
                    elif field.type == "many2one":
                        ids = [value]
                    else:
                        ids = [i for command in value for i in _command_ids(command)]
                    if not all(isinstance(i, int) for i in ids):
                        raise TypeError(value)
                    self.env[field.comodel_name].browse(ids).check_access("read")
                else:
                    field.convert_to_cache(value, self)
            except (TypeError, ValueError, IndexError) as error:
                raise ValidationError(
                    self.env._(
                        "%(wizard)s: %(value)r is not a valid value for “%(field)s”.",
                        wizard=self._description,
                        value=value,
                        field=field._description_string(self.env),
                    )
                ) from error

    @api.model
    def _get_action(self, **defaults):
        """This wizard's window action (its ``ir.actions`` record), opened with ``defaults``."""
        action = self.env["ir.actions.actions"]._for_xml_id(
            f"mrp_production_management.action_{self._table}"
        )
        action["context"] = {f"default_{key}": value for key, value in defaults.items()}
        return action
