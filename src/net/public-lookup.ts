/**
 * A `dns.lookup` replacement that refuses non-public addresses. Node calls it
 * at connect time, for every connection, so a name that resolves to a public
 * address when checked and to 127.0.0.1 when used (DNS rebinding) is still caught.
 */
import dns from 'node:dns';
import net from 'node:net';
import { isPublicAddress } from './address-policy.js';
import { BlockedAddressError } from './net-errors.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** Drop-in `lookup` for http(s).request / net.connect that fails with BlockedAddressError. */
export function publicLookup(hostname: string, options: dns.LookupOptions | number | LookupCallback, callback?: LookupCallback): void {
  const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
  const opts: dns.LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
  dns.lookup(hostname, { ...opts, all: true }, (err, addresses) => {
    if (err) return cb(err, []);
    // Refuse when any answer is private: connecting may pick any of them.
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return cb(new BlockedAddressError(hostname, bad.address) as NodeJS.ErrnoException, []);
    if (opts.all) return cb(null, addresses);
    const first = addresses[0];
    if (!first) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    cb(null, first.address, first.family);
  });
}

/** Throws BlockedAddressError unless `hostname` is a public IP literal or a name whose every address is public. */
export async function assertPublicHost(hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    if (!isPublicAddress(host)) throw new BlockedAddressError(host, host);
    return;
  }
  const addresses = await dns.promises.lookup(host, { all: true });
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw new BlockedAddressError(host, bad.address);
}
