import type { Lesson } from "../types";

const kill = (at: number, id: string) => ({ at, act: { op: "kill", id } }) as const;
const visit = (at: number) =>
  ({ at, act: { op: "visit", host: "www.foobar.com", path: "/" } }) as const;
const promote = (at: number) =>
  ({ at, act: { op: "command", id: "web2-mysql", name: "promote" } }) as const;

/** A primary and its replica: reads go on, writes fail, a person promotes the replica. */
export const databaseFailover: Lesson = {
  id: "database-failover",
  title: "The database's primary and its replica",
  summary:
    "With a primary and a replica, pages still load when the primary dies, but writes fail until someone promotes the replica; asynchronous replication may lose the last writes.",
  questions: [
    "Is the database a single point of failure?",
    "What are a primary and a replica, and what is a failover?",
  ],
  steps: [
    {
      kind: "show",
      id: "primary-and-replica",
      title: "Two copies of the data",
      text: "MySQL now runs on both web servers. The primary, on web1, takes every write: a comment posted, one visit in ten. It ships each write to its replica on web2, a few milliseconds later; the replica is read-only and serves the pages' reads.",
      setup: { scene: "distributed" },
    },
    {
      kind: "predict",
      id: "where-reads-go",
      title: "Where the page reads",
      text: "A visitor opens the home page: its code runs a SELECT for the latest posts, a read. Both databases have the posts.",
      setup: { scene: "distributed" },
      acts: [visit(0)],
      prompt: "Click the MySQL that answers the home page's SELECT.",
      question: {
        type: "component",
        candidates: ["web1-mysql", "web2-mysql"],
        answer: ["web2-mysql"],
        right:
          "Right: the code sends its reads to the replica on web2, even when the page is made on web1. The primary keeps its work for the writes.",
        otherwise: "The reads go to the replica, web2's MySQL.",
        wrong: {
          "web1-mysql":
            "web1's MySQL is the primary: it takes the writes. The code sends every read to the replica, on web2, even from web1.",
        },
      },
      watchMs: 300,
      explanation:
        "Sending the reads to the replica spreads the database's work over two machines: the primary writes, the replica answers the reads. Which database gets what is decided by the code's configuration, not by MySQL.",
      facts: [
        {
          kind: "trace",
          step: "sql.query",
          from: "web1-app",
          to: "web2-mysql",
          includes: "SELECT",
        },
        { kind: "trace", step: "sql.query", to: "web1-mysql", absent: true },
      ],
    },
    {
      kind: "predict",
      id: "reads-go-on",
      title: "The primary stops",
      text: "Twenty visitors a second. 10 seconds in, the primary MySQL on web1 stops. 5 seconds later, a visitor opens the home page, which reads the latest posts.",
      setup: { scene: "db-failover" },
      acts: [kill(10_000, "web1-mysql"), visit(15_000)],
      prompt: "What does she get?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "500 Internal Server Error: the database is down",
            reveal:
              "One of the two copies is down. The page only reads, and reads go to the replica on web2, which is running.",
          },
          {
            id: "b",
            text: "The page, read from the replica",
            reveal:
              "Right: her page's SELECT went to the replica on web2, which has every post. Reading needs no primary.",
          },
          {
            id: "c",
            text: "502 Bad Gateway",
            reveal:
              "Nginx and the application servers are all running: only the primary MySQL stopped, and the page did not need it.",
          },
        ],
      },
      watchMs: 16_000,
      explanation:
        "A replica is a copy of the database kept up to date from the primary's log of changes (its binary log). It can serve the reads, which are most of a site's work, and they go on when the primary is gone.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "health", component: "web1-mysql", state: "down" },
        { kind: "trace", step: "sql.query", to: "web2-mysql", fromMs: 15_000 },
        { kind: "requests", method: "reads", failedMax: 0 },
      ],
    },
    {
      kind: "predict",
      id: "writes-fail",
      title: "And the comments?",
      text: "Meanwhile one visitor in ten posts a comment: a write. The code sends every write to the primary, and the replica is read-only.",
      setup: { scene: "db-failover" },
      prompt: "What happens to the comments posted after the primary stopped?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "The replica takes them instead",
            reveal:
              "A replica refuses writes (it runs read_only) and the code does not even try it: it sends writes to the primary. Nothing switches by itself.",
          },
          {
            id: "b",
            text: "Every one fails with 500 Internal Server Error",
            reveal:
              "Right: the code could not reach the primary and answered 500. Every write failed, while every read worked.",
          },
          {
            id: "c",
            text: "They are kept and saved later",
            reveal:
              "Nothing keeps them: the visitor got an error page, and her comment is gone unless she posts it again.",
          },
        ],
      },
      watchMs: 20_000,
      explanation:
        "With one primary, the database is still a single point of failure for writes: the site looks up but nobody can post, buy or sign up. MySQL does not promote a replica by itself: a person, or a tool such as Orchestrator, must do it.",
      facts: [
        { kind: "requests", method: "writes", failedMin: 10 },
        { kind: "requests", method: "reads", failedMax: 0 },
        { kind: "failed", fromMs: 10_000, outcome: "http_500", min: 10 },
        { kind: "failed", toMs: 10_000, max: 0 },
        { kind: "database", component: "web2-mysql", role: "replica" },
      ],
    },
    {
      kind: "predict",
      id: "promote",
      title: "Promote the replica",
      text: "The primary stops 5 seconds in. At 15 seconds, the operator promotes the replica: it applies what it has received, stops replicating and turns read_only off, and the application servers are pointed at it.",
      setup: { scene: "db-failover" },
      acts: [kill(5_000, "web1-mysql"), promote(15_000)],
      prompt: "What happens to the comments after that?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "They work again: web2's MySQL is the new primary",
            reveal:
              "Right: after the promotion every write went to web2's MySQL, the new primary, and not one visit failed.",
          },
          {
            id: "b",
            text: "They fail until web1's MySQL is back",
            reveal:
              "No need to wait for it: the promoted replica has the data and now accepts writes.",
          },
          {
            id: "c",
            text: "Reads fail now, since the replica is busy with writes",
            reveal:
              "One server does both for now: every visit loaded, reads and writes. (A new replica should be set up soon: there is no spare copy left.)",
          },
        ],
      },
      watchMs: 30_000,
      explanation:
        "A failover makes a replica the new primary. Here it took a person and 10 seconds of failed writes; tools can do it in seconds. Afterwards the old primary must not come back as a primary too, and the site has one copy of its data until a new replica is built.",
      facts: [
        { kind: "database", component: "web2-mysql", role: "primary" },
        { kind: "failed", fromMs: 5_000, toMs: 15_000, outcome: "http_500", min: 5 },
        { kind: "failed", fromMs: 15_000, max: 0 },
        { kind: "requests", method: "writes", okMin: 40 },
        { kind: "trace", step: "repl.promote", component: "web2-mysql" },
      ],
    },
    {
      kind: "predict",
      id: "lost-writes",
      title: "Was anything lost?",
      text: "Replication here is asynchronous: the primary confirms a comment as soon as it has saved it, and ships it to the replica just after. A write saved on the primary but not shipped yet is lost if the primary dies.",
      setup: { scene: "db-failover" },
      acts: [kill(5_000, "web1-mysql"), promote(15_000)],
      prompt: "How many comments did this promotion lose?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "None: the replica had received every one",
            reveal:
              "Right: the replica was a few milliseconds behind, and had every comment the primary confirmed. The promotion's log says: none is lost.",
          },
          {
            id: "b",
            text: "All the comments ever posted",
            reveal:
              "The replica had a copy of every comment: that is what replication is for. At most the last few milliseconds' worth can be missing.",
          },
          {
            id: "c",
            text: "Every comment of the last minute",
            reveal: "The replica is milliseconds behind, not a minute: here it had every comment.",
          },
        ],
      },
      watchMs: 16_000,
      explanation:
        "Asynchronous replication is fast and usually loses nothing, but a write confirmed in the last milliseconds before a crash can be missing on the replica, and it is gone for good after a promotion. Semi-synchronous replication waits for a replica's acknowledgement before confirming, at the cost of slower writes.",
      facts: [
        { kind: "database", component: "web2-mysql", role: "primary", lostMax: 0 },
        { kind: "trace", step: "repl.promote", component: "web2-mysql", includes: "none is lost" },
        { kind: "requests", method: "writes", okMin: 1 },
      ],
    },
  ],
};
