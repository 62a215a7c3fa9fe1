/**
 * Homework 2-1: Q1 Initialization (30), Q2 Gradient Checking (30), Q3 Optimization (40).
 * Points per test: notebook cases carry most of the weight; hidden cases and properties
 * check that the code is right in general, not only on the cases students can see.
 */
import type { z } from "zod";
import type { LabSchema } from "./lab.ts";

type LabInput = z.input<typeof LabSchema>;
const fx = (id: string, points: number) => ({ kind: "fixture" as const, id, points });
const pr = (id: string, points: number) => ({ kind: "property" as const, id, points });

export const hw21: LabInput = {
  id: "hw2-1",
  title: {
    en: "Improving Deep Neural Networks: Initialization, Gradient Checking and Optimization",
    zh: "改善深层神经网络：初始化、梯度检验与优化算法",
  },
  deadline: "2026-12-14T23:59:00+08:00",
  latePolicy: { kind: "per-day", graceMinutes: 15, percentPerDay: 10, maxPercent: 50 },
  questions: [
    {
      id: "Q1",
      title: { en: "Initialization", zh: "参数初始化" },
      assignment: "initialization",
      file: "initialization.ts",
      points: 30,
      tests: [
        fx("zeros-3-2-1", 3),
        fx("zeros-deep-hidden", 2),
        pr("zeros-shapes", 2),
        fx("random-3-2-1", 4),
        fx("random-deep-hidden", 2),
        pr("random-shapes", 3),
        fx("he-2-4-1", 4),
        fx("he-3-1-2", 3),
        fx("he-deep-hidden", 3),
        pr("he-scale", 4),
      ],
    },
    {
      id: "Q2",
      title: { en: "Gradient Checking", zh: "梯度检验" },
      assignment: "gradient-checking",
      file: "gradient-checking.ts",
      points: 30,
      tests: [
        fx("forward-1d", 2),
        fx("forward-1d-hidden", 1),
        fx("backward-1d", 2),
        fx("backward-1d-theta-zero", 1),
        fx("check-1d", 3),
        fx("check-1d-large-x-hidden", 2),
        pr("check-1d-near-zero", 1),
        fx("forward-n", 3),
        fx("forward-n-hidden", 1),
        fx("backward-n", 4),
        fx("backward-n-hidden", 2),
        pr("backward-n-matches-reference", 1),
        fx("check-n-planted-bugs", 2),
        fx("check-n-fixed", 2),
        fx("check-n-hidden", 1),
        pr("check-n-separates", 2),
      ],
    },
    {
      id: "Q3",
      title: { en: "Optimization", zh: "优化算法" },
      assignment: "optimization",
      file: "optimization.ts",
      points: 40,
      tests: [
        fx("gd-notebook", 3),
        fx("gd-3-layer-hidden", 1),
        pr("gd-step", 0.5),
        fx("mini-batches-notebook", 3),
        fx("mini-batches-small-2021", 2),
        fx("mini-batches-short-last-hidden", 2),
        fx("mini-batches-divisible-hidden", 1),
        fx("mini-batches-one-short-batch-hidden", 1),
        pr("mini-batches-partition", 1.5),
        fx("velocity-notebook", 1),
        fx("velocity-3-layer-hidden", 1),
        fx("momentum-notebook", 3),
        fx("momentum-nonzero-velocity-hidden", 1),
        pr("momentum-beta-zero-is-gd", 0.5),
        fx("adam-init-notebook", 1),
        fx("adam-init-3-layer-hidden", 1),
        fx("adam-2017-notebook", 3),
        fx("adam-2021-large-epsilon", 3),
        fx("adam-nonzero-state-hidden", 1),
        fx("adam-first-step-defaults-hidden", 1),
        pr("adam-bias-correction-t1", 1.5),
        fx("update-lr-notebook", 1),
        fx("update-lr-test-2021", 1),
        fx("update-lr-hidden", 0.5),
        fx("schedule-lr-cell-epoch-10", 0.5),
        fx("schedule-lr-cell-epoch-100", 0.5),
        fx("schedule-lr-test-epoch-100", 0.5),
        fx("schedule-lr-test-epoch-10", 0.5),
        fx("schedule-lr-test-epoch-1000", 0.5),
        fx("schedule-lr-test-rate-025-epoch-100", 0.5),
        fx("schedule-lr-default-interval-hidden", 0.5),
        fx("schedule-lr-between-steps-hidden", 0.5),
        pr("lr-decay-formulas", 0.5),
      ],
    },
  ],
};
