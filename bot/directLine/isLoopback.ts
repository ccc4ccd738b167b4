import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  return isIP(address) === 6 && /^(0{0,4}:){1,7}0{0,3}1$/.test(address);
}

/**
 * Whether a request comes from this machine, for the unauthenticated bot → channel endpoint of local mode.
 * A request relayed by a reverse proxy on the same host arrives from loopback too, so any forwarding header
 * makes it remote: only the bot talking to itself directly is let through.
 */
export function isLocalRequest(req: { socket: { remoteAddress?: string | undefined }; headers: IncomingHttpHeaders }): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  return isLoopbackAddress(req.socket.remoteAddress);
}
