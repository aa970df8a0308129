import type { Rng } from './rng.js';

/** Word lists for people and company names; invented combinations, no real persons or firms. */

export const FIRST_NAMES: readonly string[] = [
  'Anna', 'Lukas', 'Sophie', 'Jonas', 'Marie', 'Felix', 'Clara', 'Paul', 'Emma', 'Luca', 'Chloé', 'Hugo',
  'Léa', 'Matteo', 'Giulia', 'Lorenzo', 'Sofia', 'Pablo', 'Lucía', 'Javier', 'Inês', 'Tiago', 'Astrid',
  'Erik', 'Freja', 'Mikkel', 'Ingrid', 'Jakub', 'Zofia', 'Tomáš', 'Eszter', 'Andrei', 'Ioana', 'Niels',
  'Sanne', 'Lars', 'Katarzyna', 'Marco', 'Elena', 'Julien',
];

export const LAST_NAMES: readonly string[] = [
  'Müller', 'Schmidt', 'Weber', 'Fischer', 'Wagner', 'Becker', 'Hoffmann', 'Dubois', 'Martin', 'Bernard',
  'Lefèvre', 'Rossi', 'Bianchi', 'Romano', 'Ferrari', 'García', 'Fernández', 'López', 'Silva', 'Santos',
  'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'Virtanen', 'Kowalski', 'Nowak', 'Novák', 'Horváth',
  'Popescu', 'de Vries', 'Janssens', 'Peeters', 'Bakker', 'Moreau', 'Costa', 'Berg', 'Lindqvist', 'Kovač',
  'Meyer',
];

const TRADES: readonly string[] = [
  'Consulting', 'Logistics', 'Architects', 'Engineering', 'Dental Clinic', 'Law Office', 'Accounting',
  'Insurance', 'Print Shop', 'Real Estate', 'Software', 'Medical Practice', 'Travel', 'Media', 'Bakery',
  'Hotel', 'School', 'Tax Advisors', 'Design Studio', 'Builders', 'Pharmacy', 'Marketing', 'Translations',
  'Security', 'Energy',
];

const LEGAL_FORM: Readonly<Record<string, string>> = {
  Germany: 'GmbH',
  Austria: 'GmbH',
  Switzerland: 'AG',
  France: 'SARL',
  Belgium: 'BV',
  Netherlands: 'B.V.',
  Luxembourg: 'S.à r.l.',
  Sweden: 'AB',
  Denmark: 'ApS',
  Norway: 'AS',
  Finland: 'Oy',
  Spain: 'S.L.',
  Portugal: 'Lda.',
  Italy: 'S.r.l.',
  Poland: 'sp. z o.o.',
  Czechia: 's.r.o.',
  Slovakia: 's.r.o.',
  Hungary: 'Kft.',
  Romania: 'S.R.L.',
  Slovenia: 'd.o.o.',
  Croatia: 'd.o.o.',
};

/**
 * A company name in the customer's country style. A few contain a comma or quotes on purpose, so
 * every consumer of the files has to get CSV quoting right.
 */
export function companyName(rng: Rng, country: string): string {
  const legal = LEGAL_FORM[country] ?? 'Ltd';
  const roll = rng.float();
  if (roll < 0.04) return `${rng.pick(LAST_NAMES)}, ${rng.pick(LAST_NAMES)} & Partners ${legal}`;
  if (roll < 0.05) return `"${rng.pick(LAST_NAMES)}" ${rng.pick(TRADES)} ${legal}`;
  return `${rng.pick(LAST_NAMES)} ${rng.pick(TRADES)} ${legal}`;
}

/** ASCII slug for e-mail addresses: "Müller Bakery GmbH" → "muller-bakery-gmbh". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
