"""What a citable release carries: both licences, in the built packages, and a changelog that keeps data apart."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT


def test_the_code_and_the_data_each_have_their_licence_text() -> None:
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "Permission is hereby granted, free of charge" in code
    data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0 International Public License" in data
    sections = re.findall(r"^Section (\d) -- ", data, re.M)
    assert sections == [str(n) for n in range(1, 9)], "the whole legal code, sections 1 to 8"


def test_the_licences_go_into_the_sdist_and_the_wheel() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT AND CC-BY-SA-4.0"
    assert set(project["project"]["license-files"]) == {"LICENSE", "LICENSE-DATA"}
    sdist = project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert "LICENSE*" in sdist and "CHANGELOG.md" in sdist


def test_the_changelog_lists_data_changes_apart_from_tool_changes() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = text.split("## Unreleased", 1)[1].split("\n## ", 1)[0]
    assert "### Data" in unreleased and "### Tool" in unreleased
    assert unreleased.index("### Data") < unreleased.index("### Tool")
