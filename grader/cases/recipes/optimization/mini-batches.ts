/**
 * Optimization recipes for randomMiniBatches: the notebook's cases, a short last batch,
 * an m the size divides (no empty batch), coded rows that show any reordering.
 */
import { type Matrix, RandomState, np } from "../../../../lib/np/index.ts";
import type { Value } from "../../../../lib/value.ts";
import type { Recipe } from "../types.ts";
import { codedRowsCase, miniBatchCase, miniBatchCase2024, miniBatchSmallCase } from "./cases.ts";
import { exact, full, tol } from "./pick.ts";

/** Widths of the X batches and shapes of the Y batches of a randomMiniBatches output. */
const batchWidths = (out: Value): Value => (out as Matrix[][]).map(([x]) => x.ncols);
const yShapes = (out: Value): Value => (out as Matrix[][]).map(([, y]) => [y.nrows, y.ncols]);

export const miniBatchRecipes: Recipe[] = [
  // --- randomMiniBatches ---------------------------------------------------------------------
  {
    id: "mini-batches-2024-5x7",
    fn: "randomMiniBatches",
    description: "7 examples of 5 features in batches of 2 (the 2024 public test): three full batches and one of 1",
    hidden: false,
    ...tol,
    hint: "Cut ⌊m/size⌋ = 3 full batches of 2, then the one leftover column as a last batch; each batch keeps all 5 rows of X.",
    reproduces: "COURSE-FACTS §4b (2024 public tests): seed 1, X = randn(5, 7), Y = randn(1, 7) < 0.5, size 2 → three full batches and one of 1",
    args: () => {
      const { X, Y } = miniBatchCase2024();
      return [X, Y, 2];
    },
    notebook: [
      { what: "batch widths 2, 2, 2, 1", pick: batchWidths, value: [2, 2, 2, 1], ...exact },
      { what: "Y batch shapes (1, 2) ×3, (1, 1)", pick: yShapes, value: [[1, 2], [1, 2], [1, 2], [1, 1]], ...exact },
    ],
  },
  {
    id: "mini-batches-rows-in-order",
    fn: "randomMiniBatches",
    description: "the rows (features) of X keep their order in every batch: X[i, j] = 1000·i + j, 6 features, 10 examples in batches of 4",
    hidden: false,
    ...tol,
    hint: "Shuffle the columns (examples) only: X[:, permutation] is X.take(permutation, { axis: 1 }); rows stay where they are.",
    reproduces:
      "COURSE-FACTS §4.2 2021 notebook structural test (X built from consecutive integers, rows must keep their order), on a small X; " +
      "every batch's row i holds 1000·i + a column index",
    args: () => {
      const X = codedRowsCase(6, 10);
      const Y = np.array([[1, 0, 1, 1, 0, 0, 1, 0, 1, 1]]);
      return [X, Y, 4];
    },
    notebook: [
      { what: "batch widths 4, 4, 2", pick: batchWidths, value: [4, 4, 2], ...exact },
      {
        what: "entries of X batches outside their row's [1000·i, 1000·i + 9] (none: no row reordered)",
        pick: (out) => (out as Matrix[][]).reduce((n, [Xb]) => n + Xb.tolist().reduce((k, row, i) => k + row.filter((v) => Math.floor(v / 1000) !== i).length, 0), 0),
        value: 0,
        ...exact,
      },
    ],
  },
  {
    id: "mini-batches-notebook",
    fn: "randomMiniBatches",
    description: "148 examples in batches of 64: two full batches and a short last one of 20 (the notebook's case, 12 features)",
    hidden: false,
    ...tol,
    hint: "After np.random.seed(seed), shuffle the columns of X and Y with one np.random.permutation(m); cut ⌊m/size⌋ full batches, then the remaining m % size columns as one last, shorter batch.",
    reproduces:
      "COURSE-FACTS §4.2 mini-batch case, with X = randn(12, 148) instead of randn(12288, 148) to keep the fixture small: " +
      "row 0 is the same 148 draws, so batch 0 still starts [0.9008559492644118, -0.7612069008951028, 0.23441569781709215] " +
      "and the batches are still 64, 64, 20 wide (Y is drawn after X, so its labels are not the notebook's; it checks only Y's shapes)",
    args: () => {
      const { X, Y } = miniBatchCase(12);
      return [X, Y, 64];
    },
    notebook: [
      { what: "batch widths (12288, 64), (12288, 64), (12288, 20) in the notebook", pick: batchWidths, value: [64, 64, 20], ...exact },
      { what: "Y batch shapes (1, 64), (1, 64), (1, 20)", pick: yShapes, value: [[1, 64], [1, 64], [1, 20]], ...exact },
      {
        what: "first 3 entries of row 0 of X batch 0 (printed [0.90085595 -0.7612069 0.2344157])",
        pick: (out) => (out as Matrix[][])[0][0].row(0).cols(0, 3),
        value: np.array([[0.9008559492644118, -0.7612069008951028, 0.23441569781709215]]),
        ...full,
      },
    ],
  },
  {
    id: "mini-batches-small-2021",
    fn: "randomMiniBatches",
    description: "3 examples in batches of 2 with the default seed 0: the permutation [2, 1, 0] and a last batch of 1",
    hidden: false,
    ...tol,
    hint: "Use the default seed 0 and np.random.permutation(m) for the column order; when m % size ≠ 0 the last batch has the m % size leftover columns.",
    reproduces: "COURSE-FACTS §4.2 2021 extra mini-batch test: batch 0 = columns 2 and 1 of X with Y [[False, False]], batch 1 = column 0 with Y [[False]]",
    args: () => {
      const { X, Y } = miniBatchSmallCase();
      return [X, Y, 2];
    },
    notebook: (() => {
      const X = new RandomState(1).randn(7, 3); // the case's X, drawn without touching the global generator
      const batch = (k: number, i: number) => (out: Value) => (out as Matrix[][])[k][i];
      return [
        { what: "batch widths 2, 1", pick: batchWidths, value: [2, 1], ...exact },
        { what: "X batch 0 = columns 2, 1 of X", pick: batch(0, 0), value: X.take([2, 1], { axis: 1 }), ...full },
        { what: "Y batch 0 = [[False, False]]", pick: batch(0, 1), value: np.array([[0, 0]]), ...exact },
        { what: "X batch 1 = column 0 of X", pick: batch(1, 0), value: X.col(0), ...full },
        { what: "Y batch 1 = [[False]]", pick: batch(1, 1), value: np.array([[0]]), ...exact },
      ];
    })(),
  },
  {
    id: "mini-batches-short-last-hidden",
    fn: "randomMiniBatches",
    description: "27 examples in batches of 8 with seed 3: three full batches and a short last one of 3",
    hidden: true,
    ...tol,
    hint: "Do not drop the leftover m % size columns: they form one last, shorter batch.",
    reproduces: "hidden case (no notebook value): seed 6 draws X (2, 27) and Y; shuffle seed 3, size 8 → widths 8, 8, 8, 3",
    args: () => {
      np.random.seed(6);
      const X = np.random.randn(2, 27);
      const Y = np.random.rand(1, 27).lt(0.5);
      return [X, Y, 8, 3];
    },
  },
  {
    id: "mini-batches-divisible-hidden",
    fn: "randomMiniBatches",
    description: "24 examples in batches of 8 with seed 9: exactly three full batches and no empty last batch",
    hidden: true,
    ...tol,
    hint: "Only add the last, shorter batch when m % size ≠ 0; otherwise there is nothing left over.",
    reproduces: "hidden case (no notebook value): seed 8 draws X (2, 24) and Y; shuffle seed 9, size 8 → widths 8, 8, 8",
    args: () => {
      np.random.seed(8);
      const X = np.random.randn(2, 24);
      const Y = np.random.rand(1, 24).lt(0.5);
      return [X, Y, 8, 9];
    },
  },
  {
    id: "mini-batches-one-short-batch-hidden",
    fn: "randomMiniBatches",
    description: "5 examples with the default batch size 64: no full batch, one batch of all 5 shuffled columns",
    hidden: true,
    ...tol,
    hint: "When m < size there are 0 full batches and one batch of m columns; the default size is 64.",
    reproduces: "hidden case (no notebook value): seed 4 draws X (2, 5) and Y; default size 64 and seed 0",
    args: () => {
      np.random.seed(4);
      const X = np.random.randn(2, 5);
      const Y = np.random.rand(1, 5).lt(0.5);
      return [X, Y];
    },
  },
];
