<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>ActivationsPanel</name>
    <message>
      <source>Activation curves</source>
      <translation>激活函数曲线</translation>
    </message>
    <message>
      <source>t = 0: no gates yet</source>
      <translation>t = 0：还没有门</translation>
    </message>
    <message>
      <source>dotted: the flat ends, within 0.01 of an end (gradient below 0.01 for σ, 0.02 for tanh);&lt;br&gt;ringed: {0} saturated</source>
      <translation>虚线：平坦的两端，距端点 0.01 以内（σ 的梯度小于 0.01，tanh 的小于 0.02）；&lt;br&gt;带圈：{0} 个饱和</translation>
    </message>
    <message>
      <source>t = {0}</source>
      <translation>t = {0}</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <source>Cannot open lesson</source>
      <translation>无法打开课程</translation>
    </message>
    <message>
      <source>{0}

The built-in lesson is shown instead.</source>
      <translation>{0}

改为显示内置课程。</translation>
    </message>
  </context>
  <context>
    <name>core</name>
    <message>
      <source>x(t)  embedding</source>
      <translation>x(t)  词向量</translation>
    </message>
    <message>
      <source>input gate &amp; candidate</source>
      <translation>输入门与候选值</translation>
    </message>
    <message>
      <source>inputs</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>forget / reset gate</source>
      <translation>遗忘门 / 重置门</translation>
    </message>
    <message>
      <source>input gate &amp; candidate / update gate</source>
      <translation>输入门与候选值 / 更新门</translation>
    </message>
    <message>
      <source>cell state / candidate</source>
      <translation>细胞状态 / 候选值</translation>
    </message>
    <message>
      <source>output gate</source>
      <translation>输出门</translation>
    </message>
    <message>
      <source>hidden state</source>
      <translation>隐藏状态</translation>
    </message>
    <message>
      <source>SimpleRNN</source>
      <translation>SimpleRNN</translation>
    </message>
    <message>
      <source>h(t) = tanh(W x(t) + U h(t-1) + b)</source>
      <translation>h(t) = tanh(W x(t) + U h(t-1) + b)</translation>
    </message>
    <message>
      <source>hidden</source>
      <translation>隐藏层</translation>
    </message>
    <message>
      <source>x(t)</source>
      <translation>x(t)</translation>
    </message>
    <message>
      <source>h(t-1)</source>
      <translation>h(t-1)</translation>
    </message>
    <message>
      <source>W x(t) + b_ih</source>
      <translation>W x(t) + b_ih</translation>
    </message>
    <message>
      <source>U h(t-1) + b_hh</source>
      <translation>U h(t-1) + b_hh</translation>
    </message>
    <message>
      <source>W x + U h + b</source>
      <translation>W x + U h + b</translation>
    </message>
    <message>
      <source>pre-activation</source>
      <translation>激活前的值</translation>
    </message>
    <message>
      <source>h(t)</source>
      <translation>h(t)</translation>
    </message>
    <message>
      <source>h(t) = tanh(…)</source>
      <translation>h(t) = tanh(…)</translation>
    </message>
    <message>
      <source>inputs arrive: x(t) and h(t-1)</source>
      <translation>输入到达：x(t) 和 h(t-1)</translation>
    </message>
    <message>
      <source>all memory passes through h, squashed every step</source>
      <translation>全部记忆都经过 h，每一步都被压缩</translation>
    </message>
    <message>
      <source>LSTM</source>
      <translation>LSTM</translation>
    </message>
    <message>
      <source>C(t) = f ⊙ C(t-1) + i ⊙ C̃   h(t) = o ⊙ tanh(C(t))</source>
      <translation>C(t) = f ⊙ C(t-1) + i ⊙ C̃   h(t) = o ⊙ tanh(C(t))</translation>
    </message>
    <message>
      <source>input gate</source>
      <translation>输入门</translation>
    </message>
    <message>
      <source>forget gate</source>
      <translation>遗忘门</translation>
    </message>
    <message>
      <source>candidate C̃</source>
      <translation>候选值 C̃</translation>
    </message>
    <message>
      <source>C(t-1)</source>
      <translation>C(t-1)</translation>
    </message>
    <message>
      <source>W_i x(t) + b_ii</source>
      <translation>W_i x(t) + b_ii</translation>
    </message>
    <message>
      <source>U_i h(t-1) + b_hi</source>
      <translation>U_i h(t-1) + b_hi</translation>
    </message>
    <message>
      <source>input pre-activation</source>
      <translation>输入门激活前的值</translation>
    </message>
    <message>
      <source>i(t)</source>
      <translation>i(t)</translation>
    </message>
    <message>
      <source>i(t) = σ(…)</source>
      <translation>i(t) = σ(…)</translation>
    </message>
    <message>
      <source>W_f x(t) + b_if</source>
      <translation>W_f x(t) + b_if</translation>
    </message>
    <message>
      <source>U_f h(t-1) + b_hf</source>
      <translation>U_f h(t-1) + b_hf</translation>
    </message>
    <message>
      <source>forget pre-activation</source>
      <translation>遗忘门激活前的值</translation>
    </message>
    <message>
      <source>f(t)</source>
      <translation>f(t)</translation>
    </message>
    <message>
      <source>f(t) = σ(…)</source>
      <translation>f(t) = σ(…)</translation>
    </message>
    <message>
      <source>W_g x(t) + b_ig</source>
      <translation>W_g x(t) + b_ig</translation>
    </message>
    <message>
      <source>U_g h(t-1) + b_hg</source>
      <translation>U_g h(t-1) + b_hg</translation>
    </message>
    <message>
      <source>candidate C̃ pre-activation</source>
      <translation>候选值 C̃ 激活前的值</translation>
    </message>
    <message>
      <source>g(t)</source>
      <translation>g(t)</translation>
    </message>
    <message>
      <source>g(t) = tanh(…)</source>
      <translation>g(t) = tanh(…)</translation>
    </message>
    <message>
      <source>W_o x(t) + b_io</source>
      <translation>W_o x(t) + b_io</translation>
    </message>
    <message>
      <source>U_o h(t-1) + b_ho</source>
      <translation>U_o h(t-1) + b_ho</translation>
    </message>
    <message>
      <source>output pre-activation</source>
      <translation>输出门激活前的值</translation>
    </message>
    <message>
      <source>o(t)</source>
      <translation>o(t)</translation>
    </message>
    <message>
      <source>o(t) = σ(…)</source>
      <translation>o(t) = σ(…)</translation>
    </message>
    <message>
      <source>C(t)</source>
      <translation>C(t)</translation>
    </message>
    <message>
      <source>C(t) = f·C(t-1) + i·C̃</source>
      <translation>C(t) = f·C(t-1) + i·C̃</translation>
    </message>
    <message>
      <source>tanh(C(t))</source>
      <translation>tanh(C(t))</translation>
    </message>
    <message>
      <source>h(t) = o·tanh(C(t))</source>
      <translation>h(t) = o·tanh(C(t))</translation>
    </message>
    <message>
      <source>inputs arrive: x(t), h(t-1) and C(t-1)</source>
      <translation>输入到达：x(t)、h(t-1) 和 C(t-1)</translation>
    </message>
    <message>
      <source>f(t) = σ(W_f x(t) + U_f h(t-1) + b_f)</source>
      <translation>f(t) = σ(W_f x(t) + U_f h(t-1) + b_f)</translation>
    </message>
    <message>
      <source>how much of C(t-1) to keep</source>
      <translation>保留多少 C(t-1)</translation>
    </message>
    <message>
      <source>i(t) = σ(W_i x(t) + U_i h(t-1) + b_i)   C̃(t) = tanh(W_g x(t) + U_g h(t-1) + b_g)</source>
      <translation>i(t) = σ(W_i x(t) + U_i h(t-1) + b_i)   C̃(t) = tanh(W_g x(t) + U_g h(t-1) + b_g)</translation>
    </message>
    <message>
      <source>what to write, and how much of it</source>
      <translation>写入什么，写入多少</translation>
    </message>
    <message>
      <source>cell state</source>
      <translation>细胞状态</translation>
    </message>
    <message>
      <source>C(t) = f(t) ⊙ C(t-1) + i(t) ⊙ C̃(t)</source>
      <translation>C(t) = f(t) ⊙ C(t-1) + i(t) ⊙ C̃(t)</translation>
    </message>
    <message>
      <source>the cell state is updated, not overwritten</source>
      <translation>细胞状态被更新，而不是被覆盖</translation>
    </message>
    <message>
      <source>o(t) = σ(W_o x(t) + U_o h(t-1) + b_o)</source>
      <translation>o(t) = σ(W_o x(t) + U_o h(t-1) + b_o)</translation>
    </message>
    <message>
      <source>how much of tanh(C(t)) to show</source>
      <translation>输出多少 tanh(C(t))</translation>
    </message>
    <message>
      <source>h(t) = o(t) ⊙ tanh(C(t))</source>
      <translation>h(t) = o(t) ⊙ tanh(C(t))</translation>
    </message>
    <message>
      <source>what the cell shows</source>
      <translation>细胞对外输出的内容</translation>
    </message>
    <message>
      <source>GRU</source>
      <translation>GRU</translation>
    </message>
    <message>
      <source>h(t) = (1 − z) ⊙ n + z ⊙ h(t-1)</source>
      <translation>h(t) = (1 − z) ⊙ n + z ⊙ h(t-1)</translation>
    </message>
    <message>
      <source>reset gate</source>
      <translation>重置门</translation>
    </message>
    <message>
      <source>update gate</source>
      <translation>更新门</translation>
    </message>
    <message>
      <source>candidate n</source>
      <translation>候选值 n</translation>
    </message>
    <message>
      <source>W_r x(t) + b_ir</source>
      <translation>W_r x(t) + b_ir</translation>
    </message>
    <message>
      <source>U_r h(t-1) + b_hr</source>
      <translation>U_r h(t-1) + b_hr</translation>
    </message>
    <message>
      <source>reset pre-activation</source>
      <translation>重置门激活前的值</translation>
    </message>
    <message>
      <source>r(t)</source>
      <translation>r(t)</translation>
    </message>
    <message>
      <source>r(t) = σ(…)</source>
      <translation>r(t) = σ(…)</translation>
    </message>
    <message>
      <source>W_z x(t) + b_iz</source>
      <translation>W_z x(t) + b_iz</translation>
    </message>
    <message>
      <source>U_z h(t-1) + b_hz</source>
      <translation>U_z h(t-1) + b_hz</translation>
    </message>
    <message>
      <source>update pre-activation</source>
      <translation>更新门激活前的值</translation>
    </message>
    <message>
      <source>z(t)</source>
      <translation>z(t)</translation>
    </message>
    <message>
      <source>z(t) = σ(…)</source>
      <translation>z(t) = σ(…)</translation>
    </message>
    <message>
      <source>W_n x(t) + b_in</source>
      <translation>W_n x(t) + b_in</translation>
    </message>
    <message>
      <source>U_n h(t-1) + b_hn</source>
      <translation>U_n h(t-1) + b_hn</translation>
    </message>
    <message>
      <source>candidate pre-activation</source>
      <translation>候选值激活前的值</translation>
    </message>
    <message>
      <source>W_n x + b_in + r·(U_n h + b_hn)</source>
      <translation>W_n x + b_in + r·(U_n h + b_hn)</translation>
    </message>
    <message>
      <source>n(t)</source>
      <translation>n(t)</translation>
    </message>
    <message>
      <source>n(t) = tanh(…)</source>
      <translation>n(t) = tanh(…)</translation>
    </message>
    <message>
      <source>h(t) = (1−z)·n + z·h(t-1)</source>
      <translation>h(t) = (1−z)·n + z·h(t-1)</translation>
    </message>
    <message>
      <source>r(t) = σ(W_r x(t) + U_r h(t-1) + b_r)</source>
      <translation>r(t) = σ(W_r x(t) + U_r h(t-1) + b_r)</translation>
    </message>
    <message>
      <source>how much of h(t-1) the candidate may use</source>
      <translation>候选值可以使用多少 h(t-1)</translation>
    </message>
    <message>
      <source>z(t) = σ(W_z x(t) + U_z h(t-1) + b_z)</source>
      <translation>z(t) = σ(W_z x(t) + U_z h(t-1) + b_z)</translation>
    </message>
    <message>
      <source>how much of h(t-1) to keep</source>
      <translation>保留多少 h(t-1)</translation>
    </message>
    <message>
      <source>candidate</source>
      <translation>候选值</translation>
    </message>
    <message>
      <source>n(t) = tanh(W_n x(t) + b_in + r(t) ⊙ (U_n h(t-1) + b_hn))</source>
      <translation>n(t) = tanh(W_n x(t) + b_in + r(t) ⊙ (U_n h(t-1) + b_hn))</translation>
    </message>
    <message>
      <source>the reset gate scales the recurrent part</source>
      <translation>重置门缩放循环部分</translation>
    </message>
    <message>
      <source>h(t) = (1 − z(t)) ⊙ n(t) + z(t) ⊙ h(t-1)</source>
      <translation>h(t) = (1 − z(t)) ⊙ n(t) + z(t) ⊙ h(t-1)</translation>
    </message>
    <message>
      <source>keep z of the old state, take 1 − z of the new</source>
      <translation>保留旧状态的 z，取新状态的 1 − z</translation>
    </message>
    <message>
      <source>forget gate (LSTM) · reset gate (GRU)</source>
      <translation>遗忘门 (LSTM) · 重置门 (GRU)</translation>
    </message>
    <message>
      <source>input gate &amp; candidate (LSTM) · update gate (GRU)</source>
      <translation>输入门与候选值 (LSTM) · 更新门 (GRU)</translation>
    </message>
    <message>
      <source>cell state (LSTM) · candidate (GRU)</source>
      <translation>细胞状态 (LSTM) · 候选值 (GRU)</translation>
    </message>
    <message>
      <source>Edit weight</source>
      <translation>编辑权重</translation>
    </message>
    <message>
      <source>Edit embedding</source>
      <translation>编辑词向量</translation>
    </message>
    <message>
      <source>Paste weights</source>
      <translation>粘贴权重</translation>
    </message>
    <message>
      <source>Paste embeddings</source>
      <translation>粘贴词向量</translation>
    </message>
    <message>
      <source>Edit lesson title</source>
      <translation>编辑课程标题</translation>
    </message>
    <message>
      <source>Change hidden size</source>
      <translation>更改隐藏层大小</translation>
    </message>
    <message>
      <source>Edit tokens</source>
      <translation>编辑词元</translation>
    </message>
    <message>
      <source>Replace lesson</source>
      <translation>替换课程</translation>
    </message>
    <message>
      <source>h(t)  output</source>
      <translation>h(t)  输出</translation>
    </message>
    <message>
      <source>tanh</source>
      <translation>tanh</translation>
    </message>
    <message>
      <source>C(t-1)  cell state</source>
      <translation>C(t-1)  细胞状态</translation>
    </message>
    <message>
      <source>C(t)  new cell state</source>
      <translation>C(t)  新的细胞状态</translation>
    </message>
    <message>
      <source>×</source>
      <translation>×</translation>
    </message>
    <message>
      <source>+</source>
      <translation>+</translation>
    </message>
    <message>
      <source>f(t)  forget</source>
      <translation>f(t)  遗忘门</translation>
    </message>
    <message>
      <source>σ</source>
      <translation>σ</translation>
    </message>
    <message>
      <source>i(t)  input</source>
      <translation>i(t)  输入门</translation>
    </message>
    <message>
      <source>C̃(t)  candidate</source>
      <translation>C̃(t)  候选值</translation>
    </message>
    <message>
      <source>o(t)  output</source>
      <translation>o(t)  输出门</translation>
    </message>
    <message>
      <source>h(t)  new state</source>
      <translation>h(t)  新状态</translation>
    </message>
    <message>
      <source>z(t)  update</source>
      <translation>z(t)  更新门</translation>
    </message>
    <message>
      <source>r(t)  reset</source>
      <translation>r(t)  重置门</translation>
    </message>
    <message>
      <source>n(t)  candidate</source>
      <translation>n(t)  候选值</translation>
    </message>
    <message>
      <source>r(t) ⊙ (U_n h(t-1) + b_hn)</source>
      <translation>r(t) ⊙ (U_n h(t-1) + b_hn)</translation>
    </message>
    <message>
      <source>1 − z</source>
      <translation>1 − z</translation>
    </message>
  </context>
  <context>
    <name>Canvas</name>
    <message>
      <source>(too large to measure)</source>
      <translation>（过大，无法测量）</translation>
    </message>
    <message>
      <source>Cell diagram</source>
      <translation>结构图</translation>
    </message>
    <message>
      <source>unit {0}: {1}</source>
      <translation>单元 {0}：{1}</translation>
    </message>
    <message>
      <source>gate σ:  0 shut … 1 open</source>
      <translation>门 σ：0 关闭 … 1 打开</translation>
    </message>
    <message>
      <source>value:  −1 … 0 … +1</source>
      <translation>数值：−1 … 0 … +1</translation>
    </message>
    <message>
      <source>before the first token</source>
      <translation>在第一个词元之前</translation>
    </message>
    <message>
      <source>∂h({0})/∂C(t)  cell path</source>
      <translation>∂h({0})/∂C(t)  细胞状态路径</translation>
    </message>
    <message>
      <source>‖∂h({0})/∂C({1})‖ = {2} × {3} = {4}  along the cell</source>
      <translation>‖∂h({0})/∂C({1})‖ = {2} × {3} = {4}  沿细胞状态路径</translation>
    </message>
    <message>
      <source>∂h({0})/∂C({1}) = ∂h({0})/∂C({2}) ⊙ f({2}); along h alone ‖∂h({0})/∂h({1})‖ = {3}</source>
      <translation>∂h({0})/∂C({1}) = ∂h({0})/∂C({2}) ⊙ f({2})；仅沿 h：‖∂h({0})/∂h({1})‖ = {3}</translation>
    </message>
    <message>
      <source>∂h({0})/∂h({1}) = ∂h({0})/∂h({2}) · (diag(z({2})) + the gates' part)</source>
      <translation>∂h({0})/∂h({1}) = ∂h({0})/∂h({2}) · (diag(z({2})) + 门控部分)</translation>
    </message>
    <message>
      <source>{0}, unit {1} = {2}</source>
      <translation>{0}，单元 {1} = {2}</translation>
    </message>
    <message>
      <source>← t = 0   initial state</source>
      <translation>← t = 0   初始状态</translation>
    </message>
    <message>
      <source>t = 0   initial state</source>
      <translation>t = 0   初始状态</translation>
    </message>
    <message>
      <source>rnnviz cell diagram</source>
      <translation>rnnviz 结构图</translation>
    </message>
    <message>
      <source>‖∂h({0})/∂C(0)‖ along the cell = {1} after {0} steps back</source>
      <translation>回传 {0} 步后，沿细胞状态路径 ‖∂h({0})/∂C(0)‖ = {1}</translation>
    </message>
    <message>
      <source>the gradient from h({0}) has reached the initial state; along h alone ‖∂h({0})/∂h(0)‖ = {1}</source>
      <translation>来自 h({0}) 的梯度已到达初始状态；仅沿 h：‖∂h({0})/∂h(0)‖ = {1}</translation>
    </message>
    <message>
      <source>‖∂h({0})/∂h(0)‖ = {1} after {0} steps back</source>
      <translation>回传 {0} 步后，‖∂h({0})/∂h(0)‖ = {1}</translation>
    </message>
    <message>
      <source>the gradient from h({0}) has reached the initial state</source>
      <translation>来自 h({0}) 的梯度已到达初始状态</translation>
    </message>
    <message>
      <source>{0}: not computed yet at this phase</source>
      <translation>{0}：在此阶段尚未计算</translation>
    </message>
    <message>
      <source>initial state: {0}</source>
      <translation>初始状态：{0}</translation>
    </message>
    <message>
      <source>initial state: {0} and {1}</source>
      <translation>初始状态：{0} 和 {1}</translation>
    </message>
    <message>
      <source>no {0} in this model</source>
      <translation>此模型没有{0}</translation>
    </message>
    <message>
      <source>waiting for the {0}'s {1}</source>
      <translation>等待 {0} 的{1}</translation>
    </message>
    <message>
      <source>waiting for the {0}'s {1} and the {2}'s {3}</source>
      <translation>等待 {0} 的{1}和 {2} 的{3}</translation>
    </message>
  </context>
  <context>
    <name>Dialogs</name>
    <message>
      <source>New lesson</source>
      <translation>新建课程</translation>
    </message>
    <message>
      <source>Tokens</source>
      <translation>词元</translation>
    </message>
    <message>
      <source>tokens separated by spaces</source>
      <translation>用空格分隔的词元</translation>
    </message>
    <message>
      <source>Hidden size</source>
      <translation>隐藏层大小</translation>
    </message>
    <message>
      <source>Hidden units H of every model</source>
      <translation>每个模型的隐藏单元数 H</translation>
    </message>
    <message>
      <source>Embedding size</source>
      <translation>词向量维度</translation>
    </message>
    <message>
      <source>Numbers per token embedding (D)</source>
      <translation>每个词元的词向量维数（D）</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Same seed, same weights</source>
      <translation>相同的种子生成相同的权重</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>Tokens:</source>
      <translation>词元：</translation>
    </message>
    <message>
      <source>Models:</source>
      <translation>模型：</translation>
    </message>
    <message>
      <source>Hidden size:</source>
      <translation>隐藏层大小：</translation>
    </message>
    <message>
      <source>Embedding size:</source>
      <translation>词向量维度：</translation>
    </message>
    <message>
      <source>Seed:</source>
      <translation>随机种子：</translation>
    </message>
    <message>
      <source>Title:</source>
      <translation>标题：</translation>
    </message>
    <message>
      <source>Weights are drawn as PyTorch initialises them, uniformly from ±1/√H; each token's embedding is derived from its text.</source>
      <translation>权重按 PyTorch 的初始化方式生成，在 ±1/√H 范围内均匀采样；每个词元的词向量由其文本推导而来。</translation>
    </message>
    <message>
      <source>Change hidden size</source>
      <translation>更改隐藏层大小</translation>
    </message>
    <message>
      <source>Seed for the weights the new units get</source>
      <translation>新增单元的权重所用的随机种子</translation>
    </message>
    <message>
      <source>Every gate keeps the weights of the units both sizes share; new units get weights drawn as PyTorch initialises them. Ctrl+Z undoes.</source>
      <translation>每个门都保留新旧大小共有的单元的权重；新增单元的权重按 PyTorch 的初始化方式生成。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
      <source>Gallery of lessons</source>
      <translation>课程库</translation>
    </message>
    <message>
      <source>Lessons</source>
      <translation>课程</translation>
    </message>
    <message>
      <source>{0} tokens · H = {1} · {2}</source>
      <translation>{0} 个词元 · H = {1} · {2}</translation>
    </message>
    <message>
      <source>Hidden units H of every model (1 to {0})</source>
      <translation>每个模型的隐藏单元数 H（1 到 {0}）</translation>
    </message>
  </context>
  <context>
    <name>Editors</name>
    <message>
      <source>the clipboard holds no numbers</source>
      <translation>剪贴板中没有数值</translation>
    </message>
    <message>
      <source>{0} (row {1}, column {2} of the pasted block) is not a finite number; nothing was pasted</source>
      <translation>{0}（粘贴区域的第 {1} 行、第 {2} 列）不是有限数值；未粘贴任何内容</translation>
    </message>
    <message>
      <source>{0} (row {1}, column {2} of the pasted block) is not a finite number</source>
      <translation>{0}（粘贴区域的第 {1} 行、第 {2} 列）不是有限数值</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>&amp;Copy</source>
      <translation>复制(&amp;C)</translation>
    </message>
    <message>
      <source>Copy the selected cells as tab-separated text</source>
      <translation>将选中的单元格复制为以制表符分隔的文本</translation>
    </message>
    <message>
      <source>&amp;Paste</source>
      <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
      <source>Paste numbers copied from a spreadsheet at the current cell</source>
      <translation>在当前单元格处粘贴从电子表格复制的数值</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Double-click or type to edit; every edit recomputes everything (Ctrl+Z undoes)</source>
      <translation>双击或直接输入即可编辑；每次编辑都会重新计算全部结果（Ctrl+Z 撤销）</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Which model's weights to edit</source>
      <translation>要编辑哪个模型的权重</translation>
    </message>
    <message>
      <source>Weight block</source>
      <translation>权重块</translation>
    </message>
    <message>
      <source>One block per gate, named as in the equations and in PyTorch</source>
      <translation>每个门一个权重块，命名与公式和 PyTorch 中一致</translation>
    </message>
    <message>
      <source>Model:</source>
      <translation>模型：</translation>
    </message>
    <message>
      <source>Embeddings</source>
      <translation>词向量</translation>
    </message>
    <message>
      <source>Embedding vector of each token; edit a cell to change it (Ctrl+Z undoes)</source>
      <translation>每个词元的词向量；编辑单元格即可修改（Ctrl+Z 撤销）</translation>
    </message>
    <message>
      <source>New tokens get a vector derived from their text; edit any number here.</source>
      <translation>新词元的词向量由其文本推导而来；这里的任何数值都可以编辑。</translation>
    </message>
    <message>
      <source>the clipboard holds no numbers; nothing was pasted</source>
      <translation>剪贴板中没有数值；未粘贴任何内容</translation>
    </message>
    <message>
      <source>rows {0}–{1}</source>
      <translation>第 {0}–{1} 行</translation>
    </message>
    <message>
      <source>bias</source>
      <translation>偏置</translation>
    </message>
    <message>
      <source>{0}, {1} = {2}</source>
      <translation>{0}，{1} = {2}</translation>
    </message>
    <message>
      <source>input bias</source>
      <translation>输入偏置</translation>
    </message>
    <message>
      <source>recurrent bias</source>
      <translation>循环偏置</translation>
    </message>
    <message>
      <source>unit {0}  (row {1})</source>
      <translation>单元 {0}  （第 {1} 行）</translation>
    </message>
    <message>
      <source>{0} is not a finite number; the value was not changed</source>
      <translation>{0} 不是有限数值；数值未更改</translation>
    </message>
    <message>
      <source>the pasted block of {0}x{1} numbers does not fit from row {2}, column {3} of this {4}x{5} table; nothing was pasted</source>
      <translation>粘贴的 {0}x{1} 数值块从第 {2} 行、第 {3} 列开始放不进这个 {4}x{5} 的表格；未粘贴任何内容</translation>
    </message>
    <message>
      <source>input → {0}</source>
      <translation>输入 → {0}</translation>
    </message>
    <message>
      <source>hidden → {0}</source>
      <translation>隐藏状态 → {0}</translation>
    </message>
  </context>
  <context>
    <name>EquationsPanel</name>
    <message>
      <source>t = 0: the initial state; the equations start at t = 1</source>
      <translation>t = 0：初始状态；公式从 t = 1 开始</translation>
    </message>
    <message>
      <source>Equations</source>
      <translation>公式</translation>
    </message>
    <message>
      <source>t = {0} “{1}”, unit {2}</source>
      <translation>t = {0} “{1}”，单元 {2}</translation>
    </message>
    <message>
      <source>Click a unit on the diagram or the state panel to show its numbers.</source>
      <translation>在结构图或状态面板上点击一个单元，即可显示它的数值。</translation>
    </message>
    <message>
      <source>(what-if: forced)</source>
      <translation>（假设分析：强制设定）</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>unexpected error: {0}</source>
      <translation>意外错误：{0}</translation>
    </message>
    <message>
      <source>unexpected error in {0}: {1}</source>
      <translation>意外错误（{0}）：{1}</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>rnnviz lessons (*.json);;All files (*)</source>
      <translation>rnnviz 课程 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Trace CSV, one row per number (*.csv)</source>
      <translation>计算记录 CSV，每个数值一行 (*.csv)</translation>
    </message>
    <message>
      <source>Trace CSV, one row per step (*.csv)</source>
      <translation>计算记录 CSV，每个时间步一行 (*.csv)</translation>
    </message>
    <message>
      <source>Trained models (*.pt *.pth *.bin *.safetensors *.keras *.h5);;All files (*)</source>
      <translation>训练好的模型 (*.pt *.pth *.bin *.safetensors *.keras *.h5);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Choose the one the model was built with (nn.RNN's default is tanh):</source>
      <translation>请选择构建该模型时使用的激活函数（nn.RNN 默认为 tanh）：</translation>
    </message>
    <message>
      <source>Step through a SimpleRNN, an LSTM and a GRU one timestep and one gate at a time, with the real numbers.</source>
      <translation>用真实的数值，逐个时间步、逐个门地演示 SimpleRNN、LSTM 和 GRU 的计算过程。</translation>
    </message>
    <message>
      <source>Revert to saved</source>
      <translation>恢复到上次保存</translation>
    </message>
    <message>
      <source>{0} s / phase</source>
      <translation>每阶段 {0} 秒</translation>
    </message>
    <message>
      <source>Which token the memory plot follows through the later steps</source>
      <translation>记忆图在后续时间步中跟踪哪个词元</translation>
    </message>
    <message>
      <source>The language of the window</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <source>&amp;Theme</source>
      <translation>主题(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Light</source>
      <translation>浅色(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Dark</source>
      <translation>深色(&amp;D)</translation>
    </message>
    <message>
      <source>Tokens</source>
      <translation>词元</translation>
    </message>
    <message>
      <source> Tokens: </source>
      <translation> 词元： </translation>
    </message>
    <message>
      <source>Input tokens</source>
      <translation>输入词元</translation>
    </message>
    <message>
      <source>The input sentence: tokens separated by spaces. Enter applies.</source>
      <translation>输入句子：用空格分隔各个词元，按 Enter 应用。</translation>
    </message>
    <message>
      <source>Type tokens separated by spaces, then press Enter</source>
      <translation>输入以空格分隔的词元，然后按 Enter</translation>
    </message>
    <message>
      <source>Restore tokens</source>
      <translation>恢复词元</translation>
    </message>
    <message>
      <source>Playback</source>
      <translation>播放</translation>
    </message>
    <message>
      <source>Presentation</source>
      <translation>演示模式</translation>
    </message>
    <message>
      <source>Timestep</source>
      <translation>时间步</translation>
    </message>
    <message>
      <source>Scrub through the timesteps</source>
      <translation>拖动以浏览各个时间步</translation>
    </message>
    <message>
      <source> Speed: </source>
      <translation> 速度： </translation>
    </message>
    <message>
      <source>Speed</source>
      <translation>速度</translation>
    </message>
    <message>
      <source>Playback speed: how long each phase stays on screen</source>
      <translation>播放速度：每个阶段在屏幕上停留的时间</translation>
    </message>
    <message>
      <source>Model state</source>
      <translation>模型状态</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Embeddings</source>
      <translation>词向量</translation>
    </message>
    <message>
      <source>What if</source>
      <translation>假设分析</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>讲解</translation>
    </message>
    <message>
      <source>Equations</source>
      <translation>公式</translation>
    </message>
    <message>
      <source>Activations</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>What-if overrides in force</source>
      <translation>假设分析的覆盖设置已生效</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>位置</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <source>Randomize weights</source>
      <translation>随机生成权重</translation>
    </message>
    <message>
      <source>Seed (same seed, same weights):</source>
      <translation>随机种子（相同的种子生成相同的权重）：</translation>
    </message>
    <message>
      <source>Lesson title</source>
      <translation>课程标题</translation>
    </message>
    <message>
      <source>Title of the lesson (saved in the file):</source>
      <translation>课程标题（保存在文件中）：</translation>
    </message>
    <message>
      <source>A new lesson: save it to keep it.</source>
      <translation>这是一个新课程：保存后才会保留。</translation>
    </message>
    <message>
      <source>Unsaved edits</source>
      <translation>未保存的修改</translation>
    </message>
    <message>
      <source>The lesson has unsaved edits. Save them first?</source>
      <translation>课程有未保存的修改。要先保存吗？</translation>
    </message>
    <message>
      <source>Open lesson</source>
      <translation>打开课程</translation>
    </message>
    <message>
      <source>Import trained weights</source>
      <translation>导入训练好的权重</translation>
    </message>
    <message>
      <source>Choose a layer</source>
      <translation>选择一层</translation>
    </message>
    <message>
      <source>The file holds several recurrent layers:</source>
      <translation>该文件包含多个循环层：</translation>
    </message>
    <message>
      <source>SimpleRNN nonlinearity</source>
      <translation>SimpleRNN 的激活函数</translation>
    </message>
    <message>
      <source>Reading the model file…</source>
      <translation>正在读取模型文件…</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Import progress</source>
      <translation>导入进度</translation>
    </message>
    <message>
      <source>Save lesson as</source>
      <translation>课程另存为</translation>
    </message>
    <message>
      <source>Read-only file</source>
      <translation>只读文件</translation>
    </message>
    <message>
      <source>Export trace as CSV</source>
      <translation>将计算记录导出为 CSV</translation>
    </message>
    <message>
      <source>Left / Right (or Page Up / Page Down, a clicker's keys): previous / next timestep</source>
      <translation>Left / Right（或 Page Up / Page Down，即翻页笔的按键）：上一个 / 下一个时间步</translation>
    </message>
    <message>
      <source>Shift+Left / Shift+Right: previous / next phase</source>
      <translation>Shift+Left / Shift+Right：上一个 / 下一个阶段</translation>
    </message>
    <message>
      <source>Space: play / pause</source>
      <translation>Space：播放 / 暂停</translation>
    </message>
    <message>
      <source>Home / End: start / last timestep</source>
      <translation>Home / End：开头 / 最后一个时间步</translation>
    </message>
    <message>
      <source>Ctrl+Z: undo</source>
      <translation>Ctrl+Z：撤销</translation>
    </message>
    <message>
      <source>Ctrl+Shift+Z or Ctrl+Y: redo</source>
      <translation>Ctrl+Shift+Z 或 Ctrl+Y：重做</translation>
    </message>
    <message>
      <source>Ctrl+N: new lesson</source>
      <translation>Ctrl+N：新建课程</translation>
    </message>
    <message>
      <source>Ctrl+O / Ctrl+S: open / save</source>
      <translation>Ctrl+O / Ctrl+S：打开 / 保存</translation>
    </message>
    <message>
      <source>In the Tokens field: Enter applies, Escape restores</source>
      <translation>在词元输入框中：Enter 应用，Escape 恢复</translation>
    </message>
    <message>
      <source>In a table: Ctrl+C / Ctrl+V copy and paste numbers</source>
      <translation>在表格中：Ctrl+C / Ctrl+V 复制和粘贴数值</translation>
    </message>
    <message>
      <source>About rnnviz</source>
      <translation>关于 rnnviz</translation>
    </message>
    <message>
      <source>Imported the {0} layer “{1}” from {2}. It is a new lesson: save it to keep it.</source>
      <translation>已从 {2} 导入 {0} 层“{1}”。这是一个新课程：保存后才会保留。</translation>
    </message>
    <message>
      <source>t = {0} / {1}   initial state</source>
      <translation>t = {0} / {1}   初始状态</translation>
    </message>
    <message>
      <source>t = {0} / {1}   “{2}”   phase: {3}</source>
      <translation>t = {0} / {1}   “{2}”   阶段：{3}</translation>
    </message>
    <message>
      <source>&amp;New lesson…</source>
      <translation>新建课程(&amp;N)…</translation>
    </message>
    <message>
      <source>Start a lesson from tokens, models and sizes you choose</source>
      <translation>用你选择的词元、模型和大小创建新课程</translation>
    </message>
    <message>
      <source>&amp;Open lesson…</source>
      <translation>打开课程(&amp;O)…</translation>
    </message>
    <message>
      <source>Open a lesson file</source>
      <translation>打开课程文件</translation>
    </message>
    <message>
      <source>&amp;Gallery of lessons…</source>
      <translation>课程库(&amp;G)…</translation>
    </message>
    <message>
      <source>The built-in lessons, each with its notes</source>
      <translation>内置课程，每个都附有讲解</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <source>Save the lesson</source>
      <translation>保存课程</translation>
    </message>
    <message>
      <source>Save &amp;as…</source>
      <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
      <source>Save the lesson under a new name</source>
      <translation>以新名称保存课程</translation>
    </message>
    <message>
      <source>Export trace as &amp;CSV…</source>
      <translation>将计算记录导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
      <source>Write every model's trace as CSV (same as rnnviz export)</source>
      <translation>将每个模型的计算记录写入 CSV（与 rnnviz export 相同）</translation>
    </message>
    <message>
      <source>Export canvas as &amp;PNG…</source>
      <translation>将画布导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
      <source>Save the cell diagram as a PNG image</source>
      <translation>将结构图保存为 PNG 图像</translation>
    </message>
    <message>
      <source>Export canvas as S&amp;VG…</source>
      <translation>将画布导出为 SVG(&amp;V)…</translation>
    </message>
    <message>
      <source>Save the cell diagram as an SVG drawing</source>
      <translation>将结构图保存为 SVG 矢量图</translation>
    </message>
    <message>
      <source>&amp;Import trained weights…</source>
      <translation>导入训练好的权重(&amp;I)…</translation>
    </message>
    <message>
      <source>Open an RNN/LSTM/GRU layer from a PyTorch or Keras file</source>
      <translation>从 PyTorch 或 Keras 文件中打开一个 RNN/LSTM/GRU 层</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>Quit rnnviz</source>
      <translation>退出 rnnviz</translation>
    </message>
    <message>
      <source>Randomize &amp;weights…</source>
      <translation>随机生成权重(&amp;W)…</translation>
    </message>
    <message>
      <source>Draw new weights from a seed (undoable)</source>
      <translation>根据随机种子生成新的权重（可撤销）</translation>
    </message>
    <message>
      <source>Re&amp;vert to saved</source>
      <translation>恢复到上次保存(&amp;V)</translation>
    </message>
    <message>
      <source>Go back to the lesson as last saved (undoable)</source>
      <translation>恢复到上次保存时的课程（可撤销）</translation>
    </message>
    <message>
      <source>Lesson &amp;title…</source>
      <translation>课程标题(&amp;T)…</translation>
    </message>
    <message>
      <source>Rename the lesson (undoable)</source>
      <translation>重命名课程（可撤销）</translation>
    </message>
    <message>
      <source>Change &amp;hidden size…</source>
      <translation>更改隐藏层大小(&amp;H)…</translation>
    </message>
    <message>
      <source>Give every model another number of hidden units (undoable)</source>
      <translation>更改每个模型的隐藏单元数（可撤销）</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>复位</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>回到开头</translation>
    </message>
    <message>
      <source>Step back</source>
      <translation>后退一步</translation>
    </message>
    <message>
      <source>Previous timestep</source>
      <translation>上一个时间步</translation>
    </message>
    <message>
      <source>Phase back</source>
      <translation>后退一个阶段</translation>
    </message>
    <message>
      <source>Previous phase of the timestep</source>
      <translation>本时间步的上一个阶段</translation>
    </message>
    <message>
      <source>Play or pause</source>
      <translation>播放或暂停</translation>
    </message>
    <message>
      <source>Phase forward</source>
      <translation>前进一个阶段</translation>
    </message>
    <message>
      <source>Next phase of the timestep</source>
      <translation>本时间步的下一个阶段</translation>
    </message>
    <message>
      <source>Step forward</source>
      <translation>前进一步</translation>
    </message>
    <message>
      <source>Next timestep</source>
      <translation>下一个时间步</translation>
    </message>
    <message>
      <source>End</source>
      <translation>末尾</translation>
    </message>
    <message>
      <source>Jump to the last timestep</source>
      <translation>跳到最后一个时间步</translation>
    </message>
    <message>
      <source>Backward</source>
      <translation>反向传播</translation>
    </message>
    <message>
      <source>Run the gradient back through time, from h(T) to h(0)</source>
      <translation>让梯度沿时间反向传播，从 h(T) 传到 h(0)</translation>
    </message>
    <message>
      <source>Zoom &amp;in</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <source>Zoom the diagrams in</source>
      <translation>放大结构图</translation>
    </message>
    <message>
      <source>Zoom &amp;out</source>
      <translation>缩小(&amp;O)</translation>
    </message>
    <message>
      <source>Zoom the diagrams out</source>
      <translation>缩小结构图</translation>
    </message>
    <message>
      <source>&amp;Fit the diagrams</source>
      <translation>结构图适应窗口(&amp;F)</translation>
    </message>
    <message>
      <source>Fit the diagrams to the window</source>
      <translation>使结构图适应窗口大小</translation>
    </message>
    <message>
      <source>&amp;Presentation mode</source>
      <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
      <source>Only the diagrams, the controls, the equations and the notes</source>
      <translation>只显示结构图、控制按钮、公式和讲解</translation>
    </message>
    <message>
      <source>&amp;About rnnviz</source>
      <translation>关于 rnnviz(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>Open &amp;recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Play</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Models</source>
      <translation>模型(&amp;M)</translation>
    </message>
    <message>
      <source>Memory plot &amp;follows</source>
      <translation>记忆图跟踪的词元(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>重做(&amp;R)</translation>
    </message>
    <message>
      <source>new, not saved yet</source>
      <translation>新建，尚未保存</translation>
    </message>
    <message>
      <source>imported, not saved yet</source>
      <translation>已导入，尚未保存</translation>
    </message>
    <message>
      <source>built-in lesson</source>
      <translation>内置课程</translation>
    </message>
    <message>
      <source>Untitled lesson</source>
      <translation>未命名课程</translation>
    </message>
    <message>
      <source>Type at least one token; the previous tokens are kept</source>
      <translation>请至少输入一个词元；已保留之前的词元</translation>
    </message>
    <message>
      <source>A PyTorch file does not say which nonlinearity “{0}” uses.</source>
      <translation>PyTorch 文件不会记录“{0}”使用的是哪种激活函数。</translation>
    </message>
    <message>
      <source>Import cancelled; the lesson was not changed.</source>
      <translation>已取消导入；课程未改变。</translation>
    </message>
    <message>
      <source>Building the lesson…</source>
      <translation>正在构建课程…</translation>
    </message>
    <message>
      <source>{0} is read-only. Replace it anyway?</source>
      <translation>{0} 是只读文件。仍要替换吗？</translation>
    </message>
    <message>
      <source>Cannot save</source>
      <translation>无法保存</translation>
    </message>
    <message>
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <source>Imported the {0} layer “{1}” from {2} ({3}). It is a new lesson: save it to keep it.</source>
      <translation>已从 {2} 导入 {0} 层“{1}”（{3}）。这是一个新课程：保存后才会保留。</translation>
    </message>
    <message>
      <source>Randomize weights (seed {0})</source>
      <translation>随机生成权重（种子 {0}）</translation>
    </message>
    <message>
      <source>what-if: {0} (not the lesson's weights)</source>
      <translation>假设分析：{0}（不是课程自身的权重）</translation>
    </message>
    <message>
      <source>t = {0} / {1}   backward pass: the gradient from h({2}) reaches h({3})</source>
      <translation>t = {0} / {1}   反向传播：来自 h({2}) 的梯度到达 h({3})</translation>
    </message>
    <message>
      <source>{0} — {1}[*] — rnnviz</source>
      <translation>{0} — {1}[*] — rnnviz</translation>
    </message>
    <message>
      <source>{0} ({1})</source>
      <translation>{0} ({1})</translation>
    </message>
    <message>
      <source>Hidden size {0} (seed {1}); Ctrl+Z goes back</source>
      <translation>隐藏层大小 {0}（种子 {1}）；按 Ctrl+Z 可恢复</translation>
    </message>
    <message>
      <source>Cannot open lesson</source>
      <translation>无法打开课程</translation>
    </message>
    <message>
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <source>Exported {0}</source>
      <translation>已导出 {0}</translation>
    </message>
    <message>
      <source>Export canvas as PNG</source>
      <translation>将画布导出为 PNG</translation>
    </message>
    <message>
      <source>PNG image (*.png)</source>
      <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
      <source>Export canvas as SVG</source>
      <translation>将画布导出为 SVG</translation>
    </message>
    <message>
      <source>SVG drawing (*.svg)</source>
      <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
      <source>Keys:</source>
      <translation>快捷键：</translation>
    </message>
    <message>
      <source>nonlinearity {0}</source>
      <translation>激活函数 {0}</translation>
    </message>
    <message>
      <source>LSTM forget-gate bias = {0} for every unit</source>
      <translation>所有单元的 LSTM 遗忘门偏置 = {0}</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>t = {0} / {1}   “{2}”   backward pass: the gradient from h({3}) reaches h({4})</source>
      <translation>t = {0} / {1}   “{2}”   反向传播：来自 h({3}) 的梯度到达 h({4})</translation>
    </message>
    <message>
      <source>Show the {0} next to the others</source>
      <translation>将 {0} 与其他模型并排显示</translation>
    </message>
    <message>
      <source>&amp;Undo {0}</source>
      <translation>撤销{0}(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Redo {0}</source>
      <translation>重做{0}(&amp;R)</translation>
    </message>
    <message>
      <source>No {0} translation is installed; the window is shown in English.</source>
      <translation>未安装{0}翻译；界面以英文显示。</translation>
    </message>
    <message>
      <source>t = {0}   “{1}”</source>
      <translation>t = {0}   “{1}”</translation>
    </message>
    <message>
      <source>At least one model is shown; {0} stays</source>
      <translation>至少要显示一个模型；{0} 保持显示</translation>
    </message>
    <message>
      <source>{0} tokens: the window shows at most {1}; the previous tokens are kept</source>
      <translation>{0} 个词元：界面最多显示 {1} 个；已保留之前的词元</translation>
    </message>
    <message>
      <source>Cannot import</source>
      <translation>无法导入</translation>
    </message>
    <message>
      <source>{0} {1}</source>
      <translation>{0} {1}</translation>
    </message>
    <message>
      <source>{0}: cannot write: {1}</source>
      <translation>{0}：无法写入：{1}</translation>
    </message>
    <message>
      <source>{0} is read-only; it was not changed</source>
      <translation>{0} 是只读文件；未作更改</translation>
    </message>
  </context>
  <context>
    <name>NotesPanel</name>
    <message>
      <source>Notes</source>
      <translation>讲解</translation>
    </message>
    <message>
      <source>Predict</source>
      <translation>预测一下</translation>
    </message>
    <message>
      <source>Predict, then step on</source>
      <translation>先预测，再进入下一步</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>答案</translation>
    </message>
    <message>
      <source>This lesson has no notes.</source>
      <translation>本课程没有讲解。</translation>
    </message>
    <message>
      <source>Untitled lesson</source>
      <translation>未命名课程</translation>
    </message>
  </context>
  <context>
    <name>StatePanel</name>
    <message>
      <source>Input</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>Model state</source>
      <translation>模型状态</translation>
    </message>
    <message>
      <source>Every value of the shown models at the current timestep and phase; click a unit to follow it</source>
      <translation>所显示模型在当前时间步和阶段的全部数值；点击一个单元可跟踪它</translation>
    </message>
    <message>
      <source>{0} [unit {1}] = {2}</source>
      <translation>{0} [单元 {1}] = {2}</translation>
    </message>
    <message>
      <source>unit {0}</source>
      <translation>单元 {0}</translation>
    </message>
    <message>
      <source>Click to follow unit {0} in every view</source>
      <translation>点击以在所有视图中跟踪单元 {0}</translation>
    </message>
    <message>
      <source>{0}: not computed yet at this phase</source>
      <translation>{0}：在此阶段尚未计算</translation>
    </message>
    <message>
      <source>Unit {0} is selected; click again to clear the selection</source>
      <translation>已选中单元 {0}；再次点击可取消选择</translation>
    </message>
  </context>
  <context>
    <name>Timeline</name>
    <message>
      <source>{0} hidden state h(t) of every unit at every timestep; click to jump to a step</source>
      <translation>{0} 每个单元在每个时间步的隐藏状态 h(t)；点击可跳转到该时间步</translation>
    </message>
    <message>
      <source>{0} cell state C(t) of every unit at every timestep; click to jump to a step</source>
      <translation>{0} 每个单元在每个时间步的细胞状态 C(t)；点击可跳转到该时间步</translation>
    </message>
    <message>
      <source>units × time: &lt;span style='color:#2166ac'&gt;■ −1&lt;/span&gt; … &lt;span style='color:#b2182b'&gt;■ +1&lt;/span&gt;</source>
      <translation>单元 × 时间：&lt;span style='color:#2166ac'&gt;■ −1&lt;/span&gt; … &lt;span style='color:#b2182b'&gt;■ +1&lt;/span&gt;</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>时间线</translation>
    </message>
    <message>
      <source>Every state of the shown models at every timestep; click a plot to jump there</source>
      <translation>所显示模型在每个时间步的全部状态；点击图表可跳转到对应位置</translation>
    </message>
    <message>
      <source>&amp;Heatmap of units</source>
      <translation>单元热力图(&amp;H)</translation>
    </message>
    <message>
      <source>Show each state as a units × time heatmap instead of a line per unit</source>
      <translation>以“单元 × 时间”热力图显示每个状态，而不是每个单元画一条曲线</translation>
    </message>
    <message>
      <source>Memory of one token (View &gt; Memory plot follows, or double-click a step here): how far each state moves when that token's embedding x(k) is nudged, ‖∂h(t)/∂x(k)‖ (and ‖∂C(t)/∂x(k)‖ for the LSTM's cell state), on a log scale. A line falling by one grid line has forgotten nine tenths more; a SimpleRNN's usually falls fast (vanishing gradient), an LSTM's cell state holds on.</source>
      <translation>单个词元的记忆（视图 &gt; 记忆图跟踪的词元，或在此处双击某个时间步）：稍微改变该词元的词向量 x(k) 时，各个状态会随之变化多少，即 ‖∂h(t)/∂x(k)‖（对 LSTM 的细胞状态还有 ‖∂C(t)/∂x(k)‖），采用对数坐标。曲线每下降一条网格线，就又多遗忘了十分之九；SimpleRNN 的曲线通常下降很快（梯度消失），而 LSTM 的细胞状态能一直保持。</translation>
    </message>
    <message>
      <source>dependence on x({0}), log</source>
      <translation>对 x({0}) 的依赖（对数）</translation>
    </message>
    <message>
      <source>{0} (first {1} of {2})</source>
      <translation>{0}（共 {2} 个，显示前 {1} 个）</translation>
    </message>
    <message>
      <source>Memory of “{0}” (t = {1})</source>
      <translation>“{0}”的记忆（t = {1}）</translation>
    </message>
    <message>
      <source>u{0}</source>
      <translation>单元{0}</translation>
    </message>
  </context>
  <context>
    <name>WhatIfPanel</name>
    <message>
      <source>What if</source>
      <translation>假设分析</translation>
    </message>
    <message>
      <source>Force a gate for the whole sentence, or set the forget-gate bias of every unit. An override is not part of the lesson's weights and is not saved; the trace, the diagrams, the gradients and an exported CSV follow it while it is on.</source>
      <translation>强制设定某个门在整个句子中的取值，或设置每个单元的遗忘门偏置。覆盖设置不属于课程的权重，也不会被保存；开启期间，计算记录、结构图、梯度以及导出的 CSV 都会随之改变。</translation>
    </message>
    <message>
      <source>Set the LSTM forget-gate bias of every unit</source>
      <translation>设置 LSTM 每个单元的遗忘门偏置</translation>
    </message>
    <message>
      <source>Forget-gate bias</source>
      <translation>遗忘门偏置</translation>
    </message>
    <message>
      <source>Perfect memory: f = 1, i = 0</source>
      <translation>完美记忆：f = 1，i = 0</translation>
    </message>
    <message>
      <source>The LSTM keeps its cell state exactly: C(t) = C(t-1)</source>
      <translation>LSTM 完全保持其细胞状态：C(t) = C(t-1)</translation>
    </message>
    <message>
      <source>Clear all</source>
      <translation>全部清除</translation>
    </message>
    <message>
      <source>{0} {1}(t), {2}:</source>
      <translation>{0} {1}(t)，{2}：</translation>
    </message>
    <message>
      <source>from the weights</source>
      <translation>由权重决定</translation>
    </message>
    <message>
      <source>forced to 0</source>
      <translation>强制为 0</translation>
    </message>
    <message>
      <source>forced to 1</source>
      <translation>强制为 1</translation>
    </message>
  </context>
</TS>
