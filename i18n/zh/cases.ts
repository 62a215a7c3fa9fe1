/**
 * Chinese test descriptions and hints, keyed by fixture case id and property id (the four
 * assignments). Identifiers, formulas and numbers stay as in the English originals.
 */
export interface CaseTextZh {
  description: string;
  hint?: string;
}

const floorHint =
  "learningRate0 / (1 + decayRate · Math.floor(epochNum / timeInterval))：学习率每隔 timeInterval 个 epoch 才变一次，所以要保留向下取整。";
const diffHint = "difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖)，其中 gradapprox = (J⁺ − J⁻) / (2ε)。";
const loopAll = "对每一层 l = 1..L 循环，不要写死为 2 层。";

export const CASES_ZH: Record<string, CaseTextZh> = {
  // initialization
  "zeros-3-2-1": { description: "层大小 [3, 2, 1] 的全零初始化：每个 W 和 b 都是 0，且形状正确", hint: "W_l 的形状是 (n_l, n_{l-1})，b_l 的形状是 (n_l, 1)；用 np.zeros([rows, cols])。" },
  "zeros-deep-hidden": { description: "更深网络的全零初始化（隐藏的层大小）", hint: "对每一层 l = 1..L 循环，不要写死层数。" },
  "random-3-2-1": { description: "层大小 [3, 2, 1] 的随机初始化 ×10（随机种子 3）", hint: "用 np.random.randn(n_l, n_{l-1}) 生成 W_l 再乘以 10；偏置为零。逐层生成，只对 W 取随机数。" },
  "random-deep-hidden": { description: "更深网络的随机初始化 ×10（隐藏的层大小）" },
  "he-2-4-1": { description: "层大小 [2, 4, 1] 的 He 初始化（notebook 中的单元格）", hint: "把 randn(n_l, n_{l-1}) 乘以 sqrt(2 / n_{l-1})：扇入是【上一层】的大小。" },
  "he-3-1-2": { description: "层大小 [3, 1, 2] 的 He 初始化（2021 年的测试）", hint: "把 randn(n_l, n_{l-1}) 乘以 sqrt(2 / n_{l-1})。" },
  "he-deep-hidden": { description: "更深网络的 He 初始化（隐藏的层大小）", hint: "每一层都用它自己的扇入 n_{l-1}。" },
  "zeros-shapes": { description: "全零初始化：对任意层大小，每个 W_l 形状为 (n_l, n_{l-1}) 且全为零，每个 b_l 形状为 (n_l, 1) 且为零", hint: "对所有层 l = 1..L 循环；W_l = np.zeros([n_l, n_{l-1}])。" },
  "random-shapes": { description: "随机初始化：对任意层大小，形状正确、偏置为零、权重的标准差约为 10", hint: "W_l = np.random.randn(n_l, n_{l-1}) * 10，b_l = np.zeros([n_l, 1])。" },
  "he-scale": { description: "He 初始化：形状正确、偏置为零，每个 W_l 的标准差缩放为 sqrt(2 / n_{l-1})", hint: "缩放因子是 sqrt(2 / n_{l-1})，其中 n_{l-1} 是【上一层】的大小（扇入）。" },

  // gradient checking
  "forward-1d": { description: "x = 2、θ = 4 时的 J = θ·x" },
  "forward-1d-hidden": { description: "x 为负数、θ 为小数时的 J = θ·x" },
  "backward-1d": { description: "x = 2、θ = 4 时的 dJ/dθ", hint: "J = θ·x，所以 dJ/dθ 与 θ 无关。" },
  "backward-1d-2024": { description: "x = 3、θ = 4 时的 dJ/dθ（2024 年的公开测试）", hint: "J = θ·x，所以 dJ/dθ 与 θ 无关。" },
  "backward-1d-theta-zero": { description: "θ = 0 时的 dJ/dθ（此处导数同样存在）", hint: "不要用 J / θ 计算导数：θ = 0 时那是 0/0。" },
  "check-1d": { description: "x = 2、θ = 4 时的一维梯度检验：差值极小", hint: diffHint },
  "check-1d-2024": { description: "x = 3、θ = 4 时的一维梯度检验（2024 年的公开测试）：差值极小", hint: diffHint },
  "check-1d-large-x-hidden": { description: "x 很大时的一维梯度检验：差值必须是相对的（除以范数之和）", hint: "把差的范数除以 ‖grad‖ + ‖gradapprox‖。" },
  "forward-n": { description: "notebook 梯度检验用例上的 3 层前向传播与代价", hint: "cost = (1/m)·Σ(−Y·log A3 − (1−Y)·log(1−A3))，用 np.sum（不要按行取平均）。" },
  "forward-n-hidden": { description: "换一个随机种子和批大小的 3 层前向传播与代价" },
  "backward-n": { description: "修正两处预埋错误后的 3 层反向传播", hint: "提供的代码里有两行是错的：把每个 dW/db 与 (1/m)·(…) 对照；运行 gradientCheckN 找出它们。" },
  "backward-n-hidden": { description: "换一个随机种子和批大小的 3 层反向传播" },
  "check-n-planted-bugs": { description: "用含预埋错误的梯度做 N 维梯度检验：差值很大", hint: "每次只微调 θ 的一个分量（先复制 θ），用 vectorToDictionary 重建字典，再用 (J⁺ − J⁻) / (2ε)。" },
  "check-n-fixed": { description: "用正确梯度做 N 维梯度检验：约为 1.19e-7" },
  "check-n-hidden": { description: "换一个随机种子、梯度略有错误时的 N 维梯度检验" },
  "backward-n-matches-reference": { description: "N 维：在随机网络和随机批大小上，backwardPropagationN 给出正确的梯度", hint: "每个 dW 和 db 恰好带一个 1/m 因子；ReLU 掩码是 [A > 0]。" },
  "check-n-separates": { description: "N 维：梯度正确时检验值很小（< 1e-5），有一个梯度错误时很大（> 1e-3）", hint: "微调第 i 个分量前先复制 θ，每次前向传播都用 vectorToDictionary 重建参数。" },
  "check-1d-near-zero": { description: "一维：对任意 x 和 θ，J = θx 的梯度检验结果都小于 1e-6", hint: "用双侧差分 (J(θ+ε) − J(θ−ε)) / (2ε)，再除以两个范数之和。" },

  // optimization
  "gd-notebook": { description: "notebook 用例上的一步梯度下降（随机种子 1，lr 0.01）", hint: "对每一层 l = 1..L：W_l = W_l − lr·dW_l，b_l = b_l − lr·db_l（注意是减号，并且要遍历全部 L 层）。" },
  "gd-3-layer-hidden": { description: "3 层网络上的一步梯度下降（隐藏的形状与学习率）", hint: "对每一层 l = 1..L 循环（L = 键的个数 / 2），不要写死为 2。" },
  "gd-2024-second-layer-3x2": { description: "2024 年公开测试用例上的一步梯度下降：第二层为 3×2（随机种子 1，lr 0.01）", hint: "使用每个参数自己的形状：这里 W2 是 3×2，不能假设是方阵或固定形状。" },
  "mini-batches-2024-5x7": { description: "7 个样本、每个 5 个特征，小批量大小为 2（2024 年的公开测试）：三个完整批次加一个大小为 1 的批次", hint: "先切出 ⌊m/size⌋ = 3 个大小为 2 的完整批次，再把剩下的一列作为最后一个批次；每个批次都保留 X 的全部 5 行。" },
  "mini-batches-rows-in-order": { description: "每个批次中 X 的行（特征）保持原有顺序：X[i, j] = 1000·i + j，6 个特征、10 个样本、批大小为 4", hint: "只打乱列（样本）：X[:, permutation] 即 X.take(permutation, { axis: 1 })；行保持不动。" },
  "mini-batches-notebook": { description: "148 个样本、批大小为 64：两个完整批次加最后一个大小为 20 的短批次（notebook 用例，12 个特征）", hint: "调用 np.random.seed(seed) 后，用同一个 np.random.permutation(m) 打乱 X 和 Y 的列；切出 ⌊m/size⌋ 个完整批次，再把剩下的 m % size 列作为最后一个较短的批次。" },
  "mini-batches-small-2021": { description: "3 个样本、批大小为 2、默认随机种子 0：排列为 [2, 1, 0]，最后一个批次大小为 1", hint: "使用默认随机种子 0，并用 np.random.permutation(m) 确定列的顺序；当 m % size ≠ 0 时，最后一个批次包含剩下的 m % size 列。" },
  "mini-batches-short-last-hidden": { description: "27 个样本、批大小为 8、随机种子 3：三个完整批次加最后一个大小为 3 的短批次", hint: "不要丢掉剩下的 m % size 列：它们组成最后一个较短的批次。" },
  "mini-batches-divisible-hidden": { description: "24 个样本、批大小为 8、随机种子 9：恰好三个完整批次，没有空的最后批次", hint: "只有当 m % size ≠ 0 时才追加最后一个较短的批次；否则没有剩余。" },
  "mini-batches-one-short-batch-hidden": { description: "5 个样本、默认批大小 64：没有完整批次，只有一个包含全部 5 个打乱列的批次", hint: "当 m < size 时，完整批次数为 0，只有一个 m 列的批次；默认批大小是 64。" },
  "velocity-notebook": { description: "速度初始化为零，形状与每个 W 和 b 相同，键为 dW1、db1、…（notebook 用例）", hint: "对每个 l = 1..L：v[\"dW\" + l] = np.zerosLike(parameters[\"W\" + l])，v[\"db\" + l] = np.zerosLike(parameters[\"b\" + l])。" },
  "velocity-3-layer-hidden": { description: "3 层网络的零速度初始化（隐藏的形状）", hint: loopAll },
  "momentum-notebook": { description: "notebook 用例上从 v = 0 开始的一步动量更新（β 0.9，lr 0.01）", hint: "先算 v = β·v + (1 − β)·dW（db 同理），再用【新的】v 计算 W = W − lr·v。返回 [parameters, v]。" },
  "momentum-2024-second-layer-3x2": { description: "2024 年公开测试形状上从 v = 0 开始的一步动量更新：第二层为 3×2（β 0.9，lr 0.01）", hint: "v 和参数都保持各层自己的形状：这里 W2 和 v.dW2 都是 3×2。" },
  "momentum-nonzero-velocity-hidden": { description: "3 层网络上从非零速度开始的一步动量更新（隐藏的 β 与 lr）", hint: "旧的速度也要算进去：v = β·v + (1 − β)·dW，而不只是 (1 − β)·dW。" },
  "adam-init-notebook": { description: "Adam 的 v 和 s 初始化为零，形状与每个 W 和 b 相同，键为 dW1、db1、…（notebook 用例）", hint: "两个独立的全零字典（对每个 W_l 和 b_l 用 np.zerosLike），键为 dW1、db1、…；返回 [v, s]。" },
  "adam-init-3-layer-hidden": { description: "3 层网络的 Adam v 和 s 初始化（隐藏的形状）", hint: loopAll },
  "adam-2017-notebook": { description: "使用默认超参数、在 t = 2 时的一步 Adam 更新（2017 年 notebook 用例）", hint: "v = β1·v + (1−β1)·g，vCorrected = v / (1 − β1^t)，s = β2·s + (1−β2)·g²，sCorrected = s / (1 − β2^t)，W −= lr·vCorrected / (√sCorrected + ε)。返回 [parameters, v, s, vCorrected, sCorrected]。" },
  "adam-2021-large-epsilon": { description: "t = 2 时的一步 Adam 更新，lr 0.02、β1 0.8、β2 0.888，ε = 1e-2 较大（2021 年 notebook 用例）", hint: "ε 放在分母里、紧跟平方根：W −= lr·vCorrected / (√sCorrected + ε)——不要放在除法外面，也不要放进平方根里。使用传入的 β1、β2、ε。" },
  "adam-nonzero-state-hidden": { description: "3 层网络上从非零 v 和 s 开始、t = 5 时的一步 Adam 更新，ε 较大（隐藏的超参数）", hint: "从旧值更新 v 和 s，用本次的 t 除以 1 − β^t 做偏差修正，并在分母中把 ε 加到 √sCorrected 上。" },
  "adam-first-step-defaults-hidden": { description: "使用默认超参数、从零 v 和 s 开始的 Adam 第一步（t = 1）", hint: "t 从 1 开始计数：t = 1 时修正后的均值就是梯度及其平方。保持默认值 lr 0.01、β1 0.9、β2 0.999、ε 1e-8。" },
  "update-lr-notebook": { description: "学习率 0.5 在第 2 个 epoch 按衰减率 1 衰减", hint: "learningRate0 / (1 + decayRate · epochNum)。" },
  "update-lr-test-2021": { description: "学习率 1 在第 2 个 epoch 按衰减率 1 衰减", hint: "learningRate0 / (1 + decayRate · epochNum)。" },
  "update-lr-hidden": { description: "学习率 0.3 在第 7 个 epoch 按衰减率 0.5 衰减" },
  "schedule-lr-cell-epoch-10": { description: "定时学习率衰减，第 10 个 epoch，间隔 100：尚未衰减（向下取整）", hint: floorHint },
  "schedule-lr-cell-epoch-100": { description: "定时学习率衰减，第 100 个 epoch，间隔 100：衰减一次", hint: floorHint },
  "schedule-lr-test-epoch-100": { description: "定时学习率衰减（lr 0.5，衰减率 1），第 100 个 epoch，间隔 100", hint: floorHint },
  "schedule-lr-test-epoch-10": { description: "定时学习率衰减（lr 0.5，衰减率 1），第 10 个 epoch，间隔 100：尚未衰减（向下取整）", hint: floorHint },
  "schedule-lr-test-epoch-1000": { description: "定时学习率衰减（lr 0.3，衰减率 0.25），第 1000 个 epoch，间隔 100：衰减十次", hint: floorHint },
  "schedule-lr-test-rate-025-epoch-100": { description: "定时学习率衰减（lr 0.3，衰减率 0.25），第 100 个 epoch，间隔 100", hint: floorHint },
  "schedule-lr-default-interval-hidden": { description: "使用默认间隔（1000 个 epoch）的定时学习率衰减，第 2500 个 epoch", hint: "timeInterval 默认为 1000；⌊2500 / 1000⌋ = 2。" },
  "schedule-lr-between-steps-hidden": { description: "两次衰减之间的定时学习率衰减（第 399 个 epoch，间隔 50）", hint: floorHint },
  "mini-batches-partition": { description: "小批量按打乱后的顺序包含 X 和 Y 的列：先是完整批次，再是一个较短的批次", hint: "设定随机种子后用 permutation(m) 打乱，切出大小为 mini_batch_size 的完整批次，再处理剩下的 m % size 列（仅当有剩余时）。" },
  "adam-bias-correction-t1": { description: "Adam 在 t = 1、动量为零时：v_corrected 等于梯度，s_corrected 等于其平方，W 的变化量为 lr·g/(|g|+ε)", hint: "v_corrected = v / (1 − β1^t)，s_corrected = s / (1 − β2^t)；ε 放在分母里：sqrt(s_corrected) + ε。" },
  "momentum-beta-zero-is-gd": { description: "β = 0 的动量更新与梯度下降完全相同，且速度等于梯度", hint: "v = β·v + (1 − β)·dW，然后 W = W − lr·v。" },
  "gd-step": { description: "梯度下降更新每一层：对任意层数，W_l − lr·dW_l 且 b_l − lr·db_l" },
  "lr-decay-formulas": { description: "updateLr 为 lr0 / (1 + rate·epoch)，scheduleLrDecay 为 lr0 / (1 + rate·floor(epoch / interval))", hint: "scheduleLrDecay 每隔 time_interval 个 epoch 才改变学习率：使用 Math.floor(epochNum / timeInterval)。" },

  // regularization
  "cost-l2-notebook": { description: "notebook 用例上的交叉熵加 L2 正则化惩罚项（λ = 0.1）", hint: "L2 = (1/m)·(λ/2)·(ΣW1² + ΣW2² + ΣW3²)，对每个 W 的所有元素求和（np.sum(np.square(W))）；偏置不受惩罚；m = Y 的列数。" },
  "cost-l2-hidden": { description: "更宽网络、8 个样本上的交叉熵加 L2 正则化惩罚项（隐藏的 λ）", hint: "只惩罚 W1、W2 和 W3，并除以 m（样本数）。" },
  "backward-l2-notebook": { description: "notebook 的 X 和 Y 上带 L2 项（λ = 0.7）的反向传播", hint: "每个 dW_l 加上 (λ/m)·W_l（即 (λ/2m)·ΣW² 的导数）：不是 λ/(2m)，也不加到 db 上。" },
  "backward-l2-hidden": { description: "更宽网络、8 个样本上带 L2 项的反向传播（隐藏的 λ）", hint: "对 l = 1, 2, 3，把 (λ/m)·W_l 加到每个 dW_l 上。" },
  "forward-dropout-notebook": { description: "notebook 用例上带倒置 dropout（keep_prob 0.7）的前向传播：A3 与含 14 项的 cache", hint: "对每个隐藏层：D = np.random.rand(与 A 同形状) < keepProb，A = A ⊙ D，再 A = A / keepProb（先 D1 后 D2，A3 不做 dropout）。返回 [A3, cache]，cache 为 (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)。" },
  "forward-dropout-hidden": { description: "更宽网络、8 个样本上带倒置 dropout（keep_prob 0.6）的前向传播", hint: "调用开始时设随机种子为 1，用 np.random.rand 先生成 D1 再生成 D2，并把两个隐藏层都乘以 1/keepProb。" },
  "backward-dropout-notebook": { description: "notebook 的 X 和 Y 上带倒置 dropout（keep_prob 0.8）的反向传播", hint: "紧接在 dA2 = W3ᵀ·dZ3 之后：dA2 = dA2 ⊙ D2 / keepProb，然后 dZ2 = dA2 ⊙ [A2 > 0]；dA1 同理用 D1。返回经过掩码和缩放的 dA1 与 dA2。" },
  "backward-dropout-hidden": { description: "更宽网络、8 个样本上带倒置 dropout（keep_prob 0.6）的反向传播", hint: "在 ReLU 掩码之前，对 dA2 和 dA1 都做掩码和缩放（用 D2、D1 和 1/keepProb）。" },
  "dropout-backward-matches-reference": { description: "在随机网络上，倒置 dropout 的反向传播对 dA1 和 dA2 使用相同的掩码并乘以 1/keep_prob", hint: "在 ReLU 掩码之前做 dA2 = dA2 * D2 / keep_prob，dA1 同理用 D1。" },
  "l2-backward-matches-reference": { description: "在随机网络上，带 L2 的反向传播给每个 dW 加上 (λ/m)·W（db 不加）", hint: "dW_l = (1/m)·dZ_l·A_{l-1}ᵀ + (λ/m)·W_l；偏置不做正则化。" },
  "l2-cost-adds-penalty": { description: "L2 代价等于交叉熵加 (λ/2m)·(ΣW1² + ΣW2² + ΣW3²)：绝不小于交叉熵，λ = 0 时两者相等", hint: "只惩罚 W（不惩罚 b），系数是 (1/m)·(λ/2)。" },
  "dropout-mask": { description: "倒置 dropout 保留约 keep_prob 比例的隐藏单元，并把保留下来的单元乘以 1/keep_prob", hint: "D = (np.random.rand(…) < keep_prob)；A = A * D；A = A / keep_prob——两个隐藏层都要做。" },
};
