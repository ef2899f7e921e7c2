"""The canvas around a real Session: which strips show which numbers, what is lit, captions, layout, exports."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from rnnviz.core.lesson import load_lesson, new_lesson
from rnnviz.core.models import LAST_STAGE, SPECS, Position
from rnnviz.resources import default_lesson_path
from rnnviz.session import Session
from rnnviz.ui import errors
from rnnviz.ui.canvas import CELL_GAP, FONT_FAMILIES, MARGIN, CellDiagram, ValueStrip
from rnnviz.ui.colors import DIVERGING, MUTED, NAN_COLOR, value_colors
from rnnviz.ui.diagrams import BAND_H, LAYOUTS, STRIP_H, STRIP_W


@pytest.fixture(autouse=True)
def _no_error_inside_the_canvas():
    """Paint and event code is guarded: an exception there is reported, not raised. A test
    of the canvas fails on any such report (a painter bug would otherwise pass unseen)."""
    before = len(errors.reported)
    yield
    assert errors.reported[before:] == []


STEP = 2  # "爱": a middle step, where h(t-1) and C(t-1) are not the initial state


def three_decimals(values) -> list[str]:
    return [f"{v:.3f}".replace("-0.000", "0.000") for v in values]


def default_session(models=None) -> Session:
    return Session(load_lesson(default_lesson_path()), models=models)


def make_canvas(qtbot, session: Session, size=(1600, 900)) -> CellDiagram:
    canvas = CellDiagram()
    qtbot.addWidget(canvas)
    canvas.resize(*size)
    canvas.show()
    qtbot.waitExposed(canvas)
    session.add_view(canvas)
    return canvas


def go(canvas: CellDiagram, session: Session, position: Position) -> None:
    session.playhead.move_to(position)
    canvas.finish_animation()


def expected_value(trace, quantity: str, step: int) -> np.ndarray:
    """What a strip must hold, read from the trace (h_prev is h one step earlier)."""
    if quantity.endswith("_prev"):
        return trace.value(quantity[: -len("_prev")], step - 1)
    return trace.value(quantity, step)


PHASES = [(model, phase.id) for model, spec in SPECS.items() for phase in spec.phases]


# -- each model, each phase ----------------------------------------------------------------------
@pytest.mark.parametrize(("model", "phase_id"), PHASES, ids=[f"{m}-{p}" for m, p in PHASES])
def test_each_phase_shows_exactly_what_it_has_computed(qtbot, model, phase_id):
    session = default_session([model])
    canvas = make_canvas(qtbot, session)
    spec, trace = SPECS[model], session.traces[model]
    phase = spec.phase(phase_id)
    go(canvas, session, Position(STEP, phase.stage))
    computed = {"x", "h_prev", "c_prev"}
    for earlier in spec.phases[: spec.phases.index(phase) + 1]:
        computed.update(earlier.reveals)
    shown = canvas.displayed()
    keys = {key for key in shown if key.startswith(f"{model}.")}
    assert keys == {f"{model}.{q}" for q in LAYOUTS[model].strips()}
    assert keys == set(shown)  # only this model is drawn
    for key in keys:
        quantity = key.partition(".")[2]
        if quantity in computed:
            values = expected_value(trace, quantity, STEP)
            assert shown[key] == three_decimals(values), key
            np.testing.assert_array_equal(canvas.strips[key].values, values, err_msg=key)
        else:
            assert shown[key] == [], key
            assert canvas.strips[key].values is None, key
    lit = canvas.highlighted()
    assert lit, phase_id
    assert lit == {f"{model}.{key}" for key in LAYOUTS[model].highlights[phase_id]}
    caption = canvas.captions()[model]  # the equation (two lines when it holds two), then the note
    assert caption.replace("\n", "   ") == f"{phase.equation}   {phase.note}".strip()
    token = session.lesson.tokens[STEP - 1]
    assert canvas.titles()[model] == f"{spec.title}   t = {STEP}   “{token}”"


def test_the_candidate_does_not_appear_before_its_phase(qtbot):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    for stage in (0, 1):
        go(canvas, session, Position(STEP, stage))
        assert canvas.displayed()["lstm.g"] == []
        assert canvas.displayed()["gru.n"] == []
    go(canvas, session, Position(STEP, 2))
    assert canvas.displayed()["lstm.g"] == three_decimals(session.traces["lstm"].g[STEP - 1])
    assert canvas.displayed()["gru.n"] == []  # the GRU's candidate waits for stage 3
    assert canvas.displayed()["gru.n_pre_h"] == []
    go(canvas, session, Position(STEP, 3))
    assert canvas.displayed()["gru.n"] == three_decimals(session.traces["gru"].n[STEP - 1])
    assert canvas.displayed()["gru.n_pre_h"] == three_decimals(session.traces["gru"].n_pre_h[STEP - 1])
    assert canvas.displayed()["lstm.c"] == three_decimals(session.traces["lstm"].c[STEP])
    assert {"lstm.cell_add", "lstm.c_update", "gru.reset_x", "gru.n"} <= canvas.highlighted()


def test_captions_change_with_the_phase(qtbot):
    session = default_session(["lstm"])
    canvas = make_canvas(qtbot, session)
    captions = []
    for stage in session.playhead.stages:
        go(canvas, session, Position(STEP, stage))
        captions.append(canvas.captions()["lstm"])
    assert len(set(captions)) == len(captions) == 6
    assert captions[1].startswith("f(t) = σ(W_f x(t) + U_f h(t-1) + b_f)")
    assert captions[3] == "C(t) = f(t) ⊙ C(t-1) + i(t) ⊙ C̃(t)\nthe cell state is updated, not overwritten"


def test_the_gru_caption_applies_the_reset_to_the_recurrent_part_as_pytorch(qtbot):
    session = default_session(["gru"])
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(1, 3))
    assert canvas.captions()["gru"].startswith("n(t) = tanh(W_n x(t) + b_in + r(t) ⊙ (U_n h(t-1) + b_hn))")
    gru = session.traces["gru"]
    np.testing.assert_allclose(gru.n[0], np.tanh(gru.n_pre_x[0] + gru.r[0] * gru.n_pre_h[0]))
    go(canvas, session, Position(1, LAST_STAGE))
    assert canvas.captions()["gru"].startswith("h(t) = (1 − z(t)) ⊙ n(t) + z(t) ⊙ h(t-1)")
    assert {"gru.one_minus", "gru.new_x", "gru.keep_x", "gru.h_add"} <= canvas.highlighted()


def test_models_side_by_side_step_through_aligned_stages(qtbot):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    assert list(canvas.panels) == ["rnn", "lstm", "gru"]
    go(canvas, session, Position(1, 1))
    lit = canvas.highlighted()
    assert {"lstm.f", "lstm.forget_x", "gru.r", "gru.r_in"} <= lit
    assert not any(key.startswith("rnn.") for key in lit)
    assert "lstm.i" not in lit
    assert "gru.z" not in lit
    captions = canvas.captions()
    waiting = "waiting for the LSTM's forget gate and the GRU's reset gate"
    assert captions["rnn"] == f"inputs arrive: x(t) and h(t-1)\n{waiting}"
    go(canvas, session, Position(1, 4))  # the output gate: the GRU has none
    assert captions != canvas.captions()
    assert canvas.captions()["gru"].endswith("waiting for the LSTM's output gate")
    assert not any(key.startswith("gru.") for key in canvas.highlighted())
    go(canvas, session, Position(1, LAST_STAGE))
    assert {"rnn.pre", "lstm.output_x", "gru.h_add"} <= canvas.highlighted()


def test_the_initial_state_lights_nothing(qtbot):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(0))
    assert canvas.highlighted() == set()
    shown = canvas.displayed()
    h0 = three_decimals(session.lesson.initial_h)
    assert shown["lstm.h"] == shown["gru.h"] == shown["rnn.h"] == h0
    assert shown["lstm.c"] == three_decimals(session.lesson.initial_c)
    assert {key for key, texts in shown.items() if texts} == {"lstm.h", "lstm.c", "gru.h", "rnn.h"}
    assert canvas.captions()["lstm"] == "initial state: h(0) and C(0)\nbefore the first token"
    assert canvas.captions()["gru"] == "initial state: h(0)\nbefore the first token"
    assert canvas.titles()["gru"] == "GRU   t = 0   initial state"


def test_a_gru_only_lesson_shows_its_gru(qtbot):
    data = json.loads(default_lesson_path().read_text(encoding="utf-8"))
    data["models"] = {"gru": data["models"]["gru"]}
    session = Session(load_lesson(data))
    canvas = make_canvas(qtbot, session)
    assert list(canvas.panels) == ["gru"]
    assert {key.partition(".")[0] for key in canvas.strips} == {"gru"}
    go(canvas, session, Position(3))
    assert canvas.displayed()["gru.h"] == three_decimals(session.traces["gru"].h[3])
    assert canvas.rows() == [["gru"]]


def test_the_arrangement_follows_the_widget_and_the_shown_models(qtbot):
    session = default_session()
    canvas = make_canvas(qtbot, session, size=(3400, 700))
    assert canvas.rows() == [["rnn", "lstm", "gru"]]  # wide and low: one row is largest
    canvas.resize(1400, 900)
    qtbot.waitUntil(lambda: len(canvas.rows()) == 2)
    assert sum(canvas.rows(), []) == ["rnn", "lstm", "gru"]
    canvas.resize(1300, 1600)  # tall and narrow: a row each
    qtbot.waitUntil(lambda: canvas.rows() == [["rnn"], ["lstm"], ["gru"]])
    canvas.resize(1400, 900)
    qtbot.waitUntil(lambda: len(canvas.rows()) == 2)
    session.show_models(["lstm", "gru"])
    assert list(canvas.panels) == ["lstm", "gru"]
    assert canvas.rows() == [["lstm"], ["gru"]]
    # the picture fills the widget in one direction
    shown = canvas.mapFromScene(canvas.sceneRect()).boundingRect()
    assert max(shown.width() / canvas.viewport().width(), shown.height() / canvas.viewport().height()) > 0.97


# -- numbers -------------------------------------------------------------------------------------
def test_four_units_show_four_separated_numbers(qtbot):
    session = Session(new_lesson(["a", "b", "c"], ["lstm", "gru"], hidden_size=4, embedding_size=3, seed=5))
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(2))
    lstm = session.traces["lstm"]
    for key in ("lstm.h", "lstm.c", "lstm.f", "gru.n", "gru.h_prev"):
        strip = canvas.strips[key]
        texts = canvas.displayed()[key]
        assert len(texts) == 4, key
        assert not any(text == "-0.00" for text in texts)
        rects = strip.number_rects()
        for left, right in zip(rects, rects[1:], strict=False):
            assert left.right() + 2 * CELL_GAP <= right.left(), (key, texts)
        for k, rect in enumerate(rects):  # each number inside its own cell
            assert k * strip.cell < rect.left(), (key, texts)
            assert rect.right() < (k + 1) * strip.cell, (key, texts)
    assert canvas.displayed()["lstm.h"] == [f"{v:.2f}".replace("-0.00", "0.00") for v in lstm.h[2]]
    # a white gap between adjacent cells, as painted
    strip = canvas.strips["lstm.f"]
    image = QImage(int(strip.width), int(STRIP_H), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    strip.paint(painter, None)
    painter.end()
    for k in (1, 2, 3):
        assert image.pixelColor(round(k * strip.cell), int(STRIP_H / 2)).name() == "#ffffff"
        assert image.pixelColor(round((k + 0.5) * strip.cell), 3).name() != "#ffffff"  # a gate colour


def test_eight_units_show_colours_and_the_selected_units_number(qtbot):
    session = Session(new_lesson(["a", "b", "c"], ["rnn", "lstm", "gru"], hidden_size=8, embedding_size=3, seed=2))
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(2))
    shown = canvas.displayed()
    assert {key for key, texts in shown.items() if texts} == {"rnn.x", "lstm.x", "gru.x"}  # D = 3 fits numbers
    session.select_unit(5)
    canvas.finish_animation()
    shown = canvas.displayed()
    for key, strip in canvas.strips.items():
        if key.endswith(".x"):
            assert strip.selected is None
            continue
        assert strip.selected == 5, key
        model, _, quantity = key.partition(".")
        values = expected_value(session.traces[model], quantity, 2)
        assert shown[key] == [f"unit 5: {three_decimals(values)[5]}"], key
    session.select_unit(None)
    assert not any(texts for key, texts in canvas.displayed().items() if not key.endswith(".x"))


def test_clicking_a_cell_selects_its_unit_and_escape_clears(qtbot):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(2))

    def click(key: str, unit: int) -> None:
        strip = canvas.strips[key]
        point = canvas.mapFromScene(strip.mapToScene(QPointF((unit + 0.5) * strip.cell, STRIP_H / 2)))
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)

    click("lstm.f", 1)
    assert session.selected_unit == 1
    assert canvas.strips["gru.h"].selected == 1
    assert canvas.strips["lstm.x"].selected is None  # x has embedding dimensions, not units
    click("gru.h", 1)  # again: clears
    assert session.selected_unit is None
    click("rnn.h_prev", 2)
    assert session.selected_unit == 2
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert session.selected_unit is None
    assert all(strip.selected is None for strip in canvas.strips.values())


# -- exports -------------------------------------------------------------------------------------
def test_png_export_is_cropped_to_the_drawing(qtbot, tmp_path):
    session = default_session(["lstm"])
    canvas = make_canvas(qtbot, session, size=(1600, 1200))  # far taller than the drawing
    go(canvas, session, Position(1))
    canvas.export_image(str(tmp_path / "cell.png"), width=1000)
    image = QImage(str(tmp_path / "cell.png")).convertToFormat(QImage.Format.Format_RGB32)
    drawing = canvas.drawing_rect()
    assert image.width() == 1000
    assert image.height() == pytest.approx(1000 * drawing.height() / drawing.width(), abs=1)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    ink = np.argwhere((pixels[:, : image.width(), :3] < 245).any(axis=2))
    top, left = ink.min(axis=0)
    bottom, right = ink.max(axis=0)
    # what is drawn reaches every edge but for the margin (and the room above a title's capitals)
    slack = (MARGIN + 8) * image.width() / drawing.width()
    assert slack < 0.03 * image.width()
    assert top < slack
    assert bottom > image.height() - slack
    assert left < slack
    assert right > image.width() - slack
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cell.png"]


def test_svg_export_names_real_fonts_and_keeps_chinese_text(qtbot, tmp_path):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(1, 3))
    canvas.export_image(str(tmp_path / "cell.svg"))
    svg = (tmp_path / "cell.svg").read_text(encoding="utf-8")
    assert f'font-family="{",".join(FONT_FAMILIES)}"' in svg
    assert "Noto Sans CJK SC" in svg
    assert "我" in svg
    assert "C̃(t)" in svg
    assert "<image" not in svg  # vectors and text, not cached bitmaps


def test_layouts_match_the_model_descriptions():
    for model, layout in LAYOUTS.items():
        spec = SPECS[model]
        assert set(layout.highlights) == {phase.id for phase in spec.phases} | {"backward"}, model
        elements = layout.elements()
        for phase, keys in layout.highlights.items():
            assert keys, (model, phase)
            assert keys <= elements, (model, phase, keys - elements)
        quantities = {q.id for q in (*spec.inputs, *spec.quantities)}
        assert set(layout.strips()) <= quantities
        assert len(layout.strips()) == len(set(layout.strips()))
    assert {"x", "h_prev", "r", "z", "n", "h", "n_pre_h"} <= set(LAYOUTS["gru"].strips())
    assert {"x", "h_prev", "c_prev", "f", "i", "g", "o", "c", "tanh_c", "h"} == set(LAYOUTS["lstm"].strips())


# -- details the mutation run found untested ----------------------------------------------------
def test_a_waiting_model_shows_its_last_equation_in_grey_and_a_computing_one_in_ink(qtbot):
    from rnnviz.ui.colors import INK, MUTED

    session = default_session(["lstm", "gru"])
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(STEP, SPECS["lstm"].phase("output").stage))  # the GRU has no output gate
    assert canvas.panels["lstm"].equation.brush().color() == INK
    assert canvas.panels["gru"].equation.brush().color() == MUTED
    assert canvas.captions()["gru"].endswith("waiting for the LSTM's output gate")
    go(canvas, session, Position(0))
    assert canvas.panels["gru"].equation.brush().color() == INK  # the initial state is not waiting
    assert canvas.captions()["gru"] == "initial state: h(0)\nbefore the first token"


def test_the_input_label_names_the_token_only_once_one_is_read(qtbot):
    session = default_session(["rnn"])
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(0))
    assert canvas.panels["rnn"].labels["x"].text() == "x(t)  embedding"
    go(canvas, session, Position(1))
    assert canvas.panels["rnn"].labels["x"].text() == "x(t) = “我”"


def test_arrows_have_heads_and_plain_wires_do_not(qtbot):
    canvas = make_canvas(qtbot, default_session(["lstm"]))
    elements = canvas.panels["lstm"].elements
    assert elements["f_out"][0].path().elementCount() == 6  # a 2-point arrow: the line and a two-stroke head
    assert elements["x_in"][0].path().elementCount() == 2  # the x(t) feed joins the bus without a head


def test_a_strip_reports_whether_a_new_target_changes_anything(qtbot):
    from rnnviz.ui.canvas import ValueStrip

    strip = ValueStrip("h", "value", 3)
    assert not strip.set_target(None)  # nothing shown, nothing to show
    assert strip.set_target(np.array([0.1, np.nan, 0.3]))
    strip.blend(1.0)
    assert not strip.set_target(np.array([0.1, np.nan, 0.3]))  # NaN equals NaN here: nothing to redraw
    assert strip.set_target(np.array([0.1, 0.2, 0.3]))
    strip.blend(1.0)
    assert strip.set_target(None)


def test_long_captions_split_between_equations_then_wrap_between_words(qtbot):
    from rnnviz.ui.canvas import FONTS, _split_equations, _wrap

    make_canvas(qtbot, default_session())  # the fonts need the application
    two = "i(t) = σ(W_i x(t) + U_i h(t-1) + b_i)   C̃(t) = tanh(W_g x(t) + U_g h(t-1) + b_g)"
    assert _split_equations(two, 5000) == two
    assert _split_equations(two, 300) == two.replace("   ", "\n")
    assert _split_equations("h(t) = o(t) ⊙ tanh(C(t))", 10) == "h(t) = o(t) ⊙ tanh(C(t))"  # one equation stays
    wrapped = _wrap("how much of C(t-1) to keep", FONTS.small, 120)
    assert wrapped.replace("\n", " ") == "how much of C(t-1) to keep"
    assert wrapped.count("\n") >= 1
    assert _wrap("how much", FONTS.small, 5000) == "how much"
    assert _wrap("one", FONTS.small, 1) == "one"  # a single word is never broken


def test_exporting_over_a_read_only_file_is_refused_unless_asked(qtbot, tmp_path):
    import os
    import stat

    from rnnviz.core.atomic import ReadOnlyTargetError

    canvas = make_canvas(qtbot, default_session(["gru"]))
    target = tmp_path / "figure.png"
    target.write_bytes(b"old")
    os.chmod(target, stat.S_IRUSR)
    with pytest.raises(ReadOnlyTargetError):
        canvas.export_image(str(target))
    assert target.read_bytes() == b"old"
    canvas.export_image(str(target), replace_readonly=True)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_eight_units_without_a_selection_draw_no_unit_label(qtbot):
    lesson = new_lesson(["a", "b"], ["lstm"], 8, 3, 0)
    session = Session(lesson)
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(2))
    assert canvas.displayed()["lstm.h"] == []  # colours only
    assert not canvas.grab().isNull()  # painted, and (the fixture checks) without an error
    session.select_unit(5)
    canvas.finish_animation()
    assert canvas.displayed()["lstm.h"] == [f"unit 5: {session.traces['lstm'].h[2, 5]:.3f}".replace("-0.000", "0.000")]
    assert not canvas.grab().isNull()


def test_a_caption_line_that_fits_exactly_is_not_broken(qtbot):
    from PySide6.QtGui import QFontMetricsF

    from rnnviz.ui.canvas import FONTS, _wrap

    make_canvas(qtbot, default_session())  # the fonts need the application
    text = "keep z of the old state"
    exact = QFontMetricsF(FONTS.small).horizontalAdvance(text)
    assert _wrap(text, FONTS.small, exact) == text
    assert "\n" in _wrap(text, FONTS.small, exact - 1)


# -- a strip as painted: pixels at a 10x zoom, so a half-unit offset is five pixels ------------
ZOOM = 10
BACKDROP = "#ff00ff"  # magenta, in neither colour scale: what the strip leaves unpainted


def _paint(strip, margin: float) -> QImage:
    """`strip` painted (unantialiased) at ZOOM on the backdrop, `margin` strip units around it."""
    image = QImage(int((strip.width + 2 * margin) * ZOOM), int((STRIP_H + BAND_H + 2 * margin) * ZOOM),
                   QImage.Format.Format_RGB32)  # fmt: skip
    image.fill(QColor(BACKDROP))
    painter = QPainter(image)
    painter.scale(ZOOM, ZOOM)
    painter.translate(margin, margin)
    strip.well.paint(painter, QStyleOptionGraphicsItem())  # as the canvas draws it: the well behind the strip
    strip.paint(painter, None)
    painter.end()
    return image


def painted(strip, margin: float = 4.0) -> Callable[[float, float], str]:
    """Paint `strip` (unantialiased) at ZOOM; returns the colour at a point in strip coordinates."""
    image = _paint(strip, margin)
    return lambda x, y: image.pixelColor(round((x + margin) * ZOOM), round((y + margin) * ZOOM)).name()


def shown_strip(values, kind=DIVERGING, selectable=True) -> ValueStrip:
    strip = ValueStrip("h(t)", kind, len(values), selectable=selectable)
    strip.set_target(np.array(values, dtype=float))
    strip.blend(1.0)
    return strip


def test_an_empty_strip_is_a_light_box_with_a_thin_muted_outline(qtbot):
    strip = ValueStrip("h(t)", DIVERGING, 4)  # nothing computed yet: no values
    at = painted(strip)
    muted = MUTED.name()
    for y in (STRIP_H / 4, STRIP_H / 2):  # the outline: a pen 1 wide, centred on the edge at x = 0 and x = width
        assert at(0, y) == at(strip.width, y) == muted
        assert at(-0.8, y) == at(strip.width + 0.8, y) == BACKDROP
        assert at(0.8, y) == at(strip.width - 0.8, y) == "#fafafa"
    for x in (strip.width / 3, strip.width / 2):
        assert at(x, 0) == at(x, STRIP_H) == muted
        assert at(x, 0.8) == at(x, STRIP_H - 0.8) == "#fafafa"
        assert at(x, STRIP_H + 0.8) == BACKDROP


def test_a_strip_given_another_number_of_units_draws_its_cells_where_they_now_are(qtbot):
    # the cells' rectangles are made once per number of units (set_units), not at each paint
    for before, values in ((3, [-1.0, -0.4, 0.3, 1.0, 0.0]), (5, [0.9, -0.9]), (2, [0.5] * 12)):
        strip = ValueStrip("h(t)", DIVERGING, before, selectable=True)
        strip.set_units(len(values))
        strip.set_target(np.array(values, dtype=float))
        strip.blend(1.0)
        at, cell = painted(strip), strip.width / len(values)
        colours = [c.name() for c in value_colors(np.array(values), DIVERGING)]
        gap = CELL_GAP if cell >= 4 * CELL_GAP else 0.0
        for k, colour in enumerate(colours):
            assert at(k * cell + gap / 2 + 0.3, 2) == colour, (before, k)
            assert at((k + 1) * cell - gap / 2 - 0.3, STRIP_H - 2) == colour, (before, k)
        if gap:
            assert at(len(values) * cell - gap / 2 + 0.3, 2) == "#ffffff", before
        if strip.numbered:  # the numbers centred in the new cells
            for k, rect in enumerate(strip.number_rects()):
                assert abs(rect.center().x() - (k + 0.5) * cell) < 1.0, (before, k)


def test_each_cell_takes_its_colour_between_white_gaps(qtbot):
    values = [-1.0, -0.4, 0.3, 1.0]
    strip = shown_strip(values)
    at = painted(strip)
    cell, colours = strip.cell, [c.name() for c in value_colors(np.array(values), DIVERGING)]
    assert cell >= 4 * CELL_GAP  # wide enough for gaps
    assert at(0.7, 2) == at(strip.width - 0.7, 2) == "#ffffff"  # white over the outline's inner half
    for k in (1, 2, 3):  # the gaps white from the top edge to the bottom one
        assert at(k * cell, 0.7) == at(k * cell, STRIP_H / 2) == at(k * cell, STRIP_H - 0.7) == "#ffffff", k
    for k, colour in enumerate(colours):
        left, right = k * cell + CELL_GAP / 2, (k + 1) * cell - CELL_GAP / 2
        assert at(left - 0.3, 2) == "#ffffff", k
        assert at(left + 0.3, 2) == colour, k
        assert at(right - 0.3, 2) == colour, k
        assert at(right + 0.3, 2) == "#ffffff", k
        assert at(left + 0.3, STRIP_H - 2) == colour, k
        assert at(left + 0.3, 0.3) == colour, k  # from the strip's top edge
        assert at(left + 0.3, STRIP_H - 0.3) == colour, k  # to its bottom edge


def test_the_scene_draws_a_strips_cells_over_its_well(qtbot):
    """The empty frame is an item of its own (cached with the still items); in the scene it must lie
    under the strip's cells, and an empty strip must show it."""
    session = default_session()
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(STEP, LAST_STAGE))
    strip = canvas.strips["lstm.h"]
    colours = [c.name() for c in value_colors(strip.values, DIVERGING)]
    go(canvas, session, Position(STEP, 1))  # the LSTM's forget phase: h(t) not computed yet
    scene = canvas.scene().sceneRect()
    image = QImage(int(scene.width()), int(scene.height()), QImage.Format.Format_RGB32)

    def centre_colours() -> list[str]:
        image.fill(QColor(BACKDROP))
        painter = QPainter(image)
        canvas.scene().render(painter, image.rect().toRectF(), scene)
        painter.end()
        out = []
        for k in range(strip.units):
            point = strip.mapToScene(QPointF((k + 0.5) * strip.cell, 3)) - scene.topLeft()
            out.append(image.pixelColor(int(point.x()), int(point.y())).name())
        return out

    assert centre_colours() == ["#fafafa"] * strip.units  # the well: nothing computed yet
    go(canvas, session, Position(STEP, LAST_STAGE))
    assert centre_colours() == colours


