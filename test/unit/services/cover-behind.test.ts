import { describe, expect, it } from 'vitest';
import { coverBehind } from '../../../src/services/refresh.js';

const mark = (since: string | null) => ({ since, generation: 3 });

describe('coverBehind (the range a refresh covers given an import mark)', () => {
  it('keeps the request when nothing is marked', () => {
    expect(coverBehind({ since: '2025-06-02T10:00:00Z' }, undefined)).toEqual({ since: '2025-06-02T10:00:00Z', snapshotsOnly: false });
    expect(coverBehind({ snapshotsOnly: true }, undefined)).toEqual({ since: undefined, snapshotsOnly: true });
  });

  it('widens to the earlier of the request and the mark', () => {
    expect(coverBehind({ since: '2025-06-02T10:00:00.000Z' }, mark('2025-05-30T08:00:00.000000Z'))).toEqual({ since: '2025-05-30T08:00:00.000000Z', snapshotsOnly: false });
    expect(coverBehind({ since: '2025-05-01T00:00:00Z' }, mark('2025-05-30T08:00:00.000000Z'))).toEqual({ since: '2025-05-01T00:00:00Z', snapshotsOnly: false });
  });

  it('turns a snapshots-only run into a refresh from the mark, and goes full when either asks for everything', () => {
    expect(coverBehind({ snapshotsOnly: true }, mark('2025-05-30T08:00:00.000000Z'))).toEqual({ since: '2025-05-30T08:00:00.000000Z', snapshotsOnly: false });
    expect(coverBehind({ since: '2025-06-02T10:00:00Z' }, mark(null))).toEqual({ since: undefined, snapshotsOnly: false });
    expect(coverBehind({}, mark('2025-05-30T08:00:00.000000Z'))).toEqual({ since: undefined, snapshotsOnly: false });
  });
});
