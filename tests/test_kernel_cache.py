"""The compiled kernels' on-disk cache is dropped when any source file of gut/ changes (numba alone checks only the
kernel's own file, so a kernel that inlines one from another file would keep running the old code)."""

import shutil

from gutbrain_sim.gut import jit


def _folder(tmp_path):
    src = tmp_path / "gut"
    (src / "__pycache__").mkdir(parents=True)
    (src / "a.py").write_text("x = 1\n")
    (src / "b.py").write_text("y = 2\n")
    return src


def test_a_change_in_any_source_file_drops_every_cached_kernel(tmp_path):
    src = _folder(tmp_path)
    assert jit.drop_stale_cache(src) == 0  # no stamp yet, nothing cached: writes the stamp
    for name in ("a.k-1.py311.nbi", "a.k-1.py311.0.nbc", "b.m-3.py311.nbi"):
        (src / "__pycache__" / name).write_bytes(b"cached")
    assert jit.drop_stale_cache(src) == 0  # sources unchanged: the cache stays
    assert len(list((src / "__pycache__").iterdir())) == 4
    (src / "b.py").write_text("y = 3\n")  # only b changed: a's kernels may inline b's, so all go
    assert jit.drop_stale_cache(src) == 3
    assert sorted(p.name for p in (src / "__pycache__").iterdir()) == [jit.STAMP_NAME]
    assert (src / "__pycache__" / jit.STAMP_NAME).read_text() == jit.sources_hash(src)


def test_the_hash_covers_names_and_bytes(tmp_path):
    src = _folder(tmp_path)
    before = jit.sources_hash(src)
    shutil.move(src / "b.py", src / "c.py")
    assert jit.sources_hash(src) != before
    assert jit.sources_hash(src) == jit.sources_hash(src)


def test_the_package_stamp_matches_its_sources_after_import():
    stamp = jit.GUT_DIR / "__pycache__" / jit.STAMP_NAME
    assert stamp.read_text() == jit.sources_hash()
