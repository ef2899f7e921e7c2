"""Write the gallery's built-in lessons to resources/lessons/ (run by hand from the repository
root; numpy and rnnviz only):

    python tests/make_gallery.py

Weights are either PyTorch's default initialisation from a stated seed (nothing chosen to make
a point) or written by hand, and each lesson's description says which. The claims the notes
make are checked on the saved lessons by tests/core/test_gallery.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rnnviz  # noqa: E402
from rnnviz.core.lesson import new_lesson  # noqa: E402

OUT = ROOT / "resources" / "lessons"


def _note(step: int, en: str, zh: str, question: tuple[str, str] | None = None,
          answer: tuple[str, str] | None = None) -> dict:  # fmt: skip
    note = {"step": step, "text": {"en": en, "zh": zh}}
    if question is not None and answer is not None:
        note["question"] = {"en": question[0], "zh": question[1]}
        note["answer"] = {"en": answer[0], "zh": answer[1]}
    return note


def vanishing() -> dict:
    """Both models at PyTorch's default initialisation (seed 0): nothing here is chosen."""
    tokens = [f"w{k % 5}" for k in range(20)]
    lesson = new_lesson(tokens, ["rnn", "lstm"], 3, 3, 0, "Vanishing gradients: what is left of the first token")
    data = lesson.to_dict()
    data["description"] = {
        "en": "A SimpleRNN and an LSTM, both exactly as PyTorch initialises them (seed 0, H = 3), read 20 "
              "tokens. The memory plot shows how strongly each state still depends on the first token. "
              "Both lines fall: at initialisation the LSTM's forget gate is about 0.5, so its cell state "
              "halves what it keeps at every step, and it forgets as fast as the SimpleRNN or faster. "
              "The LSTM's advantage is that its gates can learn f close to 1: try What if > forget-gate "
              "bias = 6 and watch its cell state's line (dashed) level out. Its h line still falls: the "
              "cell keeps adding the candidate, C grows, and tanh(C(t)) saturates, so h(t) stops "
              "following C. Keeping a memory and passing a gradient are not the same thing.",
        "zh": "一个 SimpleRNN 和一个 LSTM，都按 PyTorch 的默认方式初始化（种子 0，H = 3），读入 20 个词。记忆曲线显示"
              "各状态对第一个词还有多强的依赖。两条线都在下降：初始化时 LSTM 的遗忘门约为 0.5，细胞状态每步只保留一半，"
              "所以它忘得和 SimpleRNN 一样快，甚至更快。LSTM 的优势在于门可以学到接近 1 的 f：试试 What if > "
              "遗忘门偏置 = 6，看它的细胞状态曲线（虚线）变平。它的 h 曲线仍然下降：细胞不断加入候选值，C 越来越大，"
              "tanh(C(t)) 饱和，h(t) 不再随 C 变化。保留记忆和传递梯度不是一回事。",
    }  # fmt: skip
    data["notes"] = [
        _note(1, "The first token. The memory plot follows it from here.", "第一个词。记忆曲线从这里开始跟踪它。",
              ("After 20 steps, which model will depend more on this token?", "20 步之后，哪个模型更依赖这个词？"),
              ("Neither keeps much: at initialisation both gradients vanish (see the memory plot at the end).",
               "两者都保留得很少：初始化时两者的梯度都会消失（看最后的记忆曲线）。")),
        _note(2, "Each step multiplies the gradient to h(t-1) by Uᵀ diag(1 − h(t)²) in the SimpleRNN, and "
                 "along the LSTM's cell by the forget gate f(t).",
              "每一步，SimpleRNN 传向 h(t-1) 的梯度要乘以 Uᵀ diag(1 − h(t)²)；LSTM 沿细胞状态则乘以遗忘门 f(t)。"),
        _note(20, "Compare the memory plot's two lines, then set the forget-gate bias to 6 in What if.",
              "比较记忆曲线的两条线，然后在 What if 中把遗忘门偏置设为 6。"),
    ]  # fmt: skip
    return data


