/**
 * 诊断的中文措辞：每个目录条目（grader/diagnose/catalog）说明输出的样子并给出提示；
 * 每个通用检测器根据其数据生成一句话。键与 ../en/diagnose.ts 相同（由类型检查）。
 * 这里不出现任何用例的数值：隐藏用例也可以带诊断。
 */
import type * as en from "../en/diagnose.ts";

export const mistakes: Record<en.MistakeId, en.MistakeWords> = {
  // ---------------------------------------------------------------- 参数初始化
  "zeros-w-transposed": {
    looks: "每个 W 的两个维度都反了：是 (n_{l−1}, n_l) 而不是 (n_l, n_{l−1})。",
    hint: "W_l 每行对应第 l 层的一个单元，每列对应第 l−1 层的一个单元：np.zeros([layersDims[l], layersDims[l - 1]])。",
  },
  "zeros-b-row": {
    looks: "每个 b 都是行向量 (1, n_l)，而不是列向量 (n_l, 1)。",
    hint: "b_l 是列向量：np.zeros([layersDims[l], 1])。",
  },
  "random-no-scale": {
    looks: "权重是正确的随机数，但小了十倍。",
    hint: "本练习故意使用较大的权重：randn(…) 要乘以 10。",
  },
  "random-scale-small": {
    looks: "权重是正确的随机数乘以 0.01，而不是乘以 10。",
    hint: "乘 0.01 是第一门课的小初始化；本练习要把 randn(…) 乘以 10。",
  },
  "random-uniform": {
    looks: "所有权重都在 0 到 10 之间：用的是均匀分布而不是高斯分布。",
    hint: "使用 np.random.randn（标准正态分布），不要用 np.random.rand（[0, 1) 上的均匀分布）。",
  },
  "random-b-missing": {
    looks: "字典里有 W，但没有 b。",
    hint: "在循环里同样设置 parameters[\"b\" + l] = np.zeros([layersDims[l], 1])。",
  },
  "he-fan-out": {
    looks: "权重按本层的单元数缩放，而不是按上一层的单元数。",
    hint: "He 缩放因子是 sqrt(2 / n_{l−1})：用 layersDims[l - 1]，即权重输入来自的那一层。",
  },
  "he-xavier": {
    looks: "权重比 He 初始化小了 √2 倍：这是 Xavier 缩放 sqrt(1 / n_{l−1})。",
    hint: "He 初始化用 sqrt(2 / layersDims[l - 1])，分子是 2 而不是 1。",
  },
  "he-no-sqrt": {
    looks: "权重乘的是 2 / n_{l−1} 本身，没有开平方。",
    hint: "乘以 Math.sqrt(2 / layersDims[l - 1])。",
  },
  "he-sqrt-precedence": {
    looks: "权重乘的是 √2 / n_{l−1}：只对 2 开了平方。",
    hint: "把整个分数放进根号：Math.sqrt(2 / layersDims[l - 1])。",
  },
  "he-inverted": {
    looks: "权重乘的是 sqrt(n_{l−1} / 2)：分数倒过来了。",
    hint: "乘以 sqrt(2 / n_{l−1})（或除以 sqrt(n_{l−1} / 2)），不要反过来。",
  },
  "he-times-ten": {
    looks: "权重像随机初始化那样乘了 10，而不是 He 的缩放因子。",
    hint: "He 初始化把 randn(…) 乘以 Math.sqrt(2 / layersDims[l - 1])。",
  },
  // ---------------------------------------------------------------- 梯度检验
  "forward-1d-sum": {
    looks: "J 算成了 θ + x，而不是 θ·x。",
    hint: "一维模型的代价是乘积 J = θ·x。",
  },
  "backward-1d-j-over-theta": {
    looks: "dθ 除了 θ = 0 处都对，θ = 0 时是 NaN：它是用 J / θ 算的。",
    hint: "直接写出导数：θ·x 对 θ 的导数是 x，不要除以 θ。",
  },
  "backward-1d-theta": {
    looks: "dθ 等于 θ，而不是 x。",
    hint: "对 J = θ·x 关于 θ 求导，结果是 x。",
  },
  "check-1d-no-2eps": {
    looks: "gradapprox 是梯度的两倍，所以相对误差约为 1/3。",
    hint: "双边差分要除以 θ⁺ 与 θ⁻ 之间的距离，即 2ε。",
  },
  "check-1d-eps-precedence": {
    looks: "相对误差约为 1：gradapprox 非常小，像是乘了 ε 而不是除以 2ε。",
    hint: "x / 2 * ε 等于 (x / 2)·ε；要写成带括号的 (J⁺ − J⁻) / (2 * ε)。",
  },
  "check-1d-norm-of-sum": {
    looks: "即使梯度正确，相对误差也约为 1：分子把两个梯度相加了。",
    hint: "分子是差的范数 ‖grad − gradapprox‖。",
  },
  "check-1d-not-relative": {
    looks: "误差随梯度的大小而增长：没有除以两个范数之和。",
    hint: "除以 ‖grad‖ + ‖gradapprox‖，得到相对误差。",
  },
  "forward-n-no-mean": {
    looks: "代价大了 m 倍：对样本求了和，而不是平均。",
    hint: "把对数概率之和乘以 1/m。",
  },
  "forward-n-sign": {
    looks: "代价是负数：算的是对数似然，而不是它的相反数。",
    hint: "交叉熵是 −Y·log A3 − (1 − Y)·log(1 − A3)，保留负号。",
  },
  "forward-n-first-term-only": {
    looks: "代价只计入了 Y = 1 的样本。",
    hint: "加上第二项 −(1 − Y)·log(1 − A3)。",
  },
  "backward-n-planted-dw2": {
    looks: "dW2 是应有值的两倍，其余都正确。",
    hint: "原始代码给 dW2 多乘了 2：去掉这个因子。",
  },
  "backward-n-planted-db1": {
    looks: "db1 是应有值的四倍，其余都正确。",
    hint: "原始代码中 db1 用了 4/m：它和其他梯度一样应为 1/m。",
  },
  "backward-n-planted-both": {
    looks: "dW2 翻了一倍，db1 大了四倍：练习中预置的两处错误都还在。",
    hint: "找出 dW2 中多余的因子 2 和 db1 中的 4/m（gradientCheckN 会指出它们），两处都要改。",
  },
  "backward-n-no-relu-mask": {
    looks: "dZ2 和 dZ1 等于 dA2 和 dA1：漏掉了 ReLU 的导数。",
    hint: "乘以激活单元的掩码：dZ = dA ⊙ [A > 0]。",
  },
  "backward-n-no-1-over-m": {
    looks: "每个 dW 和 db 都大了 m 倍。",
    hint: "这个反向传播中每个 dW 和 db 都要乘 1/m（dZ3 本身不乘）。",
  },
  "backward-n-double-1-over-m": {
    looks: "dZ3 及其后的所有梯度都多除了一次 m。",
    hint: "这个反向传播中 dZ3 = A3 − Y；1/m 只乘在每个 dW 和 db 上。",
  },
  "backward-n-dw-transposed": {
    looks: "每个 dW 的形状都是对应 W 的转置。",
    hint: "dW_l = (1/m)·dZ_l·A_{l−1}ᵀ：dZ 在前，激活值转置。",
  },
  "backward-n-db-no-keepdims": {
    looks: "每个 db 都是行向量而不是列向量。",
    hint: "对样本求和时用 { axis: 1, keepdims: true }，保持列向量 (n_l, 1)。",
  },
  "check-n-no-2eps": {
    looks: "gradapprox 是梯度的两倍，所以相对误差约为 1/3。",
    hint: "把 J⁺ − J⁻ 除以 2ε，即两点之间的距离。",
  },
  "check-n-norm-of-sum": {
    looks: "即使梯度正确，相对误差也接近 1：分子把两个向量相加了。",
    hint: "分子是 ‖grad − gradapprox‖。",
  },
  "check-n-minus-adds-eps": {
    looks: "相对误差为 1：θ⁻ 是加上 ε 得到的，所以 J⁺ = J⁻，gradapprox 为 0。",
    hint: "θ⁻ 是把第 i 个分量减去 ε。",
  },
  "check-n-no-copy": {
    looks: "gradapprox 约为梯度的一半（相对误差接近 1/3）：θ⁺ 和 θ⁻ 共用同一个向量。",
    hint: "在修改第 i 个分量之前先复制参数向量（.copy()），θ⁺ 和 θ⁻ 都要复制。",
  },
  "check-n-not-relative": {
    looks: "结果是绝对范数，没有除以 ‖grad‖ + ‖gradapprox‖。",
    hint: "把分子除以 ‖grad‖ + ‖gradapprox‖。",
  },
  // ---------------------------------------------------------------- 优化算法
  "gd-ascent": {
    looks: "参数朝上坡方向移动了：更新量被加上而不是减去。",
    hint: "梯度下降是减法：W = W − learningRate·dW。",
  },
  "gd-no-learning-rate": {
    looks: "参数移动了整个梯度：漏掉了学习率。",
    hint: "每个梯度先乘以 learningRate 再减去。",
  },
  "gd-b-not-updated": {
    looks: "W 更新了，但 b 没有变。",
    hint: "在同一个循环里用 db_l 更新 b_l。",
  },
  "minibatch-y-not-shuffled": {
    looks: "X 的批次打乱了，但 Y 的批次还是原来的顺序，标签与样本对不上了。",
    hint: "对 Y 使用与 X 相同的排列。",
  },
  "minibatch-no-shuffle": {
    looks: "各批次中的样本保持原来的顺序：没有打乱。",
    hint: "按 np.random.permutation(m) 的顺序取 X 和 Y 的列。",
  },
  "minibatch-shuffle-rows": {
    looks: "打乱的是 X 的特征（行），而不是样本（列）。",
    hint: "打乱列：X.take(permutation, { axis: 1 })，即 numpy 的 X[:, permutation]。",
  },
  "minibatch-stride-one": {
    looks: "相邻批次互相重叠：第 k 个批次从第 k 列开始，而不是第 k·size 列。",
    hint: "第 k 个批次取第 k·miniBatchSize 到 (k + 1)·miniBatchSize 列。",
  },
  "minibatch-inclusive-end": {
    looks: "每个完整批次都少了一列。",
    hint: "cols(from, to) 不包含 `to`（和 Python 切片一样）：结束位置用 (k + 1) * miniBatchSize。",
  },
  "minibatch-last-empty": {
    looks: "最后那个较小的批次是空的。",
    hint: "最后一个批次取从 numCompleteMinibatches·size 到 m 的列。",
  },
  "minibatch-last-full-size": {
    looks: "最后一个批次和完整批次一样大，重复了前一个批次的样本。",
    hint: "最后一个批次只包含剩下的 m mod size 列，从 numCompleteMinibatches·size 到 m。",
  },
  "velocity-lowercase-keys": {
    looks: "速度字典的键是 \"dw1\"（小写 w），而不是 \"dW1\"。",
    hint: "速度的键就是梯度的键，拼写要完全一致：\"dW\" + l 和 \"db\" + l。",
  },
  "velocity-parameter-keys": {
    looks: "速度字典的键是 \"W1\"、\"b1\"……，而不是 \"dW1\"、\"db1\"……。",
    hint: "v 使用梯度的键：v[\"dW\" + l]、v[\"db\" + l]。",
  },
  "velocity-b-shaped-like-w": {
    looks: "v[\"db…\"] 的形状是 W 的，而不是 b 的。",
    hint: "v[\"db\" + l] 是与 parameters[\"b\" + l] 同形状的零矩阵。",
  },
  "adam-init-lowercase-keys": {
    looks: "v 和 s 的键是 \"dw1\"（小写 w），而不是 \"dW1\"。",
    hint: "Adam 的 v 和 s 使用梯度的键，拼写完全一致：\"dW\" + l 和 \"db\" + l。",
  },
  "momentum-no-one-minus-beta": {
    looks: "速度算成了 β·v + dW：梯度没有乘 (1 − β)。",
    hint: "v = β·v + (1 − β)·dW，这是指数加权平均。",
  },
  "momentum-beta-swapped": {
    looks: "速度的两个权重反了：(1 − β)·v + β·dW。",
    hint: "旧的速度乘 β，新的梯度乘 (1 − β)。",
  },
  "momentum-step-with-gradient": {
    looks: "速度正确，但参数是按原始梯度更新的。",
    hint: "用速度更新：W = W − learningRate·v。",
  },
  "momentum-step-before-velocity": {
    looks: "参数是用旧的速度更新的：在更新 v 之前就更新了参数。",
    hint: "先更新 v，再用新的 v 更新参数。",
  },
  "adam-lowercase-keys": {
    looks: "运行时报错 \"Cannot read properties of undefined\"：读取了字典中不存在的键，例如用 v[\"dw1\"] 代替 v[\"dW1\"]。",
    hint: "键区分大小写：grads、v 和 s 中都是 \"dW\" + l（大写 W）。",
  },
  "adam-eps-added-to-parameter": {
    looks: "每个参数都偏大约 ε：ε 加到了参数上，而不是分母上。",
    hint: "ε 应在分母里：W − lr·v̂ / (√ŝ + ε)。",
  },
  "adam-eps-outside-division": {
    looks: "每个参数都偏小约 ε：ε 是在除法之后加的，而不是加在 √ŝ 上。",
    hint: "把 ε 加在平方根上、放在除法里面：v̂ / (√ŝ + ε)。",
  },
  "adam-eps-inside-sqrt": {
    looks: "更新步长比 Adam 的略小：ε 加在了根号里面。",
    hint: "公式是 √ŝ + ε，不是 √(ŝ + ε)。",
  },
  "adam-no-sqrt": {
    looks: "更新步长差得很远：除的是 ŝ，而不是它的平方根。",
    hint: "除以 np.sqrt(ŝ) + ε。",
  },
  "adam-no-bias-correction": {
    looks: "v̂ 和 ŝ 等于 v 和 s：缺少偏差修正。",
    hint: "加上偏差修正：v̂ = v / (1 − β1^t)，ŝ = s / (1 − β2^t)。",
  },
  "adam-correction-without-t": {
    looks: "偏差修正除以的是 1 − β，而不是 1 − β^t。",
    hint: "把 β1 和 β2 取 t 次幂：beta1 ** t。",
  },
  "adam-caret-power": {
    looks: "偏差修正差得很远：TypeScript 中的 ^ 是按位异或，不是乘方。",
    hint: "写成 beta1 ** t（或 Math.pow(beta1, t)）。",
  },
  "adam-grad-not-squared": {
    looks: "s 平均的是梯度而不是梯度的平方（s 为负时还可能出现 NaN）。",
    hint: "s = β2·s + (1 − β2)·dW²，逐元素平方（np.square）。",
  },
  "adam-step-uncorrected": {
    looks: "v̂ 和 ŝ 正确，但参数用的是未修正的 v 和 s。",
    hint: "用修正后的估计更新：W − lr·v̂ / (√ŝ + ε)。",
  },
  "adam-s-with-beta1": {
    looks: "s 用 β1 做了平均，而不是 β2。",
    hint: "s = β2·s + (1 − β2)·dW²：二阶矩有自己的 β2。",
  },
  "update-lr-precedence": {
    looks: "学习率随 epoch 增大：算成了 lr0 / 1 + decayRate·epoch。",
    hint: "给分母加括号：lr0 / (1 + decayRate * epochNum)。",
  },
  "update-lr-multiplied": {
    looks: "学习率随 epoch 增大：lr0 被乘以 (1 + decayRate·epoch)。",
    hint: "衰减是除法：lr0 / (1 + decayRate * epochNum)。",
  },
  "schedule-no-floor": {
    looks: "学习率每个 epoch 都衰减一点，而不是分段衰减。",
    hint: "用 Math.floor(epochNum / timeInterval)：学习率每 timeInterval 个 epoch 才变一次。",
  },
  "schedule-round": {
    looks: "学习率提前半个间隔就下降了：epochNum / timeInterval 被四舍五入，而不是向下取整。",
    hint: "用 Math.floor，不要用 Math.round。",
  },
  "schedule-floor-whole-term": {
    looks: "对 decayRate·epoch / interval 整体取了整，衰减率较小时学习率永远不会衰减。",
    hint: "只对 epochNum / timeInterval 向下取整，再乘以 decayRate。",
  },
  "schedule-precedence": {
    looks: "学习率随 epoch 增大：算成了 lr0 / 1 + decayRate·⌊epoch / interval⌋。",
    hint: "给分母加括号：lr0 / (1 + decayRate * Math.floor(epochNum / timeInterval))。",
  },
  // ---------------------------------------------------------------- 正则化
  "l2-cost-no-half": {
    looks: "L2 项是应有值的两倍：用了 λ/m 而不是 λ/(2m)。",
    hint: "正则项是 (1/m)·(λ/2)·Σ‖W‖²。",
  },
  "l2-cost-no-m": {
    looks: "L2 项大了 m 倍：漏掉了 1/m。",
    hint: "正则项是 (1/m)·(λ/2)·Σ‖W‖²。",
  },
  "l2-cost-not-squared": {
    looks: "L2 项对权重本身求和，而不是对权重的平方求和。",
    hint: "每个权重矩阵用 np.sum(np.square(W))。",
  },
  "l2-cost-missing-w3": {
    looks: "L2 项漏掉了 W3。",
    hint: "对全部三个权重矩阵 W1、W2、W3 的平方求和。",
  },
  "l2-backward-term-missing": {
    looks: "dW 缺少权重衰减项 (λ/m)·W。",
    hint: "给每个 dW_l 加上 (λ/m)·W_l。",
  },
  "l2-backward-half": {
    looks: "权重衰减项只有应有值的一半：λ/(2m)·W。",
    hint: "(λ/2m)·W² 的导数是 (λ/m)·W。",
  },
  "l2-backward-no-m": {
    looks: "权重衰减项大了 m 倍：λ·W。",
    hint: "这一项是 (λ/m)·W。",
  },
  "l2-backward-term-subtracted": {
    looks: "权重衰减项的符号反了。",
    hint: "加上 (λ/m)·W：正则项通过更新把权重拉向零。",
  },
  "dropout-mask-greater": {
    looks: "丢弃的单元正好相反：掩码保留了随机数大于 keep_prob 的单元。",
    hint: "随机数小于 keep_prob 时保留该单元：D = rand(…) < keepProb（.lt）。",
  },
  "dropout-no-rescale": {
    looks: "保留下来的激活值没有乘以 1/keep_prob。",
    hint: "应用掩码之后，把 A1 和 A2 除以 keepProb（倒置 Dropout，inverted dropout）。",
  },
  "dropout-no-rescale-layer1": {
    looks: "A1 中保留的激活值没有除以 keep_prob（A2 的除了）。",
    hint: "应用 D1 之后，像 A2 一样把 A1 除以 keepProb。",
  },
  "dropout-mask-not-applied": {
    looks: "没有单元被丢弃：掩码 D 生成了却没有使用。",
    hint: "缩放之前先把 A 乘以 D。",
  },
  "dropout-times-keep-prob": {
    looks: "保留下来的激活值乘了 keep_prob，而不是除以它。",
    hint: "倒置 Dropout（inverted dropout）是除以 keepProb。",
  },
  "dropout-gaussian-mask": {
    looks: "掩码是用正态分布（randn）而不是均匀分布（rand）生成的。",
    hint: "用均匀分布生成掩码：D = np.random.rand(…) < keepProb。",
  },
  "dropout-backward-no-mask": {
    looks: "dA1 和 dA2 仍然流经被丢弃的单元：反向传播中没有应用掩码 D。",
    hint: "把 dA 乘以前向传播中相同的 D。",
  },
  "dropout-backward-no-rescale": {
    looks: "dA1 和 dA2 没有乘以 1/keep_prob。",
    hint: "应用掩码之后把 dA 除以 keepProb，与前向传播一致。",
  },
  "dropout-backward-times-keep-prob": {
    looks: "dA1 和 dA2 乘了 keep_prob，而不是除以它。",
    hint: "与前向传播一样，除以 keepProb。",
  },
};

