"""The package's layout shows its design (issue #13): concept folders, few top-level modules,
no import cycles, no private names imported across modules, modules of a readable size."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gutbrain_sim"
MAX_TOP_LEVEL_MODULES = 12
MAX_LINES = 400
# Modules still over MAX_LINES, each to be split by concept (listed so the gap stays visible).
OVER_LIMIT: set[str] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _top_level_imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """(imported module, names) for each import run when the module is imported."""
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    found = []

    def visit(body):
        for node in body:
            if isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = [a.name for a in node.names]
                for n in names:  # "from . import submodule"
                    if f"{target}.{n}" in modules:
                        found.append((f"{target}.{n}", []))
                found.append((target, names))
            elif isinstance(node, ast.Import):
                found.extend((a.name, []) for a in node.names)

    visit(ast.parse(path.read_text()).body)
    return [(t, n) for t, n in found if t in modules]


def test_at_most_twelve_modules_at_the_top_of_the_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_no_import_cycles():
    modules = _modules()
    graph = {m: {t for t, _ in _top_level_imports(m, p, modules) if t != m} for m, p in modules.items()}
    # a package's __init__ importing its own submodules is not a cycle through the package
    for m in graph:
        graph[m] = {t for t in graph[m] if not t.startswith(m + ".")}
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def strongconnect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            strongconnect(v)
    assert cycles == []


def test_no_private_name_is_imported_from_another_module():
    modules = _modules()
    offenders = []
    for name, path in modules.items():
        for target, names in _top_level_imports(name, path, modules):
            offenders += [f"{name} imports {target}.{n}" for n in names
                          if n.startswith("_") and not n.startswith("__")]
    assert offenders == []


def test_modules_stay_readable_in_size():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")}
    over = {name for name, n in sizes.items() if n > MAX_LINES}
    assert over <= OVER_LIMIT, f"new modules over {MAX_LINES} lines: {sorted(over - OVER_LIMIT)}"
    fixed = OVER_LIMIT - over
    assert not fixed, f"now within {MAX_LINES} lines, remove from OVER_LIMIT: {sorted(fixed)}"


def test_the_healthy_reference_composition_is_written_once():
    """HEALTHY_COMPOSITION is declared in gut/community.py; everything else imports it."""
    from gutbrain_sim.gut.community import HEALTHY_COMPOSITION

    shares = ", ".join(f"{v:g}" for v in HEALTHY_COMPOSITION)  # "0.02, 0.07, 0.33, 0.53, 0.05"
    files = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".toml")]
    written = sorted(str(p.relative_to(PACKAGE)) for p in files if shares in p.read_text())
    assert written == ["gut/community.py"]
    declared = sorted(str(p.relative_to(PACKAGE)) for p in files if p.suffix == ".py"
                      and "HEALTHY_COMPOSITION =" in p.read_text())
    assert declared == ["gut/community.py"]


# A module-level number whose name says it is a physiological quantity: a unit or a reference.
SCIENCE_NAME_TOKENS = {"PG", "NG", "UG", "MG", "ML", "MM", "UM", "NMOL", "UMOL", "MMOL", "CFU", "PCT", "PER", "HAMD", "HAMA",
                       "HEALTHY", "REFERENCE", "NORMAL", "BASELINE", "LPS", "CRP", "IL6", "CORTISOL", "BUTYRATE"}


def science_constants(source: str) -> list[str]:
    """Module-level UPPER_CASE names bound to a number (or a tuple of numbers) whose name carries a
    unit or a reference word (``HEALTHY_PLASMA_LPS_PG_PER_ML = 8.0``): values with science meaning,
    which belong in the model's declarations (gutbrain_sim/params/), not in a face."""

    def numeric(v) -> bool:
        if isinstance(v, ast.UnaryOp):
            v = v.operand
        if isinstance(v, ast.Constant):
            return isinstance(v.value, int | float) and not isinstance(v.value, bool)
        return isinstance(v, ast.Tuple | ast.List) and bool(v.elts) and all(numeric(e) for e in v.elts)

    found = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for t in targets:
            if (isinstance(t, ast.Name) and t.id.isupper() and node.value is not None and numeric(node.value)
                    and SCIENCE_NAME_TOKENS & set(t.id.split("_"))):
                found.append(t.id)
    return found


def test_the_science_constant_rule_catches_the_old_dashboard_constant():
    found = science_constants("HEALTHY_PLASMA_LPS_PG_PER_ML = 8.0\nREF: float = -2\nNORMAL_CRP = (1.0, 3.0)\n")
    assert found == ["HEALTHY_PLASMA_LPS_PG_PER_ML", "NORMAL_CRP"]
    assert science_constants("POLL_S = 0.5\nFONT = 16\nHEALTHY_LABEL = 'healthy'\n") == []


def test_no_science_constants_in_the_dashboard():
    """The dashboard reads healthy reference values from the model (issue #13)."""
    bad = {str(p.relative_to(PACKAGE)): names for p in sorted((PACKAGE / "app").rglob("*.py"))
           if (names := science_constants(p.read_text(encoding="utf-8")))}
    assert bad == {}, f"declare these in gutbrain_sim/params/ (unit, range, source) and read them from the model: {bad}"
