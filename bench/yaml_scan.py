"""The baseline of goal 2: libyaml alone scanning a file's YAML, as PyYAML's C parser hands it to Python.

``python bench/yaml_scan.py FILE`` reads the file and pulls every parse event through
``yaml.parse`` with the C loader, building nothing: the least any validator that reads YAML
through PyYAML must spend. Whole process, like the ``idlib validate`` rows it is compared with.
"""

import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as handle:
    text = handle.read()
count = 0
for _event in yaml.parse(text, Loader=yaml.CSafeLoader):
    count += 1
print(f"{count} events")
