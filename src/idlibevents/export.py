"""The old import path of the flat exports, kept so that ``from idlibevents import export`` still works.

The code lives in :mod:`idlibevents.exports.flat` (and the GeoJSON in
:mod:`idlibevents.exports.geojson`); new code should import from there.
"""

from .exports.flat import (
    CLAIM_COLUMNS as CLAIM_COLUMNS,
)
from .exports.flat import (
    CSV_COLUMNS as CSV_COLUMNS,
)
from .exports.flat import (
    FORMULA_PREFIXES as FORMULA_PREFIXES,
)
from .exports.flat import (
    claim_rows as claim_rows,
)
from .exports.flat import (
    csv_row as csv_row,
)
from .exports.flat import (
    event_record as event_record,
)
from .exports.flat import (
    event_records as event_records,
)
from .exports.flat import (
    events_from_csv as events_from_csv,
)
from .exports.flat import (
    restore_cell as restore_cell,
)
from .exports.flat import (
    safe_cell as safe_cell,
)
from .exports.flat import (
    to_claims_csv as to_claims_csv,
)
from .exports.flat import (
    to_csv as to_csv,
)
from .exports.flat import (
    to_ids as to_ids,
)
from .exports.flat import (
    to_json as to_json,
)
from .exports.flat import (
    to_jsonl as to_jsonl,
)
from .exports.flat import (
    to_yaml as to_yaml,
)
from .exports.flat import (
    write_csv as write_csv,
)
from .exports.geojson import to_geojson as to_geojson
