/**
 * A queue that takes turns between groups (batches): each shift takes the next
 * item of the group that waited longest for a turn, so one batch of ten long
 * videos cannot starve a batch that arrived later.
 */

/** Round-robin queue over groups; FIFO within a group. */
export class FairQueue<T> {
  private readonly groups = new Map<string, T[]>();
  // Groups with waiting items, in the order they get their next turn.
  private turn: string[] = [];
  private count = 0;

  /** Number of waiting items. */
  get size(): number {
    return this.count;
  }

  /** Adds an item at the end of its group; a new group gets the last turn. */
  push(group: string, item: T): void {
    let items = this.groups.get(group);
    if (!items) {
      items = [];
      this.groups.set(group, items);
      this.turn.push(group);
    }
    items.push(item);
    this.count++;
  }

  /** Takes the next item, from the group whose turn it is; that group then goes to the back. */
  shift(): T | undefined {
    const group = this.turn.shift();
    if (group === undefined) return undefined;
    const items = this.groups.get(group)!;
    const item = items.shift()!;
    this.count--;
    if (items.length > 0) this.turn.push(group);
    else this.groups.delete(group);
    return item;
  }

  /** Removes one waiting item; false when it was not waiting. */
  remove(item: T): boolean {
    for (const [group, items] of this.groups) {
      const i = items.indexOf(item);
      if (i < 0) continue;
      items.splice(i, 1);
      this.count--;
      if (items.length === 0) {
        this.groups.delete(group);
        this.turn = this.turn.filter((g) => g !== group);
      }
      return true;
    }
    return false;
  }

  /** Removes and returns every waiting item. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}
