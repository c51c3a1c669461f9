/**
 * On AWS, GET and HEAD go to a Lambda whose role may read and may update only SESSION# items (a session
 * slides); infra/hearth-stack.ts grants exactly that. The guard checks every write a read-only call
 * makes against the same rule, so a GET route that starts writing fails a test before it fails in
 * production with AccessDenied.
 */
import type { Db } from '../../shared/adapters/dynamodb/client.ts';

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export class ReadOnlyGuard {
  /** The GET or HEAD call under way, as `METHOD path`. */
  private current: string | undefined;
  readonly violations: string[] = [];
  /** DynamoDB requests made by read-only calls. */
  calls = 0;
  sessionSlides = 0;

  install(db: Db): void {
    db.raw.middlewareStack.add(
      (next, context) => async (args) => {
        const op = (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? '?';
        if (this.current) {
          this.calls++;
          // The document client's input, not yet marshalled at this step.
          const pk = (args.input as { Key?: { pk?: unknown } }).Key?.pk;
          const sessionUpdate = op === 'UpdateItem' && typeof pk === 'string' && pk.startsWith('SESSION#');
          if (sessionUpdate) this.sessionSlides++;
          if (WRITES.has(op) && !sessionUpdate) this.violations.push(`${this.current}: ${op}`);
        }
        return next(args);
      },
      { step: 'initialize', name: 'readOnlyGuard' },
    );
  }

  /** Runs one API call, watched when its method goes to the read-only function. */
  watch<T>(method: string, path: string, work: () => Promise<T>): Promise<T> {
    this.current = method === 'GET' || method === 'HEAD' ? `${method} ${path}` : undefined;
    return work().finally(() => (this.current = undefined));
  }
}
