/**
 * The outbox drain in the synthesized template: a function on a five-minute schedule that may read and
 * delete outbox items and put events on the stage bus, and nothing else.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
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

const outboxFunction = () => logicalId(dev, 'AWS::Lambda::Function', 'OutboxFunction');

describe('outbox drain', () => {
  it('runs every five minutes from a schedule on the default bus, without Lambda retries of its own', () => {
    const rules = resources(dev, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties)
      // The notification mail's schedules: cdk-notification-mail.test.ts.
      .filter((r) => r.ScheduleExpression && !String(r.Name).includes('-notification-'));
    expect(rules).toEqual([
      expect.objectContaining({
        Name: 'hearth-dev-outbox-drain',
        ScheduleExpression: 'rate(5 minutes)',
        State: 'ENABLED',
        Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [outboxFunction(), 'Arn'] } })],
      }),
    ]);
    expect(rules[0]).not.toHaveProperty('EventBusName');
    dev.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: outboxFunction() },
      MaximumRetryAttempts: 0,
    });
    dev.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [outboxFunction(), 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });

  it('is built like the other functions and knows only the table and the bus', () => {
    const props = fn(dev, 'OutboxFunction').Properties;
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Timeout).toBe(60);
    expect(props.LoggingConfig.LogGroup).toBeDefined();
    expect(props.Environment.Variables).toEqual({
      POWERTOOLS_SERVICE_NAME: 'outbox',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      TABLE_NAME: { Ref: logicalId(dev, 'AWS::DynamoDB::GlobalTable', 'Table') },
      EVENT_BUS_NAME: { Ref: logicalId(dev, 'AWS::Events::EventBus', 'EventsBus') },
    });
  });

  it('may only query and delete outbox items and put events on the stage bus', () => {
    const statements = statementsOf(dev, 'OutboxFunction');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:Query', 'events:PutEvents']);
    expect(statements.find((s) => [s.Action].flat().includes('dynamodb:Query'))).toMatchObject({
      Resource: { 'Fn::GetAtt': [logicalId(dev, 'AWS::DynamoDB::GlobalTable', 'Table'), 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } },
    });
    expect(statements.find((s) => s.Action === 'events:PutEvents')?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(dev, 'AWS::Events::EventBus', 'EventsBus'), 'Arn'],
    });
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.app);
    const findings = report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? ''}`))
      .filter((finding) => finding.includes('/Outbox/'));
    expect(findings).toEqual([]);
  });
});
