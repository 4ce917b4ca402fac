import type { Lesson } from "../types";

/** What a health check asks decides what it sees: the TCP check trap, and the HTTP check. */
export const healthChecks: Lesson = {
  id: "health-checks",
  title: "Health checks and the TCP check trap",
  summary:
    "A load balancer only knows what its health check asks: a TCP check sees the web server answer and misses a dead application behind it; an HTTP check does not.",
  questions: [
    "What is a health check?",
    "Why can a load balancer keep sending visitors to a broken server?",
  ],
  steps: [
    {
      kind: "predict",
      id: "tcp-check-verdict",
      title: "A half-broken server",
      text: "web1's application server (PHP-FPM) has stopped; its Nginx still runs. HAProxy checks each server every 2 seconds by opening a TCP connection to its port 80: if the connection is accepted, the check passes.",
      setup: { scene: "tcp-check-trap" },
      prompt: "What does HAProxy decide about web1?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "DOWN, after three failed checks",
            reveal:
              "The checks did not fail: Nginx accepted every connection to port 80, and that is all a TCP check asks.",
          },
          {
            id: "b",
            text: "UP: its checks pass",
            reveal:
              "Right: Nginx accepted each check's connection (L4OK), so web1 stayed UP, although it cannot make a single page.",
          },
          {
            id: "c",
            text: "It stops checking web1",
            reveal:
              "HAProxy checks every server every 2 seconds, for ever; here each check passed.",
          },
        ],
      },
      watchMs: 10_000,
      explanation:
        "A TCP check (HAProxy's plain check) asks one thing: does something accept a connection on port 80? Nginx does, whatever happens behind it. The check is green while the site is broken on that server.",
      facts: [
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP", check: "L4OK" },
        { kind: "health", component: "web1-app", state: "down" },
        { kind: "health", component: "web1-nginx", state: "up" },
      ],
    },
    {
      kind: "predict",
      id: "what-visitors-get",
      title: "What the visitors get",
      text: "Twenty visitors a second. HAProxy believes web1 is UP, so round robin keeps sending it every other request.",
      setup: { scene: "tcp-check-trap" },
      prompt: "What do the visitors get?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Every page loads: web2 covers for web1",
            reveal:
              "web2 only gets its share: HAProxy sees no reason to send web1's share elsewhere.",
          },
          {
            id: "b",
            text: "About half of the pages fail with 502 Bad Gateway",
            reveal:
              "Right: the pages sent to web1 reached its Nginx, which found no application server and answered 502 Bad Gateway; HAProxy passed it on.",
          },
          {
            id: "c",
            text: "Every page fails",
            reveal: "web2 works: the requests it got loaded normally. About half failed.",
          },
        ],
      },
      watchMs: 15_000,
      explanation:
        "This is the trap: a load balancer only steers around the failures it can see. Nginx's 502 pages travel back through HAProxy to the visitors, and nothing changes until someone looks.",
      facts: [
        { kind: "failed", outcome: "http_502", min: 100 },
        { kind: "loaded", min: 100 },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP" },
      ],
    },
    {
      kind: "predict",
      id: "who-answers-the-check",
      title: "Who answers the check?",
      text: "Each check opens a connection to web1's port 80 and closes it again. No page is asked for.",
      setup: { scene: "tcp-check-trap" },
      prompt: "Click the program on web1 that answers HAProxy's check.",
      question: {
        type: "component",
        candidates: ["web1-nginx", "web1-app", "web1-mysql"],
        answer: ["web1-nginx"],
        right:
          "Right: Nginx listens on port 80 and accepted the connection. The check never went further than that.",
        otherwise: "The check only reaches port 80, where Nginx listens.",
        wrong: {
          "web1-app":
            "The application server is the part that is stopped, and the check never reaches it: it stops at Nginx, on port 80.",
          "web1-mysql": "A TCP check of port 80 never gets near the database: Nginx answered it.",
        },
      },
      watchMs: 6_000,
      explanation:
        "Only the part a check talks to is tested. To test the whole chain, the check must ask for something only the whole chain can answer.",
      facts: [
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "UP", check: "L4OK" },
        { kind: "health", component: "web1-nginx", state: "up" },
        { kind: "health", component: "web1-app", state: "down" },
      ],
    },
    {
      kind: "predict",
      id: "http-check",
      title: "Ask for a page instead",
      text: "5 seconds in, HAProxy switches to an HTTP check: option httpchk GET /health. Each check now asks for /health, a small page the code itself answers; only a 2xx or 3xx answer passes.",
      setup: { scene: "tcp-check-trap" },
      acts: [{ at: 5_000, act: { op: "command", id: "haproxy", name: "check", argument: "http" } }],
      prompt: "What happens to the 502s?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Nothing changes",
            reveal:
              "Now the check reaches the code: Nginx answered it with 502, the check failed, and web1 was marked DOWN.",
          },
          {
            id: "b",
            text: "They stop within a few seconds: web1 is marked DOWN",
            reveal:
              "Right: three checks got 502 Bad Gateway (L7STS), HAProxy marked web1 DOWN about 5 seconds after the switch, and the 502s stopped.",
          },
          {
            id: "c",
            text: "They stop at once",
            reveal:
              "Not at once: HAProxy waits for 3 failed checks in a row, 2 seconds apart, before it marks a server DOWN.",
          },
        ],
      },
      watchMs: 20_000,
      explanation:
        "A health check should test what visitors need: an HTTP check of a page the application makes (often /health, which may also ask the database) catches a dead application server. It costs a little more than a TCP connection, and a /health that tests too much can take servers out for a shared problem.",
      facts: [
        { kind: "failed", fromMs: 2_000, toMs: 10_000, outcome: "http_502", min: 20 },
        { kind: "failed", fromMs: 11_000, max: 0 },
        { kind: "lb-server", haproxy: "haproxy", server: "web1", status: "DOWN", check: "L7STS" },
        {
          kind: "trace",
          step: "lb.check",
          component: "haproxy",
          includes: "web1 is DOWN",
          fromMs: 5_000,
          toMs: 11_000,
        },
      ],
    },
  ],
};
