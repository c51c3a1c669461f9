/**
 * The notification mail flush in the synthesized template: one function, one run at a time, on one
 * schedule (every minute, the batches then the daily summaries that are due) that may read the queues,
 * people and what the lines are about, claim in the ledger, clear the queues it sent, and send email;
 * nothing else.
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
  it('runs every minute, one run at a time, for the batches and then the daily summaries', () => {
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
            Input: '{"queues":["now","daily"]}',
          }),
        ],
      }),
    ]);
    // No reserved concurrency: a new account's limit of 10 could not deploy it; overlapping runs are safe.
    expect(fn(dev, 'NotificationMailFunction').Properties.ReservedConcurrentExecutions).toBeUndefined();
    dev.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: flushFunction() },
      MaximumRetryAttempts: 0,
    });
  });

  it('may touch only the queues, the people, posts and boards it reads and the ledger, and cannot Scan', () => {
    const statements = statementsOf(dev, 'NotificationMailFunction');
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const s of dynamo) expect(s.Condition, JSON.stringify(s.Action)).toBeDefined();
    expect(dynamo.flatMap((s) => [s.Action].flat())).not.toContain('dynamodb:Scan');
    expect(dynamo.map((s) => s.Condition)).toEqual([
      {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': ['MAILDUE#*', 'MAILQ#*', 'USER#*', 'POST#*', 'BOARD#*', 'NOTIFIED#*'],
        },
      },
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
