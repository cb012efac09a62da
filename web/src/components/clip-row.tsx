/**
 * One clip of the plan: a player that previews exactly its range, start/end
 * set from the player's current frame or by ±1 frame steps, reorder (drag or
 * buttons) and remove; above the player, the clip's thumbnail strip.
 */
import { useRef, type DragEvent } from 'react';
import { formatTime, roundMs } from '../format';
import { useI18n } from '../i18n';

/** A clip being edited. */
export interface DraftClip {
  key: string;
  videoIndex: number;
  start: number;
  end: number;
  reason: string;
  /** The saved clip it started as; its thumbnail strip is shown. Null for a clip added here. */
  clipId: string | null;
}

/** A clip's thumbnail strip, as the server drew it. */
export interface Strip {
  url: string;
  width: number;
  height: number;
}

/** What a clip row needs to know about its source video. */
export interface ClipSource {
  name: string;
  fps: number;
  duration: number | null;
  previewUrl: string | null;
}

interface Props {
  clip: DraftClip;
  index: number;
  count: number;
  source: ClipSource | undefined;
  strip: Strip | undefined;
  editable: boolean;
  onChange(patch: Partial<DraftClip>): void;
  onMove(to: number): void;
  /** The clip at `from` was dropped on this one. */
  onDropFrom(from: number): void;
  onRemove(): void;
}

/** A clip row. Dragging a row onto another moves it there. */
export function ClipRow({ clip, index, count, source, strip, editable, onChange, onMove, onDropFrom, onRemove }: Props) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const frame = 1 / (source?.fps || 30);
  const max = source?.duration ?? Infinity;
  const setStart = (v: number) => onChange({ start: roundMs(Math.max(0, Math.min(v, clip.end - frame))) });
  const setEnd = (v: number) => onChange({ end: roundMs(Math.min(max, Math.max(v, clip.start + frame))) });
  const here = () => video.current?.currentTime ?? 0;
  const playRange = () => {
    const v = video.current;
    if (!v) return;
    v.currentTime = clip.start;
    void v.play();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const from = Number(e.dataTransfer.getData('text/x-clip-index'));
    if (Number.isInteger(from) && from !== index) onDropFrom(from);
  };
  const n = index + 1;
  return (
    <li
      className="clip"
      aria-label={t('clip.label', { n })}
      draggable={editable}
      onDragStart={(e) => e.dataTransfer.setData('text/x-clip-index', String(index))}
      onDragOver={(e) => editable && e.preventDefault()}
      onDrop={onDrop}
      data-index={index}
    >
      <div className="clip-head">
        <span className="drag" aria-hidden="true">⠿</span>
        <strong>{t('clip.label', { n })}</strong> <span className="path">{source?.name}</span>
        <span className="num">
          {formatTime(clip.start)} – {formatTime(clip.end)} ({t('unit.seconds', { s: roundMs(clip.end - clip.start).toFixed(3) })})
        </span>
      </div>
      {clip.clipId && (
        // The slot keeps its height while the strip loads, so rows do not jump.
        <div className="strip-slot">
          {strip && <img className="strip" src={strip.url} width={strip.width} height={strip.height} alt={t('clip.strip', { n })} draggable={false} />}
        </div>
      )}
      {source?.previewUrl ? (
        <video
          ref={video}
          className="preview"
          src={`${source.previewUrl}#t=${clip.start},${clip.end}`}
          preload="metadata"
          controls
          muted
          aria-label={t('clip.preview', { n })}
          onTimeUpdate={(e) => e.currentTarget.currentTime >= clip.end && e.currentTarget.pause()}
        />
      ) : (
        <p className="hint">{t('clip.noPreview')}</p>
      )}
      {clip.reason && <p className="reason">{clip.reason}</p>}
      {editable && (
        <div className="clip-controls" role="group" aria-label={t('clip.controls', { n })}>
          <label>
            {t('clip.start')}
            <input type="number" step={frame} min={0} value={clip.start} onChange={(e) => setStart(Number(e.target.value))} />
          </label>
          <button type="button" onClick={() => setStart(clip.start - frame)}>{t('clip.startBack')}</button>
          <button type="button" onClick={() => setStart(clip.start + frame)}>{t('clip.startForward')}</button>
          <button type="button" onClick={() => setStart(here())} disabled={!source?.previewUrl}>{t('clip.startHere')}</button>
          <label>
            {t('clip.end')}
            <input type="number" step={frame} min={0} value={clip.end} onChange={(e) => setEnd(Number(e.target.value))} />
          </label>
          <button type="button" onClick={() => setEnd(clip.end - frame)}>{t('clip.endBack')}</button>
          <button type="button" onClick={() => setEnd(clip.end + frame)}>{t('clip.endForward')}</button>
          <button type="button" onClick={() => setEnd(here())} disabled={!source?.previewUrl}>{t('clip.endHere')}</button>
          <button type="button" onClick={playRange} disabled={!source?.previewUrl}>{t('clip.play')}</button>
          <button type="button" onClick={() => onMove(index - 1)} disabled={index === 0}>{t('clip.up')}</button>
          <button type="button" onClick={() => onMove(index + 1)} disabled={index === count - 1}>{t('clip.down')}</button>
          <button type="button" className="danger" onClick={onRemove}>{t('clip.remove')}</button>
        </div>
      )}
    </li>
  );
}
