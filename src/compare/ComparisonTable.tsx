import type { ReactNode } from "react";
import { OUTCOME_TEXT, type Outcome } from "../engine";
import { METRICS_WINDOW_MS } from "../store";
import { selectCompareResults, selectCompareSides, useCompare } from "./context";
import { availability, type SideResults } from "./tally";

const COUNT = new Intl.NumberFormat("en-US");
const WINDOW_S = METRICS_WINDOW_MS / 1000;

/** A share as a percentage, with a decimal only where it matters (100%, 99.4%, 0%). */
export function percent(share: number | undefined): string {
  if (share === undefined) return "–";
  const p = share * 100;
  return p === 100 || p === 0 ? `${p}%` : `${p.toFixed(1)}%`;
}

/** A page time for the back of the room: 140 ms, 2.4 s, 61 s. */
export function pageTime(ms: number | undefined): string {
  if (ms === undefined) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * The outcome that failed most often: short ("504", "ERR_CONNECTION_REFUSED") so the row keeps
 * one line, and in full ("504 Gateway Time-out") for its tooltip.
 */
function mainFailure(r: SideResults): { short: string; full: string } | undefined {
  let best: [Outcome, number] | undefined;
  for (const [o, n] of Object.entries(r.byOutcome) as [Outcome, number][])
    if (n > 0 && (!best || n > best[1])) best = [o, n];
  if (!best) return undefined;
  const full = OUTCOME_TEXT[best[0]];
  return { short: full.split(" ")[0] ?? full, full };
}

/**
 * The two sides' figures beside each other, updated live: availability since the start, the
 * error rate and the 95th-percentile page time over the last 5 s, failed visits, and the
 * requests in flight. A table, so a screen reader reads each figure with its side and row.
 */
export function ComparisonTable() {
  const sides = useCompare(selectCompareSides);
  const results = useCompare(selectCompareResults);
  const rows: { name: string; detail: string; cell: (r: SideResults) => ReactNode }[] = [
    {
      name: "Availability",
      detail: "2xx/3xx, since the start",
      cell: (r) => percent(availability(r)),
    },
    {
      name: "Error rate",
      detail: `last ${WINDOW_S} s`,
      cell: (r) => (r.window.finished === 0 ? "–" : percent(r.window.errorRate)),
    },
    {
      name: "p95 latency",
      detail: `last ${WINDOW_S} s`,
      cell: (r) => pageTime(r.window.p95),
    },
    {
      name: "Failed visits",
      detail: "since the start",
      cell: (r) => {
        const main = mainFailure(r);
        return (
          <>
            {COUNT.format(r.failed)} of {COUNT.format(r.finished)}
            {main ? (
              <span className="comparison-detail" title={main.full}>
                {" "}
                · mostly {main.short}
              </span>
            ) : null}
          </>
        );
      },
    },
    {
      name: "In flight",
      detail: "requests, now",
      cell: (r) => COUNT.format(r.requestsInFlight),
    },
  ];
  return (
    <section className="comparison" aria-labelledby="comparison-title">
      <table className="comparison-table">
        <caption id="comparison-title">Side by side</caption>
        <thead>
          <tr>
            <td />
            {sides.map((side) => (
              <th key={side.label} scope="col" title={side.description}>
                {side.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                {row.name} <span className="comparison-detail">{row.detail}</span>
              </th>
              {results.map((r, i) => (
                <td key={sides[i]?.label} className="mono">
                  {row.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
