/**
 * A map for the few keys a browser holds (host names, `ip:port` pools): the first
 * key sits in fields, any others in a Map created when first needed. Every
 * generated user has a browser of its own that talks to one host, so this saves
 * allocating (and hashing into) a Map per user. Iteration order is not insertion
 * order once the first key has been deleted.
 */
export class FewMap<K, V> {
  private key: K | undefined = undefined;
  private value: V | undefined = undefined;
  private has0 = false;
  private more: Map<K, V> | undefined = undefined;

  get size(): number {
    return (this.has0 ? 1 : 0) + (this.more?.size ?? 0);
  }

  get(key: K): V | undefined {
    if (this.has0 && this.key === key) return this.value;
    return this.more?.get(key);
  }

  set(key: K, value: V): this {
    if (this.has0 && this.key === key) this.value = value;
    else if (!this.has0 && !this.more?.has(key)) {
      this.key = key;
      this.value = value;
      this.has0 = true;
    } else {
      this.more ??= new Map();
      this.more.set(key, value);
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.has0 && this.key === key) {
      this.key = undefined;
      this.value = undefined;
      this.has0 = false;
      return true;
    }
    return this.more?.delete(key) ?? false;
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.has0) yield [this.key as K, this.value as V];
    if (this.more) yield* this.more.entries();
  }
}
