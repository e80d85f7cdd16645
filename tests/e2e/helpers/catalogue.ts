/** The Chinese catalogue, so browser tests find and expect the words users see without copying them. */
import { admin } from '../../../web/src/lib/i18n/zh-CN/admin';
import { common } from '../../../web/src/lib/i18n/zh-CN/common';
import { field } from '../../../web/src/lib/i18n/zh-CN/field';
import { grid } from '../../../web/src/lib/i18n/zh-CN/grid';
import { inputs } from '../../../web/src/lib/i18n/zh-CN/inputs';

/** Screen strings of the sections browser tests use. */
export const zh = { ...common, ...grid, ...field, ...admin, ...inputs };

// The server codes' Chinese texts type themselves against the server's codes through the web
// app's `$contract` alias, which this test build does not resolve: loaded at run time (types are erased).
const MESSAGES_MODULE = '../../../web/src/lib/i18n/zh-CN/messages/index';

/** The Chinese text of each server message code. */
export async function zhMessages(): Promise<Record<string, string>> {
  const loaded = (await import(/* @vite-ignore */ MESSAGES_MODULE)) as { messages: Record<string, string> };
  return loaded.messages;
}

/** A catalogue text with its `{name}` placeholders filled, as the app does. */
export function filled(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Words of ASCII letters in `text` (an English leak in a Chinese message), e.g. ["Wrong", "password"]. */
export function asciiWords(text: string): string[] {
  return text.match(/[A-Za-z]+/g) ?? [];
}
