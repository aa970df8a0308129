import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OVERVIEW_REPORT, REPORTS, reportByName } from '../../../src/reports/registry.js';

describe('report registry', () => {
  it('lists each report once, under a lower-case word that is also its folder name', () => {
    const names = REPORTS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+$/);
    expect(reportByName('rfm')?.name).toBe('rfm');
    expect(reportByName('nope')).toBeUndefined();
    expect(OVERVIEW_REPORT).toBe(REPORTS[0]);
  });

  it('gives every phrase to one report only, written as people type it', () => {
    const owner = new Map<string, string>();
    for (const r of REPORTS) {
      for (const p of r.phrases) {
        expect(p, `${r.name}: "${p}"`).toBe(p.toLowerCase().replace(/\s+/g, ' ').trim());
        expect(owner.get(p), `"${p}" is claimed by ${owner.get(p)} and ${r.name}`).toBeUndefined();
        owner.set(p, r.name);
      }
      expect(r.phrases, `${r.name} answers to its own name`).toContain(r.name);
      for (const p of Object.keys(r.phraseOptions ?? {})) expect(r.phrases, `${r.name}: phrase option for "${p}"`).toContain(p);
    }
  });

  it('numbers App Home buttons without gaps or repeats', () => {
    const positions = REPORTS.flatMap((r) => (r.homeButton === undefined ? [] : [r.homeButton])).sort((a, b) => a - b);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
  });

  it('validates exactly the options each report declares', () => {
    for (const r of REPORTS) {
      expect(r.optionsSchema, r.name).toBeInstanceOf(z.ZodObject);
      const shape = Object.keys((r.optionsSchema as unknown as z.ZodObject).shape).sort();
      expect(shape, r.name).toEqual(r.options.map((o) => o.key).sort());
      expect(r.optionsSchema.safeParse({}).success, `${r.name}: no options is the default request`).toBe(true);
    }
  });

  it('groups snapshot policies under names, and every report has a help example', () => {
    for (const r of REPORTS) {
      if (r.snapshot) expect(r.snapshot.group).toMatch(/^[a-z-]+$/);
      expect(r.help.example.trim().length, r.name).toBeGreaterThan(0);
    }
  });
});
