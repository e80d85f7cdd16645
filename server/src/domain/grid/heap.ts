// A binary min-heap of (key, value) pairs in growable typed arrays. Region growing pushes
// hundreds of thousands of frontier entries; objects per entry would dominate the run time.

export class MinHeap {
  private keys = new Float64Array(16);
  private values = new Int32Array(16);
  private length = 0;

  get size(): number {
    return this.length;
  }

  push(key: number, value: number): void {
    if (this.length === this.keys.length) this.grow();
    let i = this.length++;
    // Ties are broken by value so the order never depends on insertion history alone.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(key, value, this.keys[parent], this.values[parent])) break;
      this.keys[i] = this.keys[parent];
      this.values[i] = this.values[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  peekKey(): number {
    return this.keys[0];
  }

  /** Removes the smallest entry and returns its value; the heap must not be empty. */
  pop(): number {
    const top = this.values[0];
    const key = this.keys[--this.length];
    const value = this.values[this.length];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.length) break;
      const right = child + 1;
      if (right < this.length && this.before(this.keys[right], this.values[right], this.keys[child], this.values[child])) {
        child = right;
      }
      if (!this.before(this.keys[child], this.values[child], key, value)) break;
      this.keys[i] = this.keys[child];
      this.values[i] = this.values[child];
      i = child;
    }
    this.keys[i] = key;
    this.values[i] = value;
    return top;
  }

  private before(keyA: number, valueA: number, keyB: number, valueB: number): boolean {
    return keyA < keyB || (keyA === keyB && valueA < valueB);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
