/** `/`: the batches, newest first, each with status, progress and a thumbnail, updating live. */
import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { ProgressBar } from '../components/progress-bar';
import { useEnumLabel, useI18n } from '../i18n';
import { BatchListQuery, BatchProgressSubscription } from '../operations';
import { Link } from '../router';
import { displayName } from '../names';

type Row = NonNullable<ReturnType<typeof useBatchList>[0]['data']>['batches']['edges'][number]['node'];

function useBatchList(first: number) {
  return useQuery({ query: BatchListQuery, variables: { first }, requestPolicy: 'cache-and-network' });
}

/** One batch; an unfinished one follows its progress stream. */
function BatchRow({ batch, onFinished }: { batch: Row; onFinished(): void }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const [{ data }] = useSubscription({ query: BatchProgressSubscription, variables: { batchId: batch.id }, pause: batch.isFinished });
  const live = data?.batchProgress;
  const status = live?.status ?? batch.status;
  const progress = live?.progress ?? batch.progress;
  useEffect(() => {
    if (live && ['COMPLETED', 'FAILED', 'CANCELLED', 'AWAITING_APPROVAL'].includes(live.status) && live.status !== batch.status) onFinished();
  }, [live, batch.status, onFinished]);
  const thumb = batch.finalVideo?.url;
  const name = batch.videos.map((v) => displayName(v.source)).join(', ');
  return (
    <li className="batch-row">
      <div className="thumb" aria-hidden="true">{thumb ? <video src={`${thumb}#t=0.5`} preload="metadata" muted /> : <span>▶</span>}</div>
      <div className="batch-main">
        <Link href={`/batches/${encodeURIComponent(batch.id)}`} aria-label={t('list.open', { name })}>
          {name || batch.id}
        </Link>
        <div className="meta">
          <span className={`status s-${status}`}>{label('status', status)}</span>
          <span className="num">{Math.round(progress)}%</span>
          <time dateTime={batch.createdAt}>{new Date(batch.createdAt).toLocaleString()}</time>
        </div>
        <ProgressBar value={progress} label={t('list.progress', { name })} />
      </div>
    </li>
  );
}

/** The list page. */
export function BatchListPage() {
  const { t } = useI18n();
  const [first, setFirst] = useState(20);
  const [{ data, fetching, error }, refetch] = useBatchList(first);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  // New batches made elsewhere (another tab, the API) appear without a reload.
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 10_000);
    return () => clearInterval(timer);
  }, [refetch]);
  const edges = data?.batches.edges ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>{t('list.title')}</h1>
        <Link href="/new" className="button">{t('list.new')}</Link>
      </div>
      {error && <p role="alert" className="error">{error.message}</p>}
      {!data && fetching && <p aria-busy="true">{t('loading')}</p>}
      {data && edges.length === 0 && <p>{t('list.empty')}</p>}
      <ul className="batches">
        {edges.map((e) => (
          <BatchRow key={e.node.id} batch={e.node} onFinished={reload} />
        ))}
      </ul>
      {data?.batches.pageInfo.hasNextPage && (
        <button type="button" onClick={() => setFirst(first + 20)}>
          {t('list.more')}
        </button>
      )}
    </section>
  );
}
