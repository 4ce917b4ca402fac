import type { Lesson } from "../types";

/** One server, four ways to break it: what a user really sees each time. */
export const whenPartsFail: Lesson = {
  id: "when-parts-fail",
  title: "When one part fails",
  summary:
    "Every part of the one-server stack is a single point of failure, and each failure looks different to the user.",
  questions: [
    "What does the web server do, and what does the application server do?",
    "What is a single point of failure?",
    "What does the user see when the database is down?",
  ],
  steps: [
    {
      kind: "predict",
      id: "mysql-down",
      title: "The database stops",
      text: "MySQL, the database, is stopped. Nginx and the application server still run. A user visits www.foobar.com.",
      setup: { scene: "mysql-down" },
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
      facts: [{ kind: "visit", outcome: "http_500" }],
    },
    {
      kind: "predict",
      id: "app-down",
      title: "The application server stops",
      text: "Now MySQL is fine again, but the application server (PHP-FPM) is stopped. Nginx still runs.",
      setup: { scene: "app-down" },
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
      facts: [{ kind: "visit", outcome: "http_502" }],
    },
    {
      kind: "predict",
      id: "nginx-down",
      title: "The web server stops",
      text: "Now only Nginx, the web server, is stopped. The machine is on; the application server and MySQL are fine.",
      setup: { scene: "nginx-down" },
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
      facts: [{ kind: "visit", outcome: "ERR_CONNECTION_REFUSED" }],
    },
    {
      kind: "predict",
      id: "which-part",
      title: "Which part is a single point of failure?",
      text: "You have seen three parts fail, and each time the site was down for the user. A part whose failure alone takes the whole site down is a single point of failure (SPOF).",
      setup: { scene: "one-server" },
      prompt: "Click a part of this stack that is NOT a single point of failure, if there is one.",
      question: {
        type: "component",
        candidates: ["root", "tld", "auth", "server", "nginx", "app", "mysql"],
        answer: ["root", "tld"],
        right:
          "Right: the DNS root and the .com servers are each 13 addresses run by many machines, and resolvers remember their answers for days. Every other part here exists once.",
        otherwise:
          "That part exists only once: when it fails, every visit fails. Only the DNS root and the .com servers are spread over many machines.",
        wrong: {
          auth: "ns1.foobar.com is the only name server of foobar.com: when it stops, names stop resolving once the caches run out.",
        },
      },
      watchMs: 2_000,
      acts: [{ at: 0, act: { op: "visit", host: "www.foobar.com", path: "/" } }],
      explanation:
        "On one server, everything (the server, Nginx, the application server, MySQL and the one name server) is a single point of failure. The cure is redundancy: two of each, and something that steers around the broken one.",
      facts: [{ kind: "visit", outcome: "ok" }],
    },
  ],
};
