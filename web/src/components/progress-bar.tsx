/** A fixed-height progress bar with an accessible value; it never changes the layout as it moves. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, value));
  return (
    <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(v)}>
      <div className="fill" style={{ width: `${v}%` }} />
    </div>
  );
}
