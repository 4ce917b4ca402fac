/**
 * HAProxy's choice of a server for a new request (src/lb_fwrr.c, src/lb_fwlc.c), for servers
 * of equal weight: `roundrobin` takes them in turn, skipping those that take no traffic (a
 * server coming back joins the rotation where it stands); `leastconn` takes the one with the
 * fewest connections, in turn among equals. Every architecture states its algorithm: since
 * HAProxy 3.3 a backend without `balance` uses `random` (two random choices), which Hopscope
 * does not model.
 */
export type Algorithm = "roundrobin" | "leastconn";

export interface Balancer {
  readonly algorithm: Algorithm;
  /**
   * The server for the next request, among `n` servers: `eligible(i)` says whether server `i`
   * takes traffic, `connections(i)` how many it has now; -1 when none is eligible.
   * `except` (a server the request already failed on, for `option redispatch`) is avoided
   * when another is eligible.
   */
  pick(
    n: number,
    eligible: (i: number) => boolean,
    connections: (i: number) => number,
    except?: number,
  ): number;
}

export function createBalancer(algorithm: Algorithm): Balancer {
  /** The server after which the next turn starts. */
  let last = -1;
  return {
    algorithm,
    pick(n, eligible, connections, except = -1) {
      let best = -1;
      let fallback = -1;
      for (let k = 1; k <= n; k++) {
        const i = (last + k) % n;
        if (!eligible(i)) continue;
        if (i === except) {
          if (fallback < 0) fallback = i;
          continue;
        }
        if (algorithm === "roundrobin") {
          best = i;
          break;
        }
        if (best < 0 || connections(i) < connections(best)) best = i;
      }
      const chosen = best >= 0 ? best : fallback;
      if (chosen >= 0) last = chosen;
      return chosen;
    },
  };
}
