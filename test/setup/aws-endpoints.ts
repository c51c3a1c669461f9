/**
 * The AWS services besides DynamoDB that the deployed Lambdas call, answered on localhost so the
 * bundles can run without an account: EventBridge PutEvents, SES v2 SendEmail and Secrets Manager
 * GetSecretValue, each speaking its real wire protocol to the SDK inside the bundle (pointed here by
 * AWS_ENDPOINT_URL_<SERVICE>). Every call is recorded for the test to inspect. It stores and routes
 * nothing: the test hands the recorded events to the notify bundle itself, as EventBridge would.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PutEventsEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: number | string;
}

export interface SentEmail {
  FromEmailAddress: string;
  Destination: { ToAddresses: string[] };
  ConfigurationSetName?: string;
  Content: {
    Simple: {
      Subject: { Data: string };
      Body: { Text: { Data: string }; Html: { Data: string } };
      Headers?: { Name: string; Value: string }[];
    };
  };
}

export interface AwsEndpoints {
  url: string;
  events: PutEventsEntry[];
  emails: SentEmail[];
  secretReads: string[];
  /** Environment variables that send the SDK's calls for these services here. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startAwsEndpoints(secrets: Record<string, string>): Promise<AwsEndpoints> {
  const events: PutEventsEntry[] = [];
  const emails: SentEmail[] = [];
  const secretReads: string[] = [];

  const server: Server = createServer((req, res) => {
    answer(req, res).catch((error: Error) => res.destroy(error));
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}');
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, json: unknown, type = 'application/x-amz-json-1.1') => {
      res.writeHead(status, { 'content-type': type });
      res.end(JSON.stringify(json));
    };
    if (target === 'AWSEvents.PutEvents') {
      const entries = body.Entries as PutEventsEntry[];
      events.push(...entries);
      return reply(200, { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) });
    }
    if (target === 'secretsmanager.GetSecretValue') {
      secretReads.push(body.SecretId);
      const value = secrets[body.SecretId];
      if (value === undefined) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      return reply(200, { ARN: body.SecretId, Name: 'sso', SecretString: value, VersionId: randomUUID() });
    }
    if (req.method === 'POST' && req.url === '/v2/email/outbound-emails') {
      emails.push(body as SentEmail);
      return reply(200, { MessageId: randomUUID() }, 'application/json');
    }
    reply(400, { __type: 'UnknownOperationException', message: `${req.method} ${req.url} ${target}` });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    events,
    emails,
    secretReads,
    env: {
      AWS_ENDPOINT_URL_EVENTBRIDGE: url,
      AWS_ENDPOINT_URL_SESV2: url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
