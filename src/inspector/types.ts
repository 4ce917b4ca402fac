/**
 * What the packet inspector shows for one hop: a protocol analyser's layers, outermost first
 * (IP, then TCP or UDP, then the application's message), each a summary line and its fields.
 * Plain text only: nothing here is HTML.
 */
export interface Field {
  name: string;
  value: string;
}

export interface Layer {
  /** The protocol's name: "Internet Protocol Version 4", "Domain Name System (response)". */
  name: string;
  /** One line, as a protocol analyser's tree shows the layer folded: "…, Src: 8.8.8.8, Dst: …". */
  summary: string;
  fields: Field[];
  /** Parts of the message (DNS records, FastCGI records, MySQL packets), each a layer of its own. */
  children?: Layer[];
}

/** A field: shorthand for the decoders' tables. */
export function field(name: string, value: string | number): Field {
  return { name, value: String(value) };
}
