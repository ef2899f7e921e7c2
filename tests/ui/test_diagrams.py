"""The diagram layouts' geometry, without Qt: wires start and end on something, arrows point into what they feed."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest

from rnnviz.core.models import SPECS
from rnnviz.ui.diagrams import BAND_H, BLOCK_H, BLOCK_W, HEIGHT, LAYOUTS, NODE_R, STRIP_H, STRIP_W

TOUCH = 0.5  # how close an end must be to an outline, in scene units


@dataclass
class Geometry:
    """A Drawing that keeps every shape, for checks."""

    rects: dict[str, list[tuple[float, float, float, float]]] = field(default_factory=dict)  # key -> (x, y, w, h)
    nodes: dict[str, tuple[float, float]] = field(default_factory=dict)
    wires: list[tuple[str, list[tuple[float, float]], bool]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    blocks: dict[str, tuple[float, float]] = field(default_factory=dict)
    strip_at: dict[str, tuple[float, float]] = field(default_factory=dict)

    def box(self, x, y, width, height):
        self.boxes.append((x, y, width, height))

    def strip(self, quantity, x, y, label=None, below=False):
        self.strip_at[quantity] = (x, y)
        # a strip of hidden units has a band under it for the selected unit's number
        self.rects.setdefault(f"strip {quantity}", []).extend([(x, y, STRIP_W, STRIP_H),
                                                                (x, y, STRIP_W, STRIP_H + BAND_H)])  # fmt: skip

    def block(self, quantity, title, activation, x, y):
        self.blocks[quantity] = (x, y)
        self.rects.setdefault(f"block {quantity}", []).append((x, y, BLOCK_W, BLOCK_H))

    def node(self, key, symbol, x, y):
        self.nodes[key] = (x, y)

    def op(self, key, text, x, y, width=56.0, height=24.0):
        self.rects.setdefault(f"op {key}", []).append((x - width / 2, y - height / 2, width, height))

    def wire(self, key, points, arrow=True):
        self.wires.append((key, [tuple(p) for p in points], arrow))

    def note(self, text, x, y, right=False):
        pass


def geometry(model: str) -> Geometry:
    g = Geometry()
    LAYOUTS[model].draw(g)
    return g


def _on_rect_outline(p, rect) -> bool:
    x, y, w, h = rect
    px, py = p
    inside_x = x - TOUCH <= px <= x + w + TOUCH
    inside_y = y - TOUCH <= py <= y + h + TOUCH
    on_vertical = inside_y and (abs(px - x) <= TOUCH or abs(px - x - w) <= TOUCH)
    on_horizontal = inside_x and (abs(py - y) <= TOUCH or abs(py - y - h) <= TOUCH)
    return on_vertical or on_horizontal


def _on_segment(p, a, b) -> bool:
    (px, py), (ax, ay), (bx, by) = p, a, b
    if not (min(ax, bx) - TOUCH <= px <= max(ax, bx) + TOUCH and min(ay, by) - TOUCH <= py <= max(ay, by) + TOUCH):
        return False
    length = math.hypot(bx - ax, by - ay) or 1.0
    return abs((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / length <= TOUCH


def touched_shapes(g: Geometry, p) -> set[str]:
    """The elements whose outline passes through p."""
    out = {key for key, rects in g.rects.items() if any(_on_rect_outline(p, r) for r in rects)}
    out |= {f"node {key}" for key, (x, y) in g.nodes.items() if abs(math.hypot(p[0] - x, p[1] - y) - NODE_R) <= TOUCH}
    return out


def on_other_wire(g: Geometry, p, index: int) -> bool:
    return any(
        _on_segment(p, a, b)
        for k, (_, points, _) in enumerate(g.wires)
        if k != index
        for a, b in zip(points, points[1:], strict=False)
    )


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_an_arrow_ends_on_the_outline_of_what_it_feeds_and_a_plain_wire_on_another_wire(model):
    g = geometry(model)
    assert g.wires
    for k, (key, points, arrow) in enumerate(g.wires):
        end = points[-1]
        shapes = touched_shapes(g, end)
        if arrow:
            assert shapes, f"{model}: the arrow of {key} ends at {end}, on nothing"
        else:
            assert not shapes, f"{model}: {key} runs into {shapes} without an arrow"
            assert on_other_wire(g, end, k), f"{model}: {key} ends at {end}, joining no wire"


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_every_wire_starts_on_an_element_or_on_another_wire(model):
    g = geometry(model)
    for k, (key, points, _) in enumerate(g.wires):
        start = points[0]
        assert touched_shapes(g, start) or on_other_wire(g, start, k), f"{model}: {key} starts at {start}, on nothing"


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_wires_run_straight_across_and_down(model):
    for key, points, _ in geometry(model).wires:
        assert len(points) >= 2, key
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            assert ax == bx or ay == by, f"{model}: {key} has a slanted segment"
            assert (ax, ay) != (bx, by), f"{model}: {key} has an empty segment"


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_wires_into_and_out_of_blocks_meet_them_in_the_middle(model):
    g = geometry(model)
    for key, points, _ in g.wires:
        for end in (points[0], points[-1]):
            for name in touched_shapes(g, end):
                if not name.startswith("block "):
                    continue
                x, y = g.blocks[name.split(" ", 1)[1]]
                if end[1] in (y, y + BLOCK_H):  # through the top or the bottom edge
                    assert end[0] == x + BLOCK_W / 2, f"{model}: {key} meets {name} off its middle"
                else:  # through a side: level with the block's strip
                    assert y < end[1] < y + BLOCK_H, (model, key)


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_wires_leave_and_enter_strips_at_their_middle(model):
    g = geometry(model)
    for key, points, _ in g.wires:
        for end in (points[0], points[-1]):
            for quantity, (x, y) in g.strip_at.items():
                on_side = abs(end[0] - x) <= TOUCH or abs(end[0] - x - STRIP_W) <= TOUCH
                if on_side and y - TOUCH <= end[1] <= y + STRIP_H + TOUCH:
                    assert end[1] == y + STRIP_H / 2, f"{model}: {key} meets the {quantity} strip off its middle"


def test_the_lstm_adds_the_gated_candidate_between_the_input_gate_and_the_candidate():
    g = geometry("lstm")
    i, cand = g.blocks["i"][0] + BLOCK_W / 2, g.blocks["g"][0] + BLOCK_W / 2
    join = g.nodes["input_x"][0]
    assert join == (i + cand) / 2
    assert g.nodes["cell_add"][0] == join  # straight up into the cell state's +
    assert g.nodes["forget_x"][0] == g.blocks["f"][0] + BLOCK_W / 2  # above the forget gate


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_everything_lies_inside_the_layouts_size_and_blocks_do_not_overlap(model):
    g, layout = geometry(model), LAYOUTS[model]
    assert layout.height == HEIGHT
    for rects in g.rects.values():
        x, y, w, h = rects[0]  # a strip without the band a hidden-unit strip may show under it
        assert x >= 0, (model, x)
        assert x + w <= layout.width + TOUCH, (model, x, w)
        assert y >= 0, (model, y)
        assert y + h <= layout.height + TOUCH, (model, y, h)
    for _, points, _ in g.wires:
        for x, y in points:
            assert 0 <= x <= layout.width, model
            assert 0 <= y <= layout.height, model
    blocks = sorted(g.blocks.values())
    for (ax, ay), (bx, by) in zip(blocks, blocks[1:], strict=False):
        assert bx >= ax + BLOCK_W or by >= ay + BLOCK_H, f"{model}: blocks overlap"
    for box in g.boxes:  # the cell box holds every block
        bx, by, bw, bh = box
        for x, y in g.blocks.values():
            assert bx <= x
            assert x + BLOCK_W <= bx + bw
            assert by <= y
            assert y + BLOCK_H <= by + bh


def test_each_model_draws_its_gates_as_blocks_and_its_states_as_strips():
    assert set(geometry("lstm").blocks) == {"f", "i", "g", "o"}
    assert set(geometry("gru").blocks) == {"z", "r", "n_pre_h", "n"}
    assert set(geometry("rnn").blocks) == {"pre"}
    for model, layout in LAYOUTS.items():
        strips = set(layout.strips())
        assert {"x", "h_prev", "h"} <= strips, model
        assert set(SPECS[model].states) <= strips


def test_inputs_on_the_left_outputs_on_the_right():
    for model in LAYOUTS:
        g = geometry(model)
        inputs = [g.strip_at[q][0] for q in ("x", "h_prev", "c_prev") if q in g.strip_at]
        outputs = [g.strip_at[q][0] for q in SPECS[model].states]
        box_left = min(x for x, _, _, _ in g.boxes)
        box_right = max(x + w for x, _, w, _ in g.boxes)
        assert max(inputs) + STRIP_W <= box_left, model
        assert min(outputs) >= box_right, model


def test_every_highlighted_element_is_drawn_and_each_phase_lights_something():
    for model, layout in LAYOUTS.items():
        drawn = layout.elements()
        for phase in SPECS[model].phases:
            lit = layout.highlights[phase.id]
            assert lit, (model, phase.id)
            assert lit <= drawn, (model, phase.id, lit - drawn)
