/**
 * Which IP addresses a server-side request may reach. Everything ipaddr.js
 * does not call plain `unicast` is refused: private, loopback, link-local
 * (169.254.169.254, the cloud metadata service), unique-local, CGNAT,
 * reserved, unspecified, broadcast, multicast, NAT64/6to4/Teredo prefixes.
 */
import ipaddr from 'ipaddr.js';

/** True when `ip` is a public unicast address; false for anything else, including garbage. */
export function isPublicAddress(ip: string): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() unwraps ::ffff:a.b.c.d so a mapped loopback counts as loopback.
    addr = ipaddr.process(ip.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
  return addr.range() === 'unicast';
}
