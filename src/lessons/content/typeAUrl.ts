import type { Lesson } from "../types";

/** One visit in slow motion: the server, the name, DNS's records, and TCP and HTTP. */
export const typeAUrl: Lesson = {
  id: "type-a-url",
  title: "What happens when you type a URL",
  summary:
    "A visit to www.foobar.com, hop by hop: DNS turns the name into an address, then the browser talks TCP and HTTP to the server.",
  questions: [
    "What is a server?",
    "What is the role of the domain name?",
    "What type of DNS record is www in www.foobar.com?",
    "What is the server using to communicate with the computer of the user requesting the website?",
  ],
  steps: [
    {
      kind: "predict",
      id: "not-a-server",
      title: "Who is a server?",
      text: "A server is a computer that waits for requests from other computers and answers them over the network. Watch one visit to www.foobar.com: your browser asks several machines before the page arrives.",
      setup: { scene: "first-visit" },
      prompt: "Click the one part here that is NOT a server.",
      question: {
        type: "component",
        candidates: ["browser", "resolver", "root", "tld", "auth", "server"],
        answer: ["browser"],
        right:
          "Right: your browser only asks. Every other part waited for a question and answered it: they are servers, and your browser is their client.",
        otherwise:
          "That one is a server: it waited for a question and answered it. Only your browser asks without ever being asked: it is the client.",
        wrong: {
          server:
            "8.8.8.8 is the server of this story: a computer in a data centre that waits for browsers and sends them the website.",
          resolver:
            "The DNS resolver is a server too: it answers your browser's question about the name, asking other servers on its behalf.",
        },
      },
      watchMs: 600,
      explanation:
        "A server is a computer (and the program on it) that answers requests from clients over a network. The DNS resolver, the root, the .com server and ns1.foobar.com are servers that answer questions about names; 8.8.8.8 is the web server machine that sends the page. Your browser is the client.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "trace", step: "dns.query.stub", from: "browser", to: "resolver" },
        { kind: "trace", step: "dns.referral", from: "root", to: "resolver" },
        { kind: "trace", step: "dns.answer", from: "auth", to: "resolver" },
        { kind: "trace", step: "http.response", from: "nginx", to: "browser" },
        { kind: "trace", step: "http.request", to: "browser", absent: true },
      ],
    },
    {
      kind: "predict",
      id: "the-name",
      title: "A name is not an address",
      text: "You type www.foobar.com. Machines on the Internet find each other by IP address (four numbers, like 8.8.8.8), not by name.",
      setup: { scene: "first-visit" },
      prompt: "What must your browser find out before it can reach the website?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "The server's IP address",
            reveal:
              "Right: the browser asked DNS for the address of www.foobar.com, got 8.8.8.8, and only then connected to 8.8.8.8.",
          },
          {
            id: "b",
            text: "Nothing: the name itself tells the Internet where to go",
            reveal:
              "The routers of the Internet carry packets to addresses, never to names. Before anything else, the browser asked DNS which address the name stands for.",
          },
          {
            id: "c",
            text: "Which web server program the site runs",
            reveal:
              "The browser never needs to know that: it speaks HTTP to whatever answers at the address. What it needed first was the address.",
          },
          {
            id: "d",
            text: "A password for the website",
            reveal:
              "A public website asks for no password to be reached. What the browser needed was the address, from DNS.",
          },
        ],
      },
      watchMs: 140,
      explanation:
        "The domain name is a name people can remember and that can stay the same when the server changes. DNS (the Domain Name System) turns it into the server's IP address: your browser asks a resolver, which asks the root, then the .com servers, then foobar.com's own name server, ns1.foobar.com. With 8.8.8.8 in hand, the browser connects.",
      facts: [
        { kind: "trace", step: "dns.query.stub", from: "browser", includes: "www.foobar.com" },
        { kind: "trace", step: "dns.answer.client", to: "browser", includes: "A 8.8.8.8" },
        { kind: "trace", step: "tcp.syn", from: "browser", includes: "8.8.8.8:80" },
      ],
    },
    {
      kind: "predict",
      id: "www-record",
      title: "What kind of record is www?",
      text: "ns1.foobar.com keeps the records of foobar.com. An A record maps a name to an IPv4 address. A CNAME record says that a name is an alias of another name. Watch its answer to the resolver.",
      setup: { scene: "first-visit" },
      prompt: "What type of DNS record is www in www.foobar.com?",
      question: {
        type: "choice",
        answer: "b",
        choices: [
          {
            id: "a",
            text: "An A record: www.foobar.com is 8.8.8.8",
            reveal:
              "A fair guess, and a legal setup elsewhere, but not this one: the answer says www.foobar.com. CNAME foobar.com. The A record belongs to foobar.com itself.",
          },
          {
            id: "b",
            text: "A CNAME record: www.foobar.com is an alias of foobar.com",
            reveal:
              "Right: the answer says www.foobar.com. CNAME foobar.com., and in the same answer foobar.com. A 8.8.8.8: follow the alias, then read the address.",
          },
          {
            id: "c",
            text: "An NS record",
            reveal:
              "An NS record names a zone's name servers: the .com server answered with one, foobar.com. NS ns1.foobar.com. The answer for www is a CNAME.",
          },
          {
            id: "d",
            text: "No record: www is a folder on the server",
            reveal:
              "www is part of the name, looked up in DNS before the browser reaches any server. A folder would come after the name, in the path (www.foobar.com/blog).",
          },
        ],
      },
      watchMs: 130,
      explanation:
        "www is a CNAME (canonical name) record: an alias for foobar.com, whose A record holds the address 8.8.8.8. The bare domain, foobar.com, cannot be a CNAME (it must also hold the zone's own records), so it holds the A record and www points to it: change the address once and both names follow.",
      facts: [
        {
          kind: "trace",
          step: "dns.answer",
          from: "auth",
          includes: "www.foobar.com. CNAME foobar.com.",
        },
        { kind: "trace", step: "dns.answer", from: "auth", includes: "foobar.com. A 8.8.8.8" },
        { kind: "trace", step: "dns.referral", from: "tld", includes: "NS ns1.foobar.com." },
      ],
    },
    {
      kind: "predict",
      id: "tcp-and-http",
      title: "How the browser asks for the page",
      text: "Your browser now has the address 8.8.8.8. On it, a web server waits for browsers on port 80, its door number on that machine.",
      setup: { scene: "first-visit" },
      prompt: "How does the browser ask 8.8.8.8 for the page?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "It opens a TCP connection to port 80, then sends an HTTP request",
            reveal:
              "Right: SYN, SYN-ACK (the TCP handshake) to 8.8.8.8:80, then the HTTP request GET / HTTP/1.1 over that connection, and the answer HTTP/1.1 200 OK.",
          },
          {
            id: "b",
            text: "It sends a DNS query to 8.8.8.8",
            reveal:
              "DNS was for the address, asked of the resolver over UDP, port 53. The page itself is asked for in HTTP, from the web server.",
          },
          {
            id: "c",
            text: "It sends one UDP packet, like DNS, and hopes it arrives",
            reveal:
              "A page must arrive whole and in order. TCP makes sure of that: a connection opened with a handshake, every byte acknowledged and sent again if lost. UDP promises nothing.",
          },
        ],
      },
      watchMs: 320,
      explanation:
        "The browser and the server talk over TCP/IP: IP carries packets between addresses, TCP makes a reliable connection to a port (80 for the web). Over it they speak HTTP: the request GET / HTTP/1.1 and the answer HTTP/1.1 200 OK with the page. The DNS questions before went over UDP, port 53. HTTPS is the same on port 443, encrypted with TLS.",
      facts: [
        { kind: "trace", step: "dns.query.stub", from: "browser", to: "resolver" },
        { kind: "trace", step: "tcp.syn", from: "browser", to: "nginx", includes: "8.8.8.8:80" },
        { kind: "trace", step: "tcp.synack", from: "nginx", to: "browser" },
        { kind: "trace", step: "http.request", from: "browser", includes: "GET / HTTP/1.1" },
        { kind: "trace", step: "http.response", to: "browser", includes: "HTTP/1.1 200 OK" },
      ],
    },
    {
      kind: "predict",
      id: "no-name-no-site",
      title: "When the name cannot be found",
      text: "ns1.foobar.com, the only name server that knows foobar.com's records, is stopped. The server 8.8.8.8 is up and healthy. A new visitor types www.foobar.com.",
      setup: { scene: "dns-down", speed: "slow" },
      prompt: "What does the visitor see?",
      question: {
        type: "choice",
        answer: "c",
        choices: [
          {
            id: "a",
            text: "The page: the server is fine",
            reveal:
              "The server is fine, but the browser never learns its address: without DNS, nobody finds 8.8.8.8.",
          },
          {
            id: "b",
            text: "ERR_CONNECTION_REFUSED",
            reveal:
              "A refusal would come from the server's machine, and the browser never got as far as connecting: it had no address to connect to.",
          },
          {
            id: "c",
            text: "ERR_NAME_NOT_RESOLVED: the name could not be turned into an address",
            reveal:
              "Right: the resolver asked ns1.foobar.com three times, got no answer, and told the browser SERVFAIL. The browser shows ERR_NAME_NOT_RESOLVED.",
          },
          {
            id: "d",
            text: "The resolver sends the browser to a backup copy of the site",
            reveal:
              "DNS only answers questions about names: it keeps no copy of any website. With no answer from ns1.foobar.com, there was nothing to give.",
          },
        ],
      },
      watchMs: 4_000,
      explanation:
        "The domain name is how everyone finds the site: if no name server answers for it, a healthy server is unreachable. That is why a zone should have at least two name servers, and why resolvers keep answers for a while (the TTL): a browser that still remembers the address would get through.",
      facts: [
        { kind: "visit", outcome: "ERR_NAME_NOT_RESOLVED" },
        { kind: "trace", step: "dns.query.iterative", to: "auth", includes: "(try 3)" },
        { kind: "trace", step: "dns.servfail", component: "resolver" },
        { kind: "trace", step: "tcp.syn", from: "browser", absent: true },
        { kind: "health", component: "server", state: "up" },
        { kind: "health", component: "nginx", state: "up" },
      ],
    },
  ],
};
