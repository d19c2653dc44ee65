/**
 * Multi-row INSERTs for bulk writers (an import's patients, a broadcast's messages): one
 * statement per many rows instead of per row, because the call into SQLite and the statement's
 * set-up cost about a third of a bare insert. Rows of one statement get ascending ids in VALUES
 * order, so a caller that needs the ids can read them back with `returning id`.
 */

/** SQLite's default limit on host parameters in one statement. */
const MAX_PARAMETERS = 32_766;

/** `insert into <head> values (?, …), (?, …), …<tail>` for `rows` rows of `width` values. */
export function multiRowInsertSql(head: string, width: number, rows: number, tail = ''): string {
  if (rows * width > MAX_PARAMETERS) throw new Error(`${rows} rows of ${width} values exceed SQLite's ${MAX_PARAMETERS} parameters`);
  const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return `insert into ${head} values ${Array.from({ length: rows }, () => row).join(', ')}${tail}`;
}
