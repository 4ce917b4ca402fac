import { CHALLENGES } from "../challenges";
import type { Lesson } from "../types";

/** More servers for more visitors: by hand, the database next, read replicas, an autoscaler. */
export const scalingOut: Lesson = {
  id: "scaling-out",
  title: "Scaling out, and autoscaling",
  summary:
    "More visitors need more servers: added by hand or by an autoscaler, they take a minute to boot, and then the shared database becomes the next bottleneck.",
  questions: [
    "How do you handle too much traffic?",
    "What are scaling out, read replicas and autoscaling?",
  ],
  steps: [
    {
      kind: "predict",
      id: "too-much",
      title: "More visitors than servers",
      text: "HAProxy in front of two web servers, and a database server of its own. 350 visitors a second; each web server can make about 143 pages a second, about 286 for the two.",
      setup: { scene: "scale-out" },
      prompt: "What happens over the first minute?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Nothing: the load balancer shares the work",
            reveal:
              "Sharing does not make more work possible: two servers make about 286 pages a second, and 350 come.",
          },
          {
            id: "b",
            text: "Pages get slower and slower, then many fail",
            reveal:
              "Right: the queues grew for 20 seconds, with slower and slower pages, then the errors began (500, 502 and 503 pages), soon about one visit in five.",
          },
          {
            id: "c",
            text: "Every visit fails at once",
            reveal:
              "Not at once: for 20 seconds every page still loaded, slower and slower, while the queues filled up.",
          },
        ],
      },
      watchMs: 60_000,
      explanation:
        "The servers behind a load balancer have a capacity, like one server had: beyond it, the same queue, the same slowdown, the same errors. The difference is that you can add servers.",
      facts: [
        { kind: "failed", toMs: 15_000, max: 0 },
        { kind: "failed", fromMs: 30_000, min: 1_500 },
        { kind: "loaded", fromMs: 30_000, min: 6_000, max: 10_000 },
        { kind: "loaded", min: 5_000 },
        { kind: "servers", min: 2, max: 2 },
      ],
    },
    {
      kind: "predict",
      id: "add-a-server",
      title: "Add a web server",
      text: "The same 350 visitors a second, but you add a third web server at once. A new machine must boot and start Nginx and the application server (about 60 s), then pass two of HAProxy's health checks before it gets any visitor.",
      setup: { scene: "scale-out" },
      acts: [{ at: 0, act: { op: "addServer" } }],
      prompt: "When do the errors stop?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "At once: there are three servers now",
            reveal:
              "A server that is still booting serves nobody: for a minute there were only two, and the errors came as before.",
          },
          {
            id: "b",
            text: "After about a minute, once web3 is in service",
            reveal:
              "Right: web3 booted for 60 s, passed two checks, and from then on three servers made the pages: the errors stopped and the queues drained.",
          },
          {
            id: "c",
            text: "Never: the queues are too long by then",
            reveal:
              "Three servers make about 429 pages a second, more than the 350 that come: the queues drained and the errors stopped.",
          },
        ],
      },
      watchMs: 120_000,
      explanation:
        "Scaling out (horizontal scaling) adds servers behind the load balancer; scaling up (vertical) gives one server more cores. Out has no ceiling but the database's, and servers can be added without stopping any; but a new server takes time to be ready, so add it before you need it.",
      facts: [
        { kind: "failed", fromMs: 20_000, toMs: 64_000, min: 100 },
        { kind: "failed", fromMs: 70_000, max: 0 },
        { kind: "servers", min: 3, max: 3 },
        { kind: "lb-server", haproxy: "haproxy", server: "web3", status: "UP" },
      ],
    },
    {
      kind: "predict",
      id: "next-bottleneck",
      title: "Ten servers are not enough",
      text: "Ten web servers, 900 visitors a second: together they could make about 1,400 pages a second. Yet about one visit in four fails with 500 Internal Server Error, as yours does at 5 seconds.",
      setup: { scene: "db-bottleneck", speed: "1" },
      acts: [{ at: 5_000, act: { op: "visit", host: "www.foobar.com", path: "/" } }],
      prompt: "Click the machine that limits the site now.",
      question: {
        type: "component",
        candidates: ["lb", "web1", "web2", "db"],
        answer: ["db"],
        right:
          "Right: every page's query goes to the one database server. Its two cores were full and queries waited, until MySQL hit its 151 connections and refused more (ERROR 1040: Too many connections).",
        otherwise:
          "The web servers were barely busy: every page waits for the one database server, whose two cores are full.",
        wrong: {
          lb: "HAProxy passes requests on and does little work per request: it kept up. The 500s come from the code, which could not get its data.",
        },
      },
      watchMs: 10_000,
      explanation:
        "Every web server shares one database, so adding web servers only adds connections to it. A bottleneck moves: fix one (web servers) and the next shows (the database). A bigger database server helps; so does taking the reads off it.",
      facts: [
        { kind: "cpu", component: "db", busyMin: 2, waitingMin: 50 },
        { kind: "cpu", component: "web1", busyMax: 1 },
        { kind: "failed", outcome: "http_500", min: 1_000 },
        { kind: "visit", outcome: "http_500" },
        { kind: "trace", step: "sql.error", includes: "1040" },
      ],
    },
    {
      kind: "predict",
      id: "read-replicas",
      title: "Read replicas",
      text: "The same ten servers and 900 visitors a second, with two read replicas: copies of the database on machines of their own, kept up to date from the primary. Every page's SELECT now goes to a replica; only the comments, one visit in ten, go to the primary.",
      setup: { scene: "read-replicas", speed: "1" },
      prompt: "What happens now?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "Every visit loads",
            reveal:
              "Right: each replica answered about half of the reads, the primary only the writes, and nobody reached MySQL's connection limit. Not one visit failed.",
          },
          {
            id: "b",
            text: "The same errors: it is still one database",
            reveal:
              "Three machines share the work now: the reads, nine queries in ten, left the primary, which had room to spare.",
          },
          {
            id: "c",
            text: "Reads work but every write fails",
            reveal:
              "The writes still go to the primary, which is far less busy now: they work too.",
          },
        ],
      },
      watchMs: 10_000,
      explanation:
        "Most sites read far more than they write, so read replicas scale the database out for reads. The price: a replica is a few milliseconds behind (a comment just posted may not show yet), and the primary is still one machine for the writes.",
      facts: [
        { kind: "failed", max: 0 },
        { kind: "loaded", min: 5_000 },
        { kind: "cpu", component: "db", busyMax: 1 },
      ],
    },
    {
      kind: "predict",
      id: "autoscaling",
      title: "An autoscaler",
      text: "Two web servers, 100 visitors a second, and an autoscaler: every 10 seconds it reads the servers' average CPU and adds or removes servers to keep it near 60%, between 2 and 10 servers. 30 seconds in, the traffic jumps to five times as much, for three minutes.",
      setup: { scene: "autoscale-surge" },
      prompt: "What do the visitors see?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Nothing: the autoscaler reacts at once",
            reveal:
              "It reacted within 20 seconds (it judges the last 30 s of CPU), but each new server took a minute to boot and be checked: meanwhile two servers faced five times the traffic.",
          },
          {
            id: "b",
            text: "Errors for a minute or two, then every page loads",
            reveal:
              "Right: the surge hurt first, for about 90 seconds, while the new servers booted; once they were in service the errors stopped, with the traffic still high.",
          },
          {
            id: "c",
            text: "Errors until someone adds servers by hand",
            reveal:
              "The autoscaler added them by itself: four servers were in service, more were booting, and the errors had stopped.",
          },
        ],
      },
      watchMs: 150_000,
      explanation:
        "Autoscaling adds servers when a measure (here CPU) says they are needed and removes them slowly when it calms down: you pay for servers only while you need them. But new servers need time to boot, so a sudden surge still hurts first; keeping a margin (a lower target, a higher minimum) costs more and hurts less.",
      facts: [
        { kind: "failed", toMs: 30_000, max: 0 },
        { kind: "failed", fromMs: 30_000, toMs: 125_000, min: 1_000 },
        { kind: "failed", fromMs: 130_000, max: 0 },
        { kind: "servers", min: 4 },
        {
          kind: "trace",
          step: "scale.step",
          component: "haproxy",
          includes: "launching web3",
          fromMs: 30_000,
          toMs: 50_000,
        },
        {
          kind: "trace",
          step: "scale.step",
          component: "web3",
          includes: "in service",
          toMs: 115_000,
        },
      ],
    },
    // The challenge: the student builds it, the engine checks it.
    CHALLENGES["surge-p95-cheap"],
  ],
};
