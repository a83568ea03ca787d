"""Every export format, one module each, over the shared normalised tables.

- :mod:`.flat`: the flat event CSV, the claims CSV, JSON and JSON Lines (and the formula-safe
  CSV writer every CSV export uses);
- :mod:`.acled` and :mod:`.ucdp`: the two reference datasets' own columns and codes, over
  :mod:`.common` (where an event is, who reported it, deaths by side);
- :mod:`.geojson`: one feature per event for GIS tools;
- :mod:`.tables`: the normalised tables, which :mod:`.sqlite`, :mod:`.datapackage` and
  :mod:`.parquet` write.

Adding a format is one module here and one branch in ``idlib export``. Exports know the
dataset and the events; they never decide which file to write (that is the CLI's choice).
"""
