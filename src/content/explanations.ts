/**
 * What the side panel says about each component of the one-server stack: what it is,
 * what it does in the visit to http://www.foobar.com/, and where Hopscope simplifies.
 * Facts follow /work/shared/FIDELITY.md and the topology in src/scenes/oneServer.ts.
 */

export interface Explanation {
  /** Short role line shown under the name on the canvas node, 2-5 words, e.g. "Web server · reverse proxy". */
  role: string;
  /** What this component is, in 2-3 short sentences a beginner understands. */
  whatItIs: string;
  /** Its role in THIS request (the visit to www.foobar.com), 2-4 sentences, concrete: names, IPs, ports, record types. */
  inThisRequest: string;
  /** Optional extra topics as titled short paragraphs (1-3 sentences each). */
  topics?: { title: string; text: string }[];
  /** Where Hopscope simplifies reality for this component, one or two sentences; omit if nothing notable. */
  simplified?: string;
}

/** Keyed by component id (see ONE_SERVER_IDS in src/scenes/oneServer.ts). */
export const EXPLANATIONS: Record<string, Explanation> = {
  browser: {
    role: "Web browser · client",
    whatItIs:
      "The program on the user's computer that turns a URL into a page. It finds the server's IP address through DNS, connects to it, sends HTTP requests and draws what comes back.",
    inThisRequest:
      "It looks up www.foobar.com, first in its own host cache, then by asking the DNS resolver at 192.0.2.53. With the answer 8.8.8.8 it opens a TCP connection to 8.8.8.8 port 80 and sends GET / HTTP/1.1. It parses the HTML, finds /style.css and /logo.png, and fetches those too.",
    topics: [
      {
        title: "Why a domain name",
        text: "Computers reach each other by IP address, but people remember names. The domain name foobar.com is a stable, readable label; DNS maps it to whatever address the server has today, so the server can move without every user learning a new number.",
      },
      {
        title: "IP addressing",
        text: "Every machine on the internet has an IP address, such as 8.8.8.8 for this server. Packets carry a source and a destination address, and routers along the way pass them toward the destination.",
      },
      {
        title: "Host cache",
        text: "The browser remembers resolved names for a short while: Chromium, going through the operating system's resolver, keeps every answer 60 s, whatever its TTL (it never sees the TTL). A second visit within that time skips DNS entirely.",
      },
      {
        title: "TCP three-way handshake",
        text: "Before any HTTP, the browser and server agree to talk: SYN, SYN-ACK, ACK. That costs one round trip: the browser's ACK is followed at once by its first request.",
      },
      {
        title: "Keep-alive and parallel connections",
        text: "HTTP/1.1 keeps a connection open after a response, so the next request skips the handshake. Browsers open up to 6 connections per host to fetch files in parallel; Nginx closes a connection left idle for 75 s.",
      },
      {
        title: "When the server goes quiet",
        text: "Chromium turns on TCP keep-alive: after 45 s without a word it sends a probe, and one every 45 s after that. A live server's kernel acknowledges it; a server that rebooted has forgotten the connection and answers with a reset (ERR_CONNECTION_RESET, or on a reused keep-alive connection Chromium sends the request again on a new one); a switched-off one says nothing, and after 9 probes the browser shows ERR_TIMED_OUT. A request lost on the way is sent again after 0.2, 0.4, 0.8… s, for about 15 minutes.",
      },
      {
        title: "HTTP request and response",
        text: "The request names a method and a path (GET /) plus a Host header (www.foobar.com). The response starts with a status line (HTTP/1.1 200 OK), then headers, then the body: HTML, CSS or an image.",
      },
      {
        title: "Port 80",
        text: "An IP address picks the machine; a port picks the program on it. Plain HTTP uses port 80, where Nginx listens; HTTPS would use port 443.",
      },
      {
        title: "Typing an IP address, a port or a path",
        text: "Type 8.8.8.8 in the address bar and the browser skips DNS: the address is already a number, so it connects to 8.8.8.8 port 80 at once, even with DNS down. A port after the name picks another program: nothing listens on www.foobar.com:8080, so the server's kernel answers the SYN with a reset (ERR_CONNECTION_REFUSED); PHP-FPM (9000) and MySQL (3306) listen on 127.0.0.1 only and refuse too. The browser tidies the path before sending it: /a/./b/../c becomes /a/c and /../../etc/passwd becomes /etc/passwd, so a URL cannot climb above the site's root.",
      },
    ],
    simplified:
      "The operating system's stub resolver is not drawn: the browser's query goes straight to the resolver, and only A (IPv4) records are asked for. The visit uses plain HTTP/1.1 with no TLS, so there is no certificate and no encryption.",
  },

  resolver: {
    role: "Recursive resolver",
    whatItIs:
      "A DNS server run by the ISP or a public provider that finds answers on behalf of clients. It does the legwork of asking other name servers and keeps what it learns in a cache.",
    inThisRequest:
      "It receives 'A? www.foobar.com.' from the browser. On a cache miss it walks the hierarchy: a root server (198.41.0.4) → the .com TLD server (192.5.6.30) → ns1.foobar.com (203.0.113.53), which answers. It returns the CNAME and A records (www.foobar.com → foobar.com → 8.8.8.8) to the browser.",
    topics: [
      {
        title: "Recursive versus iterative",
        text: "The browser asks one recursive question and waits for a final answer. The resolver then asks iterative questions: each server it asks either answers or refers it closer to the answer.",
      },
      {
        title: "Caching by TTL",
        text: "Every record carries a TTL, the seconds it may be cached. Here the resolver keeps the www CNAME for 3600 s, the foobar.com A record for 300 s and the referrals for 2 days, so the next lookup is answered from memory. It hands a cached record out with the TTL it has left, as dig shows: 200 s after caching the A record it answers TTL 100.",
      },
      {
        title: "Remembering failures",
        text: "When a lookup fails (no name server answers), the resolver remembers the failure and answers SERVFAIL at once for a while instead of asking again. RFC 9520 asks for at least 1 s and at most 5 minutes; Hopscope keeps 5 s, as Unbound does (BIND keeps 1 s).",
      },
      {
        title: "Root hints",
        text: "To start from nothing, a resolver needs the addresses of the root servers. It ships with them in a small file called the root hints.",
      },
    ],
    simplified:
      "The resolver sends the full name www.foobar.com to every server; modern resolvers send only the part each server needs (QNAME minimisation). Its root hints list a single root server instead of the 13 real root server names.",
  },

  root: {
    role: "DNS root · referral",
    whatItIs:
      "The root servers sit at the top of DNS, the zone written as a single dot. They do not know the addresses of websites; they know which servers run each top-level domain such as .com or .org.",
    inThisRequest:
      "Asked for www.foobar.com, it refers the resolver to the .com servers: com. NS a.gtld-servers.net. It adds that server's address, a.gtld-servers.net A 192.5.6.30, as glue, so the resolver can go there straight away.",
    topics: [
      {
        title: "Referral",
        text: "A referral is not an answer. It says 'I don't have this name, but these servers are responsible for the zone it is in' and lists them in the authority section.",
      },
      {
        title: "Glue",
        text: "A referral names servers; the resolver needs their IP addresses to reach them. The A records sent along with the referral are called glue, and they save a separate lookup.",
      },
    ],
    simplified:
      "Reality has 13 root server names, each run as many anycast copies around the world; Hopscope draws one. Referrals from here are cached for 2 days, so real resolvers rarely ask a root server.",
  },

  tld: {
    role: "Top-level domain",
    whatItIs:
      "The servers for a top-level domain such as .com hold a delegation for every domain registered under it. Like the root, they answer with referrals, not with website addresses.",
    inThisRequest:
      "Asked for www.foobar.com, it refers the resolver to foobar.com's own name server: foobar.com. NS ns1.foobar.com. Because that name lies inside foobar.com itself, the glue record ns1.foobar.com A 203.0.113.53 is essential; without it the resolver could not find the server.",
    topics: [
      {
        title: "Registrar and delegation",
        text: "When someone registers foobar.com, the registrar puts its name server records into the .com zone. That delegation is what points the world at ns1.foobar.com.",
      },
    ],
    simplified:
      "There are 13 .com server names (a.gtld-servers.net to m.gtld-servers.net); one is drawn.",
  },

  auth: {
    role: "Authoritative DNS",
    whatItIs:
      "The authoritative name server holds the zone file for foobar.com: the records its owner wrote. It gives final answers for names in that zone, not referrals.",
    inThisRequest:
      "Its zone holds: foobar.com NS ns1.foobar.com; ns1.foobar.com A 203.0.113.53; foobar.com A 8.8.8.8 (TTL 300); www.foobar.com CNAME foobar.com (TTL 3600). Asked for www.foobar.com, it returns the CNAME and, because it also holds foobar.com, the A record 8.8.8.8 in the same answer.",
    topics: [
      {
        title: "What kind of record www is",
        text: "www.foobar.com is a CNAME, an alias: it says 'www.foobar.com is another name for foobar.com'. The address itself lives in the A record of foobar.com, so the lookup follows the chain www.foobar.com → foobar.com → 8.8.8.8.",
      },
      {
        title: "Why the CNAME points at the apex",
        text: "The apex foobar.com cannot be a CNAME: a CNAME may not share a name with other records, and the apex must hold SOA and NS records. So the apex holds the A record and www is the alias; moving the site means changing one IP in one place.",
      },
      {
        title: "CNAME or A for www?",
        text: "Both are legal: www could have its own A record. This design uses the CNAME → A chain, which the answer shows as two records.",
      },
      {
        title: "Record types here",
        text: "A maps a name to an IPv4 address. CNAME makes a name an alias for another name. NS says which servers are authoritative for a zone.",
      },
    ],
    simplified:
      "Real zones must have at least two authoritative name servers, so that one can fail; this zone has only ns1.foobar.com, a single point of failure. The zone's SOA record is not shown.",
  },

  server: {
    role: "Physical or virtual machine",
    whatItIs:
      "A server is a computer, physical or virtual, that runs programs which answer requests from other computers over a network. It usually sits in a data centre, has no screen, and runs day and night.",
    inThisRequest:
      "This one machine, reachable at 8.8.8.8, runs the whole site: Nginx on port 80, PHP-FPM (the application server) on port 9000 and MySQL on port 3306. Only port 80 is reached from the internet; the three programs talk to each other over the loopback address 127.0.0.1, which never leaves the machine.",
    topics: [
      {
        title: "One server, one point of failure",
        text: "With everything on one machine, a crash, a reboot or a full disk takes the whole site down. Later designs add more servers and a load balancer.",
      },
      {
        title: "Loopback",
        text: "127.0.0.1 is the machine's address for itself. Traffic to it goes through the kernel in well under a millisecond, compared with tens of milliseconds across the internet.",
      },
      {
        title: "Deploying new code",
        text: "A deploy uploads the new code, then puts it in service. Restarting PHP-FPM and Nginx means downtime: 502s, then refused connections. A graceful reload fails nothing on Nginx's side (nginx -s reload: new workers start, old ones finish their requests); PHP-FPM's reload keeps its socket open, but with its default process_control_timeout of 0 it kills the workers busy at that moment. Choose the way below.",
      },
    ],
    simplified:
      "In the real internet 8.8.8.8 belongs to Google Public DNS; Hopscope uses it only as the example address for foobar.com. No firewall, monitoring or HTTPS is modelled.",
  },

  nginx: {
    role: "Web server · proxy",
    whatItIs:
      "Nginx is the program that accepts HTTP connections from browsers. It serves files that already exist on disk itself and hands everything else to the application server.",
    inThisRequest:
      "It listens on port 80 of 8.8.8.8. For GET /style.css and GET /logo.png, try_files finds the files under /var/www/foobar and Nginx sends them straight from disk. GET / is not a file, so fastcgi_pass hands it to PHP-FPM at 127.0.0.1:9000 as FastCGI records, and Nginx relays the HTML that comes back to the browser as an HTTP response.",
    topics: [
      {
        title: "Which site answers: server_name",
        text: "One Nginx can serve many sites: the Host header of a request picks the server block whose server_name matches. A Host that matches none, such as 8.8.8.8 when you type the IP address, goes to the default server of the port. Here Debian's own default site (sites-enabled/default, \u201cWelcome to nginx!\u201d) was removed when foobar.com was set up, and foobar.com's block (listen 80 default_server; server_name foobar.com www.foobar.com;) is the only one, so 8.8.8.8 shows the site. Had the default site stayed enabled, it would show \u201cWelcome to nginx!\u201d instead.",
      },
      {
        title: "try_files",
        text: "try_files $uri @app checks whether the requested path exists under the document root. If it does, Nginx serves it; if not, the request goes to the @app location, which proxies it.",
      },
      {
        title: "fastcgi_pass and FastCGI",
        text: "PHP-FPM does not speak HTTP: Nginx sends it FastCGI records (BEGIN_REQUEST, PARAMS with the script's name, the method and the path, then STDIN) and reads back STDOUT (the status, headers and HTML) and END_REQUEST. It opens a fresh TCP connection for each request by default. A Python or Ruby application server would be reached with proxy_pass over HTTP instead.",
      },
      {
        title: "Errors it produces",
        text: "If nothing listens on 127.0.0.1:9000, the connection is refused at once and Nginx answers 502 Bad Gateway. If PHP-FPM's queue is full, the kernel drops Nginx's SYN without a word; Nginx retries after 1, 2, 4… s and after fastcgi_connect_timeout (60 s) answers 504 Gateway Time-out. If the script takes longer than fastcgi_read_timeout (60 s), 504 too. Out of worker_connections while opening the connection to PHP-FPM: 500 Internal Server Error. Its own error pages end with its version, nginx/1.22.1.",
      },
      {
        title: "worker_connections",
        text: 'Nginx starts one worker process per core (worker_processes auto), and each may hold worker_connections connections at once: 768 in Debian\'s configuration, so 1,536 on this 2-core server. A proxied request uses two, one from the browser and one to the application server. Past the limit, Nginx logs "worker_connections are not enough" and closes new connections: the browser sees ERR_CONNECTION_RESET. A request sent on an idle keep-alive connection that Nginx closed to make room is first retried once, as Chromium does.',
      },
    ],
    simplified:
      "The handshake to MySQL is not drawn (the one to PHP-FPM is). Idle keep-alive connections do not count against worker_connections: Nginx closes idle ones when it runs short. Nginx 1.22.1 is the version Debian 12 ships.",
  },

  app: {
    role: "PHP-FPM · code base",
    whatItIs:
      "The application server runs the site's code base: the program its developers wrote (here PHP, run by PHP-FPM; elsewhere Python, Ruby or Node). It produces pages that change, such as a list of the latest posts, which a plain file could not provide.",
    inThisRequest:
      "It is PHP-FPM, listening on 127.0.0.1:9000. Nginx connects and sends the request for / as FastCGI records. A free worker runs index.php (code version v1), which queries MySQL at 127.0.0.1:3306 for the 10 latest posts, renders them into an HTML template and writes back Status 200 with about 4.2 kB of HTML.",
    topics: [
      {
        title: "Workers",
        text: "PHP-FPM has a pool of 5 synchronous workers (pm.max_children); each handles one request at a time. Capacity is roughly workers ÷ time per page, and here the two CPU cores are the tighter limit: about 118 pages a second.",
      },
      {
        title: "The listen backlog",
        text: "Connections that arrive while every worker is busy wait in the kernel's listen backlog: up to 4096 here (listen.backlog is -1 since PHP 8.2, which the kernel caps at net.core.somaxconn). When it is full, the kernel drops a new SYN silently, with no reset, so Nginx cannot tell a full queue from a lost packet: it tries again after 1, 2, 4… s. An overloaded server therefore gets slower and slower, then times out (504). It never refuses.",
      },
      {
        title: "Application files",
        text: "The code base is a set of files on the server, here with index.php as the entry point. Deploying version v2 means putting new files in place and restarting or reloading the workers. A reload (SIGUSR2) keeps the socket open, but with process_control_timeout at its default of 0 it kills the busy workers at once; set it and they finish their page first.",
      },
      {
        title: "When the database is down",
        text: "The code gets a connection error from the database driver and answers 500 Internal Server Error with the site's error page. That page uses the site's layout, so it still links style.css, which Nginx serves from disk.",
      },
    ],
    simplified:
      "The code is one script with one query; a real application has routing, many queries and sessions. PHP-FPM listens on 127.0.0.1:9000, as PHP's own pool file has it; Debian's package uses a Unix socket instead, where a full queue gives Nginx an immediate 502 (11: Resource temporarily unavailable). request_terminate_timeout is off, as it is by default, so a hung request holds its worker until it finishes, even after Nginx has given up on it.",
  },

  mysql: {
    role: "Relational database",
    whatItIs:
      "MySQL stores the site's data in tables on disk and answers questions about it written in SQL. The data outlives any single request and survives restarts.",
    inThisRequest:
      "It listens on 127.0.0.1:3306. The app sends SELECT title, body FROM posts ORDER BY created_at DESC LIMIT 10, and MySQL returns 10 rows from the posts table in a few milliseconds.",
    topics: [
      {
        title: "Connection limit",
        text: "max_connections defaults to 151. One more client gets ERROR 1040 (HY000): Too many connections.",
      },
      {
        title: "Why it can be slow",
        text: "Every query takes time, and locks or a full buffer pool make it slower under load. A slow database makes every dynamic page slow, while static files from Nginx are unaffected.",
      },
    ],
    simplified:
      "Every query takes about the same time here; real query times depend on indexes, data size and load. There is one database and no replica.",
  },
};

