import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import enUS from './locales/en-US.json';
import zhCN from './locales/zh-CN.json';

export type MessageKey = keyof typeof zhCN;
export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: Locale[] = ['zh-CN', 'en-US'];

// Both files must hold every key: a missing English string is a type error here.
const english: Record<MessageKey, string> = enUS;
export const messages: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': english };

const STORAGE_KEY = 'yiwang.locale';

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = messages[locale][key] ?? messages['zh-CN'][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A label for a code from the API (state, channel …): its message when there is one, else the code. */
export function labelOf(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return '—';
  const key = `${prefix}.${code}`;
  return key in zhCN ? t(key as MessageKey) : code;
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue>({
  locale: 'zh-CN',
  setLocale: () => undefined,
  t: (key, vars) => translate('zh-CN', key, vars),
});

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setState] = useState<Locale>(fixed ?? initialLocale);
  const setLocale = useCallback((next: Locale) => {
    setState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* storage unavailable */
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export const useT = () => useContext(I18nContext).t;
