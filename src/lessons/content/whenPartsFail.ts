import type { Lesson } from "../types";

/** One server, four ways to break it: what a user really sees each time. */
export const whenPartsFail: Lesson = {
  id: "when-parts-fail",
  title: "When one part fails",
  summary:
    "Every part of the one-server stack is a single point of failure, and each failure looks different to the user.",
  questions: [
    "Issue of the one-server design: what is a single point of failure (SPOF)?",
    "What does the user see when the database, the application server, the web server or the whole machine is down?",
  ],
  steps: [
    {
      kind: "predict",
      id: "mysql-down",
      title: "The database stops",
      text: "MySQL, the database, is stopped. Nginx and the application server still run. A user visits www.foobar.com.",
      setup: { scene: "mysql-down", speed: "slow" },
      prompt: "If MySQL is down, what does the user see?",
      question: {
        type: "choice",
        answer: "c",
        choices: [
          {
            id: "a",
            text: "A blank page",
            reveal:
              "Not blank: the application server noticed that it could not reach the database and sent back an error page of its own.",
          },
          {
            id: "b",
            text: "ERR_CONNECTION_REFUSED: the browser cannot connect",
            reveal:
              "The browser did connect: Nginx is running and answered. Only the database behind it is missing.",
          },
          {
            id: "c",
            text: "A 500 error page",
            reveal:
              "Right: the PHP code could not connect to MySQL, so the application server answered 500 Internal Server Error, and Nginx passed that page on.",
          },
          {
            id: "d",
            text: "The page, just without its pictures",
            reveal:
              "The pictures and the stylesheet are static files: Nginx serves them from disk without the database. It is the page itself that needs the data, and that fails.",
          },
        ],
      },
      watchMs: 2_000,
      explanation:
        "The web server (Nginx) answers browsers and serves static files; the page itself is made by the application server, which asks the database for its data. With the database gone, the page cannot be made: 500 Internal Server Error.",
      facts: [
        { kind: "visit", outcome: "http_500" },
        { kind: "trace", step: "sql.error", component: "app", includes: "Connection refused" },
        { kind: "trace", step: "http.static", component: "nginx", includes: "style.css" },
        { kind: "health", component: "nginx", state: "up" },
        { kind: "health", component: "app", state: "up" },
        { kind: "health", component: "mysql", state: "down" },
      ],
    },
    {
      kind: "predict",
      id: "app-down",
      title: "The application server stops",
      text: "Now MySQL is fine again, but the application server (PHP-FPM) is stopped. Nginx still runs.",
      setup: { scene: "app-down", speed: "slow" },
      prompt: "Which error does the user get now?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "500 Internal Server Error, as before",
            reveal:
              "A 500 comes from the application itself. Here there is no application to answer at all.",
          },
          {
            id: "b",
            text: "502 Bad Gateway, from Nginx",
            reveal:
              "Right: Nginx tried to hand the request to the application server, nothing answered on its port, and Nginx said so with 502 Bad Gateway.",
          },
          {
            id: "c",
            text: "ERR_CONNECTION_REFUSED",
            reveal:
              "Nginx is still running, so the browser's connection is accepted. It is Nginx's own connection to the application server that is refused.",
          },
        ],
      },
      watchMs: 2_000,
      explanation:
        "A gateway is a server that passes requests on. Nginx is the gateway to the application server; when the application server is missing, Nginx answers 502 Bad Gateway. The logo, a static file, still loads.",
      facts: [
        { kind: "visit", outcome: "http_502" },
        {
          kind: "trace",
          step: "http.upstream.error",
          component: "nginx",
          includes: "Connection refused",
        },
        { kind: "trace", step: "http.static", component: "nginx", includes: "logo.png" },
        { kind: "health", component: "nginx", state: "up" },
      ],
    },
    {
      kind: "predict",
      id: "nginx-down",
      title: "The web server stops",
      text: "Now only Nginx, the web server, is stopped. The machine is on; the application server and MySQL are fine.",
      setup: { scene: "nginx-down", speed: "slow" },
      prompt: "What does the user see?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "ERR_CONNECTION_REFUSED at once",
            reveal:
              "Right: nothing listens on port 80, so the machine answers the browser's first packet with a reset straight away.",
          },
          {
            id: "b",
            text: "502 Bad Gateway",
            reveal: "502 is Nginx's own answer. With Nginx stopped there is nobody to send it.",
          },
          {
            id: "c",
            text: "The page loads slowly, from the application server",
            reveal:
              "The application server never talks to browsers directly: every request comes in through the web server.",
          },
          {
            id: "d",
            text: "A long wait, then ERR_CONNECTION_TIMED_OUT",
            reveal:
              "A timeout needs silence. The machine is up, and its kernel refuses the connection at once.",
          },
        ],
      },
      watchMs: 1_000,
      explanation:
        "The web server is the front door: with it stopped, no one reaches anything behind it, however healthy. The machine refuses the connection: ERR_CONNECTION_REFUSED.",
      facts: [
        { kind: "visit", outcome: "ERR_CONNECTION_REFUSED" },
        { kind: "visit-took", maxMs: 1_000 },
        { kind: "trace", step: "tcp.rst", from: "nginx", to: "browser" },
        { kind: "health", component: "server", state: "up" },
        { kind: "health", component: "app", state: "up" },
        { kind: "health", component: "mysql", state: "up" },
      ],
    },
    {
      kind: "predict",
      id: "dns-still-answers",
      title: "The whole machine is off",
      text: "Now the machine 8.8.8.8 itself is switched off: its power is cut. Nginx, the application server and MySQL ran on it. A user visits www.foobar.com.",
      setup: { scene: "server-down" },
      prompt: "Click a part that still answers this visit.",
      question: {
        type: "component",
        candidates: ["resolver", "auth", "server", "nginx", "app", "mysql"],
        answer: ["resolver", "auth"],
        right:
          "Right: the DNS servers are other machines. They still answer, and give the browser 8.8.8.8: the address of a machine that is off. DNS does not know whether a server is up.",
        otherwise:
          "That program ran on 8.8.8.8: when a machine is off, every program on it is off too. Only the DNS servers, on other machines, still answer.",
        wrong: {
          server: "8.8.8.8 is the machine that is off: it answers nothing at all.",
        },
      },
      watchMs: 130_000,
      explanation:
        "Everything on one machine shares its fate: when the machine stops, the web server, the application server and the database stop with it. The name still resolves, to a dead address. That is what a single point of failure (SPOF) is: one part whose failure alone takes the whole site down.",
      facts: [
        { kind: "trace", step: "dns.answer.client", to: "browser", includes: "A 8.8.8.8" },
        { kind: "health", component: "auth", state: "up" },
        { kind: "health", component: "nginx", state: "down" },
        { kind: "health", component: "app", state: "down" },
        { kind: "health", component: "mysql", state: "down" },
      ],
    },
    {
      kind: "predict",
      id: "machine-off",
      title: "What a dead machine looks like",
      text: "The browser has the address 8.8.8.8 and sends its first TCP packet, a SYN, to port 80. The machine is off.",
      setup: { scene: "server-down" },
      prompt: "What does the user see?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "ERR_CONNECTION_REFUSED at once",
            reveal:
              "A refusal is an answer: it comes from a machine that is on, with nothing listening on the port. A machine that is off says nothing at all.",
          },
          {
            id: "b",
            text: "A long wait, then ERR_CONNECTION_TIMED_OUT",
            reveal:
              "Right: no answer ever came, so the browser sent its SYN again after 1 s, 2 s, 4 s… and gave up after about two minutes: ERR_CONNECTION_TIMED_OUT.",
          },
          {
            id: "c",
            text: "502 Bad Gateway",
            reveal: "502 is written by Nginx, and Nginx is off with its machine.",
          },
        ],
      },
      watchMs: 130_000,
      explanation:
        "Nothing tells the browser quickly that a machine is gone: it keeps sending its SYN with longer and longer waits (Linux tries 6 more times, about 127 s in all). The worst failure for a user is the silent one. On one server, every part is a single point of failure, and the cure is redundancy: two of each, and something that steers around the broken one.",
      facts: [
        { kind: "visit", outcome: "ERR_CONNECTION_TIMED_OUT" },
        { kind: "visit-took", minMs: 120_000 },
        { kind: "trace", step: "tcp.syn.retry", from: "browser" },
      ],
    },
  ],
};