const FACTOR: Record<string, string> = {
  "2": "2",
  "1/2": "1/2",
  m: "m（样本数）",
  "1/m": "1/m",
  keep_prob: "keep_prob",
  "1/keep_prob": "1/keep_prob",
  lambda: "λ",
  "1/lambda": "1/λ",
};

export const detectors: typeof en.detectors = {
  constantFactor: (path, factor) => `\`${path}\` 等于期望值乘以 ${FACTOR[factor] ?? factor}：检查是否漏掉或多乘了一个因子。`,
  signFlipped: (path) => `\`${path}\` 大小正确，但符号相反。`,
  transposed: (path) => `\`${path}\` 是期望矩阵的转置：检查乘积的顺序，或者是否漏掉或多写了 .T。`,
  nanAtZero: (path, arg) =>
    arg === undefined
      ? `期望值是有限数，\`${path}\` 却是 NaN 或无穷大：某处除以了可能为 0 的值。`
      : `第 ${arg + 1} 个参数为 0 时 \`${path}\` 是 NaN 或无穷大：某处除以了可能为 0 的值。`,
  lastBatchOnly: (missing) => (missing ? "每个小批次都正确，但缺少最后那个较小的批次。" : "除了最后那个较小的批次，每个小批次都正确。"),
};

export const labels: typeof en.labels = {
  likely: (looks) => `可能的错误：${looks}`,
  alsoLikely: (looks) => `或者：${looks}`,
  wroteLine: (code) => `这一行可能写成了 \`${code}\`。`,
  missingLine: (code) => `可能漏掉了类似 \`${code}\` 的一行。`,
  fix: (hint) => `如何修改：${hint}`,
  detected: (what) => `从数值上看：${what}`,
  detectorNames: {
    "constant-factor": "相差一个常数因子",
    "sign-flipped": "符号相反",
    transposed: "矩阵转置了",
    "nan-at-zero": "输入为 0 时出现 NaN",
    "last-batch-only": "只有最后一个小批次错误",
  },
};
