import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startApp } from "./fixture";

const app = startApp();

/**
 * axe-core's browser bundle, as installed from npm. It goes into the page through
 * `page.evaluate` (the DevTools protocol), which the page's Content-Security-Policy does
 * not govern: the app runs under its real policy, with Trusted Types, while it is checked.
 */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

interface Finding {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** The page's serious and critical axe violations, each with the elements it found. */
async function seriousViolations(page: Page): Promise<Finding[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(" "),
          summary: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300),
        })),
      }));
  });
}

/** One line per element, so a failing run says what to fix. */
function listed(findings: Finding[]): string {
  return findings
    .flatMap((f) =>
      f.nodes.map((n) => `${f.impact} ${f.id} (${f.help}): ${n.target}: ${n.summary}`),
    )
    .join("\n");
}

/** Waits until `text` shows in the Browser view. */
function inView(page: Page, text: string): Promise<void> {
  return page
    .getByRole("region", { name: "Browser view" })
    .getByText(text, { exact: true })
    .first()
    .waitFor({ timeout: 15_000 });
}

/** A page state to check: the link it opens, and what to do there before axe runs. */
const STATES: {
  name: string;
  query: string;
  viewport?: { width: number; height: number };
  reach?: (page: Page) => Promise<void>;
}[] = [
  { name: "idle", query: "" },
  {
    name: "mid-visit at 0.1×",
    query: "?speed=0.1",
    reach: async (page) => {
      await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
      // DNS is done and the request is on its way: packets, busy nodes, log lines.
      await page
        .getByRole("log", { name: "Event log" })
        .getByText(/GET \/ HTTP\/1\.1/)
        .first()
        .waitFor();
    },
  },
  {
    name: "after a failed visit (mysql-down)",
    query: "?scene=mysql-down&speed=100&autoplay=1",
    reach: (page) => inView(page, "Error establishing a database connection"),
  },
  {
    name: "mid-surge",
    query: "?scene=surge&autoplay=1",
    reach: async (page) => {
      await page
        .getByRole("region", { name: "Traffic" })
        .getByText("Surging", { exact: false })
        .first()
        // The scene's calm phase (10 s at 60 visits/s) comes first.
        .waitFor({ timeout: 30_000 });
    },
  },
  {
    name: "panels closed",
    query: "",
    reach: (page) => page.getByRole("button", { name: /^Side panels/ }).click(),
  },
  {
    name: "details open (MySQL selected)",
    query: "",
    reach: async (page) => {
      await page
        .getByRole("button", { name: /^MySQL\b/ })
        .first()
        .click();
      await page.getByRole("button", { name: "Close details" }).waitFor();
    },
  },
  { name: "embed", query: "?embed=1" },
  {
    name: "projector 1024×768, mid-visit",
    query: "?speed=0.1",
    viewport: { width: 1024, height: 768 },
    reach: (page) => page.getByRole("button", { name: "Visit www.foobar.com" }).click(),
  },
  { name: "phone 390×844", query: "", viewport: { width: 390, height: 844 } },
  {
    name: "embed, mid-visit",
    query: "?embed=1&scene=mysql-down&speed=0.1&autoplay=1",
    reach: (page) => page.waitForTimeout(1_500),
  },
  {
    name: "present mode 1280×720, after a failed visit",
    query: "?present=1&scene=mysql-down&speed=1&autoplay=1",
    viewport: { width: 1280, height: 720 },
    reach: (page) =>
      page
        .getByRole("region", { name: "Outcome" })
        .getByText("500 Internal Server Error", { exact: true })
        .waitFor({ timeout: 30_000 }),
  },
];

describe("axe-core in Chromium: no serious or critical violation", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    for (const state of STATES) {
      it(`${state.name}, ${colorScheme} theme`, async () => {
        const { page } = await app.open(state.query, {
          colorScheme,
          ...(state.viewport ? { viewport: state.viewport } : {}),
        });
        await state.reach?.(page);
        const findings = await seriousViolations(page);
        await page.close();
        expect(listed(findings)).toBe("");
      });
    }
  }
});
