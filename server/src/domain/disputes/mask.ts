/** Masked forms of a case's personal data: party names keep their first character (`张伟` → `张*`). */

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 2));
}

/** The description with every party's name replaced by its masked form. */
export function maskNamesIn(text: string, names: readonly string[]): string {
  return [...names]
    .filter((n) => n.trim().length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((out, name) => out.split(name).join(maskName(name)), text);
}
