// The one i18n mechanism of the app: a catalogue per language (screen strings by section plus the
// server's message codes), `{name}` placeholders, plural forms by `count`, and numbers, money,
// areas and lists formatted through Intl in the active locale.
import type { MessageCode, MessageParams } from '$contract/messages';
import * as zh from './zh-CN';
import * as en from './en';
import type { Text } from './types';
import { cellNumberText } from './cell-number';

export type { Text };
export type MessageKey = zh.StringKey;
export type Locale = 'zh-CN' | 'en';
export const locales: Locale[] = ['zh-CN', 'en'];

const catalogues: Record<Locale, { strings: Record<MessageKey, Text>; messages: Record<MessageCode, Text> }> = {
  'zh-CN': { strings: zh.strings, messages: zh.messages },
  en: { strings: en.strings, messages: en.messages },
};
const storageKey = 'gridplan.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    // Storage can be disabled (private mode); the default is fine then.
  }
  return 'zh-CN';
}

const startLocale = initialLocale();
let current = $state<Locale>(startLocale);

/** The active locale; reading it inside a template or $derived makes that code reactive. */
export const i18n = {
  get locale(): Locale {
    return current;
  },
  set locale(next: Locale) {
    current = next;
    document.documentElement.lang = next;
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Not persisting is acceptable; the switch still applies to this page.
    }
  },
};

/** A placeholder value: numbers get the locale's grouping, lists its list format. */
export type Param = MessageParams[string];
export type Params = Record<string, Param | undefined>;

/** A text parameter in the active language: English texts say "cell {cell}", so a 第N网格 label reads as its number there. */
const inLocale = (text: string) => (current === 'en' ? cellNumberText(text) : text);

function formatParam(value: Param): string {
  if (typeof value === 'number') return formatNumber(value, 2);
  if (Array.isArray(value)) return formatList(value.map((v) => (typeof v === 'number' ? formatNumber(v, 2) : inLocale(v))));
  return value === null ? '–' : inLocale(String(value));
}

function fill(text: Text, params?: Params): string {
  const template = typeof text === 'string' ? text : pluralForm(text, params?.count);
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : formatParam(value);
  });
}

function pluralForm(text: { one: string; other: string }, count: Param | undefined): string {
  if (typeof count !== 'number') return text.other;
  return new Intl.PluralRules(current).select(count) === 'one' ? text.one : text.other;
}

/** Translate a key in the active locale, filling `{name}` placeholders. */
export function t(key: MessageKey, params?: Params): string {
  return fill(catalogues[current].strings[key] ?? key, params);
}

/** Translate a key built at run time (e.g. `role.${role}`), falling back to `fallback`. */
export function tDynamic(key: string, fallback: string): string {
  const text = (catalogues[current].strings as Record<string, Text | undefined>)[key];
  return text === undefined ? fallback : fill(text);
}

/** A request field (`json.minHouseholds`, `json.changes.0.value`) by its name in the active language; unknown ones as sent. */
export function fieldLabel(path: string): string {
  const last =
    path
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? path;
  return tDynamic(`fieldName.${last}`, path);
}

/** Params that name request fields or kinds of value, in the active language (the server sends them as code). */
function readable(params?: Params): Params | undefined {
  if (!params) return params;
  const out: Params = { ...params };
  for (const name of ['field', 'other'] as const) {
    const value = out[name];
    if (typeof value === 'string') out[name] = fieldLabel(value);
    else if (Array.isArray(value)) out[name] = value.map((v) => fieldLabel(String(v)));
  }
  if (typeof out.expected === 'string') out.expected = tDynamic(`fieldType.${out.expected}`, out.expected);
  if (typeof out.format === 'string') out.format = tDynamic(`fieldFormat.${out.format}`, out.format);
  return out;
}

/** A message from the server (`{code, params, message?}`) in the active language. */
export function tMessage(m: { code: string; params?: Params; message?: string }): string {
  const text = (catalogues[current].messages as Record<string, Text | undefined>)[m.code];
  if (text !== undefined) return fill(text, readable(m.params));
  // A code this build does not know (a newer server): its English text beats nothing.
  return m.message ?? m.code;
}

function isShownMessage(value: unknown): value is { code: string; params?: Params; message?: string } {
  return !!value && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'string';
}

/** Any error a screen can meet, in the active language: an API error's code, a network failure, or a bug. */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    const e = err as { code: string; params?: Params; message?: string; status?: number };
    if (e.code === 'network') return t('error.network');
    // A refused form: every field problem it lists, each naming its field.
    const problems = e.code === 'invalid_input' && 'details' in e && Array.isArray(e.details) ? e.details.filter(isShownMessage) : [];
    if (problems.length > 0) return formatList(problems.map(tMessage));
    return tMessage(e);
  }
  return t('error.generic', { message: err instanceof Error ? err.message : String(err) });
}

/** Pick the active language from a server-provided `{zh, en}` title. */
export function pickTitle(title: { zh: string; en: string }): string {
  return current === 'en' ? title.en : title.zh;
}

/** Format a number with the active locale's grouping, e.g. 12,345. */
export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(current, { maximumFractionDigits }).format(value);
}

/** An amount of yuan: 万元 in Chinese (`343.5 万元`), CNY with grouping in English (`¥3,434,500`). */
export function formatMoney(yuan: number): string {
  if (current === 'zh-CN') {
    return Math.abs(yuan) >= 10_000 ? `${formatNumber(yuan / 10_000, 1)} 万元` : `${formatNumber(yuan)} 元`;
  }
  return new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol', maximumFractionDigits: 0 }).format(
    yuan,
  );
}

/** An area in square metres: `1,234 m²`. */
export function formatArea(squareMetres: number, maximumFractionDigits = 0): string {
  return `${formatNumber(squareMetres, maximumFractionDigits)} m²`;
}

/** A list in the locale's style: `甲、乙和丙` / `a, b, and c`. */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(current, { style: 'long', type: 'conjunction' }).format(items);
}

document.documentElement.lang = startLocale;
