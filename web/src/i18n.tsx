/**
 * Chinese and English. The choice is remembered (localStorage); the default
 * follows the browser. Every visible string and accessible name goes through t().
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, zh, type Messages } from './messages';

/** A supported language. */
export type Lang = 'en' | 'zh';
const KEY = 'autoclip.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Translates a key, filling `{name}` placeholders. */
export type T = (key: keyof Messages, vars?: Record<string, string | number>) => string;

const Ctx = createContext<{ lang: Lang; setLang(l: Lang): void; t: T } | null>(null);

/** Provides the language to the app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo(() => {
    const dict = lang === 'zh' ? zh : en;
    const t: T = (key, vars) => dict[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars?.[k] ?? ''));
    return {
      lang,
      t,
      setLang: (l: Lang) => {
        localStorage.setItem(KEY, l);
        setLangState(l);
      },
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The current language, its setter and t(). */
export function useI18n() {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Translates an enum value (status, stage) through its `enum.VALUE` key, falling back to the value. */
export function useEnumLabel() {
  const { t } = useI18n();
  return (kind: 'status' | 'stage' | 'stageStatus' | 'videoStatus' | 'renderStatus', value: string) => {
    const key = `${kind}.${value}` as keyof Messages;
    return key in en ? t(key) : value;
  };
}
