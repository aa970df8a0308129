/**
 * Where the demo company sells: a European office-supplies and IT distributor. Cities are real, with
 * their coordinates (WGS84, city centre, 4 decimals) so the geo report can place them on a map.
 */

export interface City {
  readonly name: string;
  readonly country: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Relative share of the region's customers (roughly the size of the business market). */
  readonly weight: number;
}

export interface Region {
  readonly name: string;
  /** Field reps covering the region (one of them is its regional lead). */
  readonly reps: number;
  /** Share of all customers. */
  readonly customerShare: number;
  /** How much a customer here buys compared to elsewhere (order rate × basket size). */
  readonly spendFactor: number;
  readonly cities: readonly City[];
}

const city = (name: string, country: string, latitude: number, longitude: number, weight = 1): City => ({
  name,
  country,
  latitude,
  longitude,
  weight,
});

export const REGIONS: readonly Region[] = [
  {
    name: 'DACH',
    reps: 6,
    customerShare: 0.24,
    spendFactor: 1.15,
    cities: [
      city('Berlin', 'Germany', 52.52, 13.405, 3),
      city('Hamburg', 'Germany', 53.5511, 9.9937, 2),
      city('Munich', 'Germany', 48.1351, 11.582, 2.5),
      city('Cologne', 'Germany', 50.9375, 6.9603, 1.5),
      city('Frankfurt am Main', 'Germany', 50.1109, 8.6821, 2),
      city('Stuttgart', 'Germany', 48.7758, 9.1829, 1.5),
      city('Düsseldorf', 'Germany', 51.2277, 6.7735, 1.2),
      city('Leipzig', 'Germany', 51.3397, 12.3731, 0.8),
      city('Vienna', 'Austria', 48.2082, 16.3738, 2),
      city('Graz', 'Austria', 47.0707, 15.4395, 0.6),
      city('Zurich', 'Switzerland', 47.3769, 8.5417, 1.5),
      city('Geneva', 'Switzerland', 46.2044, 6.1432, 0.8),
      city('Basel', 'Switzerland', 47.5596, 7.5886, 0.6),
    ],
  },
  {
    name: 'France & Benelux',
    reps: 6, // includes the rep who left (see people.ts)
    customerShare: 0.2,
    spendFactor: 1.0,
    cities: [
      city('Paris', 'France', 48.8566, 2.3522, 3.5),
      city('Lyon', 'France', 45.764, 4.8357, 1.5),
      city('Marseille', 'France', 43.2965, 5.3698, 1),
      city('Toulouse', 'France', 43.6047, 1.4442, 1),
      city('Lille', 'France', 50.6292, 3.0573, 0.8),
      city('Bordeaux', 'France', 44.8378, -0.5792, 0.8),
      city('Amsterdam', 'Netherlands', 52.3676, 4.9041, 1.8),
      city('Rotterdam', 'Netherlands', 51.9244, 4.4777, 1.2),
      city('Brussels', 'Belgium', 50.8503, 4.3517, 1.5),
      city('Antwerp', 'Belgium', 51.2194, 4.4025, 0.8),
      city('Luxembourg', 'Luxembourg', 49.6116, 6.1319, 0.6),
    ],
  },
  {
    name: 'Nordics',
    reps: 3,
    customerShare: 0.11,
    spendFactor: 1.2,
    cities: [
      city('Stockholm', 'Sweden', 59.3293, 18.0686, 2),
      city('Gothenburg', 'Sweden', 57.7089, 11.9746, 1),
      city('Malmö', 'Sweden', 55.605, 13.0038, 0.7),
      city('Copenhagen', 'Denmark', 55.6761, 12.5683, 1.8),
      city('Aarhus', 'Denmark', 56.1629, 10.2039, 0.6),
      city('Oslo', 'Norway', 59.9139, 10.7522, 1.5),
      city('Helsinki', 'Finland', 60.1699, 24.9384, 1.4),
    ],
  },
  {
    name: 'Iberia',
    reps: 3,
    customerShare: 0.1,
    spendFactor: 0.95,
    cities: [
      city('Madrid', 'Spain', 40.4168, -3.7038, 2.5),
      city('Barcelona', 'Spain', 41.3874, 2.1686, 2.2),
      city('Valencia', 'Spain', 39.4699, -0.3763, 1),
      city('Seville', 'Spain', 37.3891, -5.9845, 0.8),
      city('Bilbao', 'Spain', 43.263, -2.935, 0.7),
      city('Lisbon', 'Portugal', 38.7223, -9.1393, 1.5),
      city('Porto', 'Portugal', 41.1579, -8.6291, 0.9),
    ],
  },
  {
    name: 'Italy',
    reps: 4,
    customerShare: 0.13,
    spendFactor: 0.9,
    cities: [
      city('Milan', 'Italy', 45.4642, 9.19, 2.5),
      city('Rome', 'Italy', 41.9028, 12.4964, 2.2),
      city('Turin', 'Italy', 45.0703, 7.6869, 1.2),
      city('Bologna', 'Italy', 44.4949, 11.3426, 1),
      city('Florence', 'Italy', 43.7696, 11.2558, 0.8),
      city('Naples', 'Italy', 40.8518, 14.2681, 1),
    ],
  },
  {
    name: 'Central & Eastern Europe',
    reps: 2,
    customerShare: 0.22,
    spendFactor: 0.22,
    cities: [
      city('Warsaw', 'Poland', 52.2297, 21.0122, 2.2),
      city('Kraków', 'Poland', 50.0647, 19.945, 1.2),
      city('Wrocław', 'Poland', 51.1079, 17.0385, 1),
      city('Gdańsk', 'Poland', 54.352, 18.6466, 0.8),
      city('Prague', 'Czechia', 50.0755, 14.4378, 2),
      city('Brno', 'Czechia', 49.1951, 16.6068, 0.7),
      city('Budapest', 'Hungary', 47.4979, 19.0402, 1.8),
      city('Bratislava', 'Slovakia', 48.1486, 17.1077, 0.8),
      city('Bucharest', 'Romania', 44.4268, 26.1025, 1.6),
      city('Cluj-Napoca', 'Romania', 46.7712, 23.6236, 0.6),
      city('Ljubljana', 'Slovenia', 46.0569, 14.5058, 0.6),
      city('Zagreb', 'Croatia', 45.815, 15.9819, 0.8),
    ],
  },
];

/** Many customers, little revenue: few reps and small baskets (the geo report's "under-served"). */
export const UNDER_SERVED_REGION = 'Central & Eastern Europe';
/** Keeps winning new customers, with a burst in the last month (the "why" report's growth driver). */
export const GROWTH_REGION = 'Iberia';
