"""Shared by the report tests: a data folder with hostile strings, and page helpers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from idlibevents.loading import DATA_FILES

from .conftest import DATA

HOSTILE_EVENT = "2011-12-20-report-hostile-event"
HOSTILE_SUMMARY = '</script><img src=x onerror="window.__pwned=1"> & <b>bold</b> \u2028 line \u2029 end'
HOSTILE_PLACE = "</script><svg onload=\"window.__pwned=2\">Evil Town</svg>"
HOSTILE_NOTE = "<iframe src=x></iframe>&amp;"
HOSTILE_SOURCE = "<script>window.__pwned=3</script> Source"

_PLACE = f"""
- id: report-hostile-place
  name: {json.dumps(HOSTILE_PLACE)}
  kind: town
  latitude: 35.9
  longitude: 36.7
  coordinates_source: a point made up for a test
  within: idlib-governorate
"""
_SOURCE = f"""
- id: report-hostile-source
  name: {json.dumps(HOSTILE_SOURCE)}
  kind: activist
  alignment: unknown
"""
_EVENT = f"""
- id: {HOSTILE_EVENT}
  date: '2011-12-20'
  places: [report-hostile-place]
  location_precision: 1
  location_note: {json.dumps(HOSTILE_NOTE)}
  event_type: Battles
  sub_event_type: Armed clash
  actors:
    - {{actor: syrian-army, role: attacker}}
  claims:
    - {{outcome: killed, group: rebels, count: 3, qualifier: exact, source: report-hostile-source, note: {json.dumps(HOSTILE_NOTE)}}}
  summary: {json.dumps(HOSTILE_SUMMARY)}
  article: {{section: December 2011, paragraph: 1}}
"""


def hostile_data(folder: Path) -> Path:
    """A copy of the data with one place, source and event whose strings are markup."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in DATA_FILES:
        shutil.copy(DATA / name, folder / name)
    for name, extra in (("places.yaml", _PLACE), ("sources.yaml", _SOURCE), ("events.yaml", _EVENT)):
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(extra)
    return folder


_DATA_BLOCK = re.compile(r'<script type="application/json" id="idlib-data">(.*?)</script>', re.S)


def page_data(html: str) -> Any:
    """The JSON the page carries, as the page's script reads it."""
    match = _DATA_BLOCK.search(html)
    assert match is not None, "no data block in the page"
    return json.loads(match.group(1))
