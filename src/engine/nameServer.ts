import { answerFromZone, describeResponse } from "./dns";
import type { Behaviour } from "./kernel";
import { HopKind, type NameServerSpec } from "./types";

/** An authoritative name server: answers from its zone, or refers to a child zone. */
export const nameServerBehaviour =
  (spec: NameServerSpec): Behaviour<null> =>
  (k, self, _state, from, msg) => {
    if (msg.type !== "dns.query") return;
    const response = answerFromZone(spec.zone, spec.records, msg.qname);
    k.after(self, k.vary(spec.processMs), () =>
      k.send(
        self,
        from,
        { type: "dns.response", qname: msg.qname, lookup: msg.lookup, response },
        response.rcode === "NXDOMAIN"
          ? "dns.nxdomain"
          : response.answer.length > 0
            ? "dns.answer"
            : "dns.referral",
        HopKind.Dns,
        msg.lookup.request,
        () => describeResponse(response),
      ),
    );
  };
