"""The run's overview.png is read from a projector: every text in it is at least 10 pt."""

import matplotlib.text
import pytest
from conftest import run_days

from gutbrain_sim.plots import overview_figure


@pytest.fixture(scope="module")
def drawn():
    m = run_days(2, seed=1, record_every_h=6)
    fig = overview_figure(m.timeseries(), m.scenario)
    fig.canvas.draw()  # tick labels exist only once drawn
    return fig


def test_every_visible_text_is_at_least_10_pt(drawn):
    texts = [t for t in drawn.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 60  # titles, axis labels, tick labels, legends, band names
    small = sorted({(round(t.get_fontsize(), 1), t.get_text()[:30]) for t in texts if t.get_fontsize() < 10})
    assert not small, small


def test_legends_and_titles_are_larger_than_matplotlibs_defaults(drawn):
    legends = [t for ax in drawn.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert legends and min(t.get_fontsize() for t in legends) >= 11
    assert min(ax.title.get_fontsize() for ax in drawn.axes if ax.get_title()) >= 13
    suptitle = [t for t in drawn.texts if t.get_text() == drawn.get_suptitle()]
    assert suptitle and suptitle[0].get_fontsize() >= 16
