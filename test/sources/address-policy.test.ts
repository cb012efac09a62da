import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/net/address-policy.js';
import { assertPublicHost, publicLookup } from '../../src/net/public-lookup.js';

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['127.0.0.1', false],
    ['127.255.0.1', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.1', false],
    ['192.0.2.1', false],
    ['198.18.0.1', false],
    ['240.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['[::1]', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:169.254.169.254', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['64:ff9b::a00:1', false],
    ['2130706433', false],
    ['not-an-ip', false],
    ['', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe('assertPublicHost', () => {
  it('refuses private literals and names that resolve to loopback', async () => {
    await expect(assertPublicHost('127.0.0.1')).rejects.toMatchObject({ name: 'BlockedAddressError' });
    await expect(assertPublicHost('[::1]')).rejects.toMatchObject({ name: 'BlockedAddressError' });
    await expect(assertPublicHost('localhost')).rejects.toMatchObject({ name: 'BlockedAddressError', host: 'localhost' });
  });

  it('accepts a public literal without DNS', async () => {
    await expect(assertPublicHost('8.8.8.8')).resolves.toBeUndefined();
  });
});

describe('publicLookup', () => {
  const call = (host: string, options: object | number) =>
    new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) =>
      publicLookup(host, options as never, (err, address, family) => resolve({ err, address, family })),
    );

  it('answers in both callback shapes Node uses (all: true for autoSelectFamily, single otherwise)', async () => {
    expect(await call('8.8.8.8', { all: true })).toEqual({ err: null, address: [{ address: '8.8.8.8', family: 4 }], family: undefined });
    expect(await call('8.8.8.8', {})).toEqual({ err: null, address: '8.8.8.8', family: 4 });
    expect(await call('8.8.8.8', 4)).toEqual({ err: null, address: '8.8.8.8', family: 4 });
  });

  it('fails with BlockedAddressError for a name resolving to loopback', async () => {
    const { err } = await call('localhost', { all: true });
    expect(err).toMatchObject({ name: 'BlockedAddressError', host: 'localhost' });
  });
});
