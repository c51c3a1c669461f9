/**
 * cdk-nag (AwsSolutions) findings Hearth accepts, each with its reason. Each acknowledgement sits on
 * the construct it is about and, for IAM findings, names the exact wildcard it allows, so a new finding
 * anywhere else still fails `npm run synth` and the tests.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { HearthStack } from './hearth-stack.ts';

const acknowledge = (scope: IConstruct, findings: Record<string, string>) => {
  for (const [id, reason] of Object.entries(findings)) Validations.of(scope).acknowledge({ id, reason });
};

const BASIC_EXECUTION_ROLE =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

export function applyNagSuppressions(stack: HearthStack): void {
  // cdk-nag writes the account and region into finding ids when they are known at synth.
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const tableIndexes = `AwsSolutions-IAM5[Resource::<${Stack.of(stack).getLogicalId(stack.table.node.defaultChild as never)}.Arn>/index/*]`;
  for (const fn of [
    stack.apiReadFunction,
    stack.apiWriteFunction,
    stack.webFunction,
    stack.notifyFunction,
    stack.digestFunction,
  ]) {
    acknowledge(fn, {
      [BASIC_EXECUTION_ROLE]:
        'The AWS-managed basic execution role only lets the function write its own logs; a hand-written copy would say the same.',
      [tableIndexes]:
        'Queries on the table’s indexes (gsi1, byVotes, byTrend), all of which the board lists and profiles read; the actions granted there are reads only.',
    });
  }

  for (const fn of [stack.outbox.function, stack.notificationMail.function]) {
    acknowledge(fn, {
      [BASIC_EXECUTION_ROLE]:
        'The AWS-managed basic execution role only lets the function write its own logs; a hand-written copy would say the same.',
    });
  }

  for (const fn of [
    stack.apiWriteFunction,
    stack.webFunction,
    stack.notifyFunction,
    stack.digestFunction,
    stack.notificationMail.function,
  ]) {
    acknowledge(fn, {
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:${region}:${account}:identity/*]`]:
        'In the SES sandbox, SES also authorizes each verified recipient identity; the statement is limited to the stage’s own From address by an ses:FromAddress condition.',
    });
  }

  acknowledge(stack.ssoSecret, {
    'AwsSolutions-SMG4':
      'The host product signs SSO tokens with this key, so rotating it needs a coordinated change on both sides; it is rotated by hand (README, "Deploy").',
  });
  acknowledge(stack.secrets, {
    'AwsSolutions-SMG4':
      'It holds the SSO key (rotated with the host product) and the origin value, which CloudFront reads at deploy time, so a rotation needs a redeploy; it is rotated by hand (README, "Deploy").',
  });
  // CDK's AwsCustomResource function, which asks Secrets Manager for the origin value once, at creation.
  for (const child of stack.node.children.filter((c) =>
    c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd'),
  )) {
    acknowledge(child, {
      [BASIC_EXECUTION_ROLE]: 'CDK’s AwsCustomResource function only writes its own logs with this policy.',
      'AwsSolutions-L1': 'The AwsCustomResource runtime is chosen by aws-cdk-lib and updated with it.',
    });
  }
  if (stack.node.tryFindChild('OriginSecretValue')) {
    acknowledge(stack.node.findChild('OriginSecretValue'), {
      'AwsSolutions-IAM5[Resource::*]':
        'secretsmanager:GetRandomPassword has no resource to scope it to; it generates a value and reads nothing.',
    });
  }
  acknowledge(stack.events.deadLetters, {
    'AwsSolutions-SQS3':
      'This queue is itself the dead-letter queue of the event rules and the digest schedule (EventBridge target DLQs, which cdk-nag cannot see).',
  });
  // The API's routes (under the HttpApi) and the `$default` pages route.
  for (const scope of [stack.api, stack.pagesRoute]) {
    acknowledge(scope, {
      'AwsSolutions-APIG4':
        'Authorization is decided per request by the domain services (session cookie, roles); pages and most reads are public on purpose.',
    });
  }

  acknowledge(stack.web.bucket, {
    'AwsSolutions-S1':
      'The bucket holds only the public build output and is read only by CloudFront; its access would be logged twice for nothing.',
  });
  acknowledge(stack.web.distribution, {
    'AwsSolutions-CFR1': 'A feedback board serves customers wherever they are; there is no country to block.',
    'AwsSolutions-CFR3':
      'Every dynamic request is logged by the HTTP API access log and the Lambdas; hashed static files need no log of their own.',
    ...(stack.config.webAclArn
      ? {}
      : {
          'AwsSolutions-CFR2':
            'Rate limits are enforced per user and per address in the app; a WAF web ACL can be attached with `webAclArn` in the stage config.',
        }),
    ...(stack.config.domain
      ? {}
      : {
          'AwsSolutions-CFR4':
            'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose TLS policy cannot be changed; with `domain` set, TLS 1.2 (2021) is the minimum.',
        }),
  });

  // CDK's own asset-upload function (BucketDeployment); its code and permissions are CDK's.
  for (const child of stack.node.children.filter((c) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  )) {
    acknowledge(child, {
      [BASIC_EXECUTION_ROLE]: 'CDK’s BucketDeployment function only writes its own logs with this policy.',
      'AwsSolutions-L1': 'The BucketDeployment runtime is chosen by aws-cdk-lib and updated with it.',
      'AwsSolutions-IAM5[Action::s3:GetObject*]':
        'BucketDeployment reads the uploaded build from the CDK asset bucket.',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]':
        'BucketDeployment reads the uploaded build from the CDK asset bucket.',
      'AwsSolutions-IAM5[Action::s3:List*]':
        'BucketDeployment lists the asset and the destination bucket to sync them.',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]':
        'BucketDeployment replaces files in the web asset bucket.',
      'AwsSolutions-IAM5[Action::s3:Abort*]': 'BucketDeployment aborts its own failed multipart uploads.',
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*]`]:
        'The CDK bootstrap asset bucket, where the build is staged.',
      [`AwsSolutions-IAM5[Resource::<${Stack.of(stack).getLogicalId(stack.web.bucket.node.defaultChild as never)}.Arn>/*]`]:
        'The web asset bucket it deploys to, and nothing else.',
      'AwsSolutions-IAM5[Resource::*]':
        'CloudFront invalidations cannot be scoped to a distribution in BucketDeployment’s policy.',
    });
  }
}
