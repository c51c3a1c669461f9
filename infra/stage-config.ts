/**
 * What differs between deployments: read from the CDK context key `hearth:<stage>` (cdk.json, or
 * `--context` on the command line) and checked before anything is synthesized, so a typo in an address
 * fails `npm run synth` with a message instead of a deployed site that cannot send mail.
 */
import * as z from 'zod';

const email = z.email();
/** `Name <address>` or a bare address, as the From of every email. */
const mailbox = z
  .string()
  .regex(/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, {
    message: 'must be an address, optionally with a name: "Hearth <feedback@example.com>"',
  });

export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,20}$/;

export const stageConfigSchema = z
  .object({
    /** The From of every email; its domain becomes the SES identity. */
    mailFrom: mailbox,
    /**
     * `create`: this stage owns the SES identity of the sender's domain. `existing`: another stage (or
     * the console) made it; SES allows one identity per domain and account, so when dev and prod send
     * from the same domain in one account, only one of them creates it.
     */
    mailIdentity: z.enum(['create', 'existing']).default('create'),
    /** These addresses become admins when they sign in: how a new site gets its first admin. */
    adminEmails: z.array(email).default([]),
    digest: z
      .object({
        recipients: z.array(email).default([]),
        /** An EventBridge Scheduler cron expression, evaluated in `timeZone`. */
        schedule: z
          .string()
          .regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, {
            message: 'must be a Scheduler cron expression such as "cron(0 8 ? * MON *)"',
          })
          .default('cron(0 8 ? * MON *)'),
        timeZone: z.string().min(1).default('UTC'),
      })
      .prefault({}),
    /** A custom domain; its certificate must be in us-east-1 (CloudFront's region). */
    domain: z
      .object({
        name: z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, {
          message: 'must be a lower-case host name such as "feedback.example.com"',
        }),
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, {
          message: 'must be the ARN of an ACM certificate in us-east-1',
        }),
      })
      .optional(),
    /** An existing Secrets Manager secret (its ARN) for SSO tokens; by default the stack generates one. */
    ssoSecretArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, {
        message: 'must be the ARN of a Secrets Manager secret',
      })
      .optional(),
    /** Where alarm notifications go. */
    alarmEmail: email.optional(),
    /** An AWS WAF web ACL (scope CLOUDFRONT) to put in front of the distribution. */
    webAclArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/, {
        message: 'must be the ARN of a CLOUDFRONT-scoped WAF web ACL (region us-east-1)',
      })
      .optional(),
  })
  .strict();

export type StageConfig = z.infer<typeof stageConfigSchema>;

export const contextKey = (stage: string) => `hearth:${stage}`;

/** Parses the stage's context value (an object, or JSON text when given with `--context`). */
export function parseStageConfig(stage: string, raw: unknown): StageConfig {
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(
      `Stage must be lower-case letters, digits and dashes (at most 21), got ${JSON.stringify(stage)}.`,
    );
  }
  if (raw === undefined) {
    throw new Error(
      `No configuration for stage "${stage}": add a "${contextKey(stage)}" object to the context in cdk.json (see README, "Deploy").`,
    );
  }
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`Context "${contextKey(stage)}" is not valid JSON.`);
    }
  }
  const parsed = stageConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`Configuration "${contextKey(stage)}" is invalid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** The bare address of the From (`feedback@example.com` of `Hearth <feedback@example.com>`). */
export function senderAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
}

/** The domain part of the From address: what SES must verify. */
export function senderDomain(mailFrom: string): string {
  const address = senderAddress(mailFrom);
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
