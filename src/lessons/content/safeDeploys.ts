import { CHALLENGES } from "../challenges";
import type { Lesson } from "../types";

const opening = { at: 0, act: { op: "opening" } } as const;
const visit = (at: number) =>
  ({ at, act: { op: "visit", host: "www.foobar.com", path: "/" } }) as const;

/** Deploys without downtime behind a load balancer: rolling, and blue-green. */
export const safeDeploys: Lesson = {
  id: "safe-deploys",
  title: "Rolling and blue-green deploys",
  summary:
    "With several servers behind a load balancer, a deploy can take them out of service one at a time (rolling), or switch to a second, idle set (blue-green): no visit fails.",
  questions: [
    "How do you deploy new code without downtime?",
    "What are a rolling deploy and a blue-green deploy?",
  ],
  steps: [
    {
      kind: "predict",
      id: "rolling",
      title: "A rolling deploy",
      text: "Twenty visitors a second, two web servers. A rolling deploy of v2 does one server at a time: HAProxy stops sending it new requests (drain), it gets v2 and restarts, it must pass two health checks, then it is back in service, and the next one goes.",
      setup: { scene: "rolling-deploy" },
      prompt: "How many visits fail during the whole deploy?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "None",
            reveal:
              "Right: whichever server was restarting had no visitors; the other one served them all. Not one visit failed, and both servers ended on v2.",
          },
          {
            id: "b",
            text: "A few seconds of errors, once for each server",
            reveal:
              "Each server restarted, but only after HAProxy had stopped sending it visitors: nobody was there to see an error.",
          },
          {
            id: "c",
            text: "Half of them, while one server is out",
            reveal:
              "HAProxy sends nobody to a server it drained: the other server took every visit, and none failed.",
          },
        ],
      },
      watchMs: 30_000,
      explanation:
        "A rolling deploy replaces the servers one by one, each taken out of the load balancer first (drained: no new requests, those under way finish) and put back once its health checks pass. No downtime, as long as the servers left can carry the traffic meanwhile.",
      facts: [
        { kind: "failed", max: 0 },
        { kind: "loaded", min: 500 },
        { kind: "deploy", phase: "done" },
        { kind: "version", component: "web1-app", version: "v2" },
        { kind: "version", component: "web2-app", version: "v2" },
      ],
    },
    {
      kind: "predict",
      id: "who-serves",
      title: "Who serves meanwhile?",
      text: "7 seconds into the rolling deploy, web1 is being deployed: it was drained first. A visitor opens the home page.",
      setup: { scene: "rolling-deploy" },
      acts: [opening, visit(7_000)],
      prompt: "Click the machine that makes her page.",
      question: {
        type: "component",
        candidates: ["lb", "web1", "web2"],
        answer: ["web2"],
        right: "Right: web1 is drained, so HAProxy sent her request to web2, which still runs v1.",
        otherwise: "web1 is drained: HAProxy sends every new request to web2.",
        wrong: {
          web1: "web1 is drained: HAProxy sends it nothing new while it restarts with v2. Her page came from web2.",
          lb: "The load balancer chose the server, but it makes no pages itself: web2 made hers.",
        },
      },
      watchMs: 8_000,
      explanation:
        "Draining is what makes a restart invisible: the load balancer stops sending a server new requests and lets those under way finish before the server goes down.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "version", version: "v1" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "DRAIN" },
        {
          kind: "trace",
          step: "http.request",
          from: "haproxy",
          to: "web2-nginx",
          includes: "GET / ",
          fromMs: 7_000,
        },
        { kind: "trace", step: "http.request", to: "web1-nginx", absent: true },
      ],
    },
    {
      kind: "predict",
      id: "two-versions",
      title: "Halfway through",
      text: "17 seconds in, web1 is back in service with v2, and web2 has been drained for its turn: it still runs v1. A visitor opens the home page.",
      setup: { scene: "rolling-deploy" },
      acts: [opening, visit(17_000)],
      prompt: "Which version makes her page?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "v1, until every server has v2",
            reveal:
              "A rolling deploy has no moment where everyone switches: web1 serves v2 as soon as it is back.",
          },
          {
            id: "b",
            text: "v2",
            reveal:
              "Right: web2 is drained, so her request went to web1, which runs v2. A few seconds earlier, visitors got v1: the site changes version under their feet.",
          },
          {
            id: "c",
            text: "Either, depending on the server she lands on",
            reveal:
              "It would be, with both servers in service; here web2 is drained, so she got v2 from web1. With more servers, visitors do get either version for a while.",
          },
        ],
      },
      watchMs: 18_000,
      explanation:
        "During a rolling deploy, old and new versions serve side by side: a visitor may get v2 and then v1 on the next page. The code must allow it (the same database for both, no change v1 cannot read).",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "version", version: "v2" },
        { kind: "version", component: "web2-app", version: "v1" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP" },
        { kind: "lb-server", haproxy: "haproxy", server: "web2", status: "DRAIN" },
      ],
    },
    {
      kind: "predict",
      id: "blue-green",
      title: "Blue-green",
      text: "Four web servers: web1 and web2 (blue) serve v1; web3 and web4 (green) wait idle. A blue-green deploy puts v2 on green while blue serves, checks green, then tells HAProxy to send every new request to green at once.",
      setup: { scene: "blue-green" },
      prompt: "After the switch, click a server that serves the visitors.",
      question: {
        type: "component",
        candidates: ["web1", "web2", "web3", "web4"],
        answer: ["web3", "web4"],
        right:
          "Right: green, web3 and web4, now take every new request with v2. Blue is in maintenance, idle, still with v1. No visit failed.",
        otherwise:
          "Blue (web1, web2) was switched off in HAProxy at once: green (web3, web4) serves now.",
      },
      watchMs: 16_000,
      explanation:
        "Blue-green keeps two full sets of servers: one serves, the other gets the new version and is checked before it takes any visitor, then the load balancer switches all at once. No mixed versions, but twice the servers, half of them idle most of the time.",
      facts: [
        { kind: "failed", max: 0 },
        { kind: "lb-server", haproxy: "haproxy", server: "web3", status: "UP" },
        { kind: "lb-server", haproxy: "haproxy", server: "web4", status: "UP" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "MAINT" },
        { kind: "lb-server", haproxy: "haproxy", server: "web2", status: "MAINT" },
        { kind: "version", component: "web3-app", version: "v2" },
        { kind: "version", component: "web1-app", version: "v1" },
      ],
    },
    {
      kind: "predict",
      id: "switch-back",
      title: "Something is wrong with v2",
      text: "Green serves v2. At 20 seconds someone finds a problem in v2 and presses Roll back. Blue still runs v1, idle.",
      setup: { scene: "blue-green" },
      acts: [opening, { at: 20_000, act: { op: "rollback", mode: "restart" } }, visit(20_500)],
      prompt: "How soon do visitors get v1 again?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "At once: HAProxy switches back to blue",
            reveal:
              "Right: blue was ready with v1, so the rollback was one switch in HAProxy. Half a second later a visitor got v1.",
          },
          {
            id: "b",
            text: "About 15 seconds: v1 must be deployed again",
            reveal:
              "That is the cost of rolling back a rolling deploy. With blue-green, v1 never left blue: one switch and it serves.",
          },
          {
            id: "c",
            text: "Not before green is fixed",
            reveal:
              "Blue still has v1 and passes its checks: HAProxy can send visitors back to it at once, and green can be fixed at leisure.",
          },
        ],
      },
      watchMs: 21_000,
      explanation:
        "Blue-green's gift is the rollback: the old version is still running, so going back is the same instant switch as going forward. The price is a second set of servers.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "version", version: "v1" },
        { kind: "failed", max: 0 },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP" },
        { kind: "lb-server", haproxy: "haproxy", server: "web3", status: "MAINT" },
        {
          kind: "trace",
          step: "deploy.step",
          component: "haproxy",
          includes: "switched: web1, web2 (v1)",
          fromMs: 19_999,
          toMs: 20_001,
        },
      ],
    },
    // The challenge: the student builds it, the engine checks it.
    CHALLENGES["deploy-without-errors"],
  ],
};
