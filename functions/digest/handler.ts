/**
 * Lambda entry for the `digest` target of the event rules (shared/events/rules.ts): the schedule's
 * WeeklyDigestDue starts a week and fans out; each DigestDeliveryDue sends one recipient's email.
 */
import { digestTarget } from '../../shared/events/targets.ts';
import { loadSecrets } from '../../shared/runtime/secrets.ts';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';
import { observe, type Telemetry } from '../../shared/runtime/telemetry.ts';

type Deliver = (envelope: unknown) => Promise<void>;

/** The envelope's keys for the log line, read leniently: a malformed event must still be logged. */
function envelopeKeys(envelope: unknown): Record<string, unknown> {
  const e = (typeof envelope === 'object' && envelope !== null ? envelope : {}) as Record<string, unknown>;
  const detail = (typeof e.detail === 'object' && e.detail !== null ? e.detail : {}) as Record<
    string,
    unknown
  >;
  return { eventId: e.id, detailType: e['detail-type'], week: detail.week, recipient: detail.recipient };
}

// A throw makes Lambda retry the asynchronous invocation (the DLQ takes what still fails); the send
// claim keeps a retry from emailing twice. `observe` logs the failure and rethrows.
export const observeDigest = (deliver: Deliver, telemetry?: Telemetry) =>
  observe(
    'digest event',
    async (envelope: unknown, invocation) => {
      invocation.annotate(envelopeKeys(envelope));
      await deliver(envelope);
      invocation.count('DigestEventHandled');
    },
    telemetry,
  );

export const handler = observeDigest(async (envelope) => {
  await loadSecrets();
  await digestTarget(runtimeFromEnv().services)(envelope);
});
