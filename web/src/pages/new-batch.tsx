/** `/new`: pick files under the media roots, upload files (resumable), or paste URLs; then the batch's settings. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ProgressBar } from '../components/progress-bar';
import { formatBytes } from '../format';
import type { CompressionProfile, Language, OutputAspect, VideoSourceInput } from '../gql/graphql';
import { useI18n } from '../i18n';
import { CreateBatchMutation, MediaFilesQuery } from '../operations';
import { navigate } from '../router';
import { readToken } from '../token';
import { uploadFile } from '../upload';

interface UploadItem {
  key: string;
  name: string;
  fraction: number;
  id: string | null;
  error: string | null;
}

const FILES_PER_PAGE = 20;

/** One page of media files; the last page offers the next (cursor paging, any number of files). */
function MediaPage(props: { search: string; after: string | null; last: boolean; more(cursor: string): void; picked: string[]; toggle(path: string): void }) {
  const { t } = useI18n();
  const [{ data, error }] = useQuery({ query: MediaFilesQuery, variables: { first: FILES_PER_PAGE, after: props.after, search: props.search || null } });
  const next = data?.mediaFiles.pageInfo;
  return (
    <>
      {error && <p role="alert" className="error">{error.message}</p>}
      {data && !props.after && data.mediaFiles.totalCount === 0 && <p className="hint">{t('new.noMediaFiles')}</p>}
      <ul className="files">
        {data?.mediaFiles.edges.map(({ node }) => (
          <li key={node.path}>
            <label>
              <input type="checkbox" checked={props.picked.includes(node.path)} onChange={() => props.toggle(node.path)} />
              <span className="path">{node.path}</span> <span className="num">{formatBytes(node.size)}</span>
            </label>
          </li>
        ))}
      </ul>
      {props.last && next?.hasNextPage && next.endCursor && (
        <button type="button" onClick={() => props.more(next.endCursor!)}>
          {t('new.moreFiles')}
        </button>
      )}
    </>
  );
}

function MediaPicker({ picked, toggle }: { picked: string[]; toggle(path: string): void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <fieldset>
      <legend>{t('new.mediaFiles')}</legend>
      <input
        type="search"
        maxLength={256}
        aria-label={t('new.searchFiles')}
        placeholder={t('new.searchFiles')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setCursors([null]);
        }}
      />
      {cursors.map((after, i) => (
        <MediaPage key={after ?? ''} search={search} after={after} last={i === cursors.length - 1} more={(c) => setCursors([...cursors, c])} picked={picked} toggle={toggle} />
      ))}
    </fieldset>
  );
}

/** The new-batch form. */
export function NewBatchPage() {
  const { t, lang } = useI18n();
  const [target, setTarget] = useState('');
  const [aspect, setAspect] = useState<OutputAspect>('SOURCE');
  const [language, setLanguage] = useState<Language>(lang === 'zh' ? 'ZH' : 'EN');
  const [picked, setPicked] = useState<string[]>([]);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [urls, setUrls] = useState('');
  const [profile, setProfile] = useState<CompressionProfile>('DYNAMIC');
  const [prompt, setPrompt] = useState('');
  const [autoApprove, setAutoApprove] = useState(false);
  const [webhook, setWebhook] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [, createBatch] = useMutation(CreateBatchMutation);

  const update = (key: string, patch: Partial<UploadItem>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  const addFiles = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setUploads((list) => [...list, { key, name: file.name, fraction: 0, id: null, error: null }]);
      uploadFile(file, readToken(), (fraction) => update(key, { fraction })).then(
        (done) => update(key, { id: done.id, fraction: 1 }),
        (err: Error) => update(key, { error: err.message }),
      );
    }
  };
  const uploading = uploads.some((u) => !u.id && !u.error);
  const urlList = urls.split('\n').map((u) => u.trim()).filter(Boolean);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const sources: VideoSourceInput[] = [
      ...picked.map((path) => ({ type: 'LOCAL' as const, path })),
      ...uploads.filter((u) => u.id).map((u) => ({ type: 'LOCAL' as const, path: u.id! })),
      ...urlList.map((url) => ({ type: (url.startsWith('oss://') ? 'OSS' : 'URL') as 'OSS' | 'URL', url })),
    ];
    if (sources.length === 0) {
      setProblem(t('new.noSources'));
      return;
    }
    const res = await createBatch({
      input: {
        sources,
        compressionProfile: profile,
        customPrompt: prompt || null,
        autoApprove,
        webhookUrl: webhook || null,
        targetDurationSeconds: target ? Number(target) : null,
        language,
        output: aspect === 'SOURCE' ? null : { aspect },
      },
    });
    const out = res.data?.createBatch;
    if (out?.__typename === 'CreateBatchPayload') navigate(`/batches/${encodeURIComponent(out.batch.id)}`);
    else if (out?.__typename === 'ValidationError') setProblem(out.sourceIndex != null ? t('new.sourceProblem', { n: out.sourceIndex + 1, message: out.message }) : out.message);
    else setProblem(res.error?.message ?? t('error.unknown'));
  };

  return (
    <form className="new-batch" onSubmit={submit}>
      <h1>{t('new.title')}</h1>
      <MediaPicker picked={picked} toggle={(p) => setPicked((list) => (list.includes(p) ? list.filter((x) => x !== p) : [...list, p]))} />
      <fieldset>
        <legend>{t('new.upload')}</legend>
        <input type="file" accept="video/*" multiple aria-label={t('new.chooseFiles')} onChange={(e) => addFiles(e.target.files)} />
        <ul className="uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <span className="path">{u.name}</span>{' '}
              <span className="num">{u.error ? t('new.uploadFailed', { message: u.error }) : u.id ? t('new.uploaded') : `${Math.round(u.fraction * 100)}%`}</span>
              <ProgressBar value={u.fraction * 100} label={t('new.uploadProgress', { name: u.name })} />
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t('new.urls')}</legend>
        <textarea aria-label={t('new.urls')} rows={3} value={urls} onChange={(e) => setUrls(e.target.value)} placeholder="https://…" />
      </fieldset>
      <fieldset>
        <legend>{t('new.settings')}</legend>
        <label>
          {t('new.profile')}
          <select value={profile} onChange={(e) => setProfile(e.target.value as CompressionProfile)}>
            {(['DYNAMIC', 'CONSERVATIVE', 'BALANCED', 'AGGRESSIVE'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`profile.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('new.prompt')}
          <textarea rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        </label>
        <label>
          {t('new.target')}
          <input type="number" min={5} max={600} step={1} value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <label>
          {t('new.aspect')}
          <select value={aspect} onChange={(e) => setAspect(e.target.value as OutputAspect)}>
            {(['SOURCE', 'LANDSCAPE', 'PORTRAIT', 'SQUARE'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`aspect.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('new.language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="ZH">中文</option>
            <option value="EN">English</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} />
          {t('new.autoApprove')}
        </label>
        <label>
          {t('new.webhook')}
          <input type="url" value={webhook} onChange={(e) => setWebhook(e.target.value)} placeholder="https://…" />
        </label>
      </fieldset>
      {problem && <p role="alert" className="error">{problem}</p>}
      <button type="submit" disabled={uploading}>
        {uploading ? t('new.waitUploads') : t('new.start')}
      </button>
    </form>
  );
}