def exploding() -> dict:
    """Written by hand: a ReLU SimpleRNN whose recurrent matrix is 1.5 times the identity."""
    H, tokens = 2, ["a"] * 16
    data = new_lesson(tokens, ["rnn"], H, 2, 0, "Exploding gradients: a ReLU SimpleRNN with U = 1.5 I").to_dict()
    data["embeddings"] = {"a": [0.1, 0.1]}
    data["models"]["rnn"] = {"weight_ih": [[1.0, 0.0], [0.0, 1.0]], "weight_hh": [[1.5, 0.0], [0.0, 1.5]],
                             "bias_ih": [0.0, 0.0], "bias_hh": [0.0, 0.0], "nonlinearity": "relu"}  # fmt: skip
    data["description"] = {
        "en": "Weights written by hand: h(t) = relu(x(t) + 1.5 h(t-1)). While the units are positive, relu "
              "passes the gradient unchanged, so going back one step multiplies it by Uᵀ = 1.5 I: after 16 "
              "steps ‖∂h(T)/∂h(0)‖ is 1.5¹⁶ ≈ 657 times ‖∂h(T)/∂h(T)‖. Training on such gradients takes "
              "huge, unstable steps (clipping them is the usual cure).",
        "zh": "手写的权重：h(t) = relu(x(t) + 1.5 h(t-1))。单元为正时，relu 原样传递梯度，所以每往回一步梯度就乘以 "
              "Uᵀ = 1.5 I：16 步之后 ‖∂h(T)/∂h(0)‖ 是 ‖∂h(T)/∂h(T)‖ 的 1.5¹⁶ ≈ 657 倍。用这样的梯度训练，步子会"
              "又大又不稳定（常用的办法是梯度裁剪）。",
    }  # fmt: skip
    data["notes"] = [
        _note(1, "h grows by half again at every step.", "h 每一步都增长一半。",
              ("How big is h(16)?", "h(16) 有多大？"),
              ("About 0.1 × (1.5¹⁶ − 1) / 0.5 ≈ 131 in each unit: export the CSV to check.",
               "每个单元约 0.1 × (1.5¹⁶ − 1) / 0.5 ≈ 131：可以导出 CSV 核对。")),
        _note(16, "rnnviz export exploding_gradients --gradients writes ‖∂h(T)/∂h(t)‖ (dhT_dh): it grows "
                  "by 1.5 per step back.", "rnnviz export exploding_gradients --gradients 会写出 ‖∂h(T)/∂h(t)‖"
                  "（dhT_dh）：每往回一步增长 1.5 倍。"),
    ]  # fmt: skip
    return data


