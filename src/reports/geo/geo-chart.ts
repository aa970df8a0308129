import type { ChartConfiguration, Plugin } from 'chart.js';
import type { GeoReport, GeoReportCity } from './geo-report.js';
import type { ReportEnvelope } from '../report-module.js';
import { inUsStates, usStates, worldCountries, type AtlasFeature } from '../../charts/atlas.js';
import { compact, heading, percent, periodText, truncate } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';
import { colour, FONT_FAMILY, INK, translucent, TYPE } from '../../charts/theme.js';

/** Cities named on the map (the largest bubbles). */
const NAMED = 5;
const LAND = '#eeeeee';
/** Smallest zoomed view, in degrees. */
const MIN_VIEW = { lon: 16, lat: 8 };
/** Views wider than this (degrees) show the whole world instead of a zoomed region. */
const WORLD_SPAN = 120;

type Located = GeoReportCity & { latitude: number; longitude: number };

interface MapView {
  projection: 'albersUsa' | 'mercator' | 'equalEarth';
  /** What the projection is fitted to. */
  fit: object;
  background: AtlasFeature[];
}

/** Corners and edge midpoints of a lon/lat box: on a Mercator map its projected bounds are the box's. */
function boxPoints(w: number, s: number, e: number, n: number): object {
  const mx = (w + e) / 2;
  const my = (s + n) / 2;
  const coordinates = [[w, s], [mx, s], [e, s], [e, my], [e, n], [mx, n], [w, n], [w, my]];
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates } };
}

/**
 * US-only data: the states on an Albers USA map. Otherwise world countries on a Mercator map zoomed to
 * the cities (with a margin), or the whole world (Equal Earth) when they span continents.
 */
function mapView(cities: readonly Located[]): MapView {
  if (cities.every((c) => inUsStates(c.longitude, c.latitude))) {
    const states = usStates();
    return { projection: 'albersUsa', fit: { type: 'FeatureCollection', features: states.map((s) => s.feature) }, background: states };
  }
  const lons = cities.map((c) => c.longitude);
  const lats = cities.map((c) => c.latitude);
  let w = Math.min(...lons);
  let e = Math.max(...lons);
  let s = Math.min(...lats);
  let n = Math.max(...lats);
  if (e - w > WORLD_SPAN || n - s > WORLD_SPAN / 2) {
    return { projection: 'equalEarth', fit: { type: 'Sphere' }, background: worldCountries('110m') };
  }
  // A margin around the cities, and at least a country-sized view so one city still shows where it is.
  const padX = Math.max(2, (e - w) * 0.12, (MIN_VIEW.lon - (e - w)) / 2);
  const padY = Math.max(1.5, (n - s) * 0.12, (MIN_VIEW.lat - (n - s)) / 2);
  w = Math.max(-180, w - padX);
  e = Math.min(180, e + padX);
  s = Math.max(-80, s - padY);
  n = Math.min(84, n + padY);
  // The plot is wider or taller than the fitted box (the map keeps its aspect): keep countries well around it.
  const [mw, mh] = [e - w, n - s];
  const background = worldCountries().filter(({ bbox: [bw, bs, be, bn] }) => bw <= e + mw && be >= w - mw && bs <= n + mh && bn >= s - mh);
  return { projection: 'mercator', fit: boxPoints(w, s, e, n), background };
}

/**
 * Paints the countries or states under the bubbles with the projection the map scale fitted. A plugin
 * rather than a second geo dataset: a dataset outline is projected again on every layout pass.
 */
function basemap(features: readonly AtlasFeature[]): Plugin {
  const collection = { type: 'FeatureCollection', features: features.map((f) => f.feature) };
  return {
    id: 'basemap',
    beforeDatasetsDraw(chart) {
      const scale = chart.scales.projection as unknown as { geoPath?: { context(c: unknown): (f: unknown) => void } } | undefined;
      if (!scale?.geoPath) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
      ctx.clip();
      ctx.beginPath();
      scale.geoPath.context(ctx)(collection);
      ctx.fillStyle = LAND;
      ctx.fill();
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      ctx.stroke();
      ctx.restore();
    },
  };
}

