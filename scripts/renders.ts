// Component renders per second in the production build, under a load:
//   npm run build && npx tsx scripts/renders.ts [dist-dir] [query]   (default: dist, ?rps=2000&autoplay=1)
// Counts, through React's DevTools hook (installed before the page loads), every function or
// class component that ran in each commit (its PerformedWork flag, as react-scan does), over 5 s
// after 5 s of build-up. Prints commits/s, renders/s and the components that rendered most.
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const dist = resolve(process.argv[2] ?? "dist");
const query = process.argv[3] ?? "?rps=2000&autoplay=1";

// A string: tsx would wrap a function with helpers the page does not have.
const HOOK = `(() => {
  const counts = new Map();
  const last = new WeakMap();
  let commits = 0;
  let on = false;
  const name = (f) => {
    const t = f.type;
    if (!t) return "?";
    const own = t.displayName || t.name || (t.type && (t.type.displayName || t.type.name)) || (t.render && (t.render.displayName || t.render.name));
    if (own) return own;
    let p = f.return; while (p && !(p.type && (p.type.name || p.type.displayName))) p = p.return;
    return "anonymous in " + (p ? (p.type.displayName || p.type.name) : "?");
  };
  const walk = (f) => {
    for (let n = f; n; n = n.sibling) {
      // Function 0, class 1, forwardRef 11, memo 14, simple memo 15: those run user code.
      if ((n.tag === 0 || n.tag === 1 || n.tag === 11 || n.tag === 14 || n.tag === 15) && (n.flags & 1)) {
        const key = n.memoizedState || n.memoizedProps;
        if (last.get(n) !== key) {
          last.set(n, key);
          if (on) counts.set(name(n), (counts.get(name(n)) || 0) + 1);
        }
      }
      if (n.child) walk(n.child);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject(r) { const id = this.renderers.size + 1; this.renderers.set(id, r); return id; },
    onCommitFiberRoot(_id, root) { if (on) commits++; walk(root.current); },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onScheduleFiberRoot() {},
    checkDCE() {},
  };
  window.__renders = {
    start() { on = true; commits = 0; counts.clear(); },
    stop() { on = false; return { commits, counts: [...counts.entries()].sort((a, b) => b[1] - a[1]) }; },
  };
})();`;

const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(HOOK);
  await page.goto(`${server.url}${query}`);
  await page.waitForTimeout(5_000);
  await page.evaluate("window.__renders.start()");
  await page.waitForTimeout(5_000);
  const { commits, counts } = (await page.evaluate("window.__renders.stop()")) as {
    commits: number;
    counts: [string, number][];
  };
  const total = counts.reduce((n, [, c]) => n + c, 0);
  console.log(
    `${query} (${dist}): ${(commits / 5).toFixed(0)} commits/s, ${(total / 5).toFixed(0)} component renders/s`,
  );
  for (const [name, c] of counts.slice(0, 12))
    console.log(`  ${name.padEnd(28)} ${(c / 5).toFixed(1)}/s`);
} finally {
  await browser.close();
  await server.close();
}
