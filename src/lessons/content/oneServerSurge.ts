import type { Lesson } from "../types";

const opening = { at: 0, act: { op: "opening" } } as const;
const visit = (at: number) =>
  ({ at, act: { op: "visit", host: "www.foobar.com", path: "/" } }) as const;

/** Ten times the traffic on one server: a queue, slow pages, then timeouts. */
export const oneServerSurge: Lesson = {
  id: "one-server-surge",
  title: "One server and a surge of visitors",
  summary:
    "One server can make only so many pages a second: beyond that, visitors queue, pages slow down, then fail. It cannot scale.",
  questions: [
    "Issue of the one-server design: why can it not scale with too much traffic?",
    "What happens when more visitors come than the server can serve?",
  ],
  steps: [
    {
      kind: "show",
      id: "calm",
      title: "Sixty visits a second",
      text: "Sixty visitors a second, well within what this server can do: its two CPU cores can make about 118 pages a second. The server makes each page in about 20 milliseconds; the visitor waits about a third of a second in all, mostly for the Internet.",
      setup: { scene: "surge" },
      watchMs: 8_000,
    },
    {
      kind: "predict",
      id: "five-seconds-in",
      title: "Ten times as many",
      text: "Then ten times as many: 600 visitors a second for 20 seconds, where the server can make about 118 pages a second. A visitor arrives 5 seconds into the surge.",
      setup: { scene: "surge" },
      acts: [opening, visit(15_000)],
      prompt: "What does she get?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "An error at once: the server is full",
            reveal:
              "Nothing turned her away: the server accepted her connection and put her request in a queue, behind thousands of others.",
          },
          {
            id: "b",
            text: "The page, after a long wait",
            reveal:
              "Right: her request waited its turn in the queue and the page came after about 20 seconds. Real visitors often give up long before that.",
          },
          {
            id: "c",
            text: "The page, as fast as before",
            reveal:
              "The server makes 118 pages a second and 600 arrive: the other 482 wait. Her page came after about 20 seconds.",
          },
          {
            id: "d",
            text: "Nothing: the server crashes",
            reveal:
              "Servers rarely crash from load: they keep working at full speed while a queue grows. Here every program stayed up, and slow.",
          },
        ],
      },
      watchMs: 37_000,
      explanation:
        "A server works at its own pace whatever comes: extra requests wait in a queue, so every page takes longer than the one before. To the visitor, a site that is overloaded first looks slow.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "visit-took", minMs: 15_000 },
        { kind: "health", component: "app", state: "up" },
        { kind: "health", component: "server", state: "up" },
      ],
    },
    {
      kind: "predict",
      id: "where-they-wait",
      title: "Where the visitors wait",
      text: "Ten seconds into the surge, thousands of requests have arrived that no page has been made for yet.",
      setup: { scene: "surge" },
      prompt: "Click the program whose queue the requests wait in.",
      question: {
        type: "component",
        candidates: ["nginx", "app", "mysql"],
        answer: ["app"],
        right:
          "Right: they wait in the application server's queue, its listen backlog (up to 4096 connections), for one of its five workers and the two CPU cores to be free.",
        otherwise:
          "They wait for the application server: its five workers and two CPU cores make the pages, one at a time each.",
        wrong: {
          nginx:
            "Nginx holds the browsers' connections, but it passed each request on at once: they wait behind the application server's workers.",
          mysql:
            "Each query takes MySQL about 3 ms: it keeps up. The pages wait before the code even runs, for a worker of the application server.",
        },
      },
      watchMs: 20_000,
      explanation:
        "Every dynamic page needs a worker of the application server and about 14 ms of a CPU core. With two cores, that is about 118 pages a second, whatever arrives: the rest queue in the application server's listen backlog.",
      facts: [
        { kind: "queued", component: "app", min: 1_000 },
        { kind: "cpu", component: "server", busyMin: 2 },
      ],
    },
    {
      kind: "predict",
      id: "ten-seconds-in",
      title: "When the queue is full",
      text: "A visitor arrives 10 seconds into the surge. The queue is full now: the server's kernel silently drops new connections to the application server, and Nginx keeps trying again.",
      setup: { scene: "surge", speed: "10" },
      acts: [opening, visit(20_000)],
      prompt: "What does she finally get?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "The page, after about a minute",
            reveal:
              "Nginx waits 60 seconds to connect to the application server (fastcgi_connect_timeout), then gives up: no page.",
          },
          {
            id: "b",
            text: "504 Gateway Time-out, after a minute",
            reveal:
              "Right: Nginx's connections to the application server went unanswered for 60 seconds, and it answered 504 Gateway Time-out.",
          },
          {
            id: "c",
            text: "ERR_CONNECTION_REFUSED at once",
            reveal:
              "Nothing refused her: Nginx accepted her connection and waited for the application server, a whole minute, before answering 504.",
          },
        ],
      },
      watchMs: 81_000,
      explanation:
        "First slow, then failing: once the queue is full, new requests wait until a timeout gives up on them. The surge was over after 30 seconds, yet the first 504s came after it, and they go on until the queue has drained, more than a minute later.",
      facts: [
        { kind: "visit", outcome: "http_504" },
        { kind: "visit-took", minMs: 59_000 },
        { kind: "failed", toMs: 40_000, max: 0 },
        { kind: "failed", fromMs: 70_000, outcome: "http_504", min: 100 },
      ],
    },
    {
      kind: "predict",
      id: "what-limits-it",
      title: "What limits one server",
      text: "During the surge, every program on 8.8.8.8 runs; none has crashed.",
      setup: { scene: "surge" },
      prompt: "What limits how many pages a second this server can make?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "Its CPU: two cores, each page needing about 14 ms of one",
            reveal:
              "Right: both cores were busy all the time, and more work was waiting for them. The server was doing all it could.",
          },
          {
            id: "b",
            text: "Its Internet connection",
            reveal:
              "The pages are small (a few kB): the connection carried them easily. The cores could not make them faster.",
          },
          {
            id: "c",
            text: "MySQL",
            reveal:
              "A query takes about 3 ms: MySQL is not the bottleneck here. The page's code and its rendering take the cores.",
          },
        ],
      },
      watchMs: 20_000,
      explanation:
        "One server has a fixed capacity. A bigger server (more cores: scaling up) helps, but has a ceiling, a price, and a restart to install. The usual cure is scaling out: more servers sharing the visitors behind a load balancer, the next lesson.",
      facts: [
        { kind: "cpu", component: "server", busyMin: 2, waitingMin: 1 },
        { kind: "health", component: "nginx", state: "up" },
        { kind: "health", component: "app", state: "up" },
        { kind: "health", component: "mysql", state: "up" },
      ],
    },
  ],
};