def test_still_items_are_drawn_from_a_cache_and_strips_never_are(qtbot):
    """A strip changes at every step (a cache would only add an image to paint into); the boxes,
    wires, texts and wells behind the strips are drawn once and then from their cache, and an
    export (which needs no bitmaps) leaves them so."""
    from PySide6.QtWidgets import QGraphicsItem

    session = default_session()
    canvas = make_canvas(qtbot, session)
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache

    def modes() -> tuple[set, set]:
        items = canvas.scene().items()
        strips = {item.cacheMode() for item in items if isinstance(item, ValueStrip)}
        return strips, {item.cacheMode() for item in items if not isinstance(item, ValueStrip)}

    assert modes() == ({QGraphicsItem.CacheMode.NoCache}, {cached})
    canvas.image_bytes("x.png")
    assert modes() == ({QGraphicsItem.CacheMode.NoCache}, {cached})


def test_the_selected_unit_is_outlined_in_ink(qtbot):
    from rnnviz.ui.colors import INK

    strip = shown_strip([0.0, 0.0, 0.0, 0.0])  # white cells
    strip.set_selected(2)
    at = painted(strip)
    ink, cell = INK.name(), strip.cell
    for x in (2 * cell, 3 * cell):  # a pen 2.5 wide on the cell's sides
        assert at(x, STRIP_H / 2) == at(x - 1.0, STRIP_H / 2) == at(x + 1.0, STRIP_H / 2) == ink
    assert at(2.5 * cell, -1) == at(2.5 * cell, STRIP_H + 1) == ink  # a unit beyond the top and bottom
    assert at(2.5 * cell, -2.6) == BACKDROP
    assert at(1.5 * cell, -1) == BACKDROP  # only the selected cell
    assert at(cell, STRIP_H / 2) == "#ffffff"
    strip.set_selected(None)
    assert painted(strip)(2 * cell, STRIP_H / 2) == "#ffffff"