/** Names the largest bubbles next to them. */
function cityNames(cities: readonly Located[]): Plugin {
  const named = new Set([...cities.keys()].sort((a, b) => cities[b]!.revenue - cities[a]!.revenue).slice(0, NAMED));
  return {
    id: 'cityNames',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(0);
      const { ctx } = chart;
      ctx.save();
      ctx.font = `bold ${TYPE.label}px ${FONT_FAMILY}`;
      ctx.fillStyle = INK;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.lineWidth = 4;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      const taken: { l: number; r: number; t: number; b: number }[] = [];
      const { left, right } = chart.chartArea;
      // Biggest first, so the largest cities win a spot when names would collide.
      for (const i of [...named].sort((a, b) => cities[b]!.revenue - cities[a]!.revenue)) {
        const el = meta.data[i];
        if (!el) continue;
        const { x, y } = el.getProps(['x', 'y'], true) as { x: number; y: number };
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const r = (el as unknown as { options?: { radius?: number } }).options?.radius ?? 6;
        const text = truncate(cities[i]!.city, 18);
        const w = ctx.measureText(text).width;
        const [t, b] = [y - TYPE.label / 2 - 2, y + TYPE.label / 2 + 2];
        const l = [x + r + 4, x - r - 4 - w].find((c) => c >= left && c + w <= right && !taken.some((k) => c < k.r && c + w > k.l && t < k.b && b > k.t));
        if (l === undefined) continue;
        taken.push({ l, r: l + w, t, b });
        ctx.strokeText(text, l, y);
        ctx.fillText(text, l, y);
      }
      ctx.restore();
    },
  };
}

/** Without coordinates: revenue share against customer share per region, under-served ones flagged. */
function regionBars(r: GeoReport & Pick<ReportEnvelope, 'period'>): ChartConfiguration | null {
  const regions = r.regions.slice(0, 10);
  if (regions.length === 0) return null;
  return horizontalBarsChart({
    title: `Revenue by region · ${periodText(r.period)}`,
    subtitle: `${compact(r.totalRevenue)} revenue · ${r.underServedCount} under-served (revenue share < half the customer share)`,
    axisTitle: 'Share of revenue',
    formatTick: (v) => percent(v),
    bars: regions.map((g) => ({
      label: truncate(g.region, 22),
      value: g.revenueShare,
      valueLabel: `${percent(g.revenueShare)} of revenue · ${percent(g.customerShare)} of customers`,
      colour: g.underServed ? colour(3) : colour(0),
    })),
  }) as ChartConfiguration;
}

/**
 * Revenue per city as bubbles (area ∝ revenue, colour = region) on a map chosen by where the cities
 * are (see {@link mapView}). Cities without coordinates are left off; with none located, a bar chart
 * per region. Null when the result has neither cities nor regions.
 */
export function geoChart(r: GeoReport & Pick<ReportEnvelope, 'period'>): ChartConfiguration | null {
  const located = r.cities.filter((c): c is Located => c.latitude !== null && c.longitude !== null && Number.isFinite(c.latitude) && Number.isFinite(c.longitude));
  if (located.length === 0) return regionBars(r);
  const view = mapView(located);
  const regionOrder = [...new Set([...r.regions.map((g) => g.region), ...located.map((c) => c.region)])];
  const regionColour = (region: string) => colour(Math.max(0, regionOrder.indexOf(region)));
  const legendRegions = regionOrder.filter((g) => located.some((c) => c.region === g)).slice(0, 8);
  const maxRevenue = Math.max(0, ...located.map((c) => c.revenue));
  const shown = located.length < r.cityCount ? `top ${located.length} of ${r.cityCount} cities` : `${located.length} ${located.length === 1 ? 'city' : 'cities'}`;
  return {
    type: 'bubbleMap',
    data: {
      labels: located.map((c) => c.city),
      datasets: [
        {
          label: 'Revenue',
          data: located.map((c) => ({ longitude: c.longitude, latitude: c.latitude, value: Math.max(0, c.revenue) })),
          outline: view.fit,
          showOutline: false,
          clipMap: true,
          backgroundColor: located.map((c) => translucent(regionColour(c.region), 0.6)),
          borderColor: located.map((c) => regionColour(c.region)),
          borderWidth: 1.5,
        },
      ],
    },
    options: {
      layout: { padding: { left: 4, right: 4, top: 0, bottom: 4 } },
      plugins: {
        ...heading(`Revenue by city · ${periodText(r.period)}`, `${compact(r.totalRevenue)} revenue · ${shown} · bubble area = revenue`),
        legend: {
          display: legendRegions.length > 1,
          position: 'right',
          labels: {
            font: { size: TYPE.label },
            boxWidth: 14,
            usePointStyle: true,
            generateLabels: () =>
              legendRegions.map((g) => ({ text: truncate(g, 18), fillStyle: regionColour(g), strokeStyle: regionColour(g), pointStyle: 'circle', lineWidth: 0, hidden: false })),
          },
        },
        tooltip: { enabled: false },
      },
      scales: {
        projection: { axis: 'x', projection: view.projection, padding: 8 },
        size: { axis: 'x', display: false, range: [4, 28], mode: 'area', min: 0, max: maxRevenue > 0 ? maxRevenue : 1 },
      },
    },
    plugins: [basemap(view.background), cityNames(located)],
  } as unknown as ChartConfiguration;
}
