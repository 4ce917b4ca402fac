import { answerFromZone, type DnsMessage, describeResponse } from "./dns";
import type { Behaviour, Kernel } from "./kernel";
import type { Message } from "./messages";
import { HopKind, type NameServerSpec } from "./types";

/** An authoritative name server: answers from its zone, or refers to a child zone. */
export const nameServerBehaviour =
  (spec: NameServerSpec): Behaviour<null> =>
  (k, self, _state, from, msg) => {
    if (msg.type !== "dns.query") return;
    const response = answerFromZone(spec.zone, spec.records, msg.qname);
    k.after(self, k.vary(spec.processMs), answer, from, msg, response);
  };

/** The answer leaves, after the server's processing time. */
function answer(
  k: Kernel,
  self: number,
  to: number,
  msg: Extract<Message, { type: "dns.query" }>,
  response: DnsMessage,
): void {
  k.send(
    self,
    to,
    { type: "dns.response", qname: msg.qname, lookup: msg.lookup, response },
    response.rcode === "NXDOMAIN"
      ? "dns.nxdomain"
      : response.answer.length > 0
        ? "dns.answer"
        : "dns.referral",
    HopKind.Dns,
    msg.lookup.request,
    () => describeResponse(response),
  );
}