def test_a_selected_units_number_is_written_in_the_band_under_a_wide_strip(qtbot):
    strip = shown_strip(np.linspace(-1, 1, 8))
    assert not strip.numbered

    def band_ink(at) -> int:  # dark pixels in the band
        xs = np.arange(0.5, strip.width, 0.5)
        ys = np.arange(STRIP_H + 2.5, STRIP_H + BAND_H - 1, 0.5)
        return sum(QColor(at(x, y)).lightness() < 128 for x in xs for y in ys)

    assert band_ink(painted(strip)) == 0
    strip.set_selected(3)
    assert band_ink(painted(strip)) > 20
    narrow = shown_strip([0.5, -0.5, 0.25, 1.0])  # numbers in the cells: no band
    narrow.set_selected(3)
    assert band_ink(painted(narrow)) == 0


def test_a_strip_bounds_its_band_only_when_the_band_is_used(qtbot):
    def rect(strip):
        r = strip.boundingRect()
        return (r.x(), r.y(), r.width(), r.height())

    # two units beyond the cells on every side, for the selected unit's outline (a pen 2.5 wide)
    wide = ValueStrip("h(t)", DIVERGING, 8, selectable=True)
    assert rect(wide) == (-2, -2, STRIP_W + 4, STRIP_H + BAND_H + 4)
    assert rect(ValueStrip("h(t)", DIVERGING, 4, selectable=True)) == (-2, -2, STRIP_W + 4, STRIP_H + 4)
    assert rect(ValueStrip("x(t)", DIVERGING, 8, selectable=False)) == (-2, -2, STRIP_W + 4, STRIP_H + 4)
    wide.set_units(3)  # narrower cells, numbered: the band goes
    assert rect(wide) == (-2, -2, STRIP_W + 4, STRIP_H + 4)


