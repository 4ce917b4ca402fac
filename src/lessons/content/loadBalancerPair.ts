import type { Lesson } from "../types";

const kill = (at: number, id: string) => ({ at, act: { op: "kill", id } }) as const;
const visit = (at: number) =>
  ({ at, act: { op: "visit", host: "www.foobar.com", path: "/" } }) as const;

/** One load balancer is a single point of failure; two share a virtual IP and fail over. */
export const loadBalancerPair: Lesson = {
  id: "load-balancer-pair",
  title: "The load balancer is a single point of failure",
  summary:
    "Every visit goes through the one load balancer: when it stops, the site is down. Two load balancers sharing a virtual IP take over from each other in seconds.",
  questions: [
    "Is the load balancer a single point of failure?",
    "What is an active-passive pair, and a virtual IP?",
  ],
  steps: [
    {
      kind: "predict",
      id: "haproxy-stops",
      title: "HAProxy stops",
      text: "Twenty visitors a second, two healthy web servers, one load balancer. 5 seconds in, HAProxy on 8.8.8.8 stops. web1 and web2 keep running.",
      setup: { scene: "lb-spof" },
      prompt: "What share of the visits fail after that?",
      question: {
        type: "choice",
        answer: "c",
        choices: [
          {
            id: "a",
            text: "None: the two web servers are fine",
            reveal:
              "The browsers never talk to the web servers: they connect to 8.8.8.8, where nothing listens any more.",
          },
          {
            id: "b",
            text: "About half",
            reveal:
              "Half would be one web server lost. Here every visit goes through the one load balancer, and it is gone.",
          },
          {
            id: "c",
            text: "All of them: ERR_CONNECTION_REFUSED",
            reveal:
              "Right: nothing listened on 8.8.8.8:80 any more, so its machine refused every connection, however healthy web1 and web2 were.",
          },
        ],
      },
      watchMs: 12_000,
      explanation:
        "Redundant web servers do not help while everything goes through one box: the load balancer is now the single point of failure. (Had its whole machine died, browsers would wait two minutes for a timeout instead.)",
      facts: [
        { kind: "failed", toMs: 5_000, max: 0 },
        { kind: "failed", fromMs: 6_000, outcome: "ERR_CONNECTION_REFUSED", min: 80 },
        { kind: "loaded", fromMs: 6_000, max: 0 },
        { kind: "health", component: "haproxy", state: "down" },
        { kind: "health", component: "web1", state: "up" },
        { kind: "health", component: "web2", state: "up" },
      ],
    },
    {
      kind: "predict",
      id: "find-the-spof",
      title: "The single point of failure",
      text: "A single point of failure is a part whose failure alone takes the whole site down. Either web server can die: the other takes its visitors.",
      setup: { scene: "lb-spof" },
      prompt: "Click the machine that is now the single point of failure.",
      question: {
        type: "component",
        candidates: ["lb", "web1", "web2"],
        answer: ["lb"],
        right:
          "Right: the load balancer's machine, 8.8.8.8. Every visit goes through it, and there is only one.",
        otherwise:
          "Either web server can fail while the other serves. The one machine every visit needs is the load balancer, 8.8.8.8.",
      },
      watchMs: 12_000,
      explanation:
        "Adding web servers moved the single point of failure, it did not remove it: now it is the load balancer (and, lesson 9 will show, the database's primary). The cure is the same: two of them, and a way to switch.",
      facts: [
        { kind: "loaded", fromMs: 6_000, max: 0 },
        { kind: "health", component: "lb", state: "up" },
        { kind: "health", component: "haproxy", state: "down" },
        { kind: "health", component: "web1", state: "up" },
        { kind: "health", component: "web2", state: "up" },
      ],
    },
    {
      kind: "show",
      id: "the-pair",
      title: "Two load balancers, one address",
      text: "Now two load balancers, lb1 and lb2, each with HAProxy, share the address 8.8.8.8 with keepalived: lb1 is the MASTER and holds 8.8.8.8; lb2, the BACKUP, listens for lb1's message every second (VRRP). An address that moves between machines is a virtual IP.",
      setup: { scene: "ha-pair" },
      acts: [],
    },
    {
      kind: "predict",
      id: "lb1-dies",
      title: "The master dies",
      text: "Twenty visitors a second. 10 seconds in, lb1's machine dies. lb2 stops hearing lb1's messages; after about 3 seconds of silence it takes 8.8.8.8 for itself.",
      setup: { scene: "ha-pair" },
      prompt: "What do the visitors see?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "Every visit fails: lb1 held 8.8.8.8",
            reveal:
              "Only for a moment did 8.8.8.8 lead nowhere: lb2 took the address over, and its HAProxy served everyone.",
          },
          {
            id: "b",
            text: "A few seconds of slow pages, then everything is normal",
            reveal:
              "Right: visitors who came in those seconds waited until lb2 held 8.8.8.8 (their browsers send the first packet again after 1 s, then 2 s) and got their page late, not an error.",
          },
          {
            id: "c",
            text: "Nothing at all",
            reveal:
              "Almost nothing: for about 3 seconds no one answered at 8.8.8.8, so those visits were slower, and a connection open through lb1 was cut.",
          },
        ],
      },
      watchMs: 25_000,
      explanation:
        "This is an active-passive pair: one load balancer works, the other waits to take over. keepalived (VRRP) moves the virtual IP, the address DNS gives out, to the backup, which announces it on the network (a gratuitous ARP). DNS never changes. Connections open through the dead one are lost: at most a handful of errors.",
      facts: [
        { kind: "failed", toMs: 10_000, max: 0 },
        { kind: "failed", fromMs: 10_000, max: 3 },
        { kind: "failed", fromMs: 10_000, outcome: "ERR_CONNECTION_RESET", min: 1 },
        { kind: "loaded", fromMs: 15_000, min: 150 },
        { kind: "vrrp", component: "lb2-keepalived", state: "MASTER" },
        { kind: "health", component: "lb1", state: "down" },
      ],
    },
    {
      kind: "predict",
      id: "one-second-after",
      title: "A visitor during the switch",
      text: "One second after lb1 dies, a visitor opens the home page. Her browser sends its first packet (a SYN) to 8.8.8.8, where lb1 no longer answers.",
      setup: { scene: "ha-pair" },
      acts: [kill(10_000, "lb1"), visit(11_000)],
      prompt: "What happens to her visit?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "ERR_CONNECTION_TIMED_OUT",
            reveal:
              "A timeout takes about two minutes of silence. Her browser sent the SYN again, and the third one reached lb2.",
          },
          {
            id: "b",
            text: "The page loads, about 3 seconds late",
            reveal:
              "Right: her first two SYNs were lost; lb2 took 8.8.8.8 about 3.6 s after lb1's last message, and her browser's next SYN reached it. The page came about 3 s late.",
          },
          {
            id: "c",
            text: "The page loads at once, from lb2",
            reveal:
              "lb2 waits for three missed messages (about 3 seconds) before it takes the address: until then, her packets went to a dead machine.",
          },
        ],
      },
      watchMs: 15_000,
      explanation:
        "TCP retries hide a short failover: a browser that gets no answer sends its SYN again after 1 s, 2 s, 4 s… The backup declares the master dead after 3 missed adverts (3 × advert_int plus a little skew), so visitors in those seconds are slowed, not failed.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "visit-took", minMs: 2_500, maxMs: 5_000 },
        { kind: "trace", step: "tcp.syn.retry", from: "browser" },
        {
          kind: "trace",
          step: "vrrp.state",
          component: "lb2-keepalived",
          includes: "Entering MASTER STATE",
          fromMs: 12_500,
          toMs: 13_700,
        },
        { kind: "trace", step: "tcp.synack", from: "lb2-haproxy", to: "browser" },
      ],
    },
  ],
};
