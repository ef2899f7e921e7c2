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


def _at(g: Geometry, p, index: int) -> set[str]:
    """What a wire's end touches: outlines, and other wires (as "wire KEY")."""
    wires = {
        f"wire {key}"
        for k, (key, points, _) in enumerate(g.wires)
        if k != index and any(_on_segment(p, a, b) for a, b in zip(points, points[1:], strict=False))
    }
    return touched_shapes(g, p) | wires


#: Every wire from what computes a value to what takes it in, in drawing order: (key, start, end),
#: read off the models' equations (f(t) into the forget ×, i(t) and C̃(t) into the input ×, ...).
FLOWS = {
    "rnn": [
        ("x_in", {"strip x"}, {"wire bus"}),
        ("bus", {"strip h_prev"}, {"wire x_in", "wire bus"}),
        ("bus", {"wire x_in", "wire bus"}, {"wire pre_in"}),
        ("pre_in", {"wire bus"}, {"block pre"}),
        ("pre_out", {"block pre"}, {"op act"}),
        ("act_out", {"op act"}, {"strip h"}),
    ],
    "lstm": [
        ("x_in", {"strip x"}, {"wire bus"}),
        ("bus", {"strip h_prev"}, {"wire x_in", "wire bus"}),
        ("bus", {"wire x_in", "wire bus"}, {"wire o_in"}),
        ("c_in", {"strip c_prev"}, {"node forget_x"}),
        ("c_mid", {"node forget_x"}, {"node cell_add"}),
        ("c_out", {"node cell_add"}, {"strip c"}),
        ("c_update", {"node input_x"}, {"node cell_add"}),
        ("f_in", {"wire bus"}, {"block f"}),
        ("i_in", {"wire bus"}, {"block i"}),
        ("g_in", {"wire bus"}, {"block g"}),
        ("o_in", {"wire bus"}, {"block o"}),
        ("f_out", {"block f"}, {"node forget_x"}),
        ("i_out", {"block i"}, {"node input_x"}),
        ("g_out", {"block g"}, {"node input_x"}),
        ("tanh_in", {"wire c_out"}, {"op tanh"}),
        ("tanh_mid", {"op tanh"}, {"strip tanh_c"}),
        ("tanh_out", {"strip tanh_c"}, {"node output_x"}),
        ("o_out", {"block o"}, {"node output_x"}),
        ("h_out", {"node output_x"}, {"strip h"}),
    ],
    "gru": [
        ("x_in", {"strip x"}, {"wire h_down", "wire bus"}),
        ("h_in", {"strip h_prev"}, {"node keep_x"}),
        ("h_mid", {"node keep_x"}, {"node h_add"}),
        ("h_out", {"node h_add"}, {"strip h"}),
        ("h_down", {"wire h_in"}, {"wire x_in", "wire bus"}),
        ("bus", {"wire x_in", "wire h_down"}, {"wire n_in"}),
        ("z_in", {"wire bus"}, {"block z"}),
        ("r_in", {"wire bus"}, {"block r"}),
        ("n_pre_h_in", {"wire bus"}, {"block n_pre_h"}),
        ("n_in", {"wire bus"}, {"block n"}),
        ("r_out", {"block r"}, {"node reset_x"}),
        ("n_pre_h_out", {"block n_pre_h"}, {"node reset_x"}),
        ("reset_out", {"node reset_x"}, {"block n"}),
        ("z_out", {"block z"}, {"node keep_x"}),
        ("z_branch", {"wire z_out"}, {"op one_minus"}),
        ("one_minus_out", {"op one_minus"}, {"node new_x"}),
        ("n_out", {"block n"}, {"node new_x"}),
        ("new_up", {"node new_x"}, {"node h_add"}),
    ],
}


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_each_wire_runs_from_what_computes_a_value_to_what_takes_it_in(model):
    g = geometry(model)
    drawn = [(key, _at(g, points[0], k), _at(g, points[-1], k)) for k, (key, points, _) in enumerate(g.wires)]
    assert drawn == FLOWS[model]


def test_the_gru_reset_product_leaves_the_side_of_its_block_level_with_the_node():
    g = geometry("gru")
    (start, end) = next(points for key, points, _ in g.wires if key == "n_pre_h_out")
    x, y = g.blocks["n_pre_h"]
    assert start == (x + BLOCK_W, g.nodes["reset_x"][1])  # the right side of U_n h(t-1) + b_hn
    assert end == (g.nodes["reset_x"][0] - NODE_R, g.nodes["reset_x"][1])
    assert g.blocks["n_pre_h"][0] + BLOCK_W < g.nodes["reset_x"][0] - NODE_R < g.blocks["n"][0]


@pytest.mark.parametrize("model", list(LAYOUTS))
def test_the_layout_ends_just_below_its_cell_box(model):
    g, layout = geometry(model), LAYOUTS[model]
    assert len(g.boxes) == 1
    x, y, w, h = g.boxes[0]
    bottom = max(by + bh for _, by, _, bh in (r[0] for r in g.rects.values()))
    assert y + h >= bottom  # the box holds everything drawn lowest
    # room below the box for its outline (a pen 2 wide, half of it outside), and no more than a pen's width
    assert 1 <= layout.height - (y + h) <= 2
    assert x + w <= layout.width
