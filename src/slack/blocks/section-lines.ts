import { section, type Block } from './builders.js';
import { LIMITS } from './limits.js';
import { fit, textLength } from './text.js';

/**
 * Lines of mrkdwn packed into as few sections as fit 3000 characters each; a line is never split
 * between sections (one over-long line is cut on its own).
 */
export function sectionLines(lines: readonly string[], max: number = LIMITS.sectionText): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  let used = 0;
  const flush = () => {
    if (current.length > 0) blocks.push(section(current.join('\n')));
    current = [];
    used = 0;
  };
  for (const raw of lines) {
    const line = fit(raw, max);
    const cost = textLength(line) + (current.length > 0 ? 1 : 0);
    if (used + cost > max) flush();
    current.push(line);
    used += textLength(line) + (current.length > 1 ? 1 : 0);
  }
  flush();
  return blocks;
}
