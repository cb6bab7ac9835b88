"""docs/gut_agreement.md: the hand-written text above the generated mark survives a rewrite of the table."""

from gutbrain_sim.commands.compare_guts import GENERATED_MARK, TITLE, _written_by_hand


def test_hand_written_text_above_the_mark_is_kept(tmp_path):
    page = tmp_path / "gut_agreement.md"
    assert _written_by_hand(page) == TITLE  # no page yet: the title only
    page.write_text("# Title\n\nWhy they differed.\n\n" + GENERATED_MARK + "\n\nold table\n", encoding="utf-8")
    assert _written_by_hand(page) == "# Title\n\nWhy they differed.\n\n"
    page.write_text("no mark here\n", encoding="utf-8")
    assert _written_by_hand(page) == TITLE


def test_the_packaged_page_has_the_mark_and_the_diagnosis():
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "gut_agreement.md").read_text(encoding="utf-8")
    assert GENERATED_MARK in text and "## Why they differed" in text.split(GENERATED_MARK)[0]
