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
        try:
            for vals in vals_list:
                self._check_referenced_records(vals)
            return super().create(vals_list)
        except (TypeError, ValueError, IndexError) as error:
            raise ValidationError(
                self.env._(
                    "%(wizard)s: a value is not of the expected type (%(error)s).",
                    wizard=self._description,
                    error=error,
                )
            ) from error

    def _check_referenced_records(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if not value or field is None or field.type not in ("many2one", "many2many"):
                continue
            if isinstance(value, models.BaseModel):
                ids = value.ids
            elif field.type == "many2one":
                ids = [value]
            else:
                ids = [i for command in value for i in _command_ids(command)]
            if not all(isinstance(i, int) for i in ids):
                raise TypeError(f"{name}: {value!r} does not give record ids")
            self.env[field.comodel_name].browse(ids).check_access("read")
