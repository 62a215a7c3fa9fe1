/** Optimization recipes for learning-rate decay: updateLr and scheduleLrDecay (with the floor at epoch 10, interval 100). */
import type { Value } from "../../../../lib/value.ts";
import type { Recipe } from "../types.ts";
import { full, lrTol } from "./pick.ts";

function scheduleCase(
  id: string,
  args: [number, number, number, number?],
  expected: number,
  hidden: boolean,
  reproduces: string,
  description: string,
  hint?: string,
): Recipe {
  return {
    id,
    fn: "scheduleLrDecay",
    description,
    hidden,
    ...lrTol,
    ...(hint ? { hint } : {}),
    reproduces,
    args: () => args.filter((a): a is number => a !== undefined),
    ...(hidden ? {} : { notebook: [{ what: "learning rate", pick: (o: Value) => o, value: expected, ...full }] }),
  };
}

const SCHEDULE_HINT =
  "learningRate0 / (1 + decayRate · Math.floor(epochNum / timeInterval)): the rate only changes every timeInterval epochs, so keep the floor.";


export const decayRecipes: Recipe[] = [
  // --- updateLr ------------------------------------------------------------------------------------
  {
    id: "update-lr-notebook",
    fn: "updateLr",
    description: "learning rate 0.5 decayed at epoch 2 with decay rate 1",
    hidden: false,
    ...lrTol,
    hint: "learningRate0 / (1 + decayRate · epochNum).",
    reproduces: "COURSE-FACTS §4.2 update_lr(0.5, 2, 1) = 0.16666666666666666",
    args: () => [0.5, 2, 1],
    notebook: [{ what: "learning rate", pick: (o) => o, value: 0.16666666666666666, ...full }],
  },
  {
    id: "update-lr-test-2021",
    fn: "updateLr",
    description: "learning rate 1 decayed at epoch 2 with decay rate 1",
    hidden: false,
    ...lrTol,
    hint: "learningRate0 / (1 + decayRate · epochNum).",
    reproduces: "COURSE-FACTS §4.2 update_lr(1, 2, 1) = 0.3333333333333333 (the other copy's test)",
    args: () => [1, 2, 1],
    notebook: [{ what: "learning rate", pick: (o) => o, value: 0.3333333333333333, ...full }],
  },
  {
    id: "update-lr-hidden",
    fn: "updateLr",
    description: "learning rate 0.3 decayed at epoch 7 with decay rate 0.5",
    hidden: true,
    ...lrTol,
    reproduces: "hidden case (no notebook value): update_lr(0.3, 7, 0.5) = 0.3 / 4.5",
    args: () => [0.3, 7, 0.5],
  },

  // --- scheduleLrDecay -------------------------------------------------------------------------------
  scheduleCase(
    "schedule-lr-cell-epoch-10",
    [0.5, 10, 0.3, 100],
    0.5,
    false,
    "COURSE-FACTS §4.2 notebook cell: schedule_lr_decay(0.5, 10, 0.3, 100) = 0.5 (without the floor it would be 0.4854368932038835)",
    "scheduled decay at epoch 10 with interval 100: no decay yet (the floor)",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-cell-epoch-100",
    [0.5, 100, 0.3, 100],
    0.3846153846153846,
    false,
    "COURSE-FACTS §4.2 notebook cell: schedule_lr_decay(0.5, 100, 0.3, 100) = 0.3846153846153846",
    "scheduled decay at epoch 100 with interval 100: one decay step",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-epoch-100",
    [0.5, 100, 1, 100],
    0.25,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.5, 100, 1, 100) = 0.25",
    "scheduled decay (lr 0.5, rate 1) at epoch 100, interval 100",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-epoch-10",
    [0.5, 10, 1, 100],
    0.5,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.5, 10, 1, 100) = 0.5",
    "scheduled decay (lr 0.5, rate 1) at epoch 10, interval 100: no decay yet (the floor)",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-epoch-1000",
    [0.3, 1000, 0.25, 100],
    0.08571428571428572,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.3, 1000, 0.25, 100) = 0.08571428571428572",
    "scheduled decay (lr 0.3, rate 0.25) at epoch 1000, interval 100: ten decay steps",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-rate-025-epoch-100",
    [0.3, 100, 0.25, 100],
    0.24,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.3, 100, 0.25, 100) = 0.24",
    "scheduled decay (lr 0.3, rate 0.25) at epoch 100, interval 100",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-default-interval-hidden",
    [0.1, 2500, 1],
    0.1 / 3,
    true,
    "hidden case (no notebook value): schedule_lr_decay(0.1, 2500, 1) with the default interval 1000 = 0.1 / 3",
    "scheduled decay with the default interval (1000 epochs) at epoch 2500",
    "The default timeInterval is 1000; ⌊2500 / 1000⌋ = 2.",
  ),
  scheduleCase(
    "schedule-lr-between-steps-hidden",
    [0.2, 399, 0.5, 50],
    0.2 / 4.5,
    true,
    "hidden case (no notebook value): schedule_lr_decay(0.2, 399, 0.5, 50) = 0.2 / (1 + 0.5·7)",
    "scheduled decay between two steps (epoch 399, interval 50)",
    SCHEDULE_HINT,
  ),
];
