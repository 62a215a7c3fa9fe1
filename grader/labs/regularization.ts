/**
 * The Regularization assignment as its own lab (100 points): L2 and dropout.
 */
import type { z } from "zod";
import type { LabSchema } from "./lab.ts";

type LabInput = z.input<typeof LabSchema>;
const fx = (id: string, points: number) => ({ kind: "fixture" as const, id, points });
const pr = (id: string, points: number) => ({ kind: "property" as const, id, points });

export const regularization: LabInput = {
  id: "regularization",
  title: { en: "Improving Deep Neural Networks: Regularization", zh: "改善深层神经网络：正则化" },
  deadline: "2026-12-21T23:59:00+08:00",
  latePolicy: { kind: "per-day", graceMinutes: 15, percentPerDay: 10, maxPercent: 50 },
  questions: [
    {
      id: "Q1",
      title: { en: "L2 regularization", zh: "L2 正则化" },
      assignment: "regularization",
      file: "regularization.ts",
      points: 50,
      tests: [
        fx("cost-l2-notebook", 12),
        fx("cost-l2-hidden", 8),
        pr("l2-cost-adds-penalty", 8),
        fx("backward-l2-notebook", 10),
        fx("backward-l2-hidden", 7),
        pr("l2-backward-matches-reference", 5),
      ],
    },
    {
      id: "Q2",
      title: { en: "Dropout", zh: "Dropout（随机失活）" },
      assignment: "regularization",
      file: "regularization.ts",
      points: 50,
      tests: [
        fx("forward-dropout-notebook", 12),
        fx("forward-dropout-hidden", 8),
        pr("dropout-mask", 8),
        fx("backward-dropout-notebook", 10),
        fx("backward-dropout-hidden", 7),
        pr("dropout-backward-matches-reference", 5),
      ],
    },
  ],
};
