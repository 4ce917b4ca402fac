import type { ChallengeStep } from "./types";

/** The challenges whose goals are checked by running the engine (./goals), as steps. */
export type ChallengeId = "survive-web-server-loss" | "deploy-without-errors" | "surge-p95-cheap";

/**
 * Each challenge as a step, ready to be put in a lesson: its id is its goal's. Each starts from a
 * scene of src/scenes/challengeScenes.ts where the goal is not met (tests/lessons/goals.test.ts
 * checks that, and that the known solution meets it).
 */
export const CHALLENGES: Record<ChallengeId, ChallengeStep> = {
  "survive-web-server-loss": {
    kind: "challenge",
    id: "survive-web-server-loss",
    goal: "survive-web-server-loss",
    title: "Survive a lost server",
    setup: { scene: "single-web-server" },
    panel: "scaling",
    text: "The site runs on one web server, web1, behind HAProxy. If its machine dies, nothing is left to serve the pages. Change the design so that the site survives the loss of any one web server. Check copies what you built, sends 20 visits a second, kills each web server's machine in turn, and counts the visits that fail once HAProxy has noticed (within 12 s).",
    hint: "HAProxy can only send visits to a server that exists. The scaling panel beside the goal adds servers: what would a second web server change? A new one takes about a minute to boot and join.",
    explanation:
      "With two web servers, HAProxy's health checks (every 2 s; three failures in a row mark a server DOWN) notice a dead machine within 10 to 12 s and send every visit to the other one. The visits already sent to the dead one end in 503 after about 20 s: redundancy shortens an outage to the time the checks take, it does not remove it. MySQL runs on a server of its own here, so losing a web server loses no data. This is N+1: enough servers that losing any one still leaves enough for the traffic.",
  },
  "deploy-without-errors": {
    kind: "challenge",
    id: "deploy-without-errors",
    goal: "deploy-without-errors",
    title: "Deploy without errors",
    setup: { scene: "deploy-at-100" },
    panel: "deploy",
    text: "A hundred visits a second reach two web servers, and the deploy control is set to All at once. Deploy v2 without a single failed visit: choose how the deploy reaches the servers and how it puts the code in service. Check deploys your way on a copy of your setup at 100 visits a second, and counts the visits that fail until it has ended.",
    hint: "All at once restarts PHP-FPM and Nginx on both servers together: for a few seconds no one answers. What if HAProxy stopped sending visits to a server before it restarted?",
    explanation:
      "A rolling deploy drains one server in HAProxy (no new visits; those under way finish), deploys and restarts it, waits for two good health checks, puts it back, then does the next. The other server carries all the traffic meanwhile, so it must have room: here one server serves a little over a hundred pages a second, enough for 100 (at 140 pages get slow). A canary deploy works too, and so does blue-green where an idle set of servers exists. A graceful reload with a process_control_timeout long enough for busy workers to finish avoids the errors even all at once.",
  },
  "surge-p95-cheap": {
    kind: "challenge",
    id: "surge-p95-cheap",
    goal: "surge-p95-cheap",
    title: "A surge on a budget",
    setup: { scene: "surge-on-budget" },
    panel: "scaling",
    text: "After 70 s of calm the traffic jumps from 35 to 350 visits a second for 20 s; two web servers cannot keep up. Hold the surge with the 95th percentile of page times (p95) under 1 s, at the lowest cost: every server running or booting costs server-seconds. Check plays the same surge on a copy of what you set up in the scaling panel, and measures both.",
    hint: "How long does the autoscaler take to bring a new server into service, and how long does the surge last? A server that arrives after it only costs. Each web server serves about 143 pages a second: how many do 350 visits a second need?",
    explanation:
      "The autoscaler decides every 10 s on the last 30 s of CPU, and a new server boots for 60 s and passes two health checks: about 75 s, longer than this surge. Only servers already in service hold it: three (about 430 pages a second) do, two (about 286) do not, and each one more costs 30 server-seconds during the surge. Keep autoscaling's minimum at three, or turn it off, or it removes the spare server in the calm. Autoscaling follows slow changes of load; a short peak you know of needs servers running before it (scheduled scaling).",
  },
};
