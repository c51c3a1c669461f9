/** Lambda entry for the `notify` target of the event rules (shared/events/rules.ts). */
import { notifyTarget } from '../../shared/events/targets.ts';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';

// A throw makes Lambda retry the asynchronous invocation; the ledger keeps a retry from emailing twice.
export const handler = async (event: unknown): Promise<void> =>
  notifyTarget(runtimeFromEnv().services)(event);
