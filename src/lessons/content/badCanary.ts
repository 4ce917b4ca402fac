import type { Lesson } from "../types";

const opening = { at: 0, act: { op: "opening" } } as const;

/** A broken release meets a canary: a few visitors see it, the rollout stops, a rollback. */
export const badCanary: Lesson = {
  id: "bad-canary",
  title: "A bad release and a canary",
  summary:
    "A canary sends a new version a small share of the visitors first: when the version is broken, few see it and the deploy stops before it reaches everyone.",
  questions: [
    "What is a canary deploy?",
    "How do you keep a broken release from reaching every visitor?",
  ],
  steps: [
    {
      kind: "predict",
      id: "canary-share",
      title: "A broken v2, to a few",
      text: "v2 has a bug: every page its code makes is an error. A canary deploy puts it on web1 only, then HAProxy gives web1 a weight of 10 and web2 90: web1 gets about 10% of the requests, for 30 seconds, while the errors are counted. HAProxy checks with TCP here.",
      setup: { scene: "bad-canary" },
      prompt: "While the canary runs, what share of the visits fail?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "None: the health checks catch it first",
            reveal:
              "The TCP check only sees Nginx accept a connection, and Nginx runs fine: web1 passed its checks and got its share of visitors.",
          },
          {
            id: "b",
            text: "About 1 in 10",
            reveal:
              "Right: the pages that went to web1 failed with 500 Internal Server Error, about one visit in ten; the other nine in ten, on web2 with v1, loaded.",
          },
          {
            id: "c",
            text: "About half",
            reveal:
              "Half would be plain round robin. The canary's weight of 10 against 90 sends web1 about one request in ten.",
          },
          {
            id: "d",
            text: "All of them",
            reveal: "Only web1 had v2: the nine visits in ten that went to web2 got v1 and loaded.",
          },
        ],
      },
      watchMs: 35_000,
      explanation:
        "A canary (after the birds miners carried to detect gas) is a small share of real visitors sent to the new version first. If it is broken, only they see it: here about one visit in ten, instead of every one.",
      facts: [
        { kind: "failed", toMs: 14_000, max: 0 },
        { kind: "failed", fromMs: 14_000, outcome: "http_500", min: 20, max: 60 },
        { kind: "loaded", fromMs: 14_000, min: 300 },
        { kind: "version", component: "web1-app", version: "v2" },
        { kind: "version", component: "web2-app", version: "v1" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP", check: "L4OK" },
      ],
    },
    {
      kind: "predict",
      id: "canary-verdict",
      title: "The verdict",
      text: "The canary has run for 30 seconds: web1 failed far more than 1% of its requests, the limit set for this deploy.",
      setup: { scene: "bad-canary", speed: "10" },
      prompt: "What does the deploy do?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Carries on to web2: every server must get v2",
            reveal:
              "That would spread the bug to everyone. The deploy judged the canary and stopped: web2 still runs v1.",
          },
          {
            id: "b",
            text: "Stops: web1 is drained and v2 goes no further",
            reveal:
              "Right: too many errors, so the rollout stopped by itself, drained web1 and left web2 on v1. After that, no visit failed.",
          },
          {
            id: "c",
            text: "Keeps sending 10% to v2 until someone notices",
            reveal:
              "It did notice, by itself: the canary's error rate was measured, and the deploy stopped and drained web1.",
          },
        ],
      },
      watchMs: 60_000,
      explanation:
        "A canary is only useful with a verdict: measure the new version's errors (and its speed) against a limit, and stop the rollout automatically when it fails. Here the stop came 30 s after the canary started.",
      facts: [
        { kind: "deploy", phase: "stopped" },
        { kind: "version", component: "web2-app", version: "v1" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "DRAIN" },
        { kind: "failed", fromMs: 45_000, max: 0 },
        { kind: "loaded", fromMs: 45_000, min: 200 },
      ],
    },
    {
      kind: "predict",
      id: "who-throws",
      title: "Where the errors come from",
      text: "During the canary, some pages come back as 500 Internal Server Error.",
      setup: { scene: "bad-canary" },
      prompt: "Click the program that produces the errors.",
      question: {
        type: "component",
        candidates: ["web1-nginx", "web1-app", "web2-app", "web1-mysql"],
        answer: ["web1-app"],
        right:
          "Right: web1's application server runs v2, whose code fails on every page it makes; Nginx and HAProxy only pass the 500 on.",
        otherwise: "The bug is in v2's code, which only web1's application server runs.",
        wrong: {
          "web1-nginx":
            "Nginx passes the application's 500 on, and serves the static files fine: the bug is in the code.",
          "web2-app": "web2 still runs v1, which works: its pages all loaded.",
          "web1-mysql": "The database is fine: v2's code fails before it even gets its data.",
        },
      },
      watchMs: 20_000,
      explanation:
        "A bad release is a code problem: the machines and programs are healthy, which is why a check that only looks at them misses it. Only running the code, on real requests or on a check page, shows it.",
      facts: [
        { kind: "failed", outcome: "http_500", min: 5 },
        { kind: "version", component: "web1-app", version: "v2" },
        { kind: "version", component: "web2-app", version: "v1" },
        { kind: "health", component: "web1-nginx", state: "up" },
        { kind: "health", component: "web1-mysql", state: "up" },
      ],
    },
    {
      kind: "predict",
      id: "http-check-catches-it",
      title: "A check that runs the code",
      text: "The same broken v2, deployed rolling on servers that HAProxy checks over HTTP: GET /health, a page the code makes. web1 is drained, gets v2, and must pass two checks to come back.",
      setup: { scene: "rolling-deploy" },
      acts: [
        { at: 0, act: { op: "deploy", options: { strategy: "rolling", release: "bad-500" } } },
      ],
      prompt: "How many visitors see an error?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "None",
            reveal:
              "Right: /health answered 500 too, so web1 failed its checks and never came back into service. The rollout stopped with web2 on v1, and no visitor saw v2.",
          },
          {
            id: "b",
            text: "About 1 in 10, as with the canary",
            reveal:
              "The canary let web1 in because its TCP check passed. This check runs the code: web1 never got a single visitor.",
          },
          {
            id: "c",
            text: "Half of them, until someone notices",
            reveal:
              "The deploy waits for web1's checks to pass before it goes on: they never did, so it stopped by itself.",
          },
        ],
      },
      watchMs: 20_000,
      explanation:
        "A health check that runs the code catches a release that fails on every page before any visitor sees it. A canary is still worth having: it catches what a check page does not, bugs that only some real requests hit, or a version that is just slower.",
      facts: [
        { kind: "failed", max: 0 },
        { kind: "deploy", phase: "stopped" },
        { kind: "version", component: "web1-app", version: "v2" },
        { kind: "version", component: "web2-app", version: "v1" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "DOWN", check: "L7STS" },
      ],
    },
    {
      kind: "predict",
      id: "all-at-once",
      title: "Without a canary",
      text: "Back to the TCP-checked servers. This time the same broken v2 goes to both web servers at once, with no canary.",
      setup: { scene: "bad-canary" },
      acts: [
        { at: 0, act: { op: "deploy", options: { strategy: "all-at-once", release: "bad-500" } } },
      ],
      prompt: "Once v2 runs, what share of the visits fail?",
      question: {
        type: "choice",
        answer: "c",
        choices: [
          {
            id: "a",
            text: "About 1 in 10",
            reveal: "That was the canary's share. Now every server runs v2: every page fails.",
          },
          {
            id: "b",
            text: "Half of them",
            reveal: "Both servers run v2 now, so both make errors: every page fails.",
          },
          {
            id: "c",
            text: "Every one",
            reveal:
              "Right: once v2 ran, not one page loaded. The TCP checks kept both servers UP, so HAProxy had nowhere better to send anyone.",
          },
        ],
      },
      watchMs: 16_000,
      explanation:
        "All at once, a broken release reaches everyone, and only a person noticing and rolling back ends it. That is why teams deploy gradually, watch the errors, and roll back automatically.",
      facts: [
        { kind: "loaded", fromMs: 12_000, max: 0 },
        { kind: "failed", fromMs: 12_000, outcome: "http_500", min: 50 },
        { kind: "version", component: "web1-app", version: "v2" },
        { kind: "version", component: "web2-app", version: "v2" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP" },
      ],
    },
    {
      kind: "predict",
      id: "roll-back",
      title: "Roll back",
      text: "After the canary stopped, web1 still has the broken v2, drained. At 46 seconds someone presses Roll back.",
      setup: { scene: "bad-canary", speed: "10" },
      acts: [opening, { at: 46_000, act: { op: "rollback", mode: "restart" } }],
      prompt: "What does the rollback do?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "Puts v1 back on web1, the same careful way, and web1 serves again",
            reveal:
              "Right: web1 was deployed with v1 like any release, checked, and put back in service. Both servers run v1; nothing failed meanwhile.",
          },
          {
            id: "b",
            text: "Restarts every server at once",
            reveal:
              "Only web1 had v2: the rollback put v1 back there, without touching web2 or failing a visit.",
          },
          {
            id: "c",
            text: "Nothing: v2 stays on web1 until it is fixed",
            reveal:
              "A rollback is a deploy of the previous version: web1 got v1 back and returned to service.",
          },
        ],
      },
      watchMs: 65_000,
      explanation:
        "A rollback is a deploy of the last good version. Keep it easy and rehearsed: when a release goes wrong, going back is the fastest fix, and finding the bug can wait.",
      facts: [
        { kind: "version", component: "web1-app", version: "v1" },
        { kind: "version", component: "web2-app", version: "v1" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP" },
        { kind: "deploy", phase: "done" },
        { kind: "failed", fromMs: 45_000, max: 0 },
      ],
    },
  ],
};
