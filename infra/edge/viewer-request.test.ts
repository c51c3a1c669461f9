import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

interface QueryValue {
  value: string;
  multiValue?: { value: string }[];
}
interface CfRequest {
  method: string;
  uri: string;
  querystring: Record<string, QueryValue>;
  headers: Record<string, { value: string }>;
  cookies: Record<string, { value: string }>;
}
type Handler = (event: unknown) => CfRequest;

// Evaluated the way CloudFront sees it: the file's text on its own, with no module system around it.
const source = readFileSync(new URL('./viewer-request.js', import.meta.url), 'utf8');
const handler = vm.runInNewContext(`${source}\n;handler`, {}) as Handler;

const run = (request: Partial<CfRequest>) =>
  handler({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '203.0.113.7' },
    request: {
      method: 'GET',
      uri: '/',
      querystring: {},
      headers: { host: { value: 'board.example' } },
      cookies: {},
      ...request,
    },
  });

// What CloudFront sends on to the origin: each key with its value, or once per entry of multiValue.
const rebuild = (querystring: Record<string, QueryValue>) =>
  Object.entries(querystring)
    .flatMap(([key, { value, multiValue }]) =>
      (multiValue ?? [{ value }]).map((entry) => (entry.value === '' ? key : `${key}=${entry.value}`)),
    )
    .join('&');

describe('viewer-request CloudFront Function', () => {
  it('re-encodes a named form action key and keeps its value', () => {
    const request = run({ method: 'POST', uri: '/p/1', querystring: { '/create': { value: '' } } });
    expect(Object.keys(request.querystring)).toEqual(['%2Fcreate']);
    expect(request.querystring['%2Fcreate']).toEqual({ value: '' });
  });

  it('leaves other keys and multi-value keys as they are', () => {
    const tags = { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] };
    const request = run({
      querystring: {
        '/vote': { value: 'up' },
        sort: { value: 'top' },
        cursor: { value: 'a%2Bb' },
        tag: tags,
      },
    });
    expect(JSON.parse(JSON.stringify(request.querystring))).toEqual({
      '%2Fvote': { value: 'up' },
      sort: { value: 'top' },
      cursor: { value: 'a%2Bb' },
      tag: tags,
    });
  });

  it('gives SvelteKit back the action name it reads from url.searchParams', () => {
    const request = run({
      method: 'POST',
      querystring: {
        '/comment': { value: '' },
        tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] },
      },
    });
    const query = rebuild(request.querystring);
    expect(query).not.toContain('/');
    const params = new URL(`https://h/p?${query}`).searchParams;
    expect([...params.keys()][0]).toBe('/comment');
    expect(params.getAll('tag')).toEqual(['a', 'b']);
  });

  it('copies the viewer host into x-forwarded-host, replacing a spoofed one', () => {
    expect(run({}).headers['x-forwarded-host']).toEqual({ value: 'board.example' });
    const spoofed = run({
      headers: { host: { value: 'board.example' }, 'x-forwarded-host': { value: 'evil.example' } },
    });
    expect(spoofed.headers['x-forwarded-host']).toEqual({ value: 'board.example' });
  });

  it('drops a viewer-sent x-forwarded-host when there is no host to copy', () => {
    const request = run({ headers: { 'x-forwarded-host': { value: 'evil.example' } } });
    expect(request.headers['x-forwarded-host']).toBeUndefined();
  });

  it('sets true-client-ip to the viewer address, replacing a spoofed one', () => {
    const out = run({
      headers: { host: { value: 'board.example' }, 'true-client-ip': { value: '10.0.0.1' } },
    });
    expect(out.headers['true-client-ip']).toEqual({ value: '203.0.113.7' });
  });

  it('returns the request itself, with method, uri and cookies unchanged', () => {
    const request = run({ method: 'POST', uri: '/b/ideas', cookies: { hearth_session: { value: 'x' } } });
    expect(request).toMatchObject({
      method: 'POST',
      uri: '/b/ideas',
      cookies: { hearth_session: { value: 'x' } },
    });
  });
});
