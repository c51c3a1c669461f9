/**
 * An HTTP proxy in front of DynamoDB Local that injects the faults real DynamoDB has under load, per
 * request and deterministically (a seeded PRNG, so a failing run can be replayed):
 * - throttling (400 ThrottlingException or ProvisionedThroughputExceededException) or a 500
 *   InternalServerError, answered BEFORE forwarding: nothing was stored;
 * - the same errors answered AFTER forwarding: DynamoDB stored the write, but the client sees an error
 *   (the case that makes a retry duplicate what was already done).
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'throttleBefore' | 'serverErrorBefore' | 'throttleAfter' | 'serverErrorAfter';
const FAULTS: readonly Fault[] = ['throttleBefore', 'serverErrorBefore', 'throttleAfter', 'serverErrorAfter'];

export interface FaultProxy {
  endpoint: string;
  /** Faults are injected only while enabled (off at start, so a test can set up its data first). */
  enabled: boolean;
  /** How many requests got each fault, and how many passed untouched. */
  stats: Record<Fault | 'forwarded', number>;
  close(): Promise<void>;
}

/** mulberry32: small, fast and good enough to spread faults; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const errorBody = (type: string, message: string) =>
  JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(target: URL, req: IncomingMessage, body: Buffer) {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
    (resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (res) => {
          readBody(res).then(
            (b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    },
  );
}

export async function startFaultProxy(
  targetEndpoint: string,
  { seed, faultRate }: { seed: number; faultRate: number },
): Promise<FaultProxy> {
  const target = new URL(targetEndpoint);
  const random = seededRandom(seed);
  const stats: FaultProxy['stats'] = {
    forwarded: 0,
    throttleBefore: 0,
    serverErrorBefore: 0,
    throttleAfter: 0,
    serverErrorAfter: 0,
  };
  const proxy: FaultProxy = { endpoint: '', enabled: false, stats, close: async () => {} };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      // Both draws are made for every request, so the sequence does not depend on which faults came up.
      const roll = random();
      const pick = random();
      const fault = proxy.enabled && roll < faultRate ? FAULTS[Math.floor(pick * FAULTS.length)] : undefined;
      const answer = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(text);
      };
      const throttle = () =>
        answer(
          400,
          pick < 0.125
            ? errorBody(
                'ProvisionedThroughputExceededException',
                'The level of configured provisioned throughput for the table was exceeded.',
              )
            : errorBody('ThrottlingException', 'Rate of requests exceeds the allowed throughput.'),
        );
      const serverError = () => answer(500, errorBody('InternalServerError', 'Internal server error'));
      if (fault) stats[fault]++;
      else stats.forwarded++;
      if (fault === 'throttleBefore') return throttle();
      if (fault === 'serverErrorBefore') return serverError();
      const real = await forward(target, req, body);
      if (fault === 'throttleAfter') return throttle();
      if (fault === 'serverErrorAfter') return serverError();
      res.writeHead(real.status, real.headers);
      res.end(real.body);
    })().catch((error: unknown) => {
      res.writeHead(502);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return proxy;
}
