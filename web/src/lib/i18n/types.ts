/** A catalogue entry: a template with `{name}` placeholders, or plural forms chosen by `count`. */
export type Text = string | { one: string; other: string };
