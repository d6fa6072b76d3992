"""Executes every ```python block of bindings-python/README.md and of the
repository's README.md (when it has any). Blocks of one file run in order in
one namespace, so a later block may use what an earlier one defined; each
block must assert what it shows."""

from __future__ import annotations

import re
import textwrap
from typing import Dict, List, Tuple

import pytest

from conftest import BINDING, ROOT

FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[ \t]*$")


def python_blocks(text: str) -> List[Tuple[int, str]]:
    """(first line number, dedented source) of each ```python block."""
    blocks = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = m.group("indent"), m.group("lang"), i + 1
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            i += 1
        if lang in ("python", "py"):
            body = "\n".join(line[len(indent):] if line.startswith(indent) else line for line in lines[start:i])
            blocks.append((start + 1, textwrap.dedent(body)))
        i += 1
    return blocks


READMES = [p for p in (BINDING / "README.md", ROOT / "README.md") if p.is_file()]
BLOCKS = [(p, line, src) for p in READMES for line, src in python_blocks(p.read_text(encoding="utf-8"))]
NAMESPACES: Dict[str, dict] = {}


def test_binding_readme_has_examples() -> None:
    own = [b for b in BLOCKS if b[0] == BINDING / "README.md"]
    assert len(own) >= 8
    for _, line, src in own:
        assert "assert" in src, f"README.md:{line}: an example must assert its result"


@pytest.mark.parametrize(
    "path, line, source",
    BLOCKS,
    ids=[f"{p.relative_to(ROOT)}:{line}" for p, line, _ in BLOCKS],
)
def test_readme_example(path, line: int, source: str) -> None:
    namespace = NAMESPACES.setdefault(str(path), {"__name__": f"readme_{path.parent.name}"})
    # Padded so tracebacks show the README's own line numbers.
    code = compile("\n" * (line - 1) + source, str(path.relative_to(ROOT)), "exec")
    exec(code, namespace)
