/** Lookups in a synthesized CloudFormation template, for the CDK tests. */
import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

export interface Resource {
  Type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON; the assertions check its shape
  Properties: Record<string, any>;
  DeletionPolicy?: string;
}
export interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
  Effect: string;
}

export const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, Resource][];
export const only = (template: Template, type: string): Resource => {
  const found = resources(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]![1];
};
export const logicalId = (template: Template, type: string, prefix: string): string => {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]![0];
};
export const fn = (template: Template, prefix: string) =>
  template.toJSON().Resources[logicalId(template, 'AWS::Lambda::Function', prefix)] as Resource;

/** Every statement of the policies attached to a function's role. */
export function statementsOf(template: Template, functionPrefix: string): Statement[] {
  const role = (fn(template, functionPrefix).Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}
export const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
