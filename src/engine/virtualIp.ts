/**
 * Addresses that move between machines: keepalived's virtual IP (VRRP). Everything else in a
 * topology has a fixed address; one of these is on whichever machine added it to its interface.
 *
 * Two facts decide where a packet for it goes, as on a real LAN:
 * - `arp`: the machine the router sends it to (its ARP entry for the address). It changes only
 *   when a new MASTER announces the address with gratuitous ARP. keepalived sends 5 at once and
 *   5 more after 5 s (`vrrp_garp_master_repeat`, `vrrp_garp_master_delay`); the first one
 *   already updates the router, so the move is modelled as instant.
 * - whether that machine has the address on its interface (`added`): a machine that removed it
 *   (BACKUP, FAULT) or rebooted since (a boot starts with only its own addresses) drops the packet,
 *   and so does a machine that is switched off. No one answers: the sender's TCP retransmits.
 *
 * The table is per simulation (made with the compiled topology); keepalived changes it.
 */
export interface VirtualAddress {
  readonly ip: string;
  /** The machine (index) the router sends the address's packets to; -1 before anyone announced it. */
  arp: number;
  /** Machines that have the address on their interface, with their boot count (`Kernel.epochOf`) then. */
  readonly added: Map<number, number>;
}

export class VirtualAddresses {
  private readonly byIp = new Map<string, VirtualAddress>();
  /** By a browser connection's `ip:port` key: the address, or null for a fixed one. */
  private readonly byKey = new Map<string, VirtualAddress | null>();

  constructor(ips: readonly string[]) {
    for (const ip of ips)
      if (!this.byIp.has(ip)) this.byIp.set(ip, { ip, arp: -1, added: new Map() });
  }

  /** How many virtual addresses the topology has (0: the network never looks here). */
  get size(): number {
    return this.byIp.size;
  }

  get(ip: string): VirtualAddress | undefined {
    return this.byIp.get(ip);
  }

  /** The virtual address a browser connection (`8.8.8.8:80`) goes to, if it is one. */
  ofKey(key: string): VirtualAddress | undefined {
    let found = this.byKey.get(key);
    if (found === undefined) {
      found = this.byIp.get(key.slice(0, key.lastIndexOf(":"))) ?? null;
      if (this.byKey.size < 1024) this.byKey.set(key, found);
    }
    return found ?? undefined;
  }

  /** Whether `machine` has the address on its interface now (`boot`: its boot count now). */
  isOn(address: VirtualAddress, machine: number, boot: number): boolean {
    return address.added.get(machine) === boot;
  }

  /** `ip addr add`: the address is on `machine` until removed or the machine reboots. */
  add(address: VirtualAddress, machine: number, boot: number): void {
    address.added.set(machine, boot);
  }

  /** `ip addr del`. */
  remove(address: VirtualAddress, machine: number): void {
    address.added.delete(machine);
  }

  /** Gratuitous ARP from `machine`: the router sends the address's packets there from now on. */
  announce(address: VirtualAddress, machine: number): void {
    address.arp = machine;
  }

  /**
   * The machine that takes the address's packets now: the router's ARP entry, if that machine
   * has the address on its interface; -1 when none does (its packets are lost).
   */
  holder(address: VirtualAddress, bootOf: (machine: number) => number): number {
    const m = address.arp;
    return m >= 0 && this.isOn(address, m, bootOf(m)) ? m : -1;
  }
}
