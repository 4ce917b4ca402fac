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
    weight?: (i: number) => number,
  ): number;
}

export function createBalancer(algorithm: Algorithm): Balancer {
  return new Rotation(algorithm);
}

/**
 * A balancer's state is data (where the last turn ended, the weighted scores), so a copy of the
 * simulation copies it (see Simulation.fork).
 */
class Rotation implements Balancer {
  /** The server after which the next turn starts. */
  last = -1;
  /** Smooth weighted round robin's running scores, by server (only once weights differ). */
  readonly score: number[] = [];
  constructor(readonly algorithm: Algorithm) {}

  pick(
    n: number,
    eligible: (i: number) => boolean,
    connections: (i: number) => number,
    except = -1,
    weight?: (i: number) => number,
  ): number {
    if (weight !== undefined) return this.weighted(n, eligible, connections, except, weight);
    const { algorithm } = this;
    let best = -1;
    let fallback = -1;
    for (let k = 1; k <= n; k++) {
      const i = (this.last + k) % n;
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
    if (chosen >= 0) this.last = chosen;
    return chosen;
  }

  /**
   * With unequal weights (`set server web/web2 weight 10`): `roundrobin` gives each server its
   * share of requests, spread out rather than in runs (a smooth weighted round robin, as
   * HAProxy's fwrr tree does); `leastconn` compares connections per unit of weight.
   */
  private weighted(
    n: number,
    eligible: (i: number) => boolean,
    connections: (i: number) => number,
    except: number,
    weight: (i: number) => number,
  ): number {
    const { algorithm, score } = this;
    let best = -1;
    let fallback = -1;
    let total = 0;
    for (let k = 1; k <= n; k++) {
      const i = (this.last + k) % n;
      if (!eligible(i)) continue;
      if (i === except) {
        if (fallback < 0) fallback = i;
        continue;
      }
      const w = weight(i);
      if (algorithm === "roundrobin") {
        score[i] = (score[i] ?? 0) + w;
        total += w;
        if (best < 0 || (score[i] as number) > (score[best] as number)) best = i;
      } else if (best < 0 || connections(i) * weight(best) < connections(best) * w) best = i;
    }
    if (best >= 0 && algorithm === "roundrobin") score[best] = (score[best] as number) - total;
    const chosen = best >= 0 ? best : fallback;
    if (chosen >= 0) this.last = chosen;
    return chosen;
  }
}
