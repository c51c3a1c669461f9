/**
 * Companies, upserted one way from three sources: a host product's SSO claim, its back office through
 * `PUT /api/companies/{id}`, and an admin's CSV import. The host product owns the ids; whichever source
 * speaks last sets what it names and leaves the rest (see companyInputSchema).
 */
import type { Actor, Company, CompanySource } from '../domain/types.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import {
  companyIdSchema,
  companyInputSchema,
  companyListQuerySchema,
  parseInput,
  type CompanyInput,
} from '../domain/schemas.ts';
import { readCompanyCsv, type CsvRowError } from '../domain/company-csv.ts';
import type { Clock, CompanyStore, DemandStore } from '../ports/index.ts';
import { requireAdmin, requireStaff } from './policy.ts';

/**
 * The authority of a verified SSO token: the host product vouches for its user's company as it does
 * for their name and email. Only AuthService holds one, right after verifying the token.
 */
export interface SsoClaimAuthority {
  kind: 'ssoClaim';
  tokenId: string;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportRowResult {
  row: number;
  id?: string;
  name?: string;
  /** For a dry run, what would happen; for a real run, what did. */
  outcome: UpsertOutcome | 'error';
  errors?: Omit<CsvRowError, 'row'>[];
}

export interface ImportReport {
  dryRun: boolean;
  rows: ImportRowResult[];
  counts: Record<ImportRowResult['outcome'], number>;
}

/** Optimistic writes retried this often before a 409: enough for any realistic burst on one company. */
const MAX_ATTEMPTS = 5;
/** Writes of a real import in flight at once: quick, without throttling a small table. */
const IMPORT_CONCURRENCY = 8;

export class CompanyService {
  constructor(private readonly deps: { companies: CompanyStore; demand: DemandStore; clock: Clock }) {}

  /** The one upsert: staff and admins through the API, the host product through a signed SSO claim. */
  async upsert(
    actor: Actor | SsoClaimAuthority,
    id: string,
    input: unknown,
  ): Promise<{ company: Company; outcome: UpsertOutcome }> {
    if (actor.kind !== 'ssoClaim') requireStaff(actor, 'change companies');
    const fields = this.parse(id, input);
    return this.write(fields.id, fields.input, actor.kind === 'ssoClaim' ? 'sso' : 'api');
  }

  async get(actor: Actor, id: string): Promise<Company> {
    requireStaff(actor, 'see companies');
    const stored = await this.deps.companies.get(parseInput(companyIdSchema, id));
    if (!stored) throw new NotFoundError('Company');
    return stored.company;
  }

  /** The companies among these ids that exist (the digest's accounts). */
  async getMany(actor: Actor, ids: readonly string[]): Promise<Company[]> {
    requireStaff(actor, 'see companies');
    return ids.length > 0 ? this.deps.companies.getMany(ids) : [];
  }

  async list(actor: Actor, query: unknown): Promise<{ companies: Company[]; nextCursor: string | null }> {
    requireStaff(actor, 'see companies');
    const { limit, cursor } = parseInput(companyListQuerySchema, query ?? {});
    const page = await this.deps.companies.list(limit, cursor);
    return { companies: page.items, nextCursor: page.nextCursor };
  }

  /**
   * Admins' bulk upsert. A dry run reads, compares and writes nothing; a real run upserts the valid
   * rows and reports the others, so a file with a few bad rows need not be fixed all at once.
   */
  async importCsv(actor: Actor, csvText: string, opts: { dryRun: boolean }): Promise<ImportReport> {
    requireAdmin(actor, 'import companies');
    const csv = readCompanyCsv(csvText);
    const results: ImportRowResult[] = csv.errors.map(({ row, field, message }) => ({
      row,
      outcome: 'error',
      errors: [{ field, message }],
    }));
    // Rows with several bad fields arrive as several errors: one result a row.
    const byRow = new Map<number, ImportRowResult>();
    for (const result of results) {
      const seen = byRow.get(result.row);
      if (seen) seen.errors?.push(...(result.errors ?? []));
      else byRow.set(result.row, result);
    }
    if (opts.dryRun) {
      const existing = new Map(
        (await this.deps.companies.getMany(csv.rows.map((r) => r.id))).map((c) => [c.id, c]),
      );
      for (const { row, id, input } of csv.rows) {
        byRow.set(row, { row, id, name: input.name, outcome: previewOutcome(existing.get(id), id, input) });
      }
    } else {
      await forEachLimited(csv.rows, IMPORT_CONCURRENCY, async ({ row, id, input }) => {
        try {
          const { outcome } = await this.write(id, input, 'import');
          byRow.set(row, { row, id, name: input.name, outcome });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          byRow.set(row, { row, id, outcome: 'error', errors: [{ field: 'row', message: error.message }] });
        }
      });
    }
    const rows = [...byRow.values()].sort((a, b) => a.row - b.row);
    const counts = { created: 0, updated: 0, unchanged: 0, error: 0 };
    for (const r of rows) counts[r.outcome]++;
    return { dryRun: opts.dryRun, rows, counts };
  }

  /** The id and the fields in one parse, so that a caller learns of every bad field in one round. */
  private parse(id: string, input: unknown): { id: string; input: CompanyInput } {
    const fields = typeof input === 'object' && input !== null ? input : {};
    const { id: parsedId, ...rest } = parseInput(companyInputSchema.extend({ id: companyIdSchema }), {
      ...fields,
      id,
    });
    return { id: parsedId, input: rest };
  }

  /** Read, merge, write if anything changed, on the version read: a racing write makes it read again. */
  private async write(
    id: string,
    input: CompanyInput,
    source: CompanySource,
  ): Promise<{ company: Company; outcome: UpsertOutcome }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.deps.companies.get(id);
      const before = stored?.company;
      const after = merged(before, id, input, source, this.deps.clock.now().toISOString());
      if (before && sameFacts(before, after)) return { company: before, outcome: 'unchanged' };
      if (await this.deps.companies.put(after, stored?.version ?? null)) {
        // Demand sums each backing company's MRR as it is now, not as it was when its people voted.
        if (before && (before.mrr ?? 0) !== (after.mrr ?? 0))
          await this.deps.demand.reprice(id, after.mrr ?? 0);
        return { company: after, outcome: before ? 'updated' : 'created' };
      }
    }
    throw new ConflictError(`Company ${id} kept changing while it was being saved: try again.`);
  }
}

/** Left out: kept; null: cleared (see companyInputSchema). */
function merged(
  before: Company | undefined,
  id: string,
  input: CompanyInput,
  source: CompanySource,
  now: string,
): Company {
  const pick = <K extends 'mrr' | 'plan' | 'owner'>(key: K): Company[K] =>
    input[key] === null ? undefined : ((input[key] ?? before?.[key]) as Company[K]);
  const mrr = pick('mrr');
  const plan = pick('plan');
  const owner = pick('owner');
  return {
    id,
    name: input.name,
    ...(mrr !== undefined ? { mrr } : {}),
    ...(plan !== undefined ? { plan } : {}),
    ...(owner !== undefined ? { owner } : {}),
    updatedAt: now,
    source,
  };
}

/** What a source says about the company, leaving out when and from where it last changed. */
const sameFacts = (a: Company, b: Company) =>
  a.name === b.name && a.mrr === b.mrr && a.plan === b.plan && a.owner === b.owner;

function previewOutcome(before: Company | undefined, id: string, input: CompanyInput): UpsertOutcome {
  if (!before) return 'created';
  return sameFacts(before, merged(before, id, input, 'import', before.updatedAt)) ? 'unchanged' : 'updated';
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
