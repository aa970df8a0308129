/** Ids as the portal gives them (numbers) or natural keys (strings, e.g. in reference data sets). */
export type EntityId = number | string;

/** Ascending order of ids: numbers numerically, strings by code unit, numbers before strings. */
export function compareIds(a: EntityId, b: EntityId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
