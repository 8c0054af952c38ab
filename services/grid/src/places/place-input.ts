import { parseText } from '../shared/text-input.js';
import { PlaceErrors } from './places.errors.js';

// Checks on building and household input: each names the field and never echoes the value.

export function text(field: string, value: unknown, max: number): string {
  const parsed = parseText(value, max);
  if (!parsed.ok) throw PlaceErrors.invalid(field, parsed.reason);
  return parsed.value;
}

export function optionalText(field: string, value: unknown, max: number): string | null {
  return value === null || value === undefined || value === '' ? null : text(field, value, max);
}

export function count(field: string, value: unknown, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw PlaceErrors.invalid(field, `must be a whole number from ${min} to ${max}`);
  }
  return value as number;
}

/** WGS-84, inside China's bounding box: a (0, 0) left by a client default is refused, not stored. */
export function coordinates(lat: unknown, lng: unknown): { lat: number; lng: number } {
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < 3 || lat > 54) {
    throw PlaceErrors.invalid('lat', 'must be a latitude in China (3 to 54)');
  }
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < 73 || lng > 136) {
    throw PlaceErrors.invalid('lng', 'must be a longitude in China (73 to 136)');
  }
  return { lat, lng };
}