def test_numbers_are_centred_in_their_cells(qtbot):
    for values in ([-0.5, 0.25, 0.125], [0.5, -0.75, 0.0, 1.0]):
        strip = shown_strip(values)
        rects = strip.number_rects()
        assert len(rects) == len(values)
        for k, rect in enumerate(rects):
            assert rect.center().x() == pytest.approx((k + 0.5) * strip.cell, abs=1e-9)
            assert rect.center().y() == pytest.approx(STRIP_H / 2, abs=1e-9)
            assert 0 < rect.width() < strip.cell - CELL_GAP
    assert shown_strip(np.zeros(8)).number_rects() == []


def _ink_box(strip, k: int, margin: float = 4.0) -> tuple[float, float, float, float]:
    """(left, top, right, bottom), in strip coordinates, of the pixels of cell k painted in neither
    the cell's colour nor white: where its number's ink is, as painted (not as described)."""
    image = _paint(strip, margin)
    fill = value_colors(strip.values, strip.kind)[k]
    left, right = k * strip.cell + CELL_GAP / 2 + 0.5, (k + 1) * strip.cell - CELL_GAP / 2 - 0.5
    xs, ys = [], []
    for py in range(int((margin + 0.5) * ZOOM), int((margin + STRIP_H - 0.5) * ZOOM)):
        for px in range(int((margin + left) * ZOOM), int((margin + right) * ZOOM)):
            color = image.pixelColor(px, py)
            far = (abs(color.red() - fill.red()), abs(color.green() - fill.green()), abs(color.blue() - fill.blue()))
            if max(far) > 60:
                xs.append(px / ZOOM - margin)
                ys.append(py / ZOOM - margin)
    assert xs, k  # a number was painted
    return min(xs), min(ys), max(xs), max(ys)


