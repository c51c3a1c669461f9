/** Lambda entry for the `notify` target of the event rules (shared/events/rules.ts). */
import { notifyTarget } from '../../shared/events/targets.ts';
import { loadSecrets } from '../../shared/runtime/secrets.ts';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';
import { observe, type Telemetry } from '../../shared/runtime/telemetry.ts';

type Deliver = (envelope: unknown) => Promise<void>;

/** The envelope's keys for the log line, read leniently: a malformed event must still be logged. */
function envelopeKeys(envelope: unknown): Record<string, unknown> {
  const e = (typeof envelope === 'object' && envelope !== null ? envelope : {}) as Record<string, unknown>;
  return { eventId: e.id, detailType: e['detail-type'] };
}

// A throw makes Lambda retry the asynchronous invocation (a DLQ takes what still fails); the ledger keeps
// a retry from emailing twice. `observe` logs the failure and rethrows.
export const observeNotify = (deliver: Deliver, telemetry?: Telemetry) =>
  observe(
    'domain event',
    async (envelope: unknown, invocation) => {
      invocation.annotate(envelopeKeys(envelope));
      await deliver(envelope);
      invocation.count('NotificationEventHandled');
    },
    telemetry,
  );

export const handler = observeNotify(async (envelope) => {
  await loadSecrets();
  await notifyTarget(runtimeFromEnv().services)(envelope);
});
