/** Final Cut Pro XML 1.9: one format and asset per source, one asset-clip per plan clip on the spine, times as exact rational seconds. */
import type { Rate } from './timecode.js';
import type { Timeline } from './timeline-input.js';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** An exact fraction of seconds, as FCPXML writes it ("1001/30000s", "5s"). */
export function fcpTime(num: number, den: number): string {
  if (num === 0) return '0s';
  const g = gcd(Math.abs(num), den);
  return den / g === 1 ? `${num / g}s` : `${num / g}/${den / g}s`;
}

/** `frames` at `rate`, in seconds as a fraction. */
const framesTime = (frames: number, r: Rate): [number, number] => [frames * r.den, r.num];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The timeline as FCPXML text. */
export function toFcpxml(t: Timeline): string {
  const sources = [...new Map(t.clips.map((c) => [c.source.index, c])).values()];
  const resources = sources.flatMap((c) => {
    const s = c.source;
    const [dn, dd] = framesTime(Math.round((s.durationSeconds * c.rate.num) / c.rate.den), c.rate);
    return [
      `    <format id="f${s.index}" frameDuration="${fcpTime(c.rate.den, c.rate.num)}" width="${s.width}" height="${s.height}"/>`,
      `    <asset id="a${s.index}" name="${esc(s.name)}" start="0s" duration="${fcpTime(dn, dd)}" hasVideo="1" hasAudio="${s.hasAudio ? 1 : 0}" format="f${s.index}">`,
      `      <media-rep kind="original-media" src="${esc(s.url)}"/>`,
      '    </asset>',
    ];
  });
  // The offset on the spine is the running sum of exact durations (a common denominator keeps it exact).
  let offNum = 0;
  let offDen = 1;
  const spine = t.clips.map((c) => {
    const [sn, sd] = framesTime(c.inFrame, c.rate);
    const [dn, dd] = framesTime(c.outFrame - c.inFrame, c.rate);
    const line = `          <asset-clip ref="a${c.source.index}" name="${esc(c.source.name)}" offset="${fcpTime(offNum, offDen)}" start="${fcpTime(sn, sd)}" duration="${fcpTime(dn, dd)}"><note>${esc(c.reason)}</note></asset-clip>`;
    const den = (offDen * dd) / gcd(offDen, dd);
    offNum = offNum * (den / offDen) + dn * (den / dd);
    offDen = den;
    return line;
  });
  const seq = t.clips[0]!.source.index;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.9">',
    '  <resources>',
    ...resources,
    '  </resources>',
    '  <library>',
    `    <event name="${esc(t.name)}">`,
    `      <project name="${esc(t.name)}">`,
    `        <sequence format="f${seq}" duration="${fcpTime(offNum, offDen)}" tcStart="0s" tcFormat="${t.rate.den === 1001 && t.rate.num % 30000 === 0 ? 'DF' : 'NDF'}">`,
    '          <spine>',
    ...spine.map((l) => l.replace(/^ {10}/, '            ')),
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
    '',
  ].join('\n');
}
