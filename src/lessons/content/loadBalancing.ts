import { CHALLENGES } from "../challenges";
import type { Lesson } from "../types";

const visit = (at: number) =>
  ({ at, act: { op: "visit", host: "www.foobar.com", path: "/" } }) as const;

/** A load balancer in front of two web servers: the visits shared, a dead server steered around. */
export const loadBalancing: Lesson = {
  id: "load-balancing",
  title: "A load balancer and two web servers",
  summary:
    "A load balancer shares the visitors between redundant web servers and stops sending them to one that dies, after a few seconds of health checks.",
  questions: [
    "What does a load balancer do?",
    "Why have two web servers (redundancy)?",
    "What happens to the visitors when one web server dies?",
  ],
  steps: [
    {
      kind: "show",
      id: "the-design",
      title: "The load-balanced design",
      text: "DNS still says www.foobar.com is 8.8.8.8, but 8.8.8.8 is now a load balancer: HAProxy. Behind it are two web servers, web1 and web2, each a machine with Nginx and the application server running the same code. Browsers only ever talk to HAProxy.",
      setup: { scene: "distributed" },
    },
    {
      kind: "predict",
      id: "round-robin",
      title: "Who gets the next request?",
      text: "HAProxy uses round robin: each new request goes to the next server in turn. Your browser asks for the page, which HAProxy sends to web1, then for the page's stylesheet, /style.css.",
      setup: { scene: "distributed" },
      acts: [visit(0)],
      prompt: "Click the web server that gets /style.css.",
      question: {
        type: "component",
        candidates: ["haproxy", "web1", "web2"],
        answer: ["web2"],
        right:
          "Right: the page went to web1, so the next request, /style.css, went to web2, and /logo.png back to web1. Each server takes half of the requests.",
        otherwise: "Round robin takes turns: the page went to web1, so /style.css went to web2.",
        wrong: {
          haproxy:
            "HAProxy serves nothing itself: it passes every request to a web server and relays the answer. /style.css went to web2.",
          web1: "web1 had the page; round robin gives the next request to the next server: web2.",
        },
      },
      watchMs: 480,
      explanation:
        "A load balancer spreads the requests over several servers that can each do the whole job: twice the capacity, and no single web server the site depends on. HAProxy 3.4 with balance roundrobin takes them in turn; others pick the server with the fewest connections (leastconn).",
      facts: [
        {
          kind: "trace",
          step: "http.request",
          from: "haproxy",
          to: "web1-nginx",
          includes: "GET / ",
        },
        {
          kind: "trace",
          step: "http.request",
          from: "haproxy",
          to: "web2-nginx",
          includes: "GET /style.css",
        },
        {
          kind: "trace",
          step: "http.request",
          from: "haproxy",
          to: "web1-nginx",
          includes: "GET /logo.png",
        },
        { kind: "trace", step: "http.request", to: "haproxy", from: "browser" },
      ],
    },
    {
      kind: "predict",
      id: "one-server-off",
      title: "One web server is off",
      text: "web1's machine is switched off. HAProxy checks each server every 2 seconds; web1 fails its checks. Here the database runs on a server of its own, so web1 takes no data with it. A visitor opens the home page.",
      setup: { scene: "server-failover", kill: ["web1"], rps: 0 },
      acts: [visit(4_000)],
      prompt: "Is www.foobar.com down?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Yes: half of the site is gone",
            reveal:
              "Each web server runs the whole site, not half of it: web2 alone served the page, the stylesheet and the logo.",
          },
          {
            id: "b",
            text: "No: HAProxy sends every request to web2",
            reveal:
              "Right: HAProxy had marked web1 DOWN after its failed check, and sent every request to web2. The visitor saw nothing wrong.",
          },
          {
            id: "c",
            text: "Every other request fails",
            reveal:
              "That would be true if HAProxy kept sending requests to web1. It checks its servers and stops using one that fails.",
          },
        ],
      },
      watchMs: 5_000,
      explanation:
        "Redundancy: two servers that can each do the whole job, so that one can fail. The load balancer finds out which are alive with health checks and sends visitors only to those.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "health", component: "web1", state: "down" },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "DOWN" },
        { kind: "trace", step: "http.request", from: "haproxy", to: "web2-nginx" },
        { kind: "trace", step: "http.request", to: "web1-nginx", absent: true },
      ],
    },
    {
      kind: "predict",
      id: "how-long-to-notice",
      title: "How soon does HAProxy notice?",
      text: "Now web1's machine dies while it serves: 10 seconds in, switched off. HAProxy checks it every 2 seconds by opening a connection, waits up to 2 seconds for an answer, and marks it DOWN after 3 failed checks in a row.",
      setup: { scene: "server-failover" },
      prompt: "How long after web1 dies does HAProxy mark it DOWN?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "At once",
            reveal:
              "A machine that is off sends no message: HAProxy only learns it from checks that get no answer, each after a 2-second wait.",
          },
          {
            id: "b",
            text: "About 10 seconds",
            reveal:
              "Right: three checks, each waiting out its 2-second timeout, 2 seconds apart: web1 was marked DOWN about 10 seconds after it died.",
          },
          {
            id: "c",
            text: "About a minute",
            reveal:
              "Less: checks every 2 seconds, 3 failures in a row, about 10 seconds. Checks more often would be quicker, but cost more.",
          },
          {
            id: "d",
            text: "Never, until someone restarts web1",
            reveal:
              "HAProxy keeps checking every server: three failures marked web1 DOWN, and two good checks would bring it back UP.",
          },
        ],
      },
      watchMs: 22_000,
      explanation:
        "A health check is a small test the load balancer runs against each server, again and again: here a TCP connection to port 80 every 2 s (check inter 2s fall 3 rise 2). A dead machine fails it only by silence, so it takes about 10 s to be marked DOWN; a stopped program, which refuses at once, takes 4 to 6 s.",
      facts: [
        {
          kind: "trace",
          step: "lb.check",
          component: "haproxy",
          includes: "web1 is DOWN",
          fromMs: 18_000,
          toMs: 21_000,
        },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "DOWN" },
      ],
    },
    {
      kind: "predict",
      id: "dies-under-traffic",
      title: "The visitors meanwhile",
      text: "Twenty visitors a second. web1 dies 10 seconds in, and for about 10 seconds HAProxy still sends it every other request. HAProxy tries to connect to web1 for 5 seconds, then three more times, before it gives up on a request.",
      setup: { scene: "server-failover", speed: "10" },
      prompt: "What do the visitors see?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Nothing: the other server takes over at once",
            reveal:
              "Not at once: the requests sent to web1 before it was marked DOWN waited for it, and failed.",
          },
          {
            id: "b",
            text: "Those sent to web1 wait about 20 s, then get an error; after that, all is well",
            reveal:
              "Right: each request sent to web1 got HAProxy's 503 Service Unavailable after about 20 s of tries. Once web1 was DOWN, web2 served every visit.",
          },
          {
            id: "c",
            text: "Every visit fails until web1 is repaired",
            reveal:
              "web2 carried every visit once web1 was marked DOWN: after the last 503, nothing failed.",
          },
          {
            id: "d",
            text: "Every other visit fails from then on",
            reveal:
              "Only while HAProxy still believed web1 was UP. Its checks caught it, and then every visit went to web2.",
          },
        ],
      },
      watchMs: 60_000,
      explanation:
        "Failover is not free: until the checks catch the dead server, the requests sent to it fail (503 Service Unavailable, about 20 s later). Then the survivor carries everything, so it must be big enough to. A balancer could retry elsewhere (option redispatch); this one does not.",
      facts: [
        { kind: "failed", toMs: 10_000, max: 0 },
        { kind: "failed", fromMs: 10_000, outcome: "http_503", min: 50 },
        { kind: "failed", fromMs: 45_000, max: 0 },
        { kind: "loaded", fromMs: 45_000, min: 200 },
        { kind: "health", component: "web1", state: "down" },
      ],
    },
    // The challenge: the student builds it, the engine checks it.
    CHALLENGES["survive-web-server-loss"],
  ],
};