def test_the_painted_numbers_stand_where_number_rects_says_centred_in_their_cells(qtbot):
    strip = shown_strip([-0.5, 0.25, 0.875])
    for k, rect in enumerate(strip.number_rects()):
        left, top, right, bottom = _ink_box(strip, k)
        assert (left + right) / 2 == pytest.approx((k + 0.5) * strip.cell, abs=1.5), k
        assert (top + bottom) / 2 == pytest.approx(STRIP_H / 2, abs=1.5), k
        assert rect.left() - 1 <= left, k  # inside its described box
        assert right <= rect.right() + 1, k


def test_four_units_are_numbered_and_five_are_not(qtbot):
    assert _ink_box(shown_strip([0.5, -0.5, 0.25, -0.25]), 3)  # the fourth cell has its number
    five = shown_strip([0.5, -0.5, 0.25, -0.25, 0.75])
    with pytest.raises(AssertionError):
        _ink_box(five, 3)  # colours only


# -- the legend and the arrangement -----------------------------------------------------------
def legend_items(canvas: CellDiagram) -> list:
    """The legend's [gate label, gate strip, value label, value strip]: the top-level items that are no diagram."""
    roots = {id(panel.root) for panel in canvas.panels.values()}
    items = [item for item in canvas.scene().items() if item.parentItem() is None and id(item) not in roots]
    labels = {item.text(): item for item in items if not isinstance(item, ValueStrip)}
    strips = {item.name: item for item in items if isinstance(item, ValueStrip)}
    assert len(items) == 4
    assert labels.keys() == strips.keys()
    gate, value = sorted(labels, key=lambda text: not text.startswith("gate"))
    return [labels[gate], strips[gate], labels[value], strips[value]]


