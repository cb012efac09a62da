/** The shell: the token gate, the header (navigation, language) and the current page. */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Provider } from 'urql';
import { createApiClient } from './client';
import { useI18n } from './i18n';
import { BatchListPage } from './pages/batch-list';
import { BatchPage } from './pages/batch-page';
import { NewBatchPage } from './pages/new-batch';
import { Link, matchRoute, usePath } from './router';
import { needsToken, readToken, writeToken } from './token';

/** Asks for the token when the server requires one and the tab has none (or a refused one). */
function TokenPrompt({ refused, onToken }: { refused: boolean; onToken(t: string): void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <form className="card token" onSubmit={submit}>
      <h1>{t('token.title')}</h1>
      <p>{t('token.explain')}</p>
      {refused && <p role="alert" className="error">{t('token.refused')}</p>}
      <label>
        {t('token.label')}
        <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
      </label>
      <button type="submit">{t('token.submit')}</button>
    </form>
  );
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('lang.label')}</span>
      <select aria-label={t('lang.label')} value={lang} onChange={(e) => setLang(e.target.value as 'en' | 'zh')}>
        <option value="zh">中文</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

function Page() {
  const route = matchRoute(usePath());
  const { t } = useI18n();
  if (route.name === 'list') return <BatchListPage />;
  if (route.name === 'new') return <NewBatchPage />;
  if (route.name === 'batch') return <BatchPage key={route.id} id={route.id} />;
  return <p>{t('notFound')}</p>;
}

/** The app: checks whether a token is needed, then renders the pages with a client carrying it. */
export function App() {
  const { t } = useI18n();
  const [token, setToken] = useState<string | null>(readToken);
  const [state, setState] = useState<'checking' | 'ask' | 'refused' | 'ok'>('checking');
  useEffect(() => {
    let live = true;
    needsToken(token).then(
      (needed) => live && setState(needed ? (token ? 'refused' : 'ask') : 'ok'),
      () => live && setState('ok'),
    );
    return () => {
      live = false;
    };
  }, [token]);
  const api = useMemo(() => (state === 'ok' ? createApiClient(token) : null), [state, token]);
  useEffect(() => () => api?.dispose(), [api]);

  return (
    <>
      <header className="top">
        <Link href="/" className="brand">autoclip</Link>
        <nav aria-label={t('nav.label')}>
          <Link href="/">{t('nav.batches')}</Link>
          <Link href="/new">{t('nav.new')}</Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main>
        {state === 'checking' && <p aria-busy="true">{t('loading')}</p>}
        {(state === 'ask' || state === 'refused') && (
          <TokenPrompt
            refused={state === 'refused'}
            onToken={(v) => {
              writeToken(v);
              setState('checking');
              setToken(v);
            }}
          />
        )}
        {api && (
          <Provider value={api.client}>
            <Page />
          </Provider>
        )}
      </main>
    </>
  );
}
