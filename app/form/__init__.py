"""The report definition: the single source of every label, layout and cell key.

``FORM`` is the 2021 format, the only one the program writes; ``format2019`` describes
the older format for reading last year's files.
"""

from app.form.format2021 import FORM_2021
from app.form.model import CellDef, FormDef, Kind, Label, MetaField, SectionDef, TableDef

FORM = FORM_2021

__all__ = ["FORM", "CellDef", "FormDef", "Kind", "Label", "MetaField", "SectionDef", "TableDef"]
