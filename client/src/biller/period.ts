/** The calendar month containing `d` as YYYY-MM (billing periods are calendar months). */
export function monthOf(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
