import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/lib/text-tokens.js';
import { quoteToken, tokenizeSpans } from '../../../src/requests/tokens.js';
import { randomText, rng } from '../../helpers/fuzz.js';

describe('tokens', () => {
  it('span tokens agree with the shared tokenizer, and quoteToken reads back unchanged', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomText(rng(seed));
      expect(tokenizeSpans(text).map((t) => t.value), `seed ${seed}`).toEqual(tokenize(text));
      for (const t of tokenize(text)) expect(tokenize(quoteToken(t)), `seed ${seed}`).toEqual([t]);
    }
  });
});