def test_the_arrangements_are_every_way_to_cut_the_row():
    from rnnviz.ui.canvas import _arrangements

    assert _arrangements(1) == [[[0]]]
    assert _arrangements(2) == [[[0, 1]], [[0], [1]]]
    three = _arrangements(3)
    assert len(three) == 4
    assert sorted(three) == sorted([[[0, 1, 2]], [[0], [1, 2]], [[0, 1], [2]], [[0], [1], [2]]])


def test_the_legend_stands_beside_a_single_wide_row_level_with_its_box(qtbot):
    from rnnviz.ui.canvas import ROW_GAP
    from rnnviz.ui.diagrams import BOX_TOP

    session = default_session(["lstm"])
    canvas = make_canvas(qtbot, session, size=(2000, 420))  # wide and low: room beside the diagram
    label, strip, label2, strip2 = legend_items(canvas)
    right = LAYOUTS["lstm"].width
    assert [item.x() for item in (label, strip, label2, strip2)] == [right + ROW_GAP] * 4  # one column
    assert label.y() == BOX_TOP
    assert label.y() + label.boundingRect().height() <= strip.y()
    assert strip.y() + STRIP_H < label2.y()  # stacked, one below the other
    assert label2.y() + label2.boundingRect().height() <= strip2.y()
    assert strip2.y() + STRIP_H <= LAYOUTS["lstm"].height


def test_the_legend_takes_a_band_under_the_rows_when_beside_would_draw_no_larger(qtbot):
    from rnnviz.ui.canvas import ROW_GAP

    session = default_session()
    # two rows, limited by the width: beside the narrow last row the legend would fit without
    # widening the drawing, but the diagrams would be no larger, so it stays in the band under them
    canvas = make_canvas(qtbot, session, size=(1800, 1200))
    assert canvas.rows() == [["rnn", "lstm"], ["gru"]]
    bottom = canvas.panels["gru"].root.y() + LAYOUTS["gru"].height
    assert canvas.panels["gru"].root.y() == LAYOUTS["lstm"].height + ROW_GAP
    label, strip, label2, strip2 = legend_items(canvas)
    assert label.pos() == QPointF(0, bottom + ROW_GAP / 2)
    assert label2.y() == label.y()  # side by side
    assert strip.y() == strip2.y() > label.y() + label.boundingRect().height() - 1
    assert strip.x() == 0
    assert 0 < label2.x() - (strip.x() + strip.width) < STRIP_W  # the second a short way after the first
    assert label2.x() == strip2.x()


def test_the_diagrams_title_is_bold_and_its_caption_is_not(qtbot):
    canvas = make_canvas(qtbot, default_session(["rnn"]))
    panel = canvas.panels["rnn"]
    assert panel.title.font().bold()
    assert panel.step.font().bold()
    assert not panel.equation.font().bold()


def test_a_label_below_a_strip_clears_the_band_only_where_there_is_one(qtbot):
    from PySide6.QtWidgets import QGraphicsRectItem

    from rnnviz.ui.canvas import _Builder, _Panel

    make_canvas(qtbot, default_session(["gru"]))  # the fonts need the application
    panel = _Panel(SPECS["gru"], LAYOUTS["gru"], QGraphicsRectItem())
    builder = _Builder(panel, 8, 8)  # 8 hidden units: no numbers, so a selected unit's band
    builder.strip("h", 10.0, 20.0, "h(t) below", below=True)
    builder.strip("x", 10.0, 200.0, "x(t) below", below=True)  # 8 input dimensions: never selected, no band
    builder.strip("h_prev", 10.0, 400.0, "h(t-1) above")
    band = panel.labels["h"].y() - (20.0 + STRIP_H)
    assert BAND_H <= band < 2 * BAND_H
    plain = panel.labels["x"].y() - (200.0 + STRIP_H)
    assert 0 <= plain < BAND_H
    above = panel.labels["h_prev"]
    assert above.y() + above.boundingRect().height() <= 400.0  # its text ends above the strip
    assert above.y() > 400.0 - 2 * above.boundingRect().height()


# -- export sizes ---------------------------------------------------------------------------------
def test_an_export_is_its_scale_times_the_drawing_on_screen_rounded_and_at_least_a_pixel(qtbot):
    from PySide6.QtGui import QTransform

    canvas = make_canvas(qtbot, default_session(["rnn"]))
    source = canvas.drawing_rect()
    zoom = canvas.transform().m11()
    assert zoom > 0

    def size(**kwargs) -> tuple[int, int]:
        image = QImage.fromData(canvas.image_bytes("figure.png", **kwargs))
        return image.width(), image.height()

    assert size(scale=1.5) == (round(source.width() * 1.5 * zoom), round(source.height() * 1.5 * zoom))
    assert size(width=301) == (301, round(source.height() * 301 / source.width()))
    assert source.height() < 1.5 * source.width()  # so one pixel wide rounds to one pixel high
    assert size(width=1) == (1, 1)
    canvas.setTransform(QTransform.fromScale(0, 0))  # no zoom to go by: the drawing's own size
    assert size(scale=1.0) == (round(source.width()), round(source.height()))


