/**
 * The notification mail flush in the synthesized template: one function on two schedules (the batches
 * every minute, the daily summaries once a day) that may read the queues and people, claim in the
 * ledger, clear the queues it sent, and send email; nothing else.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthHearth, TEST_STAGE_CONFIG, type Synthesized } from '../setup/synth.ts';
import { fn, logicalId, resources, statementsOf } from '../setup/template-queries.ts';

let synth: Synthesized;
let dev: Template;

beforeAll(() => {
  synth = synthHearth({ stages: { dev: TEST_STAGE_CONFIG } });
  dev = synth.templates.dev!;
}, 120_000);
afterAll(() => synth?.cleanup());

const flushFunction = () => logicalId(dev, 'AWS::Lambda::Function', 'NotificationMailFunction');

describe('notification mail', () => {
  it('runs every minute for the batches and once a day for the summaries, each naming its queue', () => {
    const rules = resources(dev, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties)
      .filter((r) => String(r.Name).includes('-notification-'));
    expect(rules).toEqual([
      expect.objectContaining({
        Name: 'hearth-dev-notification-batches',
        ScheduleExpression: 'rate(1 minute)',
        Targets: [
          expect.objectContaining({
            Arn: { 'Fn::GetAtt': [flushFunction(), 'Arn'] },
            Input: '{"queue":"now"}',
          }),
        ],
      }),
      expect.objectContaining({
        Name: 'hearth-dev-notification-daily',
        ScheduleExpression: 'cron(0 7 * * ? *)',
        Targets: [expect.objectContaining({ Input: '{"queue":"daily"}' })],
      }),
    ]);
    dev.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: flushFunction() },
      MaximumRetryAttempts: 0,
    });
  });

  it('may touch only the queues, the people it reads and the ledger, and cannot Scan', () => {
    const statements = statementsOf(dev, 'NotificationMailFunction');
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const s of dynamo) expect(s.Condition, JSON.stringify(s.Action)).toBeDefined();
    expect(dynamo.flatMap((s) => [s.Action].flat())).not.toContain('dynamodb:Scan');
    expect(dynamo.map((s) => s.Condition)).toEqual([
      { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MAILDUE#*', 'MAILQ#*', 'USER#*'] } },
      { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NOTIFIED#*'] } },
      { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MAILQ#*', 'MAILDUE#*'] } },
    ]);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('ses:SendEmail');
    expect(actions).not.toContain('events:PutEvents');
    expect(fn(dev, 'NotificationMailFunction').Properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'notify-mail',
    });
  });
});
