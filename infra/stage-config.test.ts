import { describe, expect, it } from 'vitest';
import { contextKey, parseStageConfig, senderDomain, STAGE_PATTERN } from './stage-config.ts';

const minimal = { mailFrom: 'feedback@example.com' };

/** The message of the error `parse` throws (fails the test if it does not throw). */
function errorOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error('expected parseStageConfig to throw');
}

describe('parseStageConfig', () => {
  it('fills in defaults for a minimal config', () => {
    expect(parseStageConfig('dev', minimal)).toEqual({
      mailFrom: 'feedback@example.com',
      mailIdentity: 'create',
      adminEmails: [],
      digest: { recipients: [], schedule: 'cron(0 8 ? * MON *)', timeZone: 'UTC' },
    });
  });

  it('keeps given values, including optional ones', () => {
    const full = {
      mailFrom: 'Hearth <feedback@example.com>',
      mailIdentity: 'existing',
      adminEmails: ['admin@example.com'],
      digest: { recipients: ['team@example.com'], schedule: 'cron(0 9 ? * FRI *)', timeZone: 'Europe/Paris' },
      domain: {
        name: 'feedback.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      },
      ssoSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth-sso-AbCdEf',
      alarmEmail: 'ops@example.com',
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/hearth/0123-abcd',
    };
    expect(parseStageConfig('prod', full)).toEqual(full);
  });

  it('accepts a From with a display name', () => {
    expect(parseStageConfig('dev', { mailFrom: 'Hearth <feedback@example.com>' }).mailFrom).toBe(
      'Hearth <feedback@example.com>',
    );
  });

  it('parses JSON text, as given with `cdk --context hearth:dev=...`', () => {
    const config = parseStageConfig('dev', JSON.stringify({ ...minimal, adminEmails: ['a@example.com'] }));
    expect(config.mailFrom).toBe('feedback@example.com');
    expect(config.adminEmails).toEqual(['a@example.com']);
    expect(config.digest.timeZone).toBe('UTC');
  });

  it('reports invalid JSON text with the context key', () => {
    expect(errorOf(() => parseStageConfig('dev', '{mailFrom: nope'))).toBe(
      'Context "hearth:dev" is not valid JSON.',
    );
  });

  it('reports a missing config with the context key and cdk.json', () => {
    const message = errorOf(() => parseStageConfig('staging', undefined));
    expect(message).toContain('"hearth:staging"');
    expect(message).toContain('cdk.json');
  });

  it.each(['Prod', '1dev', 'a_b', 'a'.repeat(22), '', '-dev'])('rejects the stage name %j', (stage) => {
    expect(STAGE_PATTERN.test(stage)).toBe(false);
    expect(errorOf(() => parseStageConfig(stage, minimal))).toMatch(/^Stage must be lower-case/);
  });

  it.each(['dev', 'prod', 'pr-42', 'a'.repeat(21)])('accepts the stage name %j', (stage) => {
    expect(STAGE_PATTERN.test(stage)).toBe(true);
    expect(parseStageConfig(stage, minimal).mailFrom).toBe('feedback@example.com');
  });

  it('checks the stage name before looking at the config', () => {
    expect(errorOf(() => parseStageConfig('Prod', undefined))).toMatch(/^Stage must be/);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['mailFrom without @', { mailFrom: 'feedback.example.com' }, 'mailFrom: must be an address'],
    [
      'mailFrom with a bad bracketed address',
      { mailFrom: 'Hearth <feedback>' },
      'mailFrom: must be an address',
    ],
    [
      'adminEmails with a non-address',
      { ...minimal, adminEmails: ['a@example.com', 'bob'] },
      'adminEmails.1:',
    ],
    [
      'digest.recipients with a non-address',
      { ...minimal, digest: { recipients: ['x'] } },
      'digest.recipients.0:',
    ],
    [
      'a rate() schedule',
      { ...minimal, digest: { schedule: 'rate(7 days)' } },
      'digest.schedule: must be a Scheduler cron',
    ],
    ['an empty timeZone', { ...minimal, digest: { timeZone: '' } }, 'digest.timeZone:'],
    [
      'a certificate outside us-east-1',
      {
        ...minimal,
        domain: {
          name: 'feedback.example.com',
          certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
        },
      },
      'domain.certificateArn: must be the ARN of an ACM certificate in us-east-1',
    ],
    [
      'an upper-case domain name',
      {
        ...minimal,
        domain: {
          name: 'Feedback.Example.com',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x',
        },
      },
      'domain.name: must be a lower-case host name',
    ],
    [
      'an ssoSecretArn that is not an ARN',
      { ...minimal, ssoSecretArn: 'hearth-sso' },
      'ssoSecretArn: must be the ARN',
    ],
    [
      'a regional web ACL',
      { ...minimal, webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/hearth/0123-abcd' },
      'webAclArn: must be the ARN of a CLOUDFRONT-scoped WAF web ACL',
    ],
    ['a bad alarmEmail', { ...minimal, alarmEmail: 'ops' }, 'alarmEmail:'],
  ])('reports %s with the field path', (_, raw, expected) => {
    const message = errorOf(() => parseStageConfig('dev', raw));
    expect(message).toMatch(/^Configuration "hearth:dev" is invalid:\n/);
    expect(message).toContain(`  ${expected}`);
  });

  it('rejects unknown keys, such as a mis-capitalized mailfrom', () => {
    const message = errorOf(() => parseStageConfig('dev', { mailfrom: 'feedback@example.com' }));
    expect(message).toContain('  (root): Unrecognized key: "mailfrom"');
    // The misspelling also leaves the real field missing.
    expect(message).toContain('  mailFrom:');
  });

  it('rejects a config that is not an object', () => {
    expect(errorOf(() => parseStageConfig('dev', '"feedback@example.com"'))).toContain('(root):');
    expect(errorOf(() => parseStageConfig('dev', null))).toContain('(root):');
  });

  it('reports several problems together in one error', () => {
    const message = errorOf(() =>
      parseStageConfig('dev', {
        mailFrom: 'nope',
        adminEmails: ['bob'],
        digest: { schedule: 'rate(7 days)' },
        ssoSecretArn: 'secret',
      }),
    );
    const lines = message.split('\n');
    expect(lines[0]).toBe('Configuration "hearth:dev" is invalid:');
    for (const path of ['mailFrom', 'adminEmails.0', 'digest.schedule', 'ssoSecretArn']) {
      expect(lines.some((line) => line.startsWith(`  ${path}: `))).toBe(true);
    }
    expect(lines).toHaveLength(5);
  });
});

describe('contextKey', () => {
  it('is hearth:<stage>', () => {
    expect(contextKey('dev')).toBe('hearth:dev');
  });
});

describe('senderDomain', () => {
  it('takes the lower-cased domain of a named address', () => {
    expect(senderDomain('Hearth <Feedback@Example.COM>')).toBe('example.com');
  });

  it('takes the domain of a bare address', () => {
    expect(senderDomain('feedback@mail.example.com')).toBe('mail.example.com');
  });
});
