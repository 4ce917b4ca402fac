/** What a `LinkedSet` holds: an item with room for its own links. */
export interface Linked<T> {
  /** The set it is in, if any: an item is in at most one `LinkedSet` at a time. */
  linkedIn: { delete(item: T): boolean } | undefined;
  linkPrev: T | undefined;
  linkNext: T | undefined;
}

/**
 * A set that keeps its items in the order they were added (as a `Set` does), linked
 * through the items themselves: adding and removing allocate nothing and hash
 * nothing, and a set that grows and shrinks never rehashes. For the requests a
 * component is working on, which come and go thousands of times a second.
 */
export class LinkedSet<T extends Linked<T>> implements Iterable<T> {
  private head: T | undefined = undefined;
  private tail: T | undefined = undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The item added first (follow `linkNext` for the rest). */
  get first(): T | undefined {
    return this.head;
  }

  has(item: T): boolean {
    return item.linkedIn === this;
  }

  add(item: T): this {
    if (item.linkedIn === this) return this;
    item.linkedIn?.delete(item);
    item.linkedIn = this;
    item.linkPrev = this.tail;
    item.linkNext = undefined;
    if (this.tail) this.tail.linkNext = item;
    else this.head = item;
    this.tail = item;
    this.count++;
    return this;
  }

  delete(item: T): boolean {
    if (item.linkedIn !== this) return false;
    const { linkPrev: prev, linkNext: next } = item;
    if (prev) prev.linkNext = next;
    else this.head = next;
    if (next) next.linkPrev = prev;
    else this.tail = prev;
    item.linkedIn = item.linkPrev = item.linkNext = undefined;
    this.count--;
    return true;
  }

  /** In the order added. An item deleted during the loop is fine; one added is visited too. */
  *[Symbol.iterator](): Iterator<T> {
    for (let item = this.head; item !== undefined; ) {
      const next: T | undefined = item.linkNext;
      yield item;
      item = next;
    }
  }
}
