/** The dashboard's words per language: zh must offer every word en does (a missing one is a type error). */
import { dashboard as en } from "../../../i18n/en/dashboard.ts";
import { dashboard as zh } from "../../../i18n/zh/dashboard.ts";
import type { Lang } from "../../splice/markers.ts";

export type DashboardWords = typeof en;
const WORDS: Record<Lang, DashboardWords> = { en, zh };
export const dashboardWords = (lang: Lang): DashboardWords => WORDS[lang];
