import RBush from 'rbush';
import { bbox } from './geo-distance.js';
import type { AreaGeometry, Position } from './geojson.types.js';
import { PreparedArea } from './prepared-area.js';

export interface AreaEntry<T> {
  key: string;
  geometry: AreaGeometry;
  value: T;
}

export interface AreaMatch<T> {
  key: string;
  value: T;
}

interface Item<T> {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  key: string;
  value: T;
  area: PreparedArea;
}

/**
 * In-memory point → area lookup (which grid is this address in?). An R-tree over bounding boxes narrows the
 * candidates; an exact point-in-polygon test on a PreparedArea decides. Geometries should be valid
 * (validateAreaGeometry); the index keeps only its prepared copy, not the GeoJSON.
 *
 * A point on a shared edge or vertex lies in every area that shares it; resolve() then answers with the
 * smallest key (JavaScript string order), so the same point always maps to the same area.
 */
export class AreaIndex<T> {
  private readonly tree = new RBush<Item<T>>();
  private readonly items = new Map<string, Item<T>>();

  get size(): number {
    return this.items.size;
  }

  /** Bulk-adds entries, replacing any with the same key (the last of duplicate keys wins). */
  load(entries: Iterable<AreaEntry<T>>): void {
    const fresh = new Map<string, Item<T>>();
    for (const entry of entries) fresh.set(entry.key, toItem(entry));
    for (const key of fresh.keys()) this.remove(key);
    for (const [key, item] of fresh) this.items.set(key, item);
    this.tree.load([...fresh.values()].filter(hasExtent));
  }

  /** Adds the entry or replaces the one with the same key. */
  upsert(entry: AreaEntry<T>): void {
    this.remove(entry.key);
    const item = toItem(entry);
    this.items.set(entry.key, item);
    if (hasExtent(item)) this.tree.insert(item);
  }

  /** Returns whether the key was present. */
  remove(key: string): boolean {
    const item = this.items.get(key);
    if (!item) return false;
    this.items.delete(key);
    if (hasExtent(item)) this.tree.remove(item);
    return true;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  clear(): void {
    this.items.clear();
    this.tree.clear();
  }

  /** The area containing the point (boundary included), or null. */
  resolve(lng: number, lat: number): AreaMatch<T> | null {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    let best: Item<T> | null = null;
    for (const item of this.tree.search({ minX: lng, minY: lat, maxX: lng, maxY: lat })) {
      if (best && item.key >= best.key) continue;
      if (item.area.locate(lng, lat) !== 'outside') best = item;
    }
    return best && { key: best.key, value: best.value };
  }

  /** resolve() for each [lng, lat], in order. */
  resolveMany(points: Iterable<Position>): (AreaMatch<T> | null)[] {
    return Array.from(points, ([lng, lat]) => this.resolve(lng, lat));
  }
}

function toItem<T>(entry: AreaEntry<T>): Item<T> {
  const [minX, minY, maxX, maxY] = bbox(entry.geometry);
  return {
    minX,
    minY,
    maxX,
    maxY,
    key: entry.key,
    value: entry.value,
    area: new PreparedArea(entry.geometry),
  };
}

// An empty geometry has an inverted box; keeping it out of the tree keeps rbush's arithmetic finite.
function hasExtent(item: Item<unknown>): boolean {
  return item.minX <= item.maxX && item.minY <= item.maxY;
}
