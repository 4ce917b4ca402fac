import type { Lesson } from "../types";

const visit = (at: number) =>
  ({ at, act: { op: "visit", host: "www.foobar.com", path: "/" } }) as const;

/** A new version of the code base on one server: a restart is downtime, a reload is not. */
export const deployDowntime: Lesson = {
  id: "deploy-downtime",
  title: "Deploying new code on one server",
  summary:
    "Putting a new version of the code base in service restarts the programs that run it: on one server, visitors get errors meanwhile.",
  questions: [
    "Issue of the one-server design: why is there downtime when deploying new code?",
    "What is the role of the code base?",
    "What is a deploy?",
  ],
  steps: [
    {
      kind: "predict",
      id: "deploy-under-traffic",
      title: "A deploy under traffic",
      text: "Twenty visitors a second use the site. A deploy puts version v2 of the code base in service: it uploads the new files (5 s), then restarts the application server (4 s), then Nginx (2 s), so that they run v2.",
      setup: { scene: "deploy" },
      prompt: "What do the visitors notice?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Nothing: a deploy is invisible",
            reveal:
              "A restart stops a program before it starts again: while PHP-FPM and then Nginx restarted, nobody was there to serve the visitors.",
          },
          {
            id: "b",
            text: "About 6 seconds of errors while the programs restart",
            reveal:
              "Right: during the application server's restart Nginx answered 502 Bad Gateway; during Nginx's restart the machine refused connections. Then v2 served everyone.",
          },
          {
            id: "c",
            text: "Errors during the upload",
            reveal:
              "Uploading only writes files on disk: the running programs keep serving v1 meanwhile. No visit failed in the first 5 seconds.",
          },
          {
            id: "d",
            text: "The site is down for an hour",
            reveal:
              "Much shorter here: the restarts took 6 seconds. But every visitor in those seconds got an error, at every deploy.",
          },
        ],
      },
      watchMs: 15_000,
      explanation:
        "To run new code, the programs that run it must start again. On one server there is nobody else to take the visitors meanwhile: every deploy means downtime. Teams that deploy many times a day cannot afford that.",
      facts: [
        { kind: "failed", toMs: 5_000, max: 0 },
        { kind: "failed", fromMs: 5_000, outcome: "http_502", min: 50 },
        { kind: "failed", fromMs: 5_000, outcome: "ERR_CONNECTION_REFUSED", min: 10 },
        { kind: "failed", fromMs: 11_500, max: 0 },
        { kind: "version", component: "app", version: "v2" },
        { kind: "deploy", phase: "done" },
      ],
    },
    {
      kind: "predict",
      id: "who-is-restarting",
      title: "Who is restarting?",
      text: "7.5 seconds into the deploy, a visitor opens the home page and gets 502 Bad Gateway.",
      setup: { scene: "deploy" },
      acts: [{ at: 0, act: { op: "opening" } }, visit(7_500)],
      prompt: "Click the program that is restarting.",
      question: {
        type: "component",
        candidates: ["nginx", "app", "mysql"],
        answer: ["app"],
        right:
          "Right: PHP-FPM was restarting to load v2. Nginx found nobody on port 9000 and answered 502 Bad Gateway itself.",
        otherwise:
          "It is the application server: a deploy restarts the program that runs the code.",
        wrong: {
          nginx:
            "502 Bad Gateway is Nginx's own answer: Nginx was running. It is the program behind it that was missing.",
          mysql:
            "A deploy changes the code, not the data: MySQL keeps running. The 502 came from Nginx, which found no application server.",
        },
      },
      watchMs: 8_000,
      explanation:
        "The application server runs the code base, so it is the one to restart for a new version: while it restarts, Nginx answers 502 Bad Gateway to every dynamic page. (Nginx is restarted after it: then the machine refuses connections.)",
      facts: [
        { kind: "visit", outcome: "http_502" },
        { kind: "health", component: "app", state: "down" },
        { kind: "health", component: "nginx", state: "up" },
        { kind: "health", component: "mysql", state: "up" },
        { kind: "deploy", phase: "restart-app" },
      ],
    },
    {
      kind: "predict",
      id: "still-v1",
      title: "During the upload",
      text: "Each page says which version of the code made it. 4 seconds into a deploy, the files of v2 are still being uploaded, and a visitor opens the home page.",
      setup: { scene: "deploy-reload" },
      acts: [{ at: 0, act: { op: "opening" } }, visit(4_000)],
      prompt: "Which version of the code makes her page?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "v1: the running code",
            reveal:
              "Right: the new files are on their way to disk, but the application server still runs v1 until it is told to load v2.",
          },
          {
            id: "b",
            text: "v2: it is being deployed",
            reveal:
              "Not yet: uploading only puts files on disk. The running workers keep the code they started with.",
          },
          {
            id: "c",
            text: "Half v1, half v2",
            reveal:
              "A worker runs one version at a time: this page was made entirely by v1. (Mixed versions do happen across servers: lesson 10.)",
          },
        ],
      },
      watchMs: 4_900,
      explanation:
        "The code base is the files of one version of the program; the application server runs the version it was started with. A deploy is two steps: put the new files in place, then make the programs run them (a restart or a reload).",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "version", version: "v1" },
        { kind: "deploy", phase: "upload" },
      ],
    },
    {
      kind: "predict",
      id: "graceful-reload",
      title: "A graceful reload",
      text: "The same deploy, but the programs reload instead of restarting: PHP-FPM keeps its port open and lets each worker finish its page before starting one with v2; nginx -s reload starts new workers while the old ones finish.",
      setup: { scene: "deploy-reload" },
      acts: [{ at: 0, act: { op: "opening" } }, visit(9_000)],
      prompt: "How many of the twenty visits a second fail now?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "None",
            reveal:
              "Right: the port never closed, so new visitors waited a moment in the queue instead of being turned away, and every page loaded, the later ones made by v2.",
          },
          {
            id: "b",
            text: "As many as before, for about 6 seconds",
            reveal: "A reload never stops listening: nobody was refused and nobody got a 502.",
          },
          {
            id: "c",
            text: "Only the visitors in the middle of a page",
            reveal:
              "Those pages were finished by the old workers (process_control_timeout gives them 10 s here). No visit failed.",
          },
        ],
      },
      watchMs: 10_000,
      explanation:
        "A graceful reload avoids this deploy's downtime, but one server is still one server: a reload cannot help when the machine itself must restart (a kernel update, a bigger disk), or when the new code is broken. For that you need a second server: the next lessons.",
      facts: [
        { kind: "failed", max: 0 },
        { kind: "loaded", min: 150 },
        { kind: "version", version: "v2" },
        { kind: "deploy", phase: "done" },
      ],
    },
  ],
};
