/** Smoke run of the GraphQL latency bench with tiny numbers: the rows are there and every number is finite (no timing assertions). */
import { describe, expect, it } from 'vitest';
import { benchGraphqlLatency } from '../../bench/graphql-latency.js';
import { formatTable, markdownTable } from '../../bench/support/table.js';

describe('bench: graphql latency', () => {
  it('measures alternating rounds without and with subscribers, then after, against a real server with a subscriber child process', async () => {
    const rows = await benchGraphqlLatency({ subscriptions: 20, queries: 30, rounds: 2 });
    expect(rows.map((r) => r.variant)).toEqual([
      '(a) 30 batch queries in 2 rounds, no subscriptions',
      '(b) same, 20 graphql-ws subscriptions',
      '(c) 30 batch queries after the subscriptions closed',
    ]);
    for (const r of rows) {
      expect(r.bench).toBe('graphql latency');
      for (const v of [r.wallSeconds, r.p50Ms, r.p99Ms, r.peakMb]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThan(0);
      }
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms!);
    }
    expect(rows[0]!.ratio).toBe('baseline');
    expect(rows[1]!.ratio).toMatch(/^p50 \d+\.\d\d, p99 \d+\.\d\d$/);
    expect(rows[1]!.note).toMatch(/p99 ratio per round \d+\.\d\d, \d+\.\d\d;/);
    // Every subscriber received events while the queries ran, and none failed.
    const got = /subscribers got (\d+) events\/s/.exec(rows[1]!.note ?? '');
    expect(Number(got?.[1])).toBeGreaterThan(0);
    expect(rows[1]!.note).not.toMatch(/subscription errors/);

    const text = formatTable(rows);
    expect(text.split('\n')).toHaveLength(2 + rows.length);
    expect(markdownTable(rows).split('\n')[1]).toMatch(/^\|---\|---\|---:\|/);
  });
});
