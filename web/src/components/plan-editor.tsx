/**
 * The plan as an editable timeline: theme, clips (see ClipRow), clips added
 * from highlights; save as a new version (a conflict shows both versions and
 * offers to reload), approve, regenerate with a prompt.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { BatchFieldsFragment } from '../gql/graphql';
import { formatTime, roundMs } from '../format';
import { useI18n } from '../i18n';
import { ApproveMutation, ClipStripsQuery, RegenerateMutation, UpdatePlanMutation } from '../operations';
import { ClipRow, type ClipSource, type DraftClip, type Strip } from './clip-row';
import { displayName } from '../names';

type Plan = NonNullable<BatchFieldsFragment['clipPlan']>;
interface Draft {
  baseVersion: number;
  theme: string;
  clips: DraftClip[];
}

let keys = 0;
const draftOf = (plan: Plan): Draft => ({
  baseVersion: plan.version,
  theme: plan.theme,
  clips: plan.clips.map((c) => ({ key: `k${keys++}`, videoIndex: c.videoIndex, start: c.start, end: c.end, reason: c.reason, clipId: c.id })),
});
const total = (clips: { start: number; end: number }[]) => roundMs(clips.reduce((s, c) => s + (c.end - c.start), 0));

function ClipSummary({ title, clips, theme, names }: { title: string; clips: { videoIndex: number; start: number; end: number }[]; theme: string; names: string[] }) {
  return (
    <div className="version">
      <h3>{title}</h3>
      <p>{theme}</p>
      <ol>
        {clips.map((c, i) => (
          <li key={i} className="num">
            {names[c.videoIndex]} {formatTime(c.start)} – {formatTime(c.end)}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The editor; `onChanged` is called after every successful mutation so the page refreshes its live state. */
