// rbush 4 ships no type declarations; this covers the part of its API the area index uses.
declare module 'rbush' {
  export interface RBushBox {
    minX: number;
    minY: number;
    maxX: number;
    maxY: number;
  }

  export default class RBush<T extends RBushBox = RBushBox> {
    constructor(maxEntries?: number);
    insert(item: T): this;
    load(items: readonly T[]): this;
    remove(item: T, equals?: (a: T, b: T) => boolean): this;
    search(box: RBushBox): T[];
    collides(box: RBushBox): boolean;
    all(): T[];
    clear(): this;
  }
}
