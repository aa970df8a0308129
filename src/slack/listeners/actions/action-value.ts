import type { BlockAction } from '@slack/bolt';

/** The value a person chose: a button's value, or the selected option of a select menu or overflow. */
export function chosenValue(body: BlockAction): string | undefined {
  const action = body.actions[0];
  if (!action) return undefined;
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option && typeof action.selected_option.value === 'string') {
    return action.selected_option.value;
  }
  return undefined;
}