export function PlanEditor({ batch, onChanged }: { batch: BatchFieldsFragment; onChanged(): void }) {
  const { t } = useI18n();
  const plan = batch.clipPlan!;
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState<Draft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [regenPrompt, setRegenPrompt] = useState('');
  const [, update] = useMutation(UpdatePlanMutation);
  const [, approve] = useMutation(ApproveMutation);
  const [, regenerate] = useMutation(RegenerateMutation);
  const [strips] = useQuery({ query: ClipStripsQuery, variables: { planId: plan.id } });
  const stripOf = new Map<string, Strip>();
  const node = strips.data?.node;
  if (node && 'clips' in node) {
    for (const c of node.clips) if (c.thumbnailStrip.__typename === 'ThumbnailStrip') stripOf.set(c.id, c.thumbnailStrip);
  }

  // A newer version from elsewhere replaces an untouched draft.
  useEffect(() => {
    if (!dirty) setDraft(draftOf(plan));
    // Only a version change resets the draft; other live updates must not.
  }, [plan.version]);

  const editable = batch.status === 'AWAITING_APPROVAL' || batch.status === 'COMPLETED';
  const names = batch.videos.map((v) => displayName(v.source));
  const sources: ClipSource[] = batch.videos.map((v, i) => ({
    name: names[i]!,
    fps: v.fps ?? 30,
    duration: v.durationSeconds ?? null,
    previewUrl: v.compression?.tempUrl ?? null,
  }));
  const edit = (fn: (d: Draft) => Draft) => {
    setDraft((d) => fn(d));
    setDirty(true);
    setMessage(null);
  };
  const setClips = (fn: (c: DraftClip[]) => DraftClip[]) => edit((d) => ({ ...d, clips: fn(d.clips) }));
  const move = (from: number, to: number) =>
    setClips((c) => {
      if (to < 0 || to >= c.length) return c;
      const next = [...c];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      return next;
    });

  const save = async () => {
    const res = await update({
      input: {
        batchId: batch.id,
        expectedVersion: draft.baseVersion,
        theme: draft.theme,
        clips: draft.clips.map((c) => ({ videoIndex: c.videoIndex, start: c.start, end: c.end, reason: c.reason })),
      },
    });
    const out = res.data?.updateClipPlan;
    if (out?.__typename === 'UpdateClipPlanPayload') {
      setDirty(false);
      setConflict(null);
      setDraft((d) => ({ ...d, baseVersion: out.clipPlan.version }));
      setMessage(t('plan.saved', { v: out.clipPlan.version }));
      onChanged();
    } else if (out?.__typename === 'VersionConflictError') {
      setConflict(draft);
      onChanged();
    } else setMessage(out && 'message' in out ? out.message : (res.error?.message ?? t('error.unknown')));
  };
  const doApprove = async () => {
    const res = await approve({ batchId: batch.id, expectedVersion: plan.version });
    const out = res.data?.approveClipPlan;
    if (out?.__typename === 'ApproveClipPlanPayload') onChanged();
    else setMessage(out && 'message' in out ? out.message : (res.error?.message ?? t('error.unknown')));
  };
  const doRegenerate = async () => {
    const res = await regenerate({ batchId: batch.id, customPrompt: regenPrompt || null });
    const out = res.data?.regenerateClipPlan;
    if (out?.__typename === 'RegenerateClipPlanPayload') onChanged();
    else setMessage(out && 'message' in out ? out.message : (res.error?.message ?? t('error.unknown')));
  };

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">
        {t('plan.title')} <span className="num">{t('plan.version', { v: plan.version })}</span>
      </h2>
      <p className="num">{t('plan.total', { s: total(draft.clips).toFixed(3) })}</p>
      {conflict && (
        <div role="alert" className="conflict">
          <p>{t('plan.conflict', { v: plan.version })}</p>
          <div className="versions">
            <ClipSummary title={t('plan.mine')} clips={conflict.clips} theme={conflict.theme} names={names} />
            <ClipSummary title={t('plan.theirs', { v: plan.version })} clips={plan.clips} theme={plan.theme} names={names} />
          </div>
          <button type="button" onClick={() => (setDraft(draftOf(plan)), setDirty(false), setConflict(null))}>{t('plan.reload')}</button>
          <button type="button" onClick={() => (setDraft({ ...conflict, baseVersion: plan.version }), setConflict(null))}>{t('plan.keepMine')}</button>
        </div>
      )}
      <label>
        {t('plan.theme')}
        <input value={draft.theme} disabled={!editable} onChange={(e) => edit((d) => ({ ...d, theme: e.target.value }))} />
      </label>
      <ol className="timeline">
        {draft.clips.map((c, i) => (
          <ClipRow
            key={c.key}
            clip={c}
            index={i}
            count={draft.clips.length}
            source={sources[c.videoIndex]}
            strip={c.clipId ? stripOf.get(c.clipId) : undefined}
            editable={editable}
            onChange={(patch) => setClips((list) => list.map((x) => (x.key === c.key ? { ...x, ...patch } : x)))}
            onMove={(to) => move(i, to)}
            onDropFrom={(from) => move(from, i)}
            onRemove={() => setClips((list) => list.filter((x) => x.key !== c.key))}
          />
        ))}
      </ol>
      {editable && (
        <Highlights batch={batch} names={names} onAdd={(c) => setClips((list) => [...list, { ...c, key: `k${keys++}`, clipId: null }])} />
      )}
      {message && <p role="status">{message}</p>}
      {editable && (
        <div className="actions">
          <button type="button" onClick={save} disabled={!dirty || draft.clips.length === 0}>{t('plan.save')}</button>
          <button type="button" className="primary" onClick={doApprove} disabled={dirty || plan.status === 'APPROVED'}>{t('plan.approve')}</button>
          {dirty && <span className="hint">{t('plan.saveFirst')}</span>}
        </div>
      )}
      {editable && (
        <div className="actions">
          <label>
            {t('plan.regeneratePrompt')}
            <input value={regenPrompt} onChange={(e) => setRegenPrompt(e.target.value)} />
          </label>
          <button type="button" onClick={doRegenerate}>{t('plan.regenerate')}</button>
        </div>
      )}
    </section>
  );
}

function Highlights({ batch, names, onAdd }: { batch: BatchFieldsFragment; names: string[]; onAdd(c: Omit<DraftClip, 'key' | 'clipId'>): void }) {
  const { t } = useI18n();
  const items = batch.videos.flatMap((v) => (v.analysis?.highlights ?? []).map((h) => ({ ...h, videoIndex: v.index })));
  if (items.length === 0) return null;
  return (
    <details className="highlights">
      <summary>{t('plan.highlights', { n: items.length })}</summary>
      <ul>
        {items.map((h, i) => (
          <li key={i}>
            <span className="num">
              {names[h.videoIndex]} {formatTime(h.start)} – {formatTime(h.end)}
            </span>{' '}
            {h.label}{' '}
            <button type="button" onClick={() => onAdd({ videoIndex: h.videoIndex, start: h.start, end: h.end, reason: h.label })} aria-label={t('plan.addHighlight', { n: i + 1 })}>
              {t('plan.add')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
