/**
 * Optimization (W2A1) cases: COURSE-FACTS §4.2, plus hidden cases with other seeds and
 * shapes, and the cases that catch the real bugs (DESIGN.md): Adam with a large ε
 * (ε outside the square root), a short last mini-batch and an m the size divides
 * (no empty batch), schedule_lr_decay at epoch 10 with interval 100 (the floor).
 *
 * The recipes live in optimization/ by concept (update rules, mini-batches, learning-rate
 * decay); the case builders (optimization/cases.ts) are re-exported here:
 * solutions/optimization.test.ts rebuilds the notebook cases with them, so each
 * construction exists once.
 */
import type { Recipe } from "./types.ts";
import { decayRecipes } from "./optimization/learning-rate-decay.ts";
import { miniBatchRecipes } from "./optimization/mini-batches.ts";
import { gdRecipes, momentumAdamRecipes } from "./optimization/update-rules.ts";

export {
  NOTEBOOK_MOMENTUM_V,
  adamCase,
  codedRowsCase,
  gdCase,
  gdCase2024,
  miniBatchCase,
  miniBatchCase2024,
  miniBatchSmallCase,
  paramsCase,
  zerosLikeKeys,
} from "./optimization/cases.ts";

/** In the order the fixtures file lists them. */
export const recipes: Recipe[] = [...gdRecipes, ...miniBatchRecipes, ...momentumAdamRecipes, ...decayRecipes];
