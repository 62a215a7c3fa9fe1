/**
 * The course's key formulas as TeX, one entry per principle of the report (the words are
 * in i18n/<lang>/reports.json under `principles.<id>`). TeX is the same in both languages. Written
 * in the notebooks' notation: layer l in brackets, W^{[l]} of shape (n^{[l]}, n^{[l-1]}),
 * m examples, dW for ∂J/∂W.
 */
export const FORMULAS = {
  symmetry: [
    String.raw`W^{[l]} = \mathbf{0} \;\Rightarrow\; a^{[l]}_1 = a^{[l]}_2 = \dots = a^{[l]}_{n^{[l]}}, \qquad W^{[l]} = 10 \cdot \operatorname{randn}\big(n^{[l]}, n^{[l-1]}\big)`,
  ],
  he: [String.raw`W^{[l]} = \operatorname{randn}\big(n^{[l]}, n^{[l-1]}\big) \cdot \sqrt{\frac{2}{n^{[l-1]}}}, \qquad b^{[l]} = \mathbf{0}`],
  twoSided: [
    String.raw`\frac{\partial J}{\partial \theta} \approx \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2\varepsilon}`,
    String.raw`g^{\text{approx}}_i = \frac{J(\theta_1, \dots, \theta_i + \varepsilon, \dots, \theta_n) - J(\theta_1, \dots, \theta_i - \varepsilon, \dots, \theta_n)}{2\varepsilon}`,
  ],
  relativeDifference: [
    String.raw`\text{difference} = \frac{\lVert g - g^{\text{approx}} \rVert_2}{\lVert g \rVert_2 + \lVert g^{\text{approx}} \rVert_2} \;<\; 2 \times 10^{-7}`,
  ],
  miniBatch: [
    String.raw`\big(X, Y\big) \leftarrow \big(X_{:,\pi}, Y_{:,\pi}\big), \qquad X^{\{t\}} = X_{:,\,64(t-1)\,:\,\min(64t,\, m)}, \quad t = 1, \dots, \left\lceil m / 64 \right\rceil`,
  ],
  momentum: [
    String.raw`v_{dW^{[l]}} = \beta\, v_{dW^{[l]}} + (1 - \beta)\, dW^{[l]}, \qquad W^{[l]} = W^{[l]} - \alpha\, v_{dW^{[l]}}`,
    String.raw`v_{db^{[l]}} = \beta\, v_{db^{[l]}} + (1 - \beta)\, db^{[l]}, \qquad b^{[l]} = b^{[l]} - \alpha\, v_{db^{[l]}}`,
  ],
  adam: [
    String.raw`\begin{aligned}
v_{dW} &= \beta_1 v_{dW} + (1 - \beta_1)\, dW, & v^{\text{corrected}}_{dW} &= \frac{v_{dW}}{1 - \beta_1^{\,t}} \\
s_{dW} &= \beta_2 s_{dW} + (1 - \beta_2)\, dW \odot dW, & s^{\text{corrected}}_{dW} &= \frac{s_{dW}}{1 - \beta_2^{\,t}} \\
W &= W - \alpha \, \frac{v^{\text{corrected}}_{dW}}{\sqrt{s^{\text{corrected}}_{dW}} + \varepsilon}
\end{aligned}`,
  ],
  lrDecay: [
    String.raw`\alpha = \frac{\alpha_0}{1 + \text{decayRate} \cdot \text{epoch}}, \qquad \alpha = \frac{\alpha_0}{1 + \text{decayRate} \cdot \left\lfloor \dfrac{\text{epoch}}{\text{timeInterval}} \right\rfloor}`,
  ],
  l2: [
    String.raw`J_{\text{regularized}} = \underbrace{-\frac{1}{m} \sum_{i=1}^{m} \Big( y^{(i)} \log a^{[L](i)} + \big(1 - y^{(i)}\big) \log\big(1 - a^{[L](i)}\big) \Big)}_{\text{cross-entropy}} + \underbrace{\frac{\lambda}{2m} \sum_{l} \big\lVert W^{[l]} \big\rVert_F^2}_{\text{L2}}`,
    String.raw`dW^{[l]} = dW^{[l]}_{\text{cross-entropy}} + \frac{\lambda}{m} W^{[l]}`,
  ],
  dropout: [
    String.raw`D^{[l]} = \big[\operatorname{rand}(n^{[l]}, m) < \text{keepProb}\big], \qquad A^{[l]} = \frac{A^{[l]} \odot D^{[l]}}{\text{keepProb}}`,
    String.raw`dA^{[l]} = \frac{dA^{[l]} \odot D^{[l]}}{\text{keepProb}}`,
  ],
} as const satisfies Record<string, readonly string[]>;

export type FormulaId = keyof typeof FORMULAS;
export const FORMULA_IDS = Object.keys(FORMULAS) as FormulaId[];
