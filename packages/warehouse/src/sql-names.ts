/** Names that are put into SQL text must be plain identifiers; everything else goes in as a parameter. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`${what} "${name}" must be letters, digits and "_", starting with a letter or "_"`);
  return name;
}

/** Insert deduplication tokens are built from topic names and offsets; refuse anything else. */
export function checkToken(token: string): string {
  if (!/^[A-Za-z0-9._:/-]{1,512}$/.test(token)) throw new TypeError(`deduplication token "${token}" has characters outside [A-Za-z0-9._:/-]`);
  return token;
}

/** A ClickHouse string literal, for the few values (file paths) that cannot be parameters. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
