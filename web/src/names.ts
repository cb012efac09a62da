/** How a source is named on screen: its file name, without the random prefix an upload's id carries. */
export function displayName(source: string): string {
  const base = source.split('/').pop() ?? source;
  return base.replace(/^[0-9a-f]{32}-/, '');
}
