import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

/**
 * Map outlines for the geo chart, from the us-atlas and world-atlas TopoJSON files in node_modules,
 * read and converted to GeoJSON once per process (the world file takes ~50 ms to parse).
 */

const require = createRequire(import.meta.url);

export interface AtlasFeature {
  feature: Feature<Geometry>;
  /** [west, south, east, north] in degrees, from the coordinates (not antimeridian-aware). */
  bbox: [number, number, number, number];
}

/** Territories the Albers USA projection leaves out; a bubble there could not be placed on that map. */
const OUTSIDE_ALBERS_USA = new Set(['Puerto Rico', 'Guam', 'American Samoa', 'Commonwealth of the Northern Mariana Islands', 'United States Virgin Islands']);

function rings(g: Geometry): Position[][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(rings);
  return [];
}

function withBbox(f: Feature<Geometry>): AtlasFeature {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const ring of rings(f.geometry)) {
    for (const [x, y] of ring as [number, number][]) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return { feature: f, bbox: [w, s, e, n] };
}

function load(file: string, object: string): AtlasFeature[] {
  const topology = require(file) as Topology;
  const fc = feature(topology, object) as unknown as FeatureCollection<Geometry>;
  return fc.features.map(withBbox);
}

const world = new Map<'50m' | '110m', AtlasFeature[]>();
let states: AtlasFeature[] | undefined;

/**
 * Countries of the world (Natural Earth, via world-atlas): 1:50m for zoomed maps, 1:110m for the whole
 * world, where finer coasts cost drawing time and cannot be seen.
 */
export function worldCountries(detail: '50m' | '110m' = '50m'): AtlasFeature[] {
  let countries = world.get(detail);
  if (!countries) world.set(detail, (countries = load(`world-atlas/countries-${detail}.json`, 'countries')));
  return countries;
}

/** US states and DC that the Albers USA projection shows (us-atlas 1:10m). */
export function usStates(): AtlasFeature[] {
  states ??= load('us-atlas/states-10m.json', 'states').filter((s) => !OUTSIDE_ALBERS_USA.has(String(s.feature.properties?.name)));
  return states;
}

/** Even-odd ray casting over every ring: planar in degrees, which is plenty to tell which country a city is in. */
function contains(f: AtlasFeature, lon: number, lat: number): boolean {
  const [w, s, e, n] = f.bbox;
  if (lon < w || lon > e || lat < s || lat > n) return false;
  let inside = false;
  for (const ring of rings(f.feature.geometry)) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** How far outside a state's bounding box a point in no country (a coastal city in the sea at 1:10m) may be. */
const COAST_DEGREES = 1;

/**
 * True when the point lies in a US state the Albers USA map shows; a point in no country at all (city
 * centres on the coast can fall just offshore at this detail) counts when it is next to a state.
 */
export function inUsStates(lon: number, lat: number): boolean {
  if (usStates().some((s) => contains(s, lon, lat))) return true;
  const near = usStates().some(({ bbox: [w, s, e, n] }) => lon >= w - COAST_DEGREES && lon <= e + COAST_DEGREES && lat >= s - COAST_DEGREES && lat <= n + COAST_DEGREES);
  return near && !worldCountries().some((c) => c.feature.properties?.name !== 'United States of America' && contains(c, lon, lat));
}
