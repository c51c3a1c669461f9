/** `npm start`: the whole board on this machine, on real DynamoDB Local, with demo data on first run. */
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { DEMO_CUSTOMER } from '../../shared/demo/identities.ts';
import {
  backfillAnswerRanks,
  backfillThreadRefs,
} from '../../shared/maintenance/backfill-comment-threads.ts';
import { repairLists } from '../../shared/maintenance/repair-lists.ts';
import { SCHEDULED_DRAIN } from '../../shared/services/outbox.ts';
import { JavaMissingError } from './dynamodb-local.ts';
import { startLocalStack } from './stack.ts';

// Lambdas run Node 24 on AWS; local runs on Node 20 are supported, so the SDK's reminder is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? '.data';

// Read before the stack fills in the generated dev secret, to say which secret signs the demo token.
const secretSource = process.env.SSO_SECRET ? 'SSO_SECRET' : `the dev secret in ${dataDir}/dev-sso-secret`;

try {
  const stack = await startLocalStack({ port, dataDir });
  if (!stack.seeded) {
    // Data kept from an earlier run may predate comment pages and the current list layout: bring it up
    // to date, as a deploy's upgrade steps do on AWS (README). Both are idempotent and cheap here.
    await backfillThreadRefs(stack.runtime.db);
    await backfillAnswerRanks(stack.runtime.db);
    await repairLists(stack.runtime.db);
  }
  const token = await signSsoToken(DEMO_CUSTOMER, stack.runtime.config.ssoSecret, {
    expiresInSeconds: 10 * 60,
  });
  console.log(`
  Hearth is running at ${stack.url}

  DynamoDB: ${stack.startedDynamoDb ? `DynamoDB Local (data in ${dataDir}/dynamodb)` : stack.dynamoEndpoint}, table ${stack.runtime.config.tableName}${stack.seeded ? ', demo data seeded' : ''}
  Sign in:  ${stack.url}/dev/sign-in  (one click: the demo customer, staff from product, sales or marketing, or admin)
  Mailbox:  ${stack.url}/dev/mailbox  (the emails Hearth sent, kept as .eml files in ${dataDir}/outbox)
  API:      ${stack.url}/api/openapi.json
            curl -i -X POST ${stack.url}/api/auth/sso -H 'content-type: application/json' \\
              -d '{"token":"${token}"}'
            (a demo customer token: it works once, within 10 minutes; signed with ${secretSource})

  Ctrl-C stops Hearth and DynamoDB Local.
`);
  // The outbox drain that EventBridge schedules on AWS (every 5 minutes there; sooner here, where one is
  // waiting for the email). Unref'd: it never keeps the process alive on its own.
  setInterval(() => {
    stack.runtime.drainOutbox(SCHEDULED_DRAIN).catch((error: unknown) => {
      console.warn('Outbox drain failed:', error);
    });
  }, 60_000).unref();
  // The notification emails that EventBridge schedules on AWS (infra/constructs/notification-mail.ts):
  // every minute, the due batches and then the daily summaries that are due (from the summary hour on).
  const flush = (queue: 'now' | 'daily') =>
    stack.runtime.services.mailFlusher.flush(queue).catch((error: unknown) => {
      console.warn(`Notification mail flush (${queue}) failed:`, error);
    });
  setInterval(() => void flush('now').then(() => flush('daily')), 60_000).unref();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `\nPort ${port} is in use. Stop what uses it, or run with another port: PORT=3001 npm start\n`,
    );
    process.exit(1);
  }
  throw error;
}
