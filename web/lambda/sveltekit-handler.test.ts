import { describe, expect, it } from 'vitest';
import { apiGatewayEvent, type EventInput } from '../../test/setup/apigw-event.ts';
import { toRequest, toResult } from './sveltekit-handler.ts';

const event = (input: EventInput = {}) =>
  apiGatewayEvent({
    path: '/b/ideas',
    ...input,
    headers: { 'x-forwarded-proto': 'https', ...input.headers },
  });

describe('SvelteKit Lambda event conversion', () => {
  it('builds the URL from the forwarded scheme and host, with the query string', () => {
    const req = toRequest(
      event({
        query: 'sort=new&cursor=a%2Bb',
        headers: { host: 'x.execute-api', 'x-forwarded-host': 'board.example', 'x-forwarded-proto': 'http' },
      }),
    );
    expect(req.url).toBe('http://board.example/b/ideas?sort=new&cursor=a%2Bb');
  });

  it('rejoins the cookies API Gateway split out', () => {
    const req = toRequest(event({ cookies: ['a=1', 'hearth_session=xyz'] }));
    expect(req.headers.get('cookie')).toBe('a=1; hearth_session=xyz');
  });

  it('passes a form post body, plain or base64-encoded', async () => {
    const form = 'title=Hello+world&body=%C3%A9t%C3%A9';
    const plain = toRequest(
      event({
        method: 'POST',
        body: form,
        headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect((await plain.formData()).get('body')).toBe('été');
    const encoded = toRequest(
      event({
        method: 'POST',
        body: Buffer.from(form).toString('base64'),
        isBase64Encoded: true,
        headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect((await encoded.formData()).get('title')).toBe('Hello world');
  });

  it('returns each Set-Cookie separately', async () => {
    const headers = new Headers({ 'content-type': 'text/html' });
    headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
    headers.append('set-cookie', 'b=2, with comma; Path=/');
    const result = await toResult(new Response('<p>hi</p>', { headers }));
    expect(result.cookies).toEqual(['a=1; Path=/; HttpOnly', 'b=2, with comma; Path=/']);
    expect(result.headers?.['set-cookie']).toBeUndefined();
    expect(result.body).toBe('<p>hi</p>');
    expect(result.isBase64Encoded).toBe(false);
  });

  it('keeps redirects as they are', async () => {
    const result = await toResult(new Response(null, { status: 303, headers: { location: '/p/123' } }));
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe('/p/123');
  });

  it('base64-encodes binary bodies', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const result = await toResult(new Response(bytes, { headers: { 'content-type': 'image/png' } }));
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64')).toEqual(Buffer.from(bytes));
  });
});
