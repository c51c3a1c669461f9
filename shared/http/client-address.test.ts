import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../../test/setup/apigw-event.ts';
import { clientAddress as addressOf, viaOurCloudFront } from './client-address.ts';

// apiGatewayEvent's sourceIp, standing in for the CloudFront edge server.
const EDGE = '198.51.100.1';
const SECRET = 'origin-secret-origin-secret-0123456789';
const viaCloudFront = (address: string, name = 'cloudfront-viewer-address') =>
  apiGatewayEvent({ headers: { [name]: address, 'x-origin-verify': SECRET } });
/** As on AWS: the origin secret is configured. */
const clientAddress = (event: APIGatewayProxyEventV2) => addressOf(event, SECRET);

describe('clientAddress', () => {
  it('takes an IPv4 viewer address from CloudFront, without the port', () => {
    expect(clientAddress(viaCloudFront('203.0.113.7:50123'))).toBe('203.0.113.7');
  });

  it('takes an IPv6 viewer address, which CloudFront sends without brackets', () => {
    expect(clientAddress(viaCloudFront('2001:db8::1:443'))).toBe('2001:db8::1');
    expect(clientAddress(viaCloudFront('2001:db8:85a3::8a2e:370:7334:61000'))).toBe(
      '2001:db8:85a3::8a2e:370:7334',
    );
  });

  it('accepts a bracketed IPv6 address too', () => {
    expect(clientAddress(viaCloudFront('[2001:db8::1]:443'))).toBe('2001:db8::1');
  });

  it('finds the header whatever its case', () => {
    expect(clientAddress(viaCloudFront('203.0.113.7:1', 'CloudFront-Viewer-Address'))).toBe('203.0.113.7');
  });

  it('prefers true-client-ip, set by our CloudFront Function, over cloudfront-viewer-address', () => {
    const event = apiGatewayEvent({
      headers: {
        'true-client-ip': '2001:db8::7',
        'cloudfront-viewer-address': '203.0.113.7:443',
        'x-origin-verify': SECRET,
      },
    });
    expect(clientAddress(event)).toBe('2001:db8::7');
    expect(clientAddress(viaCloudFront('not-an-ip', 'true-client-ip'))).toBe(EDGE);
  });

  it('falls back to sourceIp without the header', () => {
    expect(clientAddress(apiGatewayEvent())).toBe(EDGE);
  });

  it('falls back to sourceIp when the header is not an address', () => {
    for (const junk of ['', 'not-an-ip:443', '203.0.113.7, 10.0.0.1:443', '999.1.1.1:443', '<script>:1'])
      expect(clientAddress(viaCloudFront(junk))).toBe(EDGE);
  });

  it('ignores the address headers on a request without the origin secret, or with a wrong one', () => {
    const forged = { 'true-client-ip': '203.0.113.66', 'cloudfront-viewer-address': '203.0.113.67:1' };
    expect(clientAddress(apiGatewayEvent({ headers: forged }))).toBe(EDGE);
    for (const wrong of ['', 'guess', SECRET.slice(1), `${SECRET} `, SECRET.toUpperCase()]) {
      const event = apiGatewayEvent({ headers: { ...forged, 'x-origin-verify': wrong } });
      expect(clientAddress(event), wrong).toBe(EDGE);
      expect(viaOurCloudFront(event, SECRET), wrong).toBe(false);
    }
  });

  it('never believes the address headers where no origin secret is configured (local runs)', () => {
    const event = viaCloudFront('203.0.113.7', 'true-client-ip');
    for (const none of [undefined, '']) {
      expect(addressOf(event, none)).toBe(EDGE);
      expect(viaOurCloudFront(event, none)).toBe(false);
    }
    expect(viaOurCloudFront(event, SECRET)).toBe(true);
    expect(addressOf(event, SECRET)).toBe('203.0.113.7');
  });
});