/**
 * What a user sees when this component fails, as Hopscope simulates it (after
 * FIDELITY.md). Shown in the component's details under "When it fails".
 */
export const FAILURES: Record<string, string> = {
  resolver:
    "If the resolver is down, the browser's stub resolver waits 5 s, asks again, waits 5 s more and gives up: ERR_NAME_NOT_RESOLVED, unless the browser still has the answer in its own 60 s cache. A restarted resolver has lost its cache and starts again from the root.",
  root: "If the root server is down, resolvers that have .com's name servers cached (for two days) do not notice. A resolver with an empty cache gets no answer, tries again, and answers SERVFAIL. The real root has 13 names served by hundreds of machines; one is drawn.",
  tld: "If the .com server is down, resolvers that know foobar.com's name server skip it; others get no answer and answer SERVFAIL after a few tries.",
  auth: "With foobar.com's only name server down, lookups still work while the resolver has the answer cached (the A record for 300 s, the CNAME for an hour). After that the resolver asks ns1.foobar.com three times, gets nothing, and answers SERVFAIL: the browser shows ERR_NAME_NOT_RESOLVED. For the next 5 s it answers SERVFAIL at once without asking. Real zones have at least two name servers for this reason.",
  server:
    "When the machine is off, nothing answers at 8.8.8.8, not even to refuse. The browser's SYN is sent again after 1, 2, 4… s and after 127 s it shows ERR_CONNECTION_TIMED_OUT. A request already inside the server waits for an answer; the browser's keep-alive probe (every 45 s) gets none, and after 9 probes it shows ERR_TIMED_OUT. When the server comes back it has forgotten every connection: the next probe or retransmission gets a reset (ERR_CONNECTION_RESET). Killing the server in the middle of a deploy stops the deploy.",
  nginx:
    "If Nginx is stopped but the machine runs, the machine's kernel answers the SYN with a reset at once: ERR_CONNECTION_REFUSED. Requests Nginx was handling when it stopped have their connections reset. Static files are gone too, since Nginx serves them. A restarted Nginx has forgotten the old connections: a browser that sends on one gets a reset.",
  app: "If PHP-FPM is stopped, the kernel refuses Nginx's connection to 127.0.0.1:9000 at once and Nginx answers 502 Bad Gateway; static files still load, because Nginx serves them itself. If it is slow (each request hangs 75 s), Nginx gives up after fastcgi_read_timeout (60 s) and answers 504 Gateway Time-out; the stuck workers stay busy, so later requests queue behind them, and once the queue is full new connections are dropped until fastcgi_connect_timeout gives 504 too.",
  mysql:
    "If MySQL is stopped, the application's connection is refused (SQLSTATE[HY000] [2002] Connection refused) and it answers 500 with its database error page. If MySQL is slow, the page waits on the query and Nginx answers 504 after 60 s. Static files still load either way.",
  browser:
    "The browser is the user: it does not fail here. It shows what the rest of the stack gives it.",
};
