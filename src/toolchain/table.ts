/** Plain-text tables for terminal output. */

export type Column<T> = {
  header: string;
  get: (row: T) => string | number | undefined | null;
  align?: 'left' | 'right';
};

function cell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  return String(value).replace(/\s+/g, ' ');
}

/**
 * Renders rows as an aligned table with a header and a rule.
 * @returns the lines of the table (no trailing newline), or one line `(none)` when there are no rows
 */
export function renderTable<T>(rows: T[], columns: Column<T>[]): string[] {
  if (rows.length === 0) return ['(none)'];
  const cells = rows.map((row) => columns.map((c) => cell(c.get(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}
