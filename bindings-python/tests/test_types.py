"""The type stubs: mypy.stubtest against the built module, and mypy on typed usage."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import promocode

HERE = pathlib.Path(__file__).parent


def mypy(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_package_is_typed() -> None:
    package = pathlib.Path(promocode.__file__).parent
    assert (package / "py.typed").is_file() and (package / "__init__.pyi").is_file()


def test_stubtest_matches_the_built_module(tmp_path: pathlib.Path) -> None:
    # Run from elsewhere so the installed package (not a source folder) is checked.
    out = mypy("mypy.stubtest", "promocode", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_typed_usage_passes_mypy_strict(tmp_path: pathlib.Path) -> None:
    out = mypy("mypy", "--strict", "--no-incremental", str(HERE / "typed_usage.py"), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_wrong_usage_is_flagged(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import promocode\n"
        "promocode.Format(name='yes')\n"  # a str where a bool is expected
        "promocode.Format('PARTNER')\n"  # positional
        "promocode.Format(colour=1)\n"  # unknown option
        "x: int = promocode.Generator(promocode.Format(random=2)).generate({})\n"
        "promocode.validate(20)\n",
        encoding="utf-8",
    )
    out = mypy("mypy", "--strict", "--no-incremental", str(bad), cwd=tmp_path)
    assert out.returncode == 1
    for line in (2, 3, 4, 5, 6):
        assert f"bad.py:{line}:" in out.stdout, out.stdout


def test_stub_format_keywords_are_the_core_option_table() -> None:
    """The ``.pyi`` ``Format`` keywords are exactly the core's format options, in order."""
    import ast
    from pathlib import Path

    from promocode import _promocode

    stub = ast.parse((Path(promocode.__file__).parent / "__init__.pyi").read_text(encoding="utf-8"))
    fmt = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Format")
    new = next(n for n in fmt.body if isinstance(n, ast.FunctionDef) and n.name == "__new__")
    keywords = [a.arg for a in new.args.kwonlyargs]
    assert keywords == list(_promocode._FORMAT_OPTIONS)  # type: ignore[attr-defined]
