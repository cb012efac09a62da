/** `/batches/{id}`: live stages and videos, analyses, usage, the plan editor, and the final video with every render. */
import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { PlanEditor } from '../components/plan-editor';
import { ProgressBar } from '../components/progress-bar';
import { formatBytes } from '../format';
import type { BatchFieldsFragment } from '../gql/graphql';
import { useEnumLabel, useI18n } from '../i18n';
import { BatchQuery, BatchUpdatedSubscription, CancelMutation, RetryMutation } from '../operations';
import { displayName } from '../names';

/** Holds one batchUpdated stream; remounted (new key) to start a fresh one after a mutation. */
function Live({ id, onData }: { id: string; onData(b: BatchFieldsFragment): void }) {
  const [{ data }] = useSubscription({ query: BatchUpdatedSubscription, variables: { id } });
  useEffect(() => {
    if (data?.batchUpdated) onData(data.batchUpdated);
  }, [data, onData]);
  return null;
}

function Progress({ batch }: { batch: BatchFieldsFragment }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">{t('batch.progress')}</h2>
      <ProgressBar value={batch.progress} label={t('batch.overall')} />
      <ol className="stages">
        {batch.stages.map((s) => (
          <li key={s.stage} className={`stage st-${s.status}`} data-stage={s.stage} data-status={s.status}>
            <span>{label('stage', s.stage)}</span>
            <span className="num">{label('stageStatus', s.status)}</span>
            <span className="num">{s.itemsTotal > 0 ? `${s.itemsDone}/${s.itemsTotal}` : ''}</span>
          </li>
        ))}
      </ol>
      <ul className="videos">
        {batch.videos.map((v) => {
          const name = displayName(v.source);
          return (
            <li key={v.id}>
              <div className="meta">
                <span className="path">{name}</span>
                <span className="status">{label('videoStatus', v.status)}</span>
                {v.durationSeconds != null && <span className="num">{t('unit.seconds', { s: v.durationSeconds.toFixed(1) })}</span>}
              </div>
              <ProgressBar value={v.progress} label={t('batch.videoProgress', { name })} />
              {v.error && <p className="error">{v.error}</p>}
              {v.analysis && <p className="analysis">{v.analysis.description}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Final({ batch }: { batch: BatchFieldsFragment }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const f = batch.finalVideo;
  return (
    <section aria-labelledby="final-title">
      <h2 id="final-title">{t('final.title')}</h2>
      {f && (
        <>
          <video className="final" src={f.url} controls preload="metadata" aria-label={t('final.player')} />
          <p className="num">
            {t('final.info', { v: f.planVersion, s: f.durationSeconds.toFixed(2), w: f.width, h: f.height })} · {formatBytes(f.sizeBytes)}{' '}
            <a href={f.url} download>
              {t('final.download')}
            </a>
          </p>
        </>
      )}
      {batch.renders.length > 0 && (
        <ul className="renders">
          {batch.renders.map((r) => (
            <li key={r.id} className="num">
              {t('final.render', { v: r.planVersion })} · {label('renderStatus', r.status)}
              {r.url && (
                <>
                  {' '}
                  <a href={r.url} download>{t('final.downloadRender', { v: r.planVersion })}</a>
                </>
              )}
              {r.error && <span className="error"> {r.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The batch page. */
export function BatchPage({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const [{ data, error }] = useQuery({ query: BatchQuery, variables: { id }, requestPolicy: 'network-only' });
  const [live, setLive] = useState<BatchFieldsFragment | null>(null);
  const [stream, setStream] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [, cancel] = useMutation(CancelMutation);
  const [, retry] = useMutation(RetryMutation);
  const onData = useCallback((b: BatchFieldsFragment) => setLive(b), []);
  const refresh = useCallback(() => setStream((n) => n + 1), []);
  const batch = live ?? data?.batch ?? null;

  const act = async (run: () => Promise<{ data?: unknown; error?: { message: string } }>, field: string) => {
    const res = await run();
    const out = (res.data as Record<string, { __typename: string; message?: string }> | undefined)?.[field];
    if (out?.message) setProblem(out.message);
    else if (res.error) setProblem(res.error.message);
    else setProblem(null);
    refresh();
  };

  if (error) return <p role="alert" className="error">{error.message}</p>;
  if (data && !data.batch) return <p>{t('batch.notFound')}</p>;
  if (!batch) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <article className="batch-page">
      <Live key={stream} id={id} onData={onData} />
      <div className="page-head">
        <h1>{t('batch.title')}</h1>
        <span className={`status s-${batch.status}`} data-testid="batch-status">{label('status', batch.status)}</span>
      </div>
      {batch.customPrompt && <p className="prompt">{batch.customPrompt}</p>}
      {batch.error && <p role="alert" className="error">{batch.error}</p>}
      {problem && <p role="alert" className="error">{problem}</p>}
      <div className="actions">
        {!batch.isFinished && (
          <button type="button" className="danger" onClick={() => act(() => cancel({ id }), 'cancelBatch')}>{t('batch.cancel')}</button>
        )}
        {(batch.status === 'FAILED' || batch.status === 'CANCELLED') && (
          <button type="button" onClick={() => act(() => retry({ id }), 'retryBatch')}>{t('batch.retry')}</button>
        )}
      </div>
      <Progress batch={batch} />
      {batch.clipPlan && <PlanEditor batch={batch} onChanged={refresh} />}
      <Final batch={batch} />
      <section aria-labelledby="usage-title">
        <h2 id="usage-title">{t('usage.title')}</h2>
        <p className="num">{t('usage.line', { tokens: batch.usage.totalTokens, cost: batch.usage.estimatedCost.toFixed(4) })}</p>
      </section>
    </article>
  );
}
