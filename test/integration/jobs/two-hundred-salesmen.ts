import type { FixtureFiles } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { daysAgo } from './jobs-setup.js';

export const SALESMEN = 200;
export const pad = (i: number) => String(i).padStart(3, '0');

/** 200 salesmen in Slack, each with one customer who ordered weekly and stopped a month ago. */
export function twoHundredSalesmen(): FixtureFiles {
  const s = seed().product('P1', { name: 'Printer' });
  for (let i = 1; i <= SALESMEN; i++) {
    s.salesman(`S${pad(i)}`, { name: `Seller ${i}`, slackUser: `U0S${pad(i)}` });
    s.customer(`C${pad(i)}`, { name: `Customer ${i}`, salesman: `S${pad(i)}` });
    for (let d = 100, k = 0; d >= 30; d -= 7, k++) s.sale({ order: `O${pad(i)}-${k}`, on: daysAgo(d), customer: `C${pad(i)}`, product: 'P1', price: 50 + i });
  }
  // One customer still buying, so the data is fresh.
  s.customer('CFRESH', { name: 'Fresh buyer', salesman: 'S001' });
  for (let d = 60, k = 0; d >= 0; d -= 3, k++) s.sale({ order: `F-${k}`, on: daysAgo(d), customer: 'CFRESH', product: 'P1', price: 10 });
  return s.files();
}