@pytest.mark.parametrize("units", [17, 64])
def test_a_strip_of_many_narrow_cells_shows_each_units_colour_in_its_cell(qtbot, units):
    """Cells too narrow for gaps are drawn as one stretched image: each unit still fills exactly its cell."""
    values = np.linspace(-1.0, 1.0, units)[::-1].copy()
    values[3] = np.nan
    strip = shown_strip(values)
    assert strip.cell < 4 * CELL_GAP  # no gaps at this width
    at = painted(strip)
    colours = [c.name() for c in value_colors(values, DIVERGING)]
    cell = strip.cell
    for k, colour in enumerate(colours):
        for x in (k * cell + 0.2 * cell, (k + 0.5) * cell, (k + 0.8) * cell):
            assert at(x, STRIP_H / 2) == colour, (k, x)
        assert at((k + 0.5) * cell, 1.0) == at((k + 0.5) * cell, STRIP_H - 1.0) == colour, k
    assert colours[3] == NAN_COLOR.name()
    assert at(strip.width / 2, STRIP_H + 1.5) == BACKDROP  # nothing under the strip without a selected unit


def test_an_svg_export_keeps_a_rectangle_per_cell_of_a_wide_strip(qtbot):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtSvg import QSvgGenerator

    values = np.linspace(-1.0, 1.0, 64)
    strip = shown_strip(values)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    painter = QPainter(generator)
    strip.paint(painter, None)
    painter.end()
    svg = bytes(data).decode()
    assert "<image" not in svg  # vectors, not a bitmap, in a figure for slides
    fills = {c.name() for c in value_colors(values, DIVERGING)}
    assert all(f'fill="{colour}"' in svg for colour in fills)


def test_a_relu_simple_rnn_says_relu_in_its_caption_and_block(qtbot):
    data = load_lesson(default_lesson_path()).to_dict()
    data["models"]["rnn"]["nonlinearity"] = "relu"
    session = Session(load_lesson(data), models=["rnn"])
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(STEP, LAST_STAGE))
    caption = canvas.captions()["rnn"]
    assert "relu(" in caption
    assert "tanh(" not in caption
    assert canvas.panels["rnn"].ops["act"].text() == "relu"
    tanh = default_session(["rnn"])
    canvas2 = make_canvas(qtbot, tanh)
    go(canvas2, tanh, Position(STEP, LAST_STAGE))
    assert "tanh(" in canvas2.captions()["rnn"]


def test_gate_strips_use_the_gate_scale_and_values_the_diverging_one(qtbot):
    from rnnviz.core.models import GATE
    from rnnviz.ui.colors import SEQUENTIAL

    session = default_session()
    canvas = make_canvas(qtbot, session)
    for key, strip in canvas.strips.items():
        model, quantity = key.split(".")
        kind = SPECS[model].quantity(quantity).kind
        assert strip.kind == (SEQUENTIAL if kind == GATE else DIVERGING), key
    assert canvas.strips["lstm.f"].kind == SEQUENTIAL
    assert canvas.strips["lstm.h"].kind == DIVERGING


def test_a_strip_of_eight_units_without_numbers_keeps_white_gaps_between_cells(qtbot):
    values = np.linspace(-1.0, 1.0, 8)
    strip = shown_strip(values)
    assert not strip.numbered
    assert strip.cell >= 4 * CELL_GAP  # wide enough for gaps
    at = painted(strip)
    colours = [c.name() for c in value_colors(values, DIVERGING)]
    for k, colour in enumerate(colours):
        assert at((k + 0.5) * strip.cell, STRIP_H / 2) == colour, k
        if k:
            assert at(k * strip.cell, STRIP_H / 2) == "#ffffff", k  # the gap between cell k-1 and k
        left, right = k * strip.cell + CELL_GAP / 2, (k + 1) * strip.cell - CELL_GAP / 2
        assert at(left - 0.3, 2) == at(right + 0.3, 2) == "#ffffff", k  # half the gap on each side
        assert at(left + 0.3, 2) == at(right - 0.3, 2) == colour, k
        assert at(left + 0.3, 0.3) == at(left + 0.3, STRIP_H - 0.3) == colour, k  # top to bottom


def test_each_op_box_is_centred_on_its_symbol(qtbot):
    from PySide6.QtWidgets import QGraphicsRectItem

    session = default_session()
    canvas = make_canvas(qtbot, session)
    checked = 0
    for model, panel in canvas.panels.items():
        for key, item in panel.ops.items():
            frames = [e for e in panel.elements.get(key, []) if isinstance(e, QGraphicsRectItem)]
            assert len(frames) == 1, (model, key)
            centre = frames[0].rect().center()
            text = item.boundingRect()
            assert abs(centre.x() - (item.x() + text.width() / 2)) < 0.5, (model, key)
            assert abs(centre.y() - (item.y() + text.height() / 2)) < 0.5, (model, key)
            assert frames[0].rect().width() > text.width()  # the symbol fits inside its box
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("height", [500, 900])
def test_the_chosen_arrangement_draws_the_diagrams_largest(qtbot, monkeypatch, height):
    """Over a sweep of widths, no other arrangement (one row, or wrapped) would draw them larger."""
    import rnnviz.ui.canvas as canvas_module

    session = default_session()
    canvas = make_canvas(qtbot, session)
    every = canvas_module._arrangements(3)
    original = canvas_module._arrangements
    for width in range(700, 3200, 150):
        canvas.resize(width, height)
        canvas._arranged = None
        canvas.arrange(canvas.viewport().width(), canvas.viewport().height())
        chosen = canvas.transform().m11()
        for alternative in every:
            monkeypatch.setattr(canvas_module, "_arrangements", lambda count, a=alternative: [a])
            canvas._arranged = None
            canvas.arrange(canvas.viewport().width(), canvas.viewport().height())
            assert chosen >= canvas.transform().m11() - 1e-9, (width, alternative)
        monkeypatch.setattr(canvas_module, "_arrangements", original)


# -- the backward pass ------------------------------------------------------------------------------
BACKWARD_STRIPS = {"rnn": {"h", "h_prev", "pre"}, "lstm": {"h", "h_prev", "c", "c_prev", "f"},
                   "gru": {"h", "h_prev", "z"}}  # fmt: skip


