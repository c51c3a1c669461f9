import { describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../../test/setup/apigw-event.ts';
import { clientAddress } from './client-address.ts';

// apiGatewayEvent's sourceIp, standing in for the CloudFront edge server.
const EDGE = '198.51.100.1';
const viaCloudFront = (address: string, name = 'cloudfront-viewer-address') =>
  apiGatewayEvent({ headers: { [name]: address } });

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
      headers: { 'true-client-ip': '2001:db8::7', 'cloudfront-viewer-address': '203.0.113.7:443' },
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
});
