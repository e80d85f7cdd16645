import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';
export const locales: Locale[] = ['zh-CN', 'en'];

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
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

type Params = Record<string, string | number>;

function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatParam(params[name]) : whole,
  );
}

function formatParam(value: string | number): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** Translate a key in the active locale, filling `{name}` placeholders. */
export function t(key: MessageKey, params?: Params): string {
  return fill(catalogues[current][key] ?? key, params);
}

/** Translate a key built at run time (e.g. `role.${role}`), falling back to `fallback`. */
export function tDynamic(key: string, fallback: string): string {
  const text = (catalogues[current] as Record<string, string>)[key];
  return text ?? fallback;
}

/** Pick the active language from a server-provided `{zh, en}` title. */
export function pickTitle(title: { zh: string; en: string }): string {
  return current === 'en' ? title.en : title.zh;
}

/** Format a number with the active locale's grouping, e.g. 12,345. */
export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(current, { maximumFractionDigits }).format(value);
}

document.documentElement.lang = startLocale;