def backward_expected(session: Session, model: str, t: int) -> dict[str, np.ndarray]:
    bp, trace = session.backward_pass(model), session.traces[model]
    want = {"h": bp.at_h[t]}
    if model == "lstm":
        want["c"] = bp.at_c[t]
    if t > 0:
        want["h_prev"] = bp.at_h[t - 1]
        if model == "rnn":
            want["pre"] = bp.at_pre[t]
        elif model == "lstm":
            want["c_prev"], want["f"] = bp.at_c[t - 1], trace.f[t - 1]
        else:
            want["z"] = trace.z[t - 1]
    return want


@pytest.mark.parametrize("t", [3, 2, 1, 0])
def test_each_backward_step_shows_the_gradient_arriving_and_the_factor_that_carries_it(qtbot, t):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(t, backward=True))
    assert session.playhead.position == Position(t, LAST_STAGE, backward=True)
    for model, panel in canvas.panels.items():
        want = backward_expected(session, model, t)
        assert set(want) == (BACKWARD_STRIPS[model] if t else {"h", "c"} & BACKWARD_STRIPS[model]), model
        for quantity, strip in panel.strips.items():
            if quantity in want:
                np.testing.assert_array_equal(strip.values, want[quantity], err_msg=f"{model}.{quantity}")
            else:
                assert strip.values is None, f"{model}.{quantity} shows {strip.values} on the backward pass"
        lit = {key.partition(".")[2] for key in canvas.highlighted() if key.startswith(model + ".")}
        assert lit == (set(LAYOUTS[model].highlights["backward"]) if t else set()), model
        token = session.token(t)
        assert panel.step.text() == (f"← t = {t}   “{token}”" if t else "← t = 0   initial state")
        assert panel.labels["h"].text() == "∂h(3)/∂h(t)"
        assert panel.labels["x"].text() == (f"x(t) = “{token}”" if t else "x(t)  embedding")


def test_backward_captions_multiply_the_running_norm_by_each_steps_factor(qtbot):
    from rnnviz.ui.numbers import format_norm

    session = default_session()
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(2, backward=True))
    captions = canvas.captions()
    rnn, lstm = session.backward_pass("rnn"), session.backward_pass("lstm")
    first = captions["rnn"].splitlines()[0]
    assert first == f"‖∂h(3)/∂h(1)‖ = {format_norm(rnn.norm_h[2])} × {format_norm(rnn.factor[2])} = " \
                    f"{format_norm(rnn.norm_h[1])}"  # fmt: skip
    assert float(format_norm(rnn.norm_h[2])) * float(format_norm(rnn.factor[2])) == pytest.approx(
        float(format_norm(rnn.norm_h[1])), rel=1e-2)  # the product the caption writes holds
    assert "diag(1 − h(2)²) · U" in captions["rnn"]
    assert captions["lstm"].splitlines()[0].startswith(f"‖∂h(3)/∂C(1)‖ = {format_norm(lstm.norm_c[2])} × ")
    assert "⊙ f(2)" in captions["lstm"]
    assert "diag(z(2))" in captions["gru"]
    go(canvas, session, Position(0, backward=True))
    assert canvas.captions()["rnn"].startswith(f"‖∂h(3)/∂h(0)‖ = {format_norm(rnn.norm_h[0])} after 3 steps back")
    go(canvas, session, Position(3))  # forward again: the forward labels and captions return
    assert canvas.panels["rnn"].labels["h"].text() == "h(t)  output"
    assert canvas.captions()["rnn"].startswith("h(t) = tanh(W x(t) + U h(t-1) + b)")
    assert canvas.panels["rnn"].step.text() == "t = 3   “祖国”"
    np.testing.assert_array_equal(canvas.strips["rnn.h"].values, session.traces["rnn"].h[3])
    assert not canvas.strips["rnn.h"].gradient


def test_a_vanished_gradient_is_written_as_a_power_of_ten_not_as_zero(qtbot):
    from rnnviz.resources import find_lesson

    session = Session(load_lesson(find_lesson("long_range")))
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(1, backward=True))
    bp = session.backward_pass("rnn")
    strip = canvas.strips["rnn.h_prev"]
    assert strip.gradient
    assert bp.at_h[0][0] < 1e-20
    assert strip.displayed_text() == [f"{bp.at_h[0][0]:.0e}".replace("e-0", "e-")]
    assert strip.displayed_text()[0].startswith("7e-26")
    assert canvas.strips["lstm.c_prev"].displayed_text() == ["0.423"]  # the cell path keeps it


def test_the_simple_rnns_block_says_it_holds_a_gradient_on_the_backward_pass(qtbot):
    session = default_session()
    canvas = make_canvas(qtbot, session)
    item = canvas.panels["rnn"].block_titles["pre"][0]
    go(canvas, session, Position(2, backward=True))
    assert item.text() == "∂h(3)/∂pre(t)"
    go(canvas, session, Position(0, backward=True))  # nothing in the block at the initial state
    assert item.text() == "W x + U h + b"
    go(canvas, session, Position(2))
    assert item.text() == "W x + U h + b"
    assert canvas.panels["lstm"].block_titles["f"][0].text() == "f(t)  forget"


def test_an_initial_state_near_one_is_not_a_saturated_gate(qtbot):
    data = load_lesson(default_lesson_path()).to_dict()
    data["initial_state"] = {"h": [0.995, -0.999, 0.0], "c": [0.0, 0.0, 0.0]}
    session = Session(load_lesson(data))
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(0))
    assert canvas.strips["rnn.h"].saturated is None
    assert canvas.strips["gru.h"].saturated is None


def test_an_overflowed_norm_has_no_made_up_factor(qtbot):
    data = load_lesson(default_lesson_path()).to_dict()
    data["hidden_size"] = 2
    data["initial_state"] = {"h": [0.0, 0.0], "c": [0.0, 0.0]}
    data["embeddings"] = {"a": [1.0, 1.0, 1.0]}
    data["tokens"] = ["a"] * 4
    data["models"] = {"rnn": {"weight_ih": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
                              "weight_hh": [[1e100, 0.0], [0.0, 1e100]], "bias_ih": [0.0, 0.0], "bias_hh": [0.0, 0.0],
                              "nonlinearity": "relu"}}  # fmt: skip
    session = Session(load_lesson(data))
    bp = session.backward_pass("rnn")
    assert bp.factor[3] == pytest.approx(1e100)
    assert np.isnan(bp.factor[1])  # the norm at h(0) overflowed: 1.8e308 is no size
    canvas = make_canvas(qtbot, session)
    go(canvas, session, Position(1, backward=True))
    assert "(too large to measure)" in canvas.captions()["rnn"]