def perfect_memory() -> dict:
    """Written by hand: an LSTM that writes the first token into its cell and then only keeps it."""
    tokens = ["A"] + ["x", "y", "z"] * 10
    data = new_lesson(tokens, ["lstm"], 1, 3, 0, "The perfectly remembering cell").to_dict()
    data["embeddings"] = {"A": [1.0, 0.0, 0.0], "x": [0.0, 1.0, 0.0], "y": [0.0, 0.0, 1.0], "z": [0.0, 1.0, 1.0]}
    # PyTorch's order of rows: i, f, g, o (H = 1: one row each)
    data["models"]["lstm"] = {
        "weight_ih": [[20.0, -20.0, -20.0], [0.0, 0.0, 0.0], [3.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
        "weight_hh": [[0.0], [0.0], [0.0], [0.0]],
        "bias_ih": [-10.0, 20.0, 0.0, 20.0],
        "bias_hh": [0.0, 0.0, 0.0, 0.0],
    }  # fmt: skip
    data["description"] = {
        "en": "Weights written by hand, one unit: the input gate opens only for A (i ≈ 1, and below 1e-13 for "
              "the fillers), the forget gate is always open (f = σ(20) ≈ 1 − 2e-9) and so is the output "
              "gate. The cell writes tanh(3) ≈ 0.995 at the first step and keeps it for 30 steps: C(T) "
              "differs from C(1) by less than 1e-7, and h(T) still carries the first token. The same as "
              "What if > f = 1, i = 0 after the first step. Honest note: the gates are saturated, so the "
              "gradient of h(T) with respect to the first token is small (about 0.01) even though nothing "
              "is forgotten; the fillers' gradients are about 1e11 times smaller still.",
        "zh": "手写的权重，只有一个单元：输入门只对 A 打开（i ≈ 1，对填充词小于 1e-13），遗忘门一直打开（f = σ(20) ≈ "
              "1 − 2e-9），输出门也一直打开。第一步细胞写入 tanh(3) ≈ 0.995，然后保持 30 步：C(T) 与 C(1) 相差不到 "
              "1e-7，h(T) 仍然带着第一个词。这和第一步之后的 What if > f = 1、i = 0 一样。"
              "说明：门处于饱和状态，所以即使什么也没忘，h(T) 对第一个词的梯度也很小（约 0.01）；"
              "填充词的梯度还要再小约 1e11 倍。",
    }  # fmt: skip
    data["notes"] = [
        _note(1, "A opens the input gate: the candidate tanh(3) is written into C.",
              "A 打开输入门：候选值 tanh(3) 被写入 C。",
              ("What will C be after 30 fillers?", "经过 30 个填充词后 C 是多少？"),
              ("The same: f ≈ 1 keeps it and i ≈ 0 adds nothing. Step on and watch C(t).",
               "不变：f ≈ 1 保留它，i ≈ 0 不添加任何东西。继续往下走，看 C(t)。")),
        _note(31, "The end: h(T) = o tanh(C) ≈ 0.76, the first token's mark, 30 steps later.",
              "最后：h(T) = o tanh(C) ≈ 0.76，30 步之后仍是第一个词留下的标记。"),
    ]  # fmt: skip
    return data


def counter() -> dict:
    """Written by hand: one LSTM unit that counts the a's in its cell state."""
    tokens = ["a", "b", "a", "a", "b", "b", "a", "a", "a", "b"]
    data = new_lesson(tokens, ["lstm"], 1, 2, 0, "A counter built from the gates").to_dict()
    data["embeddings"] = {"a": [1.0, 0.0], "b": [0.0, 1.0]}
    # PyTorch's order of rows: i, f, g, o. i opens for a only; f always; g = tanh(20) = 1 - 8e-18
    data["models"]["lstm"] = {
        "weight_ih": [[40.0, -20.0], [0.0, 0.0], [20.0, 20.0], [0.0, 0.0]],
        "weight_hh": [[0.0], [0.0], [0.0], [0.0]],
        "bias_ih": [-20.0, 30.0, 0.0, 20.0],
        "bias_hh": [0.0, 0.0, 0.0, 0.0],
    }  # fmt: skip
    data["description"] = {
        "en": "Weights written by hand, one unit: the input gate opens for a and stays shut for b, the "
              "candidate is 1, and the forget gate is always open, so the cell state adds one for every "
              "a: C(t) counts the a's read so far. h(t) = o tanh(C(t)) cannot count past about 3 (tanh "
              "saturates): the count lives in C, which no activation squashes.",
        "zh": "手写的权重，只有一个单元：输入门对 a 打开、对 b 关闭，候选值为 1，遗忘门一直打开，所以每读到一个 a，"
              "细胞状态就加一：C(t) 数出到目前为止读到的 a 的个数。h(t) = o tanh(C(t)) 数不过 3 左右（tanh 饱和）："
              "计数保存在 C 中，没有激活函数去压缩它。",
    }  # fmt: skip
    data["notes"] = [
        _note(1, "An a: the input gate opens and the candidate 1 is added to C.",
              "一个 a：输入门打开，候选值 1 被加进 C。"),
        _note(2, "A b: the input gate stays shut; C keeps its count.", "一个 b：输入门关闭，C 保持计数。",
              ("What will C be after the whole sentence?", "读完整个句子后 C 是多少？"),
              ("6: the sentence has six a's. Step on to the end to see it.", "6：句子里有六个 a。走到最后就能看到。")),
        _note(10, "C(T) = 6. Type another sentence of a's and b's in the Tokens field: C counts again.",
              "C(T) = 6。在 Tokens 栏输入另一句由 a 和 b 组成的句子：C 会重新计数。"),
    ]  # fmt: skip
    return data


def three_cells() -> dict:
    """All three models at PyTorch's default initialisation (seed 0) on one sentence: nothing chosen."""
    tokens = ["我", "爱", "祖国", "也", "爱", "我", "的", "家乡"]
    data = new_lesson(tokens, ["rnn", "lstm", "gru"], 3, 4, 0, "SimpleRNN, LSTM and GRU on one sentence").to_dict()
    data["description"] = {
        "en": "The same sentence through a SimpleRNN, an LSTM and a GRU, each exactly as PyTorch initialises "
              "it (seed 0, H = 3). Step through and compare where each keeps what it has read: the "
              "SimpleRNN only in h, squashed by tanh at every step; the LSTM in its cell state C, gated by f "
              "and i; the GRU in h, each unit a mix of its old value and the candidate n, in the share z. "
              "Honest result: untrained, the SimpleRNN's last state depends most on the first token and the "
              "GRU's least (the memory plot at the end). Gates can learn to keep things; at initialisation "
              "they keep about half.",
        "zh": "同一个句子分别送入 SimpleRNN、LSTM 和 GRU，三者都按 PyTorch 的默认方式初始化（种子 0，H = 3）。逐步"
              "比较它们把读到的内容保存在哪里：SimpleRNN 只在 h 中，每一步都被 tanh 压缩；LSTM 在细胞状态 C 中，由 f "
              "和 i 控制；GRU 在 h 中，每个单元按比例 z 混合旧值和候选值 n。如实的结果：未经训练时，SimpleRNN 的最后"
              "状态对第一个词依赖最大，GRU 最小（看最后的记忆曲线）。门可以学会保留信息；初始化时它们大约只保留一半。",
    }  # fmt: skip
    data["notes"] = [
        _note(1, "The first token, 我, enters all three cells.", "第一个词“我”进入三个单元。",
              ("After eight tokens, which model's h(T) will depend most on 我?",
               "读完八个词后，哪个模型的 h(T) 最依赖“我”？"),
              ("Look at the memory plot when you reach the end.", "走到最后时看记忆曲线。")),
        _note(2, "GRU: every unit of h(t) lies between its old value h(t-1) and the candidate n(t): "
                 "h(t) = (1 − z) n(t) + z h(t-1).",
              "GRU：h(t) 的每个单元都在旧值 h(t-1) 和候选值 n(t) 之间：h(t) = (1 − z) n(t) + z h(t-1)。"),
        _note(8, "The SimpleRNN's h(T) depends most on 我 and the GRU's least: untrained gates keep about half "
                 "of their state at every step.",
              "SimpleRNN 的 h(T) 最依赖“我”，GRU 最少：未经训练的门每一步大约只保留一半的状态。"),
    ]  # fmt: skip
    return data


def long_range() -> dict:
    """Written by hand: a bistable SimpleRNN and a gated LSTM, both holding the first token 30 steps."""
    tokens = ["A"] + ["x", "y", "z"] * 10
    data = new_lesson(tokens, ["rnn", "lstm"], 1, 4, 0, "Long-range memory: holding it is not learning it").to_dict()
    # feature 0: A (+1) or B (-1); feature 1: "a first token"; features 2, 3: the fillers
    data["embeddings"] = {"A": [1.0, 1.0, 0.0, 0.0], "B": [-1.0, 1.0, 0.0, 0.0],
                          "x": [0.0, 0.0, 1.0, 0.0], "y": [0.0, 0.0, 0.0, 1.0], "z": [0.0, 0.0, 1.0, 1.0]}  # fmt: skip
    data["models"]["rnn"] = {"weight_ih": [[3.0, 0.0, 0.0, 0.0]], "weight_hh": [[2.0]],
                             "bias_ih": [0.0], "bias_hh": [0.0], "nonlinearity": "tanh"}  # fmt: skip
    # PyTorch's order of rows: i, f, g, o
    data["models"]["lstm"] = {
        "weight_ih": [[0.0, 20.0, -20.0, -20.0], [0.0, 0.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
        "weight_hh": [[0.0], [0.0], [0.0], [0.0]],
        "bias_ih": [-10.0, 20.0, 0.0, 20.0],
        "bias_hh": [0.0, 0.0, 0.0, 0.0],
    }  # fmt: skip
    data["description"] = {
        "en": "Only the first token, A or B, matters; 30 fillers follow. Weights written by hand, one unit each. "
              "The textbook says a SimpleRNN cannot hold a token 30 steps back. This one does: a recurrent "
              "weight of 2 gives h two stable values (±0.96), and the first token picks one. What it cannot do "
              "is learn it: going back one step multiplies the gradient by 2 (1 − h²) ≈ 0.17, so from h(T) to "
              "the first token it is about 1e-25, and gradient descent gets no signal to find such weights. "
              "The LSTM keeps the token in its cell (f ≈ 1) and passes back about 0.013. Change A to B in the Tokens "
              "field: both models flip their answer.",
        "zh": "只有第一个词（A 或 B）重要，后面跟着 30 个填充词。权重是手写的，每个模型一个单元。教科书说 SimpleRNN "
              "记不住 30 步之前的词。这一个却记住了：循环权重为 2 时 h 有两个稳定值（±0.96），第一个词选定其中一个。"
              "它做不到的是学会这一点：每往回一步梯度乘以 2 (1 − h²) ≈ 0.17，从 h(T) 到第一个词约为 1e-25，"
              "梯度下降得不到找到这种权重的信号。LSTM 把词保存在细胞里（f ≈ 1），回传的梯度约为 0.013。在 Tokens 栏把 "
              "A 改成 B：两个模型的答案都会翻转。",
    }  # fmt: skip
    data["notes"] = [
        _note(1, "The first token: A pushes both models one way (B the other).",
              "第一个词：A 把两个模型推向一边（B 推向另一边）。",
              ("After 30 fillers, which model still knows it was A?", "经过 30 个填充词后，哪个模型还知道是 A？"),
              ("Both: h(T) is +0.96 in the SimpleRNN and +0.76 in the LSTM. The difference is in the gradient.",
               "两个都知道：SimpleRNN 的 h(T) 为 +0.96，LSTM 为 +0.76。区别在于梯度。")),
        _note(31, "Both remember. Now look at the memory plot: the SimpleRNN's line falls about 23 decades, "
                  "the LSTM's cell holds. A model that must learn this needs the gradient to arrive.",
              "两个都记住了。现在看记忆曲线：SimpleRNN 的曲线下降约 23 个数量级，LSTM 的细胞保持不变。"
              "要学会这一点，梯度必须能传回来。"),
    ]  # fmt: skip
    return data


LESSONS = {"vanishing_gradients": vanishing, "exploding_gradients": exploding, "perfect_memory": perfect_memory,
           "counter": counter, "three_cells": three_cells, "long_range": long_range}  # fmt: skip


def main() -> int:
    for name, make in LESSONS.items():
        data = make()
        lesson = rnnviz.load_lesson(data)  # it must load
        path = OUT / f"{name}.json"
        path.write_text(lesson.to_json(), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
