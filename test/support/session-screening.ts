import type { Page } from 'playwright-core';
import { answersSumming } from './screening-answers';

/**
 * Answers a PHQ-9 in a BH session's note (the item selects the screening
 * page uses): items 1-8 adding up to `total`, item 9 (self-harm) at 0, the
 * difficulty question blank. Without a total, no screening this session.
 */
export async function answerSessionPhq9(
  page: Page,
  total: number | undefined,
): Promise<void> {
  const group = page.getByRole('group', { name: 'Screening at this session' });
  const instrument = group.getByRole('combobox', { name: 'Instrument' });
  if (total === undefined) {
    await instrument.selectOption('');
    return;
  }
  await instrument.selectOption('phq9');
  const items = group.locator('.item-grid select');
  const answers = [...answersSumming(8, total, 3), 0];
  for (const [i, answer] of answers.entries())
    await items.nth(i).selectOption(String(answer));
}
