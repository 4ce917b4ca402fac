import type { Lesson } from "../types";

/** Inside 8.8.8.8: the web server, the application server, the code base and the database. */
export const partsOfTheServer: Lesson = {
  id: "parts-of-the-server",
  title: "The parts of the server",
  summary:
    "One machine runs three programs: the web server answers browsers and serves files, the application server runs the code base, the database keeps the data.",
  questions: [
    "What is the role of the web server?",
    "What is the role of the application server?",
    "What is the role of the code base?",
    "What is the role of the database?",
    "What is the difference between a static file and a dynamic page?",
  ],
  steps: [
    {
      kind: "show",
      id: "three-programs",
      title: "One machine, three programs",
      text: "The server 8.8.8.8 is one machine running three programs: Nginx, the web server; PHP-FPM, the application server, which runs the site's code; and MySQL, the database. Each listens on its own port: 80, 9000 and 3306.",
      setup: { scene: "one-server" },
    },
    {
      kind: "predict",
      id: "front-door",
      title: "Who takes the request?",
      text: "Your browser connects to 8.8.8.8, port 80, and sends GET / HTTP/1.1: give me the home page.",
      setup: { scene: "first-visit" },
      prompt: "Click the program that receives the browser's request.",
      question: {
        type: "component",
        candidates: ["nginx", "app", "mysql"],
        answer: ["nginx"],
        right:
          "Right: Nginx, the web server, listens on port 80 and takes every request from browsers. For the home page it then asks the application server.",
        otherwise: "Browsers only ever talk to the web server, Nginx, on port 80.",
        wrong: {
          app: "PHP-FPM listens on 127.0.0.1:9000: inside the machine only. Browsers cannot reach it; Nginx passes requests to it.",
          mysql:
            "MySQL listens on 127.0.0.1:3306, inside the machine only: it answers the application's SQL, never a browser.",
        },
      },
      watchMs: 320,
      explanation:
        "The web server (Nginx) is the front door: it accepts the browsers' connections, speaks HTTP, sends static files itself and passes everything else to the application server (here over FastCGI), then relays its answer.",
      facts: [
        { kind: "trace", step: "http.request", from: "browser", to: "nginx" },
        { kind: "trace", step: "fastcgi.request", from: "nginx", to: "app" },
        { kind: "trace", step: "http.response", from: "nginx", to: "browser" },
      ],
    },
    {
      kind: "predict",
      id: "static-file",
      title: "A static file",
      text: "This time the browser asks for /logo.png, the site's logo: a file that is the same for every visitor.",
      setup: { scene: "one-server" },
      acts: [{ at: 0, act: { op: "visit", host: "www.foobar.com", path: "/logo.png" } }],
      prompt: "What does the application server do for /logo.png?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "Nothing: Nginx reads the file from disk and sends it",
            reveal:
              "Right: Nginx found /var/www/foobar/logo.png on disk and sent it. The application server never heard of this request.",
          },
          {
            id: "b",
            text: "It runs code that draws the logo",
            reveal:
              "The logo never changes, so no code needs to run: it is a file on disk, and Nginx sent it as it is.",
          },
          {
            id: "c",
            text: "It fetches the logo from MySQL",
            reveal:
              "The database keeps the site's data (posts, comments), not its images: those are files, which Nginx reads from disk.",
          },
        ],
      },
      watchMs: 400,
      explanation:
        "A static file (an image, a stylesheet) is the same for everyone: the web server sends it straight from disk, fast. Only dynamic pages, made anew for each request, go to the application server.",
      facts: [
        { kind: "visit", outcome: "ok" },
        { kind: "trace", step: "http.static", component: "nginx", includes: "logo.png" },
        { kind: "trace", step: "fastcgi.request", absent: true },
        { kind: "trace", step: "sql.query", absent: true },
      ],
    },
    {
      kind: "predict",
      id: "who-builds-the-page",
      title: "Who makes the home page?",
      text: "The home page is dynamic: it shows the latest posts, so it is built anew for every visit. Watch the request for / go into the machine.",
      setup: { scene: "first-visit" },
      prompt: "Click the program that builds the home page's HTML.",
      question: {
        type: "component",
        candidates: ["nginx", "app", "mysql"],
        answer: ["app"],
        right:
          "Right: a PHP-FPM worker ran index.php, asked MySQL for the posts and rendered the HTML; Nginx relayed it.",
        otherwise: "The application server (PHP-FPM) ran the code that built the page.",
        wrong: {
          nginx:
            "Nginx cannot run the site's code: it passed GET / to PHP-FPM over FastCGI and relayed the HTML it got back.",
          mysql:
            "MySQL only handed back rows of data (the ten posts); it writes no HTML. The code did, in the application server.",
        },
      },
      watchMs: 320,
      explanation:
        "The application server (PHP-FPM here; Gunicorn or Puma for Python or Ruby) runs the site's code: a pool of workers, each handling one request at a time, asking the database for data and rendering the HTML. The web server handles HTTP; the application server handles the logic.",
      facts: [
        { kind: "trace", step: "app.run", component: "app", includes: "index.php" },
        { kind: "trace", step: "app.render", component: "app" },
        { kind: "trace", step: "fastcgi.response", from: "app", includes: "200 OK" },
      ],
    },
    {
      kind: "predict",
      id: "code-decides",
      title: "A page the code does not have",
      text: "The site's code base is its program: the files (index.php, its templates) the application server runs, in one version: v1. The browser now asks for /about, a page this code does not have.",
      setup: { scene: "one-server" },
      acts: [{ at: 0, act: { op: "visit", host: "www.foobar.com", path: "/about" } }],
      prompt: "What comes back for /about?",
      question: {
        type: "choice",
        answer: "a",
        choices: [
          {
            id: "a",
            text: "404 Not Found, written by the site's code",
            reveal:
              "Right: Nginx found no file called about and passed the request to the code, which has no page /about and answered 404 Not Found.",
          },
          {
            id: "b",
            text: "404 Not Found, written by Nginx",
            reveal:
              "Nginx did look on disk first, found no file, and passed the request on, as it does with every path that is not a file. The 404 page came from the code.",
          },
          {
            id: "c",
            text: "500 Internal Server Error",
            reveal:
              "Nothing broke: the code ran normally and decided that this page does not exist, which is a 404.",
          },
          {
            id: "d",
            text: "The home page",
            reveal:
              "The code only answers the pages it has (here /): for any other path it says 404 Not Found.",
          },
        ],
      },
      watchMs: 400,
      explanation:
        "The code base decides what the site is: which pages exist, what each one shows, what is saved. The application server only runs it. To change the site you change the code base and deploy its new version (v2), which the application server then runs.",
      facts: [
        { kind: "visit", outcome: "http_404" },
        { kind: "version", version: "v1" },
        { kind: "trace", step: "fastcgi.request", to: "app", includes: "GET /about" },
        { kind: "trace", step: "fastcgi.response", from: "app", includes: "404 Not Found" },
      ],
    },
    {
      kind: "predict",
      id: "where-the-data-lives",
      title: "Where the posts come from",
      text: "The home page lists the ten latest posts. They were written last week, and the server has been restarted since.",
      setup: { scene: "first-visit" },
      prompt: "Click the program that keeps the posts.",
      question: {
        type: "component",
        candidates: ["nginx", "app", "mysql"],
        answer: ["mysql"],
        right:
          "Right: the code sent MySQL a query, SELECT title, body FROM posts…, and got 10 rows back. The database keeps them on disk.",
        otherwise:
          "The posts are data: the database, MySQL, keeps them and answers the code's query.",
        wrong: {
          app: "The code asks for the posts but does not keep them: a worker forgets everything once its request is done. It asked MySQL.",
          nginx:
            "Nginx keeps static files only: the logo, the stylesheet. The posts are data, in the database.",
        },
      },
      watchMs: 320,
      explanation:
        "The database (MySQL) stores the site's data (posts, users, comments) safely on disk, across restarts, and answers the code's questions in SQL. The code can be replaced at every deploy; the data must survive.",
      facts: [
        { kind: "trace", step: "sql.query", from: "app", to: "mysql", includes: "SELECT" },
        { kind: "trace", step: "sql.result", from: "mysql", to: "app", includes: "10 rows" },
      ],
    },
  ],
};
