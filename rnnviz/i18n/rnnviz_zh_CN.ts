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
      <source>dotted: the flat ends, within 0.01 of an end&lt;br&gt;(gradient below 0.01 for σ, 0.02 for tanh); ringed: {0} saturated</source>
      <translation>虚线：平坦的两端，距端点 0.01 以内&lt;br&gt;（σ 的梯度小于 0.01，tanh 的小于 0.02）；带圈：{0} 个饱和</translation>
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
      <source>answer: {0} ({1} %)</source>
      <translation>回答：{0}（{1} %）</translation>
    </message>
    <message>
      <source>answer: y = {0}</source>
      <translation>回答：y = {0}</translation>
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
      <source>Copy the equations</source>
      <translation>复制公式</translation>
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
      <source>The trained weights as they were at this step: save them to keep them.</source>
      <translation>这是训练到此步时的权重：请保存以便留存。</translation>
    </message>
    <message>
      <source>Training is running</source>
      <translation>正在训练</translation>
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
      <source>&amp;Train models…</source>
      <translation>训练模型(&amp;T)…</translation>
    </message>
    <message>
      <source>Train a SimpleRNN, an LSTM and a GRU side by side on a task, and watch them learn (or not)</source>
      <translation>在同一个任务上并排训练 SimpleRNN、LSTM 和 GRU，看它们学会（或学不会）</translation>
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
      <source>&amp;Theme</source>
      <translation>主题(&amp;T)</translation>
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
      <source>Models are still training. Quitting stops them, and weights you have not opened and saved are lost. Quit anyway?</source>
      <translation>模型仍在训练。退出会停止训练，尚未打开并保存的权重将会丢失。仍要退出吗？</translation>
    </message>
    <message>
      <source>Stop training and quit</source>
      <translation>停止训练并退出</translation>
    </message>
    <message>
      <source>Models are still training. Open the lesson and let them train on, or stop them?</source>
      <translation>模型仍在训练。打开课程并让它们继续训练，还是停止训练？</translation>
    </message>
    <message>
      <source>Open, keep training</source>
      <translation>打开，继续训练</translation>
    </message>
    <message>
      <source>Open, stop training</source>
      <translation>打开，停止训练</translation>
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
      <source>t = {0} / {1}   backward pass: the gradient from h({2}) reaches h({3})</source>
      <translation>t = {0} / {1}   反向传播：来自 h({2}) 的梯度到达 h({3})</translation>
    </message>
    <message>
      <source>t = {0} / {1}   “{2}”   phase: {3}</source>
      <translation>t = {0} / {1}   “{2}”   阶段：{3}</translation>
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
      <source>new, not saved yet</source>
      <translation>新建，尚未保存</translation>
    </message>
    <message>
      <source>trained, not saved yet</source>
      <translation>已训练，尚未保存</translation>
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
      <source>{0}: cannot write: {1}</source>
      <translation>{0}：无法写入：{1}</translation>
    </message>
    <message>
      <source>{0} is read-only; it was not changed</source>
      <translation>{0} 是只读文件；未作更改</translation>
    </message>
  </context>
  <context>
    <name>core</name>
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
      <source>y(t) = W_y h(t) + b_y  (readout)</source>
      <translation>y(t) = W_y h(t) + b_y  （读出层）</translation>
    </message>
    <message>
      <source>LSTM forget-gate bias = {0} for every unit</source>
      <translation>所有单元的 LSTM 遗忘门偏置 = {0}</translation>
    </message>
    <message>
      <source>what-if: {0} (not the lesson's weights)</source>
      <translation>假设分析：{0}（不是课程自身的权重）</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>the sum of the two marked values in a sequence of numbers (regression)</source>
      <translation>一串数字中两个被标记的数值之和（回归）</translation>
    </message>
    <message>
      <source>which of A or B began the sequence, after random distractors</source>
      <translation>在随机干扰之后，判断序列是以 A 还是 B 开头的</translation>
    </message>
    <message>
      <source>whether every bracket in a string of (, ) and a is closed, in order</source>
      <translation>由 (、) 和 a 组成的字符串中，每个括号是否都按顺序闭合</translation>
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
      <source>x(t)  embedding</source>
      <translation>x(t)  词向量</translation>
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
      <source>Memory of one token (View &gt; Memory plot follows, or double-click a step here): how far each state moves when that token's embedding x(k) is nudged, ‖∂h(t)/∂x(k)‖ (and ‖∂C(t)/∂x(k)‖ for the LSTM's cell state), on a log scale. A line falling by one grid line has forgotten nine tenths more; a SimpleRNN's usually falls fast (vanishing gradient), an LSTM's cell state holds on.</source>
      <translation>单个词元的记忆（视图 &gt; 记忆图跟踪的词元，或在此处双击某个时间步）：稍微改变该词元的词向量 x(k) 时，各个状态会随之变化多少，即 ‖∂h(t)/∂x(k)‖（对 LSTM 的细胞状态还有 ‖∂C(t)/∂x(k)‖），采用对数坐标。曲线每下降一条网格线，就又多遗忘了十分之九；SimpleRNN 的曲线通常下降很快（梯度消失），而 LSTM 的细胞状态能一直保持。</translation>
    </message>
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
    <name>TrainView</name>
    <message>
      <source>Watch the test MSE: the SimpleRNN's stays near the dashed line (always answering the mean, about 1/6), while the LSTM's and the GRU's fall far below it within 2000 steps. In the strips the SimpleRNN's gradient fades to almost nothing toward h(0): the marked values early in the sequence cannot teach it.</source>
      <translation>请看测试 MSE：SimpleRNN 的一直停在虚线附近（总是回答平均值，约 1/6），而 LSTM 和 GRU 的在 2000 步内远远降到虚线以下。在梯度条中，SimpleRNN 的梯度越往 h(0) 越弱，几乎消失：序列前部被标记的数值无法教会它。</translation>
    </message>
    <message>
      <source>An honest surprise: the SimpleRNN learns this one. Holding one bit is easy for it (it saturates its units and stays there, even though its gradient vanishes), while the LSTM stays at chance within 2000 steps here. What the SimpleRNN cannot do is carry a precise value across a long gap: compare with the adding task.</source>
      <translation>一个如实的意外：SimpleRNN 能学会这个任务。保持一个比特对它来说很容易（它让单元饱和并停在那里，尽管它的梯度消失了），而这里的 LSTM 在 2000 步内仍停留在随机水平。SimpleRNN 做不到的是跨越很长的间隔携带一个精确的数值：请与加法任务比较。</translation>
    </message>
    <message>
      <source>Balanced brackets need a counter that goes up and down over the whole string. With the defaults the LSTM and the GRU reach full test accuracy, while the SimpleRNN stays near chance.</source>
      <translation>判断括号是否配对，需要一个在整个字符串上增减的计数器。在默认设置下，LSTM 和 GRU 的测试准确率达到 100 %，而 SimpleRNN 停留在随机水平附近。</translation>
    </message>
    <message>
      <source>Train — rnnviz</source>
      <translation>训练 — rnnviz</translation>
    </message>
    <message>
      <source>Tokens per sequence: the gap the models must remember across</source>
      <translation>每个序列的词元数：模型必须跨越记忆的间隔</translation>
    </message>
    <message>
      <source>Training steps, each on a batch of 32 sequences</source>
      <translation>训练步数，每步使用一批 32 个序列</translation>
    </message>
    <message>
      <source>The seed of the batches and of the first weights: the same seed, the same run</source>
      <translation>批次和初始权重的随机种子：种子相同，训练过程就相同</translation>
    </message>
    <message>
      <source>Models:</source>
      <translation>模型：</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Train the chosen models from the same start, on the same batches</source>
      <translation>从相同的起点、用相同的批次训练所选模型</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Step through the weights as they are now:</source>
      <translation>用当前的权重逐步查看：</translation>
    </message>
    <message>
      <source>Training loss (log scale)</source>
      <translation>训练损失（对数坐标）</translation>
    </message>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <source>Start a new run</source>
      <translation>开始新的训练</translation>
    </message>
    <message>
      <source>The last run's curves and weights will be dropped (open a model as a lesson and save it to keep it). Start a new run?</source>
      <translation>上一次训练的曲线和权重将被丢弃（把模型作为课程打开并保存即可留存）。开始新的训练吗？</translation>
    </message>
    <message>
      <source>always the mean: {0}</source>
      <translation>总是回答平均值：{0}</translation>
    </message>
    <message>
      <source>chance: {0}</source>
      <translation>随机水平：{0}</translation>
    </message>
    <message>
      <source>Choose a task and press Train.</source>
      <translation>选择一个任务，然后按“训练”。</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>训练中</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>已暂停</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>The gradient strips appear at the first step of training.</source>
      <translation>梯度条在训练的第一步出现。</translation>
    </message>
    <message>
      <source>&amp;Task:</source>
      <translation>任务(&amp;T)：</translation>
    </message>
    <message>
      <source>&amp;Length:</source>
      <translation>长度(&amp;L)：</translation>
    </message>
    <message>
      <source>&amp;Hidden size:</source>
      <translation>隐藏层大小(&amp;H)：</translation>
    </message>
    <message>
      <source>&amp;Steps:</source>
      <translation>步数(&amp;S)：</translation>
    </message>
    <message>
      <source>S&amp;eed:</source>
      <translation>种子(&amp;E)：</translation>
    </message>
    <message>
      <source>Test MSE (log scale)</source>
      <translation>测试 MSE（对数坐标）</translation>
    </message>
    <message>
      <source>Test accuracy</source>
      <translation>测试准确率</translation>
    </message>
    <message>
      <source>Choose at least one model</source>
      <translation>请至少选择一个模型</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>{0}: step {1} of {2}, {3} s</source>
      <translation>{0}：第 {1} / {2} 步，{3} 秒</translation>
    </message>
    <message>
      <source>How far back the gradient reaches at step {0}: ‖∂loss/∂h(t)‖ at every timestep, refreshed every {1} steps (log colour scale: a row's largest value is darkest, a hundred-millionth of it white)</source>
      <translation>梯度能向回传多远（第 {0} 步）：每个时间步的 ‖∂loss/∂h(t)‖，每 {1} 步刷新一次（对数色标：每行的最大值最深，其一亿分之一为白色）</translation>
    </message>
    <message>
      <source>How far back the gradient reaches: ‖∂loss/∂h(t)‖ at every timestep, refreshed every {0} steps (log colour scale: a row's largest value is darkest, a hundred-millionth of it white)</source>
      <translation>梯度能向回传多远：每个时间步的 ‖∂loss/∂h(t)‖，每 {0} 步刷新一次（对数色标：每行的最大值最深，其一亿分之一为白色）</translation>
    </message>
    <message>
      <source>{0} at step {1}: {2}, {3}</source>
      <translation>{0} 第 {1} 步：{2}，{3}</translation>
    </message>
    <message>
      <source>Open the {0}</source>
      <translation>打开 {0}</translation>
    </message>
    <message>
      <source>Fetching the {0}'s weights…</source>
      <translation>正在获取 {0} 的权重…</translation>
    </message>
    <message>
      <source>loss: {0}</source>
      <translation>损失：{0}</translation>
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
  <context>
    <name>messages</name>
    <message>
      <source>dh has shape {0}; expected (T, H) = ({1}, {2}), one row per token</source>
      <translation>dh 的形状为 {0}；应为 (T, H) = ({1}, {2})，每个词元一行</translation>
    </message>
    <message>
      <source>dh holds NaN or infinite numbers; every gradient must be finite</source>
      <translation>dh 含有 NaN 或无穷大的数；所有梯度都必须是有限数值</translation>
    </message>
    <message>
      <source>dh is not an array of numbers ({0})</source>
      <translation>dh 不是数值数组（{0}）</translation>
    </message>
    <message>
      <source>{0} is not a number</source>
      <translation>{0} 不是数值</translation>
    </message>
    <message>
      <source>only finite numbers are allowed (no NaN or infinity)</source>
      <translation>只允许有限数值（不能是 NaN 或无穷大）</translation>
    </message>
    <message>
      <source>the lesson has no {0} model</source>
      <translation>课程中没有 {0} 模型</translation>
    </message>
    <message>
      <source>unknown parameter {0}</source>
      <translation>未知参数 {0}</translation>
    </message>
    <message>
      <source>no numbers to set</source>
      <translation>没有要设置的数值</translation>
    </message>
    <message>
      <source>{0}.{1} has no entry {2}</source>
      <translation>{0}.{1} 中没有索引为 {2} 的元素</translation>
    </message>
    <message>
      <source>no embedding for token {0}</source>
      <translation>词元 {0} 没有词向量</translation>
    </message>
    <message>
      <source>embedding of {0} has no component {1}</source>
      <translation>{0} 的词向量没有分量 {1}</translation>
    </message>
    <message>
      <source>the hidden size must be a whole number from 1 to {0}, not {1}</source>
      <translation>隐藏层大小必须是 1 到 {0} 之间的整数，而不是 {1}</translation>
    </message>
    <message>
      <source>the seed must be a whole number &gt;= 0, not {0}</source>
      <translation>随机种子必须是 &gt;= 0 的整数，而不是 {0}</translation>
    </message>
    <message>
      <source>unknown model {0} (expected {1})</source>
      <translation>未知模型 {0}（应为 {1}）</translation>
    </message>
    <message>
      <source>step {0} is outside 0..{1}</source>
      <translation>时间步 {0} 超出范围 0..{1}</translation>
    </message>
    <message>
      <source>step {0} is outside 1..{1}</source>
      <translation>时间步 {0} 超出范围 1..{1}</translation>
    </message>
    <message>
      <source>unit {0} is outside 0..{1}</source>
      <translation>单元 {0} 超出范围 0..{1}</translation>
    </message>
    <message>
      <source>the lesson has no {0} model (it has {1})</source>
      <translation>课程中没有 {0} 模型（课程中有 {1}）</translation>
    </message>
    <message>
      <source>--models is empty (expected e.g. lstm,rnn)</source>
      <translation>--models 为空（应填写模型，例如 lstm,rnn）</translation>
    </message>
    <message>
      <source>unknown format {0} (expected long or wide)</source>
      <translation>未知格式 {0}（应为 long 或 wide）</translation>
    </message>
    <message>
      <source>unknown model {0} in --models (expected {1})</source>
      <translation>--models 中有未知模型 {0}（应为 {1}）</translation>
    </message>
    <message>
      <source>{0}: larger than {1} MB; rnnviz reads lessons up to that size</source>
      <translation>{0}：文件大于 {1} MB；rnnviz 只能读取不超过此大小的课程</translation>
    </message>
    <message>
      <source>{0} is {1}; only finite numbers are allowed</source>
      <translation>{0} 为 {1}；只允许有限数值</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a number</source>
      <translation>{0} 为 {1}，应为数值</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a list of numbers</source>
      <translation>{0} 为 {1}，应为数值列表</translation>
    </message>
    <message>
      <source>{0} is a matrix, expected a list of numbers</source>
      <translation>{0} 是矩阵，应为数值列表</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a {2}x{3} matrix (list of rows)</source>
      <translation>{0} 为 {1}，应为 {2}x{3} 矩阵（由各行组成的列表）</translation>
    </message>
    <message>
      <source>{0} is not rectangular: its rows have {1} values</source>
      <translation>{0} 不是规整的矩阵：各行分别有 {1} 个数值</translation>
    </message>
    <message>
      <source>{0} has shape {1}, expected {2}x{3} ({4})</source>
      <translation>{0} 的形状为 {1}，应为 {2}x{3}（{4}）</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a list of strings</source>
      <translation>{0} 为 {1}，应为字符串列表</translation>
    </message>
    <message>
      <source>{0} is empty; a lesson needs at least one token</source>
      <translation>{0} 为空；课程至少需要一个词元</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a string</source>
      <translation>{0} 为 {1}，应为字符串</translation>
    </message>
    <message>
      <source>{0} is blank; tokens need visible text</source>
      <translation>{0} 是空白的；词元必须包含可见的文字</translation>
    </message>
    <message>
      <source>{0} is {1}, {2}; tokens need visible text</source>
      <translation>{0} 为 {1}，{2}；词元必须包含可见的文字</translation>
    </message>
    <message>
      <source>the lesson is {0}, expected a JSON object</source>
      <translation>课程为 {0}，应为 JSON 对象</translation>
    </message>
    <message>
      <source>"format" is {0}, expected "{1}"</source>
      <translation>"format" 为 {0}，应为 "{1}"</translation>
    </message>
    <message>
      <source>unsupported version {0}, this rnnviz reads version {1}</source>
      <translation>不支持版本 {0}；当前的 rnnviz 读取版本 {1}</translation>
    </message>
    <message>
      <source>hidden_size is {0}, expected a whole number &gt;= 1</source>
      <translation>hidden_size 为 {0}，应为 &gt;= 1 的整数</translation>
    </message>
    <message>
      <source>models is {0}, expected an object with {1} (any of them)</source>
      <translation>models 为 {0}，应为包含 {1}（任意几个均可）的对象</translation>
    </message>
    <message>
      <source>models is empty; a lesson needs at least one of {0}</source>
      <translation>models 为空；课程至少需要 {0} 中的一个</translation>
    </message>
    <message>
      <source>embeddings is {0}, expected an object mapping tokens to vectors</source>
      <translation>embeddings 为 {0}，应为把词元映射到向量的对象</translation>
    </message>
    <message>
      <source>initial_state is {0}, expected an object with h and c</source>
      <translation>initial_state 为 {0}，应为包含 h 和 c 的对象</translation>
    </message>
    <message>
      <source>{0} is {1}, expected an object with weight_ih, weight_hh, bias_ih, bias_hh</source>
      <translation>{0} 为 {1}，应为包含 weight_ih、weight_hh、bias_ih、bias_hh 的对象</translation>
    </message>
    <message>
      <source>{0}.nonlinearity is {1}, expected "tanh" or "relu"</source>
      <translation>{0}.nonlinearity 为 {1}，应为 "tanh" 或 "relu"</translation>
    </message>
    <message>
      <source>{0} is {1}, expected an object with weight and bias</source>
      <translation>{0} 为 {1}，应为包含 weight 和 bias 的对象</translation>
    </message>
    <message>
      <source>choose at least one model ({0})</source>
      <translation>请至少选择一个模型（{0}）</translation>
    </message>
    <message>
      <source>seed is {0}, expected a whole number &gt;= 0</source>
      <translation>seed 为 {0}，应为 &gt;= 0 的整数</translation>
    </message>
    <message>
      <source>title is {0}, expected a string</source>
      <translation>title 为 {0}，应为字符串</translation>
    </message>
    <message>
      <source>{0}: the lesson would take {1} MB; rnnviz reads lessons up to {2} MB</source>
      <translation>{0}：课程将占用 {1} MB；rnnviz 只能读取不超过 {2} MB 的课程</translation>
    </message>
    <message>
      <source>{0}: cannot read: {1}</source>
      <translation>{0}：无法读取：{1}</translation>
    </message>
    <message>
      <source>{0}: the file does not fit in memory</source>
      <translation>{0}：内存不足，无法载入该文件</translation>
    </message>
    <message>
      <source>{0}: not UTF-8 text (byte {1})</source>
      <translation>{0}：不是 UTF-8 文本（字节位置 {1}）</translation>
    </message>
    <message>
      <source>{0}: not valid JSON: {1} at line {2} column {3}</source>
      <translation>{0}：不是有效的 JSON：第 {2} 行第 {3} 列，{1}</translation>
    </message>
    <message>
      <source>{0}: not valid JSON: nested too deeply</source>
      <translation>{0}：不是有效的 JSON：嵌套层数过多</translation>
    </message>
    <message>
      <source>{0}: not valid JSON: {1}</source>
      <translation>{0}：不是有效的 JSON：{1}</translation>
    </message>
    <message>
      <source>{0}: the lesson does not fit in memory</source>
      <translation>{0}：内存不足，无法载入该课程</translation>
    </message>
    <message>
      <source>{0} is too large for a float64</source>
      <translation>{0} 太大，超出了 float64 的范围</translation>
    </message>
    <message>
      <source>{0} is not valid Unicode text (it holds a lone surrogate)</source>
      <translation>{0} 不是有效的 Unicode 文本（含有孤立的代理字符）</translation>
    </message>
    <message>
      <source>missing field "format" (expected "{0}")</source>
      <translation>缺少字段 "format"（应为 "{0}"）</translation>
    </message>
    <message>
      <source>missing field "version" (expected {0})</source>
      <translation>缺少字段 "version"（应为 {0}）</translation>
    </message>
    <message>
      <source>missing field "{0}"</source>
      <translation>缺少字段 "{0}"</translation>
    </message>
    <message>
      <source>unknown model {0} in models (expected {1})</source>
      <translation>models 中有未知模型 {0}（应为 {1}）</translation>
    </message>
    <message>
      <source>embeddings is missing and the input size cannot be read from weight_ih</source>
      <translation>缺少 embeddings，也无法从 weight_ih 得出输入维度</translation>
    </message>
    <message>
      <source>initial_state has unknown field {0} (expected h and c)</source>
      <translation>initial_state 中有未知字段 {0}（应为 h 和 c）</translation>
    </message>
    <message>
      <source>field {0} is nested more than {1} levels deep</source>
      <translation>字段 {0} 的嵌套超过 {1} 层</translation>
    </message>
    <message>
      <source>{0} has unknown field {1}</source>
      <translation>{0} 中有未知字段 {1}</translation>
    </message>
    <message>
      <source>{0} has unknown field {1} (expected weight, bias and labels)</source>
      <translation>{0} 含有未知字段 {1}（应为 weight、bias 和 labels）</translation>
    </message>
    <message>
      <source>{0}.labels is {1}, expected a list of 2 to {2} class names</source>
      <translation>{0}.labels 为 {1}，应为包含 2 到 {2} 个类别名称的列表</translation>
    </message>
    <message>
      <source>{0}.labels names a class twice</source>
      <translation>{0}.labels 中有重复的类别名称</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a whole number &gt;= 1</source>
      <translation>{0} 为 {1}，应为 &gt;= 1 的整数</translation>
    </message>
    <message>
      <source>title is not valid Unicode text (it holds a lone surrogate)</source>
      <translation>title 不是有效的 Unicode 文本（含有孤立的代理字符）</translation>
    </message>
    <message>
      <source>the lesson does not fit in memory</source>
      <translation>内存不足，无法载入该课程</translation>
    </message>
    <message>
      <source>{0} is empty; embeddings need at least one number</source>
      <translation>{0} 为空；词向量至少需要一个数值</translation>
    </message>
    <message>
      <source>{0}.labels[{1}] is {2}, expected a class name with visible text</source>
      <translation>{0}.labels[{1}] 为 {2}，应为含可见文字的类别名称</translation>
    </message>
    <message>
      <source>token step {0} is outside 1..{1}</source>
      <translation>词元的时间步 {0} 超出范围 1..{1}</translation>
    </message>
    <message>
      <source>{0} has no quantity {1}</source>
      <translation>{0} 没有名为 {1} 的量</translation>
    </message>
    <message>
      <source>{0} has no phase {1}</source>
      <translation>{0} 没有名为 {1} 的阶段</translation>
    </message>
    <message>
      <source>{0} is {1}, expected a text or an object of texts by language, e.g. {{"en": …}}</source>
      <translation>{0} 为 {1}，应为文本，或按语言给出文本的对象，例如 {{"en": …}}</translation>
    </message>
    <message>
      <source>notes is {0}, expected a list of notes</source>
      <translation>notes 为 {0}，应为讲解列表</translation>
    </message>
    <message>
      <source>notes has {0} entries (at most {1})</source>
      <translation>notes 有 {0} 条（最多 {1} 条）</translation>
    </message>
    <message>
      <source>{0} has a text in {1}, which is not a language code like "en" or "zh"</source>
      <translation>{0} 中有一段文本的语言为 {1}，这不是 "en" 或 "zh" 这样的语言代码</translation>
    </message>
    <message>
      <source>{0}.{1} is {2}, expected a text</source>
      <translation>{0}.{1} 为 {2}，应为文本</translation>
    </message>
    <message>
      <source>{0}.{1} is {2} characters long (at most {3})</source>
      <translation>{0}.{1} 长 {2} 个字符（最多 {3} 个）</translation>
    </message>
    <message>
      <source>{0} is {1}, expected an object with step and text</source>
      <translation>{0} 为 {1}，应为包含 step 和 text 的对象</translation>
    </message>
    <message>
      <source>{0} needs a step and a text</source>
      <translation>{0} 需要 step 和 text</translation>
    </message>
    <message>
      <source>{0}.step is {1}, expected a whole number</source>
      <translation>{0}.step 为 {1}，应为整数</translation>
    </message>
    <message>
      <source>{0}.step is {1}, but the lesson has {2} tokens (steps 0..{3})</source>
      <translation>{0}.step 为 {1}，但课程有 {2} 个词元（时间步 0..{3}）</translation>
    </message>
    <message>
      <source>{0} has a question without an answer or an answer without a question</source>
      <translation>{0} 中有问题缺少答案，或有答案缺少问题</translation>
    </message>
    <message>
      <source>{0} has unknown field {1} (expected step, text, question, answer)</source>
      <translation>{0} 中有未知字段 {1}（应为 step、text、question、answer）</translation>
    </message>
    <message>
      <source>the length must be from {0} to {1}, not {2}</source>
      <translation>长度必须在 {0} 到 {1} 之间，而不是 {2}</translation>
    </message>
    <message>
      <source>the {0} has not sent its weights yet</source>
      <translation>{0} 尚未发送它的权重</translation>
    </message>
    <message>
      <source>cannot start training: {0}</source>
      <translation>无法开始训练：{0}</translation>
    </message>
    <message>
      <source>unknown task {0} (tasks: {1}; see rnnviz train --list)</source>
      <translation>未知任务 {0}（任务：{1}；见 rnnviz train --list）</translation>
    </message>
    <message>
      <source>--models names no model</source>
      <translation>--models 没有指定任何模型</translation>
    </message>
    <message>
      <source>--length must be from {0} to {1}, not {2}</source>
      <translation>--length 必须在 {0} 到 {1} 之间，而不是 {2}</translation>
    </message>
    <message>
      <source>--hidden must be from 1 to {0}, not {1}</source>
      <translation>--hidden 必须在 1 到 {0} 之间，而不是 {1}</translation>
    </message>
    <message>
      <source>--steps must be from 1 to {0}, not {1}</source>
      <translation>--steps 必须在 1 到 {0} 之间，而不是 {1}</translation>
    </message>
    <message>
      <source>{0}: --out is a file, not a folder</source>
      <translation>{0}：--out 是一个文件，不是文件夹</translation>
    </message>
    <message>
      <source>{0}: the folder holds files other than a previous training run's; choose another</source>
      <translation>{0}：该文件夹含有不属于上一次训练的文件；请另选一个</translation>
    </message>
    <message>
      <source>the {0} gate {1} cannot be forced (forceable: {2})</source>
      <translation>{0} 的门 {1} 不能强制设定（可强制设定的门：{2}）</translation>
    </message>
    <message>
      <source>a forced gate is 0 or 1, not {0}</source>
      <translation>强制设定的门只能是 0 或 1，而不是 {0}</translation>
    </message>
    <message>
      <source>the {0} gate {1} is forced twice</source>
      <translation>{0} 的门 {1} 被强制设定了两次</translation>
    </message>
    <message>
      <source>the forget-gate bias must be a number from {0} to {1}</source>
      <translation>遗忘门偏置必须是 {0} 到 {1} 之间的数值</translation>
    </message>
    <message>
      <source>{0}: no layer named {1}; the file has {2}</source>
      <translation>{0}：没有名为 {1} 的层；文件中有：{2}</translation>
    </message>
    <message>
      <source>{0}: not a regular file</source>
      <translation>{0}：不是普通文件</translation>
    </message>
    <message>
      <source>{0}: unknown model file type {1}; rnnviz reads {2}</source>
      <translation>{0}：未知的模型文件类型 {1}；rnnviz 可读取 {2}</translation>
    </message>
    <message>
      <source>{0}: the file has {1} MB; rnnviz imports model files up to {2} MB</source>
      <translation>{0}：文件大小为 {1} MB；rnnviz 只能导入不超过 {2} MB 的模型文件</translation>
    </message>
    <message>
      <source>{0}: the vocabulary is empty</source>
      <translation>{0}：词表为空</translation>
    </message>
    <message>
      <source>nonlinearity is {0}; expected tanh or relu</source>
      <translation>nonlinearity 为 {0}；应为 tanh 或 relu</translation>
    </message>
    <message>
      <source>{0}: --nonlinearity {1} applies to SimpleRNN / nn.RNN layers; {2} is {3} {4}, which uses tanh</source>
      <translation>{0}：--nonlinearity {1} 只适用于 SimpleRNN / nn.RNN 层；{2} 是 {3} {4}，它使用的是 tanh</translation>
    </message>
    <message>
      <source>{0}: layer {1} uses {2}, as the file says; --nonlinearity {3} disagrees (leave it out to use the file's)</source>
      <translation>{0}：文件表明层 {1} 使用 {2}；与 --nonlinearity {3} 不一致（省略该选项即可使用文件中的设置）</translation>
    </message>
    <message>
      <source>no tokens given; a lesson needs at least one</source>
      <translation>未给出词元；课程至少需要一个词元</translation>
    </message>
    <message>
      <source>{0}: --vocab needs an embedding table of width {1} in the file (found: {2})</source>
      <translation>{0}：--vocab 要求文件中有宽度为 {1} 的词向量表（找到的：{2}）</translation>
    </message>
    <message>
      <source>{0}: the vocabulary has {1} tokens but {2} has only {3} rows</source>
      <translation>{0}：词表有 {1} 个词元，但 {2} 只有 {3} 行</translation>
    </message>
    <message>
      <source>{0}: the layer holds NaN or infinite weights</source>
      <translation>{0}：该层含有 NaN 或无穷大的权重</translation>
    </message>
    <message>
      <source>{0}: no such file</source>
      <translation>{0}：文件不存在</translation>
    </message>
    <message>
      <source>{0}: no layer {1}...; the file has {2} (0..{3})</source>
      <translation>{0}：没有编号为 {1}... 的层；文件中共有 {2} 层（0..{3}）</translation>
    </message>
    <message>
      <source>{0}: no layer {1}; the file has {2} (0..{3})</source>
      <translation>{0}：没有编号为 {1} 的层；文件中共有 {2} 层（0..{3}）</translation>
    </message>
    <message>
      <source>{0}: the vocabulary file is larger than {1} MB</source>
      <translation>{0}：词表文件大于 {1} MB</translation>
    </message>
    <message>
      <source>{0}: cannot read the vocabulary: {1}</source>
      <translation>{0}：无法读取词表：{1}</translation>
    </message>
    <message>
      <source>layer is {0}; expected a number or a name</source>
      <translation>指定的层为 {0}；应为编号或名称</translation>
    </message>
    <message>
      <source>{0}: the imported layer does not make a valid lesson ({1})</source>
      <translation>{0}：导入的层无法构成有效的课程（{1}）</translation>
    </message>
    <message>
      <source>token {0} is not valid text (it holds bytes that are not UTF-8)</source>
      <translation>词元 {0} 不是有效的文本（含有非 UTF-8 字节）</translation>
    </message>
    <message>
      <source>{0}: the reader failed ({1})</source>
      <translation>{0}：读取进程出错（{1}）</translation>
    </message>
    <message>
      <source>{0}: no recurrent layer (RNN, LSTM or GRU) found</source>
      <translation>{0}：未找到循环层（RNN、LSTM 或 GRU）</translation>
    </message>
    <message>
      <source>{0}: {1} and its embeddings hold {2} numbers; a lesson holds at most {3} (lesson files are read up to 256 MB)</source>
      <translation>{0}：{1} 及其词向量共有 {2} 个数值；一个课程最多容纳 {3} 个（课程文件最多读取 256 MB）</translation>
    </message>
    <message>
      <source>{0}: the weights to import take {1} MB, more than the {2} MB rnnviz imports</source>
      <translation>{0}：要导入的权重占用 {1} MB，超过了 rnnviz 可导入的 {2} MB</translation>
    </message>
    <message>
      <source>not an answer from the reader</source>
      <translation>不是读取进程返回的结果</translation>
    </message>
    <message>
      <source>the reader's answer has the wrong length</source>
      <translation>读取进程返回的结果长度不对</translation>
    </message>
    <message>
      <source>{0}: the reader stopped with {1}; the file is damaged</source>
      <translation>{0}：读取进程因 {1} 而终止；文件已损坏</translation>
    </message>
    <message>
      <source>{0}: unknown model file type</source>
      <translation>{0}：未知的模型文件类型</translation>
    </message>
    <message>
      <source>{0}: cannot start the reader ({1})</source>
      <translation>{0}：无法启动读取进程（{1}）</translation>
    </message>
    <message>
      <source>{0}: reading took too much processor time; the file is damaged or too large</source>
      <translation>{0}：读取占用了过多处理器时间；文件已损坏或过大</translation>
    </message>
    <message>
      <source>{0}: reading took longer than {1} s; the file is damaged or too large</source>
      <translation>{0}：读取耗时超过 {1} 秒；文件已损坏或过大</translation>
    </message>
    <message>
      <source>{0}: no SimpleRNN, LSTM or GRU layer found</source>
      <translation>{0}：未找到 SimpleRNN、LSTM 或 GRU 层</translation>
    </message>
    <message>
      <source>{0}: {1} would uncompress to {2} bytes, more than the {3} rnnviz reads</source>
      <translation>{0}：{1} 解压后将有 {2} 字节，超过了 rnnviz 可读取的 {3} 字节</translation>
    </message>
    <message>
      <source>{0}: {1} uncompresses to more than the {2} bytes rnnviz reads</source>
      <translation>{0}：{1} 解压后超过了 rnnviz 可读取的 {2} 字节</translation>
    </message>
    <message>
      <source>{0}: {1} in the archive is not an HDF5 file</source>
      <translation>{0}：压缩包中的 {1} 不是 HDF5 文件</translation>
    </message>
    <message>
      <source>{0}: {1} is a link to data elsewhere, which rnnviz does not follow</source>
      <translation>{0}：{1} 是指向别处数据的链接，rnnviz 不会跟随此类链接</translation>
    </message>
    <message>
      <source>{0}: {1} is missing from the weights ({2}/{3})</source>
      <translation>{0}：权重中缺少 {1}（{2}/{3}）</translation>
    </message>
    <message>
      <source>{0}: {1} refers to data outside the file, which rnnviz does not read</source>
      <translation>{0}：{1} 引用了文件之外的数据，rnnviz 不会读取这些数据</translation>
    </message>
    <message>
      <source>{0}: {1} has {2} values, more than rnnviz reads</source>
      <translation>{0}：{1} 有 {2} 个数值，超出了 rnnviz 可读取的数量</translation>
    </message>
    <message>
      <source>{0}: {1} declares {2} values, far more than the file holds (a damaged file)</source>
      <translation>{0}：{1} 声明有 {2} 个数值，远多于文件实际包含的数据（文件已损坏）</translation>
    </message>
    <message>
      <source>{0}: {1} holds {2} values, not floating-point weights</source>
      <translation>{0}：{1} 存放的是 {2} 类型的值，不是浮点数权重</translation>
    </message>
    <message>
      <source>{0}: {1} contains NaN or infinite values</source>
      <translation>{0}：{1} 含有 NaN 或无穷大的值</translation>
    </message>
    <message>
      <source>{0}: {1} layer '{2}' uses activation='{3}'; rnnviz imports 'tanh' only, as PyTorch's {4} computes</source>
      <translation>{0}：{1} 层 '{2}' 使用 activation='{3}'；rnnviz 只导入 'tanh'，与 PyTorch 的 {4} 的计算方式一致</translation>
    </message>
    <message>
      <source>{0}: {1} layer '{2}' uses recurrent_activation='{3}'; rnnviz imports 'sigmoid' gates only, as PyTorch's {4} computes</source>
      <translation>{0}：{1} 层 '{2}' 使用 recurrent_activation='{3}'；rnnviz 只导入使用 'sigmoid' 的门，与 PyTorch 的 {4} 的计算方式一致</translation>
    </message>
    <message>
      <source>{0}: GRU layer '{1}' uses reset_after=False, which computes the candidate differently from PyTorch; rnnviz imports reset_after=True (the Keras default) only</source>
      <translation>{0}：GRU 层 '{1}' 使用 reset_after=False，其候选值的计算方式与 PyTorch 不同；rnnviz 只导入 reset_after=True（Keras 的默认值）的层</translation>
    </message>
    <message>
      <source>{0}: {1} layer '{2}' has weights of shapes {3} and {4}, not (D, {5}H) and (H, {6}H)</source>
      <translation>{0}：{1} 层 '{2}' 的权重形状为 {3} 和 {4}，而不是 (D, {5}H) 和 (H, {6}H)</translation>
    </message>
    <message>
      <source>{0}: no weights found for {1}</source>
      <translation>{0}：未找到 {1} 的权重</translation>
    </message>
    <message>
      <source>{0}: not a Keras weights file (no 'layers' group)</source>
      <translation>{0}：不是 Keras 权重文件（没有 'layers' 组）</translation>
    </message>
    <message>
      <source>{0}: the recurrent layer at {1} has weights of shapes {2} and {3}, which are not those of a SimpleRNN, LSTM or GRU</source>
      <translation>{0}：位于 {1} 的循环层权重形状为 {2} 和 {3}，不符合 SimpleRNN、LSTM 或 GRU 的形状</translation>
    </message>
    <message>
      <source>{0}: GRU layer '{1}' uses reset_after=False (its bias has shape ({2},)), which computes the candidate differently from PyTorch; rnnviz imports reset_after=True (the Keras default) only</source>
      <translation>{0}：GRU 层 '{1}' 使用 reset_after=False（其偏置形状为 ({2},)），其候选值的计算方式与 PyTorch 不同；rnnviz 只导入 reset_after=True（Keras 的默认值）的层</translation>
    </message>
    <message>
      <source>{0}: damaged zip archive ({1})</source>
      <translation>{0}：zip 压缩包已损坏（{1}）</translation>
    </message>
    <message>
      <source>{0}: damaged zip archive (a member is cut short)</source>
      <translation>{0}：zip 压缩包已损坏（有成员文件被截断）</translation>
    </message>
    <message>
      <source>{0}: damaged zip archive (a compressed member: {1})</source>
      <translation>{0}：zip 压缩包已损坏（某个压缩成员文件：{1}）</translation>
    </message>
    <message>
      <source>{0}: the weights need more memory than is available</source>
      <translation>{0}：权重所需的内存超出了可用内存</translation>
    </message>
    <message>
      <source>{0}: cannot read the Keras weights (nested too deeply)</source>
      <translation>{0}：无法读取 Keras 权重（嵌套层数过多）</translation>
    </message>
    <message>
      <source>{0}: cannot read the Keras weights ({1})</source>
      <translation>{0}：无法读取 Keras 权重（{1}）</translation>
    </message>
    <message>
      <source>{0}: the archive has no {1}, so it is not a Keras .keras model</source>
      <translation>{0}：压缩包中没有 {1}，因此不是 Keras .keras 模型</translation>
    </message>
    <message>
      <source>{0}: the archive has no {1}, so there are no weights to import</source>
      <translation>{0}：压缩包中没有 {1}，因此没有可导入的权重</translation>
    </message>
    <message>
      <source>{0}: {1} in the archive is damaged ({2})</source>
      <translation>{0}：压缩包中的 {1} 已损坏（{2}）</translation>
    </message>
    <message>
      <source>{0}: SimpleRNN layer '{1}' uses activation='{2}'; rnnviz imports 'tanh' and 'relu' only (PyTorch's nn.RNN nonlinearities)</source>
      <translation>{0}：SimpleRNN 层 '{1}' 使用 activation='{2}'；rnnviz 只导入 'tanh' 和 'relu'（即 PyTorch 的 nn.RNN 支持的激活函数）</translation>
    </message>
    <message>
      <source>{0}: models are nested more than {1} deep</source>
      <translation>{0}：模型嵌套超过 {1} 层</translation>
    </message>
    <message>
      <source>{0}: the weights file has too many groups, or nests them too deep, to search</source>
      <translation>{0}：权重文件中的组太多或嵌套太深，无法搜索</translation>
    </message>
    <message>
      <source>{0}: this is a Keras 2 (legacy .h5) weights file; rnnviz reads Keras 3 .keras and .weights.h5 files</source>
      <translation>{0}：这是 Keras 2（旧版 .h5）权重文件；rnnviz 读取 Keras 3 的 .keras 和 .weights.h5 文件</translation>
    </message>
    <message>
      <source>{0}: sharded Keras weights (model.weights.json) are not supported</source>
      <translation>{0}：不支持分片的 Keras 权重（model.weights.json）</translation>
    </message>
    <message>
      <source>{0}: {1} is not valid JSON ({2})</source>
      <translation>{0}：{1} 不是有效的 JSON（{2}）</translation>
    </message>
    <message>
      <source>{0}: {1} layer '{2}' has a bias of shape {3}, not matching H={4}</source>
      <translation>{0}：{1} 层 '{2}' 的偏置形状为 {3}，与 H={4} 不匹配</translation>
    </message>
    <message>
      <source>{0}: Bidirectional layer '{1}' has an unsupported {2} layer</source>
      <translation>{0}：Bidirectional 层 '{1}' 的 {2} 层不受支持</translation>
    </message>
    <message>
      <source>{0}: no weights found for Embedding layer '{1}'</source>
      <translation>{0}：未找到 Embedding 层 '{1}' 的权重</translation>
    </message>
    <message>
      <source>{0}: Embedding layer '{1}' has weights of shape {2}</source>
      <translation>{0}：Embedding 层 '{1}' 的权重形状为 {2}，应为二维矩阵</translation>
    </message>
    <message>
      <source>not a PyTorch checkpoint: neither a zip archive (torch.save) nor a pickle</source>
      <translation>不是 PyTorch 检查点文件：既不是 zip 压缩包（torch.save），也不是 pickle</translation>
    </message>
    <message>
      <source>a tensor's {0} is {1}, expected a non-negative integer</source>
      <translation>张量的 {0} 为 {1}，应为非负整数</translation>
    </message>
    <message>
      <source>a tensor's {0} is {1}, expected a tuple of integers</source>
      <translation>张量的 {0} 为 {1}，应为整数元组</translation>
    </message>
    <message>
      <source>a tensor is not backed by a storage</source>
      <translation>有张量没有对应的存储区（storage）</translation>
    </message>
    <message>
      <source>a tensor has size {0} but stride {1}</source>
      <translation>张量的 size 为 {0}，但 stride 为 {1}，两者不一致</translation>
    </message>
    <message>
      <source>a parameter does not hold a tensor</source>
      <translation>有参数不包含张量</translation>
    </message>
    <message>
      <source>refused: the file names something that is not a plain name</source>
      <translation>已拒绝：文件引用了不是普通名称的内容</translation>
    </message>
    <message>
      <source>truncated safetensors file: the tensors need {0} bytes, it has {1}</source>
      <translation>safetensors 文件被截断：张量需要 {0} 字节，文件只有 {1} 字节</translation>
    </message>
    <message>
      <source>saved in PyTorch's legacy tar format (before 0.4); re-save it: {0}</source>
      <translation>该文件以 PyTorch 旧版 tar 格式（0.4 之前）保存；请重新保存：{0}</translation>
    </message>
    <message>
      <source>{0} would expand {1} bytes from {2}: refused</source>
      <translation>{0} 会从 {2} 字节解压为 {1} 字节：已拒绝</translation>
    </message>
    <message>
      <source>a zip archive without data.pkl: not a PyTorch checkpoint</source>
      <translation>没有 data.pkl 的 zip 压缩包：不是 PyTorch 检查点文件</translation>
    </message>
    <message>
      <source>a TorchScript archive (torch.jit.save), which holds code; {0}</source>
      <translation>这是 TorchScript 压缩包（torch.jit.save），其中包含代码；{0}</translation>
    </message>
    <message>
      <source>holds a single tensor, not a state_dict (a dict of named tensors); {0}</source>
      <translation>文件中只有单个张量，而不是 state_dict（由命名张量组成的字典）；{0}</translation>
    </message>
    <message>
      <source>holds a {0}, not a state_dict; {1}</source>
      <translation>文件中是 {0}，而不是 state_dict；{1}</translation>
    </message>
    <message>
      <source>no recurrent layer found: {0}</source>
      <translation>未找到循环层：{0}</translation>
    </message>
    <message>
      <source>inconsistent shapes: {0} is {1}, expected a matrix</source>
      <translation>形状不一致：{0} 为 {1}，应为矩阵</translation>
    </message>
    <message>
      <source>inconsistent shapes: {0} is {1}x{2}, but a recurrent weight_hh is (G*H)xH with G = 1 (RNN), 3 (GRU) or 4 (LSTM)</source>
      <translation>形状不一致：{0} 为 {1}x{2}，但循环层的 weight_hh 应为 (G*H)xH，其中 G = 1（RNN）、3（GRU）或 4（LSTM）</translation>
    </message>
    <message>
      <source>inconsistent shapes: {0} is {1}x{2} but {3} is {4}; it needs {5} rows</source>
      <translation>形状不一致：{0} 为 {1}x{2}，但 {3} 为 {4}；后者应有 {5} 行</translation>
    </message>
    <message>
      <source>{0} holds complex numbers; rnnviz needs real weights</source>
      <translation>{0} 含有复数；rnnviz 需要实数权重</translation>
    </message>
    <message>
      <source>{0} holds {1} values, not numbers</source>
      <translation>{0} 存放的是 {1} 类型的值，不是数值</translation>
    </message>
    <message>
      <source>{0} holds NaN or infinite values</source>
      <translation>{0} 含有 NaN 或无穷大的值</translation>
    </message>
    <message>
      <source>storage {0} holds {1} values, expected {2}</source>
      <translation>存储区 {0} 有 {1} 个值，应为 {2} 个</translation>
    </message>
    <message>
      <source>the data of storage {0} is missing</source>
      <translation>缺少存储区 {0} 的数据</translation>
    </message>
    <message>
      <source>a tensor of size {0} reaches past the end of its storage ({1} values)</source>
      <translation>大小为 {0} 的张量超出了其存储区的末尾（存储区有 {1} 个值）</translation>
    </message>
    <message>
      <source>a tensor of size {0} repeats its {1} stored values too often</source>
      <translation>大小为 {0} 的张量过多地重复使用其存储区中的 {1} 个值</translation>
    </message>
    <message>
      <source>the pickle inside does not load ({0})</source>
      <translation>无法加载其中的 pickle（{0}）</translation>
    </message>
    <message>
      <source>unexpected persistent id {0}</source>
      <translation>意外的 persistent id {0}</translation>
    </message>
    <message>
      <source>a storage has type {0}, expected a torch storage type</source>
      <translation>有存储区的类型为 {0}，应为 torch 的存储类型</translation>
    </message>
    <message>
      <source>a storage has key {0}</source>
      <translation>有存储区的键 {0} 无效</translation>
    </message>
    <message>
      <source>unexpected storage view {0}</source>
      <translation>意外的存储区视图 {0}</translation>
    </message>
    <message>
      <source>a view of storage {0} reaches past its end</source>
      <translation>存储区 {0} 的某个视图超出了它的末尾</translation>
    </message>
    <message>
      <source>the pickle is nested too deeply</source>
      <translation>pickle 的嵌套层数过多</translation>
    </message>
    <message>
      <source>the pickle needs more memory than is available</source>
      <translation>pickle 所需的内存超出了可用内存</translation>
    </message>
    <message>
      <source>the pickle inside does not load ({0}: {1})</source>
      <translation>无法加载其中的 pickle（{0}：{1}）</translation>
    </message>
    <message>
      <source>{0}: reading .safetensors files needs the safetensors package</source>
      <translation>{0}：读取 .safetensors 文件需要安装 safetensors 包</translation>
    </message>
    <message>
      <source>not a safetensors file ({0})</source>
      <translation>不是 safetensors 文件（{0}）</translation>
    </message>
    <message>
      <source>not a safetensors file (shorter than its 8-byte header length)</source>
      <translation>不是 safetensors 文件（比 8 字节的头部长度字段还短）</translation>
    </message>
    <message>
      <source>tensor {0} is {1}, a type numpy cannot hold{2}</source>
      <translation>张量 {0} 的类型为 {1}，numpy 无法表示这种类型{2}</translation>
    </message>
    <message>
      <source>cannot read: {0}</source>
      <translation>无法读取：{0}</translation>
    </message>
    <message>
      <source>truncated or damaged zip archive ({0})</source>
      <translation>zip 压缩包被截断或已损坏（{0}）</translation>
    </message>
    <message>
      <source>unknown byte order {0}</source>
      <translation>未知的字节序 {0}</translation>
    </message>
    <message>
      <source>the data of storage {0} is missing (no {1}data/{2})</source>
      <translation>缺少存储区 {0} 的数据（没有 {1}data/{2}）</translation>
    </message>
    <message>
      <source>{0} holds {1} bytes, expected {2}</source>
      <translation>{0} 有 {1} 字节，应为 {2} 字节</translation>
    </message>
    <message>
      <source>a pickle but not a PyTorch checkpoint (no torch.save header)</source>
      <translation>是 pickle，但不是 PyTorch 检查点文件（没有 torch.save 文件头）</translation>
    </message>
    <message>
      <source>PyTorch legacy format version {0}, expected {1}</source>
      <translation>PyTorch 旧版格式的版本为 {0}，应为 {1}</translation>
    </message>
    <message>
      <source>the list of storages is damaged</source>
      <translation>存储区列表已损坏</translation>
    </message>
    <message>
      <source>no recurrent layer rnnviz can show: skipped {0}</source>
      <translation>没有 rnnviz 能显示的循环层：已跳过 {0}</translation>
    </message>
    <message>
      <source>a tensor reaches past the end of its storage</source>
      <translation>有张量超出了其存储区的末尾</translation>
    </message>
    <message>
      <source>storage {0} is named with two different types or sizes</source>
      <translation>存储区 {0} 被指定了两种不同的类型或大小</translation>
    </message>
    <message>
      <source>truncated safetensors file: its header needs {0} bytes</source>
      <translation>safetensors 文件被截断：其头部需要 {0} 字节</translation>
    </message>
    <message>
      <source>damaged zip archive ({0}: {1})</source>
      <translation>zip 压缩包已损坏（{0}：{1}）</translation>
    </message>
    <message>
      <source>storage {0} is stored but never used</source>
      <translation>存储区 {0} 已存储但从未被使用</translation>
    </message>
    <message>
      <source>truncated file: storage data missing</source>
      <translation>文件被截断：缺少存储区数据</translation>
    </message>
    <message>
      <source>truncated file: storage data cut short</source>
      <translation>文件被截断：存储区数据不完整</translation>
    </message>
    <message>
      <source>tensor {0} of size {1} would need more memory than the file's size allows (a damaged or hostile file)</source>
      <translation>大小为 {1} 的张量 {0} 所需的内存超出了该文件大小所能允许的范围（文件已损坏或为恶意文件）</translation>
    </message>
    <message>
      <source>inconsistent shapes: {0} is {1}x{2} but {3} is {4}, expected {5} values</source>
      <translation>形状不一致：{0} 为 {1}x{2}，但 {3} 为 {4}，应有 {5} 个值</translation>
    </message>
    <message>
      <source>the pickle inside is damaged (memo entry {0} out of range)</source>
      <translation>其中的 pickle 已损坏（memo 条目 {0} 超出范围）</translation>
    </message>
    <message>
      <source>the pickle inside is damaged (memo entry {0} was never stored)</source>
      <translation>其中的 pickle 已损坏（memo 条目 {0} 从未存储过）</translation>
    </message>
    <message>
      <source>tensor {0} cannot be rebuilt ({1})</source>
      <translation>无法重建张量 {0}（{1}）</translation>
    </message>
    <message>
      <source>the pickle inside uses {0}, which no state_dict needs</source>
      <translation>其中的 pickle 使用了 {0}，而任何 state_dict 都不需要它</translation>
    </message>
    <message>
      <source>{0} has {1} tokens; the window shows at most {2}. For long lessons use the command line: rnnviz export LESSON.json --out trace.csv</source>
      <translation>{0} 有 {1} 个词元；界面最多显示 {2} 个。较长的课程请使用命令行：rnnviz export LESSON.json --out trace.csv</translation>
    </message>
    <message>
      <source>show at least one model</source>
      <translation>请至少显示一个模型</translation>
    </message>
    <message>
      <source>no file to save to</source>
      <translation>没有可保存到的文件</translation>
    </message>
    <message>
      <source>{0}: no such lesson file or built-in lesson (built-in: {1})</source>
      <translation>{0}：没有这个课程文件或内置课程（内置课程：{1}）</translation>
    </message>
  </context>
</TS>
